"""Review page: validation off the GUI thread, counts, filter, fixing and leaving out rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableView, QWizard

from plandocket_desktop.core._table import Table
from plandocket_desktop.ui import models, style
from plandocket_desktop.ui.pages import review
from plandocket_desktop.ui.state import WizardState

COLUMNS = ["E-Mail", "Vorname", "Bewertung", "Webseite"]
ROWS = [
    ["anna@example.com", "Anna", "4", ""],  # ready
    ["not-an-address", "Ben", "3", ""],  # error
    ["carla@example.com", "Carla", "9", ""],  # error
    ["dora@example.com", "Dora", "", ""],  # ready
    ["eve@example.com", "Eve", "2", "example.org"],  # warning: https:// added
]
MAPPING = {"E-Mail": "email", "Vorname": "first_name", "Bewertung": "rating", "Webseite": "website"}


@pytest.fixture
def state() -> WizardState:
    state = WizardState()
    state.table = Table.from_rows(COLUMNS, ROWS)
    state.draft.mapping = dict(MAPPING)
    return state


@pytest.fixture
def page(qtbot, state):
    page = review.ReviewPage(state)
    qtbot.addWidget(page)
    yield page
    page.shutdown()


def _validated(qtbot, page) -> None:
    page.initializePage()
    qtbot.waitUntil(lambda: page.model is not None, timeout=10_000)


def test_rows_are_checked_in_a_worker_and_counted_in_plain_words(qtbot, page, state):
    assert page.objectName() == "reviewPage"
    page.initializePage()
    assert page.busy
    assert not page.isComplete()
    with qtbot.waitSignal(page.completeChanged, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: page.model is not None, timeout=10_000)
    assert page.isComplete()
    assert state.validation is not None
    text = page.counts_text
    assert "2 rows are ready." in text
    assert "1 row has a warning" in text
    assert "2 rows have errors and will not be sent until fixed." in text
    assert page.buttonText(QWizard.WizardButton.CommitButton) == "Se&nd 3 rows"
    assert page.isCommitPage()
    table = page.findChild(QTableView, "reviewTable")
    assert table is not None
    assert table.model() is page.model


def test_editing_a_cell_in_the_table_fixes_the_row(qtbot, page, state):
    _validated(qtbot, page)
    view = page.view
    index = view.model().index(1, models.FIRST_SOURCE_COLUMN)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "ben@example.com")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "3 rows are ready." in page.counts_text)
    assert "1 row has errors" in page.counts_text
    assert state.draft.edits == {(3, "E-Mail"): "ben@example.com"}
    assert state.validation.status(1) == "ready"
    assert page.buttonText(QWizard.WizardButton.CommitButton) == "Se&nd 4 rows"


def test_leaving_out_selected_rows_records_their_row_numbers(qtbot, page, state):
    _validated(qtbot, page)
    view = page.view
    view.setCurrentIndex(view.model().index(0, models.FIRST_SOURCE_COLUMN))
    qtbot.mouseClick(page.findChild(QPushButton, "excludeRowsButton"), Qt.MouseButton.LeftButton)
    assert state.draft.excluded_rows == {2}
    assert "1 row is left out by you." in page.counts_text
    assert page.buttonText(QWizard.WizardButton.CommitButton) == "Se&nd 2 rows"
    qtbot.mouseClick(page.findChild(QPushButton, "includeRowsButton"), Qt.MouseButton.LeftButton)
    assert state.draft.excluded_rows == set()


def test_the_row_buttons_wait_for_a_selected_row(qtbot, page):
    _validated(qtbot, page)
    exclude = page.findChild(QPushButton, "excludeRowsButton")
    include = page.findChild(QPushButton, "includeRowsButton")
    view = page.view
    view.selectionModel().clearCurrentIndex()
    view.clearSelection()
    assert not exclude.isEnabled()
    assert not include.isEnabled()
    view.setCurrentIndex(view.model().index(0, models.FIRST_SOURCE_COLUMN))
    assert exclude.isEnabled()
    assert include.isEnabled()
    page.set_filter(models.ReviewFilter.ERRORS)  # the rows shown change: nothing is selected
    assert not exclude.isEnabled()


def test_the_current_rows_problems_are_written_under_the_table(qtbot, page):
    _validated(qtbot, page)
    label = page.findChild(QLabel, "reviewRowProblemsLabel")
    view = page.view
    view.selectionModel().clearCurrentIndex()
    assert label.text() == review.ROW_HINT
    view.setCurrentIndex(view.model().index(1, models.FIRST_SOURCE_COLUMN))
    assert label.text().startswith("Row 3: E-Mail: ")
    assert "valid email" in label.text()
    view.setCurrentIndex(view.model().index(0, models.FIRST_SOURCE_COLUMN))
    assert label.text() == "Row 2: Ready to send."


def test_the_delete_key_leaves_the_selected_row_out(qtbot, page, state):
    _validated(qtbot, page)
    view = page.view
    view.setCurrentIndex(view.model().index(3, models.FIRST_SOURCE_COLUMN))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert state.draft.excluded_rows == {5}


def test_leaving_out_every_sendable_row_disables_next(qtbot, page, state):
    _validated(qtbot, page)
    page.exclude_rows([0, 3, 4])
    assert not page.isComplete()
    assert "Nothing can be sent yet" in page.counts_text
    assert page.buttonText(QWizard.WizardButton.CommitButton) == "Nothing to send"


def test_the_filter_shows_only_problem_rows(qtbot, page):
    _validated(qtbot, page)
    combo = page.findChild(QComboBox, "reviewFilterCombo")
    combo.setCurrentIndex(combo.findData(models.ReviewFilter.ERRORS.value))
    assert page.model.rowCount() == 2
    page.set_filter(models.ReviewFilter.WARNINGS)
    assert page.model.rowCount() == 1  # example.org gets https:// added: a warning
    assert page.model.source_row(0) == 4
    assert page.model.data(page.model.index(0, models.STATUS_COLUMN)) == "Check"


def test_coming_back_unchanged_keeps_the_check_and_edits(qtbot, page, state):
    _validated(qtbot, page)
    page.model.setData(page.model.index(1, models.FIRST_SOURCE_COLUMN), "ben@example.com")
    model = page.model
    page.cleanupPage()
    page.initializePage()
    assert page.model is model
    assert not page.busy


def test_a_changed_mapping_is_checked_again_with_earlier_edits(qtbot, page, state):
    _validated(qtbot, page)
    page.model.setData(page.model.index(1, models.FIRST_SOURCE_COLUMN), "ben@example.com")
    state.draft.mapping["Bewertung"] = None
    _validated(qtbot, page)
    assert state.validation.counts["errors"] == 0
    assert page.model.data(page.model.index(1, models.FIRST_SOURCE_COLUMN)) == "ben@example.com"


def test_a_mapping_that_cannot_work_is_explained_on_the_page(qtbot, page, state):
    state.draft.fixed_values = {"rating": "banana"}
    page.initializePage()
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    label = page.findChild(style.MessageBar, "reviewMessageLabel")
    assert "banana" in label.text()
    assert not page.isComplete()


def test_a_million_rows_open_at_once_and_scroll_to_the_end(qtbot):
    import time

    import pyarrow as pa

    n = 1_000_000
    emails = pa.array([f"user{i}@example.com" for i in range(n)], pa.string())
    state = WizardState()
    state.table = Table(["Email"], pa.table({"0": emails}), range(2, n + 2))
    state.draft.mapping = {"Email": "email"}
    page = review.ReviewPage(state)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.initializePage()
    qtbot.waitUntil(lambda: page.model is not None, timeout=30_000)
    assert page.buttonText(QWizard.WizardButton.CommitButton) == "Se&nd 1,000,000 rows"
    view = page.view
    start = time.perf_counter()
    view.scrollToBottom()
    view.viewport().grab()  # paints the visible rows
    last = view.model().index(n - 1, models.FIRST_SOURCE_COLUMN)
    assert view.model().data(last) == f"user{n - 1}@example.com"
    page.set_filter(models.ReviewFilter.ERRORS)
    assert page.model.rowCount() == 0
    # A guard against per-row work (which costs many seconds at 1M rows), not a speed target:
    # speed is measured by tests/benchmarks/ui_responsiveness.py.
    assert time.perf_counter() - start < 5.0
    page.shutdown()


def test_the_validation_worker_run_directly(state):
    from plandocket_desktop.ui.threads import ValidationWorker

    worker = ValidationWorker(state.table, state.draft)
    results, failures = [], []
    worker.succeeded.connect(results.append)
    worker.failed.connect(failures.append)
    worker.run()
    assert failures == []
    assert results[0].counts["errors"] == 2
    state.draft.mapping = {"Vorname": "first_name"}  # no email column: cannot work
    worker = ValidationWorker(state.table, state.draft)
    worker.failed.connect(failures.append)
    worker.run()
    assert "email" in failures[0].lower()
