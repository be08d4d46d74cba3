"""The import session: start, resume, retry, finish decide journal, history, status, exit code."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from plandocket_desktop.core import errors, importing
from plandocket_desktop.core.types import (
    Counts,
    ExitCode,
    ImportDraft,
    ImportOptions,
    JobStatus,
    Outcome,
)
from tests.core.importing.test_engine import FakeClient


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    rows = [f"p{i}@example.com" for i in range(5)] + ["not an email"]
    path.write_text("email\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def make_draft(source: Path, **kw) -> ImportDraft:
    return ImportDraft(tenant="acme", path=source, mapping={"email": "email"}, batch_size=2, **kw)


def run(session: importing.ImportSession, client, **kw):
    return session.finish(session.job(client).run(), **kw)


def test_a_clean_import_finishes_writes_history_and_closes_the_journal(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("email\na@example.com\nb@example.com\n", encoding="utf-8")
    session = importing.ImportSession.start(make_draft(path))
    report = run(session, FakeClient())
    assert session.status is JobStatus.FINISHED
    assert session.exit_code is ExitCode.OK == 0
    assert report.counts() == Counts(created=2)
    (entry,) = importing.HistoryStore().list()
    assert (entry.file_name, entry.status, entry.counts["created"]) == ("ok.csv", "finished", 2)
    assert entry.job_id == report.job_id
    assert importing.unfinished_imports() == []


def test_rows_left_over_finish_with_problems_and_exit_1(source):
    session = importing.ImportSession.start(make_draft(source))
    report = run(session, FakeClient(), report_path=Path("r.csv"))
    assert report.counts().not_sent == 1
    assert session.status is JobStatus.FINISHED_WITH_PROBLEMS
    assert session.exit_code == 1
    (entry,) = importing.HistoryStore().list()
    assert entry.status == "finished"  # the history and the CLI's JSON keep three words
    assert entry.report_path == "r.csv"


def test_a_refused_key_stops_with_exit_2_and_the_import_can_be_resumed(source):
    refused = errors.AuthenticationError("The key was refused.", status_code=401)
    session = importing.ImportSession.start(make_draft(source))
    report = run(session, FakeClient([FakeClient().default, refused]))
    assert session.status is JobStatus.STOPPED
    assert session.exit_code == 2
    assert report.resumable
    (waiting,) = importing.unfinished_imports()
    assert waiting.job_id == report.job_id

    client = FakeClient()
    resumed = importing.ImportSession.resume(report.job_id)
    assert resumed.resumed_batches == 1
    final = run(resumed, client)
    assert resumed.status is JobStatus.FINISHED_WITH_PROBLEMS
    assert sum(len(c) for c in client.calls) == 3  # the first batch is not sent again
    assert final.counts().created == 5
    assert importing.unfinished_imports() == []
    assert [e.status for e in importing.HistoryStore().list()] == ["finished", "stopped"]


def test_resume_refuses_an_import_that_is_not_open(source):
    session = importing.ImportSession.start(make_draft(source))
    report = run(session, FakeClient())
    with pytest.raises(errors.JournalError, match="already finished"):
        importing.ImportSession.resume(report.job_id)


def test_closing_the_window_keeps_the_import_resumable_and_out_of_the_history(source):
    session = importing.ImportSession.start(make_draft(source))
    cancel = threading.Event()
    cancel.set()
    report = session.job(FakeClient()).run(cancel=cancel)
    session.finish(report, keep_resumable=True)
    assert session.status is JobStatus.CANCELLED
    assert session.exit_code == 2
    assert importing.HistoryStore().list() == []
    assert [e.job_id for e in importing.unfinished_imports()] == [report.job_id]


def test_a_new_import_can_replace_an_interrupted_one(source):
    first = importing.ImportSession.start(make_draft(source))
    first.close()
    (waiting,) = importing.unfinished_imports()
    second = importing.ImportSession.start(make_draft(source), replacing=waiting.job_id)
    second.close()
    assert [e.job_id for e in importing.unfinished_imports()] != [waiting.job_id]


def test_retry_sends_the_failed_rows_and_keeps_the_other_outcomes(source):
    refused = errors.AuthenticationError("The key was refused.", status_code=401)
    draft = make_draft(source)
    first = importing.ImportSession.start(draft)
    previous = run(first, FakeClient([FakeClient().default, refused]))
    rows = previous.retry_indices()
    assert rows == [2, 3, 4]
    retry = importing.ImportSession.retry(
        previous, rows, importing.retry_draft(draft, previous, first.table)
    )
    waiting = [e.job_id for e in importing.unfinished_imports()]
    assert previous.job_id not in waiting  # the stopped import is not offered again
    client = FakeClient()
    merged = run(retry, client)
    assert [len(c) for c in client.calls] == [2, 1]
    assert merged.outcomes[:5] == [Outcome.CREATED] * 5
    assert merged.outcomes[5] is Outcome.NOT_SENT
    assert retry.status is JobStatus.FINISHED_WITH_PROBLEMS
    assert importing.unfinished_imports() == []


def test_finish_without_a_report_only_lets_go_of_the_journal(source):
    session = importing.ImportSession.start(make_draft(source))
    assert session.finish(None) is None
    assert session.status is None
    assert session.exit_code is ExitCode.STOPPED
    assert importing.HistoryStore().list() == []


def test_a_draft_without_a_file_runs_without_a_journal():
    from plandocket_desktop.core.types import Table

    table = Table.from_rows(["email"], [["a@example.com"]])
    draft = ImportDraft(tenant="acme", mapping={"email": "email"}, options=ImportOptions())
    session = importing.ImportSession.start(draft, table=table)
    assert session.journal is None
    run(session, FakeClient())
    assert importing.HistoryStore().list()[0].file_name == "(no file)"
