"""Checking and normalising the records of a bulk import, the way the sandbox's API does."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Contact fields that are plain text. Numbers are accepted and turned into text.
TEXT_FIELDS = (
    "email",
    "company_name",
    "first_name",
    "last_name",
    "phone",
    "fax",
    "mobile",
    "customer_number",
    "address",
    "postal_code",
    "city",
    "country",
    "state",
    "website",
    "notes",
    "tax_id",
)
CONTACT_COLUMNS = (*TEXT_FIELDS, "rating", "account_access_enabled")

MODES = ("create", "update", "upsert")
MATCH_FIELDS = ("email", "customer_number")
MAX_RECORDS = 1000

# Local part without spaces or the characters RFC 5322 only allows quoted; the domain has at
# least two labels of letters (any script), digits and inner hyphens, the last one two or more
# letters long (or an xn-- label). Good enough to tell typos from addresses; IDNs pass.
_ATOM = r"[^\s@\"(),:;<>\[\]\\.\x00-\x1f\x7f]+"
_LOCAL = rf"{_ATOM}(?:\.{_ATOM})*"
_LABEL = r"(?:[^\W_]|[^\W_][\w-]*[^\W_])"
_TLD = r"(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)"
_EMAIL_RE = re.compile(rf"^{_LOCAL}@(?:{_LABEL}\.)+{_TLD}$", re.IGNORECASE)
_COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")

_TRUE = {True, "1", "true", "yes"}
_FALSE = {False, "0", "false", "no"}


class RecordError(ValueError):
    """One record cannot be imported; ``str(exc)`` is the message sent back."""


def is_email(text: str) -> bool:
    """Whether ``text`` (already trimmed) looks like an e-mail address."""
    return len(text) <= 254 and _EMAIL_RE.match(text) is not None


def parse_bool(value: Any) -> bool | None:
    """true/false, 1/0 and their texts (any case); None when ``value`` is none of them."""
    if isinstance(value, str):
        value = value.strip().lower()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return value
    try:
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    except TypeError:  # unhashable: a list or an object
        return None
    return None


def _text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(f"The {name} field must be text.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _keys(name: str, value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        items: list[Any] = re.split(r"[,;]", value)
    elif isinstance(value, list):
        items = value
    else:
        raise RecordError(f"The {name} field must be a list of keys.")
    keys: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise RecordError(f"The {name} field must be a list of keys.")
        key = item.strip()
        if key and key not in keys:
            keys.append(key)
    return keys


def _rating(value: Any) -> int | None:
    if value is None or value == "":
        return None
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not 1 <= number <= 5:
        raise RecordError("The rating must be a whole number from 1 to 5.")
    return number


def _boolean(name: str, value: Any) -> bool | None:
    if value is None or value == "":
        return None
    parsed = parse_bool(value)
    if parsed is None:
        raise RecordError(f"The {name} field must be true or false.")
    return parsed


@dataclass
class Record:
    """One checked record: only the fields it carries, normalised."""

    values: dict[str, Any] = field(default_factory=dict)  # CONTACT_COLUMNS present
    category_keys: list[str] | None = None
    event_keys: list[str] | None = None
    is_confirmed: bool | None = None

    @property
    def email_key(self) -> str | None:
        email = self.values.get("email")
        return email.lower() if isinstance(email, str) else None


def match_value(raw: Any, match_field: str) -> str | None:
    """The record's match value as sent (for error items), or None."""
    if not isinstance(raw, Mapping):
        return None
    value = raw.get(match_field)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def rename(raw: Mapping[str, Any], field_mapping: Mapping[str, str] | None) -> dict[str, Any]:
    """Apply the request's ``field_mapping`` (source name -> field name) to one record."""
    if not field_mapping:
        return dict(raw)
    renamed: dict[str, Any] = {}
    for name, value in raw.items():
        target = field_mapping.get(name, name)
        # A mapped field wins over a same-named unmapped one.
        if target in renamed and name not in field_mapping:
            continue
        renamed[target] = value
    return renamed


def check(raw: Any, match_field: str | None, *, participant: bool) -> Record:
    """Validate one record (after field_mapping); unknown fields are ignored. ``match_field``
    None: no field is required (single-contact calls)."""
    if not isinstance(raw, Mapping):
        raise RecordError("The record must be an object.")
    record = Record()
    for name in TEXT_FIELDS:
        if name in raw:
            text = _text(name, raw[name])
            if text is not None:
                record.values[name] = text
    email = record.values.get("email")
    if email is not None and not is_email(email):
        raise RecordError(f"The email '{email}' is not a valid e-mail address.")
    country = record.values.get("country")
    if country is not None:
        if not _COUNTRY_RE.match(country):
            raise RecordError("The country must be a two-letter country code.")
        record.values["country"] = country.upper()
    if match_field is not None and record.values.get(match_field) is None:
        raise RecordError(f"The {match_field} field is required.")
    rating = _rating(raw.get("rating"))
    if rating is not None:
        record.values["rating"] = rating
    access = _boolean("account_access_enabled", raw.get("account_access_enabled"))
    if access is not None:
        record.values["account_access_enabled"] = access
    if participant:
        record.is_confirmed = _boolean("is_confirmed", raw.get("is_confirmed"))
    else:
        record.category_keys = _keys("category_keys", raw.get("category_keys"))
        record.event_keys = _keys("event_keys", raw.get("event_keys"))
    return record
