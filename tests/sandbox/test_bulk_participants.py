"""Bulk import of participants: create_contacts, existing participations, modes, unknown events."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.sandbox.helpers import bulk, by_email

# Demo tenant: Anna (anna.schmidt@example.com, 10001) takes part in expo-2025, unconfirmed;
# Claire (claire.martin@example.fr, 10004) exists but takes part in nothing.
NEWCOMER = {
    "email": "neu@example.de",
    "first_name": "Nina",
    "last_name": "Neu",
    "company_name": "Neu GmbH",
    "is_confirmed": True,
}


def _participation(sandbox: Any, email: str, event_key: str = "expo-2025") -> dict[str, Any] | None:
    for row in sandbox.store.participants(event_key):
        if (row["email"] or "").lower() == email.lower():
            return row  # type: ignore[no-any-return]
    return None


@pytest.mark.parametrize(
    ("mode", "create_contacts", "status", "contacts_created"),
    [
        pytest.param("create", True, "created", 1, id="create-creates-contact"),
        pytest.param("upsert", True, "created", 1, id="upsert-creates-contact"),
        pytest.param("update", True, "skipped", 0, id="update-never-creates"),
        pytest.param("create", False, "skipped", 0, id="create-without-create_contacts"),
        pytest.param("upsert", False, "skipped", 0, id="upsert-without-create_contacts"),
    ],
)
def test_record_without_a_contact(
    sandbox: Any,
    api: httpx.Client,
    mode: str,
    create_contacts: bool,
    status: str,
    contacts_created: int,
) -> None:
    body = bulk(
        api,
        "participants",
        [NEWCOMER],
        event_key="expo-2025",
        mode=mode,
        create_contacts=create_contacts,
    ).json()
    assert body[status] == 1
    assert body["contacts_created"] == contacts_created
    assert body["details"][0]["status"] == status
    contact = by_email(sandbox, "neu@example.de")
    participation = _participation(sandbox, "neu@example.de")
    if status == "created":
        assert contact is not None
        assert (contact["first_name"], contact["last_name"], contact["company_name"]) == (
            "Nina",
            "Neu",
            "Neu GmbH",
        )
        assert participation is not None
        assert participation["is_confirmed"] is True
        assert body["details"][0]["id"] == participation["id"]
    else:
        assert contact is None
        assert participation is None


@pytest.mark.parametrize(
    ("mode", "status", "confirmed_after"),
    [
        pytest.param("create", "skipped", False, id="create-skips-existing"),
        pytest.param("update", "updated", True, id="update-updates-is_confirmed"),
        pytest.param("upsert", "updated", True, id="upsert-updates-is_confirmed"),
    ],
)
def test_existing_participation(
    sandbox: Any, api: httpx.Client, mode: str, status: str, confirmed_after: bool
) -> None:
    before = _participation(sandbox, "anna.schmidt@example.com")
    assert before is not None
    assert before["is_confirmed"] is False
    record = {"email": "Anna.Schmidt@example.com", "is_confirmed": "yes"}
    body = bulk(api, "participants", [record], event_key="expo-2025", mode=mode).json()
    assert body[status] == 1
    assert body["contacts_created"] == 0
    assert body["details"] == [{"index": 0, "status": status, "id": before["id"]}]
    after = _participation(sandbox, "anna.schmidt@example.com")
    assert after is not None
    assert after["is_confirmed"] is confirmed_after
    assert len(sandbox.store.participants("expo-2025")) == 1


@pytest.mark.parametrize(
    ("mode", "status"),
    [
        pytest.param("create", "created", id="create"),
        pytest.param("upsert", "created", id="upsert"),
        pytest.param("update", "skipped", id="update"),
    ],
)
def test_existing_contact_without_participation(
    sandbox: Any, api: httpx.Client, mode: str, status: str
) -> None:
    record = {"customer_number": "10004", "is_confirmed": False}
    body = bulk(
        api,
        "participants",
        [record],
        event_key="expo-2025",
        mode=mode,
        match_field="customer_number",
    ).json()
    assert body[status] == 1
    assert body["contacts_created"] == 0
    found = _participation(sandbox, "claire.martin@example.fr")
    assert (found is not None) is (status == "created")
    assert len(sandbox.store.contacts()) == 6


def test_unknown_event_is_404_and_nothing_is_written(sandbox: Any, api: httpx.Client) -> None:
    response = bulk(api, "participants", [NEWCOMER], event_key="no-such-event")
    assert response.status_code == 404
    assert response.json() == {"error": "Event not found"}
    assert by_email(sandbox, "neu@example.de") is None


@pytest.mark.parametrize("event_key", [None, "", "  "], ids=["absent", "empty", "blank"])
def test_missing_event_key_is_422(sandbox: Any, api: httpx.Client, event_key: Any) -> None:
    params = {} if event_key is None else {"event_key": event_key}
    response = bulk(api, "participants", [NEWCOMER], **params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "Validation failed"
    assert "event_key" in body["errors"]


def test_skip_on_error_false_rolls_back_created_contacts(sandbox: Any, api: httpx.Client) -> None:
    records = [NEWCOMER, {"email": "ok@example.com", "is_confirmed": "maybe"}]
    response = bulk(api, "participants", records, event_key="expo-2025", skip_on_error=False)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["index"] == 1
    assert body["errors"][0]["email"] == "ok@example.com"
    assert "is_confirmed" in body["errors"][0]["error"]
    assert by_email(sandbox, "neu@example.de") is None
    assert len(sandbox.store.participants("expo-2025")) == 1


def test_skip_on_error_true_keeps_the_good_records(sandbox: Any, api: httpx.Client) -> None:
    records = [NEWCOMER, {"email": "broken@", "is_confirmed": True}, {"first_name": "x"}]
    response = bulk(api, "participants", records, event_key="open-house")
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["contacts_created"]) == (1, 1)
    assert [e["index"] for e in body["errors"]] == [1, 2]
    assert body["errors"][1]["email"] is None
    assert [p["email"] for p in sandbox.store.participants("open-house")] == ["neu@example.de"]


def test_event_key_inside_records_is_ignored(sandbox: Any, api: httpx.Client) -> None:
    record = {**NEWCOMER, "event_key": "winter-gala"}
    bulk(api, "participants", [record], event_key="open-house")
    assert sandbox.store.participants("winter-gala")[0]["email"] == "info@example.org"
    assert _participation(sandbox, "neu@example.de", "open-house") is not None


def test_participant_list_endpoint(sandbox: Any, api: httpx.Client) -> None:
    response = api.get("/api/v1/participants", params={"event_key": "expo-2025"})
    assert response.status_code == 200
    rows = response.json()["data"]
    assert [r["email"] for r in rows] == ["anna.schmidt@example.com"]
    assert rows[0]["customer_number"] == "10001"
    assert rows[0]["is_confirmed"] is False
    assert api.get("/api/v1/participants").status_code == 422
    missing = api.get("/api/v1/participants", params={"event_key": "nope"})
    assert (missing.status_code, missing.json()) == (404, {"error": "Event not found"})
