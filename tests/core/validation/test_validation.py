"""Validation rules, one table per field type: valid, invalid and normalised values."""

from __future__ import annotations

import pytest

from plandocket_desktop.core._table import SourceInfo, Table
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import ImportOptions, MatchField, RowStatus, Target
from plandocket_desktop.core.validation import _result as validation

EMAIL_OPTS = ImportOptions(match_field=MatchField.EMAIL)
NUMBER_OPTS = ImportOptions(match_field=MatchField.CUSTOMER_NUMBER)


def one_field(field: str, value: str, *, options: ImportOptions = EMAIL_OPTS):
    """Validate one row holding a valid email and ``value`` in a column mapped to ``field``."""
    table = Table.from_rows(["Email", "X"], [["someone@example.com", value]])
    result = validation.validate(table, {"Email": "email", "X": field}, options=options)
    issues = [i for i in result.issues_for(0) if i.field == field]
    record = result.records([0])[0]
    return issues, record.get(field, "<not sent>")


def only_email(value: str, *, options: ImportOptions = EMAIL_OPTS):
    table = Table.from_rows(["Email", "Nr"], [[value, "1"]])
    mapping = {"Email": "email", "Nr": "customer_number"}
    result = validation.validate(table, mapping, options=options)
    return result.issues_for(0), result.records([0])[0].get("email", "<not sent>")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("a@example.com", "a@example.com", id="plain"),
        pytest.param("  f.heuser@gmail.com   ", "f.heuser@gmail.com", id="trimmed"),
        pytest.param("S.hackl@Gmx.AT", "S.hackl@gmx.at", id="domain-lowercased-local-kept"),
        pytest.param("olaf@bücher.de", "olaf@bücher.de", id="idn-kept-unicode"),
        pytest.param("info@MÜLLER-gärten.at", "info@müller-gärten.at", id="idn-lowercased"),
        pytest.param("o'brien+tag@sub.example.co.uk", "o'brien+tag@sub.example.co.uk", id="atext"),
        pytest.param("jürgen@example.de", "jürgen@example.de", id="unicode-local"),
        pytest.param("a@XN--bcher-kva.de", "a@xn--bcher-kva.de", id="punycode-kept"),
    ],
)
def test_valid_email_is_normalised(value: str, expected: str) -> None:
    issues, sent = only_email(value)
    assert issues == []
    assert sent == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("info(at)hornich.de", id="at-spelled"),
        pytest.param("isa.hofmeister@", id="no-domain"),
        pytest.param("b.campbell.gmail.com", id="no-at"),
        pytest.param("astridalves@@rossi-collet.fr", id="double-at"),
        pytest.param("paul.gros@rodrigues.fr.", id="trailing-dot"),
        pytest.param("anfrage@buchholz", id="no-tld"),
        pytest.param("gunpf@gmx..de", id="double-dot"),
        pytest.param("g eckbauer@eimer.de", id="space"),
        pytest.param("tilly.rohleder@gmail,com", id="comma"),
        pytest.param("a@example.test", id="special-test"),
        pytest.param("a@printer.local", id="special-local"),
        pytest.param("a@x.onion", id="special-onion"),
        pytest.param("a@localhost", id="localhost"),
        pytest.param("richardstaude@example.de ::: staude@gmail.com", id="two-addresses"),
        pytest.param("/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients", id="x500"),
        pytest.param("a@-example.com", id="label-leading-hyphen"),
        pytest.param("a@example.123", id="numeric-tld"),
    ],
)
@pytest.mark.parametrize("match", [MatchField.EMAIL, MatchField.CUSTOMER_NUMBER])
def test_invalid_email_is_an_error_under_any_match_field(value: str, match: MatchField) -> None:
    issues, _ = only_email(value, options=ImportOptions(match_field=match))
    assert [(i.code, i.severity) for i in issues] == [("email_invalid", "error")]
    assert issues[0].message.startswith("'")
    assert "is not a valid email address." in issues[0].message
    assert issues[0].value == value


