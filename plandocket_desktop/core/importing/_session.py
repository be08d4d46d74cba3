"""One import from start to end: the job, its journal, the history entry and how it ended.

The command line (``run``, ``resume``) and the wizard's Import page are thin adapters over an
``ImportSession``; neither opens the journal nor writes the history itself::

    session = importing.ImportSession.start(draft, table=table, validation=result)
    job = session.job(client)                    # an ImportJob: progress, cancel, pause
    report = session.finish(job.run(progress=..., cancel=...))
    session.status, session.exit_code           # decided here, once

Qt-free: progress is a plain callable, cancel and pause are ``threading.Event`` objects.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing._engine import ClientLike, ImportJob, ImportReport
from plandocket_desktop.core.importing._history import HistoryEntry, HistoryStore
from plandocket_desktop.core.importing._journal import (
    Fingerprint,
    JobJournal,
    JournalEntry,
    JournalStore,
)
from plandocket_desktop.core.importing._lock import ImportLock, is_running
from plandocket_desktop.core.types import ExitCode, ImportDraft, JobStatus
from plandocket_desktop.i18n import N_, _

if TYPE_CHECKING:
    from plandocket_desktop.core._table import Table
    from plandocket_desktop.core.validation import ValidationResult

NO_FILE_NAME = "(no file)"


class ImportSession:
    """One import: made by ``start``, ``resume`` or ``retry``; ended by ``finish``.

    After ``finish``: ``report`` (for a retry: merged with the earlier outcome of every row
    that was not sent again), ``status`` (a ``JobStatus``) and ``exit_code``.
    """

    def __init__(
        self,
        draft: ImportDraft,
        table: Table,
        validation: ValidationResult,
        *,
        store: JournalStore | None = None,
        journal: JobJournal | None = None,
        history: HistoryStore | None = None,
        previous: ImportReport | None = None,
        retry_rows: Collection[int] = (),
        lock: ImportLock | None = None,
    ) -> None:
        self.draft = draft
        self.table = table
        self.validation = validation
        self.journal = journal
        self.previous = previous
        self.retry_rows = frozenset(retry_rows)
        self.resumed_batches = len(journal.recorded()) if journal is not None else 0
        self.report: ImportReport | None = None
        self.status: JobStatus | None = None
        self._store = store
        self._history = history
        self._lock = lock  # held until close(): one import of a file at a time

    # --- making one ------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        draft: ImportDraft,
        *,
        table: Table | None = None,
        validation: ValidationResult | None = None,
        file_fingerprint: Fingerprint | None = None,
        replacing: str | None = None,
        journal_store: JournalStore | None = None,
        history: HistoryStore | None = None,
        previous: ImportReport | None = None,
        retry_rows: Collection[int] = (),
    ) -> ImportSession:
        """A new import of ``draft`` (validated now unless ``table`` and ``validation`` are given).

        A journal is opened when the draft's file is there, and the file's lock is taken:
        ImportRunningError when an import of the same file is running in another window or
        process. Finished imports older than the journal's keeping time are pruned first.
        ``replacing``: an interrupted import the user chose not to resume; closed as abandoned.
        """
        table, validation = _prepared(draft, table, validation)
        store: JournalStore | None = None
        journal: JobJournal | None = None
        lock: ImportLock | None = None
        if draft.path is not None and Path(draft.path).is_file():
            lock = ImportLock(Path(draft.path)).acquire()
            try:
                store = journal_store or JournalStore()
                store.prune()
                if replacing:
                    store.open(replacing).close("abandoned")
                journal = store.create(draft, file_fingerprint=file_fingerprint)
            except BaseException:
                if store is not None:
                    store.close()
                lock.release()
                raise
        return cls(
            draft,
            table,
            validation,
            store=store,
            journal=journal,
            history=history,
            previous=previous,
            retry_rows=retry_rows,
            lock=lock,
        )

    @classmethod
    def resume(
        cls,
        job_id: str,
        *,
        draft: ImportDraft | None = None,
        table: Table | None = None,
        validation: ValidationResult | None = None,
        journal_store: JournalStore | None = None,
        history: HistoryStore | None = None,
    ) -> ImportSession:
        """Carry on with the interrupted import ``job_id``; batches already answered are kept.

        JournalError when it is not open or its file is gone or changed; ImportRunningError
        when it (or another import of its file) is running in another window or process.
        """
        store = journal_store or JournalStore()
        lock: ImportLock | None = None
        try:
            entry = store.entry(job_id)
            if entry is not None:
                lock = ImportLock(entry.file_path).acquire()
            journal = store.open(job_id)
            if journal.status != "open":
                raise errors.JournalError(_closed_text(journal.status).format(job=job_id))
            draft = draft if draft is not None else journal.draft
            if draft.path is None or not Path(draft.path).is_file():
                raise errors.JournalError(
                    _(
                        "The file of this import ({path}) is no longer there, so it cannot be "
                        "resumed."
                    ).format(path=draft.path)
                )
            journal.check_file(Path(draft.path))
            # The journal's batches decide which rows were answered: keep its batch size.
            draft = dataclasses.replace(draft, batch_size=journal.batch_size)
            table, validation = _prepared(draft, table, validation)
        except BaseException:
            store.close()
            if lock is not None:
                lock.release()
            raise
        return cls(
            draft, table, validation, store=store, journal=journal, history=history, lock=lock
        )

    @classmethod
    def retry(
        cls,
        previous: ImportReport,
        retry_rows: Collection[int],
        draft: ImportDraft,
        *,
        table: Table | None = None,
        validation: ValidationResult | None = None,
        journal_store: JournalStore | None = None,
        history: HistoryStore | None = None,
    ) -> ImportSession:
        """Send ``retry_rows`` of ``previous`` again (``draft`` excludes every other row).

        The earlier import is no longer offered for resuming; ``finish`` gives a report with
        the earlier outcome of every row not sent again, so it still accounts for every row.
        """
        close_journal(previous.job_id, "retried", journal_store)
        return cls.start(
            draft,
            table=table,
            validation=validation,
            journal_store=journal_store,
            history=history,
            previous=previous,
            retry_rows=retry_rows,
        )

    # --- running -----------------------------------------------------------------------------

    def job(self, client: ClientLike, *, in_flight: int = 1) -> ImportJob:
        """The engine for this import; run it with a progress callback and a cancel event."""
        return ImportJob(
            client,
            self.validation,
            self.draft.options,
            batch_size=self.journal.batch_size if self.journal else self.draft.batch_size,
            journal=self.journal,
            n_rows=self.table.n_rows,
            ignored=len(self.table.source.empty_rows_dropped),
            in_flight=in_flight,
        )

    def finish(
        self,
        report: ImportReport | None,
        *,
        keep_resumable: bool = False,
        report_path: Path | None = None,
    ) -> ImportReport | None:
        """Write the history entry, leave the journal as the ending wants, decide the status.

        ``keep_resumable``: the window closed during the import; it stays open in the journal
        (offered for resuming at the next start) and is not in the history yet.
        ``report_path``: where the error report was saved, for the history. ``report`` None:
        nothing ran (it could not start); only the journal is closed.
        """
        try:
            if report is None:
                return None
            interrupted = keep_resumable and report.cancelled
            if interrupted and self.journal is not None:
                self.journal.reopen()  # closed by the window, not by the user's choice
            if not interrupted:
                self._add_history(report, report_path)
            if self.previous is not None:
                report = merged_report(self.previous, report, self.retry_rows)
            self.report = report
            self.status = report.status
            return report
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the journal and the lock (``finish`` does this; for a session that never
        ran)."""
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def exit_code(self) -> ExitCode:
        """What the command line exits with (``STOPPED`` before ``finish``)."""
        return self.status.exit_code if self.status is not None else ExitCode.STOPPED

    def _add_history(self, report: ImportReport, report_path: Path | None) -> None:
        draft = self.draft
        entry = HistoryEntry(
            file_name=Path(draft.path).name if draft.path else NO_FILE_NAME,
            target=draft.options.target.value,
            counts=report.counts().as_dict(),
            tenant=draft.tenant,
            event_key=draft.options.event_key,
            mode=draft.options.mode.value,
            status=report.status.ended,
            report_path=str(report_path) if report_path else None,
            job_id=report.job_id,
        )
        (self._history or HistoryStore()).add(entry)


