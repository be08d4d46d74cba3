"""The bulk-operations guide's curl examples, sent verbatim (raw body, same headers)."""

from __future__ import annotations

from typing import Any

import httpx

RESPONSE_FIELDS = {
    "total",
    "created",
    "updated",
    "skipped",
    "contacts_created",
    "errors",
    "details",
}

# curl -X POST https://your-tenant.plandocket.com/api/v1/bulk-import/contacts \
#   -H "Authorization: Bearer YOUR_API_KEY" -H "Content-Type: application/json" -d '...'
CONTACTS_BODY = b"""{
    "records": [
      {"email": "john@example.com", "first_name": "John", "last_name": "Doe",
       "company_name": "Acme Inc"},
      {"email": "jane@example.com", "first_name": "Jane", "last_name": "Smith",
       "company_name": "Tech Corp"}
    ],
    "mode": "upsert",
    "match_field": "email",
    "skip_on_error": true
  }"""

PARTICIPANTS_BODY = b"""{
    "event_key": "expo-2025",
    "records": [
      {"email": "john@example.com", "is_confirmed": true},
      {"email": "jane@example.com", "is_confirmed": false}
    ],
    "create_contacts": true
  }"""


def _curl(sandbox: Any, path: str, body: bytes) -> httpx.Response:
    headers = {
        "Authorization": f"Bearer {sandbox.api_key}",
        "Content-Type": "application/json",
        "User-Agent": "curl/8.5.0",
        "Accept": "*/*",
    }
    return httpx.post(sandbox.base_url + path, content=body, headers=headers, timeout=10)


def test_contacts_example(sandbox: Any) -> None:
    response = _curl(sandbox, "/api/v1/bulk-import/contacts", CONTACTS_BODY)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == RESPONSE_FIELDS
    # John is in the demo tenant already, Jane is new.
    assert (body["total"], body["created"], body["updated"], body["skipped"]) == (2, 1, 1, 0)
    assert body["errors"] == []
    assert [d["status"] for d in body["details"]] == ["updated", "created"]


def test_participants_example(sandbox: Any) -> None:
    response = _curl(sandbox, "/api/v1/bulk-import/participants", PARTICIPANTS_BODY)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == RESPONSE_FIELDS
    assert (body["total"], body["created"], body["contacts_created"]) == (2, 2, 1)
    confirmed = {p["email"]: p["is_confirmed"] for p in sandbox.store.participants("expo-2025")}
    assert confirmed["john@example.com"] is True
    assert confirmed["jane@example.com"] is False


def test_examples_in_a_row(sandbox: Any) -> None:
    _curl(sandbox, "/api/v1/bulk-import/contacts", CONTACTS_BODY)
    body = _curl(sandbox, "/api/v1/bulk-import/participants", PARTICIPANTS_BODY).json()
    assert (body["created"], body["contacts_created"]) == (2, 0)
