"""UndoSession and the undo data of the journal, without Qt and without a server (a stand-in)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing import _undo_data as data
from plandocket_desktop.core.importing._journal import JournalStore
from plandocket_desktop.core.importing._undo import UndoRefusedError, UndoSession
from plandocket_desktop.core.importing._undo_record import UndoRecorder
from plandocket_desktop.core.types import ImportDraft, ImportOptions, Mode, Outcome


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Tenant:
    """Contacts in memory, answering like the client; ``fail_deletes`` makes deletes fail."""

    def __init__(self) -> None:
        self.contacts: dict[int, dict[str, Any]] = {}
        self.deleted: list[int] = []
        self.fail_deletes = 0
        self.searches = 0

    def add(self, cid: int, email: str, *, created: datetime, **values: Any) -> None:
        stamp = _iso(created)
        self.contacts[cid] = {
            "id": cid,
            "email": email,
            "created_at": stamp,
            "updated_at": stamp,
            **values,
        }

    def check_connection(self) -> Any:
        return type("Check", (), {"scopes": frozenset({"contacts"})})()

    def find_contacts(self, search: str) -> list[dict[str, Any]]:
        self.searches += 1
        return [dict(c) for c in self.contacts.values() if search in c["email"]]

    def get_contact(self, contact_id: int) -> dict[str, Any] | None:
        found = self.contacts.get(contact_id)
        return dict(found) if found else None

    def update_contact(self, contact_id: int, fields: dict[str, Any]) -> dict[str, Any] | None:
        self.contacts[contact_id].update(fields)
        self.contacts[contact_id]["updated_at"] = _iso(datetime.now(UTC) + timedelta(seconds=5))
        return dict(self.contacts[contact_id])

    def delete_contact(self, contact_id: int) -> bool:
        if self.fail_deletes:
            self.fail_deletes -= 1
            raise errors.ServerError("PlanDocket had a problem (500).", status_code=500)
        self.deleted.append(contact_id)
        return self.contacts.pop(contact_id, None) is not None

    def delete_participant(self, participant_id: int) -> bool:
        return True


@pytest.fixture
def store(tmp_path: Path) -> JournalStore:
    with JournalStore(tmp_path / "journal.sqlite3") as s:
        yield s


def journalled(store: JournalStore, tmp_path: Path, rows: list[data.UndoRow]) -> str:
    source = tmp_path / "people.csv"
    source.write_text("email\nx@example.com\n", encoding="utf-8")
    draft = ImportDraft(path=source, tenant="acme", options=ImportOptions(mode=Mode.UPSERT))
    journal = store.create(draft)
    journal.begin(1, len(rows))
    journal.batch_finished(0, [(r.row_index, Outcome.CREATED, "") for r in rows], undo=rows)
    journal.close()
    return journal.job_id


def no_wait(_seconds: float, _event: object) -> bool:
    return False


def test_an_import_of_an_older_version_says_it_cannot_be_undone(store, tmp_path):
    job = journalled(store, tmp_path, [])
    store._execute("DELETE FROM undo_jobs WHERE job_id = ?", (job,))  # as an older version left it
    with pytest.raises(UndoRefusedError, match="older version"):
        UndoSession.open(job, journal_store=store)


def test_only_contacts_created_since_the_import_started_are_deleted(store, tmp_path):
    now = datetime.now(UTC) + timedelta(seconds=1)
    tenant = Tenant()
    tenant.add(1, "new@example.com", created=now)
    tenant.add(2, "old@example.com", created=now - timedelta(days=3))
    tenant.add(3, "renamed@example.com", created=now)
    rows = [
        data.UndoRow(0, data.CREATED, "new@example.com", 1, answered_at=_iso(now)),
        data.UndoRow(1, data.MAYBE_CREATED, "old@example.com", None, answered_at=_iso(now)),
        data.UndoRow(2, data.CREATED, "was@example.com", 3, answered_at=_iso(now)),
    ]
    job = journalled(store, tmp_path, rows)
    session = UndoSession.open(job, journal_store=store)
    assert session.confirmation().startswith("Delete 3 contacts created on ")
    result = session.run(tenant, wait=no_wait)
    assert tenant.deleted == [1]
    assert result.counts.as_dict()["left_alone"] == 2
    assert sorted(code for _i, _who, code in result.left_alone) == [
        "existed_before",
        "match_changed",
    ]


def test_a_stopped_undo_resumes_and_never_deletes_twice(store, tmp_path):
    now = datetime.now(UTC) + timedelta(seconds=1)
    tenant = Tenant()
    rows = []
    for cid in range(1, 6):
        tenant.add(cid, f"p{cid}@example.com", created=now)
        rows.append(
            data.UndoRow(cid, data.CREATED, f"p{cid}@example.com", cid, answered_at=_iso(now))
        )
    job = journalled(store, tmp_path, rows)
    session = UndoSession.open(job, journal_store=store)
    tenant.fail_deletes = 0
    original = tenant.delete_contact
    calls = {"n": 0}

    def flaky(contact_id: int) -> bool:
        calls["n"] += 1
        if contact_id == 3 and calls["n"] < 10:
            raise errors.ApiConnectionError("Cannot reach the server.")
        return original(contact_id)

    tenant.delete_contact = flaky  # type: ignore[method-assign]
    first = session.run(tenant, max_attempts=2, wait=no_wait)
    assert not first.finished
    assert "Cannot reach the server." in (first.stop_message or "")
    assert tenant.deleted == [1, 2]
    # A second session (the app was restarted) goes on where it stopped.
    again = UndoSession.open(job, journal_store=store)
    assert again.resuming
    calls["n"] = 100
    second = again.run(tenant, wait=no_wait)
    assert second.finished
    assert second.counts.deleted == 5
    assert tenant.deleted == [1, 2, 3, 4, 5]
    with pytest.raises(UndoRefusedError, match="already undone"):
        UndoSession.open(job, journal_store=store)


def test_a_contact_changed_since_keeps_its_values(store, tmp_path):
    now = datetime.now(UTC)
    tenant = Tenant()
    tenant.add(7, "kept@example.com", created=now - timedelta(days=1), city="Neu")
    tenant.contacts[7]["updated_at"] = _iso(now + timedelta(minutes=5))  # someone else
    rows = [
        data.UndoRow(0, data.UPDATED, "kept@example.com", 7, {"city": "Alt"}, _iso(now)),
    ]
    job = journalled(store, tmp_path, rows)
    result = UndoSession.open(job, journal_store=store).run(tenant, wait=no_wait)
    assert tenant.contacts[7]["city"] == "Neu"
    assert [code for _i, _w, code in result.left_alone] == ["changed_since"]


def test_a_batch_sent_again_keeps_its_first_snapshot(store, tmp_path):
    tenant = Tenant()
    tenant.add(1, "a@example.com", created=datetime.now(UTC), city="Alt")
    job = journalled(store, tmp_path, [])
    undo = store.open(job).undo
    recorder = UndoRecorder(tenant, ImportOptions(mode=Mode.UPDATE), undo)
    records = [{"email": "a@example.com", "city": "Neu"}]
    first = recorder.before(0, records)
    assert first == {0: (1, {"city": "Alt"})}
    tenant.contacts[1]["city"] = "Neu"  # the first attempt was applied, its answer lost
    assert recorder.before(0, records) == first
    assert tenant.searches == 1
    rows = recorder.after([5], records, [(5, Outcome.UPDATED, "")], {}, first)
    assert [(r.kind, r.item_id, dict(r.previous)) for r in rows] == [
        (data.UPDATED, 1, {"city": "Alt"})
    ]


@pytest.mark.parametrize(
    ("language", "day"),
    [pytest.param("en", "5 Dec 2026", id="en"), pytest.param("de", "05.12.2026", id="de")],
)
def test_undo_names_the_day_and_time_in_the_chosen_language(language, day):
    from plandocket_desktop import i18n
    from plandocket_desktop.core.importing import _undo

    moment = datetime(2026, 12, 5, 14, 3).astimezone()  # a local time, shown as it is
    i18n.setup(language)
    try:
        assert _undo.when_text(moment) == (day, "14:03")
    finally:
        i18n.setup("en")
