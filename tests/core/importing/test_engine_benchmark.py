"""The import engine benchmark script still runs end to end (tiny sizes, sandbox in a child)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "import_engine.py"


def test_engine_benchmark_runs_against_a_sandbox_in_another_process() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "2000", "--latency-rows", "1000", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=100,  # below the suite's per-test timeout: this fails alone, the run goes on
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "sandbox in a process" in out
    assert out.count("(a)/(b) = ") == 2  # with and without prefetch
    assert "with 200 ms latency" in out
    assert "two in flight" in out
