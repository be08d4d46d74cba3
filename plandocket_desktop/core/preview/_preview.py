"""Predicting per row what an import would do, from what PlanDocket holds now.

Two ways to ask: one search per distinct match value (and per distinct other key, to find
conflicts) for a few hundred rows; reading the tenant's contacts (and the event's participants)
page by page once for more. ``plan`` reads the first page when it needs to know how many pages
there are, and says the cost; under an hourly limit it asks before using more than a quarter of
what is left. The prediction never changes anything in PlanDocket.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final, TypeVar

from plandocket_desktop.core import api, errors, importing
from plandocket_desktop.core.types import MatchField, Mode, Target
from plandocket_desktop.core.validation import ValidationResult
from plandocket_desktop.i18n import N_, _, fmt_int, ngettext

log = logging.getLogger(__name__)

_T = TypeVar("_T")
Wait = Callable[[float, threading.Event], bool]  # (seconds, cancel) -> True when cancelled

SEARCH_LIMIT: Final = 300  # up to this many look-ups, searching beats reading pages
LARGE_COST: Final = 100  # from this many requests the cost is said before starting
_BATCH: Final = 1000


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"
    CONFLICT = "conflict"
    NOT_SENT = "not_sent"


ACTIONS: Final = tuple(Action)  # the order of ``Preview.action_codes()``

CANCELLED: Final = N_("The check against PlanDocket was cancelled.")
_STOPPED: Final = N_(
    "The check against PlanDocket stopped: {problem} Nothing was changed; check again later."
)


# Why a row gets its action: stored as a code, rendered where shown.
_REASONS: Final[dict[str, str]] = {
    "new_contact": N_("New contact."),
    "exists": N_("Already in PlanDocket: create mode leaves it as it is."),
    "not_found": N_("Not in PlanDocket: update mode does not create it."),
    "update": N_("Already in PlanDocket: its fields will be updated."),
    "other_key_taken": N_(
        "The {field} of this row belongs to a different contact; PlanDocket will refuse it."
    ),
    "not_sent": N_("Not sent: the row has errors or is excluded."),
    "new_participant": N_("Existing contact, new participant of the event."),
    "new_participant_new_contact": N_("New contact and new participant of the event."),
    "already_participant": N_("Already a participant of the event."),
    "participant_update": N_("Already a participant of the event: will be updated."),
    "no_contact": N_("No contact found and new contacts are not created: skipped."),
}


def reason_text(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for a reason code; a ``field`` parameter is shown by its label."""
    shown = dict(params or {})
    if "field" in shown:
        from plandocket_desktop.core import types

        with contextlib.suppress(KeyError):
            shown["field"] = types.get_field(str(shown["field"])).label
    return _(_REASONS.get(code, code)).format(**shown)


@dataclass(frozen=True, slots=True)
class RowPreview:
    """What the import would do with one row (``index`` of the table, ``row`` its number)."""

    index: int
    row: int
    action: Action
    reason: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    kept: tuple[str, ...] = ()
    contact_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return reason_text(self.reason, self.params)


@dataclass(frozen=True, slots=True)
class PreviewPlan:
    """How the preview will ask and what it costs, in requests."""

    strategy: str  # "search" or "pages"
    requests: int  # estimated, including what ``plan`` already used
    lookups: int
    remaining: int | None  # of the hourly budget, when the server says
    first_page: api.ListPage[api.Contact] | None = None

    @property
    def needs_confirmation(self) -> bool:
        """True when it would use more than a quarter of the hourly requests left."""
        return self.remaining is not None and self.requests > self.remaining / 4

    @property
    def is_large(self) -> bool:
        return self.requests >= LARGE_COST or self.needs_confirmation

    def cost_text(self) -> str:
        """ "about 120 of your hourly requests" as a whole sentence."""
        if self.remaining is not None:
            return ngettext(
                "Checking uses about {count} of your hourly requests ({left} are left).",
                "Checking uses about {count} of your hourly requests ({left} are left).",
                self.requests,
            ).format(count=fmt_int(self.requests), left=fmt_int(self.remaining))
        return ngettext(
            "Checking uses about {count} request to PlanDocket.",
            "Checking uses about {count} requests to PlanDocket.",
            self.requests,
        ).format(count=fmt_int(self.requests))


