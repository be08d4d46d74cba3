"""The file read beside pyarrow: quotes counted in pieces, a file changed while read."""

from __future__ import annotations

from pathlib import Path

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.reading import _csv as reading_csv
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.reading import _stream as reading_stream
from tests.core.reading.test_ragged import fast_and_exact


def _rows(table: Table) -> list[list[str]]:
    return [table.row(i) for i in range(table.n_rows)]


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 64])
def test_quotes_are_counted_across_piece_edges(tmp_path: Path, piece: int) -> None:
    data = b'h\n"a""b",c\n""\n"x\ny"\n"' + b"z" * 61 + b'"'
    path = tmp_path / "quotes.csv"
    path.write_bytes(data)
    for start in (0, 2, 5):
        counted = reading_stream.count_quotes(path, start, len(data), piece)
        assert counted == data.count(b'"', start)


def test_a_quote_count_of_another_length_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "grown.csv"
    path.write_bytes(b'a,"b"\n')
    assert reading_stream.count_quotes(path, 0, 5) is None  # it grew by a byte
    assert reading_stream.count_quotes(path, 0, 7) is None  # it shrank by a byte
    assert reading_stream.count_quotes(path, 0, 6) == 2


def _big(rows: int) -> str:
    return "Nr,Name,Ort\n" + "".join(f'{i},"Müller, Anna",Köln\n' for i in range(rows))


def test_a_file_changed_while_read_is_read_again_as_it_is_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "changing.csv"
    path.write_text(_big(20_000), encoding="utf-8")
    read_safely = reading_csv._arrow_read_safely

    def then_appended(*args: object, **kwargs: object) -> object:
        result = read_safely(*args, **kwargs)  # type: ignore[arg-type]
        with path.open("a", encoding="utf-8") as stream:
            stream.write("20000,Neu,Berlin\n")  # another program adds a row meanwhile
        return result

    monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0)
    monkeypatch.setattr(reading_csv, "_arrow_read_safely", then_appended)
    table = reading.read_table(path)
    assert table.n_rows == 20_001  # the fast read's 20,000 rows were not kept
    assert table.row(20_000) == ["20000", "Neu", "Berlin"]
    assert table.row_number(20_000) == 20_002


def test_a_ragged_row_near_the_end_of_a_file_read_by_pyarrow_is_placed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _big(60_000) + "60000,ohne Ende,Köln,zu viel"  # the last row: ragged, no line end
    path = tmp_path / "ragged_end.csv"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > reading_csv.HEAD_BYTES  # pyarrow reads the file itself
    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was loaded whole"))
        fast, exact, serial = fast_and_exact(path, monkeypatch)
    assert serial == [False]  # placed by its text, not numbered by a serial read
    assert _rows(fast) == _rows(exact)
    assert fast.row(60_000) == ["60000", "ohne Ende", "Köln", "zu viel"]
    assert fast.row_number(60_000) == 60_002
    assert fast.source.warnings == exact.source.warnings


def test_a_file_without_ragged_rows_is_never_loaded_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(_big(60_000), encoding="utf-8")
    monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0)
    monkeypatch.setattr(reading_stream.Path, "read_bytes", lambda self: pytest.fail("loaded whole"))
    table = reading.read_table(path)
    assert table.n_rows == 60_000
