"""Per-type cell rules: vectorised checks over Arrow string arrays and per-value normalisers.

Every check takes an array of *trimmed* texts and returns one compact issue code per value
(``Code``), so the same function serves a million-row column and a single edited cell.
Normalisers turn one trimmed, valid text into the JSON value PlanDocket receives, or ``None``
when nothing is to be sent; ``normalise_array`` does the same for a whole column of a batch
at once (vectorised, or once per distinct value), with the per-value functions as its
reference.
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata
from collections.abc import Callable
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pycountry
from email_validator import EmailNotValidError, validate_email

from plandocket_desktop.core._fields import FieldType

CodeArray = npt.NDArray[np.uint8]


class Code(IntEnum):
    """What is wrong with one cell; 0 = nothing. Stored as uint8, one per row and field."""

    NONE = 0
    MISSING = 1  # the match field is empty (error)
    INVALID = 2  # email / rating / boolean not valid (error)
    DUPLICATE = 3  # same match value as an earlier row (error)
    COUNTRY_UNKNOWN = 4  # not convertible to an ISO alpha-2 code (error)
    SCHEME_ADDED = 5  # bare domain, https:// added (warning)
    URL_UNUSUAL = 6  # does not look like a web address, sent as written (warning)
    # Set by ``_checks`` (what people and Excel got wrong) and ``_conflicts``:
    EMAIL_TYPO = 7  # the domain is a near miss of a mail provider's (warning)
    SCIENTIFIC_MATCH = 8  # scientific notation in the match field (error)
    SCIENTIFIC = 9  # scientific notation in another digit field (warning)
    EXCEL_ERROR = 10  # an Excel error value such as #N/A (error)
    POSTAL_ZERO_LOST = 11  # a German postal code with four digits (warning)
    CONFLICT = 12  # same value as an earlier row that has a different match value (error)
    # Set by ``_events`` (participants routed by an event column):
    EVENT_MISSING = 13  # the event column is empty in this row (error)
    EVENT_UNKNOWN = 14  # the event column's value goes to no event (error)


ERROR_CODES = frozenset(
    {
        Code.MISSING,
        Code.INVALID,
        Code.DUPLICATE,
        Code.COUNTRY_UNKNOWN,
        Code.SCIENTIFIC_MATCH,
        Code.EXCEL_ERROR,
        Code.CONFLICT,
        Code.EVENT_MISSING,
        Code.EVENT_UNKNOWN,
    }
)
# Lookup tables indexed by a code array: is this code an error / a warning?
IS_ERROR: npt.NDArray[np.bool_] = np.array([c in ERROR_CODES for c in Code], dtype=np.bool_)
IS_WARNING: npt.NDArray[np.bool_] = np.array(
    [c is not Code.NONE and c not in ERROR_CODES for c in Code], dtype=np.bool_
)


_CODE_NAMES = {
    Code.EMAIL_TYPO: "email_typo",
    Code.SCIENTIFIC_MATCH: "excel_scientific",
    Code.SCIENTIFIC: "excel_scientific",
    Code.EXCEL_ERROR: "excel_error_value",
    Code.POSTAL_ZERO_LOST: "postal_code_zero_lost",
}


def code_name(code: Code, field_key: str, field_type: FieldType) -> str:
    """The public issue code, e.g. ``email_invalid``, ``boolean_invalid``, ``country_unknown``."""
    if code in (Code.MISSING, Code.DUPLICATE, Code.CONFLICT):
        return f"{field_key}_{code.name.lower()}"
    if code in _CODE_NAMES:
        return _CODE_NAMES[code]
    if code is Code.INVALID:
        return f"{field_type.value}_invalid"
    if code is Code.COUNTRY_UNKNOWN:
        return "country_unknown"
    if code is Code.SCHEME_ADDED:
        return "website_scheme_added"
    if code is Code.URL_UNUSUAL:
        return "website_unusual"
    if code in (Code.EVENT_MISSING, Code.EVENT_UNKNOWN):
        return code.name.lower()
    return "ok"


# --- helpers over Arrow arrays -----------------------------------------------------------


def trim(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Texts without surrounding whitespace (Unicode whitespace, as Arrow defines it)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type != pa.string():
        values = values.cast(pa.string())
    return pc.utf8_trim_whitespace(values.fill_null(""))


def trim_one(text: str) -> str:
    """One text trimmed exactly as ``trim`` trims a column."""
    result: str = trim(pa.array([text], pa.string()))[0].as_py()
    return result


def _np(mask: pa.Array | pa.ChunkedArray) -> npt.NDArray[np.bool_]:
    result: npt.NDArray[np.bool_] = np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)
    return result


def empty_mask(trimmed: pa.Array) -> npt.NDArray[np.bool_]:
    return _np(pc.equal(trimmed, ""))


# --- email ---------------------------------------------------------------------------------

# A strict subset of what email-validator accepts for plain ASCII addresses: dot-atom local
# part, hostname labels of letters, digits and inner hyphens (at most 63), a last label ending
# in a letter. Whatever this rejects goes to email-validator itself, so verdicts never differ.
_ATEXT = r"A-Za-z0-9!#$%&'*+/=?^_`{|}~-"
_LOCAL = rf"[{_ATEXT}]+(?:\.[{_ATEXT}]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = r"(?:[A-Za-z0-9][A-Za-z0-9-]{0,61})?[A-Za-z]"
EMAIL_FAST_RE = rf"^{_LOCAL}@(?:{_LABEL}\.)+{_TLD}$"
# email-validator refuses these special-use names and everything under them.
SPECIAL_USE_RE = r"(?i)[.@](?:arpa|invalid|local|localhost|onion|test)$"
EMAIL_MAX_LENGTH = 254


def email_fast_ok(trimmed: pa.Array) -> npt.NDArray[np.bool_]:
    """True where the ASCII fast path alone proves the address valid."""
    ok = pc.and_(pc.string_is_ascii(trimmed), pc.less_equal(pc.binary_length(trimmed), 254))
    ok = pc.and_(ok, pc.match_substring_regex(trimmed, EMAIL_FAST_RE))
    # "ab--c" labels need IDNA's rules (xn-- punycode and friends): leave them to the library.
    ok = pc.and_(ok, pc.invert(pc.match_substring(trimmed, "--")))
    ok = pc.and_(ok, pc.invert(pc.match_substring_regex(trimmed, SPECIAL_USE_RE)))
    return _np(ok)


@functools.lru_cache(maxsize=4096)
def email_problem(text: str) -> str | None:
    """email-validator's reason why ``text`` is not a valid address, or None when it is."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc)
    except (ValueError, UnicodeError) as exc:  # odd Unicode the library does not wrap
        return str(exc) or "The address contains characters that cannot be used."
    return None


