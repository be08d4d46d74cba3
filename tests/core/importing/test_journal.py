"""The journal: the draft and fingerprint on disk, batch states, resume skips answered batches."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import threading
from pathlib import Path

import pytest

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing import _engine as job
from plandocket_desktop.core.importing import _journal as journal
from plandocket_desktop.core.types import ImportDraft, ImportOptions, MatchField, Mode, Target
from tests.core.importing.test_engine import FakeClient, FakeValidation, Waits, created


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("email\na@example.com\n", encoding="utf-8")
    return path


def make_draft(source: Path) -> ImportDraft:
    return ImportDraft(
        tenant="acme",
        path=source,
        sheet=None,
        header_row=0,
        options=ImportOptions(
            target=Target.PARTICIPANTS,
            mode=Mode.UPSERT,
            match_field=MatchField.CUSTOMER_NUMBER,
            skip_on_error=False,
            event_key="fair-2026",
            create_contacts=False,
        ),
        mapping={"E-Mail": "email", "Notiz": None},
        fixed_values={"is_confirmed": "ja"},
        edits={(7, "E-Mail"): "fixed@example.com"},
        excluded_rows={9, 12},
        batch_size=3,
        profile_name="Messe",
    )


def test_draft_round_trips_through_json(source):
    draft = make_draft(source)
    assert journal.draft_from_json(journal.draft_to_json(draft)) == draft


def test_fingerprint_is_size_and_sha256(source):
    fp = journal.fingerprint(source)
    assert fp.size == source.stat().st_size
    assert fp.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()


def test_changed_file_is_refused(source):
    with journal.JournalStore() as store:
        jj = store.create(make_draft(source))
        jj.check_file(source)  # unchanged: fine
        source.write_text("email\nb@example.com\n", encoding="utf-8")
        with pytest.raises(errors.JournalError, match="has changed since the import started"):
            jj.check_file(source)


def test_store_lives_in_the_data_dir_with_wal_and_lists_unfinished_newest_first(source, app_home):
    with journal.JournalStore() as store:
        first = store.create(make_draft(source))
        second = store.create(make_draft(source))
        assert store.path.parent == app_home / "data"
        assert [e.job_id for e in store.unfinished()] == [second.job_id, first.job_id]
        first.close()
        assert [e.job_id for e in store.unfinished()] == [second.job_id]
        entry = store.entry(second.job_id)
        assert entry.file_name == "people.csv"
        assert entry.draft == make_draft(source)
        with pytest.raises(errors.JournalError):
            store.open("nope")
    conn = sqlite3.connect(app_home / "data" / journal.FILE_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def run_job(jj, client, validation, **kw):
    return job.ImportJob(
        client,
        validation,
        ImportOptions(),
        batch_size=3,
        journal=jj,
        wait=Waits(),
        rng=random.Random(0),
        **kw,
    ).run()


def test_each_batch_is_recorded_and_the_journal_closed_when_done(source):
    with journal.JournalStore() as store:
        jj = store.create(make_draft(source))
        report = run_job(jj, FakeClient(), FakeValidation(7))
        assert report.job_id == jj.job_id
        assert sorted(jj.recorded()) == [0, 1, 2]
        assert jj.status == "finished"
        assert store.unfinished() == []


def test_resume_skips_answered_batches_and_resends_the_unanswered_one(source):
    with journal.JournalStore() as store:
        jj = store.create(make_draft(source))
        stop = errors.ApiConnectionError("Cannot reach the server.")
        client = FakeClient([created, stop, stop])
        first = run_job(jj, client, FakeValidation(9), max_attempts=2)
        assert first.stopped
        assert first.resumable
        assert jj.status == "open"
        assert jj.started_unanswered() == [1]
        assert store.unfinished()[0].note.startswith("Cannot reach the server.")

    with journal.JournalStore() as store:  # a new process, say
        again = store.open(jj.job_id)
        client = FakeClient()
        report = run_job(again, client, FakeValidation(9))
        assert [[r["row"] for r in c] for c in client.calls] == [[3, 4, 5], [6, 7, 8]]
        assert report.counts()["created"] == 9
        assert report.finished
        assert again.status == "finished"


def test_cancelled_job_is_closed_not_offered_for_resume(source):
    with journal.JournalStore() as store:
        jj = store.create(make_draft(source))
        cancel = threading.Event()
        cancel.set()
        report = job.ImportJob(
            FakeClient(), FakeValidation(3), ImportOptions(), batch_size=3, journal=jj
        ).run(cancel=cancel)
        assert report.cancelled
        assert jj.status == "cancelled"


def test_batch_size_must_match_the_journal(source):
    with journal.JournalStore() as store:
        jj = store.create(make_draft(source))
        with pytest.raises(errors.JournalError):
            job.ImportJob(FakeClient(), FakeValidation(3), ImportOptions(), journal=jj)


def test_two_in_flight_resume_after_a_stop(source):
    with journal.JournalStore() as store:
        jj = store.create(make_draft(source))
        stop = errors.ApiConnectionError("Cannot reach the server.")
        client = FakeClient([created, created, *[stop] * 8])
        first = run_job(jj, client, FakeValidation(18), max_attempts=2, in_flight=2)
        assert first.stopped
        answered = sorted(jj.recorded())
        assert answered[:2] == [0, 1]
        again = FakeClient()
        report = run_job(jj, again, FakeValidation(18), in_flight=2)
        resent = sorted(r["row"] for c in again.calls for r in c)
        assert resent == [i for i in range(18) if i // 3 not in answered]
        assert report.counts()["created"] == 18
        assert jj.status == "finished"
