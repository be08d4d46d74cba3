"""Review page: "Check against PlanDocket" against the sandbox, on worker threads."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from plandocket_desktop.core import api, preview, reading, validation
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode
from plandocket_desktop.ui import dialogs, models
from plandocket_desktop.ui.pages import review
from plandocket_desktop.ui.state import WizardState

pytestmark = pytest.mark.e2e

MAPPING = {"E-Mail": "email", "Kundennummer": "customer_number", "Stadt": "city"}
OPTIONS = ImportOptions(mode=Mode.UPSERT, match_field=MatchField.EMAIL)


def seed(sandbox, n: int = 10) -> None:
    with api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client:
        records = [
            {"email": f"rp{i}@review.example", "customer_number": f"RP{i}", "city": "Berlin"}
            for i in range(n)
        ]
        client.bulk_import(OPTIONS, records)


def people(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = tmp_path / "people.csv"
    lines = ["E-Mail;Kundennummer;Stadt", *(";".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def mixed_file(tmp_path: Path) -> Path:
    rows = [(f"rp{i}@review.example", f"RP{i}", "Köln" if i % 2 else "") for i in range(6)]
    rows += [(f"fresh{i}@review.example", f"F{i}", "Ulm") for i in range(3)]
    rows.append(("clash@review.example", "RP7", "Bonn"))  # RP7 is rp7's: a conflict
    rows.append(("not-an-address", "", ""))  # an error: not sent
    return people(tmp_path, rows)


@pytest.fixture
def page_for(qtbot, sandbox):
    made: list[tuple[review.ReviewPage, WizardState]] = []

    def make(path: Path) -> tuple[review.ReviewPage, WizardState]:
        state = WizardState()
        state.draft.path = path
        state.draft.mapping = dict(MAPPING)
        state.draft.options = OPTIONS
        state.table = reading.read_table(path)
        state.client = api.PlandocketClient(sandbox.base_url, sandbox.api_key)
        page = review.ReviewPage(state)
        qtbot.addWidget(page)
        page.initializePage()
        qtbot.waitUntil(lambda: page.model is not None, timeout=20_000)
        made.append((page, state))
        return page, state

    yield make
    for page, state in made:
        page.shutdown()
        if state.client is not None:
            state.client.close()


def shown_actions(page: review.ReviewPage) -> dict[str, str]:
    model = page.model
    assert model is not None
    column = model.action_column
    assert column is not None
    return {
        model.headerData(r, Qt.Orientation.Vertical): model.data(model.index(r, column))
        for r in range(model.rowCount())
    }


def test_the_check_shows_per_row_what_the_core_predicts(qtbot, sandbox, tmp_path, page_for):
    seed(sandbox)
    page, state = page_for(mixed_file(tmp_path))
    panel = page.preview.panel
    assert panel.check_button.isEnabled()
    assert page.model is not None
    assert page.model.action_column is None  # no prediction, no extra columns

    assert page.check_against_plandocket()
    assert page.preview.busy
    qtbot.waitUntil(lambda: not page.preview.busy, timeout=30_000)

    assert state.validation is not None
    with api.PlandocketClient(sandbox.base_url, sandbox.api_key) as client:
        expected = preview.run_preview(client, state.validation)
    counts = expected.counts()
    assert counts == {"create": 3, "update": 6, "skip": 0, "conflict": 1, "not_sent": 1}
    assert panel.counts.text() == ("New: 3 · Update: 6 · Skip: 0 · Conflict: 1 · Not sent: 1")
    assert panel.note.text().startswith("A prediction from PlanDocket's data at ")
    labels = {a.value: models.PREVIEW_LABELS[a.value] for a in preview.Action}
    assert shown_actions(page) == {str(r.row): labels[r.action.value] for r in expected.rows}

    # The changed fields, old → new, in the next column; right after Status on screen.
    model = page.model
    column = model.action_column
    assert column is not None
    header = page.view.horizontalHeader()
    assert header.visualIndex(column) == models.STATUS_COLUMN + 1
    assert header.visualIndex(column + 1) == models.STATUS_COLUMN + 2
    by_row = {r.row: r for r in expected.rows}
    row_of_rp1 = next(i for i in range(model.rowCount()) if by_row[i + 2].changes)
    assert model.data(model.index(row_of_rp1, column + 1)) == "City: Berlin → Köln"
    kept = model.data(model.index(0, column + 1), Qt.ItemDataRole.ToolTipRole)
    assert "Kept as they are (the cell is empty): City" in kept


def test_the_outcome_filter_shows_only_those_rows(qtbot, sandbox, tmp_path, page_for):
    seed(sandbox)
    page, _state = page_for(mixed_file(tmp_path))
    page.check_against_plandocket()
    qtbot.waitUntil(lambda: not page.preview.busy, timeout=30_000)
    combo = page.preview.panel.filter
    assert not combo.isHidden()  # offered once there is a prediction
    model = page.model
    assert model is not None
    for position, action in enumerate(preview.ACTIONS):
        combo.setCurrentIndex(combo.findData(position))
        label = models.PREVIEW_LABELS[action.value]
        got = set(shown_actions(page).values())
        assert got <= {label}
        assert model.rowCount() == model.preview.counts()[action.value]
    combo.setCurrentIndex(combo.findData(-1))
    assert model.rowCount() == 11
    # Combined with the review's own filter: the rows not sent are the row with errors.
    combo.setCurrentIndex(combo.findData(preview.ACTIONS.index(preview.Action.NOT_SENT)))
    page.set_filter(models.ReviewFilter.READY)
    assert model.rowCount() == 0
    page.set_filter(models.ReviewFilter.ERRORS)
    assert model.rowCount() == 1


def test_cancel_stops_the_check_and_the_gui_stays_responsive(
    qtbot, sandbox, tmp_path, page_for, monkeypatch
):
    seed(sandbox)
    rows = [(f"slow{i}@review.example", "", "") for i in range(60)]
    page, _state = page_for(people(tmp_path, rows))
    sandbox.set_faults(latency_ms=40)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    try:
        timer.start()
        assert page.check_against_plandocket()
        assert not page.model.flags(page.model.index(0, models.FIRST_SOURCE_COLUMN)) & (
            Qt.ItemFlag.ItemIsEditable
        )  # no edits while the worker reads the rows
        qtbot.waitUntil(lambda: page.preview.panel.progress.value() >= 5, timeout=30_000)
        page.preview.panel.cancel_button.click()
        qtbot.waitUntil(lambda: not page.preview.busy, timeout=30_000)
        timer.stop()
    finally:
        sandbox.clear_faults()
    assert "cancelled" in page.preview.panel.message.text()
    assert page.model.action_column is None  # nothing half-shown
    assert page.model.flags(page.model.index(0, models.FIRST_SOURCE_COLUMN)) & (
        Qt.ItemFlag.ItemIsEditable
    )
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 10
    assert max(gaps) < 0.5  # the event loop kept turning while requests went out


def test_a_costly_check_asks_first_and_no_means_nothing_is_asked(
    qtbot, sandbox, tmp_path, page_for, monkeypatch
):
    asked: list[str] = []

    def decline(_parent, cost):
        asked.append(cost)
        return False

    monkeypatch.setattr(dialogs, "confirm_preview_cost", decline)
    rows = [(f"q{i}@review.example", "", "") for i in range(30)]
    page, state = page_for(people(tmp_path, rows))
    sandbox.set_faults(rate_limit_per_hour=40)
    try:
        state.client.contacts_page()  # the server tells the budget on every answer
        sandbox.reset_stats()
        page.check_against_plandocket()
        qtbot.waitUntil(lambda: not page.preview.busy, timeout=30_000)
    finally:
        sandbox.clear_faults()
    assert len(asked) == 1
    assert "about 30 of your hourly requests" in asked[0]
    assert "cancelled" in page.preview.panel.message.text()
    assert page.model.action_column is None


def test_without_a_connection_the_card_says_so(qtbot, sandbox, tmp_path, page_for):
    page, state = page_for(people(tmp_path, [("a@review.example", "", "")]))
    state.client.close()
    state.client = None
    assert not page.check_against_plandocket()
    assert "Connect to PlanDocket first" in page.preview.panel.message.text()


def test_an_edit_after_the_check_says_the_prediction_is_older(qtbot, sandbox, tmp_path, page_for):
    seed(sandbox)
    page, _state = page_for(mixed_file(tmp_path))
    page.check_against_plandocket()
    qtbot.waitUntil(lambda: not page.preview.busy, timeout=30_000)
    model = page.model
    assert model is not None
    model.setData(model.index(10, models.FIRST_SOURCE_COLUMN), "fixed@review.example")
    assert "check again" in page.preview.panel.message.text()


_ = validation  # the page validates; the expected prediction is taken from its result
