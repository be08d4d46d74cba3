"""Hostile and broken files end quickly with a sentence, never a traceback or a native panic.

The cases that need bounds (bombs, huge cells, long lines, far-apart cells, a pipe) run the
real command line in a child process under a 1.5 GB address-space limit and a 20 s deadline;
the rest are read in this process, where the wizard reads them too.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from plandocket_desktop.core import reading
from plandocket_desktop.core.errors import SourceError
from tests.hostile import run
from tests.hostile.cases import CASES, READ

_BOUNDED_WORDS = ("bomb", "entries", "laughs", "entity", "nested", "dimension", "XFD", "strings",
                  "30 MB", "100 MB", "100,000", "4 MB", "2 MB", "FIFO")  # fmt: skip
BOUNDED = [name for name in CASES if any(word in name for word in _BOUNDED_WORDS)]
IN_PROCESS = [name for name in CASES if name not in BOUNDED]


@pytest.mark.skipif(sys.platform != "linux", reason="address-space limits and FIFOs: Linux")
@pytest.mark.parametrize("name", BOUNDED)
def test_inspect_stays_bounded(name: str, tmp_path: Path) -> None:
    build, allowed = CASES[name]
    result = run.inspect(build(tmp_path))
    assert result.outcome in allowed, (result.outcome, result.stderr[-2000:])
    assert result.seconds < run.DEADLINE_S
    assert "Traceback" not in result.stderr
    assert not run._foreign_stderr(result), result.stderr[-2000:]


@pytest.mark.parametrize("name", IN_PROCESS)
def test_read_table_gives_a_sentence(name: str, tmp_path: Path) -> None:
    build, allowed = CASES[name]
    path = build(tmp_path)
    try:
        table = reading.read_table(path)
    except SourceError as exc:
        error: SourceError | None = exc
    else:
        error = None
        assert READ in allowed
        assert table.columns
    if error is not None:
        assert error.kind in allowed, (error.kind, str(error))
        assert path.name in str(error) or "file" in str(error).lower()


def test_far_corner_is_refused_naming_its_size(tmp_path: Path) -> None:
    from tests.hostile import cases

    with pytest.raises(SourceError) as caught:
        reading.read_table(cases.xlsx_far_corner(tmp_path))
    assert caught.value.kind == "too_large"
    assert "1,048,576 rows" in str(caught.value)


def test_lying_zip_bomb_is_refused_by_its_real_size(tmp_path: Path) -> None:
    from tests.hostile import cases

    with pytest.raises(SourceError) as caught:
        reading.list_sheets(cases.xlsx_bomb_lying(tmp_path))
    assert caught.value.kind == "too_large"
    assert "zip bomb" in str(caught.value)


def test_workbook_named_for_another_format_is_read(tmp_path: Path) -> None:
    from tests.hostile import cases

    path = tmp_path / "calc.xls"
    path.write_bytes(cases.valid_ods())
    table = reading.read_table(path)
    assert table.source.format == "ods"
    assert table.columns == ["E-Mail", "Name"]
    assert table.n_rows == 5


def test_native_panic_is_not_printed(capfd: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.hostile import cases

    data = cases.valid_xls()
    path = tmp_path / "cut.xls"
    path.write_bytes(data[: int(len(data) * 0.97)])
    with pytest.raises(SourceError):
        reading.read_table(path)
    captured = capfd.readouterr()
    assert "panicked" not in captured.err
    assert "backtrace" not in captured.err