@dataclass
class Preview:
    """The prediction, taken at ``taken_at``; ``requests`` it used."""

    rows: list[RowPreview]
    taken_at: dt.datetime
    strategy: str
    requests: int
    options: Any = None

    def counts(self) -> dict[str, int]:
        counts = {action.value: 0 for action in Action}
        for row in self.rows:
            counts[row.action.value] += 1
        return counts

    def row_at(self, index: int) -> RowPreview | None:
        """The prediction for data row ``index`` (rows are kept in table order)."""
        rows = self.rows
        if 0 <= index < len(rows) and rows[index].index == index:
            return rows[index]
        pos = bisect.bisect_left(rows, index, key=lambda r: r.index)
        return rows[pos] if pos < len(rows) and rows[pos].index == index else None

    def action_codes(self, n_rows: int) -> Any:
        """Every data row's action as a numpy array of ``ACTIONS`` positions (255: none).

        Built once (on a worker thread), so filtering a million rows by outcome is one
        vectorised comparison.
        """
        import numpy as np

        codes = np.full(n_rows, 255, dtype=np.uint8)
        order = {action: i for i, action in enumerate(ACTIONS)}
        index = np.fromiter((r.index for r in self.rows), dtype=np.int64, count=len(self.rows))
        values = np.fromiter(
            (order[r.action] for r in self.rows), dtype=np.uint8, count=len(self.rows)
        )
        inside = index < n_rows
        codes[index[inside]] = values[inside]
        return codes

    def as_json(self) -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for r in self.rows:
            item: dict[str, Any] = {"row": r.row, "action": r.action.value, "reason": r.reason}
            if r.action is Action.UPDATE:
                item["changes"] = {k: [old, new] for k, (old, new) in r.changes.items()}
                item["kept"] = list(r.kept)
            if r.contact_id is not None:
                item["contact_id"] = r.contact_id
            rows.append(item)
        return {
            "taken_at": self.taken_at.isoformat(timespec="seconds"),
            "strategy": self.strategy,
            "requests": self.requests,
            "counts": self.counts(),
            "rows": rows,
        }

    def taken_text(self) -> str:
        """The sentence that says this is a prediction, and when it was made."""
        return _(
            "A prediction from PlanDocket's data at {time}; the import itself may differ if "
            "someone changes contacts meanwhile."
        ).format(time=self.taken_at.astimezone().strftime("%H:%M"))


# --- asking ----------------------------------------------------------------------------------


class _Asker:
    """Every request of a preview, tried again like undo's lookups (``call_with_retries``:
    network errors and 5xx with backoff, 429 after Retry-After); a cancel or giving up ends
    the preview with a plain sentence."""

    def __init__(
        self, cancel: threading.Event | None, max_attempts: int, wait: Wait | None
    ) -> None:
        self.cancel = cancel or threading.Event()
        self._max_attempts = max_attempts
        self._wait = wait

    def __call__(self, fn: Callable[[], _T]) -> _T:
        if self.cancel.is_set():
            raise errors.PlandocketError(_(CANCELLED))
        try:
            return importing.call_with_retries(
                fn, cancel=self.cancel, max_attempts=self._max_attempts, wait=self._wait
            )
        except InterruptedError:
            raise errors.PlandocketError(_(CANCELLED)) from None
        except (errors.ApiConnectionError, errors.ServerError, errors.RateLimitedError) as exc:
            log.info("preview stopped after retries: %s", exc)
            raise errors.PlandocketError(_(_STOPPED).format(problem=str(exc))) from exc


def _other(match_field: MatchField) -> str:
    return "customer_number" if match_field is MatchField.EMAIL else "email"


def _wanted(validation: ValidationResult) -> tuple[set[str], set[str]]:
    """The distinct match values and other-key values of the rows that would be sent."""
    options = validation.options
    match, other = options.match_field.value, _other(options.match_field)
    values: set[str] = set()
    others: set[str] = set()
    indices = validation.sendable_indices()
    for start in range(0, len(indices), _BATCH):
        for record in validation.records(indices[start : start + _BATCH]):
            value = api.match_key(record.get(match), match)
            if value is not None:
                values.add(value)
            if options.target is Target.CONTACTS:
                second = api.match_key(record.get(other), other)
                if second is not None:
                    others.add(second)
    return values, others


