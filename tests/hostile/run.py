"""Run ``plandocket-import inspect FILE --json`` on each hostile file, bounded as a user's
machine would be: a 1.5 GB address-space limit and a 20 s deadline (a script and a helper).

    .venv/bin/python -m tests.hostile.run [--only TEXT] [--markdown]

prints, per case, the outcome (read or the error kind), the seconds and the peak memory; with
``--markdown`` the README's table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ADDRESS_SPACE = 1_500_000_000
DEADLINE_S = 20.0
ROOT = Path(__file__).resolve().parents[2]
_CLI = "from plandocket_desktop.cli import program; program()"


@dataclass
class Result:
    outcome: str  # "read", an error kind, "timeout" or "crash (signal/exit)"
    exit_code: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


def limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _limit() -> None:
    limit_address_space()
    os.setsid()


def inspect(path: Path) -> Result:
    """One bounded run of the command line on ``path``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": ""}
    env.pop("PYTHONFAULTHANDLER")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-c", _CLI, "inspect", str(path), "--json"],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
            preexec_fn=_limit,  # a limit for this child only
        )
        deadline = start + DEADLINE_S
        status = None
        usage = None
        while time.perf_counter() < deadline:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
        else:
            os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
            status = None
        process.returncode = 0  # reaped above
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss / 1024 if usage is not None else 0.0
    if status is None:
        return Result("timeout", -1, seconds, peak, stdout, stderr)
    if os.WIFSIGNALED(status):
        code = -os.WTERMSIG(status)
        return Result(f"crash (signal {-code})", code, seconds, peak, stdout, stderr)
    code = os.WEXITSTATUS(status)
    outcome = f"crash (exit {code})"
    try:
        answer = json.loads(stdout)
    except ValueError:
        answer = None
    if code == 0 and isinstance(answer, dict) and "rows" in answer:
        outcome = "read"
    elif code == 2 and isinstance(answer, dict) and "error" in answer:
        outcome = str(answer["error"]["kind"])
    return Result(outcome, code, seconds, peak, stdout, stderr)


def main() -> int:
    from tests.hostile.cases import CASES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="cases whose name contains this text")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        if args.markdown:
            print("| file | outcome | seconds | peak MB |\n|---|---|---:|---:|")
        for i, (name, (build, allowed)) in enumerate(CASES.items()):
            if args.only.lower() not in name.lower():
                continue
            case_dir = Path(folder) / str(i)
            case_dir.mkdir()
            result = inspect(build(case_dir))
            ok = result.outcome in allowed and not _foreign_stderr(result)
            failures += not ok
            if args.markdown:
                print(
                    f"| {name} | {result.outcome} | {result.seconds:.1f} | {result.peak_mb:.0f} |"
                )
            else:
                mark = "ok " if ok else "BAD"
                print(
                    f"{mark} {name:<45} {result.outcome:<18} {result.seconds:6.1f} s"
                    f" {result.peak_mb:6.0f} MB",
                    flush=True,
                )
                if not ok:
                    print("    stderr:", result.stderr[-600:].replace("\n", "\n    "))
    return 1 if failures else 0


def _foreign_stderr(result: Result) -> bool:
    """Anything on stderr except our own one-line message."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return any(not line.startswith("plandocket-import: ") for line in lines)


if __name__ == "__main__":
    sys.exit(main())