# International addresses: a local part of ASCII atext, letters and digits (any script), and a
# domain email-validator accepts (asked once per distinct domain). Anything else goes to
# email-validator whole.
_UNI_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\p{L}\p{N}]+"
UNICODE_LOCAL_RE = rf"^{_UNI_ATOM}(?:\.{_UNI_ATOM})*$"
DOMAIN_CHARS_RE = r"^[\p{L}\p{N}][\p{L}\p{N}\p{M}.\-]*$"
_SPLIT_RE = r"^(?P<local>[^@]+)@(?P<domain>[^@]+)$"
_FEW = 16


@functools.lru_cache(maxsize=65536)
def domain_probe(domain: str) -> tuple[str, int, int] | None:
    """(normalised domain, its UTF-8 length, IDNA ASCII length), None when not valid."""
    try:
        info = validate_email("a@" + domain, check_deliverability=False)
    except (EmailNotValidError, ValueError, UnicodeError):
        return None
    return info.domain, len(info.domain.encode()), len(info.ascii_domain)


def _international_ok(texts: pa.Array) -> npt.NDArray[np.bool_]:
    """True where the address is proven valid by local-part shape and a per-domain check."""
    parts = pc.extract_regex(texts, _SPLIT_RE)
    local = pc.fill_null(pc.struct_field(parts, "local"), "")
    domain = pc.fill_null(pc.struct_field(parts, "domain"), "")
    shape = _np(
        pc.and_(
            pc.match_substring_regex(local, UNICODE_LOCAL_RE),
            pc.match_substring_regex(domain, DOMAIN_CHARS_RE),
        )
    )
    encoded = pc.dictionary_encode(domain)
    probes = [domain_probe(d) if d else None for d in encoded.dictionary.to_pylist()]
    valid = np.array([p is not None for p in probes], dtype=np.bool_)
    norm_len = np.array([p[1] if p else 0 for p in probes], dtype=np.int64)
    ascii_len = np.array([p[2] if p else 0 for p in probes], dtype=np.int64)
    idx = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    local_len = np.asarray(pc.binary_length(local).to_numpy(zero_copy_only=False), np.int64)
    nfc = pc.utf8_normalize(local, "NFC")
    nfc_len = np.asarray(pc.binary_length(nfc).to_numpy(zero_copy_only=False), np.int64)
    domain_len = np.asarray(pc.binary_length(domain).to_numpy(zero_copy_only=False), np.int64)
    if not len(valid):
        return np.zeros(len(texts), dtype=np.bool_)
    longest = np.maximum(np.maximum(domain_len, ascii_len[idx]), norm_len[idx])
    fits = (local_len + 1 + longest <= EMAIL_MAX_LENGTH) & (
        np.maximum(local_len, nfc_len) + 1 + norm_len[idx] <= EMAIL_MAX_LENGTH
    )
    result: npt.NDArray[np.bool_] = shape & valid[idx] & fits
    return result


