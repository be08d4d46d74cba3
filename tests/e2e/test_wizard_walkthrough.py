"""The whole wizard as a person uses it: practice mode, a dropped file, review, import, results.

Every test drives the real ImportWizard with clicks and real drop events; the practice
sandbox (a real HTTP server on 127.0.0.1) is checked afterwards. The spreadsheets are written
here, with the quirks of the lists people export from Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWizard

from plandocket_desktop.core import paths
from plandocket_desktop.core.api import _credentials as credentials
from plandocket_desktop.core.importing import _history as history
from plandocket_desktop.core.importing import _journal as journal
from plandocket_desktop.core.types import Outcome
from plandocket_desktop.ui import models, wizard
from plandocket_desktop.ui.pages import _ask
from tests import key_hygiene
from tests.keyrings import MemoryKeyring
from tests.ui.conftest import drop_file

pytestmark = pytest.mark.e2e

# --- the spreadsheets -------------------------------------------------------------------------

KUNDEN_HEADER = [
    "Kundennummer",
    "Anrede",
    "Vorname",
    "Nachname",
    "Firma",
    "E-Mail",
    "Straße",
    "PLZ",
    "Ort",
    "Land",
    "Telefon",
    "Mobil",
    "Webseite",
    "Bewertung",
    "Kategorien",
    "Bemerkung",
]
# Spreadsheet rows of the customer list that cannot be sent (matched by e-mail): an e-mail
# written "(at)", a missing e-mail, ratings 6 and "gut", a misspelt country, an e-mail that
# row 9 has already (in capitals).
KUNDEN_ERROR_ROWS = (4, 6, 8, 10, 11, 18)
KUNDEN_BLANK_ROW = 15
KUNDEN_DATA_ROWS = 24  # rows 2 to 26 without the blank one
KUNDEN_SENDABLE = KUNDEN_DATA_ROWS - len(KUNDEN_ERROR_ROWS)  # 18


def kunden_email(row: int) -> str:
    return f"kunde{row:02d}@beispiel-handel.de"


NOTE = "Rabatt 50 € vereinbart \u2013 gilt bis 31.12.\nLieferung über Tor 3"  # en dash, LF
# Cells that differ from the plain rows, by spreadsheet row.
KUNDEN_QUIRKS: dict[int, dict[str, str]] = {
    4: {"Firma": "Hornich", "E-Mail": "info(at)hornich.de", "Land": "Germany"},
    5: {"E-Mail": f" {kunden_email(5)}   "},
    6: {"E-Mail": ""},
    8: {"Bewertung": "6"},
    10: {"Bewertung": "gut", "Kategorien": "kunde;aussteller"},
    11: {"Land": "Germny"},
    12: {"Bemerkung": NOTE},
    13: {"Kategorien": "kunde;aussteller", "Land": "AT"},
    18: {"E-Mail": kunden_email(9).upper()},
    23: {"Webseite": "www.haefliger.ch"},
}


def write_kundenliste(folder: Path) -> Path:
    """A German customer list as Excel-DE saves "CSV (Trennzeichen-getrennt)".

    Windows-1252, semicolons, CRLF, leading zeros kept as text, a euro sign, an en dash and a
    line break in a quoted note, an empty ';;;' row, the problems of KUNDEN_ERROR_ROWS and a
    web address without https:// (a warning only).
    """
    rows: list[list[str]] = [KUNDEN_HEADER]
    for n in range(2, 2 + KUNDEN_DATA_ROWS + 1):
        if n == KUNDEN_BLANK_ROW:
            rows.append([""] * len(KUNDEN_HEADER))
            continue
        cells = {
            "Kundennummer": f"{n * 7:06d}",
            "Anrede": "Frau" if n % 2 else "Herr",
            "Vorname": f"Jörg{n}",
            "Nachname": "Weiß",
            "Firma": f"Müller & Söhne {n} GmbH",
            "E-Mail": kunden_email(n),
            "Straße": f"Hauptstraße {n}",
            "PLZ": f"0{1060 + n}",
            "Ort": "Köln",
            "Land": "Deutschland",
            "Telefon": f"+49 221 {n:05d}",
            "Mobil": "",
            "Webseite": "https://www.beispiel-handel.de",
            "Bewertung": "4",
            "Kategorien": "kunde",
            "Bemerkung": "",
            **KUNDEN_QUIRKS.get(n, {}),
        }
        rows.append([cells[h] for h in KUNDEN_HEADER])
    path = folder / "kundenliste_excel_de.csv"
    path.write_bytes(_csv_text(rows).encode("cp1252"))
    return path


TEILNEHMER_HEADER = [
    "E-Mail-Adresse",
    "Vorname",
    "Nachname",
    "Firma",
    "Kd.-Nr.",
    "Bestätigt",
    "Anmerkung",
]
# Rows that cannot be sent: "vielleicht" and "?" as yes/no, an e-mail without a domain, an
# e-mail row 13 has already (other capitals).
TEILNEHMER_ERROR_ROWS = (5, 8, 10, 19)
TEILNEHMER_DATA_ROWS = 20
TEILNEHMER_SENDABLE = TEILNEHMER_DATA_ROWS - len(TEILNEHMER_ERROR_ROWS)  # 16
TEILNEHMER_CONFIRMED = ["ja", "nein", "x", "vielleicht", "Ja", "JA", "wahr", "falsch", "?", "0"]
TEILNEHMER_CONFIRMED += ["x", "ja", "ja", "nein", "X", "ja", "Nein", "1", "ja", "x"]
TEILNEHMER_QUIRKS: dict[int, dict[str, str]] = {
    3: {"E-Mail-Adresse": "olaf@bücher.de"},
    5: {"Firma": '=HYPERLINK("http://example.com/katalog";"Katalog")'},
    6: {"Kd.-Nr.": ""},
    8: {"E-Mail-Adresse": "isa.hofmeister@", "Anmerkung": "=cmd|' /C calc'!A0"},
    10: {"Vorname": "=1+1"},
    11: {"Kd.-Nr.": ""},
    12: {"Anmerkung": "+49 171 2345678 bitte zurückrufen"},
    14: {"Anmerkung": "-vegetarisch-"},
    15: {"E-Mail-Adresse": "info@müller-gärten.at"},
    16: {"Kd.-Nr.": ""},
    17: {"Firma": "@work Consulting GmbH"},
    19: {"E-Mail-Adresse": "Gast13@Messe-Beispiel.de"},
}


def write_teilnehmer(folder: Path) -> Path:
    """A participant list as Excel saves "CSV UTF-8": byte order mark, semicolons, CRLF.

    Yes/no as ja/nein/x/wahr/1/0, e-mail domains with umlauts, cells that start like formulas.
    """
    rows: list[list[str]] = [TEILNEHMER_HEADER]
    for n, confirmed in enumerate(TEILNEHMER_CONFIRMED, start=2):
        cells = {
            "E-Mail-Adresse": f"gast{n:02d}@messe-beispiel.de",
            "Vorname": f"Anna{n}",
            "Nachname": "Groß",
            "Firma": f"Gärtnerei {n}",
            "Kd.-Nr.": f"{n * 11:05d}",
            "Bestätigt": confirmed,
            "Anmerkung": "",
            **TEILNEHMER_QUIRKS.get(n, {}),
        }
        rows.append([cells[h] for h in TEILNEHMER_HEADER])
    path = folder / "teilnehmer_excel_utf8.csv"
    path.write_bytes(_csv_text(rows).encode("utf-8-sig"))
    return path


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue()


# --- driving the wizard -----------------------------------------------------------------------


@pytest.fixture
def hygiene(app_home: Path) -> Iterator[key_hygiene.Watch]:
    with key_hygiene.watching(app_home) as watch:
        yield watch


@pytest.fixture
def make_wizard(qtbot):
    """Wizards with the app's own settings file and practice database (in the test's home)."""
    made: list[Any] = []

    def make() -> Any:
        wiz = wizard.ImportWizard(credentials=credentials.CredentialStore(MemoryKeyring()))
        qtbot.addWidget(wiz)
        wiz.show()
        made.append(wiz)
        return wiz

    yield make
    for wiz in made:
        wiz.done(QWizard.DialogCode.Rejected)


def page_name(wiz) -> str:
    return wiz.currentPage().objectName()


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_next(qtbot, wiz) -> None:
    page = wiz.currentPage()
    qtbot.waitUntil(page.isComplete, timeout=20_000)
    which = (
        QWizard.WizardButton.CommitButton
        if page.isCommitPage()
        else QWizard.WizardButton.NextButton
    )
    before = wiz.currentId()
    click(qtbot, wiz.button(which))
    qtbot.waitUntil(lambda: wiz.currentId() != before, timeout=10_000)


def practice_and_drop(qtbot, wiz, path: Path) -> None:
    click(qtbot, wiz.findChild(QPushButton, "practiceModeButton"))
    qtbot.waitUntil(wiz.connect_page.isComplete, timeout=30_000)
    if page_name(wiz) == "connectPage":
        click_next(qtbot, wiz)
    assert page_name(wiz) == "filePage"
    assert wiz.state.sandbox is not None
    assert drop_file(wiz.file_page.drop_area, path)
    qtbot.waitUntil(wiz.file_page.isComplete, timeout=20_000)


def to_review(qtbot, wiz) -> Any:
    click_next(qtbot, wiz)  # File -> Target
    assert page_name(wiz) == "targetPage"
    click_next(qtbot, wiz)  # Target -> Columns (suggested mapping accepted)
    assert page_name(wiz) == "columnsPage"
    click_next(qtbot, wiz)  # Columns -> Review
    review = wiz.currentPage()
    assert review.objectName() == "reviewPage"
    qtbot.waitUntil(review.isComplete, timeout=20_000)
    return review


def import_and_wait(qtbot, wiz) -> Any:
    click_next(qtbot, wiz)  # Review (commit) -> Import
    assert page_name(wiz) in ("importPage", "resultsPage")
    qtbot.waitUntil(lambda: page_name(wiz) == "resultsPage", timeout=60_000)
    assert not wiz.button(QWizard.WizardButton.BackButton).isEnabled()  # no way back
    return wiz.currentPage()


def answered(report) -> int:
    """Rows PlanDocket answered for (created, updated, skipped or refused)."""
    counts = report.counts()
    return counts["created"] + counts["updated"] + counts["skipped"] + counts["failed"]


def created_emails(state, indices=None) -> set[str]:
    table = state.table
    column = table.columns.index("E-Mail")
    rows = range(table.n_rows) if indices is None else indices
    return {
        table.cell(i, column).strip().lower()
        for i in rows
        if state.report.outcomes[i] is Outcome.CREATED
    }


def emails_in(sandbox, emails) -> set[str]:
    stored = {c["email"].lower() for c in sandbox.store.contacts() if c.get("email")}
    return {e.lower() for e in emails} & stored


def test_contacts_from_a_dropped_file_to_the_sandbox(
    qtbot, make_wizard, tmp_path, hygiene, monkeypatch
):
    wiz = make_wizard()
    practice_and_drop(qtbot, wiz, write_kundenliste(tmp_path))
    review = to_review(qtbot, wiz)
    errors = len(KUNDEN_ERROR_ROWS)
    assert f"{errors:,} rows have errors" in review.counts_text
    assert review.buttonText(QWizard.WizardButton.CommitButton) == f"Se&nd {KUNDEN_SENDABLE} rows"

    results = import_and_wait(qtbot, wiz)
    report = wiz.state.report
    assert report.counts() == {
        "created": KUNDEN_SENDABLE,
        "updated": 0,
        "skipped": 0,
        "failed": 0,
        "sent": 0,
        "not_sent": errors,
        "ignored": 1,  # the blank row
    }
    assert "went into PlanDocket" in results.summary_text
    sent = set(range(2, 2 + KUNDEN_DATA_ROWS + 1)) - {KUNDEN_BLANK_ROW, *KUNDEN_ERROR_ROWS}
    expected = {kunden_email(r) for r in sent}
    assert created_emails(wiz.state) == expected
    assert emails_in(wiz.state.sandbox, expected) == expected
    assert results.history_count == 1
    assert not wiz.button(QWizard.WizardButton.BackButton).isEnabled()

    # The error report, where the save dialog suggests it (beside the file).
    chosen: list[Path] = []
    monkeypatch.setattr(
        _ask, "choose_report_path", lambda parent, suggested: chosen.append(suggested) or suggested
    )
    click(qtbot, results.findChild(QPushButton, "saveReportButton"))
    qtbot.waitUntil(lambda: results.report_saved_to is not None, timeout=20_000)
    assert results.report_saved_to == chosen[0]
    lines = chosen[0].read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + errors

    data = paths.data_dir()
    hygiene.assert_key_nowhere(
        wiz.state.api_key,
        settings=[wiz.settings],
        also=[tmp_path],
        expect=[chosen[0], data / history.FILE_NAME, data / journal.FILE_NAME],
    )

    # "New import": back at the File page with the connection kept and nothing left over.
    click(qtbot, results.findChild(QPushButton, "newImportButton"))
    assert page_name(wiz) == "filePage"
    assert wiz.state.client is not None
    assert wiz.state.table is None
    assert wiz.state.draft.path is None


def test_editing_a_cell_in_review_fixes_the_row(qtbot, make_wizard, tmp_path):
    wiz = make_wizard()
    practice_and_drop(qtbot, wiz, write_kundenliste(tmp_path))
    review = to_review(qtbot, wiz)
    combo = review.findChild(QComboBox, "reviewFilterCombo")
    combo.setCurrentIndex(combo.findData(models.ReviewFilter.ERRORS.value))
    model = review.model
    view = review.view
    # Row 4 of the spreadsheet has "info(at)hornich.de": fix it in place.
    row = next(
        r for r in range(model.rowCount()) if model.headerData(r, Qt.Orientation.Vertical) == "4"
    )
    column = models.FIRST_SOURCE_COLUMN + wiz.state.table.columns.index("E-Mail")
    index = model.index(row, column)
    assert model.data(index) == "info(at)hornich.de"
    before = review.buttonText(QWizard.WizardButton.CommitButton)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "info@hornich.de")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: review.buttonText(QWizard.WizardButton.CommitButton) != before)
    assert before == f"Se&nd {KUNDEN_SENDABLE} rows"
    assert (
        review.buttonText(QWizard.WizardButton.CommitButton) == f"Se&nd {KUNDEN_SENDABLE + 1} rows"
    )
    assert wiz.state.draft.edits == {(4, "E-Mail"): "info@hornich.de"}
    import_and_wait(qtbot, wiz)
    row = wiz.state.validation.row_index(4)
    assert wiz.state.report.outcomes[row] is Outcome.CREATED, wiz.state.report.message(row)
    assert wiz.state.report.counts()["created"] == KUNDEN_SENDABLE + 1
    # The record PlanDocket got carries the edit (and the rest of row 4).
    stored = [c for c in wiz.state.sandbox.store.contacts() if c.get("company_name") == "Hornich"]
    assert [c["email"] for c in stored] == ["info@hornich.de"]
    assert stored[0]["customer_number"] == f"{4 * 7:06d}"


def test_participants_with_an_event_picked_from_the_list(qtbot, make_wizard, tmp_path):
    wiz = make_wizard()
    practice_and_drop(qtbot, wiz, write_teilnehmer(tmp_path))
    click_next(qtbot, wiz)
    target = wiz.currentPage()
    assert target.objectName() == "targetPage"
    combo = target.findChild(QComboBox, "targetCombo")
    combo.setCurrentIndex(combo.findData("participants"))
    events = target.findChild(QComboBox, "eventCombo")
    qtbot.waitUntil(lambda: events.count() > 0, timeout=20_000)
    picked = events.findData("expo-2025")
    assert picked >= 0
    events.setCurrentIndex(picked)
    before = {p.get("email") for p in wiz.state.sandbox.store.participants(event_key="expo-2025")}
    click_next(qtbot, wiz)  # -> Columns
    click_next(qtbot, wiz)  # -> Review
    review = wiz.currentPage()
    qtbot.waitUntil(review.isComplete, timeout=20_000)
    sendable = TEILNEHMER_SENDABLE
    assert review.buttonText(QWizard.WizardButton.CommitButton) == f"Se&nd {sendable} rows"
    import_and_wait(qtbot, wiz)
    report = wiz.state.report
    assert report.options.event_key == "expo-2025"
    counts = report.counts()
    assert answered(report) == sendable
    assert counts["created"] == sendable  # umlaut domains and formula-like cells included
    assert counts["not_sent"] == len(TEILNEHMER_ERROR_ROWS)
    after = wiz.state.sandbox.store.participants(event_key="expo-2025")
    assert len(after) - len(before) == sendable


def test_cancel_in_the_middle_of_an_import(qtbot, make_wizard, tmp_path, monkeypatch):
    wiz = make_wizard()
    practice_and_drop(qtbot, wiz, write_kundenliste(tmp_path))
    wiz.state.draft.batch_size = 3
    to_review(qtbot, wiz)
    wiz.state.sandbox.set_faults(latency_ms=300)
    click_next(qtbot, wiz)
    page = wiz.currentPage()
    assert page.objectName() == "importPage"
    assert not wiz.button(QWizard.WizardButton.CancelButton).isEnabled()
    assert not wiz.button(QWizard.WizardButton.BackButton).isEnabled()  # no Back during import
    qtbot.waitUntil(lambda: page.batch_text.startswith("Batch 2"), timeout=20_000)
    # Esc asks too; "no" carries on.
    asked = []
    monkeypatch.setattr(_ask, "confirm_cancel_import", lambda parent: asked.append(1) and False)
    qtbot.keyClick(wiz, Qt.Key.Key_Escape)
    assert asked == [1]
    assert page.running
    assert wiz.isVisible()
    monkeypatch.setattr(_ask, "confirm_cancel_import", lambda parent: True)
    click(qtbot, page.findChild(QPushButton, "cancelButton"))
    qtbot.waitUntil(lambda: page_name(wiz) == "resultsPage", timeout=20_000)
    report = wiz.state.report
    assert report.cancelled
    done = answered(report)
    assert 0 < done < KUNDEN_SENDABLE
    assert done % 3 == 0
    assert "You stopped the import." in wiz.currentPage().summary_text

    # "Retry failed rows" sends the rest, and nothing twice.
    wiz.state.sandbox.set_faults(latency_ms=0)
    click(qtbot, wiz.findChild(QPushButton, "retryFailedButton"))
    assert page_name(wiz) == "importPage"
    qtbot.waitUntil(lambda: page_name(wiz) == "resultsPage", timeout=30_000)
    retry = wiz.state.report
    assert not retry.cancelled
    # The results still account for every row of the file, the first run's included.
    assert answered(retry) == KUNDEN_SENDABLE
    assert retry.counts()["not_sent"] == len(KUNDEN_ERROR_ROWS)
    assert "You stopped" not in wiz.currentPage().summary_text


def test_an_unfinished_import_is_offered_for_resuming_at_start(
    qtbot, make_wizard, tmp_path, monkeypatch
):
    # First run: the window is closed in the middle of an import.
    first = make_wizard()
    practice_and_drop(qtbot, first, write_kundenliste(tmp_path))
    first.state.draft.batch_size = 3
    to_review(qtbot, first)
    first.state.sandbox.set_faults(latency_ms=300)
    click_next(qtbot, first)
    page = first.currentPage()
    qtbot.waitUntil(lambda: page.batch_text.startswith("Batch 3"), timeout=20_000)
    monkeypatch.setattr(_ask, "confirm_close_during_import", lambda parent: True)
    assert first.close()
    with journal.JournalStore() as store:
        unfinished = store.unfinished()
        assert len(unfinished) == 1
        recorded = store.open(unfinished[0].job_id).recorded()
    sent_first = {i for rows in recorded.values() for i, _outcome, _message in rows}
    assert 0 < len(sent_first) < KUNDEN_SENDABLE

    # Next start: offered, accepted, and only the batches not yet answered are sent.
    offers = []
    monkeypatch.setattr(_ask, "confirm_resume", lambda parent, text: offers.append(text) or True)
    second = make_wizard()
    assert second.offer_resume()
    assert "kundenliste_excel_de.csv" in offers[0]
    qtbot.waitUntil(second.connect_page.isComplete, timeout=30_000)
    click_next(qtbot, second)  # Connect -> File (the file is loaded already)
    qtbot.waitUntil(second.file_page.isComplete, timeout=20_000)
    to_review(qtbot, second)
    click_next(qtbot, second)
    assert "interrupted import" in second.currentPage().headline
    qtbot.waitUntil(lambda: page_name(second) == "resultsPage", timeout=60_000)
    report = second.state.report
    assert answered(report) == KUNDEN_SENDABLE
    # Practice mode starts from fresh demo data, so the sandbox holds exactly what the
    # second run sent: rows answered in the first run were not sent again.
    table = second.state.table
    column = table.columns.index("E-Mail")
    every = {table.cell(i, column).strip().lower() for i in range(table.n_rows)}
    sendable = set(second.state.validation.sendable_indices())
    expected = created_emails(second.state, sendable - sent_first)
    assert expected
    assert emails_in(second.state.sandbox, every) == expected
    with journal.JournalStore() as store:
        assert store.unfinished() == []


def test_three_mistyped_providers_fixed_with_use_all_are_sent_corrected(
    qtbot, make_wizard, tmp_path
):
    path = tmp_path / "typos.csv"
    path.write_text(
        "E-Mail;Vorname;Nachname\n"
        "anna.typo@gmial.com;Anna;Alt\n"
        "ben.typo@hotmail.con;Ben;Berg\n"
        "carla.typo@firma-bau.de;Carla;Cordes\n"
        "dora.typo@t-onlien.de;Dora;Dietz\n",
        encoding="utf-8",
    )
    wiz = make_wizard()
    practice_and_drop(qtbot, wiz, path)
    review = to_review(qtbot, wiz)
    assert "3 rows have warnings" in review.counts_text
    column = models.FIRST_SOURCE_COLUMN + wiz.state.table.columns.index("E-Mail")
    review.view.setCurrentIndex(review.model.index(0, column))
    click(qtbot, review.findChild(QPushButton, "useAllSuggestionsButton"))
    assert "4 rows are ready." in review.counts_text
    assert all(wiz.state.validation.status(i).value == "ready" for i in range(4))
    import_and_wait(qtbot, wiz)
    stored = sorted(
        c["email"] for c in wiz.state.sandbox.store.contacts() if ".typo@" in c["email"]
    )
    assert stored == [
        "anna.typo@gmail.com",
        "ben.typo@hotmail.com",
        "carla.typo@firma-bau.de",
        "dora.typo@t-online.de",
    ]
