"""The sheet read when none is chosen: the one that looks most like a list of people."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from plandocket_desktop import cli
from plandocket_desktop.core import reading
from plandocket_desktop.ui.widgets import source_facts


def workbook(tmp_path: Path, *, hidden_list: bool = False) -> Path:
    book = openpyxl.Workbook()
    info = book.active
    assert info is not None
    info.title = "Info"
    info.append(["Anmeldungen Sommerfest 2025"])
    info.append(["Stand: 1. Juli, bitte nicht ändern"])
    info.append([])
    info.append(["Ansprechpartner", "Frau Weber"])
    sums = book.create_sheet("Summen")
    sums.append(["Tag", "Anmeldungen", "Umsatz"])
    for day in range(1, 8):
        sums.append([f"{day}.7.", day * 3, day * 120.5])
    sums.append(["Summe", 84, 3374])
    staff = book.create_sheet("Team")
    staff.append(["Name", "Aufgabe"])
    for name in ("Ute", "Jan", "Ali", "Bea"):
        staff.append([name, "Einlass"])
    people = book.create_sheet("Anmeldungen")
    people.append(["Vorname", "Nachname", "E-Mail"])
    for i in range(6):
        people.append([f"Anna{i}", "Berg", f"anna{i}@firma.de"])
    if hidden_list:
        secret = book.create_sheet("Alt")
        secret.append(["Vorname", "E-Mail"])
        for i in range(50):
            secret.append([f"Alt{i}", f"alt{i}@firma.de"])
        secret.sheet_state = "hidden"
    path = tmp_path / "sommerfest.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("hidden_list", [False, True], ids=["plain", "with-hidden-list"])
def test_the_list_of_people_is_read_not_the_cover_page(tmp_path: Path, hidden_list: bool) -> None:
    table = reading.read_table(workbook(tmp_path, hidden_list=hidden_list))
    assert table.source.sheet == "Anmeldungen"
    assert table.columns == ["Vorname", "Nachname", "E-Mail"]
    assert table.source.sheet_kinds == {"Info": "cover", "Summen": "summary", "Team": "smaller"}
    assert reading.sheet_reason(table.source) == (
        "Reading the sheet “Anmeldungen”: it holds the list. “Info” looks like a cover page. "
        "“Summen” looks like a summary. “Team” holds a smaller table."
    )
    assert reading.sheet_reason(table.source) in source_facts.describe_source(table)


def test_a_chosen_sheet_needs_no_reason(tmp_path: Path) -> None:
    table = reading.read_table(workbook(tmp_path), sheet="Team")
    assert table.source.sheet == "Team"
    assert table.source.sheet_kinds == {}
    assert reading.sheet_reason(table.source) is None


def test_inspect_json_reports_the_sheet_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["inspect", str(workbook(tmp_path)), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sheet"] == "Anmeldungen"
    assert result["sheet_reason"].startswith("Reading the sheet “Anmeldungen”: it holds the list.")
