"""Reading delimited text files, recognising formats and refusing unreadable files."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _csv as reading_csv
from plandocket_desktop.core.reading import _read as reading

GERMAN = "\n".join(
    [
        "Kundennummer;Name;Straße;Ort",
        "00123;Müller;Hauptstraße 1;Köln",
        "00457;Weiß;Gärtnerweg 2;Gießen",
        "",
    ]
)


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def rows(table: Table) -> list[list[str]]:
    return [table.row(i) for i in range(table.n_rows)]


def numbers(table: Table) -> list[int]:
    return [table.row_number(i) for i in range(table.n_rows)]


@pytest.fixture(params=["exact", "fast"])
def both_paths(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once through the csv module and once through the pyarrow fast path."""
    if request.param == "fast":
        monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0)
    return str(request.param)


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "codec", "expected"),
    [
        pytest.param(b"", "utf-8", "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8, "utf-8", "utf-8-sig", id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le", id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be", id="utf-16-be-bom"),
        pytest.param(b"", "cp1252", "cp1252", id="cp1252"),
    ],
)
def test_encodings_are_detected(
    tmp_path: Path, both_paths: str, prefix: bytes, codec: str, expected: str
) -> None:
    path = write(tmp_path, "k.csv", prefix + GERMAN.encode(codec))
    table = reading.read_table(path)
    assert table.source.encoding == expected
    assert table.columns == ["Kundennummer", "Name", "Straße", "Ort"]
    assert rows(table) == [
        ["00123", "Müller", "Hauptstraße 1", "Köln"],
        ["00457", "Weiß", "Gärtnerweg 2", "Gießen"],
    ]


