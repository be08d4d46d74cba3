"""Checks beyond a field's type: what people and Excel typically get wrong.

Run after the per-type rules (``normalise.check``) on the same trimmed texts, they set a
code only where the type rules found nothing, except for an Excel error value, which names
the real problem (``#N/A`` in the email column is a failed lookup, not a bad address):

- ``Code.EXCEL_ERROR`` — an Excel error value in any field (error);
- ``Code.SCIENTIFIC_MATCH`` / ``Code.SCIENTIFIC`` — a digit field (phone, customer number,
  postal code, tax id …) in scientific notation: an error on the match field, a warning
  elsewhere;
- ``Code.EMAIL_TYPO`` — an email whose domain is a near miss of a mail provider (warning);
- ``Code.POSTAL_ZERO_LOST`` — a four-digit postal code of a German row (country DE, or empty
  in a German file) (warning).

``Context`` holds what a cell's check needs beyond its text: the match field and whether an
empty country means Germany. Suggestions (the corrected value) are made per cell, when an
issue is shown (``suggestion``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core.validation import _checks_excel as excel
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation import _typos as typos
from plandocket_desktop.core.validation._normalise import Code, CodeArray

# Header words of a German file (casefolded): an empty country then means Germany.
_GERMAN_HEADERS = frozenset(
    {
        "plz",
        "postleitzahl",
        "straße",
        "strasse",
        "ort",
        "wohnort",
        "vorname",
        "nachname",
        "firma",
        "telefon",
        "land",
        "anrede",
        "e-mail-adresse",
        "kundennummer",
        "bundesland",
    }
)


@dataclass(frozen=True)
class Context:
    """What the checks of a cell need beyond its text."""

    match_key: str
    german_default: bool = False  # an empty country means Germany


def german_default(columns: Sequence[str], countries: pa.Array | None) -> bool:
    """Whether an empty country means Germany: most countries given are DE, or (none given)
    the headers are German."""
    if countries is not None and len(countries):
        counts = pc.value_counts(pc.filter(countries, pc.not_equal(countries, "")))
        if len(counts):
            codes: dict[str, int] = {}
            for item in counts.to_pylist():
                code = normalise.normalise_country(str(item["values"])) or "?"
                codes[code] = codes.get(code, 0) + int(item["counts"])
            return max(codes, key=lambda c: codes[c]) == "DE"
    words = {" ".join(c.casefold().replace("-", " ").split()) for c in columns}
    words |= {c.casefold().strip() for c in columns}
    return bool(words & _GERMAN_HEADERS)


def german_rows(countries: pa.Array | None, n: int, default: bool) -> npt.NDArray[np.bool_]:
    """True for each row whose country is Germany (or empty, when ``default``)."""
    if countries is None:
        return np.full(n, default, dtype=np.bool_)
    encoded = pc.dictionary_encode(countries)
    words: list[str] = encoded.dictionary.to_pylist()
    german = np.array(
        [default if not w else normalise.normalise_country(w) == "DE" for w in words],
        dtype=np.bool_,
    )
    if not len(german):
        return np.zeros(n, dtype=np.bool_)
    result: npt.NDArray[np.bool_] = german[
        np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    ]
    return result


def email_typos(trimmed: pa.Array, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Those of ``rows`` whose email domain is a typo (checked once per distinct domain)."""
    if not rows.size:
        return rows
    texts = trimmed if rows.size == len(trimmed) else trimmed.take(pa.array(rows, pa.int64()))
    # Valid addresses: the part after the last "@" is the domain (lower-cased once per
    # distinct domain, not per row).
    parts = pc.split_pattern(texts, "@", max_splits=1, reverse=True)
    encoded = pc.dictionary_encode(pc.list_element(parts, 1))
    fixes = typos.fix_domains([d.lower() for d in encoded.dictionary.to_pylist()])
    flagged = np.array([f is not None for f in fixes], dtype=np.bool_)
    if not flagged.any():
        return rows[:0]
    idx = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    hit: npt.NDArray[np.intp] = rows[flagged[idx]]
    return hit


def apply(
    field: fields.Field,
    trimmed: pa.Array,
    codes: CodeArray,
    context: Context,
    countries: pa.Array | None,
) -> None:
    """Add the codes of these checks to ``codes`` (the type rules' codes), in place.

    ``countries``: the trimmed country of each row (None when no country is sent).
    """
    key = field.key
    errors = excel.error_value(trimmed)
    if errors.any():
        codes[errors] = Code.EXCEL_ERROR
    if key in excel.DIGIT_TEXT_FIELDS:
        sci = excel.scientific(trimmed) & (codes == Code.NONE)
        codes[sci] = Code.SCIENTIFIC_MATCH if key == context.match_key else Code.SCIENTIFIC
    if field.type is fields.FieldType.EMAIL:
        free = np.flatnonzero((codes == Code.NONE) & ~normalise.empty_mask(trimmed))
        codes[email_typos(trimmed, free)] = Code.EMAIL_TYPO
    if key == "postal_code":
        four = excel.four_digit_postal(trimmed) & (codes == Code.NONE)
        if four.any():
            german = german_rows(countries, len(trimmed), context.german_default)
            codes[four & german] = Code.POSTAL_ZERO_LOST


def cell_code(
    field: fields.Field, text: str, *, required: bool, context: Context, country: str | None
) -> Code:
    """The code of one trimmed cell: the type rules, then these checks."""
    codes = normalise.check(field.type, pa.array([text], pa.string()), required=required)
    countries = None if country is None else pa.array([country], pa.string())
    apply(field, pa.array([text], pa.string()), codes, context, countries)
    return Code(int(codes[0]))


# The codes whose issues carry a suggestion.
SUGGESTING = (Code.EMAIL_TYPO, Code.POSTAL_ZERO_LOST)


def suggestion(code: Code, text: str) -> str | None:
    """The corrected value of a cell with this issue, None when there is no obvious fix."""
    if code is Code.EMAIL_TYPO:
        return typos.fix_email(text)
    if code is Code.POSTAL_ZERO_LOST:
        return excel.postal_suggestion(text)
    return None
