"""Fault injection: seeded, set in-process or over HTTP, only for /api/v1/*."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from plandocket_desktop.sandbox import server
from tests.sandbox.helpers import bulk, by_email

ONE = [{"email": "fault@example.com"}]


def test_error_rate_answers_500_before_processing(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(error_rate=1)
    response = bulk(api, "contacts", ONE)
    assert response.status_code == 500
    assert response.json() == {"error": "Internal server error"}
    assert by_email(sandbox, "fault@example.com") is None


def test_applied_error_rate_commits_then_answers_500(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(applied_error_rate=1)
    response = bulk(api, "contacts", ONE)
    assert response.status_code == 500
    assert "created" not in response.text
    assert by_email(sandbox, "fault@example.com") is not None


def test_applied_error_leaves_failures_alone(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(applied_error_rate=1)
    response = bulk(api, "participants", ONE, event_key="nope")
    assert response.status_code == 404


def test_rate_429_sends_retry_after(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(rate_429=1)
    response = bulk(api, "contacts", ONE)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response.json() == {"error": "Rate limit exceeded"}
    assert by_email(sandbox, "fault@example.com") is None


DROPPED = (httpx.RemoteProtocolError, httpx.ReadError)


def test_drop_rate_closes_the_connection_without_an_answer(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(drop_rate=1)
    # Closed unanswered: the client sees the connection end (or be reset, when the close
    # catches request bytes still unread) - never an answer.
    with pytest.raises(DROPPED):
        bulk(api, "contacts", ONE)
    with pytest.raises(DROPPED):
        api.get("/api/v1/events")
    sandbox.set_faults(drop_rate=0)
    assert api.get("/api/v1/events").status_code == 200  # the server is fine afterwards


def test_timeout_rate_answers_after_the_clients_timeout(sandbox: Any) -> None:
    sandbox.set_faults(timeout_rate=1, slow_ms=1500)
    headers = {"Authorization": f"Bearer {sandbox.api_key}"}
    with (
        httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=0.3) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        client.get("/api/v1/events")


def test_slow_answer_arrives_with_a_patient_client(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(timeout_rate=1, slow_ms=300)
    started = time.monotonic()
    assert bulk(api, "contacts", ONE).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_latency_is_added(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(latency_ms=250)
    started = time.monotonic()
    assert api.get("/api/v1/events").status_code == 200
    assert time.monotonic() - started >= 0.25


def test_hourly_limit_per_key(sandbox: Any, api: httpx.Client) -> None:
    from tests.conftest import EVENTS_ONLY_KEY

    sandbox.set_faults(rate_limit_per_hour=2)
    answers = [api.get("/api/v1/events") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["1", "0", "0"]
    assert answers[0].headers["X-RateLimit-Limit"] == "2"
    reset_at = int(answers[2].headers["X-RateLimit-Reset"])
    assert time.time() < reset_at <= time.time() + 3601
    assert 3500 < int(answers[2].headers["Retry-After"]) <= 3600
    assert answers[2].json() == {"error": "Rate limit exceeded"}
    other = api.get("/api/v1/events", headers={"Authorization": f"Bearer {EVENTS_ONLY_KEY}"})
    assert other.status_code == 200  # counted per key


def test_hourly_limit_window_can_be_shortened(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(rate_limit_per_hour=1, rate_limit_window_s=1)
    assert api.get("/api/v1/events").status_code == 200
    limited = api.get("/api/v1/events")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "1"
    time.sleep(1.05)
    assert api.get("/api/v1/events").status_code == 200


def test_hourly_limit_ignores_unknown_keys(sandbox: Any) -> None:
    sandbox.set_faults(rate_limit_per_hour=1)
    with httpx.Client(base_url=sandbox.base_url) as client:
        statuses = [client.get("/api/v1/events").status_code for _ in range(3)]
    assert statuses == [401, 401, 401]


def _statuses(client: httpx.Client, count: int) -> list[int]:
    return [client.get("/api/v1/events").status_code for _ in range(count)]


def test_same_seed_same_faults(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(error_rate=0.5, rate_429=0.2, seed=7)
    first = _statuses(api, 30)
    sandbox.set_faults(seed=7)
    second = _statuses(api, 30)
    assert first == second
    assert {200, 429, 500} <= set(first)
    sandbox.set_faults(seed=8)
    assert _statuses(api, 30) != first


def test_faults_do_not_touch_the_admin_endpoints(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(error_rate=1, drop_rate=1)
    response = api.get("/_sandbox/faults")
    assert response.status_code == 200
    assert response.json()["drop_rate"] == 1


def test_faults_over_http(sandbox: Any, api: httpx.Client) -> None:
    response = api.post("/_sandbox/faults", json={"error_rate": 1, "seed": 3})
    assert response.status_code == 200
    assert api.get("/_sandbox/faults").json()["error_rate"] == 1
    assert sandbox.faults["seed"] == 3
    assert api.get("/api/v1/events").status_code == 500
    api.post("/_sandbox/faults", json={"latency_ms": 1})  # merges: error_rate stays
    assert api.get("/_sandbox/faults").json()["error_rate"] == 1
    assert api.delete("/_sandbox/faults").json()["error_rate"] == 0
    assert api.get("/api/v1/events").status_code == 200


@pytest.mark.parametrize(
    "settings",
    [
        {"error_rate": 1.5},
        {"drop_rate": -0.1},
        {"latency_ms": "fast"},
        {"latency_ms": 1.5},
        {"seed": True},
        {"bogus": 1},
        {"rate_limit_window_s": 0},
    ],
    ids=str,
)
def test_bad_fault_settings_are_422(api: httpx.Client, settings: dict[str, Any]) -> None:
    response = api.post("/_sandbox/faults", json=settings)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == set(settings)


def test_reset_turns_faults_off(sandbox: Any, api: httpx.Client) -> None:
    sandbox.set_faults(error_rate=1)
    sandbox.reset()
    assert api.get("/api/v1/events").status_code == 200
    assert sandbox.faults["error_rate"] == 0


def test_faults_given_at_start(tmp_path: Path) -> None:
    with server.SandboxServer(tmp_path / "s.sqlite3", faults={"error_rate": 1}) as other:
        headers = {"X-API-Key": other.api_key}
        with httpx.Client(base_url=other.base_url, headers=headers) as client:
            assert client.get("/api/v1/events").status_code == 500


def test_bad_faults_at_start_fail_early(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        server.SandboxServer(tmp_path / "s.sqlite3", faults={"error_rate": 2})