def test_short_cp1252_german_text_is_not_taken_for_another_code_page(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", "Name;Ort\nJürgen Groß;Düsseldorf\n", "cp1252")
    table = reading.read_table(path)
    assert table.source.encoding == "cp1252"
    assert table.row(0) == ["Jürgen Groß", "Düsseldorf"]


def test_euro_and_dash_in_cp1252(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", "Betrag;Notiz\n50 €;Halle 4 \u2013 Stand 2\n", "cp1252")
    assert reading.read_table(path).row(0) == ["50 €", "Halle 4 \u2013 Stand 2"]


def test_utf8_start_with_cp1252_later_falls_back(tmp_path: Path, both_paths: str) -> None:
    filler = "".join(f"{i};plain ascii text\n" for i in range(30000))
    data = ("No;Text\n" + filler).encode() + "99;Grüße aus Köln\n".encode("cp1252")
    assert len(data) > reading_csv.HEAD_BYTES
    table = reading.read_table(write(tmp_path, "late.csv", data))
    assert table.source.encoding == "cp1252"
    assert table.row(table.n_rows - 1) == ["99", "Grüße aus Köln"]
    assert table.n_rows == 30001


# --- delimiters, quoting, row numbers -------------------------------------------------------


@pytest.mark.parametrize(
    "delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"]
)
def test_delimiters_are_detected(tmp_path: Path, both_paths: str, delimiter: str) -> None:
    other = ";" if delimiter == "," else ","
    lines = [["Name", "Note", "City"], ["Anna", f"a{other}b", "Köln"], ["Ben", "x", "Bonn"]]
    text = "\n".join(delimiter.join(line) for line in lines) + "\n"
    table = reading.read_table(write(tmp_path, "d.txt", text))
    assert table.source.delimiter == delimiter
    assert rows(table) == lines[1:]


def test_quoted_delimiters_and_line_breaks_keep_row_numbers(
    tmp_path: Path, both_paths: str
) -> None:
    text = (
        "Name,Notes,City\r\n"
        '"Smith, John","line one\r\nline two\r\nline three",Leeds\r\n'
        'Anna,"said ""hi""",Köln\r\n'
        '"Ben","",Bonn\r\n'
    )
    table = reading.read_table(write(tmp_path, "q.csv", text))
    assert rows(table) == [
        ["Smith, John", "line one\r\nline two\r\nline three", "Leeds"],
        ["Anna", 'said "hi"', "Köln"],
        ["Ben", "", "Bonn"],
    ]
    assert numbers(table) == [2, 3, 4]


def test_leading_zeros_and_number_like_text_stay_as_written(
    tmp_path: Path, both_paths: str
) -> None:
    text = "PLZ,Kd,Phone,Amount,Flag\n01067,000457,+4930123,1.50,true\n"
    table = reading.read_table(write(tmp_path, "z.csv", text))
    assert table.row(0) == ["01067", "000457", "+4930123", "1.50", "true"]


def test_ragged_rows_keep_every_cell_and_are_named(tmp_path: Path, both_paths: str) -> None:
    text = "A,B,C\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"
    table = reading.read_table(write(tmp_path, "r.csv", text))
    assert table.columns == ["A", "B", "C", "Column 4"]
    assert rows(table) == [
        ["1", "2", "3", ""],
        ["4", "5", "", ""],
        ["6", "7", "8", "9"],
        ["10", "11", "12", ""],
    ]
    assert numbers(table) == [2, 3, 4, 5]
    assert len(table.source.warnings) == 1
    assert "Rows 3 and 4" in table.source.warnings[0]


def test_blank_lines_and_empty_rows_are_dropped_and_counted(
    tmp_path: Path, both_paths: str
) -> None:
    text = "A,B\n1,2\n\n,\n  , \n3,4\n\n"
    table = reading.read_table(write(tmp_path, "b.csv", text))
    assert rows(table) == [["1", "2"], ["3", "4"]]
    assert numbers(table) == [2, 6]
    assert table.source.empty_rows_dropped == [3, 4, 5, 7]


def test_trailing_empty_columns_are_dropped_and_counted(tmp_path: Path, both_paths: str) -> None:
    text = "A;B;;\n1;2;;\n3;4;;\n"
    table = reading.read_table(write(tmp_path, "t.csv", text))
    assert table.columns == ["A", "B"]
    assert table.source.empty_columns_dropped == 2


def test_title_lines_above_the_header_are_skipped(tmp_path: Path, both_paths: str) -> None:
    text = (
        "Teilnehmerliste Sommerfest 2025\n"
        "Stand: 01.06.2025, vertraulich\n"
        "\n"
        "E-Mail;Vorname;Nachname;Firma\n"
        "a@b.de;Anna;Arndt;ACME\n"
        "c@d.de;Carl;Claus;\n"
    )
    table = reading.read_table(write(tmp_path, "t.csv", text))
    assert table.source.header_row == 3
    assert table.source.header_detected
    assert table.columns == ["E-Mail", "Vorname", "Nachname", "Firma"]
    assert numbers(table) == [5, 6]


def test_header_row_can_be_chosen(tmp_path: Path, both_paths: str) -> None:
    text = "A,B\nx,y\n1,2\n"
    table = reading.read_table(write(tmp_path, "h.csv", text), header_row=1)
    assert table.columns == ["x", "y"]
    assert not table.source.header_detected
    assert table.source.header_row == 1
    assert rows(table) == [["1", "2"]]
    assert numbers(table) == [3]


def test_header_row_past_the_end_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        reading.read_table(write(tmp_path, "h.csv", "A,B\n1,2\n"), header_row=9)


def test_duplicate_and_blank_header_names_become_unique(tmp_path: Path, both_paths: str) -> None:
    text = "Email,Name,,Email, Email ,Column 3\n1,2,3,4,5,6\n"
    table = reading.read_table(write(tmp_path, "n.csv", text))
    assert table.columns == ["Email", "Name", "Column 3", "Email (2)", "Email (3)", "Column 3 (2)"]


def test_header_only_gives_zero_rows(tmp_path: Path, both_paths: str) -> None:
    table = reading.read_table(write(tmp_path, "h.csv", "E-Mail;Vorname;Nachname\r\n"))
    assert table.n_rows == 0
    assert table.columns == ["E-Mail", "Vorname", "Nachname"]


def test_a_very_long_cell_is_read(tmp_path: Path, both_paths: str) -> None:
    long = "x" * 300_000
    table = reading.read_table(write(tmp_path, "l.csv", f'A,B\n1,"{long}"\n'))
    assert table.cell(0, 1) == long


def test_fast_and_exact_paths_agree_on_a_large_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["Title line", "", "Email,Name,Notes"]
    for i in range(40000):
        note = f'"multi\nline {i}"' if i % 997 == 0 else f"n{i}"
        extra = ",surplus" if i % 3001 == 7 else ""
        lines.append(f"u{i}@example.com,Näme {i},{note}{extra}")
        if i % 5000 == 0:
            lines.append(",,")
    path = write(tmp_path, "big.csv", "\r\n".join(lines) + "\r\n")
    fast = reading.read_table(path)
    assert path.stat().st_size > reading_csv.FAST_PATH_MIN_BYTES
    monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 1 << 40)
    exact = reading.read_table(path)
    assert fast.columns == exact.columns == ["Email", "Name", "Notes", "Column 4"]
    assert fast.source.warnings == exact.source.warnings
    assert "have a different number of cells" in fast.source.warnings[0]
    assert fast.arrow.equals(exact.arrow)
    assert fast.row_numbers.equals(exact.row_numbers)
    assert (
        fast.source.empty_rows_dropped
        == exact.source.empty_rows_dropped
        == [5 + 5001 * k for k in range(8)]
    )
    assert fast.n_rows == 40000
    assert fast.row_number(0) == 4


