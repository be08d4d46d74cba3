"""The answer to one bulk import call: ``BulkResult`` and its tolerant parsing.

PLANDOCKET_API.md leaves the shape of ``details`` and ``errors`` open (objects or strings,
0- or 1-based positions, records named by a match value); ``parse_bulk_result`` reads all of
them and places an item on a record only when that cannot be a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from plandocket_desktop.core.api import _json_values as json_values
from plandocket_desktop.core.types import MatchField, Outcome
from plandocket_desktop.i18n import N_, _

_EMAIL_TOKEN = re.compile(r"[^\s'\"<>(),;:\[\]]+@[^\s'\"<>(),;:\[\]]+")
_POSITION_IN_TEXT = re.compile(
    r"\b(index|record|row|line|item|entry)\s*(?:no\.?|number|#)?\s*#?\s*(\d+)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class RecordResult:
    """What the server said about one record of a batch; ``index`` is 0-based in the batch."""

    index: int
    outcome: Outcome
    message: str | None = None
    id: int | None = None


@dataclass
class BulkResult:
    """The parsed answer to one bulk import call.

    ``records`` holds only the records the server said something about, sorted by index;
    ``per_record`` is True when that is every record of the batch. ``messages`` keeps the
    server's error texts that could not be tied to a record.
    """

    total: int
    created: int
    updated: int
    skipped: int
    contacts_created: int
    records: list[RecordResult] = field(default_factory=list)
    per_record: bool = False
    messages: list[str] = field(default_factory=list)
    # The same answer read with its ``row`` numbers 0-based, when they fit the batch either
    # way (``row_base_uncertain``): the caller settles which reading is right, or keeps this one.
    zero_based: BulkResult | None = None

    @property
    def failed(self) -> int:
        """How many records the server reported as failed."""
        return sum(1 for r in self.records if r.outcome is Outcome.FAILED)


REJECTED_RECORD: Final = N_("rejected by PlanDocket")
MESSAGE_KEYS: Final = ("error", "message", "errors", "reason", "detail", "msg")
_ANSWER_KEYS: Final = ("total", "created", "updated", "skipped", "errors", "details")
_STATUS_KEYS: Final = ("status", "outcome", "result", "action", "state")
_ZERO_BASED_KEYS: Final = ("index", "record_index", "position", "idx")
_ONE_BASED_KEYS: Final = ("row", "row_number", "line", "record_number")
_ONE_BASED_WORDS: Final = ("record", "row", "line")  # in texts; "index", "item", "entry": 0-based
_OUTCOME_WORDS: Final = {
    word: outcome
    for outcome, words in (
        (Outcome.CREATED, "created create inserted new added"),
        (Outcome.UPDATED, "updated update modified"),
        (Outcome.SKIPPED, "skipped skip exists existing duplicate unchanged ignored"),
        (Outcome.FAILED, "failed fail error invalid rejected"),
    )
    for word in words.split()
}
_OUTCOME_IN_TEXT = re.compile(r"\b(" + "|".join(_OUTCOME_WORDS) + r")\b", re.IGNORECASE)


class _Locator:
    """Finds which sent record an item of ``errors`` / ``details`` speaks of.

    Rules (PLANDOCKET_API.md leaves the shape open):

    * ``index`` (also ``record_index``, ``position``) is 0-based.
    * ``row`` (also ``row_number``, ``line``) is 1-based — unless some ``row`` in the same
      answer is 0, then all of them are 0-based.
    * A number in a text ("Record 3: ...", "row 3 ...") follows the same rule by its word:
      ``index``/``item``/``entry`` 0-based, ``record``/``row``/``line`` 1-based, unless a 0
      appears among them (then 0-based).
    * A match value (``email`` case-insensitively, ``customer_number`` exactly; also inside a
      nested ``record`` object, or an email address inside a text) that fits exactly one sent
      record wins over a position: it cannot be misread.
    * Anything out of range or ambiguous is not placed: nothing is guessed.
    """

    def __init__(self, records: Sequence[Mapping[str, Any]], zero_rows: bool, zero_text: bool):
        self._records = records
        self._zero_rows = zero_rows
        self._zero_text = zero_text
        self._by_email: dict[str, int | None] | None = None
        self._by_number: dict[str, int | None] | None = None

    def by_email(self, value: Any) -> int | None:
        if self._by_email is None:
            self._by_email = {}
            for i, record in enumerate(self._records):
                email_value = record.get("email")
                if isinstance(email_value, str) and email_value.strip():
                    key = email_value.strip().lower()
                    self._by_email[key] = None if key in self._by_email else i
        return self._by_email.get(str(value).strip().lower())

    def by_number(self, value: Any) -> int | None:
        if self._by_number is None:
            self._by_number = {}
            for i, record in enumerate(self._records):
                number = record.get("customer_number")
                if number is not None and str(number).strip():
                    key = str(number).strip()
                    self._by_number[key] = None if key in self._by_number else i
        return self._by_number.get(str(value).strip())

    def _in_range(self, position: int | None) -> int | None:
        if position is None or not 0 <= position < len(self._records):
            return None
        return position

    def locate_object(self, item: Mapping[str, Any]) -> int | None:
        sources: tuple[Mapping[str, Any], ...] = (item,)
        nested = item.get("record") or item.get("data")
        if isinstance(nested, Mapping):
            sources = (item, nested)
        for source in sources:
            if source.get("email") not in (None, ""):
                found = self.by_email(source["email"])
                if found is not None:
                    return found
            if source.get("customer_number") not in (None, ""):
                found = self.by_number(source["customer_number"])
                if found is not None:
                    return found
        position = json_values.int_of(json_values.first(item, _ZERO_BASED_KEYS))
        if position is not None:
            return self._in_range(position)
        row = json_values.int_of(json_values.first(item, _ONE_BASED_KEYS))
        if row is None:
            row = json_values.int_of(
                item.get("record")
            )  # "record": 3 names a record by number, like "row"
        if row is not None:
            return self._in_range(row if self._zero_rows else row - 1)
        return None

    def locate_text(self, text: str) -> int | None:
        for token in _EMAIL_TOKEN.findall(text):
            found = self.by_email(token.strip(".!?"))
            if found is not None:
                return found
        match = _POSITION_IN_TEXT.search(text)
        if match is None:
            return None
        number = int(match.group(2))
        zero_based = match.group(1).lower() not in _ONE_BASED_WORDS or self._zero_text
        return self._in_range(number if zero_based else number - 1)


def _outcome_of(value: Any) -> Outcome | None:
    if isinstance(value, str):
        return _OUTCOME_WORDS.get(value.strip().lower())
    return None


def _items(body: Mapping[str, Any]) -> tuple[Mapping[str, Any], list[Any], list[Any]]:
    """The answer itself (unwrapped from ``data``), its ``details`` and its ``errors`` items."""
    wrapped = body.get("data")
    if isinstance(wrapped, Mapping) and not any(k in body for k in _ANSWER_KEYS):
        body = wrapped  # {"data": {"total": …, "created": …, "errors": […]}}
    details = body.get("details")
    errs = body.get("errors")
    details_list = details if isinstance(details, list) else []
    errors_list = errs if isinstance(errs, list) else []
    if isinstance(errs, Mapping):  # a 422-style field map: messages, not records
        errors_list = [f"{k}: {json_values.text_of(v)}" for k, v in errs.items()]
    return body, details_list, errors_list


def _row_numbers(items: Sequence[Any]) -> list[int]:
    """The ``row`` numbers of the items located by ``row`` (those without a 0-based key)."""
    rows = []
    for item in items:
        if isinstance(item, Mapping) and json_values.first(item, _ZERO_BASED_KEYS) is None:
            row = json_values.int_of(json_values.first(item, _ONE_BASED_KEYS))
            if row is not None:
                rows.append(row)
    return rows


def row_base_uncertain(body: object, n_records: int) -> bool:
    """True when an answer's ``row`` numbers fit a batch of ``n_records`` read 0- or 1-based.

    No ``row`` is 0 (which makes them 0-based) and none is ``n_records`` (1-based): both
    readings name records of the batch, and only PlanDocket's data can tell which are meant.
    """
    if not isinstance(body, Mapping):
        return False
    _body, details_list, errors_list = _items(body)
    rows = _row_numbers((*details_list, *errors_list))
    return bool(rows) and all(1 <= row < n_records for row in rows)


def parse_bulk_result(
    body: Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    match_field: MatchField = MatchField.EMAIL,
    *,
    zero_rows: bool | None = None,
) -> BulkResult:
    """A ``BulkResult`` from a bulk-import answer in any shape PLANDOCKET_API.md allows.

    Also usable on the body of a 422 (``ApiRejectedError.body``) to find the failing records.
    ``match_field`` is accepted for callers' clarity; both match values are tried anyway.
    ``zero_rows`` reads ``row`` numbers 0-based (True) or 1-based (False) instead of by the
    rule; when the rule cannot be sure (``row_base_uncertain``) the result also carries the
    0-based reading as ``zero_based``.
    """
    del match_field  # an item may name either value, whatever the batch matched on
    body, details_list, errors_list = _items(body)
    n = len(records)
    # Only items without a 0-based key are located by "row", so only they can show a row 0.
    rows = _row_numbers((*details_list, *errors_list))
    uncertain = zero_rows is None and bool(rows) and all(1 <= row < n for row in rows)
    if zero_rows is None:
        zero_rows = 0 in rows
    zero_text = False
    for item in (*details_list, *errors_list):
        if isinstance(item, str):
            found = _POSITION_IN_TEXT.search(item)
            if found and found.group(2) == "0" and found.group(1).lower() in _ONE_BASED_WORDS:
                zero_text = True
                break
    locator = _Locator(records, zero_rows, zero_text)
    placed: dict[int, RecordResult] = {}
    messages: list[str] = []

    for item in details_list:
        if isinstance(item, Mapping):
            index = locator.locate_object(item)
            outcome = _outcome_of(json_values.first(item, _STATUS_KEYS))
            text = json_values.text_of(json_values.first(item, MESSAGE_KEYS)) or None
            if outcome is None and item.get("success") is False:
                outcome = Outcome.FAILED
            record_id = json_values.int_of(
                item.get("id") or item.get("contact_id") or item.get("record_id")
            )
        elif isinstance(item, str):
            index = locator.locate_text(item)
            found = _OUTCOME_IN_TEXT.search(item)
            outcome = _OUTCOME_WORDS[found.group(1).lower()] if found else None
            text = item.strip() or None
            record_id = None
        else:
            continue
        if index is None or outcome is None:
            if outcome is Outcome.FAILED and text:
                messages.append(text)
            continue
        placed[index] = RecordResult(index, outcome, text, record_id)

    for item in errors_list:
        if isinstance(item, Mapping):
            index = locator.locate_object(item)
            text = json_values.text_of(json_values.first(item, MESSAGE_KEYS)) or record_error_text(
                item
            )
        else:
            text = json_values.text_of(item)
            index = locator.locate_text(text) if isinstance(item, str) else None
        if index is None:
            if text:
                messages.append(text)
            continue
        earlier = placed.get(index)
        record_id = None
        if earlier is not None:
            record_id = earlier.id
            if (
                earlier.outcome is Outcome.FAILED
                and earlier.message
                and text not in earlier.message
            ):
                text = f"{earlier.message}; {text}" if text else earlier.message
        placed[index] = RecordResult(index, Outcome.FAILED, text if text else None, record_id)

    total = json_values.int_of(body.get("total"))
    zero_based = parse_bulk_result(body, records, zero_rows=True) if uncertain else None
    return BulkResult(
        total=n if total is None else total,
        created=json_values.int_of(body.get("created")) or 0,
        updated=json_values.int_of(body.get("updated")) or 0,
        skipped=json_values.int_of(body.get("skipped")) or 0,
        contacts_created=json_values.int_of(body.get("contacts_created")) or 0,
        records=[placed[i] for i in sorted(placed)],
        per_record=n > 0 and len(placed) == n,
        messages=messages,
        zero_based=zero_based,
    )


def record_errors(
    body: object, records: Sequence[Mapping[str, Any]], *, zero_rows: bool | None = None
) -> dict[int, str]:
    """The failing records of a refused batch (``ApiRejectedError.body``), by 0-based position.

    The one reading of a 422 body: items are placed on records by ``parse_bulk_result``'s
    rules (``_Locator``: ``index`` is 0-based, ``row`` 1-based unless a ``row`` 0 appears in
    the same answer, a match value wins); items that name no record stay out (the caller
    shows the error's own sentence for those rows). When the ``row`` numbers fit the batch
    either way (``row_base_uncertain``: no row 0 and none past the batch's last but one) the
    rule is only the fallback: the import engine settles the base by looking up the candidate
    rows' match values in PlanDocket (``core/importing/_answers.py``) and passes
    ``zero_rows`` (True: 0-based, False: 1-based).
    """
    if not isinstance(body, Mapping):
        return {}
    result = parse_bulk_result(body, records, zero_rows=zero_rows)
    return {
        r.index: r.message or _(REJECTED_RECORD)
        for r in result.records
        if r.outcome is Outcome.FAILED
    }


def record_error_text(item: Any) -> str:
    """One entry of an ``errors`` list as text, prefixed with the record it names."""
    if isinstance(item, Mapping):
        text = json_values.text_of(json_values.first(item, MESSAGE_KEYS)) or json_values.text_of(
            item
        )
        position = json_values.first(item, ("index", "row"))
        if position is None:
            return text
        return _("record {position}: {text}").format(position=position, text=text)
    return json_values.text_of(item)
