"""The Target page: plain-language explanations, the event picker loaded from the sandbox."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from plandocket_desktop.core.api import _client as client_module
from plandocket_desktop.core.types import MatchField, Mode, Target
from plandocket_desktop.ui.pages.target import TargetPage
from tests.conftest import CONTACTS_ONLY_KEY, SANDBOX_KEY


@pytest.fixture
def make_page(qtbot, state, settings):
    pages: list[TargetPage] = []
    clients = []

    def make(key: str | None = None, sandbox=None) -> TargetPage:
        if key is not None:
            state.client = client_module.PlandocketClient(sandbox.base_url, key)
            clients.append(state.client)
        page = TargetPage(state, settings=settings)
        qtbot.addWidget(page)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.shutdown()
    for client in clients:
        client.close()


def choose(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_contacts_need_no_event_and_the_explanation_follows_the_choices(make_page, state):
    page = make_page()
    page.initializePage()
    assert page.target is Target.CONTACTS
    assert page.isComplete()
    assert not page.event_group.isVisibleTo(page)
    assert "Rows whose email address is already in PlanDocket will be skipped" in (
        page.mode_hint.text()
    )

    choose(page.match_field_combo, MatchField.CUSTOMER_NUMBER.value)
    assert "customer number is already in PlanDocket" in page.mode_hint.text()
    choose(page.mode_combo, Mode.UPDATE.value)
    assert "Nobody new is added" in page.mode_hint.text()
    assert "not in PlanDocket will be skipped" in page.mode_hint.text()
    choose(page.mode_combo, Mode.UPSERT.value)
    assert "added as new people" in page.mode_hint.text()

    before = page.skip_hint.text()
    page.skip_on_error_check.setChecked(False)
    assert page.skip_hint.text() != before
    assert "whole batch" in page.skip_hint.text()

    assert page.validatePage()
    options = state.draft.options
    assert (options.mode, options.match_field, options.skip_on_error) == (
        Mode.UPSERT,
        MatchField.CUSTOMER_NUMBER,
        False,
    )
    assert options.event_key is None


def test_participants_pick_an_event_loaded_in_the_background(qtbot, make_page, sandbox, state):
    page = make_page(SANDBOX_KEY, sandbox)
    page.initializePage()
    with qtbot.waitSignal(page.events_loaded, timeout=10000):
        choose(page.target_combo, Target.PARTICIPANTS.value)
        assert page.events_busy.isVisibleTo(page)  # the busy indicator while loading
    assert not page.events_busy.isVisibleTo(page)

    keys = [page.event_combo.itemData(i) for i in range(page.event_combo.count())]
    assert "expo-2025" in keys
    assert not page.isComplete()  # no event chosen yet

    page.event_combo.setCurrentIndex(keys.index("expo-2025"))
    assert page.isComplete()
    assert page.event_key() == "expo-2025"
    assert "participants of" in page.event_hint.text()

    page.create_contacts_check.setChecked(False)
    assert "will be skipped" in page.create_contacts_hint.text()
    assert "registered for the event" in page.mode_hint.text()
    assert page.validatePage()
    options = state.draft.options
    assert options.target is Target.PARTICIPANTS
    assert options.event_key == "expo-2025"
    assert options.create_contacts is False


def test_the_event_list_can_be_searched(qtbot, make_page, sandbox):
    page = make_page(SANDBOX_KEY, sandbox)
    with qtbot.waitSignal(page.events_loaded, timeout=10000):
        page.set_target(Target.PARTICIPANTS)
    completer = page.event_combo.completer()
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    combo = page.event_combo
    items = [combo.itemText(i) for i in range(combo.count())]

    def completions(typed: str) -> list[str]:
        completer.setCompletionPrefix(typed)
        found = completer.completionModel()
        return [found.index(i, 0).data() for i in range(completer.completionCount())]

    # Text from inside a title (not its start), any case: both trade fairs, nothing else.
    fairs = [text for text in items if text.startswith("Trade Fair 20")]
    assert len(fairs) == 2
    assert completions("ADE fair") == fairs
    # The event key and the city are searched too.
    assert completions("expo-2025") == [text for text in items if "(expo-2025)" in text]
    assert completions("hanover") == [text for text in items if text.endswith("Hanover")]
    assert completions("no such event") == []


def test_a_typed_event_key_is_used_when_events_cannot_be_loaded(qtbot, make_page, sandbox):
    page = make_page(CONTACTS_ONLY_KEY, sandbox)
    page.set_target(Target.PARTICIPANTS)
    qtbot.waitUntil(lambda: not page.is_busy, timeout=10000)

    assert "could not be loaded" in page.event_hint.text()
    assert "type the event key" in page.event_hint.text()
    page.event_combo.setEditText("my-event-2026")
    assert page.isComplete()
    assert page.options().event_key == "my-event-2026"
    assert "used as the event key as typed" in page.event_hint.text()


def test_a_key_without_the_participants_permission_is_warned_about(make_page, state):
    state.missing_scopes = ("participants", "events")
    page = make_page()
    page.initializePage()
    assert not page.scope_bar.isVisibleTo(page)
    page.set_target(Target.PARTICIPANTS)
    assert page.scope_bar.isVisibleTo(page)
    assert "participants" in page.scope_bar.text()


def test_last_choices_are_remembered(qtbot, make_page, state, settings):
    page = make_page()
    page.set_target(Target.PARTICIPANTS)
    choose(page.mode_combo, Mode.UPSERT.value)
    page.event_combo.setEditText("fair-2025")
    page.skip_on_error_check.setChecked(False)
    assert page.validatePage()

    again = make_page()
    assert again.target is Target.PARTICIPANTS
    assert again.mode is Mode.UPSERT
    assert not again.skip_on_error_check.isChecked()
    assert again.event_key() == "fair-2025"
