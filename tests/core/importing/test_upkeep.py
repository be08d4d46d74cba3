"""The journal and the history stay small and never stop the app: old finished imports are
pruned (their history line stays), the journal is vacuumed, a damaged file is moved aside."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from plandocket_desktop import cli
from plandocket_desktop.core import importing
from plandocket_desktop.core.importing import _history as history
from plandocket_desktop.core.importing import _journal as journal
from plandocket_desktop.core.types import ImportDraft
from tests.core.importing.test_engine import FakeClient


def people(path: Path, n: int) -> Path:
    path.write_text("email\n" + "".join(f"p{i}@example.com\n" for i in range(n)), "utf-8")
    return path


def finished_import(path: Path) -> str:
    draft = ImportDraft(tenant="acme", path=path, mapping={"email": "email"}, batch_size=50)
    session = importing.ImportSession.start(draft)
    report = session.finish(session.job(FakeClient()).run())
    return report.job_id


def age(job_id: str, days: int) -> None:
    when = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    with sqlite3.connect(journal.JournalStore().path) as conn:
        conn.execute(
            "UPDATE jobs SET updated_at = ?, created_at = ? WHERE id = ?", (when, when, job_id)
        )


def test_old_finished_imports_are_pruned_at_the_next_start_and_the_file_shrinks(tmp_path):
    old = [finished_import(people(tmp_path / f"old{n}.csv", 2000)) for n in range(3)]
    recent = finished_import(people(tmp_path / "recent.csv", 10))
    for job_id in old:
        age(job_id, 91)
    age(recent, 89)
    path = journal.JournalStore().path
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_before = path.stat().st_size

    finished_import(people(tmp_path / "new.csv", 1))  # starting an import tidies the journal

    with journal.JournalStore() as store:
        kept = {e.job_id for e in store.all()}
        assert recent in kept
        assert not kept & set(old)
        (batches,) = store._execute(
            "SELECT COUNT(*) FROM batches WHERE job_id IN (?,?,?)", tuple(old)
        )[0:1]
        assert batches == (0,)
    assert path.stat().st_size < size_before / 2  # vacuumed, not only deleted
    # The history keeps every import, pruned or not.
    names = [e.file_name for e in importing.HistoryStore().list()]
    assert sorted(names) == ["new.csv", "old0.csv", "old1.csv", "old2.csv", "recent.csv"]


def test_interrupted_imports_stay_whatever_their_age(tmp_path):
    source = people(tmp_path / "a.csv", 3)
    draft = ImportDraft(tenant="acme", path=source, mapping={"email": "email"})
    session = importing.ImportSession.start(draft)
    job_id = session.journal.job_id
    session.close()  # never ran: still open in the journal
    age(job_id, 400)
    with journal.JournalStore() as store:
        assert store.prune() == 0
    assert [e.job_id for e in importing.unfinished_imports()] == [job_id]


@pytest.mark.parametrize(
    ("setting", "pruned"),
    [
        pytest.param("[journal]\nkeep_days=30\n", True, id="30-days"),
        pytest.param("[journal]\nkeep_days=365\n", False, id="365-days"),
        pytest.param("[journal]\nkeep_days=soon\n", False, id="unreadable-means-90"),
        pytest.param("\x00\xff garbage", False, id="damaged-settings-file-means-90"),
    ],
)
def test_the_keeping_time_is_a_setting(tmp_path, app_home, setting, pruned):
    job_id = finished_import(people(tmp_path / "a.csv", 3))
    age(job_id, 60)
    settings = app_home / "config" / journal.SETTINGS_FILE
    settings.write_text("[General]\ngeometry=@ByteArray(\\x1%2)\n" + setting, "utf-8")
    with journal.JournalStore() as store:
        assert store.prune() == int(pruned)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b"this is not a database at all\n" * 100, id="text"),
        pytest.param(b"SQLite format 3\x00" + b"\xff" * 5000, id="bad-header"),
        pytest.param(b"", id="empty"),
    ],
)
def test_a_damaged_journal_is_moved_aside_and_a_fresh_one_started(tmp_path, app_home, damage):
    path = app_home / "data" / journal.FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(damage)
    store = journal.JournalStore()
    try:
        assert store.unfinished() == []
    finally:
        store.close()
    if damage:  # an empty file is a valid empty database to SQLite: nothing to move
        (aside,) = path.parent.glob("journal.sqlite3.damaged-*")
        assert aside.read_bytes() == damage
        assert aside.name in store.warnings[0]
    # The fresh journal works: an import goes through and is recorded.
    job_id = finished_import(people(tmp_path / "a.csv", 3))
    assert importing.journal_entry(job_id).status == "finished"


def test_a_damaged_journal_does_not_stop_the_command_line(tmp_path, app_home, capsys):
    path = app_home / "data" / journal.FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert cli.main(["resume", "--list"]) == 0
    assert "No interrupted imports." in capsys.readouterr().out
    assert list(path.parent.glob("journal.sqlite3.damaged-*"))


def test_a_history_with_no_readable_line_is_moved_aside(app_home):
    store = history.HistoryStore()
    store.path.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"\xff\xfe\x00PK\x03\x04" + bytes(range(256)) * 20
    store.path.write_bytes(garbage)
    assert store.list() == []
    (aside,) = store.path.parent.glob("history.jsonl.damaged-*")
    assert aside.read_bytes() == garbage
    assert aside.name in store.warnings[0]
    store.add(history.HistoryEntry(file_name="a.csv", target="contacts", counts={"created": 1}))
    assert [e.file_name for e in history.HistoryStore().list()] == ["a.csv"]


def test_a_line_cut_short_by_a_crash_does_not_swallow_the_next_one(app_home):
    store = history.HistoryStore()
    store.add(history.HistoryEntry(file_name="a.csv", target="contacts", counts={}))
    with store.path.open("ab") as fh:
        fh.write(json.dumps({"file_name": "cut.csv"}).encode()[:12])  # no newline: killed
    store.add(history.HistoryEntry(file_name="b.csv", target="contacts", counts={}))
    assert [e.file_name for e in store.list()] == ["b.csv", "a.csv"]
    assert store.warnings == ["Line 2 of the import history is damaged; skipped."]
    assert not list(store.path.parent.glob("history.jsonl.damaged-*"))


def test_the_history_command_prints_the_warning_and_exits_0(app_home, capsys):
    path = app_home / "data" / history.FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00" * 1000)
    assert cli.main(["history"]) == 0
    captured = capsys.readouterr()
    assert "No imports yet." in captured.out
    assert "The import history was damaged." in captured.err
