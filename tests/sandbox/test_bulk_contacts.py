"""Bulk import of contacts: every mode x match field x existing x skip_on_error, and the rules."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from tests.sandbox.helpers import bulk, by_email, by_number

# The demo tenant has Anna Schmidt, anna.schmidt@example.com, customer number 10001.
EXISTING = {
    "email": {"email": "ANNA.Schmidt@Example.COM", "first_name": "Changed", "city": "Bremen"},
    "customer_number": {"customer_number": "10001", "first_name": "Changed", "city": "Bremen"},
}
NEW = {
    "email": {"email": "new.person@example.com", "first_name": "Changed", "city": "Bremen"},
    "customer_number": {
        "customer_number": "C-NEW-1",
        "email": "cn.person@example.com",
        "first_name": "Changed",
        "city": "Bremen",
    },
}
BAD = {
    "email": {"email": "not-an-email"},
    "customer_number": {"customer_number": "C-BAD", "email": "not-an-email"},
}
# What happens to the record under test: (mode, exists) -> status
EXPECTED = {
    ("create", True): "skipped",
    ("create", False): "created",
    ("update", True): "updated",
    ("update", False): "skipped",
    ("upsert", True): "updated",
    ("upsert", False): "created",
}

MATRIX = [
    pytest.param(
        mode,
        match,
        exists,
        skip,
        id=f"{mode}-{match}-{'exists' if exists else 'new'}-skip_on_error={str(skip).lower()}",
    )
    for mode, match, exists, skip in itertools.product(
        ("create", "update", "upsert"), ("email", "customer_number"), (True, False), (True, False)
    )
]


def _find(sandbox: Any, match: str, record: dict[str, Any]) -> dict[str, Any] | None:
    if match == "email":
        return by_email(sandbox, record["email"])
    return by_number(sandbox, record["customer_number"])


def _check_applied(
    sandbox: Any, match: str, exists: bool, status: str, detail: dict[str, Any]
) -> None:
    record = (EXISTING if exists else NEW)[match]
    stored = _find(sandbox, match, record)
    if status == "created":
        assert stored is not None
        assert stored["first_name"] == "Changed"
        assert stored["city"] == "Bremen"
        assert detail["id"] == stored["id"]
    elif status == "updated":
        assert stored is not None
        assert stored["first_name"] == "Changed"
        assert stored["city"] == "Bremen"
        assert stored["company_name"] == "Schmidt Messebau GmbH"  # fields not sent stay
        assert stored["email"] == "anna.schmidt@example.com" or match == "email"
        assert detail["id"] == stored["id"]
    elif exists:  # skipped an existing one: unchanged
        assert stored is not None
        assert stored["first_name"] == "Anna"
        assert detail["id"] == stored["id"]
    else:  # skipped a new one: not created
        assert stored is None
        assert detail["id"] is None


@pytest.mark.parametrize(("mode", "match", "exists", "skip"), MATRIX)
def test_batch_with_a_failing_record(
    sandbox: Any, api: httpx.Client, mode: str, match: str, exists: bool, skip: bool
) -> None:
    before = sandbox.store.contacts()
    record = (EXISTING if exists else NEW)[match]
    response = bulk(
        api, "contacts", [record, BAD[match]], mode=mode, match_field=match, skip_on_error=skip
    )
    body = response.json()
    error = {"index": 1, "error": body["errors"][0]["error"], match: BAD[match][match]}
    assert body["errors"] == [error]
    assert "not a valid e-mail" in error["error"]
    assert body["total"] == 2
    if not skip:
        # The whole batch is rolled back and answered 422 with its errors.
        assert response.status_code == 422
        assert body["error"] == "Validation failed"
        assert body["created"] == body["updated"] == body["skipped"] == 0
        assert sandbox.store.contacts() == before
        return
    assert response.status_code == 200
    status = EXPECTED[(mode, exists)]
    counts = {"created": 0, "updated": 0, "skipped": 0}
    counts[status] = 1
    assert {k: body[k] for k in counts} == counts
    assert body["contacts_created"] == 0
    assert body["details"][0]["status"] == status
    assert body["details"][1] == {"index": 1, "status": "failed", "id": None}
    _check_applied(sandbox, match, exists, status, body["details"][0])
    assert by_email(sandbox, "not-an-email") is None


@pytest.mark.parametrize(
    ("mode", "match", "exists"),
    [pytest.param(*p.values[:3], id=str(p.id).rsplit("-", 1)[0]) for p in MATRIX if p.values[3]],
)
def test_clean_batch_without_skip_on_error_is_applied(
    sandbox: Any, api: httpx.Client, mode: str, match: str, exists: bool
) -> None:
    record = (EXISTING if exists else NEW)[match]
    response = bulk(api, "contacts", [record], mode=mode, match_field=match, skip_on_error=False)
    assert response.status_code == 200
    body = response.json()
    status = EXPECTED[(mode, exists)]
    assert body[status] == 1
    assert body["errors"] == []
    _check_applied(sandbox, match, exists, status, body["details"][0])


def test_defaults_are_create_by_email_skipping_errors(sandbox: Any, api: httpx.Client) -> None:
    response = bulk(api, "contacts", [EXISTING["email"], NEW["email"], BAD["email"]])
    body = response.json()
    assert response.status_code == 200
    assert (body["created"], body["updated"], body["skipped"]) == (1, 0, 1)
    assert [d["status"] for d in body["details"]] == ["skipped", "created", "failed"]


def test_counts_add_up_to_total(sandbox: Any, api: httpx.Client) -> None:
    records = [EXISTING["email"], NEW["email"], BAD["email"], {"email": "x@example.com"}]
    body = bulk(api, "contacts", records, mode="upsert").json()
    assert body["total"] == 4
    assert body["created"] + body["updated"] + body["skipped"] + len(body["errors"]) == 4


def test_same_email_twice_in_one_batch(sandbox: Any, api: httpx.Client) -> None:
    records = [{"email": "twice@example.com"}, {"email": "TWICE@example.com", "city": "Kiel"}]
    body = bulk(api, "contacts", records).json()
    assert [d["status"] for d in body["details"]] == ["created", "skipped"]
    body = bulk(api, "contacts", records, mode="upsert").json()
    assert [d["status"] for d in body["details"]] == ["updated", "updated"]
    assert by_email(sandbox, "twice@example.com")["city"] == "Kiel"  # type: ignore[index]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        pytest.param({"first_name": "No email"}, "email field is required", id="email-missing"),
        pytest.param({"email": "  "}, "email field is required", id="email-blank"),
        pytest.param({"email": "a@b"}, "not a valid e-mail", id="email-no-tld"),
        pytest.param({"email": "a b@example.com"}, "not a valid e-mail", id="email-space"),
        pytest.param({"email": "a@@example.com"}, "not a valid e-mail", id="email-double-at"),
        pytest.param({"email": "a\x07b@example.com"}, "not a valid e-mail", id="email-ctrl"),
        pytest.param({"email": "a..b@example.com"}, "not a valid e-mail", id="email-dots"),
        pytest.param({"email": "x@example.com", "rating": 0}, "rating", id="rating-0"),
        pytest.param({"email": "x@example.com", "rating": 6}, "rating", id="rating-6"),
        pytest.param({"email": "x@example.com", "rating": 4.5}, "rating", id="rating-4.5"),
        pytest.param({"email": "x@example.com", "rating": "good"}, "rating", id="rating-text"),
        pytest.param({"email": "x@example.com", "rating": True}, "rating", id="rating-bool"),
        pytest.param(
            {"email": "x@example.com", "account_access_enabled": "maybe"},
            "account_access_enabled field must be true or false",
            id="boolean-invalid",
        ),
        pytest.param({"email": "x@example.com", "country": "DEU"}, "country", id="country-alpha3"),
        pytest.param(
            {"email": "x@example.com", "category_keys": ["nope"]}, "Unknown category", id="category"
        ),
        pytest.param(
            {"email": "x@example.com", "event_keys": ["nope-2030"]}, "Unknown event", id="event"
        ),
        pytest.param(
            {"email": "x@example.com", "category_keys": {"a": 1}}, "list of keys", id="list-type"
        ),
        pytest.param({"email": "x@example.com", "city": ["a"]}, "must be text", id="text-type"),
        pytest.param("just a string", "must be an object", id="not-an-object"),
        pytest.param(
            {"email": "x@example.com", "customer_number": "10002"},
            "customer number '10002' is already in use",
            id="customer-number-taken",
        ),
    ],
)
def test_invalid_record_is_reported(
    sandbox: Any, api: httpx.Client, record: Any, message: str
) -> None:
    body = bulk(api, "contacts", [record], mode="upsert").json()
    assert body["created"] == body["updated"] == 0
    assert len(body["errors"]) == 1
    assert body["errors"][0]["index"] == 0
    assert message in body["errors"][0]["error"]
    assert body["details"] == [{"index": 0, "status": "failed", "id": None}]
    assert by_email(sandbox, "x@example.com") is None


def test_error_names_the_match_value(sandbox: Any, api: httpx.Client) -> None:
    body = bulk(
        api, "contacts", [{"customer_number": 4711, "rating": 9}], match_field="customer_number"
    ).json()
    assert body["errors"] == [
        {
            "index": 0,
            "error": "The rating must be a whole number from 1 to 5.",
            "customer_number": "4711",
        }
    ]


def test_email_taken_by_another_contact_on_update(sandbox: Any, api: httpx.Client) -> None:
    record = {"customer_number": "10001", "email": "John@example.com"}
    body = bulk(api, "contacts", [record], mode="update", match_field="customer_number").json()
    assert "already in use" in body["errors"][0]["error"]
    assert by_number(sandbox, "10001")["email"] == "anna.schmidt@example.com"  # type: ignore[index]


def test_update_can_change_the_email_of_the_matched_contact(
    sandbox: Any, api: httpx.Client
) -> None:
    record = {"customer_number": "10001", "email": "anna@new.example.com"}
    body = bulk(api, "contacts", [record], mode="update", match_field="customer_number").json()
    assert body["updated"] == 1
    assert by_number(sandbox, "10001")["email"] == "anna@new.example.com"  # type: ignore[index]


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        pytest.param({"rating": "4"}, "rating", 4, id="rating-text-number"),
        pytest.param({"rating": 2.0}, "rating", 2, id="rating-float"),
        pytest.param({}, "rating", 3, id="rating-default"),
        pytest.param({"account_access_enabled": "1"}, "account_access_enabled", True, id="bool-1"),
        pytest.param({"account_access_enabled": False}, "account_access_enabled", False, id="b"),
        pytest.param({"country": "de"}, "country", "DE", id="country-upper"),
        pytest.param({"customer_number": 123}, "customer_number", "123", id="number-as-text"),
        pytest.param({"customer_number": "00123"}, "customer_number", "00123", id="leading-zero"),
        pytest.param({"postal_code": " 01067 "}, "postal_code", "01067", id="trimmed"),
        pytest.param({"category_keys": "vip; press"}, "category_keys", ["press", "vip"], id="ks"),
        pytest.param({"category_keys": ["vip"]}, "category_keys", ["vip"], id="keys-list"),
        pytest.param({"event_keys": ["expo-2025"]}, "event_keys", ["expo-2025"], id="event-keys"),
        pytest.param({"favourite_colour": "red"}, "first_name", None, id="unknown-ignored"),
        pytest.param({"city": None}, "city", None, id="null-ignored"),
    ],
)
def test_accepted_values_are_stored_normalised(
    sandbox: Any, api: httpx.Client, record: dict[str, Any], field: str, expected: Any
) -> None:
    body = bulk(api, "contacts", [{"email": "x@example.com", **record}]).json()
    assert body["errors"] == []
    assert body["created"] == 1
    assert by_email(sandbox, "x@example.com")[field] == expected  # type: ignore[index]


def test_event_keys_make_the_contact_a_participant(sandbox: Any, api: httpx.Client) -> None:
    bulk(api, "contacts", [{"email": "x@example.com", "event_keys": ["open-house"]}])
    emails = [p["email"] for p in sandbox.store.participants("open-house")]
    assert emails == ["x@example.com"]


def test_idn_email_is_valid(sandbox: Any, api: httpx.Client) -> None:
    body = bulk(api, "contacts", [{"email": "jürgen@müller-bau.de"}]).json()
    assert body["created"] == 1


def test_new_contact_without_customer_number_gets_one(sandbox: Any, api: httpx.Client) -> None:
    bulk(api, "contacts", [{"email": "x@example.com"}])
    number = by_email(sandbox, "x@example.com")["customer_number"]  # type: ignore[index]
    assert number
    assert number.startswith("PD-")


def test_field_mapping_renames_before_processing(sandbox: Any, api: httpx.Client) -> None:
    records = [{"E-Mail": "Anna.Schmidt@example.com", "Vorname": "Anne", "Ort": "Kiel"}]
    mapping = {"E-Mail": "email", "Vorname": "first_name", "Ort": "city"}
    body = bulk(api, "contacts", records, mode="upsert", field_mapping=mapping).json()
    assert body["updated"] == 1
    anna = by_email(sandbox, "anna.schmidt@example.com")
    assert anna is not None
    assert (anna["first_name"], anna["city"]) == ("Anne", "Kiel")


def test_field_mapping_errors_name_the_mapped_match_value(sandbox: Any, api: httpx.Client) -> None:
    mapping = {"Mail": "email"}
    body = bulk(api, "contacts", [{"Mail": "broken@"}], field_mapping=mapping).json()
    assert body["errors"][0]["email"] == "broken@"


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param(["customer", "exhibitor", "press", "speaker"], id="english"),
        pytest.param(["kunde", "aussteller", "presse", "referent"], id="german"),
    ],
)
def test_demo_tenant_knows_the_usual_categories_in_english_and_german(
    api: httpx.Client, keys: list[str]
) -> None:
    record = {"email": f"categories.{keys[0]}@example.com", "category_keys": keys}
    body = bulk(api, "contacts", [record]).json()
    assert body["created"] == 1, body["errors"]
