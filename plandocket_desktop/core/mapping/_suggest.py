"""Auto-mapping: which PlanDocket field each source column most likely holds, and why.

Each header is normalised (case, accents and umlauts, punctuation, spaces) and read in a few
ways: as it is; without a running number ("E-mail 2 Address"); without a qualifier such as
"Business" or "Home"; and, for Google's "Kind N - Part" headers, as the part that matters
("Address 1 - Street" is a street, "E-mail 1 - Value" an email, "E-mail 1 - Label" nothing).
Each reading is looked up among the header names of ``_synonyms``, then compared by fuzzy matching.
Every field is given to at most one column; where several columns want the same field, the
better name wins, and a sample of the values (at most ``SAMPLE_ROWS`` rows, so a million-row
file costs no more than a small one) decides between similar names.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from plandocket_desktop.core import _fields as fields
from plandocket_desktop.core._fields import FieldType
from plandocket_desktop.core._table import Table
from plandocket_desktop.core.mapping import _synonyms as synonyms
from plandocket_desktop.core.types import Target
from plandocket_desktop.i18n import N_, _, fmt_int

SAMPLE_ROWS = 1000
FUZZY_THRESHOLD = 85.0  # rapidfuzz ratio (0-100) a header needs to count as "similar"
FUZZY_MIN_LENGTH = 6  # shorter headers only match known names: one typo in "Stand" is "Stadt"

# Confidence of a match by known name; fuzzy matches scale their ratio by FUZZY_WEIGHT.
_KEY_OR_LABEL = 1.0
_SYNONYM = 0.95
_FUZZY_WEIGHT = 0.8
# How much the sampled values may add to a name's score when columns compete for a field.
_VALID_WEIGHT = 0.3
_FILLED_WEIGHT = 0.05

# A leading or trailing word that names a variant of a field; the score drops by the value.
_QUALIFIERS: dict[str, float] = {
    "business": 0.02,
    "work": 0.02,
    "office": 0.03,
    "geschaeftlich": 0.02,
    "dienstlich": 0.02,
    "buero": 0.03,
    "primary": 0.03,
    "main": 0.03,
    "haupt": 0.03,
    "billing": 0.05,
    "mailing": 0.05,
    "shipping": 0.08,
    "home": 0.10,
    "private": 0.10,
    "privat": 0.10,
    "personal": 0.10,
    "persoenlich": 0.10,
    "other": 0.25,
    "weitere": 0.25,
    "andere": 0.25,
}
# Google-style "Kind N - Part" headers: parts that carry the value, parts that never do, and
# kinds whose part alone names the field ("Address 1 - City" is a city).
_VALUE_PARTS = frozenset({"value", "wert"})
_BLOCKING_PARTS = frozenset({"label", "type", "typ", "formatted", "bezeichnung"})
_PART_KINDS = frozenset({"address", "adresse", "anschrift"})
_STRUCTURED = re.compile(
    r"^(?P<kind>.*?\D)\s*(?P<index>\d{1,2})\s*[-\u2013\u2014:]\s*(?P<part>.+)$"
)

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_NON_WORD = re.compile(r"[\W_]+")

# Simple shapes a value must have to count as valid when columns compete; validation proper
# (email-validator, pycountry) runs later on every row.
_VALUE_PATTERNS: dict[FieldType, str] = {
    FieldType.EMAIL: r"^[^@\s,;<>()\[\]\"]+@[^@\s,;<>()\[\]\"]+\.[^@\s.,;<>()\[\]\"]{2,}$",
    FieldType.RATING: r"^[1-5](\.0+)?$",
    FieldType.BOOLEAN: r"(?i)^(true|false|yes|no|ja|nein|1|0|x|wahr|falsch)$",
    FieldType.URL: r"(?i)^(https?://)?[^\s/@]+\.[a-z]{2,}(/\S*)?$",
}

# --- the reasons shown with a suggestion: one message per case, sentences joined by ". " -------

_KNOWN = N_("Header '{header}' is a known name for {field}")
_KNOWN_VARIANT = N_("Header '{header}' is a known name for {field} ('{word}' variant)")
_KNOWN_NUMBERED = N_("Header '{header}' is a known name for {field} (number {index} of several)")
_KNOWN_VARIANT_NUMBERED = N_(
    "Header '{header}' is a known name for {field} ('{word}' variant, number {index} of several)"
)
_SIMILAR = N_("Similar to '{name}' ({ratio}%)")
_TAKEN = N_("Not imported: {field} comes from '{column}'")
_NO_HEADER = N_("This column has no header")
_NO_FIELD = N_("No PlanDocket field matches this header")
_BARE_NAME_REASON = N_("Header '{header}' next to a first-name column is taken as the last name")
# Why a column won a field over another one, by the kind of value sampled.
_MORE_VALID = {
    FieldType.EMAIL: N_(
        "Chosen over '{rival}': more valid addresses ({mine} of {rows} against {theirs})"
    ),
    FieldType.RATING: N_(
        "Chosen over '{rival}': more valid ratings ({mine} of {rows} against {theirs})"
    ),
    FieldType.BOOLEAN: N_(
        "Chosen over '{rival}': more valid yes/no values ({mine} of {rows} against {theirs})"
    ),
    FieldType.URL: N_(
        "Chosen over '{rival}': more valid web addresses ({mine} of {rows} against {theirs})"
    ),
}
_BETTER_NAME = N_("Chosen over '{rival}': its name fits better")
_MORE_FILLED = N_("Chosen over '{rival}': more filled cells ({mine} of {rows} against {theirs})")
_FIRST = N_("Chosen over '{rival}': it comes first")
_FEW_VALID = {
    FieldType.EMAIL: N_("Only {valid} of {filled} values look like addresses"),
    FieldType.RATING: N_("Only {valid} of {filled} values look like ratings"),
    FieldType.BOOLEAN: N_("Only {valid} of {filled} values look like yes/no values"),
    FieldType.URL: N_("Only {valid} of {filled} values look like web addresses"),
}


def _known_reason(header: str, key: str, view: _View) -> str:
    label = fields.get(key).label
    if view.qualifier and view.index is not None:
        message = _(_KNOWN_VARIANT_NUMBERED)
    elif view.qualifier:
        message = _(_KNOWN_VARIANT)
    elif view.index is not None:
        message = _(_KNOWN_NUMBERED)
    else:
        message = _(_KNOWN)
    return message.format(header=header, field=label, word=view.qualifier, index=view.index)


def _sentences(*parts: str) -> str:
    """The reason's sentences as one text (each part is one whole translated message)."""
    return ". ".join(parts)