def test_invalid_email_message_is_a_plain_sentence() -> None:
    issues, _ = only_email("info(at)hornich.de")
    assert issues[0].message.startswith("'info(at)hornich.de' is not a valid email address.")


def test_email_required_only_when_it_is_the_match_field() -> None:
    issues, sent = only_email("   ", options=EMAIL_OPTS)
    assert [i.code for i in issues] == ["email_missing"]
    issues, sent = only_email("", options=NUMBER_OPTS)
    assert issues == []
    assert sent == "<not sent>"


def test_customer_number_kept_as_text_and_required_for_its_match_field() -> None:
    table = Table.from_rows(["Email", "Nr"], [["a@b.de", " 00457 "], ["c@d.de", ""]])
    mapping = {"Email": "email", "Nr": "customer_number"}
    by_number = validation.validate(table, mapping, options=NUMBER_OPTS)
    assert by_number.records([0]) == [{"email": "a@b.de", "customer_number": "00457"}]
    assert [i.code for i in by_number.issues_for(1)] == ["customer_number_missing"]
    assert by_number.issues_for(1)[0].message == (
        "Customer number is empty; it is needed to find the record in PlanDocket."
    )
    by_email = validation.validate(table, mapping, options=EMAIL_OPTS)
    assert by_email.issues_for(1) == []
    assert by_email.records([1]) == [{"email": "c@d.de"}]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4", 4),
        ("4.0", 4),
        ("4,0", 4),
        (" 5 ", 5),
        ("1", 1),
        ("", "<not sent>"),
    ],
)
def test_valid_rating(value: str, expected: object) -> None:
    issues, sent = one_field("rating", value)
    assert issues == []
    assert sent == expected


@pytest.mark.parametrize("value", ["0", "6", "10", "gut", "good", "4.5", "-1", "3 stars", "1e0"])
def test_invalid_rating(value: str) -> None:
    issues, _ = one_field("rating", value)
    assert [i.code for i in issues] == ["rating_invalid"]
    assert issues[0].message == f"Rating must be a whole number from 1 to 5; '{value}' is not."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("ja", True),
        ("JA", True),
        ("1", True),
        ("x", True),
        ("X", True),
        ("wahr", True),
        ("false", False),
        ("No", False),
        ("nein", False),
        ("0", False),
        ("Falsch", False),
        ("", "<not sent>"),
        ("  ", "<not sent>"),
    ],
)
def test_valid_boolean(value: str, expected: object) -> None:
    issues, sent = one_field("account_access_enabled", value)
    assert issues == []
    assert sent is expected if isinstance(expected, bool) else sent == expected


@pytest.mark.parametrize("value", ["pending", "vielleicht", "?", "enabled", "2", "yes!"])
def test_invalid_boolean(value: str) -> None:
    issues, _ = one_field("account_access_enabled", value)
    assert [i.code for i in issues] == ["boolean_invalid"]
    assert issues[0].severity is validation.Severity.ERROR


