"""The import job on a worker thread: progress, the report, or a sentence for the user.

``SessionPlan`` is the Import page's plan: it makes the core's ``ImportSession`` (start, resume
or retry) on the worker thread and hands the session the report to finish; the page itself
never opens the journal nor writes the history.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Collection
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.i18n import N_, _

if TYPE_CHECKING:
    from plandocket_desktop.core.api import PlandocketClient
    from plandocket_desktop.core.importing import ImportJob, ImportReport, ImportSession
    from plandocket_desktop.core.types import ImportDraft, Table
    from plandocket_desktop.core.validation import ValidationResult
    from plandocket_desktop.ui.models import OutcomeFacts

log = logging.getLogger(__name__)

UNEXPECTED = N_(
    "Something unexpected went wrong during the import. The details were written to the log "
    "file. Rows whose batch was answered are recorded; the import can be resumed."
)


def freeze_long_lived_objects() -> None:
    """Keep Python's full garbage collections from pausing the window during long work.

    A full (generation 2) collection walks every object the process holds; with pandas,
    pyarrow and the app loaded that takes 40-70 ms, and it holds the GIL whichever thread
    triggers it, so the window freezes meanwhile (the UI responsiveness benchmark showed it as
    the longest stalls). The objects alive when the slow work starts - modules, the loaded
    table - live on anyway: ``gc.freeze()`` moves them out of the collector's sight, so later
    collections scan only what is made afterwards. Objects are still freed by reference
    counting; only reference cycles among frozen objects are never collected.
    """
    gc.freeze()


class ImportPlan(Protocol):
    """Slow preparation that must not run on the GUI thread (journal, hashing, re-validation)."""

    def build(self) -> ImportJob:
        """Return the ``ImportJob`` to run."""

    def finish(self, report: ImportReport | None, *, keep_resumable: bool) -> ImportReport | None:
        """Afterwards: history, journal state, closing what ``build`` opened.

        May return a report to deliver instead of ``report`` (e.g. merged with an earlier one).
        """


class SessionPlan:
    """An ``ImportSession`` made and finished on the worker thread.

    Args:
        resume_job_id: the interrupted import to carry on with.
        abandon_job_id: an interrupted import the user chose not to resume; closed.
        previous, retry_rows: for "Retry failed rows", the earlier report and the rows sent
            again; the report delivered accounts for the others with their earlier outcome.
    """

    def __init__(
        self,
        *,
        client: PlandocketClient,
        draft: ImportDraft,
        table: Table | None,
        validation: ValidationResult | None,
        resume_job_id: str | None = None,
        abandon_job_id: str | None = None,
        previous: ImportReport | None = None,
        retry_rows: Collection[int] = (),
    ) -> None:
        self.client = client
        self.draft = draft
        self.table = table
        self.validation = validation
        self.resume_job_id = resume_job_id
        self.abandon_job_id = abandon_job_id
        self.previous = previous
        self.retry_rows = frozenset(retry_rows)
        self.session: ImportSession | None = None
        self.facts: OutcomeFacts | None = None  # for the Results page

    def build(self) -> ImportJob:
        from plandocket_desktop.core import importing

        table, validation = self.table, self.validation
        if self.resume_job_id:
            session = importing.ImportSession.resume(
                self.resume_job_id, draft=self.draft, table=table, validation=validation
            )
        elif self.previous is not None:
            session = importing.ImportSession.retry(
                self.previous, self.retry_rows, self.draft, table=table, validation=validation
            )
        else:
            session = importing.ImportSession.start(
                self.draft, table=table, validation=validation, replacing=self.abandon_job_id
            )
        self.session = session
        self.table, self.validation = session.table, session.validation
        return session.job(self.client)

    def finish(self, report: ImportReport | None, *, keep_resumable: bool) -> ImportReport | None:
        from plandocket_desktop.ui import models

        if self.session is None:
            return report
        final = self.session.finish(report, keep_resumable=keep_resumable)
        if final is not None:
            self.facts = models.outcome_facts(final)
        return final


class ImportWorker(QObject):
    """Runs a ``core.job.ImportJob``; the job never sees Qt, only a callback and two events.

    Give it a ready job, or a plan whose ``build()`` makes the job on the worker thread.

    Signals:
        progressed(object): a ``core.job.Progress`` (emitted from the worker thread; queued to
            slots of GUI objects).
        succeeded(object): the ``ImportReport`` (also for a cancelled or stopped import).
        failed(str): the import could not start or go on; a sentence for the user.
    """

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: ImportJob | None = None, *, plan: ImportPlan | None = None) -> None:
        super().__init__()
        if (job is None) == (plan is None):
            raise ValueError("give a job or a plan")
        self._job = job
        self._plan = plan
        self._cancel = threading.Event()
        self._pause = threading.Event()
        self._keep_resumable = False

    @Slot()
    def run(self) -> None:
        report: ImportReport | None = None
        message: str | None = None
        try:
            job = self._job if self._job is not None else self._build()
            if not (self._cancel.is_set() and self._keep_resumable):
                report = job.run(
                    progress=self.progressed.emit, cancel=self._cancel, pause=self._pause
                )
            # else: the window closed before the first batch; nothing was sent
        except PlandocketError as exc:
            message = str(exc)
        except Exception:  # a bug: keep the app alive, say it plainly, log the details
            log.exception("the import failed")
            message = _(UNEXPECTED)
        if self._plan is not None:
            # Before the answer goes out, so the plan's results are there when it arrives.
            try:
                final = self._plan.finish(report, keep_resumable=self._keep_resumable)
                if final is not None:
                    report = final
            except PlandocketError as exc:
                log.warning("after the import: %s", exc)
            except Exception:
                log.exception("after the import")
        if message is not None:
            self.failed.emit(message)
        elif report is not None:
            self.succeeded.emit(report)

    def _build(self) -> ImportJob:
        assert self._plan is not None
        return self._plan.build()

    def cancel(self, *, keep_resumable: bool = False) -> None:
        """Stop after the batch in flight (called from the GUI thread).

        ``keep_resumable``: the window is closing; the journal keeps the import open so that it
        is offered for resuming at the next start.
        """
        self._keep_resumable = keep_resumable
        self._pause.clear()
        self._cancel.set()

    def pause(self) -> None:
        """Hold before the next batch until ``resume()``."""
        self._pause.set()

    def resume(self) -> None:
        self._pause.clear()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()
