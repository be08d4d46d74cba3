"""Counting what the sandbox receives: per endpoint, per batch fingerprint, through every fault."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from plandocket_desktop.sandbox import server, stats
from tests import received
from tests.sandbox.helpers import bulk, by_email

BULK = "POST /api/v1/bulk-import/contacts"
TWO = [{"email": "count.one@example.com", "first_name": "Eins"}, {"email": "count.two@example.com"}]


def wait_for(condition: Any, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.01)


def test_requests_and_records_are_counted_per_endpoint_and_batch(
    sandbox: Any, api: httpx.Client
) -> None:
    assert bulk(api, "contacts", TWO).status_code == 200
    assert bulk(api, "contacts", TWO).status_code == 200  # the same batch again
    assert bulk(api, "contacts", TWO[:1]).status_code == 200
    assert api.get("/api/v1/events").status_code == 200

    seen = sandbox.stats()
    assert (seen["requests"], seen["records"], seen["in_progress"]) == (4, 5, 0)
    assert seen["endpoints"][BULK] == {
        "requests": 3,
        "records": 5,
        "applied_requests": 3,
        "applied_records": 5,
        "faults": {},
        "statuses": {"200": 3},
    }
    assert seen["endpoints"]["GET /api/v1/events"]["requests"] == 1
    assert seen["batches"] == {
        stats.fingerprint(TWO): {
            "endpoint": BULK,
            "records": 2,
            "received": 2,
            "applied": 2,
            "answered": 2,
        },
        stats.fingerprint(TWO[:1]): {
            "endpoint": BULK,
            "records": 1,
            "received": 1,
            "applied": 1,
            "answered": 1,
        },
    }
    log = seen["log"]
    assert [r["seq"] for r in log] == [1, 2, 3, 4]
    assert [r["records"] for r in log] == [2, 2, 1, 0]
    assert log[3]["fingerprint"] is None
    assert all(r["done"] and r["status"] == 200 and r["faults"] == [] for r in log)
    assert [r["applied"] for r in log] == [True, True, True, False]  # a read applies nothing
    assert 0 <= log[0]["at"] <= log[1]["at"] <= log[3]["at"] < 60


def test_the_fingerprint_ignores_key_order_but_not_values_or_record_order() -> None:
    swapped = [{"first_name": "Eins", "email": "count.one@example.com"}, TWO[1]]
    assert stats.fingerprint(swapped) == stats.fingerprint(TWO)
    assert stats.fingerprint(TWO[::-1]) != stats.fingerprint(TWO)
    assert stats.fingerprint([{**TWO[0], "first_name": "Zwei"}, TWO[1]]) != stats.fingerprint(TWO)
    assert len(stats.fingerprint(TWO)) == 64


@pytest.mark.parametrize(
    ("faults", "noted", "applied", "status"),
    [
        pytest.param({"error_rate": 1}, ["error"], False, 500, id="500-before"),
        pytest.param({"applied_error_rate": 1}, ["applied_error"], True, 500, id="500-after"),
        pytest.param({"rate_429": 1}, ["429"], False, 429, id="429"),
        pytest.param({"drop_rate": 1}, ["drop"], False, None, id="dropped"),
        pytest.param({"timeout_rate": 1, "slow_ms": 50}, ["slow"], True, 200, id="slow"),
        pytest.param(
            {"timeout_rate": 1, "slow_ms": 10, "rate_429": 1},
            ["slow", "429"],
            False,
            429,
            id="slow-then-429",
        ),
    ],
)
def test_a_request_is_received_with_its_records_whatever_the_fault(
    sandbox: Any,
    api: httpx.Client,
    faults: dict[str, Any],
    noted: list[str],
    applied: bool,
    status: int | None,
) -> None:
    sandbox.set_faults(**faults)
    try:
        answer: int | None = bulk(api, "contacts", TWO).status_code
    except (httpx.RemoteProtocolError, httpx.ReadError):
        answer = None
    assert answer == status
    assert (by_email(sandbox, TWO[0]["email"]) is not None) is applied

    seen = sandbox.stats()
    (receipt,) = seen["log"]
    assert receipt["records"] == 2  # all of them, even when the connection was dropped
    assert receipt["fingerprint"] == stats.fingerprint(TWO)
    assert (receipt["faults"], receipt["applied"], receipt["status"]) == (noted, applied, status)
    counters = seen["endpoints"][BULK]
    assert counters["records"] == 2
    assert counters["applied_records"] == (2 if applied else 0)
    assert counters["faults"] == dict.fromkeys(noted, 1)
    assert counters["statuses"] == {str(status or "dropped"): 1}
    batch = seen["batches"][stats.fingerprint(TWO)]
    expected = {"received": 1, "applied": int(applied), "answered": int(status == 200)}
    assert {k: batch[k] for k in expected} == expected


def test_a_batch_rolled_back_is_received_but_not_applied(sandbox: Any, api: httpx.Client) -> None:
    records = [TWO[0], {"email": "not-an-email"}]
    assert bulk(api, "contacts", records, skip_on_error=False).status_code == 422
    (receipt,) = sandbox.stats()["log"]
    assert (receipt["records"], receipt["applied"], receipt["status"]) == (2, False, 422)


def test_a_batch_the_key_may_not_send_is_received_but_not_applied(sandbox: Any) -> None:
    from tests.conftest import EVENTS_ONLY_KEY

    headers = {"Authorization": f"Bearer {EVENTS_ONLY_KEY}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=10) as client:
        assert bulk(client, "contacts", TWO).status_code == 403
    seen = sandbox.stats()
    assert seen["endpoints"][BULK]["records"] == 2
    assert seen["endpoints"][BULK]["applied_records"] == 0
    assert seen["endpoints"][BULK]["statuses"] == {"403": 1}


def test_a_body_that_is_not_a_batch_counts_as_a_request_without_records(
    sandbox: Any, api: httpx.Client
) -> None:
    api.post("/api/v1/bulk-import/contacts", content=b"{not json")
    api.post("/api/v1/bulk-import/contacts", json={"records": "many"})
    api.post("/api/v1/bulk-import/contacts", json=[1, 2])
    seen = sandbox.stats()
    assert seen["requests"] == 3
    assert seen["records"] == 0
    assert seen["batches"] == {}
    assert seen["endpoints"][BULK]["statuses"] == {"422": 3}


def test_a_request_being_handled_is_in_progress_until_answered(
    sandbox: Any, api: httpx.Client
) -> None:
    sandbox.set_faults(latency_ms=400)
    answers: list[int] = []
    sender = threading.Thread(target=lambda: answers.append(bulk(api, "contacts", TWO).status_code))
    sender.start()
    try:
        seen = received.wait_until(sandbox, lambda snapshot: snapshot["in_progress"] == 1)
        (receipt,) = seen["log"]
        assert (receipt["records"], receipt["done"], receipt["status"]) == (2, False, None)
        assert not receipt["applied"]  # received, not yet applied
        assert 0 <= seen["elapsed"] - receipt["at"] < 5  # how long it has been handled
    finally:
        sender.join(10)
    assert answers == [200]
    seen = sandbox.stats()
    assert seen["in_progress"] == 0
    assert seen["log"][0]["done"]


def test_a_request_begun_before_a_reset_is_not_counted_after_it(
    sandbox: Any, api: httpx.Client
) -> None:
    sandbox.set_faults(latency_ms=300)
    sender = threading.Thread(target=lambda: bulk(api, "contacts", TWO))
    sender.start()
    wait_for(lambda: sandbox.stats()["in_progress"] == 1)
    sandbox.reset_stats()
    sender.join(10)
    seen = sandbox.stats()
    assert (seen["requests"], seen["in_progress"], seen["log"], seen["batches"]) == (0, 0, [], {})
    assert seen["endpoints"] == {}


def test_stats_over_http_without_a_key_and_untouched_by_faults(
    sandbox: Any, api: httpx.Client
) -> None:
    bulk(api, "contacts", TWO)
    sandbox.set_faults(drop_rate=1, error_rate=1)
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as anonymous:
        over_http = anonymous.get("/_sandbox/stats")
        assert over_http.status_code == 200
        assert over_http.json()["records"] == 2
        assert over_http.json()["batches"][stats.fingerprint(TWO)]["received"] == 1
        anonymous.get("/_sandbox/faults")  # the admin endpoints are not counted
        cleared = anonymous.delete("/_sandbox/stats")
        assert cleared.status_code == 200
        assert cleared.json()["requests"] == cleared.json()["records"] == 0
    assert sandbox.stats()["log"] == []


def test_reset_sets_the_counters_to_zero(sandbox: Any, api: httpx.Client) -> None:
    bulk(api, "contacts", TWO)
    assert sandbox.stats()["records"] == 2
    sandbox.reset()
    assert sandbox.stats()["records"] == 0
    bulk(api, "contacts", TWO)
    assert api.post("/_sandbox/reset").status_code == 200
    assert sandbox.stats()["requests"] == 0


def test_a_body_over_the_size_limit_is_counted_without_records(
    sandbox: Any, api: httpx.Client
) -> None:
    records = [{"email": f"big{i}@example.com", "notes": "x" * 11_000} for i in range(1000)]
    assert bulk(api, "contacts", records).status_code == 413
    (receipt,) = sandbox.stats()["log"]
    assert (receipt["records"], receipt["fingerprint"], receipt["status"]) == (0, None, 413)


def test_a_server_not_yet_started_has_empty_counters(tmp_path: Path) -> None:
    srv = server.SandboxServer(tmp_path / "s.sqlite3")
    assert srv.stats()["requests"] == 0
    assert srv.stats()["log"] == []


def test_the_log_and_the_batches_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats, "LOG_LIMIT", 3)
    monkeypatch.setattr(stats, "BATCH_LIMIT", 2)
    counters = stats.RequestStats()
    for i in range(5):
        receipt = counters.received(BULK, 1, stats.fingerprint([{"n": i}]))
        counters.answered(receipt, 200)
    seen = counters.snapshot()
    assert [r["seq"] for r in seen["log"]] == [3, 4, 5]
    assert seen["log_dropped"] == 2
    assert len(seen["batches"]) == 2
    assert seen["untracked_batches"] == 3
    assert (seen["requests"], seen["records"]) == (5, 5)  # the totals go on
