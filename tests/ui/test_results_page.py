"""Results page: summary, outcome table and filter, error report, retry, new import, history."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QTableView, QTreeWidget

from plandocket_desktop.core import importing as core_importing
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.api import _client as client
from plandocket_desktop.core.importing import _history as history
from plandocket_desktop.core.importing._engine import ImportReport
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.types import ImportOptions, Mode, Outcome, Target
from plandocket_desktop.core.validation import _result as validation
from plandocket_desktop.ui import models
from plandocket_desktop.ui.pages import _ask, importing, results
from plandocket_desktop.ui.state import WizardState

MAPPING = {"Email": "email", "First name": "first_name"}


def people_file(tmp_path, n, bad=()):
    path = tmp_path / "people.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Email", "First name"])
        for i in range(n):
            email = "=HYPERLINK(1)" if i in bad else f"res{i}@results-test.example.com"
            writer.writerow([email, f"Person {i}"])
    return path


@pytest.fixture
def page(qtbot):
    def make(state):
        page = results.ResultsPage(state)
        qtbot.addWidget(page)
        made.append(page)
        return page

    made: list[results.ResultsPage] = []
    yield make
    for p in made:
        p.shutdown()


def run_import(qtbot, state):
    page = importing.ImportPage(state)
    qtbot.addWidget(page)
    page.start()
    qtbot.waitUntil(lambda: not page.running and page.isComplete(), timeout=30_000)
    page.shutdown()
    return state.report


@pytest.fixture
def imported_state(qtbot, sandbox, tmp_path):
    """A finished import of 5 rows, one of them invalid (a formula-like email)."""
    path = people_file(tmp_path, 5, bad=(2,))
    state = WizardState()
    state.draft.path = path
    state.draft.mapping = dict(MAPPING)
    state.table = reading.read_table(path)
    state.validation = validation.validate(state.table, MAPPING, options=state.draft.options)
    state.client = client.PlandocketClient(sandbox.base_url, sandbox.api_key)
    run_import(qtbot, state)
    yield state
    state.client.close()


@pytest.mark.e2e
def test_summary_and_outcomes_of_a_real_import(page, imported_state):
    results_page = page(imported_state)
    assert results_page.objectName() == "resultsPage"
    results_page.initializePage()
    text = results_page.summary_text
    assert "4 rows went into PlanDocket (4 created, 0 updated)." in text
    assert "1 row was not sent." in text
    assert "Traceback" not in text
    view = results_page.findChild(QTableView, "outcomeTable")
    model = view.model()
    # Problems first: the filter starts on "failed or not sent".
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == "4"
    assert model.data(model.index(0, 1)) == "Not sent"
    assert "email" in model.data(model.index(0, 2)).lower()
    combo = results_page.findChild(QComboBox, "outcomeFilterCombo")
    combo.setCurrentIndex(combo.findData(models.OutcomeFilter.ALL.value))
    assert model.rowCount() == 5
    assert results_page.history_count == 1
    tree = results_page.findChild(QTreeWidget, "historyList")
    assert tree.topLevelItem(0).text(1) == "people.csv"
    assert tree.topLevelItem(0).text(3) == "4"


@pytest.mark.e2e
@pytest.mark.parametrize(
    "suffix", [pytest.param(".csv", id="csv"), pytest.param(".xlsx", id="xlsx")]
)
def test_the_error_report_is_saved_safely(
    qtbot, page, imported_state, tmp_path, monkeypatch, suffix
):
    target = tmp_path / f"report{suffix}"
    monkeypatch.setattr(_ask, "choose_report_path", lambda parent, suggested: target)
    results_page = page(imported_state)
    results_page.initializePage()
    button = results_page.findChild(QPushButton, "saveReportButton")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: results_page.report_saved_to == target, timeout=10_000)
    assert "Saved 1 row" in results_page.notice_text
    if suffix == ".csv":
        with target.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[1][0] == "'=HYPERLINK(1)"
        assert rows[1][2] == "4"
    else:
        book = load_workbook(target)
        cell = book.active.cell(2, 1)
        assert cell.value == "=HYPERLINK(1)"
        assert cell.data_type == "s"
        book.close()


@pytest.mark.e2e
def test_retry_sends_only_the_rows_that_did_not_go_in(qtbot, sandbox, page, tmp_path):
    path = people_file(tmp_path, 30)
    state = WizardState()
    state.draft.path = path
    state.draft.mapping = dict(MAPPING)
    state.draft.batch_size = 10
    state.table = reading.read_table(path)
    state.validation = validation.validate(state.table, MAPPING, options=state.draft.options)
    state.client = client.PlandocketClient(sandbox.base_url, "pd_not_the_key_0123456789")
    import_page = importing.ImportPage(state)
    qtbot.addWidget(import_page)
    import_page.start()
    qtbot.waitUntil(lambda: not import_page.running and import_page.isComplete(), timeout=20_000)
    assert state.report.stopped
    assert len(importing.unfinished_imports()) == 1  # a refused key leaves it resumable
    state.client.close()
    state.client = client.PlandocketClient(sandbox.base_url, sandbox.api_key)
    results_page = page(state)
    results_page.initializePage()
    assert "Retry failed rows" in results_page.summary_text
    retry = results_page.findChild(QPushButton, "retryFailedButton")
    assert retry.isEnabled()
    assert retry.text() == "&Retry failed rows (30)"  # how many will go
    with qtbot.waitSignal(results_page.retry_requested):
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert state.validation is None
    previous, rows = results_page.retry
    import_page.start(previous=previous, retry_rows=rows)
    qtbot.waitUntil(lambda: not import_page.running and import_page.isComplete(), timeout=30_000)
    import_page.shutdown()
    assert state.report.counts()["created"] == 30
    assert importing.unfinished_imports() == []  # the retried import is not offered again
    emails = [c["email"] for c in sandbox.store.contacts() if "results-test" in c["email"]]
    assert len(emails) == len(set(emails)) == 30
    state.client.close()


def hand_report(outcomes, **kwargs):
    return ImportReport(options=ImportOptions(mode=Mode.CREATE), outcomes=outcomes, **kwargs)


def test_all_done_in_plain_words():
    report = hand_report([Outcome.CREATED, Outcome.CREATED, Outcome.SKIPPED])
    text = results.summary_sentence(report)
    assert text.startswith("All 3 rows are done.")
    assert "1 row was skipped (they were already there)." in text
    assert "Retry" not in text


def test_skipped_participants_may_not_be_contacts_yet():
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="fair", create_contacts=False)
    report = ImportReport(options=options, outcomes=[Outcome.CREATED, Outcome.SKIPPED])
    text = results.summary_sentence(report)
    assert "skipped (they were already there, or they are not contacts in PlanDocket yet)" in text
    with_contacts = ImportReport(
        options=ImportOptions(target=Target.PARTICIPANTS, event_key="fair"),
        outcomes=[Outcome.SKIPPED],
    )
    assert "not contacts" not in results.summary_sentence(with_contacts)


def test_stopped_import_says_why():
    report = hand_report([Outcome.NOT_SENT], stopped=True, stop_message="The key was refused.")
    assert results.summary_sentence(report).startswith("The key was refused.")


def test_new_import_clears_the_file_but_keeps_the_connection(page):
    state = WizardState()
    state.draft.tenant = "acme"
    state.draft.mapping = dict(MAPPING)
    state.draft.edits = {(2, "Email"): "x@example.com"}
    state.draft.excluded_rows = {3}
    state.draft.options = ImportOptions(mode=Mode.UPSERT)
    state.table = Table.from_rows(["Email"], [["a@example.com"]])
    state.client = object()
    results_page = page(state)
    with pytest.MonkeyPatch.context():
        results_page.new_import()
    assert state.draft.tenant == "acme"
    assert state.draft.options.mode is Mode.UPSERT
    assert state.draft.mapping == {}
    assert state.draft.edits == {}
    assert state.draft.excluded_rows == set()
    assert state.table is None
    assert state.client is not None


def test_history_lists_earlier_imports_newest_first(page):
    store = history.HistoryStore()
    store.add(history.HistoryEntry("old.csv", "contacts", {"created": 1}))
    store.add(history.HistoryEntry("new.xlsx", "participants", {"created": 2}, event_key="expo"))
    results_page = page(WizardState())
    results_page.initializePage()
    tree = results_page.findChild(QTreeWidget, "historyList")
    assert [tree.topLevelItem(i).text(1) for i in range(2)] == ["new.xlsx", "old.csv"]
    assert tree.topLevelItem(0).text(2) == "participants (expo)"
    assert results_page.summary_text == "Nothing was imported."


def test_a_retry_report_keeps_the_earlier_outcome_of_rows_not_retried():
    first = hand_report(
        [Outcome.CREATED, Outcome.FAILED, Outcome.NOT_SENT, Outcome.SKIPPED],
        messages={1: "server said no", 2: "not sent: bad email"},
    )
    retried = hand_report(
        [Outcome.NOT_SENT, Outcome.CREATED, Outcome.NOT_SENT, Outcome.NOT_SENT],
        messages={0: "not sent: left out by you", 3: "not sent: left out by you"},
    )
    merged = core_importing.merged_report(first, retried, {1})
    assert merged.outcomes == [Outcome.CREATED, Outcome.CREATED, Outcome.NOT_SENT, Outcome.SKIPPED]
    assert merged.message(0) == ""
    assert merged.message(1) == ""
    assert merged.message(2) == "not sent: bad email"
    text = results.summary_sentence(merged)
    assert "2 rows went into PlanDocket (2 created, 0 updated)." in text
    assert "1 row was skipped" in text
    assert "1 row was not sent." in text


def test_rows_held_back_by_problems_in_the_file_are_not_offered_for_retry():
    report = hand_report(
        [Outcome.CREATED, Outcome.NOT_SENT], messages={1: "not sent: bad email"}
    )  # no validation: the not-sent row had an error in the file
    text = results.summary_sentence(report)
    assert "Retry" not in text
    assert "need fixing there" in text


class _AllValid:
    """A validation stand-in: every row valid (``sendable``)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def sendable_indices(self) -> list[int]:
        return list(range(self.n))

    def status(self, index: int) -> str:
        return "ready"

    def issues_for(self, index: int) -> list[object]:
        return []


