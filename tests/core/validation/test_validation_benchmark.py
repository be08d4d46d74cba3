"""The validation benchmark script still runs (on a tiny file)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "validation.py"


def test_benchmark_script_runs_on_a_small_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = importlib.util.spec_from_file_location("validation_benchmark", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    code = module.main(["--rows", "3000", "--repeat", "1", "--file", str(tmp_path / "b.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert "map + validate / pandas read:" in out
    assert "edit_cell" in out
    assert "'errors': 0" not in out  # the generated file has planted problems