def plan(
    client: api.PlandocketClient,
    validation: ValidationResult,
    *,
    cancel: threading.Event | None = None,
    max_attempts: int = 6,
    wait: Wait | None = None,
) -> PreviewPlan:
    """The cheaper way to ask; reads the first page of contacts when rows are many.

    Its requests are retried like the preview's (``wait`` replaces the sleeping, for tests).
    """
    ask = _Asker(cancel, max_attempts, wait)
    values, others = _wanted(validation)
    lookups = len(values) + len(others)
    participants = validation.options.target is Target.PARTICIPANTS
    if lookups <= SEARCH_LIMIT:
        remaining = client.rate_limit.remaining if client.rate_limit else None
        return PreviewPlan("search", lookups, lookups, remaining)
    first = ask(lambda: client.contacts_page(1))
    pages = first.pages_needed()
    if participants:
        event = validation.options.event_key or ""
        part_pages = ask(lambda: client.participants_page(event, 1)).pages_needed()
        pages = None if pages is None or part_pages is None else pages + part_pages
    remaining = client.rate_limit.remaining if client.rate_limit else None
    if pages is not None and pages >= lookups:
        return PreviewPlan("search", lookups + 1, lookups, remaining)
    estimate = pages if pages is not None else lookups
    return PreviewPlan("pages", estimate, lookups, remaining, first)


class _Known:
    """What PlanDocket holds, indexed by match value and by the other key.

    ``wanted`` (the rows' match values and other-key values): only contacts the rows can meet
    are kept. Reading a tenant's pages, the others are dropped with their page: 50,000 kept
    contacts made the garbage collector's full passes long enough (50-130 ms, holding the
    GIL) to stall the window while the check ran.
    """

    def __init__(
        self, match: str, other: str, wanted: tuple[set[str], set[str]] | None = None
    ) -> None:
        self.match, self.other = match, other
        self.by_match: dict[str, api.Contact] = {}
        self.by_other: dict[str, api.Contact] = {}
        self.participations: dict[int, api.Participation] = {}  # by contact id
        self._wanted = wanted

    def add(self, contact: api.Contact) -> None:
        indexes = ((self.match, self.by_match, 0), (self.other, self.by_other, 1))
        for key, index, which in indexes:
            value = contact.match_key(key)
            if value is not None and (self._wanted is None or value in self._wanted[which]):
                index.setdefault(value, contact)


def run_preview(
    client: api.PlandocketClient,
    validation: ValidationResult,
    chosen: PreviewPlan | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    max_attempts: int = 6,
    wait: Wait | None = None,
) -> Preview:
    """Ask PlanDocket and predict every row. ``progress(done, total)`` counts requests.

    Every request is retried on network errors, 5xx and 429 (``call_with_retries``, the rule
    undo's lookups follow); after ``max_attempts`` it stops with a ``PlandocketError`` whose
    sentence says so, and a cancel stops it with ``CANCELLED``. Nothing is changed either way.
    """
    ask = _Asker(cancel, max_attempts, wait)
    chosen = chosen or plan(
        client, validation, cancel=ask.cancel, max_attempts=max_attempts, wait=wait
    )
    options = validation.options
    match, other = options.match_field.value, _other(options.match_field)
    known = _Known(match, other)
    used = 0
    taken_at = dt.datetime.now(dt.UTC)

    def step() -> None:
        nonlocal used
        used += 1
        if progress is not None:
            progress(used, max(used, chosen.requests))
        if ask.cancel.is_set():
            raise errors.PlandocketError(_(CANCELLED))

    participants = options.target is Target.PARTICIPANTS
    event_key = options.event_key or ""
    if chosen.strategy == "pages":
        known = _Known(match, other, _wanted(validation))
        for contact in client.iter_contacts(
            first_page=chosen.first_page, on_page=lambda _page: step(), call=ask
        ):
            known.add(contact)
        if participants:
            pages = client.iter_participants(event_key, on_page=lambda _page: step(), call=ask)
            for part in pages:
                if part.contact_id is not None:
                    known.participations[part.contact_id] = part
    else:
        values, others = _wanted(validation)
        for field_name, wanted in ((match, values), (other, others)):
            for value in sorted(wanted):
                for contact in _look_up(client, field_name, value, ask):
                    known.add(contact)
                    in_event = event_key in (contact.values.get("event_keys") or ())
                    if participants and in_event:
                        known.participations[contact.id] = api.Participation(
                            id=0, contact_id=contact.id
                        )
                step()
    rows = _decide(validation, known)
    return Preview(rows, taken_at, chosen.strategy, used, options)


def _look_up(
    client: api.PlandocketClient,
    field_name: str,
    value: str,
    ask: Callable[[Callable[[], list[api.Contact]]], list[api.Contact]],
) -> list[api.Contact]:
    if field_name == "customer_number":
        found = ask(lambda: list(client.iter_contacts(customer_number=value, max_pages=1)))
    else:
        found = ask(lambda: client.find_contacts(value))
    return [c for c in found if c.match_key(field_name) == value]


