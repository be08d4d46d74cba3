"""The API client against the running sandbox over real HTTP: each error class, a real answer."""

from __future__ import annotations

import logging
import secrets
import traceback
from typing import Any

import pytest

from plandocket_desktop.core import api as api_module
from plandocket_desktop.core import errors
from plandocket_desktop.core.api import _client as client
from plandocket_desktop.core.types import ImportOptions, Mode, Outcome, Target
from plandocket_desktop.sandbox import stats
from tests import received
from tests.conftest import CONTACTS_ONLY_KEY, EVENTS_ONLY_KEY

pytestmark = pytest.mark.e2e

CONTACTS = ImportOptions()


def people(n: int, tag: str = "") -> list[dict[str, Any]]:
    tag = tag or secrets.token_hex(3)
    return [
        {"email": f"person{i}.{tag}@example.com", "first_name": f"P{i}", "last_name": "Test"}
        for i in range(n)
    ]


def connect(sandbox: Any, key: str | None = None, timeout: float = 10.0) -> client.PlandocketClient:
    return client.PlandocketClient(sandbox.base_url, key or sandbox.api_key, timeout=timeout)


def emails(sandbox: Any) -> set[str]:
    return {c["email"].lower() for c in sandbox.store.contacts() if c.get("email")}


def sent_once(sandbox: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The sandbox's one receipt of this batch: the client sent it once, and only it."""
    (receipt,) = received.bulk_receipts(received.settled(sandbox))
    assert receipt["fingerprint"] == stats.fingerprint(records)
    assert receipt["records"] == len(records)
    return receipt


# --- the happy paths ------------------------------------------------------------------------


def test_full_key_has_every_scope(sandbox):
    with connect(sandbox) as api:
        check = api.check_connection()
    assert check.missing == ()
    assert check.message == (
        "Connected. This key can import contacts and participants and list events."
    )


@pytest.mark.parametrize(
    ("key", "missing"),
    [
        pytest.param(CONTACTS_ONLY_KEY, ("participants", "events"), id="contacts-only"),
        pytest.param(EVENTS_ONLY_KEY, ("contacts", "participants"), id="events-only"),
    ],
)
def test_restricted_keys_report_what_they_lack(sandbox, key, missing):
    with connect(sandbox, key) as api:
        check = api.check_connection()
    assert check.missing == missing
    assert "Settings > API" in check.message


def test_events_are_listed_and_searched(sandbox):
    with connect(sandbox) as api:
        everything = api.list_events()
        found = api.list_events(search="expo")
    keys = {e.event_key for e in everything}
    assert "expo-2025" in keys
    assert {e["event_key"] for e in sandbox.store.events()} == keys
    assert "expo-2025" in {e.event_key for e in found}
    assert len(found) < len(everything)


def test_contacts_round_trip_with_an_outcome_per_record(sandbox):
    records = people(3)
    records.append({"email": "not-an-email", "first_name": "Bad"})
    with connect(sandbox) as api:
        first = api.bulk_import(CONTACTS, records)
        again = api.bulk_import(CONTACTS, records[:3])
        upserted = api.bulk_import(ImportOptions(mode=Mode.UPSERT), records[:1])

    assert first.per_record
    assert [r.outcome for r in first.records] == [Outcome.CREATED] * 3 + [Outcome.FAILED]
    assert first.records[3].message
    assert all(isinstance(r.id, int) for r in first.records[:3])
    assert (first.total, first.created) == (4, 3)
    assert {r["email"].lower() for r in records[:3]} <= emails(sandbox)
    assert "not-an-email" not in emails(sandbox)

    assert [r.outcome for r in again.records] == [Outcome.SKIPPED] * 3
    assert [(r.outcome, r.id) for r in upserted.records] == [(Outcome.UPDATED, first.records[0].id)]


def test_participants_round_trip(sandbox):
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo-2025")
    records = [{**r, "is_confirmed": True} for r in people(2)]
    with connect(sandbox) as api:
        result = api.bulk_import(options, records)
    assert result.per_record
    assert result.contacts_created == 2
    assert [r.outcome for r in result.records] == [Outcome.CREATED] * 2
    joined = {p.get("email", "").lower() for p in sandbox.store.participants("expo-2025")}
    assert {r["email"] for r in records} <= joined


def test_a_full_batch_of_1000(sandbox):
    with connect(sandbox) as api:
        result = api.bulk_import(CONTACTS, people(1000))
    assert result.per_record
    assert result.created == 1000


# --- every error class from a real answer ---------------------------------------------------


def test_401_wrong_key(sandbox):
    with (
        connect(sandbox, "pd_wrong_" + secrets.token_hex(12)) as api,
        pytest.raises(errors.AuthenticationError) as info,
    ):
        api.bulk_import(CONTACTS, people(1))
    assert info.value.status_code == 401
    assert str(info.value).startswith("PlanDocket did not accept this API key.")


def test_403_missing_scope(sandbox):
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo-2025")
    with (
        connect(sandbox, CONTACTS_ONLY_KEY) as api,
        pytest.raises(errors.AuthenticationError) as info,
    ):
        api.bulk_import(options, people(1))
    assert info.value.status_code == 403
    assert info.value.missing_scopes == ("participants",)
    assert "lacks the 'participants' permission" in str(info.value)


def test_404_unknown_event(sandbox):
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="no-such-fair")
    with connect(sandbox) as api, pytest.raises(errors.EventNotFoundError) as info:
        api.bulk_import(options, people(1))
    assert str(info.value).startswith("The event 'no-such-fair' does not exist in PlanDocket.")


