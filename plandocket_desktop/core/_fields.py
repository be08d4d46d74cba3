"""The field catalog: every PlanDocket contact and participant field, in one place.

Labels and descriptions are display text only (marked for translation, shown through
``Field.label``/``Field.description``). The header names that auto-mapping recognises live in
their own table, ``core/mapping/_synonyms.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from plandocket_desktop.core._enums import Target
from plandocket_desktop.i18n import N_, _


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
    ``label_msg`` and ``description_msg`` are English messages marked with ``N_``; read them
    through ``label`` and ``description``, which translate them.
    """

    key: str
    label_msg: str
    type: FieldType
    targets: frozenset[Target]
    description_msg: str = ""

    @property
    def label(self) -> str:
        """The field's name as shown to the user, in the chosen language."""
        return _(self.label_msg)

    @property
    def label_en(self) -> str:
        """The same as ``label``; kept while callers move to ``label``."""
        return self.label

    @property
    def description(self) -> str:
        """One sentence on what the field holds, in the chosen language ("" if none)."""
        return _(self.description_msg) if self.description_msg else ""

    @property
    def allows_fixed_value(self) -> bool:
        """Whether one value for every row makes sense (rating 3, confirmed yes …).

        Not for identifying or personal fields: the same email or name on every row is a
        mistake, and a profile must never hold one person's data.
        """
        return self.key not in PERSONAL


# Fields that identify a person or hold their data: no fixed values, never saved in a profile.
PERSONAL = frozenset(
    {"email", "customer_number", "first_name", "last_name", "phone", "mobile", "fax", "address"}
)

_BOTH = frozenset({Target.CONTACTS, Target.PARTICIPANTS})
_CONTACTS = frozenset({Target.CONTACTS})
_PARTICIPANTS = frozenset({Target.PARTICIPANTS})

FIELDS: tuple[Field, ...] = (
    Field(
        "email",
        N_("Email"),
        FieldType.EMAIL,
        _BOTH,
        N_("The person's email address."),
    ),
    Field(
        "customer_number",
        N_("Customer number"),
        FieldType.TEXT,
        _BOTH,
        N_("Your own number for the person or company."),
    ),
    Field(
        "first_name",
        N_("First name"),
        FieldType.TEXT,
        _BOTH,
        N_("The person's first name."),
    ),
    Field(
        "last_name",
        N_("Last name"),
        FieldType.TEXT,
        _BOTH,
        N_("The person's last name."),
    ),
    Field(
        "company_name",
        N_("Company"),
        FieldType.TEXT,
        _BOTH,
        N_("The company or organisation the person works for."),
    ),
    Field(
        "phone",
        N_("Phone"),
        FieldType.TEXT,
        _BOTH,
        N_("A landline telephone number."),
    ),
    Field(
        "mobile",
        N_("Mobile"),
        FieldType.TEXT,
        _BOTH,
        N_("A mobile telephone number."),
    ),
    Field(
        "fax",
        N_("Fax"),
        FieldType.TEXT,
        _BOTH,
        N_("A fax number."),
    ),
    Field(
        "address",
        N_("Street address"),
        FieldType.TEXT,
        _BOTH,
        N_("Street and house number."),
    ),
    Field(
        "postal_code",
        N_("Postal code"),
        FieldType.TEXT,
        _BOTH,
        N_("The postal code (ZIP code)."),
    ),
    Field(
        "city",
        N_("City"),
        FieldType.TEXT,
        _BOTH,
        N_("The town or city."),
    ),
    Field(
        "state",
        N_("State / region"),
        FieldType.TEXT,
        _BOTH,
        N_("The state, region or province."),
    ),
    Field(
        "country",
        N_("Country"),
        FieldType.COUNTRY,
        _BOTH,
        N_("The country, as a two-letter code (DE) or a name (Germany)."),
    ),
    Field(
        "website",
        N_("Website"),
        FieldType.URL,
        _BOTH,
        N_("A web address."),
    ),
    Field(
        "tax_id",
        N_("Tax ID / VAT number"),
        FieldType.TEXT,
        _BOTH,
        N_("The tax or VAT identification number."),
    ),
    Field(
        "notes",
        N_("Notes"),
        FieldType.TEXT,
        _BOTH,
        N_("Free text kept with the record."),
    ),
    Field(
        "rating",
        N_("Rating (1-5)"),
        FieldType.RATING,
        _CONTACTS,
        N_("A whole number from 1 to 5."),
    ),
    Field(
        "account_access_enabled",
        N_("Account access"),
        FieldType.BOOLEAN,
        _CONTACTS,
        N_("Whether the person may log in to the portal (yes or no)."),
    ),
    Field(
        "category_keys",
        N_("Categories"),
        FieldType.LIST,
        _CONTACTS,
        N_("Category keys, separated by commas."),
    ),
    Field(
        "event_keys",
        N_("Events"),
        FieldType.LIST,
        _CONTACTS,
        N_("Event keys, separated by commas."),
    ),
    Field(
        "is_confirmed",
        N_("Confirmed"),
        FieldType.BOOLEAN,
        _PARTICIPANTS,
        N_("Whether the participation is confirmed (yes or no)."),
    ),
)

BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}


def fields_for(target: Target) -> list[Field]:
    """The fields an import of ``target`` can send, in catalog order."""
    return [f for f in FIELDS if target in f.targets]


def fixed_value_fields(target: Target) -> list[Field]:
    """The fields of ``target`` that may take a fixed value, in catalog order."""
    return [f for f in fields_for(target) if f.allows_fixed_value]


def get(key: str) -> Field:
    """The field with this key; KeyError when there is none."""
    return BY_KEY[key]
