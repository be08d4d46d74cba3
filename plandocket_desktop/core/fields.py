"""The field catalog: every PlanDocket contact and participant field, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from plandocket_desktop.core.models import Target


class FieldType(StrEnum):
    TEXT = "text"
    EMAIL = "email"
    RATING = "rating"  # whole number 1-5
    BOOLEAN = "boolean"
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    LIST = "list"  # split on , or ;
    URL = "url"


@dataclass(frozen=True)
class Field:
    """One PlanDocket field.

    ``targets``: the imports that send it. For participants, contact fields are sent too, so a
    contact can be created (create_contacts) with its name and company.
    ``synonyms``: header texts (English and German) that mean this field; compared after
    normalisation by ``mapping``.
    """

    key: str
    label_en: str
    label_de: str
    type: FieldType
    targets: frozenset[Target]
    synonyms: tuple[str, ...] = ()


_BOTH = frozenset({Target.CONTACTS, Target.PARTICIPANTS})
_CONTACTS = frozenset({Target.CONTACTS})
_PARTICIPANTS = frozenset({Target.PARTICIPANTS})

FIELDS: tuple[Field, ...] = (
    Field("email", "Email", "E-Mail", FieldType.EMAIL, _BOTH),
    Field("customer_number", "Customer number", "Kundennummer", FieldType.TEXT, _BOTH),
    Field("first_name", "First name", "Vorname", FieldType.TEXT, _BOTH),
    Field("last_name", "Last name", "Nachname", FieldType.TEXT, _BOTH),
    Field("company_name", "Company", "Firma", FieldType.TEXT, _BOTH),
    Field("phone", "Phone", "Telefon", FieldType.TEXT, _BOTH),
    Field("mobile", "Mobile", "Mobil", FieldType.TEXT, _BOTH),
    Field("fax", "Fax", "Fax", FieldType.TEXT, _BOTH),
    Field("address", "Street address", "Straße", FieldType.TEXT, _BOTH),
    Field("postal_code", "Postal code", "PLZ", FieldType.TEXT, _BOTH),
    Field("city", "City", "Ort", FieldType.TEXT, _BOTH),
    Field("state", "State / region", "Bundesland", FieldType.TEXT, _BOTH),
    Field("country", "Country", "Land", FieldType.COUNTRY, _BOTH),
    Field("website", "Website", "Webseite", FieldType.URL, _BOTH),
    Field("tax_id", "Tax ID / VAT number", "USt-IdNr.", FieldType.TEXT, _BOTH),
    Field("notes", "Notes", "Notizen", FieldType.TEXT, _BOTH),
    Field("rating", "Rating (1-5)", "Bewertung (1-5)", FieldType.RATING, _CONTACTS),
    Field(
        "account_access_enabled",
        "Account access",
        "Kontozugang",
        FieldType.BOOLEAN,
        _CONTACTS,
    ),
    Field("category_keys", "Categories", "Kategorien", FieldType.LIST, _CONTACTS),
    Field("event_keys", "Events", "Veranstaltungen", FieldType.LIST, _CONTACTS),
    Field("is_confirmed", "Confirmed", "Bestätigt", FieldType.BOOLEAN, _PARTICIPANTS),
)

BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}


def fields_for(target: Target) -> list[Field]:
    """The fields an import of ``target`` can send, in catalog order."""
    return [f for f in FIELDS if target in f.targets]


def get(key: str) -> Field:
    """The field with this key; KeyError when there is none."""
    return BY_KEY[key]
