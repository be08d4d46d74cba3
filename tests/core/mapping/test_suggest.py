"""Auto-mapping: synonyms, real export headers, competing columns, fuzzy traps, speed."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.mapping import _suggest as mapping
from plandocket_desktop.core.types import Target

C = Target.CONTACTS
P = Target.PARTICIPANTS


def headers_table(columns: Sequence[str], rows: Sequence[Sequence[str]] = ()) -> Table:
    return Table.from_rows(list(columns), [list(r) for r in rows])


def mapped(columns: Sequence[str], target: Target = C) -> dict[str, str | None]:
    return mapping.as_mapping(mapping.suggest(headers_table(columns), target))


def assert_maps(result: dict[str, str | None], expected: dict[str, str | None]) -> None:
    wrong = {h: (result.get(h), f) for h, f in expected.items() if result.get(h) != f}
    assert not wrong, f"header: (got, expected) {wrong}"


# --- normalise ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("E-Mail", "e mail", id="hyphen"),
        pytest.param("  Email   Address ", "email address", id="spaces"),
        pytest.param("e_mail", "e mail", id="underscore"),
        pytest.param("Straße", "strasse", id="eszett"),
        pytest.param("STRASSE", "strasse", id="upper"),
        pytest.param("Bestätigt", "bestaetigt", id="umlaut"),
        pytest.param("Bestätigt", "bestaetigt", id="decomposed-umlaut"),
        pytest.param("Société", "societe", id="accent"),
        pytest.param("Kd.-Nr.", "kd nr", id="dots"),
        pytest.param("E-mail 1 - Value", "e mail 1 value", id="google"),
        pytest.param("Email2", "email 2", id="letter-digit"),
        pytest.param("firstName", "first name", id="camel"),
        pytest.param("Country/Region", "country region", id="slash"),
        pytest.param("\ufeffEmail", "email", id="bom"),
        pytest.param("", "", id="empty"),
        pytest.param("###", "", id="only-punctuation"),
    ],
)
def test_normalise(header: str, expected: str) -> None:
    assert mapping.normalise(header) == expected


# --- synonyms -----------------------------------------------------------------------------

SYNONYMS = [
    # English
    ("Email", C, "email"),
    ("E-Mail", C, "email"),
    ("e_mail", C, "email"),
    ("EMAIL_ADDRESS", C, "email"),
    ("Email Address", C, "email"),
    ("Mail", C, "email"),
    ("First Name", C, "first_name"),
    ("firstname", C, "first_name"),
    ("Given Name", C, "first_name"),
    ("Surname", C, "last_name"),
    ("Family Name", C, "last_name"),
    ("Company Name", C, "company_name"),
    ("Organisation", C, "company_name"),
    ("Organization", C, "company_name"),
    ("Customer No.", C, "customer_number"),
    ("Customer ID", C, "customer_number"),
    ("Telephone", C, "phone"),
    ("Phone Number", C, "phone"),
    ("Cell Phone", C, "mobile"),
    ("Mobile Phone Number", C, "mobile"),
    ("Fax Number", C, "fax"),
    ("Street Address", C, "address"),
    ("Zip Code", C, "postal_code"),
    ("Postcode", C, "postal_code"),
    ("Town", C, "city"),
    ("State/Region", C, "state"),
    ("Country/Region", C, "country"),
    ("Country Code", C, "country"),
    ("Website URL", C, "website"),
    ("Homepage", C, "website"),
    ("VAT Number", C, "tax_id"),
    ("Comments", C, "notes"),
    ("Rating", C, "rating"),
    ("Account access", C, "account_access_enabled"),
    ("Categories", C, "category_keys"),
    ("Event keys", C, "event_keys"),
    ("Confirmed", P, "is_confirmed"),
    ("is_confirmed", P, "is_confirmed"),
    # German
    ("E-Mail-Adresse", C, "email"),
    ("Mailadresse", C, "email"),
    ("Vorname", C, "first_name"),
    ("Nachname", C, "last_name"),
    ("Familienname", C, "last_name"),
    ("Firma", C, "company_name"),
    ("Unternehmen", C, "company_name"),
    ("Kundennummer", C, "customer_number"),
    ("Kd.-Nr.", C, "customer_number"),
    ("Kunden-Nr.", C, "customer_number"),
    ("Telefon", C, "phone"),
    ("Tel.", C, "phone"),
    ("Handy", C, "mobile"),
    ("Mobil", C, "mobile"),
    ("Telefax", C, "fax"),
    ("Straße", C, "address"),
    ("Strasse", C, "address"),
    ("Straße und Hausnummer", C, "address"),
    ("PLZ", C, "postal_code"),
    ("Postleitzahl", C, "postal_code"),
    ("Ort", C, "city"),
    ("Stadt", C, "city"),
    ("Bundesland", C, "state"),
    ("Land", C, "country"),
    ("Webseite", C, "website"),
    ("Web", C, "website"),
    ("USt-IdNr.", C, "tax_id"),
    ("USt-ID", C, "tax_id"),
    ("Bemerkung", C, "notes"),
    ("Anmerkung", C, "notes"),
    ("Notizen", C, "notes"),
    ("Bewertung", C, "rating"),
    ("Kontozugang", C, "account_access_enabled"),
    ("Kategorien", C, "category_keys"),
    ("Veranstaltungen", C, "event_keys"),
    ("Bestätigt", P, "is_confirmed"),
    ("Bestaetigt", P, "is_confirmed"),
    # Contact fields are offered for participants too (create_contacts).
    ("Vorname", P, "first_name"),
    ("Firma", P, "company_name"),
]


@pytest.mark.parametrize(
    ("header", "target", "field"), [pytest.param(*s, id=f"{s[0]}-{s[1]}") for s in SYNONYMS]
)
def test_known_header_names(header: str, target: Target, field: str) -> None:
    (suggestion,) = mapping.suggest(headers_table([header]), target)
    assert suggestion.field == field
    assert suggestion.confidence >= 0.9
    assert "known name" in suggestion.reason


def test_reason_names_header_and_field() -> None:
    (suggestion,) = mapping.suggest(headers_table(["E-Mail"]), C)
    assert suggestion.reason == "Header 'E-Mail' is a known name for Email"
    assert suggestion.confidence == 1.0


@pytest.mark.parametrize(
    ("header", "target"),
    [
        pytest.param("Rating", P, id="rating-not-for-participants"),
        pytest.param("Categories", P, id="categories-not-for-participants"),
        pytest.param("Confirmed", C, id="confirmed-not-for-contacts"),
    ],
)
def test_fields_of_the_other_target_are_not_offered(header: str, target: Target) -> None:
    assert mapped([header], target) == {header: None}


# --- real export header sets --------------------------------------------------------------

GOOGLE_NEW = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
    "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address", "Website 1 - Label",
    "Website 1 - Value",
]  # fmt: skip
GOOGLE_OLD = [
    "Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi",
    "Additional Name Yomi", "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials",
    "Nickname", "Short Name", "Maiden Name", "Birthday", "Gender", "Location",
    "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby",
    "Sensitivity", "Priority", "Subject", "Notes", "Language", "Photo", "Group Membership",
    "E-mail 1 - Type", "E-mail 1 - Value", "E-mail 2 - Type", "E-mail 2 - Value",
    "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Type", "Organization 1 - Name",
    "Organization 1 - Yomi Name", "Organization 1 - Title", "Organization 1 - Department",
    "Organization 1 - Symbol", "Organization 1 - Location", "Organization 1 - Job Description",
]  # fmt: skip
OUTLOOK = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3", "Other City",
    "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone",
    "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
    "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone",
    "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
    "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials",
    "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage",
    "Notes", "Office Location", "Organizational ID Number", "Other Address PO Box",
    "Priority", "Private", "Profession", "Referred By", "Sensitivity", "Spouse", "User 1",
    "User 2", "User 3", "User 4", "Web Page",
]  # fmt: skip
EVENTBRITE = [
    "Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity", "Price Tier",
    "Ticket Type", "Attendee #", "Group", "Order Type", "Currency", "Total Paid", "Fees Paid",
    "Eventbrite Fees", "Eventbrite Payment Processing", "Attendee Status", "Home Address 1",
    "Home Address 2", "Home City", "Home State", "Home Zip", "Home Country", "Cell Phone",
    "Job Title", "Company", "Dietary requirements",
]  # fmt: skip
HUBSPOT = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
    "Fax Number", "Company Name", "Job Title", "Street Address", "City", "State/Region",
    "Postal Code", "Country/Region", "Website URL", "Contact owner", "Lead Status",
    "Lifecycle Stage", "Create Date", "Last Activity Date", "Marketing contact status",
]  # fmt: skip
MAILCHIMP = [
    "Email Address", "First Name", "Last Name", "Address", "Phone Number", "Birthday",
    "Company", "MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP",
    "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC", "REGION", "LAST_CHANGED",
    "LEID", "EUID", "NOTES", "TAGS",
]  # fmt: skip
GERMAN = [
    "Kundennummer", "Anrede", "Vorname", "Nachname", "Firma", "E-Mail", "Straße", "PLZ", "Ort",
    "Land", "Telefon", "Mobil", "Webseite", "Bewertung", "Kategorien", "Bemerkung", "Stand",
    "Anmeldung am", "Umsatz 2024 (intern)", "Bestätigt",
]  # fmt: skip

EXPORTS: dict[str, tuple[list[str], Target, dict[str, str | None]]] = {
    "google": (
        GOOGLE_NEW,
        C,
        {
            "E-mail 1 - Value": "email",
            "First Name": "first_name",
            "Last Name": "last_name",
            "Organization Name": "company_name",
            "Phone 1 - Value": "phone",
            "Notes": "notes",
            "Address 1 - Street": "address",
            "Address 1 - City": "city",
            "Address 1 - Region": "state",
            "Address 1 - Postal Code": "postal_code",
            "Address 1 - Country": "country",
            "Website 1 - Value": "website",
            "Middle Name": None,
            "Phonetic First Name": None,
            "Nickname": None,
            "Organization Title": None,
            "Organization Department": None,
            "E-mail 1 - Label": None,
            "E-mail 2 - Value": None,
            "Phone 1 - Label": None,
            "Address 1 - Label": None,
            "Address 1 - Formatted": None,
            "Address 1 - PO Box": None,
            "Address 1 - Extended Address": None,
            "Website 1 - Label": None,
        },
    ),
    "google-old": (
        GOOGLE_OLD,
        C,
        {
            "Given Name": "first_name",
            "Family Name": "last_name",
            "E-mail 1 - Value": "email",
            "Phone 1 - Value": "phone",
            "Organization 1 - Name": "company_name",
            "Notes": "notes",
            "Name": None,
            "Additional Name": None,
            "Given Name Yomi": None,
            "Family Name Yomi": None,
            "E-mail 1 - Type": None,
            "E-mail 2 - Value": None,
            "Organization 1 - Yomi Name": None,
            "Organization 1 - Title": None,
            "Organization 1 - Department": None,
            "Organization 1 - Location": None,
            "Location": None,
            "Group Membership": None,
        },
    ),
    "outlook": (
        OUTLOOK,
        C,
        {
            "E-mail Address": "email",
            "First Name": "first_name",
            "Last Name": "last_name",
            "Company": "company_name",
            "Business Phone": "phone",
            "Business Postal Code": "postal_code",
            "Business Street": "address",
            "Business City": "city",
            "Business State": "state",
            "Business Country/Region": "country",
            "Web Page": "website",
            "Notes": "notes",
            "Mobile Phone": "mobile",
            "Business Fax": "fax",
            "Categories": "category_keys",
            "Title": None,
            "Middle Name": None,
            "Job Title": None,
            "Business Street 2": None,
            "Home Street": None,
            "Home City": None,
            "Home Postal Code": None,
            "Home Country/Region": None,
            "Home Phone": None,
            "Home Fax": None,
            "Primary Phone": None,
            "Company Main Phone": None,
            "Assistant's Phone": None,
            "E-mail Type": None,
            "E-mail Display Name": None,
            "E-mail 2 Address": None,
            "E-mail 2 Display Name": None,
            "Account": None,
            "Location": None,
            "Manager's Name": None,
            "Private": None,
            "Initials": None,
            "User 1": None,
        },
    ),
    "eventbrite": (
        EVENTBRITE,
        P,
        {
            "Email": "email",
            "First Name": "first_name",
            "Last Name": "last_name",
            "Company": "company_name",
            "Home Address 1": "address",
            "Home City": "city",
            "Home State": "state",
            "Home Zip": "postal_code",
            "Home Country": "country",
            "Cell Phone": "mobile",
            "Order #": None,
            "Attendee #": None,
            "Home Address 2": None,
            "Attendee Status": None,
            "Currency": None,
            "Job Title": None,
        },
    ),
    "hubspot": (
        HUBSPOT,
        C,
        {
            "Email": "email",
            "First Name": "first_name",
            "Last Name": "last_name",
            "Company Name": "company_name",
            "Phone Number": "phone",
            "Mobile Phone Number": "mobile",
            "Fax Number": "fax",
            "Street Address": "address",
            "Postal Code": "postal_code",
            "City": "city",
            "State/Region": "state",
            "Country/Region": "country",
            "Website URL": "website",
            "Record ID": None,
            "Job Title": None,
            "Contact owner": None,
            "Lead Status": None,
            "Create Date": None,
        },
    ),
    "mailchimp": (
        MAILCHIMP,
        C,
        {
            "Email Address": "email",
            "First Name": "first_name",
            "Last Name": "last_name",
            "Address": "address",
            "Phone Number": "phone",
            "Company": "company_name",
            "NOTES": "notes",
            "MEMBER_RATING": None,
            "CONFIRM_TIME": None,
            "OPTIN_TIME": None,
            "LATITUDE": None,
            "LEID": None,
            "EUID": None,
            "Birthday": None,
        },
    ),
    "mailchimp-participants": (
        MAILCHIMP,
        P,
        {"Email Address": "email", "CONFIRM_TIME": None, "CONFIRM_IP": None},
    ),
    "german": (
        GERMAN,
        C,
        {
            "Kundennummer": "customer_number",
            "Vorname": "first_name",
            "Nachname": "last_name",
            "Firma": "company_name",
            "E-Mail": "email",
            "Straße": "address",
            "PLZ": "postal_code",
            "Ort": "city",
            "Land": "country",
            "Telefon": "phone",
            "Mobil": "mobile",
            "Webseite": "website",
            "Bewertung": "rating",
            "Kategorien": "category_keys",
            "Bemerkung": "notes",
            "Anrede": None,
            "Stand": None,
            "Anmeldung am": None,
            "Umsatz 2024 (intern)": None,
            "Bestätigt": None,
        },
    ),
    "german-participants": (
        GERMAN,
        P,
        {"E-Mail": "email", "Kundennummer": "customer_number", "Bestätigt": "is_confirmed"},
    ),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_real_export_headers_map_right(name: str) -> None:
    columns, target, expected = EXPORTS[name]
    suggestions = mapping.suggest(headers_table(columns), target)
    assert [s.column for s in suggestions] == columns
    assert_maps(mapping.as_mapping(suggestions), expected)
    chosen = [s.field for s in suggestions if s.field]
    assert len(chosen) == len(set(chosen)), "a field was given to two columns"
    for s in suggestions:
        assert 0.0 <= s.confidence <= 1.0
        assert s.reason


def test_losing_column_says_which_column_took_the_field() -> None:
    by_column = {s.column: s for s in mapping.suggest(headers_table(OUTLOOK), C)}
    assert by_column["Home Phone"].field is None
    assert "'Business Phone'" in by_column["Home Phone"].reason
    assert "Chosen over" in by_column["Business Street"].reason


# --- competing columns ----------------------------------------------------------------------


def email_rows(valid: Sequence[int], n: int = 24) -> list[str]:
    return [f"person{i}@example.org" if i in valid else f"Person {i}" for i in range(n)]


def test_competing_email_columns_decided_by_valid_values() -> None:
    first = email_rows(range(10))  # 10 of 24 look like addresses
    second = email_rows(range(23))  # 23 of 24
    third = ["" for _ in range(24)]
    columns = ["Email", "E-Mail", "Mail"]
    table = Table.from_rows(columns, list(zip(first, second, third, strict=True)))
    result = {s.column: s for s in mapping.suggest(table, C)}
    assert result["E-Mail"].field == "email"
    assert result["Email"].field is None
    assert result["Mail"].field is None
    assert "Chosen over 'Email': more valid addresses (23 of 24 against 10)" in (
        result["E-Mail"].reason
    )
    assert "'E-Mail'" in result["Email"].reason


def test_full_second_email_column_beats_an_empty_first_one() -> None:
    columns = ["E-mail 1 - Value", "E-mail 2 - Value"]
    rows = [("", f"p{i}@example.org") for i in range(30)]
    result = mapping.as_mapping(mapping.suggest(Table.from_rows(columns, rows), C))
    assert result == {"E-mail 1 - Value": None, "E-mail 2 - Value": "email"}


def test_better_name_wins_when_values_are_alike() -> None:
    columns = ["E-mail 2 - Value", "E-mail 1 - Value"]
    rows = [(f"a{i}@example.org", f"b{i}@example.org") for i in range(30)]
    result = {s.column: s for s in mapping.suggest(Table.from_rows(columns, rows), C)}
    assert result["E-mail 1 - Value"].field == "email"
    assert "its name fits better" in result["E-mail 1 - Value"].reason


def test_email_column_without_addresses_is_mapped_with_low_confidence() -> None:
    table = Table.from_rows(["Email"], [[f"Person {i}"] for i in range(10)])
    (suggestion,) = mapping.suggest(table, C)
    assert suggestion.field == "email"
    assert suggestion.confidence <= 0.5
    assert "Only 0 of 10 values look like addresses" in suggestion.reason


def test_international_addresses_count_as_valid() -> None:
    rows = [("müller@bücher.de", "x"), ("jörg@exämple.com", "y")] * 5
    table = Table.from_rows(["E-Mail", "Mail"], rows)
    result = {s.column: s for s in mapping.suggest(table, C)}
    assert result["E-Mail"].field == "email"
    assert result["E-Mail"].confidence >= 0.9


def test_each_field_is_given_once_with_duplicate_headers() -> None:
    suggestions = mapping.suggest(headers_table(["Email", "Email", "E-Mail"]), C)
    assert [s.field for s in suggestions].count("email") == 1
    assert mapping.as_mapping(suggestions)["Email"] == "email"


# --- fuzzy matching and its traps -----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        pytest.param("Compnay Name", "company_name", id="compnay"),
        pytest.param("Frist Name", "first_name", id="frist"),
        pytest.param("Emial Address", "email", id="emial"),
        pytest.param("Postleitzal", "postal_code", id="postleitzal"),
        pytest.param("Telefonnumer", "phone", id="telefonnumer"),
        pytest.param("Emails", "email", id="plural"),
    ],
)
def test_typos_map_by_fuzzy_matching_with_lower_confidence(header: str, field: str) -> None:
    (suggestion,) = mapping.suggest(headers_table([header]), C)
    assert suggestion.field == field
    assert suggestion.confidence < 0.9
    assert suggestion.reason.startswith("Similar to '")
    assert "%)" in suggestion.reason


@pytest.mark.parametrize(
    ("header", "target"),
    [
        pytest.param("MEMBER_RATING", C, id="member-rating"),
        pytest.param("CONFIRM_TIME", P, id="confirm-time"),
        pytest.param("Stand", C, id="stand-is-not-stadt"),
        pytest.param("Account", C, id="account-is-not-account-no"),
        pytest.param("Nickname", C, id="nickname-is-not-nachname"),
        pytest.param("Organization Title", C, id="organization-title"),
        pytest.param("Organization Department", C, id="organization-department"),
        pytest.param("E-mail Display Name", C, id="email-display-name"),
        pytest.param("E-mail Type", C, id="email-type"),
        pytest.param("Assistant's Phone", C, id="assistants-phone"),
        pytest.param("Manager's Name", C, id="managers-name"),
        pytest.param("Order #", P, id="order-number"),
        pytest.param("Attendee #", P, id="attendee-number"),
        pytest.param("Registered on", P, id="registered-on"),
        pytest.param("Anrede", C, id="anrede"),
        pytest.param("Name", C, id="full-name"),
        pytest.param("Umsatz 2024 (intern)", C, id="revenue"),
        pytest.param("Currency", C, id="currency-is-not-country"),
        pytest.param("", C, id="empty"),
    ],
)
def test_fuzzy_traps_stay_unmapped(header: str, target: Target) -> None:
    (suggestion,) = mapping.suggest(headers_table([header]), target)
    assert suggestion.field is None, suggestion.reason
    assert suggestion.reason


# --- robustness and speed -------------------------------------------------------------------


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.text(max_size=40), max_size=12))
def test_suggest_never_raises_on_arbitrary_headers(headers: list[str]) -> None:
    rows = [[h[:5] for h in headers]] if headers else []
    for target in Target:
        suggestions = mapping.suggest(Table.from_rows(headers, rows), target)
        assert [s.column for s in suggestions] == headers
        chosen = [s.field for s in suggestions if s.field]
        assert len(chosen) == len(set(chosen))
        assert all(0.0 <= s.confidence <= 1.0 and s.reason for s in suggestions)
        mapping.normalise("".join(headers))


def test_suggest_on_a_million_rows_is_fast() -> None:
    n = 1_000_000
    emails = pa.array([f"person{i}@example.org" for i in range(1000)] * (n // 1000))
    names = pa.array(["Anna", "Jörg", ""] * (n // 3) + ["x"] * (n % 3))
    columns = ["E-Mail", "Mail", "Vorname", "Nachname", "Firma", "Kd.-Nr.", "PLZ", "Ort"]
    columns += ["Land", "Bewertung", "Telefon", "Bemerkung"]
    data = pa.table({str(i): emails if i < 2 else names for i in range(len(columns))})
    table = Table(columns, data, pa.array(range(2, n + 2)))
    start = time.perf_counter()
    suggestions = mapping.suggest(table, C)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"suggest took {elapsed:.2f} s on 1M rows"
    assert mapping.as_mapping(suggestions)["E-Mail"] == "email"


def test_as_mapping_keeps_every_column() -> None:
    suggestions = mapping.suggest(headers_table(["Email", "Stand"]), C)
    assert mapping.as_mapping(suggestions) == {"Email": "email", "Stand": None}


def test_a_huge_header_is_handled_quickly() -> None:
    headers = ["a1 " * 20000, "E-mail 1 - " * 10000, "x" * 100000]
    start = time.perf_counter()
    suggestions = mapping.suggest(headers_table(headers), C)
    assert time.perf_counter() - start < 1.0
    assert [s.field for s in suggestions] == [None, None, None]


def test_bare_name_beside_a_first_name_is_the_last_name() -> None:
    suggestions = mapping.suggest(headers_table(["Name", "Vorname", "E-Mail"]), C)
    name = suggestions[0]
    assert name.field == "last_name"
    assert name.confidence < 0.9
    assert "first-name column" in name.reason
    # Alone, or where a last-name column exists, "Name" is left for the user to decide.
    assert mapped(["Name", "E-Mail"]) == {"Name": None, "E-Mail": "email"}
    assert mapped(["Name", "Given Name", "Family Name"])["Name"] is None


def test_sampling_a_chunked_column_takes_the_same_rows_as_one_take():
    import pyarrow as pa

    from plandocket_desktop.core.mapping import _suggest

    chunks = [
        pa.array([f"r{j}-{i}" for i in range(n)], pa.string())
        for j, n in enumerate([5, 0, 7, 1, 9])
    ]
    values = pa.chunked_array(chunks)
    for wanted in ([0, 4, 5, 11, 12, 21], [], [3], list(range(22))):
        indices = pa.array(wanted, pa.int64())
        got = _suggest._take_sorted(values, indices)
        assert got.to_pylist() == values.take(indices).to_pylist()


def test_prepare_samples_ahead_so_that_suggest_reads_no_more_of_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    columns = ["E-Mail", "Vorname", "Kundennummer", "Bemerkung"]
    rows = [[f"p{i}@example.org", f"Name{i}", f"K{i:05d}", ""] for i in range(3 * 1000 + 7)]
    expected = mapping.suggest(headers_table(columns, rows), C)
    table = headers_table(columns, rows)
    mapping.prepare(table)

    def read_again(column: int | str) -> pa.ChunkedArray:
        raise AssertionError(f"suggest read column {column!r} of the table again")

    monkeypatch.setattr(table, "arrow_column", read_again)
    assert mapping.suggest(table, C) == expected
    assert mapping.suggest(table, P) == mapping.suggest(headers_table(columns, rows), P)
