"""plandocket-import undo against the sandbox over HTTP: import A, B over it, undo B, undo A."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from plandocket_desktop import cli
from plandocket_desktop.core import importing
from tests.conftest import CONTACTS_ONLY_KEY, EVENTS_ONLY_KEY

pytestmark = pytest.mark.e2e

_TIMES = ("created_at", "updated_at")


def state(sandbox: Any) -> dict[int, dict[str, Any]]:
    """Every contact by id with its values (timestamps left out), and its events."""
    return {
        c["id"]: {k: v for k, v in c.items() if k not in _TIMES} for c in sandbox.store.contacts()
    }


def participants(sandbox: Any, event_key: str) -> set[int]:
    return {p["contact_id"] for p in sandbox.store.participants(event_key)}


def write(path: Path, rows: list[tuple[str, ...]]) -> Path:
    lines = ["E-Mail;Vorname;Nachname;Ort;Telefon", *(";".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def key(sandbox, monkeypatch):
    monkeypatch.setenv("PLANDOCKET_API_KEY", sandbox.api_key)
    return sandbox.api_key


def run(capsys, *argv: str) -> tuple[int, dict[str, Any]]:
    code = cli.main([*argv, "--yes", "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1])


def newest_job() -> str:
    with importing.JournalStore() as store:
        return store.all()[0].job_id


def import_file(capsys, sandbox, path: Path, mode: str = "upsert", *extra: str) -> str:
    code, summary = run(
        capsys, "run", str(path), "--tenant", sandbox.base_url, "--mode", mode, *extra
    )
    assert code == 0, summary
    return newest_job()


def test_undo_b_then_a_brings_the_sandbox_back_step_by_step(sandbox, key, tmp_path, capsys):
    before_a = state(sandbox)
    # A: 30 new people and one demo contact (Anna) given a city.
    rows_a = [(f"a{i:03d}@undo.example", f"A{i}", "Alt", "Berlin", "") for i in range(30)]
    rows_a.append(("anna.schmidt@example.com", "", "", "Potsdam", ""))
    job_a = import_file(
        capsys, sandbox, write(tmp_path / "a.csv", rows_a), "upsert", "--batch-size", "7"
    )
    after_a = state(sandbox)
    assert len(after_a) == len(before_a) + 30

    # B: overlaps A (10 of A's people get a new city and phone), Anna's phone, 5 new people.
    rows_b = [(f"a{i:03d}@undo.example", "", "", "Hamburg", f"+49 40 {i}") for i in range(10)]
    rows_b.append(("anna.schmidt@example.com", "", "", "", "+49 331 1"))
    rows_b += [(f"b{i:03d}@undo.example", f"B{i}", "Neu", "Köln", "") for i in range(5)]
    job_b = import_file(
        capsys, sandbox, write(tmp_path / "b.csv", rows_b), "upsert", "--batch-size", "4"
    )
    assert state(sandbox) != after_a

    code, undone_b = run(capsys, "undo", job_b)
    assert code == 0, undone_b
    assert undone_b["counts"] == {
        "deleted": 5,
        "restored": 11,
        "removed_participants": 0,
        "left_alone": 0,
        "failed": 0,
    }
    assert state(sandbox) == after_a

    code, undone_a = run(capsys, "undo", job_a)
    assert code == 0, undone_a
    assert undone_a["counts"]["deleted"] == 30
    assert undone_a["counts"]["restored"] == 1
    assert state(sandbox) == before_a

    # It cannot run twice, and says so.
    code = cli.main(["undo", job_a, "--yes", "--json"])
    assert code == 2
    assert "already undone" in capsys.readouterr().err


def test_a_contact_changed_since_is_left_as_it_is(sandbox, key, tmp_path, capsys):
    rows = [(f"c{i}@undo.example", f"C{i}", "X", "Bonn", "") for i in range(3)]
    job = import_file(capsys, sandbox, write(tmp_path / "c.csv", rows), "create")
    changed = next(c for c in sandbox.store.contacts() if c["email"] == "c1@undo.example")
    time.sleep(1.1)  # the sandbox's timestamps have whole seconds
    sandbox.store.update_contact(changed["id"], {"city": "Bonn-Beuel"}, replace=False)
    code, undone = run(capsys, "undo", job)
    assert code == 0
    assert undone["counts"]["deleted"] == 2
    assert undone["counts"]["left_alone"] == 1
    left = [c["email"] for c in sandbox.store.contacts() if c["email"].endswith("@undo.example")]
    assert left == ["c1@undo.example"]


def test_undo_under_faults_finishes_without_acting_twice(sandbox, key, tmp_path, capsys):
    rows = [(f"f{i:03d}@undo.example", f"F{i}", "X", "Ulm", "") for i in range(40)]
    before = state(sandbox)
    job = import_file(capsys, sandbox, write(tmp_path / "f.csv", rows), "create")
    sandbox.set_faults(error_rate=0.2, drop_rate=0.1, seed=3)
    session = importing.UndoSession.open(job)
    from plandocket_desktop.core import api

    waits: list[float] = []

    def no_wait(seconds: float, _cancel: object) -> bool:
        waits.append(seconds)
        return False

    with session, api.PlandocketClient(sandbox.base_url, key) as client:
        result = session.run(client, max_attempts=3, wait=no_wait)
        rounds = 1
        while not result.finished and rounds < 20:  # stopped with a plain message: resume
            assert result.stop_message
            result = session.run(client, max_attempts=3, wait=no_wait)
            rounds += 1
    sandbox.clear_faults()
    assert waits  # the faults did happen, and were retried
    assert result.finished
    assert result.counts.deleted == 40
    assert result.counts.failed == 0
    assert state(sandbox) == before


def test_a_key_without_contacts_scope_is_told_before_anything_happens(
    sandbox, key, tmp_path, capsys, monkeypatch
):
    rows = [(f"s{i}@undo.example", f"S{i}", "X", "Jena", "") for i in range(2)]
    job = import_file(capsys, sandbox, write(tmp_path / "s.csv", rows), "create")
    monkeypatch.setenv("PLANDOCKET_API_KEY", EVENTS_ONLY_KEY)
    code = cli.main(["undo", job, "--yes", "--json"])
    assert code == 2
    assert "'contacts'" in capsys.readouterr().err
    assert len([c for c in sandbox.store.contacts() if c["email"].endswith("@undo.example")]) == 2
    monkeypatch.setenv("PLANDOCKET_API_KEY", CONTACTS_ONLY_KEY)  # enough for contacts
    code, undone = run(capsys, "undo", job)
    assert code == 0, undone
    assert undone["counts"]["deleted"] == 2


def test_participants_added_are_removed(sandbox, key, tmp_path, capsys):
    event = "expo-2025"
    before = participants(sandbox, event)
    rows = [("john@example.com", "", "", "", ""), ("m.weber@example.de", "", "", "", "")]
    path = write(tmp_path / "p.csv", rows)
    job = import_file(capsys, sandbox, path, "create", "--target", "participants", "--event", event)
    assert participants(sandbox, event) != before
    code, undone = run(capsys, "undo", job)
    assert code == 0, undone
    assert participants(sandbox, event) == before
