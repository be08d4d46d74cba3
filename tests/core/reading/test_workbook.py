"""Reading workbooks (.xlsx, .xls, .ods): cells as Excel shows them, sheets, hostile files."""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plandocket_desktop.core._table import SheetInfo, Table
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _cells as reading_cells
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.reading import _workbook as reading_workbook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(autouse=True, params=["fastexcel", "calamine"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with both workbook engines."""
    monkeypatch.setattr(reading_workbook, "ENGINE", request.param)
    return str(request.param)


def rows(table: Table) -> list[list[str]]:
    return [table.row(i) for i in range(table.n_rows)]


def by_header(table: Table, row: int) -> dict[str, str]:
    return dict(zip(table.columns, table.row(row), strict=True))


def set_cached_values(path: Path, values: dict[str, str]) -> None:
    """Give formulas a cached result, as Excel saves them (openpyxl writes none)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        xml = parts[name].decode()
        for ref, value in values.items():
            xml = re.sub(
                rf'(<c r="{ref}"[^>]*>)<f>(.*?)</f><v\s*/>', rf"\1<f>\2</f><v>{value}</v>", xml
            )
        parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.fixture
def exhibitors(tmp_path: Path) -> Path:
    """A workbook like staff get: a hidden sheet, a notes sheet, a title block, odd cells."""
    book = openpyxl.Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "Intern"
    hidden.append(["Secret", "Table"])
    hidden.append(["a", "b"])
    hidden.sheet_state = "hidden"
    notes = book.create_sheet("Hinweise")
    notes["A1"] = "Bitte nur das Blatt 'Aussteller' verwenden."
    sheet = book.create_sheet("Aussteller")
    sheet["C1"] = "Ausstellerliste BauTec 2025"
    sheet.merge_cells("C1:J1")
    sheet["C2"] = "Stand: 14.02.2025"
    header = [
        "Kd.-Nr.",
        "Firma",
        "PLZ",
        "Umsatz",
        "Telefon",
        "Angemeldet",
        "Letzter Kontakt",
        "Bestätigt",
        "Summe",
        "Email",
        "Email",
    ]
    for col, name in enumerate(header, start=3):
        sheet.cell(row=4, column=col, value=name)
    data: list[list[object]] = [
        [
            457,
            "Müller GmbH",
            1067,
            0.1 + 0.2,
            4935112345678,
            dt.date(2025, 3, 1),
            dt.datetime(2025, 3, 1, 14, 30),
            True,
            "=D5*2",
            "a@b.de",
            "x@y.de",
        ],
        [
            12345.0,
            "Weiß & Co. KG",
            80331,
            -2.5,
            "+49 30 1234",
            dt.date(2024, 12, 15),
            dt.datetime(2024, 12, 15, 0, 0, 0),
            False,
            "=D6*2",
            "",
            "",
        ],
        [None] * 11,
        [7, "Ärger AG", 4109, 1234567.891, 1e20, None, None, None, None, "c@d.de", None],
    ]
    for r, values in enumerate(data, start=5):
        for c, value in enumerate(values, start=3):
            sheet.cell(row=r, column=c, value=value)
    for r in range(5, 9):
        sheet.cell(row=r, column=3).number_format = "00000"
        sheet.cell(row=r, column=5).number_format = "00000"
    sheet.cell(row=5, column=8).number_format = "yyyy-mm-dd"
    sheet.cell(row=5, column=9).number_format = "yyyy-mm-dd hh:mm:ss"
    sheet.cell(row=6, column=9).number_format = "yyyy-mm-dd hh:mm:ss"
    path = tmp_path / "aussteller.xlsx"
    book.save(path)
    set_cached_values(path, {"K5": "914", "K6": "160662"})
    return path


def test_default_sheet_is_the_first_visible_one_with_a_table(exhibitors: Path) -> None:
    table = reading.read_table(exhibitors)
    assert table.source.sheet == "Aussteller"
    assert table.source.format == "xlsx"
    assert table.source.sheets == [
        SheetInfo("Intern", hidden=True),
        SheetInfo("Hinweise", hidden=False),
        SheetInfo("Aussteller", hidden=False),
    ]
    assert reading.list_sheets(exhibitors) == table.source.sheets


def test_title_block_is_skipped_and_row_numbers_are_excel_rows(exhibitors: Path) -> None:
    table = reading.read_table(exhibitors)
    assert table.source.header_row == 3
    assert table.source.header_detected
    assert [table.row_number(i) for i in range(table.n_rows)] == [5, 6, 8]
    assert table.source.empty_rows_dropped == [7]
    assert table.source.empty_columns_dropped == 2  # columns A and B are empty


def test_duplicate_headers_in_a_workbook_become_unique(exhibitors: Path) -> None:
    table = reading.read_table(exhibitors)
    assert table.columns[-2:] == ["Email", "Email (2)"]


def test_cells_come_back_as_excel_shows_them(exhibitors: Path) -> None:
    table = reading.read_table(exhibitors)
    first, second, last = by_header(table, 0), by_header(table, 1), by_header(table, 2)
    assert first["Kd.-Nr."] == "00457"  # 00000 number format
    assert second["Kd.-Nr."] == "12345"
    assert first["PLZ"] == "01067"
    assert last["PLZ"] == "04109"
    assert first["Umsatz"] == "0.3"  # no float noise
    assert second["Umsatz"] == "-2.5"
    assert last["Umsatz"] == "1234567.891"
    assert first["Telefon"] == "4935112345678"  # whole number, no .0, no exponent
    assert second["Telefon"] == "+49 30 1234"
    assert last["Telefon"] == "100000000000000000000"
    assert first["Angemeldet"] == "2025-03-01"
    assert first["Letzter Kontakt"] == "2025-03-01 14:30:00"
    # calamine hands a midnight datetime over as a date: the date alone is what comes back
    assert second["Letzter Kontakt"] == "2024-12-15"
    assert first["Bestätigt"] == "TRUE"
    assert second["Bestätigt"] == "FALSE"
    assert first["Summe"] == "914"  # a formula's cached value
    assert second["Summe"] == "160662"
    assert last["Summe"] == ""


def test_sheet_can_be_chosen_by_name(exhibitors: Path) -> None:
    table = reading.read_table(exhibitors, sheet="Intern")
    assert table.columns == ["Secret", "Table"]
    assert rows(table) == [["a", "b"]]
    assert reading.read_table(exhibitors, sheet="intern").source.sheet == "Intern"


def test_unknown_sheet_names_the_sheets(exhibitors: Path) -> None:
    with pytest.raises(SourceError) as caught:
        reading.read_table(exhibitors, sheet="Teilnehmer")
    assert caught.value.kind == "no_sheet"
    assert "Aussteller" in str(caught.value)


def test_header_row_override_in_a_workbook(exhibitors: Path) -> None:
    table = reading.read_table(exhibitors, header_row=1)
    assert not table.source.header_detected
    assert table.source.header_row == 1
    assert table.columns[0] == "Stand: 14.02.2025"
    assert table.row_number(0) == 4


def test_empty_sheet_is_an_empty_error(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    path = tmp_path / "blank.xlsx"
    book.save(path)
    with pytest.raises(SourceError) as caught:
        reading.read_table(path)
    assert caught.value.kind == "empty"


def test_header_only_workbook_gives_zero_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["E-Mail", "Vorname"])
    path = tmp_path / "header.xlsx"
    book.save(path)
    table = reading.read_table(path)
    assert table.n_rows == 0
    assert table.columns == ["E-Mail", "Vorname"]


def test_xlsx_named_csv_is_read_as_a_workbook(exhibitors: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "export.csv"
    renamed.write_bytes(exhibitors.read_bytes())
    assert reading.read_table(renamed).source.format == "xlsx"


def test_legacy_xls_fixture() -> None:
    path = FIXTURES / "legacy_members.xls"
    table = reading.read_table(path)
    assert table.source.format == "xls"
    assert table.source.sheet == "Members"  # the hidden first sheet and the notes are skipped
    assert table.source.sheets[0] == SheetInfo("Secret", hidden=True)
    assert table.source.header_row == 2
    assert table.columns == [
        "No.",
        "Name",
        "Postcode",
        "Amount",
        "Joined",
        "Last visit",
        "Active",
        "Email",
        "PLZ",
    ]
    assert table.column_texts("PLZ") == ["01067", "80331", "04109"]  # number shown as 00000
    assert [r[:8] for r in rows(table)] == [
        [
            "10234",
            "Anna Müller",
            "01067",
            "12.5",
            "2019-03-01",
            "2024-05-06 14:30:00",
            "TRUE",
            "a.mueller@example.de",
        ],
        [
            "10235",
            "Jörg Weiß",
            "80331",
            "0.1",
            "2020-12-31",
            "2024-01-02 08:00:00",
            "FALSE",
            "j.weiss@example.de",
        ],
        [
            "4930123456",
            "Zoë Faure",
            "75001",
            "1234567.25",
            "2021-07-15",
            "2023-11-30 23:59:59",
            "TRUE",
            "",
        ],
    ]
    assert [table.row_number(i) for i in range(3)] == [4, 5, 6]


def test_ods_cells(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    sheet = OdsTable(name="Kontakte")

    def add_row(*cells: tuple[str, str, str]) -> None:
        row = TableRow()
        for kind, value, shown in cells:
            if kind == "string":
                cell = TableCell(valuetype="string")
            elif kind == "float":
                cell = TableCell(valuetype="float", value=value)
            elif kind == "date":
                cell = TableCell(valuetype="date", datevalue=value)
            elif kind == "boolean":
                cell = TableCell(valuetype="boolean", booleanvalue=value)
            else:
                cell = TableCell()
            if shown:
                cell.addElement(P(text=shown))
            row.addElement(cell)
        sheet.addElement(row)

    add_row(
        ("string", "", "Mail"),
        ("string", "", "Nummer"),
        ("string", "", "Seit"),
        ("string", "", "Aktiv"),
        ("string", "", "Betrag"),
    )
    add_row(
        ("string", "", "a@b.de"),
        ("float", "12345", "12345"),
        ("date", "2025-03-01", "01.03.25"),
        ("boolean", "true", "WAHR"),
        ("float", "0.1", "0,1"),
    )
    add_row(
        ("empty", "", ""),
        ("empty", "", ""),
        ("empty", "", ""),
        ("empty", "", ""),
        ("empty", "", ""),
    )
    add_row(
        ("string", "", "Jörg Weiß"),
        ("float", "3", "3"),
        ("empty", "", ""),
        ("boolean", "false", "FALSCH"),
        ("float", "-7.25", "-7,25"),
    )
    doc.spreadsheet.addElement(sheet)
    path = tmp_path / "kontakte.ods"
    doc.save(str(path))
    table = reading.read_table(path)
    assert table.source.format == "ods"
    assert table.source.sheet == "Kontakte"
    assert table.columns == ["Mail", "Nummer", "Seit", "Aktiv", "Betrag"]
    assert rows(table) == [
        ["a@b.de", "12345", "2025-03-01", "TRUE", "0.1"],
        ["Jörg Weiß", "3", "", "FALSE", "-7.25"],
    ]
    assert table.source.empty_rows_dropped == [3]


# --- hostile and damaged workbooks -------------------------------------------------------------


def test_zip_bomb_named_xlsx_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (64 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(SourceError) as caught:
        reading.read_table(path)
    assert caught.value.kind == "too_large"
    assert "zip bomb" in str(caught.value)
    assert time.perf_counter() - started < 2


def test_total_unpacked_size_is_limited(exhibitors: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_workbook, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(SourceError) as caught:
        reading.read_table(exhibitors)
    assert caught.value.kind == "too_large"


def test_xml_entity_expansion_is_refused(exhibitors: Path, tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i > 1 else "&lol;"}' * 10 + '">'
            for i in range(1, 10)
        )
        + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
        "<si><t>&lol9;</t></si></sst>"
    )
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(exhibitors) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("xl/sharedStrings.xml", laughs)
    with pytest.raises(SourceError) as caught:
        reading.read_table(path)
    assert caught.value.kind == "corrupt"
    assert "safety" in str(caught.value)


def test_truncated_xlsx_is_corrupt(exhibitors: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(exhibitors.read_bytes()[:2000])
    with pytest.raises(SourceError) as caught:
        reading.read_table(path)
    assert caught.value.kind == "corrupt"


def test_damaged_sheet_xml_is_corrupt(exhibitors: Path, tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(exhibitors) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(name, data)
    with pytest.raises(SourceError) as caught:
        reading.read_table(path, sheet="Aussteller")
    assert caught.value.kind == "corrupt"


# --- number text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(12345.0, "12345", id="whole"),
        pytest.param(0.1 + 0.2, "0.3", id="noise"),
        pytest.param(1.0000000000000002, "1", id="noise-whole"),
        pytest.param(-0.5, "-0.5", id="negative"),
        pytest.param(1.5e-7, "0.00000015", id="small"),
        pytest.param(4935112345678.0, "4935112345678", id="phone"),
        pytest.param(float("nan"), "", id="nan"),
    ],
)
def test_number_text(value: float, text: str) -> None:
    assert reading_cells.number_text(value) == text


def test_ods_zero_padding_number_style(tmp_path: Path) -> None:
    from odf.number import Number, NumberStyle
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style
    from odf.table import Table as OdsTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    number_style = NumberStyle(name="N99")
    number_style.addElement(Number(decimalplaces="0", minintegerdigits="5"))
    doc.automaticstyles.addElement(number_style)
    cell_style = Style(name="ce9", family="table-cell", datastylename="N99")
    doc.automaticstyles.addElement(cell_style)
    sheet = OdsTable(name="PLZ")
    rows_in = [("Ort", "PLZ"), ("Dresden", 1067), ("Leipzig", 4109), ("Berlin", 10115)]
    for place, code in rows_in:
        row = TableRow()
        first = TableCell(valuetype="string")
        first.addElement(P(text=place))
        row.addElement(first)
        if isinstance(code, str):
            second = TableCell(valuetype="string")
            second.addElement(P(text=code))
        else:
            second = TableCell(valuetype="float", value=str(code), stylename=cell_style)
            second.addElement(P(text=f"{code:05d}"))
        row.addElement(second)
        sheet.addElement(row)
    doc.spreadsheet.addElement(sheet)
    path = tmp_path / "plz.ods"
    doc.save(str(path))
    table = reading.read_table(path)
    assert table.column_texts("PLZ") == ["01067", "04109", "10115"]


def test_zero_padding_scan_across_chunk_boundaries(
    exhibitors: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = reading_cells.zero_padded_cells(exhibitors, "Aussteller")
    monkeypatch.setattr(reading_cells, "SCAN_CHUNK_BYTES", 37)
    assert reading_cells.zero_padded_cells(exhibitors, "Aussteller") == whole
    assert reading_cells.count_padded(whole) == 8  # Kd.-Nr. and PLZ in rows 5 to 8


def test_zero_padding_with_attributes_in_another_order(exhibitors: Path, tmp_path: Path) -> None:
    path = tmp_path / "reordered.xlsx"
    with zipfile.ZipFile(exhibitors) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', rb'<c s="\2" r="\1"', data)
            target.writestr(name, data)
    assert reading_cells.zero_padded_cells(path, "Aussteller") == (
        reading_cells.zero_padded_cells(exhibitors, "Aussteller")
    )
    assert reading.read_table(path).column_texts("PLZ") == ["01067", "80331", "04109"]


def test_negative_and_fractional_numbers_with_zero_padding(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Code"])
    for name, value in [("a", -5), ("b", 1067.6), ("c", 12), ("d", "text")]:
        sheet.append([name, value])
    for row in range(2, 6):
        sheet.cell(row=row, column=2).number_format = "00000"
    path = tmp_path / "codes.xlsx"
    book.save(path)
    assert reading.read_table(path).column_texts("Code") == ["-00005", "01068", "00012", "text"]


def _hand_written_xlsx(path: Path, cells: str) -> None:
    """A one-sheet workbook ("Liste") whose style 1 has the format 00000; ``cells`` is row 2."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><numFmts count="1">'
            '<numFmt numFmtId="164" formatCode="00000"/></numFmts>'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
            "</cellXfs></styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Wert</t></is></c></row>'
            f'<row r="2">{cells}</row></sheetData></worksheet>'
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


@pytest.mark.parametrize(
    ("cell", "padded"),
    [
        pytest.param('<c r="A2" s="1"><v>1067</v></c>', True, id="no-type"),
        pytest.param('<c r="A2" s="1" t="n"><v>1067</v></c>', True, id="t-n"),
        pytest.param('<c r="A2" s="1" cm="1"><v>1067</v></c>', True, id="other-attribute"),
        pytest.param('<c r="A2" s="1" t="str"><v>1067</v></c>', False, id="t-str"),
        pytest.param('<c r="A2" s="1" t="nx"><v>1067</v></c>', False, id="t-nx"),
        pytest.param('<c r="A2" s="1" t="inlineStr"><is><t>1067</t></is></c>', False, id="inline"),
        pytest.param('<c r="A2" s="1" t="b"><v>1</v></c>', False, id="boolean"),
        pytest.param('<c r="A2" s="0"><v>1067</v></c>', False, id="other-style"),
    ],
)
def test_only_number_cells_are_zero_padded(tmp_path: Path, cell: str, padded: bool) -> None:
    path = tmp_path / "liste.xlsx"
    _hand_written_xlsx(path, cell)
    expected = {0: {5: [1]}} if padded else {}
    assert reading_cells.zero_padded_cells(path, "Liste") == expected
    if padded:
        assert reading.read_table(path).column_texts("Wert") == ["01067"]


def test_padding_scan_runs_beside_the_engine_and_leaves_no_thread(
    exhibitors: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    threads = threading.active_count()
    assert reading.read_table(exhibitors).column_texts("PLZ") == ["01067", "80331", "04109"]
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(exhibitors) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(name, data)
    with pytest.raises(SourceError):
        reading.read_table(damaged, sheet="Aussteller")
    assert threading.active_count() == threads

    def broken(path: Path, sheet: str) -> reading_cells.PaddedCells:
        raise RuntimeError("scan failed")

    monkeypatch.setattr(reading_cells, "zero_padded_cells", broken)
    with pytest.raises(RuntimeError, match="scan failed"):  # not lost on the other thread
        reading.read_table(exhibitors)
    assert threading.active_count() == threads
