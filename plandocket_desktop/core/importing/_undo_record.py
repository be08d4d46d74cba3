"""What an import records so that it can be undone: old values before a batch, ids after it.

The engine's sender calls ``UndoRecorder.before`` just before a batch goes out (update and
upsert only: one ``search`` per record, only the fields being written are kept) and
``UndoRecorder.after`` with the batch's answer; the rows it returns are written to the journal
in the same transaction as the answer. ``call_with_retries`` is shared with the undo itself.
"""

from __future__ import annotations

import functools
import logging
import random
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing import _undo_data as data
from plandocket_desktop.core.importing._undo_data import UndoRow
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Outcome, Target

log = logging.getLogger(__name__)

_T = TypeVar("_T")

# Fields undo can put back with PUT/PATCH: the lists (categories, events) are added to by an
# import, never replaced, so there is no "previous value" to write back.
_NOT_RESTORED = frozenset({"category_keys", "event_keys"})

Snapshot = dict[int, tuple[int, dict[str, Any]]]  # position in batch -> (contact id, old values)


class ContactFinder(Protocol):
    def find_contacts(self, search: str) -> Sequence[Any]: ...


def call_with_retries(
    fn: Callable[[], _T],
    *,
    cancel: threading.Event | None = None,
    max_attempts: int = 6,
    backoff_base: float = 1.0,
    backoff_max: float = 60.0,
    wait: Callable[[float, threading.Event], bool] | None = None,
    rng: random.Random | None = None,
) -> _T:
    """``fn()``, tried again on network errors, 5xx (with backoff) and 429 (after Retry-After).

    Raises the last error after ``max_attempts`` tries (rate limits: four times as many waits);
    a cancel during a wait raises ``InterruptedError``.
    """
    event = cancel or threading.Event()
    waiter = wait or (lambda seconds, ev: ev.wait(max(0.0, seconds)))
    rand = rng or random.Random()
    attempt = 0
    while True:
        try:
            return fn()
        except errors.RateLimitedError as exc:
            attempt += 1
            delay = exc.retry_after if exc.retry_after is not None else backoff_base * attempt
            if attempt >= max_attempts * 4:
                raise
        except (errors.ApiConnectionError, errors.ServerError):
            attempt += 1
            if attempt >= max_attempts:
                raise
            ceiling = min(backoff_max, backoff_base * (2.0 ** (attempt - 1)))
            delay = ceiling / 2 + rand.uniform(0, ceiling / 2)
        if waiter(delay, event):
            raise InterruptedError


def match_value(record: Mapping[str, Any], match_field: MatchField) -> str | None:
    value = record.get(match_field.value)
    if value is None or not str(value).strip():
        return None
    return str(value).strip()


def same_match(contact: Mapping[str, Any], match_field: MatchField, value: str) -> bool:
    """Does ``contact`` carry ``value`` in the match field (emails without regard to case)?"""
    theirs = contact.get(match_field.value)
    if theirs is None:
        return False
    if match_field is MatchField.EMAIL:
        return str(theirs).strip().lower() == value.strip().lower()
    return str(theirs).strip() == value.strip()


def as_mapping(contact: Any) -> Mapping[str, Any] | None:
    """A contact as one mapping of its fields, ``id``, ``created_at`` and ``updated_at``.

    Takes ``api.Contact`` (fields under ``values``) or a plain mapping; None stays None.
    """
    if contact is None or isinstance(contact, Mapping):
        return contact
    values = dict(getattr(contact, "values", {}) or {})
    for name in ("id", "created_at", "updated_at"):
        values[name] = getattr(contact, name, None)
    return values


def find_exact(
    client: ContactFinder, match_field: MatchField, value: str
) -> Mapping[str, Any] | None:
    """The one contact whose match field is ``value`` (None when none or more than one)."""
    found = [
        c
        for c in (as_mapping(item) for item in client.find_contacts(value))
        if c is not None and same_match(c, match_field, value)
    ]
    return found[0] if len(found) == 1 and found[0].get("id") is not None else None


