"""Property tests: the email fast path agrees with email-validator; validation never raises."""

from __future__ import annotations

import pyarrow as pa
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.types import ImportOptions, MatchField, Target
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation import _result as validation


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
    international = normalise._international_ok(arr)
    out = []
    rows = zip(values, arr.to_pylist(), codes, fast, international, strict=True)
    for value, trimmed, code, quick, intl in rows:
        if not trimmed:
            continue
        ours = code == normalise.Code.NONE
        if quick or intl:  # a fast path alone decided: it must agree with the library
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
    "jürgen.müller@bücher.de",
    "info@müller-gärten.at",
    "a@MÜLLER.de",
    "a@straße.at",
    "a@café-de-paris.fr",
    "用户@例子.广告",
    "a@例子.广告",
    "a@xn--mller-kva.de",
    "a@bü--cher.de",
    "a@üb.d1",
    "a@ü",
    "a@ü.",
    "a@.ü.de",
    "ü@b.test",
    "ü@ü.local",
    "a\u0301b@c.de",  # combining accent inside the local part
    "\u0301a@c.de",  # ... at its start
    "a@\u0301b.de",
    "a@b\u0301.de",
    "a\u200db@c.de",  # zero-width joiner
    "a@b\u200d.de",
    "a\u00a0b@c.de",  # no-break space
    "a@b\u2024de",  # one dot leader
    "a@\u2488.de",  # digit full stop
    "ü" * 120 + "@b.de",
    "ü" * 126 + "@b.de",
    "a@" + "ü" * 60 + ".de",
    "a@" + "ü" * 64 + ".de",
    "a@" + ".".join(["üüüüüüüüü"] * 12) + ".de",
    "a@" + ".".join(["üüüüüüüüü"] * 20) + ".de",
    "\u212b@c.de",  # Angstrom sign, NFC changes it
    "a@\u212b.de",
    "a@b.\u0627\u0644\u0639\u0631\u0628",  # right-to-left label
    "a@\u05d0.\u05d1\u05d2",
    "a@1\u05d0.de",
    "🙂@b.de",
    "a@🙂.de",
    "a@ÿ.de",
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


_UNI_ATOM = st.text(
    alphabet=st.sampled_from(list("aZ09.-_+ üßÖéçøłĳ例子ΩЖأבँ\u0301\u200d\u00a0\uff20。🙂ǅ\u212b")),
    min_size=0,
    max_size=10,
)
_UNI_LABEL = st.text(
    alphabet=st.sampled_from(list("abxn09-üßé例ЖأבǅＡ\u0301\u200d。ᾼ")), min_size=0, max_size=8
)


@st.composite
def international_address(draw: st.DrawFn) -> str:
    local = draw(_UNI_ATOM)
    labels = draw(st.lists(_UNI_LABEL, min_size=0, max_size=3))
    tld = draw(st.sampled_from(["de", "广告", "рф", "test", "ü1", "", "com"]))
    domain = ".".join([*labels, tld])
    return f"{local}{draw(st.sampled_from(['@', '@', '@@', '']))}{domain}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(international_address(), min_size=1, max_size=30))
def test_international_path_agrees_with_email_validator(values: list[str]) -> None:
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
        row %= len(rows)
        changed = result.edit_cell(row, headers[col], text)
        assert set(changed) <= set(range(len(rows)))
        if ALL_FIELDS[col] == "first_name":  # plain text: what was typed, trimmed
            expected = normalise.trim_one(text) or None
            assert result.records([row])[0].get("first_name") == expected
        result.exclude_row(row)
        assert result.status(row) == "excluded"
        assert row not in result.sendable_indices()
        counts = result.counts
        assert counts["excluded"] == 1
        assert sum(counts.values()) == len(rows)
        assert len(result.records(range(len(rows)))) == len(rows)


# Yes and no in English and German, as the README promises (plus 1/0 and a cross).
YES = {"true", "yes", "ja", "1", "x", "wahr"}
NO = {"false", "no", "nein", "0", "falsch"}
_YES_NO = st.sampled_from(sorted(YES | NO)).flatmap(
    lambda word: st.sampled_from([word, word.upper(), word.title(), f" {word}\t", f"{word}."])
)
# Near misses ("jaa", "n0", "ye s"): letters of the words, so no other Unicode can lower-case
# into one of them.
_NEAR = st.text(alphabet="aefhijlnorstuwxyJNYX01 .", max_size=7)


@settings(max_examples=120, deadline=None)
@given(email=st.text(max_size=30), confirmed=st.one_of(_YES_NO, _NEAR))
def test_participants_is_confirmed_takes_only_yes_and_no_words(email: str, confirmed: str) -> None:
    rows = [["anna@example.com", confirmed], [email, confirmed]]
    table = Table.from_rows(["E", "C"], rows)
    options = ImportOptions(target=Target.PARTICIPANTS, event_key="e")
    result = validation.validate(table, {"E": "email", "C": "is_confirmed"}, options=options)
    word = confirmed.strip().lower()
    valid = word in YES | NO or not word
    for row in (0, 1):
        codes = {i.code for i in result.issues_for(row) if i.field == "is_confirmed"}
        assert codes == (set() if valid else {"boolean_invalid"}), confirmed
    assert all(issue.message for issue in result.iter_issues())
    assert sum(result.counts.values()) == 2
    if valid:  # row 2 has a good address, so it is sent with the yes or no it says
        assert result.status(0) == "ready"
        record = result.records([0])[0]
        assert record.get("is_confirmed") == (word in YES if word else None)
    else:
        assert result.status(0) == "error"
        assert result.sendable_indices() == []


@pytest.mark.parametrize("n", [0, 1, 3])
def test_check_functions_accept_any_length(n: int) -> None:
    arr = pa.array(["x"] * n, pa.string())
    for field_type in normalise.NORMALISERS:
        assert len(normalise.check(field_type, arr, required=True)) == n
