"""The import engine: validated rows go out in batches, with retries, progress and a journal.

The parts live beside it: ``_plan`` (batches, ``RunPlan``), ``_sender`` (``RetryPolicy``,
``_BatchSender``), ``_answers`` (an answer -> per-row outcomes), ``_ledger`` (report, journal,
progress), ``_run`` (the send loop), ``_import_report`` (``Progress``, ``ImportReport``).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Final

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing._import_report import ImportReport, Progress
from plandocket_desktop.core.importing._plan import RunPlan, _batches, _event_titles, _guess_rows
from plandocket_desktop.core.importing._protocols import (
    ClientLike,
    ValidationLike,
    Waiter,
    _event_wait,
)
from plandocket_desktop.core.importing._reasons import ROW_REASONS, RowReason
from plandocket_desktop.core.importing._run import _Run
from plandocket_desktop.core.importing._sender import RetryPolicy
from plandocket_desktop.core.types import ImportOptions
from plandocket_desktop.i18n import _, fmt_int

if TYPE_CHECKING:
    from plandocket_desktop.core.importing._journal import JobJournal

__all__ = [
    "CANCELLED_MESSAGE",
    "COUNTS_ONLY_MESSAGE",
    "EARLIER_ATTEMPT_MESSAGE",
    "MAX_BATCH_SIZE",
    "UNCERTAIN_MESSAGE",
    "ClientLike",
    "ImportJob",
    "ImportReport",
    "Progress",
    "ValidationLike",
]

MAX_BATCH_SIZE = 1000

# The untranslated sentences, for callers and tests that compare with a report's messages.
COUNTS_ONLY_MESSAGE: Final = ROW_REASONS[RowReason.COUNTS_ONLY]
CANCELLED_MESSAGE: Final = ROW_REASONS[RowReason.CANCELLED]
EARLIER_ATTEMPT_MESSAGE: Final = ROW_REASONS[RowReason.EARLIER_ATTEMPT]
UNCERTAIN_MESSAGE: Final = ROW_REASONS[RowReason.UNCERTAIN]


class ImportJob:
    """Sends the sendable rows of a validation in batches and records what happened to each.

    Args:
        indices: the data rows to send (default ``validation.sendable_indices()``); "Retry
            failed rows" passes ``report.retry_indices()``. Rows outside it are "not sent".
        ignored: fully empty rows of the file that the table does not hold (the reader's
            ``source.empty_rows_dropped``), so that the counts add up to the file's rows.
        max_attempts: tries per batch on network errors and 5xx before the job stops.
        wait: ``wait(seconds, cancel_event) -> cancelled``; tests pass one that returns at once.
        prefetch: build the next batch's records while one is in flight (it is sent from a pool
            thread; default on: with PlanDocket on another machine the importer is idle while a
            batch is on its way; see ``tests/benchmarks/import_engine.py``). The journal's
            order is unchanged: a batch is marked started only just before it is sent.
        in_flight: batches sent at the same time (1 or 2; see ``_Run``).
    """

    def __init__(
        self,
        client: ClientLike,
        validation: ValidationLike,
        options: ImportOptions,
        *,
        batch_size: int = MAX_BATCH_SIZE,
        journal: JobJournal | None = None,
        n_rows: int | None = None,
        indices: Sequence[int] | None = None,
        ignored: int = 0,
        max_attempts: int = 6,
        backoff_base: float = 1.0,
        backoff_max: float = 60.0,
        wait: Waiter = _event_wait,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = datetime.now,
        rng: random.Random | None = None,
        prefetch: bool = True,
        in_flight: int = 1,
    ) -> None:
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise errors.ConfigurationError(
                _("The batch size must be between 1 and {most}.").format(
                    most=fmt_int(MAX_BATCH_SIZE)
                )
            )
        self._client = client
        self._validation = validation
        self._options = options
        self._batch_size = batch_size
        if journal is not None and journal.batch_size != batch_size:
            raise errors.JournalError(
                _("The journal of this import was written with another batch size.")
            )
        self._journal = journal
        self._ignored = ignored
        self._max_attempts = max(1, max_attempts)
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._wait = wait
        self._clock = clock
        self._now = now
        self._rng = rng or random.Random()
        self._prefetch = prefetch
        # Two batches in flight hide the network's latency; "stop at the first error" needs one.
        self.in_flight = max(1, in_flight) if options.skip_on_error else 1
        chosen = list(indices) if indices is not None else validation.sendable_indices()
        self._indices = chosen
        self._n_rows = n_rows if n_rows is not None else _guess_rows(validation, chosen)
        self.batches, self.batch_events = _batches(validation, chosen, batch_size)
        if len(set(self.batch_events)) > 1:
            # The same person may be in two events: their batches must not race each other.
            self.in_flight = 1

    @property
    def rows_total(self) -> int:
        return len(self._indices)

    # --- running ---------------------------------------------------------------------------

    def run(
        self,
        progress: Callable[[Progress], object] | None = None,
        cancel: threading.Event | None = None,
        pause: threading.Event | None = None,
    ) -> ImportReport:
        """Send every batch; return what happened to each row. Never raises for API errors."""
        plan = RunPlan(
            client=self._client,
            validation=self._validation,
            options=self._options,
            batches=self.batches,
            batch_events=self.batch_events,
            event_titles=_event_titles(self._client, self.batch_events),
            indices=self._indices,
            n_rows=self._n_rows,
            ignored=self._ignored,
            journal=self._journal,
            width=self.in_flight,
            prefetch=self._prefetch,
            clock=self._clock,
        )
        policy = RetryPolicy(
            self._max_attempts,
            self._backoff_base,
            self._backoff_max,
            self._wait,
            self._now,
            self._rng,
        )
        return _Run(plan, policy, progress, cancel or threading.Event(), pause).execute()