def test_participant_boolean_is_confirmed() -> None:
    table = Table.from_rows(["Email", "Bestätigt"], [["a@b.de", "ja"], ["c@d.de", "vielleicht"]])
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="expo")
    result = validation.validate(
        table, {"Email": "email", "Bestätigt": "is_confirmed"}, options=options
    )
    assert result.records([0]) == [{"email": "a@b.de", "is_confirmed": True}]
    assert [i.code for i in result.issues_for(1)] == ["boolean_invalid"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("DE", "DE"),
        ("de", "DE"),
        ("Deutschland", "DE"),
        ("Germany", "DE"),
        ("DEU", "DE"),
        ("Österreich", "AT"),
        ("Osterreich", "AT"),
        ("Schweiz", "CH"),
        ("Niederlande", "NL"),
        ("Netherlands", "NL"),
        ("FRA", "FR"),
        ("Frankreich", "FR"),
        ("USA", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("Vereinigte Staaten", "US"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Vereinigtes Königreich", "GB"),
        ("England", "GB"),
        ("South Korea", "KR"),
        ("Czechia", "CZ"),
        ("Tschechien", "CZ"),
        ("Polen", "PL"),
        ("  united   states ", "US"),
        ("", "<not sent>"),
    ],
)
def test_country_converted_to_alpha_2(value: str, expected: str) -> None:
    issues, sent = one_field("country", value)
    assert issues == []
    assert sent == expected


@pytest.mark.parametrize("value", ["Germny", "XX", "Atlantis", "Europa", "D", "123"])
def test_unknown_country(value: str) -> None:
    issues, _ = one_field("country", value)
    assert [i.code for i in issues] == ["country_unknown"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("kunde;aussteller", ["kunde", "aussteller"]),
        ("customer,vip", ["customer", "vip"]),
        ("bautec-2025, expo-2025", ["bautec-2025", "expo-2025"]),
        ("kunde; presse", ["kunde", "presse"]),
        (" a ;; b , ,c;", ["a", "b", "c"]),
        ("a;a", ["a"]),
        ("single", ["single"]),
        (" ; , ", "<not sent>"),
        ("", "<not sent>"),
    ],
)
@pytest.mark.parametrize("field", ["category_keys", "event_keys"])
def test_lists_split(field: str, value: str, expected: object) -> None:
    issues, sent = one_field(field, value)
    assert issues == []
    assert sent == expected


@pytest.mark.parametrize(
    ("value", "code", "expected"),
    [
        ("https://www.x.de", None, "https://www.x.de"),
        ("http://x.de/path?q=1", None, "http://x.de/path?q=1"),
        ("HTTPS://X.DE", None, "HTTPS://X.DE"),
        ("www.gardner-adams.com", "website_scheme_added", "https://www.gardner-adams.com"),
        ("drewes-freudenberger.de", "website_scheme_added", "https://drewes-freudenberger.de"),
        ("köln-messebau.de/kontakt", "website_scheme_added", "https://köln-messebau.de/kontakt"),
        ("siehe Notizen", "website_unusual", "siehe Notizen"),
        ("ftp://files.x.de", "website_unusual", "ftp://files.x.de"),
        ("", None, "<not sent>"),
    ],
)
def test_website(value: str, code: str | None, expected: str) -> None:
    issues, sent = one_field("website", value)
    assert [i.code for i in issues] == ([code] if code else [])
    assert all(i.severity is validation.Severity.WARNING for i in issues)
    assert sent == expected


def test_scheme_added_is_a_warning_and_still_sent() -> None:
    table = Table.from_rows(["Email", "Web"], [["a@b.de", "www.schueler.de"]])
    result = validation.validate(table, {"Email": "email", "Web": "website"}, options=EMAIL_OPTS)
    assert result.status(0) == "warning"
    assert result.sendable_indices() == [0]
    assert result.counts["warnings"] == 1
    assert result.issues_for(0)[0].message == (
        "'www.schueler.de' has no https:// in front; it will be sent as 'https://www.schueler.de'."
    )


def test_text_trimmed_and_empty_left_out() -> None:
    table = Table.from_rows(
        ["Email", "First", "Last", "Zip"],
        [["a@b.de", "  Vinko ", "   ", "01067"]],
    )
    mapping = {"Email": "email", "First": "first_name", "Last": "last_name", "Zip": "postal_code"}
    result = validation.validate(table, mapping, options=EMAIL_OPTS)
    assert result.records([0]) == [
        {"email": "a@b.de", "first_name": "Vinko", "postal_code": "01067"}
    ]


def test_unmapped_columns_and_dont_import_are_not_sent() -> None:
    table = Table.from_rows(["Email", "Anrede", "Notes"], [["a@b.de", "Herr", "hi"]])
    result = validation.validate(
        table, {"Email": "email", "Anrede": None, "Missing": "city"}, options=EMAIL_OPTS
    )
    assert result.records([0]) == [{"email": "a@b.de"}]


