"""Properties: text tables survive a CSV round trip; no input raises anything but SourceError."""

from __future__ import annotations

import codecs
import contextlib
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _csv as reading_csv
from plandocket_desktop.core.reading import _read as reading

DELIMITERS = [",", ";", "\t", "|"]
# Letters, digits, punctuation, umlauts and accents, quotes and line breaks. Candidate
# delimiters other than the file's own are left out: a table whose cells all hold ';' is
# genuinely ambiguous to any reader.
PLAIN = "abcxyzABCXYZ0129 .-@'()/&+äöüÄÖÜßéç"
HEADER_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜäöüß0123456789-. "
# In cp1252 the bytes of the euro sign and the en dash can follow "Ä" or "ß" as a valid
# UTF-8 pair, so cp1252 files leave them out (no reader can tell such a pair from UTF-8).
WIDE_ONLY = "€–"  # noqa: RUF001
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "cp1252"]

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


def to_csv(rows: list[list[str]], delimiter: str, line_end: str) -> str:
    """CSV as Excel writes it. (The csv module leaves a lone CR unquoted when lines end in LF.)"""

    def quoted(cell: str) -> str:
        if any(ch in cell for ch in (delimiter, '"', "\r", "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(quoted(c) for c in row) + line_end for row in rows)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]], str, str, str]:
    delimiter = draw(st.sampled_from(DELIMITERS))
    encoding = draw(st.sampled_from(ENCODINGS))
    alphabet = PLAIN + delimiter + '"\n\r'
    if encoding != "cp1252":
        alphabet += WIDE_ONLY
    width = draw(st.integers(min_value=1, max_value=6))
    header = draw(
        st.lists(
            st.text(HEADER_CHARS, min_size=1, max_size=12)
            .map(lambda s: " ".join(s.split()))
            .filter(bool),
            min_size=width,
            max_size=width,
            unique=True,
        )
    )
    rows = draw(
        st.lists(
            st.lists(st.text(alphabet, max_size=15), min_size=width, max_size=width),
            max_size=15,
        )
    )
    line_end = draw(st.sampled_from(["\r\n", "\n"]))
    return header, rows, delimiter, encoding, line_end


@pytest.mark.parametrize("path_kind", ["exact", "fast"])
@SETTINGS
@given(case=tables())
def test_any_text_table_reads_back_identically(
    case: tuple[list[str], list[list[str]], str, str, str],
    path_kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    header, rows, delimiter, encoding, line_end = case
    data = _encode(to_csv([header, *rows], delimiter, line_end), encoding)
    if path_kind == "fast":
        monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        path.write_bytes(data)
        table = reading.read_table(path)
    kept = [(i + 2, row) for i, row in enumerate(rows) if any(c.strip() for c in row)]
    assert table.columns == header
    assert [table.row(i) for i in range(table.n_rows)] == [row for _, row in kept]
    assert [table.row_number(i) for i in range(table.n_rows)] == [n for n, _ in kept]
    assert table.source.header_row == 0
    assert not table.source.warnings
    if len(header) > 1:
        assert table.source.delimiter == delimiter


SOURCE_ERROR_KINDS = {"empty", "corrupt", "encrypted", "unsupported", "no_sheet"}


def assert_table_or_source_error(outcome: object) -> None:
    """A file is read into a table with columns, or refused with a sentence for the user."""
    if isinstance(outcome, SourceError):
        assert outcome.kind in SOURCE_ERROR_KINDS
        assert str(outcome).strip()
    else:
        assert isinstance(outcome, Table)
        assert outcome.n_cols >= 1
        assert len(outcome.columns) == outcome.n_cols


MAGIC = [
    b"",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    b"%PDF",
    b"\x89PNG",
]


@SETTINGS
@given(
    prefix=st.sampled_from(MAGIC),
    body=st.binary(max_size=3000),
    suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".xls", ".ods", ".xlsm", ".bin", ""]),
    fast=st.booleans(),
)
def test_random_bytes_raise_only_source_errors(
    prefix: bytes, body: bytes, suffix: str, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0 if fast else 1 << 40)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"random{suffix}"
        path.write_bytes(prefix + body)
        outcome: object
        try:
            outcome = reading.read_table(path)
        except SourceError as exc:
            outcome = exc
        assert_table_or_source_error(outcome)
        with contextlib.suppress(SourceError):
            sheets = reading.list_sheets(path)
            assert isinstance(sheets, list)


def test_ragged_rows_stay_on_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    exact = reading_csv._exact_read

    def spy(*args: object, **kwargs: object) -> object:
        calls.append("exact")
        return exact(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading_csv, "_exact_read", spy)
    monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0)
    clean = tmp_path / "clean.csv"
    clean.write_text("a,b\n1,2\n3,4\n")
    assert reading.read_table(clean).n_rows == 2
    ragged = tmp_path / "ragged.csv"
    ragged.write_text('a,b\n1,2\n3,4,5\n"x\ny"\n6,7\n')
    table = reading.read_table(ragged)
    assert calls == []  # neither file needs the csv module
    assert [table.row(i) for i in range(table.n_rows)] == [
        ["1", "2", ""],
        ["3", "4", "5"],
        ["x\ny", "", ""],
        ["6", "7", ""],
    ]
    assert "Rows 3 and 4" in table.source.warnings[0]