def test_422_rolled_back_batch_names_the_failing_record(sandbox):
    records = people(3)
    records[1]["email"] = "broken@"
    with connect(sandbox) as api, pytest.raises(errors.ApiRejectedError) as info:
        api.bulk_import(ImportOptions(skip_on_error=False), records)
    exc = info.value
    assert exc.status_code == 422
    assert "Validation failed" in str(exc)
    assert exc.errors["records"]
    failed = client.parse_bulk_result(exc.body, records)
    assert [(r.index, r.outcome) for r in failed.records if r.outcome is Outcome.FAILED] == [
        (1, Outcome.FAILED)
    ]
    assert list(api_module.record_errors(exc.body, records)) == [1]  # what the engine reads
    assert not {r["email"] for r in records} & emails(sandbox)  # nothing was applied


def test_413_a_batch_over_the_size_limit(sandbox):
    records = [{**r, "notes": "x" * 11_000} for r in people(1000)]  # about 11 MB
    with connect(sandbox) as api, pytest.raises(errors.ApiRejectedError) as info:
        api.bulk_import(CONTACTS, records)
    assert info.value.status_code == 413
    assert not info.value.may_have_been_applied
    assert str(info.value).startswith("PlanDocket refused the batch because it is too large")
    assert str(info.value).endswith("Send fewer records at once.")


def test_429_rate_limited_with_retry_after(sandbox):
    sandbox.set_faults(rate_429=1.0, retry_after_s=7)
    records = people(1)
    with connect(sandbox) as api, pytest.raises(errors.RateLimitedError) as info:
        api.bulk_import(CONTACTS, records)
    assert info.value.retry_after == pytest.approx(7, abs=1)
    assert not info.value.may_have_been_applied
    receipt = sent_once(sandbox, records)  # the client leaves the waiting to its caller
    assert (receipt["faults"], receipt["applied"], receipt["status"]) == (["429"], False, 429)


def test_hourly_limit_gives_429_with_retry_after(sandbox):
    sandbox.set_faults(rate_limit_per_hour=1)
    with connect(sandbox) as api:
        api.bulk_import(CONTACTS, people(1))
        with pytest.raises(errors.RateLimitedError) as info:
            api.bulk_import(CONTACTS, people(1))
    assert info.value.retry_after is not None
    assert 0 < info.value.retry_after <= 3600


def test_500_before_processing_is_a_server_error(sandbox):
    sandbox.set_faults(error_rate=1.0)
    records = people(2)
    with connect(sandbox) as api, pytest.raises(errors.ServerError) as info:
        api.bulk_import(CONTACTS, records)
    assert info.value.status_code == 500
    assert info.value.may_have_been_applied  # the client cannot know which kind it was
    receipt = sent_once(sandbox, records)
    assert (receipt["faults"], receipt["applied"]) == (["error"], False)
    assert not {r["email"] for r in records} & emails(sandbox)


def test_500_after_applying_really_may_have_been_applied(sandbox):
    sandbox.set_faults(applied_error_rate=1.0)
    records = people(2)
    with connect(sandbox) as api, pytest.raises(errors.ServerError) as info:
        api.bulk_import(CONTACTS, records)
    assert info.value.may_have_been_applied
    assert {r["email"] for r in records} <= emails(sandbox)
    receipt = sent_once(sandbox, records)  # applied once, then the 500; not sent again
    assert (receipt["faults"], receipt["applied"], receipt["status"]) == (
        ["applied_error"],
        True,
        500,
    )


def test_dropped_connection_is_a_connection_error(sandbox):
    sandbox.set_faults(drop_rate=1.0)
    records = people(1)
    with connect(sandbox) as api, pytest.raises(errors.ApiConnectionError) as info:
        api.bulk_import(CONTACTS, records)
    assert info.value.may_have_been_applied
    receipt = sent_once(sandbox, records)  # received in full, then closed unanswered
    assert (receipt["faults"], receipt["applied"], receipt["status"]) == (["drop"], False, None)
    assert "closed before PlanDocket answered" in str(info.value)


def test_slow_answer_is_a_timeout(sandbox):
    sandbox.set_faults(timeout_rate=1.0, slow_ms=1500)
    with connect(sandbox, timeout=0.3) as api, pytest.raises(errors.ApiConnectionError) as info:
        api.bulk_import(CONTACTS, people(1))
    assert info.value.may_have_been_applied
    assert "did not answer within 0.3 seconds" in str(info.value)


def test_stopped_sandbox_is_unreachable_and_nothing_was_applied(tmp_path):
    from plandocket_desktop.sandbox import server

    srv = server.SandboxServer(tmp_path / "gone.sqlite3")
    srv.start()
    base_url, key = srv.base_url, srv.api_key
    srv.stop()
    with (
        client.PlandocketClient(base_url, key, timeout=2) as api,
        pytest.raises(errors.ApiConnectionError) as info,
    ):
        api.list_events()
    assert not info.value.may_have_been_applied
    assert str(info.value).startswith("Cannot reach the server 127.0.0.1.")


# --- key hygiene ----------------------------------------------------------------------------


def test_a_failing_call_with_a_distinctive_key_leaves_no_trace_of_it(sandbox, caplog):
    key = "pd_distinctive_" + secrets.token_hex(20)
    caplog.set_level(logging.DEBUG)
    with connect(sandbox, key) as api:
        for call in (api.check_connection, lambda: api.bulk_import(CONTACTS, people(1))):
            with pytest.raises(errors.AuthenticationError) as info:
                call()
            exc = info.value
            assert key not in "".join(traceback.format_exception(exc)) + repr(exc)
        assert key not in repr(api)
    assert any(r.name.startswith("httpcore") for r in caplog.records)  # debug logging was on
    assert all(key not in r.getMessage() for r in caplog.records)
    assert key not in caplog.text
