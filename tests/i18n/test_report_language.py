"""The error report's added columns and outcome words, the core's errors and the preview's row
lines follow the chosen language (they are for people; the original columns stay as they are)."""

from __future__ import annotations

import csv

import pytest

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing import _journal as journal
from plandocket_desktop.core.importing import _report as report
from plandocket_desktop.core.preview import Action, RowPreview, row_line
from tests.core.importing.test_report import imported, sample_table


def read_report(path):
    return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))


@pytest.mark.parametrize(
    ("language", "added", "outcomes"),
    [
        pytest.param("en", ["Row number", "Outcome", "Message"], {"failed", "not sent"}, id="en"),
        pytest.param(
            "de",
            ["Zeilennummer", "Ergebnis", "Meldung"],
            {"fehlgeschlagen", "nicht gesendet"},
            id="de",
        ),
    ],
)
def test_report_headers_and_outcomes_follow_the_language(
    use_language, tmp_path, language, added, outcomes
):
    use_language(language)
    table = sample_table()
    path = tmp_path / "report.csv"
    report.write_error_report(imported(table), table, path)
    rows = read_report(path)
    assert rows[0] == ["E-Mail", "Vorname", "Telefon", *added]
    assert {r[-2] for r in rows[1:]} == outcomes


def test_a_clash_with_a_source_column_gets_the_translated_suffix(use_language):
    use_language("de")
    table = sample_table()
    clashing = type(table).from_rows(["Ergebnis"], [["x"]], source=table.source)
    assert report.report_columns(clashing) == [
        "Ergebnis",
        "Zeilennummer",
        "Ergebnis (Import)",
        "Meldung",
    ]


def test_journal_error_is_german(use_language, tmp_path):
    use_language("de")
    with pytest.raises(errors.JournalError, match=r"^Die Datei weg\.csv kann nicht gelesen"):
        journal.fingerprint(tmp_path / "weg.csv")


def test_preview_row_line_is_one_translated_sentence(use_language):
    row = RowPreview(
        index=0, row=5, action=Action.UPDATE, reason="update", changes={"city": ("Bonn", "Köln")}
    )
    assert row_line(row) == (
        "Row 5 (Update): Already in PlanDocket: its fields will be updated. City: Bonn → Köln"
    )
    use_language("de")
    line = row_line(row)
    assert line.startswith("Zeile 5 (Aktualisieren): ")
    assert "Bonn → Köln" in line
    assert "Update" not in line
