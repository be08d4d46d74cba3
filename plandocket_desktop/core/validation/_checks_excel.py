"""What Excel (and people) did to the data: error values, scientific notation, lost zeros.

Each check takes trimmed texts (an Arrow string array) and returns a boolean mask; the
caller (``_checks``) turns masks into issue codes. The same functions serve a million-row
column and one edited cell.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

# Excel's error values, English and German (a CSV saved from a German Excel holds "#NV").
ERROR_VALUES: tuple[str, ...] = (
    "#NAME?",
    "#REF!",
    "#VALUE!",
    "#N/A",
    "#DIV/0!",
    "#NULL!",
    "#NUM!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "#BEZUG!",
    "#WERT!",
    "#NV",
    "#ZAHL!",
    "#NAME?",
    "#ÜBERLAUF!",
    "#KALK!",
)
_ERROR_SET = pa.array(sorted(set(ERROR_VALUES)), pa.string())

# "4.92211E+11", "1,23457E+11", "-1.2e-05": a number Excel showed in scientific notation.
SCIENTIFIC_RE = r"^[+-]?\d(?:[.,]\d+)?[Ee][+-]?\d{1,3}$"

# Fields that hold digits as text: Excel turning them into numbers loses information.
DIGIT_TEXT_FIELDS = frozenset(
    {"phone", "mobile", "fax", "customer_number", "postal_code", "tax_id"}
)

POSTAL_FOUR_DIGITS_RE = r"^\d{4}$"


def _np(mask: pa.Array) -> npt.NDArray[np.bool_]:
    result: npt.NDArray[np.bool_] = np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)
    return result


def _where(trimmed: pa.Array, maybe: pa.Array, pattern: str) -> npt.NDArray[np.bool_]:
    """``pattern`` tested only on the texts a cheap test (``maybe``) let through."""
    result = _np(maybe) if len(trimmed) else np.zeros(0, dtype=np.bool_)
    rows = np.flatnonzero(result)
    if rows.size:
        texts = trimmed.take(pa.array(rows, pa.int64()))
        result[rows] = _np(pc.match_substring_regex(texts, pattern))
    return result


def error_value(trimmed: pa.Array) -> npt.NDArray[np.bool_]:
    """True where the cell holds an Excel error value (``#N/A``, ``#REF!`` …)."""
    if not len(trimmed):
        return np.zeros(0, dtype=np.bool_)
    maybe = _np(pc.starts_with(trimmed, "#"))
    if not maybe.any():
        return maybe
    return _np(pc.is_in(pc.utf8_upper(trimmed), value_set=_ERROR_SET))


def scientific(trimmed: pa.Array) -> npt.NDArray[np.bool_]:
    """True where a number is shown in scientific notation (its digits are gone)."""
    return _where(
        trimmed,
        pc.or_(pc.match_substring(trimmed, "E"), pc.match_substring(trimmed, "e")),
        SCIENTIFIC_RE,
    )


def four_digit_postal(trimmed: pa.Array) -> npt.NDArray[np.bool_]:
    """True where a postal code has four digits (a German one lost its leading zero)."""
    return _where(trimmed, pc.equal(pc.utf8_length(trimmed), 4), POSTAL_FOUR_DIGITS_RE)


def postal_suggestion(text: str) -> str:
    """The German postal code with its leading zero back: "1067" -> "01067"."""
    return "0" + text
