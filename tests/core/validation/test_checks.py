"""Issue 11's checks on files the tests write: conflicts with the match key, email typos,
what Excel did to the data (scientific notation, error values, lost postal-code zeros)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from plandocket_desktop.core import reading, validation
from plandocket_desktop.core.types import ImportOptions, MatchField, Target

EMAIL = ImportOptions(target=Target.CONTACTS, match_field=MatchField.EMAIL)
NUMBER = ImportOptions(target=Target.CONTACTS, match_field=MatchField.CUSTOMER_NUMBER)
GERMAN = {
    "E-Mail": "email",
    "Kundennummer": "customer_number",
    "PLZ": "postal_code",
    "Land": "country",
    "Telefon": "phone",
}
ENGLISH = {
    "Email": "email",
    "Customer No": "customer_number",
    "Zip": "postal_code",
    "Country": "country",
    "Phone": "phone",
}


def write(tmp_path: Path, kind: str, header: list[str], rows: list[list[str]]) -> Path:
    if kind == "csv":
        path = tmp_path / "people.csv"
        lines = [";".join(header)] + [";".join(r) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    path = tmp_path / "people.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def check(
    tmp_path: Path,
    kind: str,
    mapping: dict[str, str],
    rows: list[list[str]],
    options: ImportOptions = EMAIL,
) -> validation.ValidationResult:
    path = write(tmp_path, kind, list(mapping), rows)
    table = reading.read_table(path)
    return validation.validate(table, mapping, options=options)


def issues(result: validation.ValidationResult, code: str) -> list[validation.Issue]:
    return [i for i in result.iter_issues() if i.code == code]


KINDS = [pytest.param("csv", id="csv"), pytest.param("xlsx", id="xlsx")]
LANGS = [pytest.param(GERMAN, id="german"), pytest.param(ENGLISH, id="english")]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("mapping", LANGS)
def test_customer_number_used_with_two_emails_is_a_conflict(
    tmp_path: Path, kind: str, mapping: dict[str, str]
) -> None:
    rows = [
        ["anna@firma.de", "K-1", "10115", "DE", ""],
        ["ben@firma.de", "k-1 ", "10115", "DE", ""],  # case and spaces ignored
        ["anna@firma.de", "K-1", "10115", "DE", ""],  # same email: a duplicate, no conflict
        ["carl@firma.de", "K-2", "10115", "DE", ""],
    ]
    result = check(tmp_path, kind, mapping, rows)
    conflicts = issues(result, "customer_number_conflict")
    assert [(i.row_number, i.severity) for i in conflicts] == [(3, validation.Severity.ERROR)]
    assert "row 2" in conflicts[0].message
    assert [i.row_number for i in issues(result, "email_duplicate")] == [4]
    assert result.status(3).value == "ready"


@pytest.mark.parametrize("kind", KINDS)
def test_email_used_with_two_customer_numbers_is_a_conflict(tmp_path: Path, kind: str) -> None:
    rows = [
        ["Anna@Firma.de", "K-1", "", "", ""],
        ["carl@firma.de", "K-2", "", "", ""],
        [" anna@firma.de", "K-3", "", "", ""],
    ]
    result = check(tmp_path, kind, GERMAN, rows, NUMBER)
    assert [(i.row_number, i.column) for i in issues(result, "email_conflict")] == [(4, "E-Mail")]


def test_a_repeated_customer_number_with_the_same_email_is_no_conflict(tmp_path: Path) -> None:
    rows = [["a@firma.de", "K-1", "", "", ""], ["A@firma.de", "K-1", "", "", ""]]
    result = check(tmp_path, "csv", GERMAN, rows)
    assert issues(result, "customer_number_conflict") == []
    assert [i.code for i in result.iter_issues()] == ["email_duplicate"]


def test_fixing_the_email_ends_the_conflict_and_excluding_the_first_row_too(
    tmp_path: Path,
) -> None:
    rows = [["a@firma.de", "K-1", "", "", ""], ["b@firma.de", "K-1", "", "", ""]]
    result = check(tmp_path, "csv", GERMAN, rows)
    assert result.status(1).value == "error"
    assert result.edit_cell(1, "E-Mail", "a@firma.de") == []  # a duplicate now: still an error
    assert [i.code for i in result.issues_for(1)] == ["email_duplicate"]
    result.edit_cell(1, "E-Mail", "b@firma.de")
    assert [i.code for i in result.issues_for(1)] == ["customer_number_conflict"]
    assert result.exclude_row(0) == [0, 1]
    assert result.status(1).value == "ready"


@pytest.mark.parametrize("kind", KINDS)
def test_mistyped_provider_domains_get_a_suggestion(tmp_path: Path, kind: str) -> None:
    typed = ["a@gmial.com", "b@hotmail.con", "c@t-onlien.de", "d@gmx.ner", "e@web.dee"]
    fine = ["f@gmail.com", "g@gmx.de", "h@gmbh-bau.de", "i@love.com", "j@schmidt.de"]
    rows = [[e, "", "", "", ""] for e in typed + fine]
    result = check(tmp_path, kind, ENGLISH, rows)
    found = issues(result, "email_typo")
    assert [(i.row_number, i.suggestion) for i in found] == [
        (2, "a@gmail.com"),
        (3, "b@hotmail.com"),
        (4, "c@t-online.de"),
        (5, "d@gmx.net"),
        (6, "e@web.de"),
    ]
    assert {i.severity for i in found} == {validation.Severity.WARNING}
    assert "did you mean 'a@gmail.com'" in found[0].message
    assert result.sendable_indices() == list(range(10))  # warnings are sent


def test_using_a_suggestion_makes_the_row_ready(tmp_path: Path) -> None:
    result = check(tmp_path, "csv", ENGLISH, [["a@gmial.com", "", "", "", ""]])
    issue = result.issues_for(0)[0]
    assert issue.suggestion is not None
    assert result.edit_cell(0, "Email", issue.suggestion) == [0]
    assert result.status(0).value == "ready"
    assert result.records([0]) == [{"email": "a@gmail.com"}]


@pytest.mark.parametrize("kind", KINDS)
def test_scientific_notation_is_an_error_on_the_match_field_and_a_warning_elsewhere(
    tmp_path: Path, kind: str
) -> None:
    rows = [
        ["a@firma.de", "4.92211E+11", "", "", "1,23457E+11"],
        ["b@firma.de", "K-2", "", "", "+49 30 1234"],
    ]
    by_number = check(tmp_path, kind, GERMAN, rows, NUMBER)
    got = [(i.row_number, i.field, i.severity.value) for i in issues(by_number, "excel_scientific")]
    assert got == [(2, "customer_number", "error"), (2, "phone", "warning")]
    assert all(i.suggestion is None for i in issues(by_number, "excel_scientific"))
    by_email = check(tmp_path, kind, GERMAN, rows, EMAIL)
    assert {i.severity.value for i in issues(by_email, "excel_scientific")} == {"warning"}


def test_excel_error_values_in_a_csv_are_errors(tmp_path: Path) -> None:
    rows = [["#N/A", "K-1", "", "", ""], ["b@firma.de", "#REF!", "", "", "#NAME?"]]
    result = check(tmp_path, "csv", GERMAN, rows)
    got = [(i.row_number, i.field) for i in issues(result, "excel_error_value")]
    assert got == [(2, "email"), (3, "customer_number"), (3, "phone")]
    assert "Excel error value" in issues(result, "excel_error_value")[0].message


@pytest.mark.parametrize("kind", KINDS)
def test_german_postal_code_that_lost_its_zero(tmp_path: Path, kind: str) -> None:
    rows = [
        ["a@firma.de", "", "1067", "DE", ""],
        ["b@firma.de", "", "1010", "AT", ""],  # Vienna: four digits are right
        ["c@firma.de", "", "8001", "Schweiz", ""],
        ["d@firma.de", "", "4109", "", ""],  # empty country in a German file
        ["e@firma.de", "", "01067", "Deutschland", ""],
    ]
    result = check(tmp_path, kind, GERMAN, rows)
    found = issues(result, "postal_code_zero_lost")
    assert [(i.row_number, i.suggestion) for i in found] == [(2, "01067"), (5, "04109")]
    # Changing the country re-checks the postal code.
    result.edit_cell(0, "Land", "AT")
    assert issues(result, "postal_code_zero_lost")[0].row_number == 5


def test_editing_the_customer_number_moves_the_row_between_conflict_groups(
    tmp_path: Path,
) -> None:
    rows = [
        ["a@firma.de", "K-1", "", "", ""],
        ["b@firma.de", "K-2", "", "", ""],
        ["c@firma.de", "K-3", "", "", ""],
    ]
    result = check(tmp_path, "csv", GERMAN, rows)
    assert result.edit_cell(2, "Kundennummer", "k-1") == [2]
    assert [(i.code, "row 2" in i.message) for i in result.issues_for(2)] == [
        ("customer_number_conflict", True)
    ]
    assert result.edit_cell(1, "Kundennummer", "K-1") == [1]  # a second one, same leader
    assert result.edit_cell(0, "Kundennummer", "K-9") == [1]
    # Row 3 now leads K-1; row 4 conflicts with it.
    assert result.status(1).value == "ready"
    assert "row 3" in result.issues_for(2)[0].message


@pytest.mark.parametrize("options", [EMAIL, NUMBER], ids=["by-email", "by-number"])
def test_edits_give_the_issues_a_fresh_check_of_the_edited_file_gives(
    tmp_path: Path, options: ImportOptions
) -> None:
    import random

    rnd = random.Random(11)
    emails = ["a@firma.de", "b@firma.de", "A@firma.de", "c@gmial.com", ""]
    numbers = ["K-1", "k-1", "K-2", "", "4.5E+11"]
    rows = [[rnd.choice(emails), rnd.choice(numbers), "10115", "", ""] for _ in range(30)]
    result = check(tmp_path, "csv", GERMAN, rows, options)
    for _ in range(60):
        row = rnd.randrange(len(rows))
        column, pool = rnd.choice([(0, emails), (1, numbers)])
        rows[row][column] = rnd.choice(pool)
        result.edit_cell(row, list(GERMAN)[column], rows[row][column])
    fresh_dir = tmp_path / "fresh"
    fresh_dir.mkdir()
    fresh = check(fresh_dir, "csv", GERMAN, rows, options)

    def seen(r: validation.ValidationResult) -> list[tuple[int, str, str]]:
        return [(i.row_number, i.code, i.message) for i in r.iter_issues()]

    assert seen(result) == seen(fresh)


def test_all_suggestions_of_a_kind_for_a_column(tmp_path: Path) -> None:
    rows = [
        ["a@gmial.com", "", "1067", "DE", ""],
        ["b@firma.de", "", "10115", "DE", ""],
        ["c@web.dee", "", "4109", "DE", ""],
    ]
    result = check(tmp_path, "csv", GERMAN, rows)
    assert result.suggestion_count("email_typo", "E-Mail") == 2
    assert result.suggestions("email_typo", "E-Mail") == [(0, "a@gmail.com"), (2, "c@web.de")]
    assert result.suggestions("postal_code_zero_lost", "PLZ") == [(0, "01067"), (2, "04109")]
    assert result.suggestions("email_typo", "PLZ") == []
    result.exclude_row(2)
    assert result.suggestion_count("email_typo", "E-Mail") == 1


@pytest.mark.parametrize("engine", ["fastexcel", "calamine"])
def test_workbook_error_cells_are_read_as_their_text_and_flagged(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plandocket_desktop.core.reading import _workbook

    monkeypatch.setattr(_workbook, "ENGINE", engine)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Lookup"
    sheet.append(["Name", "E-Mail"])
    for name in ("Anna", "Ben", "Carla"):
        sheet.append([name, None])
    sheet["B2"] = "anna@firma.de"
    for ref, error in (("B3", "#N/A"), ("B4", "#REF!")):
        sheet[ref].value = error
        sheet[ref].data_type = "e"  # an error cell, as a failed VLOOKUP leaves it
    only_errors = book.create_sheet("Only errors")
    only_errors.append(["E-Mail"])
    for row in (2, 3):
        only_errors.cell(row, 1).value = "#N/A"
        only_errors.cell(row, 1).data_type = "e"
    path = tmp_path / "lookup.xlsx"
    book.save(path)

    table = reading.read_table(path, sheet="Lookup")
    assert [table.cell(i, 1) for i in range(table.n_rows)] == ["anna@firma.de", "#N/A", "#REF!"]
    result = validation.validate(table, {"E-Mail": "email", "Name": "first_name"}, options=EMAIL)
    found = [(i.row_number, i.code, i.value) for i in result.iter_issues()]
    assert found == [(3, "excel_error_value", "#N/A"), (4, "excel_error_value", "#REF!")]
    # A sheet of only error values has data (it used to read as empty).
    errors_only = reading.read_table(path, sheet="Only errors")
    assert errors_only.n_rows == 2
