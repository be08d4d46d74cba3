"""The Target page routes participants by a column of the file, against the sandbox."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox

from plandocket_desktop.core import reading
from plandocket_desktop.core.types import Target
from tests.conftest import PARTICIPANTS_ONLY_KEY, SANDBOX_KEY
from tests.fixtures import event_book
from tests.ui import test_target_page

pytestmark = pytest.mark.e2e
make_page = test_target_page.make_page  # the fixture, shared


def chooser(page, value: str) -> QComboBox:
    table = page.event_routing.values_table
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == value:
            combo = table.cellWidget(row, 2)
            assert isinstance(combo, QComboBox)
            return combo
    raise KeyError(value)


@pytest.fixture
def book_state(state, tmp_path):
    state.table = reading.read_table(event_book.write(tmp_path / "anmeldungen.xlsx"))
    return state


def test_event_column_resolves_values_and_waits_for_the_unknown_one(
    qtbot,
    make_page,
    book_state,
    sandbox,
):
    page = make_page(SANDBOX_KEY, sandbox)
    page.initializePage()
    with qtbot.waitSignal(page.events_loaded, timeout=10000):
        page.set_target(Target.PARTICIPANTS)
    routing = page.event_routing
    assert routing.column_combo.itemData(0) == "Veranstaltung"  # the likeliest column first
    routing.by_column_radio.setChecked(True)
    assert routing.column() == "Veranstaltung"
    assert routing.routes() == event_book.RESOLVED
    assert not page.isComplete()
    assert "“Gala Night”" in routing.problem_bar.text()

    combo = chooser(page, event_book.UNKNOWN)
    with qtbot.waitSignal(page.completeChanged):
        combo.setCurrentIndex(combo.findData("\x00leave-out"))
    assert page.isComplete()
    assert page.validatePage()
    draft = book_state.draft
    assert draft.event_column == "Veranstaltung"
    assert draft.event_routes == {**event_book.RESOLVED, event_book.UNKNOWN: None}
    assert draft.options.event_key is None


def test_without_events_permission_keys_are_typed(qtbot, make_page, book_state, sandbox):
    page = make_page(PARTICIPANTS_ONLY_KEY, sandbox)
    page.initializePage()
    page.set_target(Target.PARTICIPANTS)
    routing = page.event_routing
    qtbot.waitUntil(lambda: not page.is_busy, timeout=10000)
    routing.by_column_radio.setChecked(True)
    assert "lacks the “events” permission" in routing.summary.text()
    for value, key in event_book.RESOLVED.items():
        combo = chooser(page, value)
        assert combo.isEditable()
        combo.setEditText(key)
    chooser(page, event_book.UNKNOWN).setEditText("winter-gala")
    assert page.isComplete()
    assert routing.routes()["Gala Night"] == "winter-gala"
