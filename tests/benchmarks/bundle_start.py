"""Start-up of the frozen app vs the same app run from the venv: process start to wizard shown.

    python tests/benchmarks/bundle_start.py [--bundle dist/plandocket-desktop] [--runs 7]

Both are started the same way (a fresh process, offscreen, an empty app home) and write the
moment their wizard is on screen into the file named by ``PLANDOCKET_STARTUP_PROBE``; the
time counts from just before the process was started. Runs alternate, so a busy machine
slows both alike; the venv reads cached bytecode (one warm-up run each), as after an install.
Target: frozen / venv <= 1.3. Prints the medians, the ratio and JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_CODE = "import sys, plandocket_desktop.ui.app as a; sys.exit(a.main([]))"


def start_once(command: list[str], env: dict[str, str], probe: Path) -> float:
    probe.unlink(missing_ok=True)
    started = time.time()
    subprocess.run(command, env={**env, "PLANDOCKET_STARTUP_PROBE": str(probe)}, check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    return float(probe.read_text().strip()) - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "plandocket-desktop")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    suffix = ".exe" if sys.platform == "win32" else ""
    exe = args.bundle / f"plandocket-desktop{suffix}"
    if not exe.is_file():
        print(f"No bundle at {exe}: run packaging/build.py first.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANDOCKET_HOME=str(home / "home"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        venv_env = dict(env, PYTHONPYCACHEPREFIX=str(home / "pycache"), PYTHONPATH=str(ROOT))
        frozen_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}
        commands = {
            "venv": ([sys.executable, "-c", VENV_CODE], venv_env),
            "frozen": ([str(exe)], frozen_env),
        }
        times: dict[str, list[float]] = {"venv": [], "frozen": []}
        for round_ in range(args.runs + 1):
            for name, (command, run_env) in commands.items():
                seconds = start_once(command, run_env, home / "probe.txt")
                if round_:  # round 0 warms the bytecode cache and the file cache
                    times[name].append(seconds)
    venv, frozen = statistics.median(times["venv"]), statistics.median(times["frozen"])
    result = {
        "venv_s": round(venv, 3),
        "frozen_s": round(frozen, 3),
        "ratio": round(frozen / venv, 2),
        "venv_min_s": round(min(times["venv"]), 3),
        "frozen_min_s": round(min(times["frozen"]), 3),
        "runs": args.runs,
    }
    print(f"venv   {venv:.3f} s (median of {args.runs})")
    print(f"frozen {frozen:.3f} s")
    print(f"ratio  {frozen / venv:.2f} (target <= 1.3)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
