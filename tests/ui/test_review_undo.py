"""Review page: edits, suggestions used and rows left out are undone and redone (keys, buttons)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.types import RowStatus
from plandocket_desktop.ui import models
from plandocket_desktop.ui.pages import review
from plandocket_desktop.ui.state import WizardState

COLUMNS = ["E-Mail", "Vorname"]
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen windows

ROWS = [
    ["anna@gmial.com", "Anna"],  # a warning with a suggestion
    ["not-an-address", "Ben"],  # an error
    ["carla@hotmail.con", "Carla"],  # a warning with a suggestion
    ["dora@example.com", "Dora"],  # ready
]


@pytest.fixture
def state() -> WizardState:
    state = WizardState()
    state.table = Table.from_rows(COLUMNS, ROWS)
    state.draft.mapping = {"E-Mail": "email", "Vorname": "first_name"}
    return state


@pytest.fixture
def page(qtbot, state):
    page = review.ReviewPage(state)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    page.initializePage()
    qtbot.waitUntil(lambda: page.model is not None, timeout=10_000)
    yield page
    page.shutdown()


def _button(page, name: str) -> QPushButton:
    button = page.findChild(QPushButton, name)
    assert button is not None
    return button


def _type_into(qtbot, page, row: int, text: str) -> None:
    view = page.view
    index = view.model().index(row, models.FIRST_SOURCE_COLUMN)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_an_edit_is_undone_by_ctrl_z_and_redone_by_ctrl_shift_z(qtbot, page, state):
    undo, redo = _button(page, "undoEditButton"), _button(page, "redoEditButton")
    assert not undo.isEnabled()
    assert not redo.isEnabled()
    _type_into(qtbot, page, 1, "ben@example.com")
    qtbot.waitUntil(lambda: state.validation.status(1) == RowStatus.READY)
    assert state.draft.edits == {(3, "E-Mail"): "ben@example.com"}
    assert undo.isEnabled()
    assert "2 rows are ready." in page.counts_text

    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    model = page.model
    assert model.cell_text(1, 0) == "not-an-address"
    assert model.data(model.index(1, models.STATUS_COLUMN)) == "Error"
    assert state.validation.status(1) == RowStatus.ERROR
    assert state.draft.edits == {}
    assert "1 row has errors" in page.counts_text
    assert not undo.isEnabled()
    assert redo.isEnabled()

    qtbot.keyClick(
        page.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert model.cell_text(1, 0) == "ben@example.com"
    assert state.validation.status(1) == RowStatus.READY
    assert state.draft.edits == {(3, "E-Mail"): "ben@example.com"}
    assert not redo.isEnabled()


def test_use_all_suggestions_is_one_undo_step_by_the_buttons(qtbot, page, state):
    view = page.view
    view.setCurrentIndex(view.model().index(0, models.FIRST_SOURCE_COLUMN))
    _button(page, "useAllSuggestionsButton").click()
    assert state.draft.edits == {
        (2, "E-Mail"): "anna@gmail.com",
        (4, "E-Mail"): "carla@hotmail.com",
    }

    _button(page, "undoEditButton").click()
    assert state.draft.edits == {}
    assert page.model.cell_text(0, 0) == "anna@gmial.com"
    assert page.model.cell_text(2, 0) == "carla@hotmail.con"
    assert state.validation.status(0) == RowStatus.WARNING
    assert not _button(page, "undoEditButton").isEnabled()

    _button(page, "redoEditButton").click()
    assert len(state.draft.edits) == 2
    assert state.validation.status(2) == RowStatus.READY


def test_leaving_a_row_out_is_undone_by_ctrl_z_and_redone_by_ctrl_y(qtbot, page, state):
    view = page.view
    view.setCurrentIndex(view.model().index(3, models.FIRST_SOURCE_COLUMN))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert state.draft.excluded_rows == {5}
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert state.draft.excluded_rows == set()
    assert state.validation.status(3) == RowStatus.READY
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert state.draft.excluded_rows == {5}
    assert state.validation.status(3) == RowStatus.EXCLUDED
