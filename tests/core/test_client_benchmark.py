"""The client overhead benchmark script still runs (a few rounds; its figures are not judged)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "client_overhead.py"


def test_client_benchmark_script_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("client_overhead_benchmark", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--records", "50", "--rounds", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("one batch of 50 records, 3 rounds, medians")
    assert out.count("(a)/(b): ") == 2  # answers by index and by email
    assert out.count("PlandocketClient.bulk_import") == 2