def test_rows_refused_for_their_data_are_not_offered_for_retry(qtbot, page):
    report = hand_report([Outcome.FAILED, Outcome.CREATED], messages={0: "server said no"})
    assert report.retry_indices() == []
    text = results.summary_sentence(report)
    assert "Retry failed rows" not in text
    assert "need fixing there" in text
    state = WizardState()
    state.table = Table.from_rows(["E-Mail"], [["a@x.de"], ["b@x.de"]])
    state.report = report
    results_page = page(state)
    results_page.initializePage()
    retry = results_page.findChild(QPushButton, "retryFailedButton")
    assert not retry.isEnabled()
    assert retry.text() == "&Retry failed rows"


def test_rows_the_stopped_import_did_not_send_are_offered_for_retry():
    report = hand_report([Outcome.NOT_SENT, Outcome.CREATED], validation=_AllValid(2))
    text = results.summary_sentence(report)
    assert "Press “Retry failed rows” to send them again" in text
    assert "fixing" not in text


def test_a_mix_says_what_can_go_again_and_what_needs_fixing():
    report = hand_report(
        [Outcome.FAILED, Outcome.NOT_SENT, Outcome.FAILED, Outcome.NOT_SENT],
        messages={0: "server said no", 2: "server said no"},
        validation=_AllValid(4),
    )
    text = results.summary_sentence(report)
    assert "send the 2 rows that can go again" in text
    assert "need fixing there" in text