# --- formats from content --------------------------------------------------------------------


def test_a_csv_named_xls_is_read_as_csv(tmp_path: Path) -> None:
    table = reading.read_table(write(tmp_path, "export.xls", GERMAN))
    assert table.source.format == "csv"
    assert table.source.delimiter == ";"
    assert reading.list_sheets(tmp_path / "export.xls") == []


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        reading.read_table(write(tmp_path, "e.csv", b""))
    assert caught.value.kind == "empty"


@pytest.mark.parametrize("content", [b"\r\n\r\n", codecs.BOM_UTF8 + b"  \n", b";;;\n;;\n"])
def test_file_without_any_cell_is_empty(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        reading.read_table(write(tmp_path, "e.csv", content))
    assert caught.value.kind == "empty"


def test_png_named_xlsx_is_corrupt(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(SourceError) as caught:
        reading.read_table(write(tmp_path, "photo.xlsx", png))
    assert caught.value.kind == "corrupt"
    assert "photo.xlsx" in str(caught.value)


def test_binary_named_csv_is_corrupt(tmp_path: Path) -> None:
    data = bytes((i * 37 + 11) % 256 for i in range(4000))
    with pytest.raises(SourceError) as caught:
        reading.read_table(write(tmp_path, "data.csv", data))
    assert caught.value.kind == "corrupt"


def test_pdf_is_unsupported(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        reading.read_table(write(tmp_path, "list.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))
    assert caught.value.kind == "unsupported"


def test_numbers_file_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "list.numbers"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Index/Document.iwa", b"\x00" * 100)
    with pytest.raises(SourceError) as caught:
        reading.read_table(path)
    assert caught.value.kind == "unsupported"
    assert "Numbers" in str(caught.value)


def test_word_document_named_xlsx_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(SourceError) as caught:
        reading.read_table(path)
    assert caught.value.kind == "corrupt"


def test_html_saved_as_xls_is_unsupported(tmp_path: Path) -> None:
    html = "<html><body><table><tr><td>Name</td></tr></table></body></html>"
    with pytest.raises(SourceError) as caught:
        reading.read_table(write(tmp_path, "report.xls", html))
    assert caught.value.kind == "unsupported"


def test_ole2_encrypted_package_is_encrypted(tmp_path: Path) -> None:
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 1000
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 50
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 1000
    )
    with pytest.raises(SourceError) as caught:
        reading.read_table(write(tmp_path, "secret.xlsx", data))
    assert caught.value.kind == "encrypted"
    assert "password" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        reading.read_table(tmp_path / "nope.csv")
    assert caught.value.kind == "not_found"


def test_folder_is_unsupported(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        reading.read_table(tmp_path)
    assert caught.value.kind == "unsupported"


def _refuse_open(error: OSError) -> object:
    def fake_open(self: Path, *args: object, **kwargs: object) -> object:
        raise error

    return fake_open


def test_no_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "p.csv", GERMAN)
    monkeypatch.setattr(Path, "open", _refuse_open(PermissionError(13, "Permission denied")))
    with pytest.raises(SourceError) as caught:
        reading.read_table(path)
    assert caught.value.kind == "permission"
    assert "permission" in str(caught.value)


def test_file_locked_by_excel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "p.csv", GERMAN)
    error = PermissionError(13, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]  # what Windows reports for a sharing violation
    monkeypatch.setattr(Path, "open", _refuse_open(error))
    with pytest.raises(SourceError) as caught:
        reading.read_table(path)
    assert caught.value.kind == "locked"
    assert "another program" in str(caught.value)


def test_too_large_text_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_TEXT_BYTES", 10)
    with pytest.raises(SourceError) as caught:
        reading.read_table(write(tmp_path, "big.csv", GERMAN))
    assert caught.value.kind == "too_large"


@pytest.mark.parametrize("width", [1, 3])
def test_quoted_line_break_across_pyarrow_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """pyarrow's quick mode splits blocks at any line break; such files are read again."""
    filler = ",".join(["x" * 20] * width) + "\n"
    header = ",".join(f"H{i}" for i in range(width)) + "\n"
    body = header + filler * ((1 << 20) // len(filler) - 1)
    body += ",".join(['"first half\nsecond half"'] * width) + "\n"  # straddles 1 MiB
    body += filler * 2000
    path = write(tmp_path, "blocks.csv", body)
    fast = reading.read_table(path)
    monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 1 << 40)
    exact = reading.read_table(path)
    assert fast.arrow.equals(exact.arrow)
    assert fast.row_numbers.equals(exact.row_numbers)
    assert "first half\nsecond half" in fast.column_texts(0)


def test_excel_sep_hint_decides_the_delimiter(tmp_path: Path, both_paths: str) -> None:
    text = "sep=;\r\nName;Note\r\nAnna;a,b,c\r\nBen;d,e,f\r\n"
    table = reading.read_table(write(tmp_path, "sep.csv", text))
    assert table.source.delimiter == ";"
    assert table.columns == ["Name", "Note"]
    assert table.row(0) == ["Anna", "a,b,c"]
    assert table.source.header_row == 0  # Excel hides the hint line
    assert numbers(table) == [2, 3]


def test_old_mac_line_endings(tmp_path: Path, both_paths: str) -> None:
    table = reading.read_table(write(tmp_path, "mac.csv", "A;B\r1;2\r\r3;4\r"))
    assert rows(table) == [["1", "2"], ["3", "4"]]
    assert numbers(table) == [2, 4]


def test_utf16_without_bom(tmp_path: Path) -> None:
    table = reading.read_table(write(tmp_path, "u.txt", "Name\tOrt\nJörg\tKöln\n", "utf-16-le"))
    assert table.source.encoding == "utf-16-le"
    assert table.row(0) == ["Jörg", "Köln"]


def test_text_that_starts_like_a_file_signature_is_still_csv(tmp_path: Path) -> None:
    table = reading.read_table(write(tmp_path, "cars.csv", "BMW;Modell\nBMW;i3\n"))
    assert table.columns == ["BMW", "Modell"]
