"""SandboxServer itself: several in one process, persistence, clean stop, speed, safety."""

from __future__ import annotations

import secrets
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from plandocket_desktop.sandbox import demo, server, store


def _events(srv: server.SandboxServer) -> httpx.Response:
    return httpx.get(
        srv.base_url + "/api/v1/events", headers={"X-API-Key": srv.api_key}, timeout=10
    )


def test_two_servers_in_one_process_are_independent(tmp_path: Path, sandbox: Any) -> None:
    with (
        server.SandboxServer(tmp_path / "a.sqlite3", demo=True) as first,
        server.SandboxServer(tmp_path / "b.sqlite3") as second,
    ):
        assert len({first.port, second.port, sandbox.port}) == 3
        assert first.api_key != second.api_key
        assert len(_events(first).json()["data"]) > 3
        assert _events(second).json() == {"data": []}
        first.set_faults(error_rate=1)
        assert _events(first).status_code == 500
        assert _events(second).status_code == 200
        assert _events(sandbox).status_code == 200
        wrong = httpx.get(second.base_url + "/api/v1/events", headers={"X-API-Key": first.api_key})
        assert wrong.status_code == 401
    assert not first.running
    assert not second.running


def test_data_survives_a_restart_and_demo_is_not_seeded_twice(tmp_path: Path) -> None:
    db = tmp_path / "practice.sqlite3"
    with server.SandboxServer(db, demo=True) as srv:
        body = {"records": [{"email": "kept@example.com"}]}
        headers = {"Authorization": f"Bearer {srv.api_key}"}
        httpx.post(srv.base_url + "/api/v1/bulk-import/contacts", json=body, headers=headers)
        count = len(srv.store.contacts())
    with server.SandboxServer(db, demo=True) as srv:
        emails = [c["email"] for c in srv.store.contacts()]
        assert "kept@example.com" in emails
        assert len(emails) == count
        srv.reset()
        assert "kept@example.com" not in [c["email"] for c in srv.store.contacts()]
        assert len(srv.store.events()) == len(demo.events())


def test_database_is_in_wal_mode(tmp_path: Path) -> None:
    with server.SandboxServer(tmp_path / "w.sqlite3"):
        with sqlite3.connect(tmp_path / "w.sqlite3") as db:
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        db.close()
    assert mode == "wal"


def test_stop_twice_and_restart(tmp_path: Path) -> None:
    srv = server.SandboxServer(tmp_path / "r.sqlite3", api_key="pd_test_" + secrets.token_hex(8))
    srv.start()
    srv.stop()
    srv.stop()
    srv.start()
    try:
        assert _events(srv).status_code == 200
    finally:
        srv.stop()


def test_stop_does_not_wait_for_a_slow_answer(tmp_path: Path) -> None:
    srv = server.SandboxServer(tmp_path / "s.sqlite3", faults={"timeout_rate": 1})
    srv.start()
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(srv.base_url + "/api/v1/events", timeout=0.2)
    started = time.monotonic()
    srv.stop()
    assert time.monotonic() - started < 5


def test_port_in_use_is_a_plain_error(tmp_path: Path, sandbox: Any) -> None:
    with pytest.raises(server.SandboxError, match="cannot listen"):
        server.SandboxServer(tmp_path / "p.sqlite3", port=sandbox.port).start()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_refuses_hosts_other_than_loopback(tmp_path: Path, host: str) -> None:
    with pytest.raises(server.SandboxError, match=r"only listens on this computer"):
        server.SandboxServer(tmp_path / "h.sqlite3", host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_are_allowed(host: str) -> None:
    assert server.is_loopback(host)


def test_key_is_not_in_repr(sandbox: Any) -> None:
    assert sandbox.api_key not in repr(sandbox)
    assert sandbox.base_url in repr(sandbox)


def test_generated_keys_differ(tmp_path: Path) -> None:
    keys = {server.SandboxServer(tmp_path / "k.sqlite3").api_key for _ in range(3)}
    assert len(keys) == 3
    assert all(len(k) > 30 for k in keys)


def test_store_accessors_return_plain_dicts(sandbox: Any) -> None:
    assert all(isinstance(c, dict) for c in sandbox.store.contacts())
    assert {e["event_key"] for e in sandbox.store.events()} >= {"expo-2025", "partner-summit"}
    assert sandbox.store.participants("nope") == []
    assert len(sandbox.store.participants()) >= 4


def test_a_1000_record_batch_is_fast(tmp_path: Path) -> None:
    data = store.Store(tmp_path / "speed.sqlite3")
    try:
        data.seed_demo()
        batch = [
            {
                "email": f"person{i}@example.com",
                "first_name": "Person",
                "last_name": str(i),
                "customer_number": f"S{i:05d}",
                "rating": 3,
                "category_keys": ["customer"],
            }
            for i in range(1000)
        ]
        timings = []
        for mode in ("create", "upsert"):
            started = time.perf_counter()
            outcome = data.bulk_import("contacts", batch, mode=mode)
            timings.append(time.perf_counter() - started)
            assert outcome.created + outcome.updated == 1000
        # Typically ~25 ms each; generous bound for a busy shared machine.
        assert max(timings) < 0.5, timings
    finally:
        data.close()
