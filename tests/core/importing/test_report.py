"""Error reports: original columns plus outcome, formula-safe, umlauts intact, CSV and XLSX."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest
from openpyxl import load_workbook

from plandocket_desktop.core._table import SourceInfo, Table
from plandocket_desktop.core.importing import _engine as job
from plandocket_desktop.core.importing import _report as report
from plandocket_desktop.core.types import ImportDraft, ImportOptions, Outcome
from plandocket_desktop.core.validation import _result as validation
from tests.core.importing.test_engine import FakeClient, Rec, Result

PAYLOADS = ['=HYPERLINK("http://x")', "+49 30 1234", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
# What Excel and LibreOffice take as the start of a formula or a DDE call. The test's own list:
# a start dropped from report.FORMULA_STARTS must not also drop out of the check.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_XML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def sample_table() -> Table:
    rows = [
        ["a@example.com", "Jürgen", "=1+1"],
        ["not-an-email", "Käthe", "+49 30 1234"],
        ["c@example.com", "Ößer", "-2+3"],
        ["d@example.com", "Zoë", "@SUM(A1)"],
        ["", "", ""],
        ["e@example.com", "Åsa", "\tTab"],
    ]
    return Table.from_rows(
        ["E-Mail", "Vorname", "Telefon"], rows, source=SourceInfo(empty_rows_dropped=[9])
    )


def imported(table: Table) -> job.ImportReport:
    mapping = {"E-Mail": "email", "Vorname": "first_name", "Telefon": "phone"}
    result = validation.validate(table, mapping, options=ImportOptions())

    def answer(records):
        return Result(
            total=len(records),
            created=2,
            records=[
                Rec(0, Outcome.CREATED),
                Rec(1, Outcome.FAILED, "=cmd|' /C calc'!A0"),
                Rec(2, Outcome.SKIPPED),
                Rec(3, Outcome.CREATED),
            ],
        )

    return job.ImportJob(
        FakeClient([answer]), result, ImportOptions(), n_rows=table.n_rows, ignored=1
    ).run()


def test_counts_add_up_including_empty_rows():
    table = sample_table()
    result = imported(table)
    counts = result.counts()
    assert counts == {
        "created": 2,
        "updated": 0,
        "skipped": 1,
        "failed": 1,
        "sent": 0,
        "not_sent": 1,
        "ignored": 2,
    }
    assert sum(counts.values()) == table.n_rows + 1


def test_csv_report_has_bom_umlauts_and_no_formulas(tmp_path):
    table = sample_table()
    path = tmp_path / "report.csv"
    written = report.write_error_report(imported(table), table, path)
    assert written == 2  # the failed row and the invalid one
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(frame.columns) == [
        "E-Mail",
        "Vorname",
        "Telefon",
        "Row number",
        "Outcome",
        "Message",
    ]
    assert frame["Vorname"].tolist() == ["Käthe", "Ößer"]
    assert frame["Row number"].tolist() == ["3", "4"]
    assert frame["Outcome"].tolist() == ["not sent", "failed"]
    assert frame["Telefon"].tolist() == ["'+49 30 1234", "'-2+3"]
    assert frame["Message"][0].startswith("'not-an-email' is not a valid email address.")
    assert frame["Message"][1].startswith("'=cmd")
    for column in frame.columns:
        for cell in frame[column]:
            assert not cell.startswith(DANGEROUS_STARTS), cell


def test_all_rows_option_and_every_payload_neutralised(tmp_path):
    table = sample_table()
    path = tmp_path / "all.csv"
    assert report.write_error_report(imported(table), table, path, only_problems=False) == 6
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert frame["Outcome"].tolist() == [
        "created",
        "not sent",
        "failed",
        "skipped",
        "ignored",
        "created",
    ]
    assert frame["Telefon"][0] == "'=1+1"
    assert frame["Telefon"][3] == "'@SUM(A1)"
    assert frame["Telefon"][5] == "'\tTab"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise(payload):
    assert report.neutralise(payload) == "'" + payload
    assert report.neutralise("Müller") == "Müller"


def test_xlsx_report_opens_with_text_cells_only(tmp_path):
    table = sample_table()
    path = tmp_path / "report.xlsx"
    report.write_error_report(imported(table), table, path, only_problems=False)
    wb = load_workbook(path)
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("E-Mail", "Vorname", "Telefon", "Row number", "Outcome", "Message")
    assert rows[1][:3] == ("a@example.com", "Jürgen", "=1+1")
    for row in ws.iter_rows():
        for cell in row:
            # Text, even the row numbers (an empty text cell reads back as "inlineStr").
            assert cell.data_type in ("s", "inlineStr"), cell.coordinate
    assert ws["F4"].value.startswith("=cmd")
    assert ws["F4"].data_type == "s"
    assert ws["C7"].value == "\tTab"


def test_header_clash_is_renamed():
    table = Table.from_rows(["Outcome", "Message"], [["x", "y"]])
    assert report.report_columns(table) == [
        "Outcome",
        "Message",
        "Row number",
        "Outcome (import)",
        "Message (import)",
    ]


def test_retry_draft_keeps_only_rows_that_can_pass(tmp_path):
    table = sample_table()
    result = imported(table)
    # Row 4 was refused for its data; say row 5 was never answered: only row 5 goes again.
    assert result.outcomes[2] is Outcome.FAILED
    result.outcomes[3] = Outcome.NOT_SENT
    draft = ImportDraft(path=tmp_path / "x.csv", excluded_rows={99})
    again = report.retry_draft(draft, result, table)
    assert again.excluded_rows == {99, 2, 3, 4, 6, 7}
    assert draft.excluded_rows == {99}


@pytest.mark.parametrize(
    ("source_delimiter", "expected"),
    [
        pytest.param(";", ";", id="semicolon-file-gets-semicolons"),
        pytest.param(",", ",", id="comma-file-gets-commas"),
        pytest.param(None, ",", id="workbook-gets-commas"),
    ],
)
def test_csv_report_splits_in_the_excel_that_wrote_the_file(tmp_path, source_delimiter, expected):
    table = sample_table()
    table.source.delimiter = source_delimiter
    path = tmp_path / "report.csv"
    report.write_error_report(imported(table), table, path)
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(expected)[:3] == ["E-Mail", "Vorname", "Telefon"]


# --- every payload, in every place a cell can come from -----------------------------------


def payload_report() -> tuple[job.ImportReport, Table]:
    """Each payload in a header, two source cells and the server's message of one failed row."""
    rows = [[p, p, f"p{i}@example.com"] for i, p in enumerate(PAYLOADS)]
    table = Table.from_rows(["=Name", "@Notiz", "E-Mail"], rows)
    outcomes = [Outcome.FAILED] * len(rows)
    messages = dict(enumerate(PAYLOADS))
    return job.ImportReport(options=ImportOptions(), outcomes=outcomes, messages=messages), table


