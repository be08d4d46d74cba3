"""Headers of the exports staff bring (issue 11): remarks, "/" alternatives, forms' questions,
and private/business variants resolved toward business."""

from __future__ import annotations

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.mapping import _suggest as suggest
from plandocket_desktop.core.types import Target


def mapped(headers: list[str]) -> dict[str, str | None]:
    table = Table.from_rows(headers, [["" for _ in headers]])
    return suggest.as_mapping(suggest.suggest(table, Target.CONTACTS))


@pytest.mark.parametrize(
    ("header", "field"),
    [
        pytest.param("Kundennummer (falls vorhanden)", "customer_number", id="remark-brackets"),
        pytest.param("Kundennummer: falls vorhanden", "customer_number", id="remark-colon"),
        pytest.param("E-Mail-Adresse: geschäftlich", "email", id="colon-qualifier"),
        pytest.param("Firma (optional)", "company_name", id="forms-optional"),
        pytest.param("Wie lautet Ihre E-Mail-Adresse?", "email", id="forms-question-de"),
        pytest.param("Ihr Vorname", "first_name", id="forms-possessive"),
        pytest.param("What is your email address?", "email", id="forms-question-en"),
        pytest.param("Land/Region geschäftlich", "country", id="outlook-de-country"),
        pytest.param("Business Country/Region", "country", id="outlook-en-country"),
        pytest.param("E-Mail/Mail", "email", id="slash-same-field"),
        pytest.param("SMS", "mobile", id="brevo-sms"),
        pytest.param("Given Name", "first_name", id="google-contacts"),
        pytest.param("Organization 1 - Name", "company_name", id="google-organisation"),
        pytest.param("Work ZIP", "postal_code", id="apple-vcard"),
        pytest.param("Cell Phone", "mobile", id="eventbrite"),
    ],
)
def test_export_headers_are_recognised(header: str, field: str) -> None:
    assert mapped([header]) == {header: field}


def test_a_slash_between_two_fields_is_neither() -> None:
    assert mapped(["PLZ/Ort"]) == {"PLZ/Ort": None}


def test_business_wins_over_private_and_the_private_column_says_why() -> None:
    headers = [
        "Straße privat",
        "Straße geschäftlich",
        "Land/Region privat",
        "Land/Region geschäftlich",
    ]
    table = Table.from_rows(headers, [["" for _ in headers]])
    found = {s.column: s for s in suggest.suggest(table, Target.CONTACTS)}
    assert found["Straße geschäftlich"].field == "address"
    assert found["Land/Region geschäftlich"].field == "country"
    assert found["Straße privat"].field is None
    assert (
        found["Straße privat"].reason
        == "Not imported: Street address comes from 'Straße geschäftlich'"
    )
    assert found["Land/Region privat"].field is None
