"""Import page against the real sandbox: progress, cancel, rate limits, closing, resuming."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QPushButton

from plandocket_desktop.core.api import _client as client
from plandocket_desktop.core.importing import _history as history
from plandocket_desktop.core.importing import _journal as journal
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.validation import _result as validation
from plandocket_desktop.ui.pages import _ask, importing
from plandocket_desktop.ui.state import WizardState
from tests import received

pytestmark = pytest.mark.e2e

MAPPING = {"Email": "email", "First name": "first_name"}


def write_people(path: Path, n: int, *, bad: tuple[int, ...] = ()) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Email", "First name"])
        for i in range(n):
            email = "not-an-address" if i in bad else f"person{i}@import-test.example.com"
            writer.writerow([email, f"Person {i}"])
    return path


def imported(sandbox) -> list[str]:
    return [
        c["email"]
        for c in sandbox.store.contacts()
        if c["email"].endswith("import-test.example.com")
    ]


@pytest.fixture
def make_state(sandbox, tmp_path):
    made: list[WizardState] = []

    def make(n: int, *, batch_size: int = 1000, key: str | None = None, bad=()) -> WizardState:
        path = write_people(tmp_path / f"people-{n}.csv", n, bad=bad)
        state = WizardState()
        state.draft.path = path
        state.draft.tenant = sandbox.base_url
        state.draft.mapping = dict(MAPPING)
        state.draft.batch_size = batch_size
        state.table = reading.read_table(path)
        state.validation = validation.validate(
            state.table, state.draft.mapping, options=state.draft.options
        )
        state.client = client.PlandocketClient(sandbox.base_url, key or sandbox.api_key)
        made.append(state)
        return state

    yield make
    for state in made:
        state.client.close()


def shut_down(page: importing.ImportPage) -> None:
    page.shutdown()


@pytest.fixture
def make_page(qtbot):
    pages: list[importing.ImportPage] = []

    def make(state: WizardState) -> importing.ImportPage:
        page = importing.ImportPage(state)
        # The import stops before pytest-qt closes the page: closing a page that still imports
        # asks the user in a modal box that nobody answers offscreen, so a test that failed
        # mid-import hung the whole run in its teardown.
        qtbot.addWidget(page, before_close_func=shut_down)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.shutdown()


def finished(page) -> bool:
    return not page.running and page.isComplete()


def wait_mid_batch(qtbot, sandbox, *, after: int) -> dict:
    """Wait until ``after`` batches were received and the next one just reached the sandbox
    (most of its latency still to go), so a click now lands while it is in flight."""
    seen: list[dict] = []

    def ready() -> bool:
        snapshot = sandbox.stats()
        if len(received.bulk_receipts(snapshot)) > after and received.fresh_in_flight(
            snapshot, 1, younger_than=0.15
        ):
            seen.append(snapshot)
            return True
        return False

    qtbot.waitUntil(ready, timeout=20_000)
    return seen[-1]


def test_rows_go_out_in_batches_with_progress_and_a_report(qtbot, sandbox, make_state, make_page):
    state = make_state(2500, bad=(7,))
    page = make_page(state)
    assert page.objectName() == "importPage"
    page.initializePage()
    assert page.running
    assert "Sending 2,499 rows as contacts" in page.headline
    qtbot.waitUntil(lambda: finished(page), timeout=30_000)
    bar = page.findChild(QProgressBar, "progressBar")
    assert bar.value() == bar.maximum() == 2499
    assert page.batch_text == "Batch 3 of 3"
    assert "rows per second" in page.findChild(type(page._rate), "importRateLabel").text()
    report = state.report
    assert report.counts()["created"] == 2499
    assert report.counts()["not_sent"] == 1
    assert sorted(imported(sandbox)) == sorted(
        f"person{i}@import-test.example.com" for i in range(2500) if i != 7
    )
    prints = received.batch_prints(state.validation, 1000)
    done = received.settled(sandbox)
    assert received.sent_once_each(done, prints) == {0, 1, 2}
    assert done["records"] == 2499
    with journal.JournalStore() as store:
        assert [e.status for e in store.all()] == ["finished"]
    entries = history.HistoryStore().list()
    assert entries[0].file_name == "people-2500.csv"
    assert entries[0].counts["created"] == 2499


def test_cancel_asks_then_stops_after_the_batch_in_flight(
    qtbot, sandbox, make_state, make_page, monkeypatch
):
    sandbox.set_faults(latency_ms=250)
    state = make_state(1000, batch_size=50)
    page = make_page(state)
    asked = []
    monkeypatch.setattr(_ask, "confirm_cancel_import", lambda parent: asked.append(1) or False)
    page.initializePage()
    qtbot.waitUntil(lambda: page.batch_text.startswith("Batch 2"), timeout=20_000)
    cancel = page.findChild(QPushButton, "cancelButton")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert asked == [1]
    assert page.running  # the user said no
    monkeypatch.setattr(_ask, "confirm_cancel_import", lambda parent: True)
    at_click = wait_mid_batch(qtbot, sandbox, after=2)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not cancel.isEnabled()
    qtbot.waitUntil(lambda: finished(page), timeout=20_000)
    report = state.report
    assert report.cancelled
    # The batch in flight was finished; no batch was sent after the click.
    prints = received.batch_prints(state.validation, 50)
    sent = received.sent_once_each(received.settled(sandbox), prints)
    assert sent == received.sent_once_each(at_click, prints) == set(range(len(sent)))
    assert report.counts()["created"] == 50 * len(sent) == len(imported(sandbox))
    assert 0 < len(sent) < 20
    assert page.headline.startswith("Stopped.")
    with journal.JournalStore() as store:
        assert [e.status for e in store.all()] == ["cancelled"]


def test_waiting_for_the_rate_limit_is_shown_then_it_goes_on(qtbot, sandbox, make_state, make_page):
    sandbox.set_faults(rate_limit_per_hour=1, rate_limit_window_s=1)
    state = make_state(300, batch_size=100)
    page = make_page(state)
    page.initializePage()
    qtbot.waitUntil(lambda: "rate limit until" in page.wait_text, timeout=20_000)
    assert "Waiting for PlanDocket's rate limit until" in page.wait_text
    qtbot.waitUntil(lambda: finished(page), timeout=30_000)
    assert state.report.counts()["created"] == 300
    log = received.bulk_receipts(received.settled(sandbox))
    limited = [pos for pos, r in enumerate(log) if r["faults"] == ["rate_limit"]]
    assert limited
    gaps = [round(log[pos + 1]["at"] - log[pos]["at"], 3) for pos in limited]
    assert min(gaps) >= 0.9, f"sent again sooner than Retry-After (1 s) allows: {gaps}"


def test_pause_holds_before_the_next_batch_and_continue_goes_on(
    qtbot, sandbox, make_state, make_page
):
    sandbox.set_faults(latency_ms=250)
    state = make_state(120, batch_size=20)
    page = make_page(state)
    page.initializePage()
    pause = page.findChild(QPushButton, "pauseButton")
    at_click = wait_mid_batch(qtbot, sandbox, after=1)
    qtbot.mouseClick(pause, Qt.MouseButton.LeftButton)
    assert pause.text() == "&Continue"
    qtbot.waitUntil(lambda: page.wait_text.startswith("Paused"), timeout=20_000)
    prints = received.batch_prints(state.validation, 20)
    held = received.sent_once_each(received.settled(sandbox), prints)
    assert held == received.sent_once_each(at_click, prints)  # only the batch in flight ended
    qtbot.wait(400)
    assert received.sent_once_each(sandbox.stats(), prints) == held  # nothing goes out paused
    assert len(imported(sandbox)) == 20 * len(held)
    assert page.running
    qtbot.mouseClick(pause, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finished(page), timeout=30_000)
    assert state.report.counts()["created"] == 120
    assert received.sent_once_each(received.settled(sandbox), prints) == set(range(6))


def test_a_wrong_key_stops_with_a_plain_explanation(qtbot, sandbox, make_state, make_page):
    state = make_state(10, key="pd_wrong_key_0123456789")
    page = make_page(state)
    page.initializePage()
    qtbot.waitUntil(lambda: finished(page), timeout=20_000)
    assert state.report.stopped
    assert "Traceback" not in page.headline
    assert "key" in page.headline.lower()
    assert "pd_wrong_key_0123456789" not in page.headline


def test_closing_the_window_asks_and_leaves_the_import_resumable(
    qtbot, sandbox, make_state, make_page, monkeypatch
):
    sandbox.set_faults(latency_ms=250)
    state = make_state(600, batch_size=50)
    page = make_page(state)
    page.initializePage()
    qtbot.waitUntil(lambda: page.batch_text.startswith("Batch 2"), timeout=20_000)
    monkeypatch.setattr(_ask, "confirm_close_during_import", lambda parent: False)
    assert not page.close()
    assert page.running
    monkeypatch.setattr(_ask, "confirm_close_during_import", lambda parent: True)
    at_close = wait_mid_batch(qtbot, sandbox, after=2)
    assert page.close()
    page.shutdown()
    assert not page.running
    prints = received.batch_prints(state.validation, 50)
    sent_before = received.sent_once_each(received.settled(sandbox), prints)
    assert sent_before == received.sent_once_each(at_close, prints)  # the one in flight ended
    assert len(imported(sandbox)) == 50 * len(sent_before)
    assert 0 < len(sent_before) < 12
    unfinished = importing.unfinished_imports()
    assert len(unfinished) == 1
    assert unfinished[0].batches_answered == len(sent_before)
    sandbox.reset_stats()

    # Next start: the import is offered, accepted, and carries on without sending twice.
    sandbox.clear_faults()
    fresh = WizardState()
    offered = []
    monkeypatch.setattr(_ask, "confirm_resume", lambda parent, text: offered.append(text) or True)
    assert importing.offer_resume(None, fresh)
    assert "people-600.csv" in offered[0]
    assert fresh.draft.path == state.draft.path
    assert fresh.draft.mapping == MAPPING
    assert fresh.resume_journal.job_id == unfinished[0].job_id
    fresh.client = state.client
    resumed = make_page(fresh)
    resumed.initializePage()
    assert "interrupted import" in resumed.headline
    qtbot.waitUntil(lambda: finished(resumed), timeout=30_000)
    assert resumed.batch_text == "Batch 12 of 12"
    sent_again = received.sent_once_each(received.settled(sandbox), prints)
    assert not sent_again & sent_before, "resume sent a batch that was answered before"
    assert sent_again == set(range(12)) - sent_before
    assert len(imported(sandbox)) == 600
    assert fresh.report.counts()["created"] == 600
    assert importing.unfinished_imports() == []


def test_nothing_is_offered_when_every_import_finished(monkeypatch):
    monkeypatch.setattr(_ask, "confirm_resume", lambda parent, text: pytest.fail("asked"))
    assert not importing.offer_resume(None, WizardState())


def test_declining_the_offer_keeps_the_draft(make_state, monkeypatch):
    state = make_state(5)
    with journal.JournalStore() as store:
        store.create(state.draft)
    monkeypatch.setattr(_ask, "confirm_resume", lambda parent, text: False)
    fresh = WizardState()
    assert not importing.offer_resume(None, fresh)
    assert fresh.resume_journal is None
    assert fresh.draft.path is None


def test_an_import_whose_file_is_gone_is_not_offered(make_state, monkeypatch):
    state = make_state(5)
    with journal.JournalStore() as store:
        store.create(state.draft)
    state.draft.path.unlink()
    monkeypatch.setattr(_ask, "confirm_resume", lambda parent, text: pytest.fail("asked"))
    assert not importing.offer_resume(None, WizardState())


def test_a_changed_file_is_not_resumed_and_says_why(qtbot, make_state, make_page, monkeypatch):
    state = make_state(20)
    with journal.JournalStore() as store:
        store.create(state.draft)
    write_people(state.draft.path, 21)
    fresh = WizardState()
    monkeypatch.setattr(_ask, "confirm_resume", lambda parent, text: True)
    assert importing.offer_resume(None, fresh)
    fresh.client = state.client
    page = make_page(fresh)
    page.initializePage()
    qtbot.waitUntil(lambda: not page.running, timeout=20_000)
    assert "has changed since the import started" in page.message_text
    again = page.findChild(QPushButton, "tryAgainButton")
    assert again.isVisibleTo(page)
    assert again.text() == "Send as a &new import"
    assert not page.isComplete()

    # The user sends the changed file as a new import; the old one is no longer offered.
    fresh.table = reading.read_table(fresh.draft.path)
    qtbot.mouseClick(again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finished(page), timeout=20_000)
    assert fresh.report.counts()["created"] == 21
    assert importing.unfinished_imports() == []


def test_time_left_in_plain_words():
    assert importing.time_left_text(None) == ""
    assert importing.time_left_text(20) == "less than a minute left"
    assert importing.time_left_text(125) == "about 2 minutes left"
    assert importing.time_left_text(3 * 3600 + 5 * 60) == "about 3 hours 5 minutes left"


def test_the_worker_run_directly_reports_progress_and_the_report(make_state, qtbot):
    from plandocket_desktop.core.importing import _engine as job
    from plandocket_desktop.ui.import_worker import ImportWorker

    state = make_state(30, batch_size=10)
    worker = ImportWorker(job.ImportJob(state.client, state.validation, state.draft.options,
                                        batch_size=10))  # fmt: skip
    seen, reports, failures = [], [], []
    worker.progressed.connect(seen.append)
    worker.succeeded.connect(reports.append)
    worker.failed.connect(failures.append)
    worker.run()
    assert failures == []
    assert reports[0].counts()["created"] == 30
    assert [p.batch_index for p in seen if p.event == "batch_finished"] == [1, 2, 3]


def test_the_worker_turns_a_failing_plan_into_a_sentence():
    from plandocket_desktop.core.errors import JournalError
    from plandocket_desktop.ui.import_worker import ImportWorker

    class BrokenPlan:
        finished_with = "not called"

        def build(self):
            raise JournalError("The import journal cannot be written; check the free disk space.")

        def finish(self, report, *, keep_resumable):
            self.finished_with = report

    plan = BrokenPlan()
    worker = ImportWorker(plan=plan)
    failures = []
    worker.failed.connect(failures.append)
    worker.run()
    assert failures == ["The import journal cannot be written; check the free disk space."]
    assert plan.finished_with is None


def test_the_gui_thread_never_counts_the_outcomes(
    qtbot, sandbox, make_state, make_page, monkeypatch
):
    """Counting a million outcomes stalls the window: the worker counts, the page shows."""
    import threading

    from plandocket_desktop.core.importing import _engine as engine

    counted_on: list[str] = []
    count = engine.ImportReport.counts

    def counts(report):
        counted_on.append(threading.current_thread().name)
        return count(report)

    monkeypatch.setattr(engine.ImportReport, "counts", counts)
    state = make_state(1200, bad=(3,))
    page = make_page(state)
    page.initializePage()
    qtbot.waitUntil(lambda: finished(page), timeout=30_000)
    assert page.headline == "Done. 1,199 created, 0 updated, 0 skipped, 0 failed, 1 not sent."
    assert counted_on
    assert threading.main_thread().name not in counted_on
    facts = page.outcome_facts(state.report)
    assert facts is not None
    assert (facts.counts["created"], facts.counts["not_sent"]) == (1199, 1)