@SETTINGS
@given(
    rows=st.lists(
        st.lists(st.text('ab ,\n"', max_size=4), min_size=0, max_size=5), min_size=1, max_size=25
    ),
    header_width=st.integers(min_value=1, max_value=4),
)
def test_fast_and_exact_paths_agree_on_any_csv(
    rows: list[list[str]], header_width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ragged rows, blank lines, quoted line breaks: both paths give the same table."""
    header = [f"H{i}" for i in range(header_width)]
    text = to_csv([header, *rows], ",", "\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.csv"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 1 << 40)
        exact = reading.read_table(path)
        monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0)
        fast = reading.read_table(path)
    assert fast.columns == exact.columns
    assert [fast.row(i) for i in range(fast.n_rows)] == [exact.row(i) for i in range(exact.n_rows)]
    assert fast.row_numbers.equals(exact.row_numbers)
    assert fast.source.warnings == exact.source.warnings
    assert fast.source.empty_rows_dropped == exact.source.empty_rows_dropped
    assert fast.source.empty_columns_dropped == exact.source.empty_columns_dropped


def _small_workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Email", "PLZ", "Seit"])
    sheet.append(["a@b.de", 1067, 45000])
    sheet["B2"].number_format = "00000"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _small_ods() -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    sheet = OdsTable(name="S")
    for values in (["Mail", "Nr"], ["a@b.de", "7"]):
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    doc.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


WORKBOOKS = {
    ".xlsx": _small_workbook(),
    ".ods": _small_ods(),
    ".xls": (Path(__file__).resolve().parents[2] / "fixtures" / "legacy_members.xls").read_bytes(),
}


@pytest.mark.parametrize("suffix", list(WORKBOOKS))
@SETTINGS
@given(
    cuts=st.lists(st.floats(min_value=0, max_value=1, exclude_max=True), max_size=8),
    noise=st.binary(min_size=1, max_size=8),
    keep=st.floats(min_value=0.05, max_value=1),
)
def test_damaged_workbooks_raise_only_source_errors(
    suffix: str, cuts: list[float], noise: bytes, keep: float
) -> None:
    original = WORKBOOKS[suffix]
    data = bytearray(original[: max(1, int(len(original) * keep))])
    for cut in cuts:
        position = int(cut * len(data))
        data[position : position + len(noise)] = noise
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"damaged{suffix}"
        path.write_bytes(bytes(data))
        outcome: object
        try:
            outcome = reading.read_table(path)
        except SourceError as exc:
            outcome = exc
        assert_table_or_source_error(outcome)


LEGACY_COLUMNS = ["No.", "Name", "Postcode", "Amount", "Joined", "Last visit", "Active", "Email"]
LEGACY_COLUMNS += ["PLZ"]


@pytest.mark.parametrize(
    ("suffix", "columns", "rows", "first"),
    [
        pytest.param(".xlsx", ["Email", "PLZ", "Seit"], 1, "a@b.de", id="xlsx"),
        pytest.param(".ods", ["Mail", "Nr"], 1, "a@b.de", id="ods"),
        pytest.param(".xls", LEGACY_COLUMNS, 3, "10234", id="xls"),
    ],
)
def test_the_undamaged_workbooks_read(
    suffix: str, columns: list[str], rows: int, first: str, tmp_path: Path
) -> None:
    """The damage test starts from files that read: refusing everything would pass it."""
    path = tmp_path / f"whole{suffix}"
    path.write_bytes(WORKBOOKS[suffix])
    table = reading.read_table(path)
    assert table.columns == columns
    assert table.n_rows == rows
    assert table.row(0)[0] == first
