"""Ragged rows of a large CSV: placed by the threaded read, the same table as the csv module."""

from __future__ import annotations

from pathlib import Path

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.reading import _csv as reading_csv
from plandocket_desktop.core.reading import _read as reading


def _rows(table: Table) -> list[list[str]]:
    return [table.row(i) for i in range(table.n_rows)]


def _numbers(table: Table) -> list[int]:
    return [table.row_number(i) for i in range(table.n_rows)]


def fast_and_exact(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Table, Table, list[bool]]:
    """The fast read (and whether each pyarrow read was serial), then the exact one."""
    serial: list[bool] = []
    arrow_read = reading_csv._arrow_read

    def spy(*args: object, **kwargs: object) -> object:
        serial.append(bool(kwargs["serial"]))
        return arrow_read(*args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(reading_csv, "_arrow_read", spy)
        patch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0)
        fast = reading.read_table(path)
    with monkeypatch.context() as patch:
        patch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 1 << 40)
        exact = reading.read_table(path)
    return fast, exact, serial


def _lines(count: int) -> list[str]:
    return [f'{i},"Müller, Anna",Köln {i % 7},"sagt ""hallo"""' for i in range(count)]


@pytest.mark.parametrize(
    ("encoding", "end"),
    [
        pytest.param("utf-8", "\n", id="utf-8-lf"),
        pytest.param("utf-8-sig", "\r\n", id="utf-8-bom-crlf"),
        pytest.param("cp1252", "\r\n", id="cp1252-crlf"),
    ],
)
def test_ragged_rows_over_many_blocks_are_placed_without_a_serial_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, end: str
) -> None:
    lines = ["Titel der Liste", "Nr,Name,Ort,Notiz", *_lines(60_000)]  # about 3 MB, 3+ blocks
    for at in (2, 9_999, 10_000, 31_337, 59_000):
        lines[at] += ",zu viel"
    lines[20_000] = "nur,zwei"
    lines[40_000] = lines[41_000] = "7,gleich,gleich,gleich,gleich"  # the same text twice
    lines[45_000] = ""  # a blank line is a ragged row to pyarrow too
    lines[-1] = "letzte,Zeile,ohne,Zeilenende,!"
    path = tmp_path / "big.csv"
    path.write_bytes((end.join(lines)).encode(encoding))  # no line break after the last row
    assert path.stat().st_size > 2 << 20

    fast, exact, serial = fast_and_exact(path, monkeypatch)

    assert serial == [False]  # one threaded read, nothing read twice
    assert fast.columns == exact.columns
    assert _rows(fast) == _rows(exact)
    assert _numbers(fast) == _numbers(exact)
    assert fast.source.warnings == exact.source.warnings
    assert fast.row(0)[4] == "zu viel"
    assert fast.row(41_000 - 2)[1] == "gleich"  # a title line and the header above
    assert fast.row_number(41_000 - 2) == 41_001


def test_a_cell_spanning_lines_sends_ragged_rows_to_the_serial_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["Nr,Name,Ort,Notiz", *_lines(30_000)]
    lines[5] += ",zu viel"
    lines[20_000] = '20000,"zwei\nZeilen",Ort,Notiz'
    lines[25_000] += ",zu viel"
    path = tmp_path / "spans.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode())

    fast, exact, serial = fast_and_exact(path, monkeypatch)

    assert serial[-1] is True  # line breaks no longer count records
    assert _rows(fast) == _rows(exact)
    assert _numbers(fast) == _numbers(exact)
    assert fast.source.warnings == exact.source.warnings
    assert fast.row(20_000 - 1)[1] == "zwei\nZeilen"


def test_lone_carriage_returns_send_ragged_rows_to_the_serial_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["Nr,Name,Ort,Notiz", *_lines(20_000)]
    lines[3] += ",zu viel"
    text = "\n".join(lines[:10_000]) + "\r" + "\n".join(lines[10_000:]) + "\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(text.encode())

    fast, exact, serial = fast_and_exact(path, monkeypatch)

    assert serial[-1] is True
    assert _rows(fast) == _rows(exact)
    assert _numbers(fast) == _numbers(exact)


def test_an_unterminated_quote_in_a_large_file_loses_no_row(tmp_path: Path) -> None:
    # pyarrow's block-parallel read restarts at block edges after an unterminated quote and
    # dropped rows silently; the serial read gives the rest of the file to that one cell.
    lines = ["email,name", *(f"r{i}@x.de,N{i}" for i in range(9)), 'p@x.de,"un']
    lines += [f"s{i}@x.de,M{i}" for i in range(120_000)]
    path = tmp_path / "unterminated.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 2 * 1024 * 1024  # several of pyarrow's blocks
    table = reading.read_table(path)
    assert table.n_rows == 10
    last = table.cell(9, 1)
    assert last.startswith("un\ns0@x.de,M0")
    assert last.rstrip().endswith("s119999@x.de,M119999")