def check_email(trimmed: pa.Array, *, required: bool) -> CodeArray:
    codes = np.zeros(len(trimmed), dtype=np.uint8)
    empty = empty_mask(trimmed)
    if len(trimmed) <= _FEW:  # a few cells (an edit): the library itself is quicker
        slow = np.flatnonzero(~empty)
    else:
        slow = np.flatnonzero(~empty & ~email_fast_ok(trimmed))
    if slow.size:
        texts = trimmed.take(pa.array(slow, pa.int64()))
        if slow.size > _FEW:  # for a handful, asking the library costs less than the setup
            unsure = ~_international_ok(texts)
            slow, texts = slow[unsure], texts.filter(pa.array(unsure))
        for pos, text in zip(slow.tolist(), texts.to_pylist(), strict=True):
            if email_problem(text) is not None:
                codes[pos] = Code.INVALID
    if required:
        codes[empty] = Code.MISSING
    return codes


def normalise_email(text: str) -> str | None:
    """The address with its domain lowercased; international domains stay in Unicode."""
    if not text:
        return None
    local, _, domain = text.rpartition("@")
    if text.isascii():
        return f"{local}@{domain.lower()}"
    probe = domain_probe(domain)
    if probe is not None and '"' not in local:
        return f"{unicodedata.normalize('NFC', local)}@{probe[0]}"
    try:
        info = validate_email(text, check_deliverability=False)
    except (EmailNotValidError, ValueError, UnicodeError):
        return None
    return str(info.normalized) if info.local_part.startswith('"') else f"{local}@{info.domain}"


def email_key(trimmed: pa.Array) -> pa.Array:
    """What duplicates are compared by: the trimmed address, case-insensitive."""
    return pc.utf8_lower(trimmed)


# --- rating ----------------------------------------------------------------------------------

RATING_RE = r"^0*[1-5](?:[.,]0*)?$"


def check_rating(trimmed: pa.Array) -> CodeArray:
    bad = pc.and_(
        pc.not_equal(trimmed, ""), pc.invert(pc.match_substring_regex(trimmed, RATING_RE))
    )
    return _np(bad).astype(np.uint8) * np.uint8(Code.INVALID)


def normalise_rating(text: str) -> int | None:
    match = re.fullmatch(r"0*([1-5])(?:[.,]0*)?", text)
    return int(match.group(1)) if match else None


# --- booleans ------------------------------------------------------------------------------

TRUE_WORDS = ("true", "yes", "ja", "1", "x", "wahr")
FALSE_WORDS = ("false", "no", "nein", "0", "falsch")
_BOOLEANS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
_BOOLEAN_SET = pa.array([*TRUE_WORDS, *FALSE_WORDS, ""], pa.string())


def check_boolean(trimmed: pa.Array) -> CodeArray:
    ok = pc.is_in(pc.utf8_lower(trimmed), value_set=_BOOLEAN_SET)
    return (~_np(ok)).astype(np.uint8) * np.uint8(Code.INVALID)


def normalise_boolean(text: str) -> bool | None:
    return _BOOLEANS.get(text.lower())


# --- countries -----------------------------------------------------------------------------