# --- the journal, for the adapters -------------------------------------------------------


def unfinished_imports(journal_store: JournalStore | None = None) -> list[JournalEntry]:
    """Imports the journal shows as interrupted, newest first.

    An import running right now in another window or process is open in the journal too, but
    it is not interrupted: it is left out (its file's lock is held).
    """
    if journal_store is not None:
        entries = journal_store.unfinished()
    else:
        with JournalStore() as store:
            entries = store.unfinished()
    return [entry for entry in entries if not is_running(entry.file_path)]


def journal_entry(job_id: str) -> JournalEntry | None:
    """The journal's entry of ``job_id`` (None when there is none)."""
    with JournalStore() as store:
        return store.entry(job_id)


# Why an import cannot be resumed, by the status its journal was closed with.
_CLOSED = {
    "finished": N_("The import {job} has already finished; nothing to resume."),
    "cancelled": N_("The import {job} was cancelled; nothing to resume."),
    "undone": N_("The import {job} was undone; nothing to resume."),
}
_CLOSED_OTHERWISE = N_("The import {job} is already closed; nothing to resume.")


def _closed_text(status: str) -> str:
    return _(_CLOSED.get(status, _CLOSED_OTHERWISE))


def close_journal(
    job_id: str | None, status: str, journal_store: JournalStore | None = None
) -> None:
    """Stop offering ``job_id`` for resuming; at worst it is offered once more."""
    if not job_id:
        return
    store = journal_store or JournalStore()
    try:
        if store.entry(job_id) is not None:
            store.open(job_id).close(status)
    except errors.PlandocketError:
        pass
    finally:
        if journal_store is None:
            store.close()


def merged_report(
    previous: ImportReport, retried: ImportReport, retry_rows: Collection[int]
) -> ImportReport:
    """The report of a retry, with the earlier outcome of every row that was not retried.

    So it still accounts for every row of the file: rows that went in the first time stay
    "created", not "not sent: left out".
    """
    outcomes = list(retried.outcomes)
    messages = dict(retried.messages)
    for i, outcome in enumerate(previous.outcomes):
        if i in retry_rows or i >= len(outcomes):
            continue
        outcomes[i] = outcome
        text = previous.message(i)
        if text:
            messages[i] = text
        else:
            messages.pop(i, None)
    return dataclasses.replace(retried, outcomes=outcomes, messages=messages)


def _prepared(
    draft: ImportDraft, table: Table | None, validation: ValidationResult | None
) -> tuple[Table, ValidationResult]:
    if table is not None and validation is not None:
        return table, validation
    from plandocket_desktop.core import validation as validating

    prepared = validating.prepare(draft, table)
    return prepared.table, prepared.validation
