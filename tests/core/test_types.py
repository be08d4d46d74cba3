"""The field catalog: every API field once, with labels, types, targets; unambiguous names."""

from __future__ import annotations

import pytest

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core._fields import FieldType
from plandocket_desktop.core.mapping import _suggest as mapping
from plandocket_desktop.core.mapping import _synonyms as synonyms
from plandocket_desktop.core.types import Target

# PLANDOCKET_API.md, "Contact fields" and "Participant fields" (event_key is an option, not a
# column: the event is chosen once per import).
CONTACT_FIELDS = {
    "email": FieldType.EMAIL,
    "company_name": FieldType.TEXT,
    "first_name": FieldType.TEXT,
    "last_name": FieldType.TEXT,
    "phone": FieldType.TEXT,
    "fax": FieldType.TEXT,
    "mobile": FieldType.TEXT,
    "customer_number": FieldType.TEXT,
    "address": FieldType.TEXT,
    "postal_code": FieldType.TEXT,
    "city": FieldType.TEXT,
    "country": FieldType.COUNTRY,
    "state": FieldType.TEXT,
    "website": FieldType.URL,
    "notes": FieldType.TEXT,
    "tax_id": FieldType.TEXT,
    "rating": FieldType.RATING,
    "account_access_enabled": FieldType.BOOLEAN,
    "category_keys": FieldType.LIST,
    "event_keys": FieldType.LIST,
}


@pytest.mark.parametrize(("key", "kind"), sorted(CONTACT_FIELDS.items()))
def test_every_contact_field_is_in_the_catalog_with_its_type(key: str, kind: FieldType) -> None:
    field = fields.get(key)
    assert field.type is kind
    assert Target.CONTACTS in field.targets


def test_participant_fields_include_confirmation_and_contact_fields() -> None:
    keys = [f.key for f in fields.fields_for(Target.PARTICIPANTS)]
    assert "is_confirmed" in keys
    assert {"email", "customer_number", "first_name", "last_name", "company_name"} <= set(keys)
    # Contact-only settings are not sent with participants.
    assert not {"rating", "category_keys", "event_keys", "account_access_enabled"} & set(keys)
    assert "is_confirmed" not in [f.key for f in fields.fields_for(Target.CONTACTS)]


def test_keys_are_unique_and_get_finds_each() -> None:
    keys = [f.key for f in fields.FIELDS]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert fields.get(key).key == key
    with pytest.raises(KeyError):
        fields.get("no_such_field")


@pytest.mark.parametrize("field", fields.FIELDS, ids=lambda f: f.key)
def test_each_field_has_a_label_a_description_and_english_and_german_header_names(
    field: fields.Field,
) -> None:
    assert field.label
    assert field.label == field.label_msg  # English pass-through until catalogues exist
    assert field.description
    entry = synonyms.HEADER_NAMES[field.key]
    assert entry.synonyms, "every field needs header synonyms"
    assert len(entry.own) >= 1  # its name in English, and in German where that differs
    names = synonyms.names(field.key)
    assert names[0] == field.key
    assert set(entry.own) <= set(names)
    assert set(entry.own) | {field.key} == synonyms.own_names(field.key)


def test_every_header_name_belongs_to_a_field() -> None:
    assert set(synonyms.HEADER_NAMES) == {f.key for f in fields.FIELDS}


def test_no_header_name_means_two_fields() -> None:
    owner: dict[str, str] = {}
    for field in fields.FIELDS:
        for name in synonyms.names(field.key):
            compact = mapping.normalise(name).replace(" ", "")
            assert compact, f"{name!r} normalises to nothing"
            assert owner.setdefault(compact, field.key) == field.key, (
                f"{name!r} is a name of both {owner[compact]} and {field.key}"
            )


def test_fixed_values_are_offered_for_settings_not_for_personal_data() -> None:
    contacts = [f.key for f in fields.fixed_value_fields(Target.CONTACTS)]
    participants = [f.key for f in fields.fixed_value_fields(Target.PARTICIPANTS)]
    assert {"rating", "category_keys", "account_access_enabled", "country"} <= set(contacts)
    assert "is_confirmed" in participants
    for personal in ("email", "customer_number", "first_name", "last_name", "phone"):
        assert personal not in contacts
        assert not fields.get(personal).allows_fixed_value


def test_counts_of_tallies_each_outcome_and_adds_the_ignored_rows() -> None:
    from plandocket_desktop.core.types import Counts, Outcome

    outcomes = [Outcome.CREATED] * 3 + [Outcome.FAILED, Outcome.IGNORED, Outcome.SENT]
    counts = Counts.of([*outcomes, Outcome.NOT_SENT, Outcome.CREATED], ignored=2)
    assert counts.as_dict() == {
        "created": 4,
        "updated": 0,
        "skipped": 0,
        "failed": 1,
        "sent": 1,
        "not_sent": 1,
        "ignored": 3,
    }
    assert (counts.total, counts.problems, counts.went_in) == (10, 2, 4)
    assert Counts.of([]).total == 0
