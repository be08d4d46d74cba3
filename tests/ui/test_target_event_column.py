"""The Target page routes participants by a column of the file, against the sandbox."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QComboBox

from plandocket_desktop.core import reading
from plandocket_desktop.core.api import _client as client_module
from plandocket_desktop.core.mapping import Profile, ProfileStore
from plandocket_desktop.core.types import Target
from plandocket_desktop.ui.pages.target import TargetPage
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


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_each_radio_comes_before_its_controls_and_the_unused_one_is_disabled(
    qtbot, make_page, book_state, sandbox
):
    page = make_page(SANDBOX_KEY, sandbox)
    page.initializePage()
    with qtbot.waitSignal(page.events_loaded, timeout=10000):
        page.set_target(Target.PARTICIPANTS)
    page.resize(1024, 700)
    page.show()
    qtbot.waitExposed(page)
    routing = page.event_routing

    def top(widget):
        return widget.mapTo(page, widget.rect().topLeft()).y()

    order = [
        routing.one_event_radio,
        page.event_combo,
        routing.by_column_radio,
        routing.column_combo,
        page.create_contacts_check,
    ]
    tops = [top(w) for w in order]
    assert tops == sorted(tops), tops
    assert page.event_combo.isEnabled()
    assert page.reload_button.isEnabled()
    assert not routing.column_combo.isEnabled()
    assert not routing.values_table.isVisible()

    routing.by_column_radio.setChecked(True)
    assert routing.column_combo.isEnabled()
    assert not page.event_combo.isEnabled()
    assert not page.reload_button.isEnabled()
    assert routing.values_table.isVisible()
    # Indented under its radio: the controls start where the radio's text does.
    assert routing.column_combo.mapTo(page, routing.column_combo.rect().topLeft()).x() > (
        routing.by_column_radio.mapTo(page, routing.by_column_radio.rect().topLeft()).x()
    )
    # At 1024 x 700 the page scrolls instead of squeezing the table over its summary.
    qtbot.wait(50)
    assert routing.values_table.height() >= routing.values_table.minimumHeight()
    assert top(routing.summary) >= top(routing.values_table) + routing.values_table.height()

    routing.one_event_radio.setChecked(True)
    assert page.event_combo.isEnabled()
    assert not routing.column_combo.isEnabled()


ANMELDUNGEN = Profile(
    name="Anmeldungen",
    target=Target.PARTICIPANTS,
    mapping={"E-Mail": "email", "Vorname": "first_name", "Veranstaltung": None},
    event_column="veranstaltung",  # headers compare case-insensitively, as mappings do
    event_routes={event_book.UNKNOWN: "expo-2024"},
)


def test_a_saved_profile_brings_its_event_column_and_choices(
    qtbot, state, settings, book_state, sandbox, tmp_path
):
    store = ProfileStore(tmp_path / "profiles")
    store.save(ANMELDUNGEN)
    state.client = client_module.PlandocketClient(sandbox.base_url, SANDBOX_KEY)
    page = TargetPage(state, settings=settings, profiles=store)
    qtbot.addWidget(page)
    try:
        page.initializePage()
        routing = page.event_routing
        assert routing.by_column
        assert routing.column() == "Veranstaltung"
        assert "saved in the profile “Anmeldungen”" in routing.saved_note.text()
        with qtbot.waitSignal(page.events_loaded, timeout=10000):
            page.set_target(Target.PARTICIPANTS)
        # The saved choice for the unknown value, the others resolved as always.
        assert routing.routes() == {**event_book.RESOLVED, event_book.UNKNOWN: "expo-2024"}
        assert page.isComplete()
        assert page.validatePage()
        assert book_state.draft.event_column == "Veranstaltung"
        assert book_state.draft.event_routes[event_book.UNKNOWN] == "expo-2024"
    finally:
        page.shutdown()
        state.client.close()


def test_a_profile_without_an_event_column_changes_nothing(
    qtbot, state, settings, book_state, tmp_path
):
    store = ProfileStore(tmp_path / "profiles")
    store.save(dataclasses.replace(ANMELDUNGEN, event_column=None, event_routes={}))
    page = TargetPage(state, settings=settings, profiles=store)
    qtbot.addWidget(page)
    page.initializePage()
    assert not page.event_routing.by_column
    assert not page.event_routing.saved_note.isVisibleTo(page)
    page.shutdown()