def test_counts_and_statuses() -> None:
    source = SourceInfo(empty_rows_dropped=[5, 9])
    table = Table.from_rows(
        ["Email", "Web", "Other"],
        [
            ["a@b.de", ""],  # ready
            ["c@d.de", "www.x.de"],  # warning
            ["bad", ""],  # error
            ["", "", ""],  # fully empty row still in the table: ignored
            ["", "", "something"],  # not empty: email missing
        ],
        source=source,
    )
    result = validation.validate(table, {"Email": "email", "Web": "website"}, options=EMAIL_OPTS)
    assert [result.status(i) for i in range(5)] == ["ready", "warning", "error", "ignored", "error"]
    assert result.counts == {"ready": 1, "warnings": 1, "errors": 2, "ignored": 3, "excluded": 0}
    assert result.sendable_indices() == [0, 1]
    assert result.issues_for(3) == []
    names = [validation.STATUSES[c] for c in result.status_array]
    assert names == ["ready", "warning", "error", "ignored", "error"]


def test_iter_issues_in_row_order_with_row_numbers() -> None:
    table = Table.from_rows(
        ["Email", "Rating"],
        [["x", "9"], ["a@b.de", "2"], ["", "gut"]],
        row_numbers=[5, 6, 8],
    )
    result = validation.validate(table, {"Email": "email", "Rating": "rating"}, options=EMAIL_OPTS)
    seen = [(i.row_number, i.row_index, i.column, i.code) for i in result.iter_issues()]
    assert seen == [
        (5, 0, "Email", "email_invalid"),
        (5, 0, "Rating", "rating_invalid"),
        (8, 2, "Email", "email_missing"),
        (8, 2, "Rating", "rating_invalid"),
    ]


def test_long_values_are_shortened_in_messages() -> None:
    issues, _ = one_field("rating", "x" * 500)
    assert len(issues[0].message) < 160
    assert issues[0].value == "x" * 500


@pytest.mark.parametrize(
    ("mapping", "options", "needle"),
    [
        pytest.param({"A": "first_name"}, EMAIL_OPTS, "email", id="match-field-unmapped"),
        pytest.param(
            {"A": "email", "B": "email"}, EMAIL_OPTS, "comes from several columns", id="twice"
        ),
        pytest.param({"A": "email", "B": "nope"}, EMAIL_OPTS, "not a field", id="unknown"),
        pytest.param(
            {"A": "email", "B": "rating"},
            ImportOptions(target=Target.PARTICIPANTS),
            "which participants do not have",
            id="wrong-target",
        ),
        pytest.param({"A": "email"}, NUMBER_OPTS, "customer number", id="number-unmapped"),
    ],
)
def test_unusable_mapping_raises_plain_error(
    mapping: dict[str, str], options: ImportOptions, needle: str
) -> None:
    table = Table.from_rows(["A", "B"], [["a@b.de", "x"]])
    with pytest.raises(PlandocketError, match=needle):
        validation.validate(table, mapping, options=options)


def test_empty_table() -> None:
    table = Table.from_rows(["Email"], [])
    result = validation.validate(table, {"Email": "email"}, options=EMAIL_OPTS)
    assert result.counts == {"ready": 0, "warnings": 0, "errors": 0, "ignored": 0, "excluded": 0}
    assert list(result.iter_issues()) == []
    assert result.records([]) == []


def test_statuses_are_row_status_members_with_the_old_values() -> None:
    table = Table.from_rows(["Email"], [["a@b.de"], ["nope"], [""]])
    result = validation.validate(table, {"Email": "email"}, options=EMAIL_OPTS)
    assert [result.status(i) for i in range(3)] == [
        RowStatus.READY,
        RowStatus.ERROR,
        RowStatus.IGNORED,
    ]
    assert validation.STATUSES == ("ready", "warning", "error", "excluded", "ignored")
    assert all(isinstance(s, RowStatus) for s in validation.STATUSES)