class UndoRecorder:
    """Takes the old values of a batch before it is sent and says afterwards what undo needs.

    Args:
        client: anything with ``find_contacts(search)``.
        journal_undo: ``JobJournal.undo`` (snapshots survive a crash).
        call: runs a request with retries (``call_with_retries`` bound to the job's cancel).
    """

    def __init__(
        self,
        client: ContactFinder,
        options: ImportOptions,
        journal_undo: data.UndoData,
        call: Callable[[Callable[[], Any]], Any] = call_with_retries,
    ) -> None:
        self._client = client
        self._options = options
        self._undo = journal_undo
        self._call = call

    @property
    def _takes_snapshots(self) -> bool:
        o = self._options
        return o.target is Target.CONTACTS and o.mode in (Mode.UPDATE, Mode.UPSERT)

    def before(self, batch: int, records: Sequence[Mapping[str, Any]]) -> Snapshot:
        """The current values of the contacts this batch will change (update/upsert only).

        Raises ``PlandocketError`` when PlanDocket cannot be asked: the batch is then not sent.
        """
        if not self._takes_snapshots:
            return {}
        kept = self._undo.snapshot(batch)
        if kept is not None:  # sent before, maybe applied: its snapshot holds the old values
            return kept
        match_field = self._options.match_field
        snapshot: Snapshot = {}
        for p, record in enumerate(records):
            value = match_value(record, match_field)
            if value is None:
                continue
            contact: Mapping[str, Any] | None = self._call(
                functools.partial(find_exact, self._client, match_field, value)
            )
            if contact is None or contact.get("id") is None:
                continue
            written = [k for k in record if k not in _NOT_RESTORED and k != match_field.value]
            snapshot[p] = (int(contact["id"]), {k: contact.get(k) for k in written})
        self._undo.save_snapshot(batch, snapshot)
        log.info("took the current values of %d contacts before batch %d", len(snapshot), batch)
        return snapshot

    def after(
        self,
        indices: Sequence[int],
        records: Sequence[Mapping[str, Any]],
        rows: Sequence[tuple[int, Outcome, str]],
        ids: Mapping[int, int],
        snapshot: Snapshot,
    ) -> list[UndoRow]:
        """What undo needs of a batch's answer; ``ids``: position -> id PlanDocket gave."""
        at = data.now_utc()
        match_field = self._options.match_field
        participants = self._options.target is Target.PARTICIPANTS
        position = {i: p for p, i in enumerate(indices)}
        found: list[UndoRow] = []
        for index, outcome, _message in rows:
            p = position.get(index)
            if p is None:
                continue
            value = match_value(records[p], match_field)
            if participants:
                if outcome is Outcome.CREATED and p in ids:
                    found.append(UndoRow(index, data.PARTICIPANT, value, ids[p], answered_at=at))
                continue
            old = snapshot.get(p)
            if outcome in (Outcome.UPDATED, Outcome.SENT) and old is not None:
                contact_id, values = old
                changed = {k: v for k, v in values.items() if _differs(v, records[p].get(k, v))}
                if changed:
                    found.append(
                        UndoRow(index, data.UPDATED, value, contact_id, changed, answered_at=at)
                    )
            elif outcome is Outcome.CREATED:
                found.append(UndoRow(index, data.CREATED, value, ids.get(p), answered_at=at))
            elif outcome is Outcome.SENT and self._options.mode is not Mode.UPDATE:
                found.append(UndoRow(index, data.MAYBE_CREATED, value, None, answered_at=at))
        return found


def _differs(old: Any, new: Any) -> bool:
    if old is None:
        return new is not None
    if isinstance(new, bool) or isinstance(old, bool):
        return bool(old) != bool(new)
    return str(old) != str(new)


def recorder_for(
    client: Any,
    options: ImportOptions,
    journal: Any,
    call: Callable[[Callable[[], Any]], Any],
) -> UndoRecorder | None:
    """The recorder of a journalled import (None without a journal that keeps undo data, or
    for a client that cannot look contacts up, like the tests' stand-ins)."""
    if journal is None or not hasattr(client, "find_contacts"):
        return None
    undo = journal.undo
    if undo.recorded_from is None:
        return None
    return UndoRecorder(client, options, undo, call)
