"""Undo of an import: delete the contacts it created, restore what it changed, remove the
participations it added — never acting on a guess, never twice, resumable.

The command line (``undo``) and the wizard (Results page, history) are adapters over::

    session = importing.UndoSession.open(job_id)     # UndoRefusedError: why it cannot be undone
    session.confirmation()                           # "Delete 812 contacts created on … ?"
    session.check_scopes(client)                     # before anything happens
    result = session.run(client, progress=..., cancel=...)
    result.counts.as_dict()

The rules, per row the import's journal names (see ``_undo_data``):

* a contact is deleted only when its match value is still the row's and its ``created_at`` is
  not earlier than the import's start;
* a changed contact gets its previous values back (only the fields the import changed);
* a contact whose ``updated_at`` is newer than the import's answer was changed by someone else
  since, and is left as it is ("changed since") — unless that change was one of our own undos;
* each step is journaled when done, so an interrupted undo resumes where it stopped, and an
  undo that finished cannot run again.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Protocol

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing import _undo_data as data
from plandocket_desktop.core.importing._journal import JournalEntry, JournalStore
from plandocket_desktop.core.importing._undo_data import UndoRow, UndoStep
from plandocket_desktop.core.importing._undo_record import (
    as_mapping,
    call_with_retries,
    find_exact,
    same_match,
)
from plandocket_desktop.core.types import MatchField, Target
from plandocket_desktop.i18n import N_, _, fmt_date, fmt_int, fmt_time, ngettext

log = logging.getLogger(__name__)

# Why a contact was left as it is: stored as codes, rendered when shown.
LEFT_ALONE_REASONS: Final = {
    "changed_since": N_("changed since the import — left as it is"),
    "existed_before": N_("it existed before the import — left as it is"),
    "match_changed": N_("its email or customer number changed since — left as it is"),
    "not_found": N_("not found in PlanDocket — nothing to undo"),
    "deleted_since": N_("deleted since the import — nothing to restore"),
}


class UndoRefusedError(errors.PlandocketError):
    """This import cannot be undone (not at all, not now, or not with this key)."""


class UndoClientLike(Protocol):
    def check_connection(self) -> Any: ...
    # Contacts as ``api.Contact`` or mappings; None (or False for deletes): not found (404).
    def find_contacts(self, search: str) -> Sequence[Any]: ...
    def get_contact(self, contact_id: int) -> Any: ...
    def update_contact(self, contact_id: int, fields: Mapping[str, Any]) -> Any: ...
    def delete_contact(self, contact_id: int) -> Any: ...
    def delete_participant(self, participant_id: int) -> Any: ...


@dataclass(frozen=True)
class UndoCounts:
    """What an undo did, per kind of step (``as_dict`` for ``undo --json``)."""

    deleted: int = 0
    restored: int = 0
    removed_participants: int = 0
    left_alone: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "deleted": self.deleted,
            "restored": self.restored,
            "removed_participants": self.removed_participants,
            "left_alone": self.left_alone,
            "failed": self.failed,
        }


@dataclass(frozen=True)
class UndoPlan:
    """What the undo of one import will try: the numbers the confirmation names."""

    job_id: str
    started_at: datetime  # the import's start, UTC
    target: Target
    event_key: str | None
    to_delete: int  # contacts created (or perhaps created: decided by their created_at)
    to_restore: int  # contacts whose fields the import changed
    to_remove: int  # participations added

    @property
    def empty(self) -> bool:
        return not (self.to_delete or self.to_restore or self.to_remove)


@dataclass
class UndoResult:
    """How an undo went: counts, the rows left alone (with a reason code), the failures."""

    counts: UndoCounts
    # (data row index, its match value, reason code)
    left_alone: list[tuple[int, str, str]] = field(default_factory=list)
    failures: list[tuple[int, str]] = field(default_factory=list)  # (row index, message)
    stop_message: str | None = None  # set when it stopped early; run it again to go on
    cancelled: bool = False

    @property
    def finished(self) -> bool:
        return self.stop_message is None and not self.cancelled

    def sentence(self) -> str:
        """One plain sentence about the result, for the window and the command line."""
        c = self.counts
        done = _(
            "Deleted: {deleted}. Restored: {restored}. Participations removed: {removed}. "
            "Left as they are: {left}. Failed: {failed}."
        ).format(
            deleted=fmt_int(c.deleted),
            restored=fmt_int(c.restored),
            removed=fmt_int(c.removed_participants),
            left=fmt_int(c.left_alone),
            failed=fmt_int(c.failed),
        )
        if self.stop_message:
            return _("The undo stopped: {problem} {done} Run the undo again to go on.").format(
                problem=self.stop_message, done=done
            )
        if self.cancelled:
            return _("The undo was cancelled. {done} Run the undo again to go on.").format(
                done=done
            )
        return _("The import was undone. {done}").format(done=done)


def reason_text(code: str) -> str:
    """The sentence for a "left alone" code (the code itself for one of a newer version)."""
    text = LEFT_ALONE_REASONS.get(code)
    return _(text) if text else code


def when_text(moment: datetime) -> tuple[str, str]:
    """The date and the clock time in the computer's time zone, in the chosen language
    (``("5 Dec 2026", "14:03")``; German ``("05.12.2026", "14:03")``)."""
    local = moment.astimezone()
    return fmt_date(local), fmt_time(local)


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class UndoSession:
    """The undo of one journalled import. ``open`` refuses with a sentence saying why not."""

    def __init__(
        self, store: JournalStore, entry: JournalEntry, *, owns_store: bool = False
    ) -> None:
        self._store = store
        self._owns_store = owns_store
        self.entry = entry
        self._data = store.open(entry.job_id).undo
        recorded = self._data.recorded_from
        started = _parse_time(recorded)
        if started is None:  # open() refuses these; a guard for direct construction
            raise UndoRefusedError(_no_data_text())
        self._rows = self._data.rows()
        self._who = {r.row_index: r.match_value or "" for r in self._rows}
        options = entry.draft.options
        kinds = Counter(r.kind for r in self._rows)
        self.plan = UndoPlan(
            job_id=entry.job_id,
            started_at=started,
            target=options.target,
            event_key=options.event_key,
            to_delete=kinds[data.CREATED] + kinds[data.MAYBE_CREATED],
            to_restore=kinds[data.UPDATED],
            to_remove=kinds[data.PARTICIPANT],
        )

    @classmethod
    def open(cls, job_id: str, *, journal_store: JournalStore | None = None) -> UndoSession:
        """The undo of ``job_id``; ``UndoRefusedError`` says why it cannot be undone."""
        store = journal_store or JournalStore()
        try:
            entry = store.entry(job_id)
            if entry is None:
                raise UndoRefusedError(
                    _("There is no import called {job} on this computer.").format(job=job_id)
                )
            undo = store.open(job_id).undo
            if undo.recorded_from is None:
                raise UndoRefusedError(_no_data_text())
            if undo.status == "done":
                finished = _parse_time(undo.finished_at)
                day, time = when_text(finished) if finished else ("?", "?")
                raise UndoRefusedError(
                    _("This import was already undone on {date} at {time}.").format(
                        date=day, time=time
                    )
                )
            session = cls(store, entry, owns_store=journal_store is None)
            if session.plan.empty and undo.status is None:
                raise UndoRefusedError(
                    _("This import changed nothing in PlanDocket, so there is nothing to undo.")
                )
        except BaseException:
            if journal_store is None:
                store.close()
            raise
        return session

    def close(self) -> None:
        if self._owns_store:
            self._store.close()
            self._owns_store = False

    def __enter__(self) -> UndoSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- asking first --------------------------------------------------------------------------

    @property
    def resuming(self) -> bool:
        """True when an earlier undo of this import was interrupted: this one goes on."""
        return self._data.status == "running"

    def confirmation(self) -> str:
        """The question to ask before anything happens, naming the numbers and the time."""
        plan = self.plan
        day, time = when_text(plan.started_at)
        d, r, p = plan.to_delete, plan.to_restore, plan.to_remove
        if p:
            return ngettext(
                "Remove {count} participant added to the event {event} on {date} at {time}?",
                "Remove {count} participants added to the event {event} on {date} at {time}?",
                p,
            ).format(count=fmt_int(p), event=plan.event_key or "", date=day, time=time)
        if d and r:
            # Two numbers in one sentence: one whole message per singular/plural pair.
            if d == 1 and r == 1:
                text = _(
                    "Delete {deleted} contact created on {date} at {time} and restore "
                    "{restored} changed contact?"
                )
            elif d == 1:
                text = _(
                    "Delete {deleted} contact created on {date} at {time} and restore "
                    "{restored} changed contacts?"
                )
            elif r == 1:
                text = _(
                    "Delete {deleted} contacts created on {date} at {time} and restore "
                    "{restored} changed contact?"
                )
            else:
                text = _(
                    "Delete {deleted} contacts created on {date} at {time} and restore "
                    "{restored} changed contacts?"
                )
            return text.format(deleted=fmt_int(d), restored=fmt_int(r), date=day, time=time)
        if d:
            return ngettext(
                "Delete {count} contact created on {date} at {time}?",
                "Delete {count} contacts created on {date} at {time}?",
                d,
            ).format(count=fmt_int(d), date=day, time=time)
        return ngettext(
            "Restore {count} contact changed on {date} at {time}?",
            "Restore {count} contacts changed on {date} at {time}?",
            r,
        ).format(count=fmt_int(r), date=day, time=time)

    def required_scopes(self) -> tuple[str, ...]:
        if self.plan.target is Target.PARTICIPANTS:
            return ("contacts", "participants")
        return ("contacts",)

    def check_scopes(self, client: UndoClientLike) -> None:
        """``UndoRefusedError`` naming the permissions the key lacks, before anything happens."""
        check = client.check_connection()
        missing = [s for s in self.required_scopes() if s not in check.scopes]
        if missing:
            raise UndoRefusedError(
                ngettext(
                    "Undo needs the {scopes} permission, which this API key does not have. "
                    "Ask your PlanDocket administrator to add it under Settings > API.",
                    "Undo needs the {scopes} permissions, which this API key does not have. "
                    "Ask your PlanDocket administrator to add them under Settings > API.",
                    len(missing),
                ).format(scopes=", ".join(f"'{s}'" for s in missing))
            )

    # --- doing it ------------------------------------------------------------------------------

    def run(
        self,
        client: UndoClientLike,
        progress: Callable[[int, int], object] | None = None,
        cancel: threading.Event | None = None,
        *,
        max_attempts: int = 6,
        wait: Callable[[float, threading.Event], bool] | None = None,
    ) -> UndoResult:
        """Undo every row not undone yet; never raises for API errors (``stop_message``)."""
        event = cancel or threading.Event()
        call: Callable[[Callable[[], Any]], Any] = functools.partial(
            call_with_retries, cancel=event, max_attempts=max_attempts, wait=wait
        )
        match_field = self.entry.draft.options.match_field
        self._data.begin()
        if self.entry.status == "open":  # no longer offered for resuming once undone
            self._store.open(self.entry.job_id).close("undone")
        done = self._data.steps()
        tally: Counter[str] = Counter()
        result = UndoResult(UndoCounts())
        for step in done.values():
            self._count(step, tally, result)
        total = len(self._rows)
        finished = len(done)
        for row in self._rows:
            if (row.row_index, row.kind) in done:
                continue
            if event.is_set():
                result.cancelled = True
                break
            try:
                step = _Undoer(client, call, match_field, self._data).undo(row)
            except InterruptedError:
                result.cancelled = True
                break
            except errors.ApiRejectedError as exc:
                step = UndoStep(row.row_index, row.kind, "failed", str(exc))
            except errors.PlandocketError as exc:
                result.stop_message = str(exc)
                break
            self._data.step(step)
            self._count(step, tally, result)
            finished += 1
            if progress is not None:
                progress(finished, total)
        result.counts = UndoCounts(
            deleted=tally["deleted"],
            restored=tally["restored"],
            removed_participants=tally["removed"],
            left_alone=tally["left_alone"],
            failed=tally["failed"],
        )
        if result.finished:
            self._data.done()
        log.info("undo of %s: %s", self.entry.job_id, result.counts.as_dict())
        return result

    def _count(self, step: UndoStep, tally: Counter[str], result: UndoResult) -> None:
        tally[step.result] += 1
        if step.result == "left_alone":
            who = self._who.get(step.row_index, "")
            result.left_alone.append((step.row_index, who, step.reason or ""))
        elif step.result == "failed":
            result.failures.append((step.row_index, step.reason or ""))


def _no_data_text() -> str:
    return _(
        "This import cannot be undone: it was made by an older version of the importer, which "
        "did not yet keep what undo needs (the ids of the new contacts and the previous values "
        "of changed ones)."
    )


class _Undoer:
    """Undoes one row: looks the contact up, checks it is still ours, then acts."""

    def __init__(
        self,
        client: UndoClientLike,
        call: Callable[[Callable[[], Any]], Any],
        match_field: MatchField,
        undo_data: data.UndoData,
    ) -> None:
        self._client = client
        self._call = call
        self._match_field = match_field
        self._data = undo_data

    def undo(self, row: UndoRow) -> UndoStep:
        if row.kind == data.PARTICIPANT:
            if row.item_id is not None:
                self._gone_is_fine(functools.partial(self._client.delete_participant, row.item_id))
            return UndoStep(row.row_index, row.kind, "removed")
        contact = self._contact(row)
        if contact is None:
            reason = "deleted_since" if row.kind == data.UPDATED else "not_found"
            return self._left(row, reason)
        contact_id = int(contact["id"])
        if row.match_value is not None and not same_match(
            contact, self._match_field, row.match_value
        ):
            return self._left(row, "match_changed", contact_id)
        if row.kind in (data.CREATED, data.MAYBE_CREATED):
            created = _parse_time(contact.get("created_at"))
            started = _parse_time(self._data.recorded_from)
            if created is None or started is None or created < started.replace(microsecond=0):
                return self._left(row, "existed_before", contact_id)
        if self._changed_since(row, contact, contact_id):
            return self._left(row, "changed_since", contact_id)
        if row.kind == data.UPDATED:
            answer = as_mapping(
                self._call(
                    functools.partial(self._client.update_contact, contact_id, dict(row.previous))
                )
            )
            if answer is None:  # deleted between our look and our write
                return self._left(row, "deleted_since", contact_id)
            stamp = answer.get("updated_at")
            return UndoStep(row.row_index, row.kind, "restored", contact_id=contact_id, stamp=stamp)
        self._gone_is_fine(functools.partial(self._client.delete_contact, contact_id))
        return UndoStep(row.row_index, row.kind, "deleted", contact_id=contact_id)

    def _contact(self, row: UndoRow) -> Mapping[str, Any] | None:
        if row.item_id is not None:
            try:
                found = self._call(functools.partial(self._client.get_contact, row.item_id))
            except errors.NotFoundError:
                return None
            return as_mapping(found)
        if row.match_value is None:
            return None
        exact: Mapping[str, Any] | None = self._call(
            functools.partial(find_exact, self._client, self._match_field, row.match_value)
        )
        return exact

    def _changed_since(self, row: UndoRow, contact: Mapping[str, Any], contact_id: int) -> bool:
        """Was the contact changed after the import's batch was answered, by someone else?"""
        updated_text = contact.get("updated_at")
        updated = _parse_time(updated_text)
        answered = _parse_time(row.answered_at)
        if updated is None or answered is None or updated <= answered:
            return False
        return str(updated_text) not in self._data.our_stamps(contact_id)

    def _gone_is_fine(self, fn: Callable[[], Any]) -> None:
        """Delete; a 404 means it is gone already (a retried delete whose answer was lost)."""
        try:
            self._call(fn)
        except errors.NotFoundError:
            log.info("already gone")

    @staticmethod
    def _left(row: UndoRow, reason: str, contact_id: int | None = None) -> UndoStep:
        return UndoStep(row.row_index, row.kind, "left_alone", reason, contact_id)
