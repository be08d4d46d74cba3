"""Participants for several events through the whole wizard, routed by the file's event column.

A workbook with four events, one value that names no event and one empty event cell, dropped
on the wizard in practice mode: Target "from a column of the file", an event chosen for the
unknown value, Review, Import, Results; the practice sandbox is checked afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QRadioButton, QWizard

from plandocket_desktop.core.types import Outcome, RowStatus
from plandocket_desktop.ui import models
from tests.e2e import test_wizard_walkthrough as walk
from tests.fixtures import event_book

pytestmark = pytest.mark.e2e
make_wizard = walk.make_wizard  # the fixture, shared

CHOSEN_FOR_UNKNOWN = "partner-summit"
TITLES = {
    "expo-2025": "Expo 2025",
    "fair-2025": "Trade Fair 2025",
    "fair-2024": "Trade Fair 2024",
    "partner-summit": "Partner Summit",
}


def expected_per_event() -> dict[str, list[str]]:
    """Event key -> the file's emails for it (the unknown value's rows where we send them)."""
    routes = {**event_book.RESOLVED, event_book.UNKNOWN: CHOSEN_FOR_UNKNOWN}
    out: dict[str, list[str]] = {}
    for email, _name, value in event_book.ROWS:
        if value:
            out.setdefault(routes[value], []).append(email)
    return out


def ours(sandbox, event_key: str) -> list[str]:
    return sorted(
        str(p["email"])
        for p in sandbox.store.participants(event_key)
        if str(p["email"]).endswith("@route.example")
    )


def value_chooser(routing, value: str) -> QComboBox:
    table = routing.values_table
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == value:
            combo = table.cellWidget(row, 2)
            assert isinstance(combo, QComboBox)
            return combo
    raise KeyError(value)


def test_four_events_from_one_workbook_through_the_wizard(qtbot, make_wizard, tmp_path: Path):
    wiz = make_wizard()
    walk.practice_and_drop(qtbot, wiz, event_book.write(tmp_path / "anmeldungen.xlsx"))
    sandbox = wiz.state.sandbox
    assert all(ours(sandbox, key) == [] for key in TITLES)

    walk.click_next(qtbot, wiz)  # File -> Target
    target = wiz.currentPage()
    assert target.objectName() == "targetPage"
    combo = target.findChild(QComboBox, "targetCombo")
    combo.setCurrentIndex(combo.findData("participants"))
    qtbot.waitUntil(lambda: bool(target.events) and not target.is_busy, timeout=20_000)
    radio = target.findChild(QRadioButton, "eventByColumnRadio")
    target.scroll_area.ensureWidgetVisible(radio)  # as a person scrolls to it
    # on its circle: a radio stretched across the page only reacts to its circle and text
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    routing = target.event_routing
    assert routing.by_column
    assert routing.column() == "Veranstaltung"  # the likeliest column, chosen by itself
    assert not target.event_combo.isEnabled()  # the single event is not used now
    # The unknown value holds Next back, and the page names it.
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "“Gala Night”" in routing.problem_bar.text()
    chooser = value_chooser(routing, event_book.UNKNOWN)
    chooser.setCurrentIndex(chooser.findData(CHOSEN_FOR_UNKNOWN))
    assert routing.problem_bar.text() == ""

    walk.click_next(qtbot, wiz)  # Target -> Columns
    assert walk.page_name(wiz) == "columnsPage"
    assert wiz.state.draft.event_column == "Veranstaltung"
    walk.click_next(qtbot, wiz)  # Columns -> Review
    review = wiz.currentPage()
    assert review.objectName() == "reviewPage"
    qtbot.waitUntil(review.isComplete, timeout=20_000)
    validation = wiz.state.validation
    statuses = [validation.status(i) for i in range(len(event_book.ROWS))]
    empty_row = next(i for i, row in enumerate(event_book.ROWS) if not row[2])
    assert statuses[empty_row] == RowStatus.ERROR
    assert [i.code for i in validation.issues_for(empty_row)] == ["event_missing"]
    # Anna twice, in two events: no duplicate.
    assert statuses.count(RowStatus.ERROR) == 1

    results = walk.import_and_wait(qtbot, wiz)
    report = wiz.state.report
    sendable = len(event_book.ROWS) - 1
    assert report.counts()["created"] == sendable
    assert report.outcomes[empty_row] is Outcome.NOT_SENT

    # The sandbox's participants per event are the file's rows per event.
    for key, emails in expected_per_event().items():
        assert ours(sandbox, key) == sorted(emails), key

    # The results table shows each row's event, by its title.
    model = results.model
    model.set_filter(models.OutcomeFilter.ALL)
    event = model.column_of("event")
    shown = [model.data(model.index(r, event)) for r in range(model.rowCount())]
    routes = {**event_book.RESOLVED, event_book.UNKNOWN: CHOSEN_FOR_UNKNOWN}
    assert shown == [TITLES[routes[v]] if v else "" for _e, _n, v in event_book.ROWS]
