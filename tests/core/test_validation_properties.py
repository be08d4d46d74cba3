"""Property tests: the email fast path agrees with email-validator; validation never raises."""

from __future__ import annotations

import pyarrow as pa
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandocket_desktop.core import normalise, validation
from plandocket_desktop.core.models import ImportOptions, MatchField, Target
from plandocket_desktop.core.table import Table


def library_says_valid(text: str) -> bool:
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def fast_and_full_verdicts(values: list[str]) -> list[tuple[str, bool, bool]]:
    arr = normalise.trim(pa.array(values, pa.string()))
    codes = normalise.check_email(arr, required=False)
    fast = normalise.email_fast_ok(arr)
    out = []
    for value, trimmed, code, quick in zip(values, arr.to_pylist(), codes, fast, strict=True):
        if not trimmed:
            continue
        ours = code == normalise.Code.NONE
        if quick:  # the fast path alone decided: it must agree with the library
            assert library_says_valid(trimmed), value
        out.append((trimmed, ours, library_says_valid(trimmed)))
    return out


EDGE_CASES = [
    "a@b.co",
    "a@b.c0m",
    "a@b.c",
    "a@b.123",
    "a@1.2.3.4",
    "a@[1.2.3.4]",
    "a.@b.de",
    ".a@b.de",
    "a..b@c.de",
    "a@b..de",
    "a@.b.de",
    "a@b.de.",
    "a@-b.de",
    "a@b-.de",
    "a@b--c.de",
    "a@ab--c.de",
    "a@xn--bcher-kva.de",
    "a@xn--zz.de",
    "a--b@c.de",
    "a@b.test",
    "a@B.TEST",
    "a@b.invalid",
    "a@b.local",
    "a@b.localhost",
    "a@localhost",
    "a@b.onion",
    "a@in-addr.arpa",
    "a@arpa",
    "a@testing.de",
    "a@b.tests",
    "a@local.de",
    '"a b"@c.de',
    "a b@c.de",
    "Name <a@b.de>",
    "a@b.de>",
    "a@b_c.de",
    "a@b.d_e",
    "a+b@c.de",
    "{a}|~@c.de",
    "a@" + "b" * 63 + ".de",
    "a@" + "b" * 64 + ".de",
    "a" * 64 + "@b.de",
    "a" * 65 + "@b.de",
    "a@" + ".".join(["abcdefghi"] * 25) + ".de",
    "a" * 240 + "@bcdefghijkl.de",
    "a" * 250 + "@b.de",
    "a@b.d-e",
    "a@b.de-",
    "a@b.-de",
    "a@b.d1",
    "a@1b.de",
    "1@1.de",
    "a@b.de\n",
    "a\tb@c.de",
    "a@b.de\x00",
    "a@@b.de",
    "@b.de",
    "a@",
    "a",
    "a@b@c.de",
    "a@bücher.de",
    "jürgen@b.de",
    "a@b.рф",
    "a@\uff42.de",  # fullwidth b
    "a@b。de",
    "Ω@b.de",
]


def test_fast_path_agrees_with_email_validator_on_edge_cases() -> None:
    for trimmed, ours, library in fast_and_full_verdicts(EDGE_CASES):
        assert ours == library, trimmed


_ATOM = st.text(alphabet="abcXYZ09.-_+'!#@ ", min_size=0, max_size=12)
_LABEL = st.text(alphabet="abcxnXN019-", min_size=0, max_size=10)
_TLDS = st.sampled_from(
    ["de", "com", "test", "TEST", "local", "localhost", "onion", "arpa", "invalid", "c0", "1", ""]
)


@st.composite
def address_like(draw: st.DrawFn) -> str:
    local = draw(_ATOM)
    labels = draw(st.lists(_LABEL, min_size=0, max_size=3))
    tld = draw(_TLDS)
    domain = ".".join([*labels, tld]) if tld or labels else ""
    joiner = draw(st.sampled_from(["@", "@", "@", "@@", "", "(at)"]))
    return f"{local}{joiner}{domain}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(address_like(), min_size=1, max_size=30))
def test_fast_path_agrees_with_email_validator_generated(values: list[str]) -> None:
    for trimmed, ours, library in fast_and_full_verdicts(values):
        assert ours == library, trimmed


@settings(max_examples=150, deadline=None)
@given(st.lists(st.emails(), min_size=1, max_size=10))
def test_fast_path_agrees_on_hypothesis_emails(values: list[str]) -> None:
    for trimmed, ours, library in fast_and_full_verdicts(values):
        assert ours == library, trimmed


ALL_FIELDS = [
    "email",
    "customer_number",
    "first_name",
    "rating",
    "account_access_enabled",
    "country",
    "category_keys",
    "website",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(st.text(max_size=20), min_size=8, max_size=8), max_size=8),
    match=st.sampled_from(list(MatchField)),
    edit=st.tuples(st.integers(0, 7), st.integers(0, 7), st.text(max_size=20)),
)
def test_validation_never_raises_on_arbitrary_strings(
    rows: list[list[str]], match: MatchField, edit: tuple[int, int, str]
) -> None:
    headers = [f"c{i}" for i in range(8)]
    table = Table.from_rows(headers, rows)
    mapping = dict(zip(headers, ALL_FIELDS, strict=True))
    result = validation.validate(table, mapping, options=ImportOptions(match_field=match))
    issues = list(result.iter_issues())
    assert all(i.message for i in issues)
    counts = result.counts
    assert counts["ready"] + counts["warnings"] + counts["errors"] + counts["ignored"] == len(rows)
    records = result.records(result.sendable_indices())
    for record in records:
        assert "" not in record.values()
        assert match.value in record
    if rows:
        row, col, text = edit
        result.edit_cell(row % len(rows), headers[col], text)
        result.exclude_row(row % len(rows))
        result.records(range(len(rows)))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=30))
def test_participants_never_raise(text: str) -> None:
    table = Table.from_rows(["E", "C"], [[text, text], [text, text]])
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="e")
    result = validation.validate(table, {"E": "email", "C": "is_confirmed"}, options=options)
    list(result.iter_issues())


@pytest.mark.parametrize("n", [0, 1, 3])
def test_check_functions_accept_any_length(n: int) -> None:
    arr = pa.array(["x"] * n, pa.string())
    for field_type in normalise.NORMALISERS:
        assert len(normalise.check(field_type, arr, required=True)) == n