# --- deciding ----------------------------------------------------------------------------------


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, str) and isinstance(old, str):
        return old.strip() == new.strip()
    if isinstance(new, bool) or isinstance(old, bool):
        return bool(old) == bool(new) and old is not None
    if isinstance(new, int) and old is not None:
        try:
            return int(old) == new
        except (TypeError, ValueError):
            return False
    return bool(old == new)


def _changes(
    contact: api.Contact, record: Mapping[str, Any], mapped: Iterable[str]
) -> tuple[dict[str, tuple[Any, Any]], tuple[str, ...]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name, new in record.items():
        old = contact.values.get(name)
        if name in ("category_keys", "event_keys"):
            have = [str(k) for k in (old or [])]
            merged = have + [k for k in new if k not in have]
            if merged != have:
                changes[name] = (have, merged)
        elif name == "is_confirmed":
            continue
        elif not _same(old, new):
            changes[name] = (old, new)
    kept = tuple(
        name for name in mapped if name not in record and contact.values.get(name) not in (None, "")
    )
    return changes, kept


def _decide(validation: ValidationResult, known: _Known) -> list[RowPreview]:
    options = validation.options
    match, other = known.match, known.other
    mapped = sorted({v for v in validation.mapping.values() if v} - {"is_confirmed"})
    sendable = validation.sendable_indices()
    sendable_set = set(sendable)
    out: dict[int, RowPreview] = {}
    table = validation.table
    for start in range(0, len(sendable), _BATCH):
        chunk = sendable[start : start + _BATCH]
        for index, record in zip(chunk, validation.records(chunk), strict=True):
            row = table.row_number(index)
            out[index] = _decide_row(index, row, record, options, known, match, other, mapped)
    rows = []
    for index in range(table.n_rows):
        if index in out:
            rows.append(out[index])
        elif index not in sendable_set:
            rows.append(RowPreview(index, table.row_number(index), Action.NOT_SENT, "not_sent"))
    return rows


def _decide_row(
    index: int,
    row: int,
    record: Mapping[str, Any],
    options: Any,
    known: _Known,
    match: str,
    other: str,
    mapped: list[str],
) -> RowPreview:
    value = api.match_key(record.get(match), match)
    contact = known.by_match.get(value or "")
    if options.target is Target.PARTICIPANTS:
        return _decide_participant(index, row, record, options, known, contact)
    second = api.match_key(record.get(other), other)
    holder = known.by_other.get(second or "") if second else None
    conflict = holder is not None and (contact is None or holder.id != contact.id)
    if contact is None:
        if options.mode is Mode.UPDATE:
            return RowPreview(index, row, Action.SKIP, "not_found")
        if conflict:
            return RowPreview(
                index, row, Action.CONFLICT, "other_key_taken", params={"field": other}
            )
        return RowPreview(index, row, Action.CREATE, "new_contact")
    if options.mode is Mode.CREATE:
        return RowPreview(index, row, Action.SKIP, "exists", contact_id=contact.id)
    if conflict:
        return RowPreview(
            index,
            row,
            Action.CONFLICT,
            "other_key_taken",
            contact_id=contact.id,
            params={"field": other},
        )
    changes, kept = _changes(contact, record, mapped)
    return RowPreview(index, row, Action.UPDATE, "update", changes, kept, contact.id)


def _decide_participant(
    index: int,
    row: int,
    record: Mapping[str, Any],
    options: Any,
    known: _Known,
    contact: api.Contact | None,
) -> RowPreview:
    if contact is None:
        if options.mode is Mode.UPDATE or not options.create_contacts:
            return RowPreview(index, row, Action.SKIP, "no_contact")
        return RowPreview(index, row, Action.CREATE, "new_participant_new_contact")
    part = known.participations.get(contact.id)
    if part is None:
        if options.mode is Mode.UPDATE:
            return RowPreview(index, row, Action.SKIP, "not_found", contact_id=contact.id)
        return RowPreview(index, row, Action.CREATE, "new_participant", contact_id=contact.id)
    if options.mode is Mode.CREATE:
        return RowPreview(index, row, Action.SKIP, "already_participant", contact_id=contact.id)
    changes: dict[str, tuple[Any, Any]] = {}
    new = record.get("is_confirmed")
    if new is not None and part.is_confirmed is not None and bool(new) != part.is_confirmed:
        changes["is_confirmed"] = (part.is_confirmed, bool(new))
    return RowPreview(index, row, Action.UPDATE, "participant_update", changes, (), contact.id)
