"""The field catalog: every PlanDocket contact and participant field, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from plandocket_desktop.core._enums import Target


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
    normalisation by ``mapping`` (case, accents, punctuation and spaces do not matter, so
    ``E-Mail``, ``e_mail`` and ``EMAIL`` are one synonym). The key and both labels count as
    synonyms too (see ``names``).
    """

    key: str
    label_en: str
    label_de: str
    type: FieldType
    targets: frozenset[Target]
    synonyms: tuple[str, ...] = ()

    def label(self, language: str = "en") -> str:
        """The label in ``language`` ("en" or "de"; anything else gives English)."""
        return self.label_de if language.lower().startswith("de") else self.label_en

    @property
    def allows_fixed_value(self) -> bool:
        """Whether one value for every row makes sense (rating 3, confirmed yes …).

        Not for identifying or personal fields: the same email or name on every row is a
        mistake, and a profile must never hold one person's data.
        """
        return self.key not in PERSONAL

    @property
    def names(self) -> tuple[str, ...]:
        """Every header text known to mean this field: key, labels, then synonyms."""
        seen: dict[str, None] = {}
        for name in (self.key, self.label_en, self.label_de, *self.synonyms):
            seen.setdefault(name, None)
        return tuple(seen)


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
        "Email",
        "E-Mail",
        FieldType.EMAIL,
        _BOTH,
        (
            "E-mail",
            "Mail",
            "Email Address",
            "E-mail Address",
            "Mail Address",
            "Email Addr",
            "E-Mail-Adresse",
            "Mailadresse",
            "Mail-Adresse",
            "Emailadresse",
            "E-Mail Adresse",
            "Electronic mail",
            "Attendee Email",
            "Contact Email",
            "Email (work)",
            "Work Email",
            "Business Email",
            "Primary Email",
            "Emailaddress",
        ),
    ),
    Field(
        "customer_number",
        "Customer number",
        "Kundennummer",
        FieldType.TEXT,
        _BOTH,
        (
            "Customer No",
            "Customer No.",
            "Customer Nr",
            "Customer #",
            "Customer ID",
            "Customer Number",
            "Client number",
            "Client No",
            "Client ID",
            "Account number",
            "Account No",
            "Debtor number",
            "Kunden-Nr.",
            "Kundennr",
            "Kundennr.",
            "Kd.-Nr.",
            "KdNr",
            "Kd-Nr",
            "Kunden-ID",
            "KundenID",
            "Kunde Nr",
            "Debitorennummer",
            "Debitoren-Nr.",
        ),
    ),
    Field(
        "first_name",
        "First name",
        "Vorname",
        FieldType.TEXT,
        _BOTH,
        (
            "Firstname",
            "Given Name",
            "Given names",
            "Forename",
            "Christian name",
            "First",
            "FName",
            "Vornamen",
            "Rufname",
        ),
    ),
    Field(
        "last_name",
        "Last name",
        "Nachname",
        FieldType.TEXT,
        _BOTH,
        (
            "Lastname",
            "Surname",
            "Family Name",
            "Family names",
            "Last",
            "LName",
            "Familienname",
            "Zuname",
        ),
    ),
    Field(
        "company_name",
        "Company",
        "Firma",
        FieldType.TEXT,
        _BOTH,
        (
            "Company Name",
            "Companyname",
            "Organization",
            "Organisation",
            "Organization Name",
            "Organisation Name",
            "Org",
            "Business Name",
            "Employer",
            "Account Name",
            "Firmenname",
            "Firmierung",
            "Unternehmen",
            "Unternehmensname",
            "Name der Firma",
            "Arbeitgeber",
        ),
    ),
    Field(
        "phone",
        "Phone",
        "Telefon",
        FieldType.TEXT,
        _BOTH,
        (
            "Phone Number",
            "Phone No",
            "Telephone",
            "Telephone Number",
            "Tel",
            "Tel.",
            "Landline",
            "Work Phone",
            "Office Phone",
            "Telefonnummer",
            "Telefon-Nr.",
            "Telefonnr",
            "Tel.-Nr.",
            "Rufnummer",
            "Festnetz",
            "Fon",
        ),
    ),
    Field(
        "mobile",
        "Mobile",
        "Mobil",
        FieldType.TEXT,
        _BOTH,
        (
            "Mobile Phone",
            "Mobile Number",
            "Mobile Phone Number",
            "Mobile No",
            "Cell",
            "Cell Phone",
            "Cellphone",
            "Cell Number",
            "Handy",
            "Handynummer",
            "Handy-Nr.",
            "Mobiltelefon",
            "Mobilnummer",
            "Mobilfunk",
            "Mobilfunknummer",
            "Mobil-Nr.",
        ),
    ),
    Field(
        "fax",
        "Fax",
        "Fax",
        FieldType.TEXT,
        _BOTH,
        ("Fax Number", "Fax No", "Facsimile", "Telefax", "Faxnummer", "Fax-Nr."),
    ),
    Field(
        "address",
        "Street address",
        "Straße",
        FieldType.TEXT,
        _BOTH,
        (
            "Street",
            "Street Address",
            "Address",
            "Address Line",
            "Street and number",
            "Street Name",
            "Strasse",
            "Straße und Hausnummer",
            "Straße/Nr.",
            "Straße Nr.",
            "Str.",
            "Str",
            "Anschrift",
            "Adresse",
            "Postanschrift",
        ),
    ),
    Field(
        "postal_code",
        "Postal code",
        "PLZ",
        FieldType.TEXT,
        _BOTH,
        (
            "Postcode",
            "Post code",
            "Zip",
            "Zip Code",
            "Zipcode",
            "Postal",
            "Postleitzahl",
        ),
    ),
    Field(
        "city",
        "City",
        "Ort",
        FieldType.TEXT,
        _BOTH,
        ("Town", "Locality", "Stadt", "Wohnort", "Gemeinde", "Town/City", "City/Town"),
    ),
    Field(
        "state",
        "State / region",
        "Bundesland",
        FieldType.TEXT,
        _BOTH,
        (
            "State",
            "Region",
            "State/Region",
            "Province",
            "County",
            "State/Province",
            "Provinz",
            "Kanton",
        ),
    ),
    Field(
        "country",
        "Country",
        "Land",
        FieldType.COUNTRY,
        _BOTH,
        (
            "Country/Region",
            "Country Code",
            "Country Name",
            "Countrycode",
            "Country ISO",
            "ISO Country",
            "Nation",
            "Länderkennzeichen",
            "Ländercode",
            "Land (ISO)",
        ),
    ),
    Field(
        "website",
        "Website",
        "Webseite",
        FieldType.URL,
        _BOTH,
        (
            "Web",
            "Web Page",
            "Webpage",
            "Web Site",
            "Website URL",
            "URL",
            "Homepage",
            "Home Page",
            "Internet",
            "Internetseite",
            "Internetadresse",
            "Web-Adresse",
            "Webadresse",
        ),
    ),
    Field(
        "tax_id",
        "Tax ID / VAT number",
        "USt-IdNr.",
        FieldType.TEXT,
        _BOTH,
        (
            "Tax ID",
            "Tax Number",
            "Tax No",
            "VAT",
            "VAT ID",
            "VAT No",
            "VAT Number",
            "VAT Reg No",
            "VAT Registration Number",
            "USt-ID",
            "UStID",
            "USt-IdNr",
            "USt-Id-Nr.",
            "Umsatzsteuer-ID",
            "Umsatzsteuer-Identifikationsnummer",
            "Umsatzsteuer-IdNr.",
            "Steuernummer",
            "Steuer-Nr.",
        ),
    ),
    Field(
        "notes",
        "Notes",
        "Notizen",
        FieldType.TEXT,
        _BOTH,
        (
            "Note",
            "Comment",
            "Comments",
            "Remark",
            "Remarks",
            "Memo",
            "Notiz",
            "Bemerkung",
            "Bemerkungen",
            "Anmerkung",
            "Anmerkungen",
            "Kommentar",
            "Kommentare",
            "Hinweis",
            "Hinweise",
        ),
    ),
    Field(
        "rating",
        "Rating (1-5)",
        "Bewertung (1-5)",
        FieldType.RATING,
        _CONTACTS,
        ("Rating", "Stars", "Score", "Bewertung", "Einstufung", "Sterne"),
    ),
    Field(
        "account_access_enabled",
        "Account access",
        "Kontozugang",
        FieldType.BOOLEAN,
        _CONTACTS,
        (
            "Account access enabled",
            "Account enabled",
            "Login enabled",
            "Portal access",
            "Zugang",
            "Konto aktiv",
            "Portalzugang",
            "Zugang aktiv",
        ),
    ),
    Field(
        "category_keys",
        "Categories",
        "Kategorien",
        FieldType.LIST,
        _CONTACTS,
        (
            "Category",
            "Category keys",
            "Kategorie",
            "Tags",
            "Schlagworte",
            "Rubrik",
            "Rubriken",
        ),
    ),
    Field(
        "event_keys",
        "Events",
        "Veranstaltungen",
        FieldType.LIST,
        _CONTACTS,
        ("Event keys", "Events (keys)"),
    ),
    Field(
        "is_confirmed",
        "Confirmed",
        "Bestätigt",
        FieldType.BOOLEAN,
        _PARTICIPANTS,
        (
            "Is confirmed",
            "Registration confirmed",
            "Attendance confirmed",
            "Bestätigung",
            "Teilnahme bestätigt",
            "Zusage",
            "Zugesagt",
        ),
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
