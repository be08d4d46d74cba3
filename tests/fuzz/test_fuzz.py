"""A short fuzzing run in the suite, and every crash fuzzing found, kept as a regression."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz import harness
from tests.hostile import run

CRASHES = Path(__file__).parent / "crashes"
ROOT = Path(__file__).resolve().parents[2]


def test_a_short_fuzzing_run_finds_no_crash(tmp_path: Path) -> None:
    tried = harness.run(5.0, tmp_path)
    assert tried > 20


_READ = (
    "import sys\n"
    "from plandocket_desktop.core import reading\n"
    "from plandocket_desktop.core.errors import SourceError\n"
    "try:\n"
    "    reading.list_sheets(sys.argv[1]); reading.read_table(sys.argv[1])\n"
    "except SourceError as exc:\n"
    "    print(exc.kind)\n"
)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("ole2_calamine_abort.xlsx", id="damaged-xls-aborts-calamine"),
    ],
)
def test_crash_found_by_fuzzing_is_a_sentence_now(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _READ, str(CRASHES / name)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        preexec_fn=run.limit_address_space if sys.platform == "linux" else None,
    )
    assert result.returncode == 0, result.stderr[-1000:]
    assert result.stderr == ""
    assert result.stdout.strip() == "corrupt"  # the child died; the reader says "damaged"