def test_csv_report_neutralises_every_payload_in_headers_cells_and_messages(tmp_path: Path):
    import_report, table = payload_report()
    path = tmp_path / "payloads.csv"
    assert report.write_error_report(import_report, table, path) == len(PAYLOADS)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["'=Name", "'@Notiz", "E-Mail", "Row number", "Outcome", "Message"]
    assert len(rows) == 1 + len(PAYLOADS)
    for payload, row in zip(PAYLOADS, rows[1:], strict=True):
        # The whole text survives behind the apostrophe Excel hides.
        assert row[0] == row[1] == row[5] == "'" + payload
        assert row[4] == "failed"
    for row in rows:
        for cell in row:
            assert not cell.startswith(DANGEROUS_STARTS), cell


def test_xlsx_report_writes_every_payload_as_a_text_cell(tmp_path: Path):
    import_report, table = payload_report()
    path = tmp_path / "payloads.xlsx"
    assert report.write_error_report(import_report, table, path) == len(PAYLOADS)
    # The file itself, not openpyxl's reading of it: no formula anywhere, only text cells.
    with zipfile.ZipFile(path) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert sheets == ["xl/worksheets/sheet1.xml"]
        root = ElementTree.fromstring(book.read(sheets[0]))
    cells = list(root.iter(SHEET_XML + "c"))
    assert len(cells) == 6 * (1 + len(PAYLOADS))
    assert list(root.iter(SHEET_XML + "f")) == []
    assert {cell.get("t") for cell in cells} <= {"inlineStr", "s"}
    sheet = load_workbook(path).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("=Name", "@Notiz", "E-Mail", "Row number", "Outcome", "Message")
    for payload, row in zip(PAYLOADS, values[1:], strict=True):
        # Text cells need no apostrophe: the cell shows what the file held (a bare CR becomes
        # a line feed, as XML reads every line end).
        assert row[0] == row[1] == row[5] == payload.replace("\r", "\n")
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type == "s", cell.coordinate