# Names people write that pycountry does not hold (English or German).
_COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "america": "US",
    "vereinigte staaten von amerika": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "großbritannien": "GB",
    "grossbritannien": "GB",
    "schottland": "GB",
    "nordirland": "GB",
    "holland": "NL",
    "russia": "RU",
    "russland": "RU",
    "turkey": "TR",
    "türkei": "TR",
    "czech republic": "CZ",
    "tschechische republik": "CZ",
    "südkorea": "KR",
    "vatican": "VA",
}


def _country_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split())


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def country_lookup() -> dict[str, str]:
    """Normalised country name or code -> ISO alpha-2, from pycountry (English and German)."""
    try:
        german: gettext.NullTranslations = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=["de"]
        )
    except OSError:  # a pycountry build without translations: English only
        german = gettext.NullTranslations()
    exact: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        names = [
            str(getattr(country, a, "") or "") for a in ("name", "common_name", "official_name")
        ]
        names = [n for n in names if n]
        candidates = [code, str(country.alpha_3), *names, *(german.gettext(n) for n in names)]
        for name in candidates:
            exact.setdefault(_country_key(name), code)
            if ", " in name:  # "Korea, Republic of" -> "Republic of Korea"
                head, _, tail = name.partition(", ")
                exact.setdefault(_country_key(f"{tail} {head}"), code)
    for alias, code in _COUNTRY_ALIASES.items():
        exact.setdefault(_country_key(alias), code)
    lookup = dict(exact)
    for key, code in exact.items():  # "Osterreich" for "Österreich", where unambiguous
        lookup.setdefault(_strip_accents(key), code)
    return lookup


def normalise_country(text: str) -> str | None:
    if not text:
        return None
    return country_lookup().get(_country_key(text)) or country_lookup().get(
        _strip_accents(_country_key(text))
    )


def check_country(trimmed: pa.Array) -> CodeArray:
    encoded = pc.dictionary_encode(trimmed)
    words: list[str] = encoded.dictionary.to_pylist()
    bad_words = np.array(
        [Code.COUNTRY_UNKNOWN if w and normalise_country(w) is None else 0 for w in words],
        dtype=np.uint8,
    )
    if not len(bad_words):
        return np.zeros(len(trimmed), dtype=np.uint8)
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    result: CodeArray = bad_words[indices]
    return result


# --- lists ---------------------------------------------------------------------------------

_LIST_SPLIT = re.compile(r"[,;]")


def normalise_list(text: str) -> list[str] | None:
    items: list[str] = []
    for part in _LIST_SPLIT.split(text):
        item = part.strip()
        if item and item not in items:
            items.append(item)
    return items or None


# --- websites ------------------------------------------------------------------------------

URL_WITH_SCHEME_RE = r"(?i)^https?://[^\s/?#]+(?:[/?#]\S*)?$"
# A host of dot-separated labels (any script), the last one not starting with a digit, then
# an optional port and path: "www.firma.de", "köln-messebau.de/kontakt".
_HOST_PART = r"[^\s/?#@:.,;]+"
BARE_DOMAIN_RE = (
    rf"^{_HOST_PART}(?:\.{_HOST_PART})*\.[^\s/?#@:.,;\d-][^\s/?#@:.,;]+"
    r"(?::\d{1,5})?(?:[/?#]\S*)?$"
)


def check_website(trimmed: pa.Array) -> CodeArray:
    nonempty = _np(pc.not_equal(trimmed, ""))
    with_scheme = _np(pc.match_substring_regex(trimmed, URL_WITH_SCHEME_RE))
    bare = _np(pc.match_substring_regex(trimmed, BARE_DOMAIN_RE))
    codes = np.zeros(len(trimmed), dtype=np.uint8)
    codes[nonempty & ~with_scheme & bare] = Code.SCHEME_ADDED
    codes[nonempty & ~with_scheme & ~bare] = Code.URL_UNUSUAL
    return codes


def normalise_website(text: str) -> str | None:
    if not text:
        return None
    if trim_codes(FieldType.URL, text) == Code.SCHEME_ADDED:
        return f"https://{text}"
    return text


# --- dispatch ------------------------------------------------------------------------------


