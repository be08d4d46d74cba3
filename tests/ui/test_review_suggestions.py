"""Review page: "Use suggestion" for one cell and "Use all suggestions of this kind"."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from plandocket_desktop.core._table import Table
from plandocket_desktop.ui import models
from plandocket_desktop.ui.pages import review
from plandocket_desktop.ui.state import WizardState

COLUMNS = ["E-Mail", "Vorname"]
ROWS = [
    ["anna@gmial.com", "Anna"],
    ["ben@firma.de", "Ben"],
    ["carla@hotmail.con", "Carla"],
    ["dora@gmx.ner", "Dora"],
]


def _page(qtbot):
    state = WizardState()
    state.table = Table.from_rows(COLUMNS, ROWS)
    state.draft.mapping = {"E-Mail": "email", "Vorname": "first_name"}
    page = review.ReviewPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    qtbot.waitUntil(lambda: page.model is not None, timeout=10_000)
    return page, state


def _go_to(page, row: int, column: int = 0) -> None:
    view = page.view
    view.setCurrentIndex(view.model().index(row, models.FIRST_SOURCE_COLUMN + column))


def test_the_bar_offers_the_current_cells_suggestion_and_uses_it(qtbot):
    page, state = _page(qtbot)
    bar = page.findChild(review.review_suggestions.SuggestionBar, "reviewSuggestionBar")
    assert bar is not None
    assert bar.isHidden()
    _go_to(page, 1)  # a correct address: nothing to suggest
    assert bar.isHidden()
    _go_to(page, 0, column=1)  # the first name: nothing to suggest
    assert bar.isHidden()
    _go_to(page, 0)
    assert not bar.isHidden()
    label = page.findChild(review.QWidget, "reviewSuggestionLabel")
    assert label.text() == "Suggested value for E-Mail: 'anna@gmail.com'"
    use_all = page.findChild(QPushButton, "useAllSuggestionsButton")
    assert use_all.text() == "Use all suggestions of this kind (3 cells)"
    page.findChild(QPushButton, "useSuggestionButton").click()
    assert state.draft.edits == {(2, "E-Mail"): "anna@gmail.com"}
    assert state.validation is not None
    assert state.validation.status(0).value == "ready"
    assert bar.isHidden()  # the cell has no issue any more
    page.shutdown()


def test_use_all_fixes_the_column_and_the_import_sends_the_corrected_emails(qtbot):
    page, state = _page(qtbot)
    assert "3 rows have warnings" in page.counts_text
    _go_to(page, 2)
    page.findChild(QPushButton, "useAllSuggestionsButton").click()
    assert state.draft.edits == {
        (2, "E-Mail"): "anna@gmail.com",
        (4, "E-Mail"): "carla@hotmail.com",
        (5, "E-Mail"): "dora@gmx.net",
    }
    assert "4 rows are ready." in page.counts_text
    validation = state.validation
    assert validation is not None
    sent = [r["email"] for r in validation.records(validation.sendable_indices())]
    assert sent == ["anna@gmail.com", "ben@firma.de", "carla@hotmail.com", "dora@gmx.net"]
    page.shutdown()
