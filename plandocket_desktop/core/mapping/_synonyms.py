"""Header names that mean a PlanDocket field, in English and German: what auto-mapping matches.

Kept apart from the field catalog (``core/_fields.py``), whose labels are display text only: a
label can be reworded or translated without changing which headers are recognised. Names are
compared after normalisation (case, accents, punctuation and spaces do not matter, so ``E-Mail``,
``e_mail`` and ``EMAIL`` are one name).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HeaderNames:
    """The headers that mean one field: its own names (a perfect match) and synonyms."""

    own: tuple[str, ...]  # the field's name in English and German, e.g. "Email", "E-Mail"
    synonyms: tuple[str, ...] = ()


# field key -> the headers that mean it, in catalog order.
HEADER_NAMES: dict[str, HeaderNames] = {
    "email": HeaderNames(
        ("Email", "E-Mail"),
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
    "customer_number": HeaderNames(
        ("Customer number", "Kundennummer"),
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
    "first_name": HeaderNames(
        ("First name", "Vorname"),
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
    "last_name": HeaderNames(
        ("Last name", "Nachname"),
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
    "company_name": HeaderNames(
        ("Company", "Firma"),
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
    "phone": HeaderNames(
        ("Phone", "Telefon"),
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
    "mobile": HeaderNames(
        ("Mobile", "Mobil"),
        (
            "Mobile Phone",
            "SMS",  # Brevo's audience export
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
    "fax": HeaderNames(
        ("Fax",),
        (
            "Fax Number",
            "Fax No",
            "Facsimile",
            "Telefax",
            "Faxnummer",
            "Fax-Nr.",
        ),
    ),
    "address": HeaderNames(
        ("Street address", "Straße"),
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
    "postal_code": HeaderNames(
        ("Postal code", "PLZ"),
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
    "city": HeaderNames(
        ("City", "Ort"),
        (
            "Town",
            "Locality",
            "Stadt",
            "Wohnort",
            "Gemeinde",
            "Town/City",
            "City/Town",
        ),
    ),
    "state": HeaderNames(
        ("State / region", "Bundesland"),
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
    "country": HeaderNames(
        ("Country", "Land"),
        (
            "Country/Region",
            "Land/Region",  # Outlook's German export: "Land/Region geschäftlich"
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
    "website": HeaderNames(
        ("Website", "Webseite"),
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
    "tax_id": HeaderNames(
        ("Tax ID / VAT number", "USt-IdNr."),
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
    "notes": HeaderNames(
        ("Notes", "Notizen"),
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
    "rating": HeaderNames(
        ("Rating (1-5)", "Bewertung (1-5)"),
        (
            "Rating",
            "Stars",
            "Score",
            "Bewertung",
            "Einstufung",
            "Sterne",
        ),
    ),
    "account_access_enabled": HeaderNames(
        ("Account access", "Kontozugang"),
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
    "category_keys": HeaderNames(
        ("Categories", "Kategorien"),
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
    "event_keys": HeaderNames(
        ("Events", "Veranstaltungen"),
        (
            "Event keys",
            "Events (keys)",
        ),
    ),
    "is_confirmed": HeaderNames(
        ("Confirmed", "Bestätigt"),
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
}


def names(key: str) -> tuple[str, ...]:
    """Every header text known to mean field ``key``: the key, its own names, then synonyms."""
    entry = HEADER_NAMES.get(key, HeaderNames(()))
    return tuple(dict.fromkeys((key, *entry.own, *entry.synonyms)))


def own_names(key: str) -> frozenset[str]:
    """The key and the field's own names: a header equal to one of them is a perfect match."""
    return frozenset((key, *HEADER_NAMES.get(key, HeaderNames(())).own))