def check(field_type: FieldType, trimmed: pa.Array, *, required: bool = False) -> CodeArray:
    """One issue code per trimmed text (``required``: empty is ``Code.MISSING``)."""
    if field_type is FieldType.EMAIL:
        return check_email(trimmed, required=required)
    if field_type is FieldType.RATING:
        codes = check_rating(trimmed)
    elif field_type is FieldType.BOOLEAN:
        codes = check_boolean(trimmed)
    elif field_type is FieldType.COUNTRY:
        codes = check_country(trimmed)
    elif field_type is FieldType.URL:
        codes = check_website(trimmed)
    else:
        codes = np.zeros(len(trimmed), dtype=np.uint8)
    if required:
        codes[empty_mask(trimmed)] = Code.MISSING
    return codes


def trim_codes(field_type: FieldType, trimmed_text: str, *, required: bool = False) -> Code:
    """``check`` for one trimmed text."""
    return Code(int(check(field_type, pa.array([trimmed_text], pa.string()), required=required)[0]))


def _text(text: str) -> str | None:
    return text or None


NORMALISERS: dict[FieldType, Callable[[str], object]] = {
    FieldType.TEXT: _text,
    FieldType.EMAIL: normalise_email,
    FieldType.RATING: normalise_rating,
    FieldType.BOOLEAN: normalise_boolean,
    FieldType.COUNTRY: normalise_country,
    FieldType.LIST: normalise_list,
    FieldType.URL: normalise_website,
}


def normalise_array(field_type: FieldType, trimmed: pa.Array) -> list[object]:
    """``normalise`` for every text of an array of trimmed texts, at once where possible.

    Gives exactly what ``normalise`` gives value by value (None for "not sent"); a LIST value
    is a fresh list per position. Used to build one batch of records column by column.
    """
    n = len(trimmed)
    if not n:
        return []
    if field_type is FieldType.TEXT:
        texts: list[object] = _nonempty(trimmed).to_pylist()
        return texts
    if field_type is FieldType.EMAIL:
        return _emails(trimmed)
    if field_type is FieldType.URL:
        added = pa.array(check_website(trimmed) == Code.SCHEME_ADDED)
        with_scheme = pc.binary_join_element_wise("https://", trimmed, "")
        urls: list[object] = _nonempty(pc.if_else(added, with_scheme, trimmed)).to_pylist()
        return urls
    # Few distinct values (ratings, yes/no, countries, categories): each normalised once.
    encoded = pc.dictionary_encode(trimmed)
    convert = NORMALISERS[field_type]
    distinct = [convert(t) if t else None for t in encoded.dictionary.to_pylist()]
    values = [distinct[i] for i in encoded.indices.to_pylist()]
    if field_type is FieldType.LIST:
        return [list(v) if isinstance(v, list) else v for v in values]
    return values


def _nonempty(texts: pa.Array) -> pa.Array:
    """The texts with "" turned into null (None: nothing to send)."""
    return pc.if_else(pc.equal(texts, ""), pa.scalar(None, pa.string()), texts)


# An address split at its last "@" (no "@": all domain), as ``str.rpartition`` splits it.
_LAST_AT_RE = r"(?s)^(?:(?P<local>.*)@)?(?P<domain>[^@]*)$"


def _emails(trimmed: pa.Array) -> list[object]:
    """``normalise_email`` for an array: ASCII addresses at once, the rest one by one."""
    parts = pc.extract_regex(trimmed, _LAST_AT_RE)
    local = pc.fill_null(pc.struct_field(parts, "local"), "")
    domain = pc.ascii_lower(pc.fill_null(pc.struct_field(parts, "domain"), ""))
    values: list[object] = _nonempty(
        pc.if_else(pc.equal(trimmed, ""), "", pc.binary_join_element_wise(local, domain, "@"))
    ).to_pylist()
    other = np.flatnonzero(~_np(pc.string_is_ascii(trimmed)))
    if other.size:
        texts = trimmed.take(pa.array(other, pa.int64())).to_pylist()
        for pos, text in zip(other.tolist(), texts, strict=True):
            values[pos] = normalise_email(text)
    return values


def normalise(field_type: FieldType, trimmed_text: str) -> object:
    """The value sent to PlanDocket for one trimmed text, or None for "not sent"."""
    if not trimmed_text:
        return None
    return NORMALISERS[field_type](trimmed_text)