_MAX_STRUCTURED = 200  # longer headers are not read as "Kind N - Part"
# No known name is longer than ~35 letters, and a ratio of 85 allows little length difference.
_FUZZY_MAX_LENGTH = 60
_BARE_NAME = frozenset({"name", "familienname", "nachname"})
_BARE_NAME_SCORE = 0.6
_CLOSE_RACE = 0.05  # a smaller lead than this caps the winner's confidence
_MIN_SAMPLE_FOR_DOUBT = 5  # non-empty sampled values before a poor share lowers confidence


@dataclass(frozen=True)
class Suggestion:
    """The proposed field for one column (``None``: "Don't import") and a sentence why."""

    column: str
    field: str | None
    confidence: float  # 0..1; the UI highlights low ones for checking
    reason: str


def normalise(header: str) -> str:
    """A header reduced for comparison: lower case, ASCII letters where possible, single spaces.

    Umlauts become ``ae``/``oe``/``ue`` and ``ß`` becomes ``ss`` (so ``Straße`` equals
    ``Strasse``), other accents are dropped, camelCase and letter-digit runs are split,
    punctuation and underscores become spaces: ``"E-mail 1 - Value"`` → ``"e mail 1 value"``.
    """
    text = unicodedata.normalize("NFKC", header).translate(_UMLAUTS)
    text = _CAMEL.sub(" ", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _LETTER_DIGIT.sub(" ", text.casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


def _compact(text: str) -> str:
    return normalise(text).replace(" ", "")


# --- the catalog's names, ready for lookup ---------------------------------------------------


@dataclass(frozen=True)
class _Name:
    field: str
    text: str  # as written in the catalog, for reasons
    score: float


@lru_cache(maxsize=4)
def _names(target: Target) -> tuple[dict[str, _Name], tuple[str, ...], tuple[_Name, ...]]:
    """Compact name -> field for ``target``; plus the same as parallel tuples for rapidfuzz."""
    table: dict[str, _Name] = {}
    for field in fields.fields_for(target):
        own = synonyms.own_names(field.key)
        for text in synonyms.names(field.key):
            base = _KEY_OR_LABEL if text in own else _SYNONYM
            key = _compact(text)
            if key and key not in table:
                table[key] = _Name(field.key, text, base)
    return table, tuple(table), tuple(table.values())


# --- reading a header -------------------------------------------------------------------------


@dataclass(frozen=True)
class _View:
    """One way of reading a header: its words, how much that reading costs, and why."""

    tokens: tuple[str, ...]
    penalty: float
    index: int | None = None  # "number 2 of several" (None: the first or the only one)
    qualifier: str = ""  # the qualifier left out ("home"), for the reason
    alternative: bool = False  # one side of "A/B": counts only if the other means the same


def _ordinal_penalty(index: int | None) -> tuple[float, int | None]:
    if index is None or index <= 1:
        return 0.0, None
    return 0.2 + 0.02 * min(index - 2, 5), index


def _with_qualifiers(tokens: tuple[str, ...], penalty: float, index: int | None) -> list[_View]:
    views = [_View(tokens, penalty, index)]
    if len(tokens) > 1:
        for word, rest in ((tokens[0], tokens[1:]), (tokens[-1], tokens[:-1])):
            if word in _QUALIFIERS:
                views.append(_View(rest, penalty + _QUALIFIERS[word], index, word))
    return views


# A remark in brackets ("Firma (optional)") or after a colon ("E-Mail-Adresse: geschäftlich").
_BRACKETS = re.compile(r"\s*[(\[{][^()\[\]{}]*[)\]}]\s*")
_AFTER_COLON = re.compile(r"\s*:.*$", re.DOTALL)
# "Land/Region geschäftlich": either word, with the rest of the header.
_SLASH = re.compile(r"([^\W\d_][\w.-]*)\s*/\s*([^\W\d_][\w.-]*)")
# Words a form's question puts before the field's name: "Wie lautet Ihre E-Mail-Adresse?".
_QUESTION_WORDS = frozenset(
    {
        "ihre",
        "ihr",
        "deine",
        "dein",
        "your",
        "wie",
        "lautet",
        "what",
        "is",
        "s",
        "bitte",
        "please",
        "enter",
        "geben",
        "sie",
        "an",
        "the",
    }
)
_REMARK_PENALTY = 0.03
_ALTERNATIVE_PENALTY = 0.04


def _views(header: str) -> list[_View]:
    """The readings of ``header`` worth looking up, cheapest first; [] when none may match.

    After the header as written come readings without a remark (in brackets, after a
    colon), without a question's words, and each side of an "A/B" alternative.
    """
    views = _plain_views(header)
    seen = {v.tokens for v in views}
    extra: list[_View] = []
    if len(header) <= _MAX_STRUCTURED:
        bare = _AFTER_COLON.sub("", _BRACKETS.sub(" ", header)).strip()
        texts = [bare] if bare and bare != header.strip() else []
        words = normalise(bare or header).split()
        while words and words[0] in _QUESTION_WORDS:
            words = words[1:]
        if words and " ".join(words) != normalise(bare or header):
            texts.append(" ".join(words))
        for text in texts:
            for view in _plain_views(text):
                extra.append(dataclasses.replace(view, penalty=view.penalty + _REMARK_PENALTY))
        for match in _SLASH.finditer(bare or header):
            source = bare or header
            for side in (match[1], match[2]):
                text = source[: match.start()] + side + source[match.end() :]
                for view in _plain_views(text):
                    penalty = view.penalty + _ALTERNATIVE_PENALTY
                    extra.append(dataclasses.replace(view, penalty=penalty, alternative=True))
    for view in extra:
        if view.tokens not in seen:
            seen.add(view.tokens)
            views.append(view)
    return views


def _plain_views(header: str) -> list[_View]:
    """The readings of ``header`` as written (see ``_views``)."""
    # Real headers are short; the length limit keeps the regex's backtracking cheap on a long
    # text that ended up in the header row.
    structured = _STRUCTURED.match(header.strip()) if len(header) <= _MAX_STRUCTURED else None
    if structured:
        kind = tuple(normalise(structured["kind"]).split())
        part = tuple(normalise(structured["part"]).split())
        number = int(structured["index"])
        if kind and part:
            if " ".join(part) in _BLOCKING_PARTS:
                return []
            if " ".join(part) in _VALUE_PARTS:
                tokens = kind
            elif " ".join(kind) in _PART_KINDS:
                tokens = part
            else:
                tokens = kind + part
            return _with_qualifiers(tokens, *_ordinal_penalty(number))
    words = normalise(header).split()
    index: int | None = None
    kept: list[str] = []
    for word in words:
        if len(word) == 1 and word.isdigit() and word != "0":
            index = int(word) if index is None else index
        else:
            kept.append(word)
    if not kept:
        return []
    return _with_qualifiers(tuple(kept), *_ordinal_penalty(index))


# --- candidates -------------------------------------------------------------------------------


@dataclass
class _Candidate:
    column: int
    field: str
    name_score: float
    reason: str
    final: float = 0.0
    from_alternative: bool = False  # found by one side of "A/B"


def _candidates(column: int, header: str, target: Target) -> list[_Candidate]:
    """Every field ``header`` may mean, best reading per field."""
    table, choices, named = _names(target)
    best: dict[str, _Candidate] = {}
    sides: set[str] = set()  # fields the sides of an "A/B" alternative name

    def offer(candidate: _Candidate) -> None:
        current = best.get(candidate.field)
        if current is not None and candidate.from_alternative and not current.from_alternative:
            return  # the whole header's reading stands; one side of "A/B" cannot replace it
        if current is None or candidate.name_score > current.name_score:
            best[candidate.field] = candidate

    for view in _views(header):
        key = "".join(view.tokens)
        exact = table.get(key)
        if exact is not None and view.alternative:
            sides.add(exact.field)
        if exact is not None:
            reason = _known_reason(header, exact.field, view)
            score = exact.score - view.penalty
            offer(_Candidate(column, exact.field, score, reason, from_alternative=view.alternative))
            continue
        if not FUZZY_MIN_LENGTH <= len(key) <= _FUZZY_MAX_LENGTH:
            continue
        for choice, ratio, position in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
        ):
            if _differs_by_a_word(key, choice):
                continue
            name = named[position]
            reason = _(_SIMILAR).format(name=name.text, ratio=round(ratio))
            score = ratio / 100.0 * _FUZZY_WEIGHT - view.penalty
            offer(_Candidate(column, name.field, score, reason))
    if len(sides) > 1:  # "PLZ/Ort": a column holding two fields is neither of them
        for key in sides:
            if key in best and best[key].from_alternative:
                del best[key]
    return list(best.values())


def _differs_by_a_word(a: str, b: str) -> bool:
    """True when one name is the other plus a few letters ("account" / "account no").

    Fuzzy matching is for typos; a missing word changes the meaning, a plural "s" does not.
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(long) - len(short) >= 2 and short in long


# --- values -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sample:
    rows: int
    filled: int
    valid: dict[FieldType, int]


_NO_SAMPLE = _Sample(0, 0, {})


@lru_cache(maxsize=4)
def _sample_indices(n_rows: int) -> pa.Array | None:
    """Evenly spread row indices, at most SAMPLE_ROWS of them; None means every row."""
    if n_rows <= SAMPLE_ROWS:
        return None
    step = n_rows / SAMPLE_ROWS
    return pa.array([int(i * step) for i in range(SAMPLE_ROWS)], pa.int64())


def _take_sorted(values: pa.Array | pa.ChunkedArray, indices: pa.Array) -> Any:
    """``values.take(indices)`` for sorted indices, chunk by chunk.

    ``ChunkedArray.take`` joins every chunk first: 100 ms a column at 1M rows, on the GUI
    thread when the Columns page opens (the 270 ms stall of the 1M-row practice walk).
    """
    if not isinstance(values, pa.ChunkedArray) or values.num_chunks <= 1:
        return values.take(indices)
    wanted = indices.to_numpy()
    pieces = []
    start = 0
    for chunk in values.chunks:
        end = start + len(chunk)
        lo, hi = np.searchsorted(wanted, [start, end])
        if hi > lo:
            pieces.append(chunk.take(pa.array(wanted[lo:hi] - start)))
        start = end
    return pa.chunked_array(pieces, type=values.type)


# The sampled values of each column of a table (index -> trimmed text), kept while the table
# lives: ``prepare(table)`` fills it on the thread that read the file.
_SAMPLED: weakref.WeakKeyDictionary[Table, dict[int, pa.Array]] = weakref.WeakKeyDictionary()
_SAMPLED_LOCK = threading.Lock()


def prepare(table: Table) -> None:
    """Sample every column of ``table`` now, so that ``suggest`` needs only a few ms later.

    Taking the sample out of a million rows costs 30-50 ms (a take from every block the
    reader made); the app calls this on the thread that read the file, so the window does not
    pay it when the Columns page opens.
    """
    for column in range(table.n_cols):
        _sampled(table, column)


def _sampled(table: Table, column: int) -> pa.Array:
    """The column's values at the sample rows, as trimmed text (computed once per table)."""
    with _SAMPLED_LOCK:
        found = _SAMPLED.get(table, {}).get(column)
    if found is not None:
        return found
    values = table.arrow_column(column)
    indices = _sample_indices(table.n_rows)
    if indices is not None:
        values = _take_sorted(values, indices)
    values = pc.utf8_trim_whitespace(pc.fill_null(values.cast(pa.string()), ""))
    with _SAMPLED_LOCK:
        _SAMPLED.setdefault(table, {})[column] = values
    return values


def _sample(table: Table, column: int, kinds: Iterable[FieldType]) -> _Sample:
    values = _sampled(table, column)
    rows = len(values)
    filled = rows - int(pc.sum(pc.equal(values, "")).as_py() or 0)
    valid: dict[FieldType, int] = {}
    for kind in kinds:
        pattern = _VALUE_PATTERNS.get(kind)
        if pattern is not None and kind not in valid:
            matches = pc.match_substring_regex(values, pattern)
            valid[kind] = int(pc.sum(matches).as_py() or 0)
    return _Sample(rows, filled, valid)


# --- choosing ---------------------------------------------------------------------------------


def suggest(table: Table, target: Target) -> list[Suggestion]:
    """One suggestion per column of ``table``, in column order, for an import of ``target``.

    For participants the contact fields are offered too (``fields.fields_for``), so a contact
    can be created with its name and company.
    """
    per_column = [_candidates(i, header, target) for i, header in enumerate(table.columns)]
    samples: dict[int, _Sample] = {}
    for i, cands in enumerate(per_column):
        if cands:
            kinds = [fields.get(c.field).type for c in cands]
            samples[i] = _sample(table, i, kinds)

    everything: list[_Candidate] = []
    for i, cands in enumerate(per_column):
        for cand in cands:
            cand.final = cand.name_score + _value_bonus(samples[i], fields.get(cand.field).type)
            everything.append(cand)
    everything.sort(key=lambda c: (-c.final, c.column, c.field))

    chosen: dict[int, _Candidate] = {}
    owner: dict[str, _Candidate] = {}
    for cand in everything:
        if cand.column in chosen or cand.field in owner:
            continue
        chosen[cand.column] = cand
        owner[cand.field] = cand
    _name_beside_first_name(table.columns, chosen, owner)

    result: list[Suggestion] = []
    for i, header in enumerate(table.columns):
        winner = chosen.get(i)
        if winner is not None:
            rivals = [
                c
                for c in everything
                if c.field == winner.field and c.column != i and c.column not in chosen
            ]
            result.append(_explain_winner(table, winner, rivals, samples))
        elif per_column[i]:
            taken = max(per_column[i], key=lambda c: c.final)
            holder = owner[taken.field]
            label = fields.get(taken.field).label
            reason = _(_TAKEN).format(field=label, column=table.columns[holder.column])
            result.append(Suggestion(header, None, 0.6, reason))
        elif not header.strip():
            result.append(Suggestion(header, None, 0.9, _(_NO_HEADER)))
        else:
            result.append(Suggestion(header, None, 0.9, _(_NO_FIELD)))
    return result


def _name_beside_first_name(
    columns: Sequence[str], chosen: dict[int, _Candidate], owner: dict[str, _Candidate]
) -> None:
    """A bare "Name" next to a first-name column is the last name ("Name, Vorname").

    Alone, "Name" is often the full name, so it is left unmapped then.
    """
    if "first_name" not in owner or "last_name" in owner:
        return
    for i, header in enumerate(columns):
        if i not in chosen and _compact(header) in _BARE_NAME:
            reason = _(_BARE_NAME_REASON).format(header=header)
            cand = _Candidate(i, "last_name", _BARE_NAME_SCORE, reason)
            chosen[i] = owner["last_name"] = cand
            return


def _value_bonus(sample: _Sample, kind: FieldType) -> float:
    if sample.rows == 0:
        return 0.0
    bonus = _FILLED_WEIGHT * sample.filled / sample.rows
    if kind in sample.valid:
        bonus += _VALID_WEIGHT * sample.valid[kind] / sample.rows
    return bonus


def _explain_winner(
    table: Table, winner: _Candidate, rivals: Sequence[_Candidate], samples: dict[int, _Sample]
) -> Suggestion:
    field = fields.get(winner.field)
    header = table.columns[winner.column]
    confidence = max(0.0, min(1.0, winner.name_score))
    reasons = [winner.reason]
    mine = samples.get(winner.column, _NO_SAMPLE)
    if rivals:
        rival = max(rivals, key=lambda c: c.final)
        theirs = samples.get(rival.column, _NO_SAMPLE)
        rival_header = table.columns[rival.column]
        if field.type in mine.valid and mine.valid[field.type] > theirs.valid.get(field.type, 0):
            why = _(_MORE_VALID[field.type]).format(
                rival=rival_header,
                mine=fmt_int(mine.valid[field.type]),
                rows=fmt_int(mine.rows),
                theirs=fmt_int(theirs.valid.get(field.type, 0)),
            )
        elif winner.name_score > rival.name_score:
            why = _(_BETTER_NAME).format(rival=rival_header)
        elif mine.filled > theirs.filled:
            why = _(_MORE_FILLED).format(
                rival=rival_header,
                mine=fmt_int(mine.filled),
                rows=fmt_int(mine.rows),
                theirs=fmt_int(theirs.filled),
            )
        else:
            why = _(_FIRST).format(rival=rival_header)
        reasons.append(why)
        if winner.final - rival.final < _CLOSE_RACE:
            confidence = min(confidence, 0.7)
    if field.type in mine.valid and mine.filled >= _MIN_SAMPLE_FOR_DOUBT:
        share = mine.valid[field.type] / mine.filled
        if share < 0.5:
            confidence = min(confidence, 0.5)
            few = _(_FEW_VALID[field.type])
            reasons.append(
                few.format(valid=fmt_int(mine.valid[field.type]), filled=fmt_int(mine.filled))
            )
    return Suggestion(header, winner.field, round(confidence, 2), _sentences(*reasons))


def as_mapping(suggestions: Iterable[Suggestion]) -> dict[str, str | None]:
    """Header -> field key or None. A header that occurs twice keeps its first field."""
    mapping: dict[str, str | None] = {}
    for suggestion in suggestions:
        if mapping.get(suggestion.column) is None:
            mapping[suggestion.column] = suggestion.field
    return mapping
