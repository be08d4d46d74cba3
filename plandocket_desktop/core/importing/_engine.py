"""The import engine: validated rows go out in batches, with retries, progress and a journal."""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

from plandocket_desktop.core import api, errors
from plandocket_desktop.core.importing import _summary, _undo_record
from plandocket_desktop.core.importing._reasons import (
    ROW_REASONS,
    BatchRefusal,
    RowReason,
    reason_text,
)
from plandocket_desktop.core.importing._undo_data import UndoRow
from plandocket_desktop.core.types import Counts, ImportOptions, JobStatus, Outcome, RowStatus
from plandocket_desktop.i18n import N_, _, fmt_int, fmt_time, ngettext

if TYPE_CHECKING:
    from plandocket_desktop.core.importing._journal import JobJournal

log = logging.getLogger(__name__)

MAX_BATCH_SIZE = 1000


# The untranslated sentences, for callers and tests that compare with a report's messages.
COUNTS_ONLY_MESSAGE: Final = ROW_REASONS[RowReason.COUNTS_ONLY]
CANCELLED_MESSAGE: Final = ROW_REASONS[RowReason.CANCELLED]
EARLIER_ATTEMPT_MESSAGE: Final = ROW_REASONS[RowReason.EARLIER_ATTEMPT]
UNCERTAIN_MESSAGE: Final = ROW_REASONS[RowReason.UNCERTAIN]

# Why a resumable import stopped: ``problem`` is the error's own sentence.
RESUMABLE_STOP: Final = N_(
    "{problem} The import can be resumed later; finished batches will not be sent again."
)
UNEXPECTED_STOP: Final = N_(
    "An unexpected problem stopped the import ({name}). The import can be resumed later; "
    "finished batches will not be sent again."
)

_T = TypeVar("_T")

# The outcomes of one batch as the journal keeps them: (data-row index, outcome, message).
RowResult = tuple[int, Outcome, str]


# --- what the engine needs from its collaborators ----------------------------------------


class RecordResultLike(Protocol):
    @property
    def index(self) -> int | None: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def message(self) -> str | None: ...


class BulkResultLike(Protocol):
    @property
    def total(self) -> int: ...
    @property
    def created(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def skipped(self) -> int: ...
    @property
    def records(self) -> Sequence[RecordResultLike]: ...
    @property
    def per_record(self) -> bool: ...
    @property
    def messages(self) -> Sequence[str]: ...


class ClientLike(Protocol):
    def bulk_import(
        self, options: ImportOptions, records: list[dict[str, Any]]
    ) -> BulkResultLike: ...


class ValidationLike(Protocol):
    def sendable_indices(self) -> list[int]: ...
    def records(self, indices: Sequence[int]) -> list[dict[str, Any]]: ...
    def status(self, row_index: int) -> str: ...
    def issues_for(self, row_index: int) -> Sequence[Any]: ...


# Waits for ``seconds`` unless the event is set first; returns True when it was set.
Waiter = Callable[[float, threading.Event], bool]


def _event_wait(seconds: float, event: threading.Event) -> bool:
    return event.wait(max(0.0, seconds))


# --- progress and results ------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """One progress report; ``message`` is a plain sentence for the user."""

    rows_done: int
    rows_total: int
    batch_index: int  # 1-based number of the current (or last finished) batch
    batch_count: int
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    rows_per_second: float | None = None
    seconds_left: float | None = None
    waiting_until: datetime | None = None
    message: str = ""
    event: str = "batch_finished"  # batch_started, batch_finished, waiting, paused, finished


@dataclass
class ImportReport:
    """What happened to every row of the file.

    ``outcomes[i]`` belongs to data row ``i`` of the table; ``ignored`` counts the fully empty
    rows the reader or validation left out. The counts add up to the rows of the file.
    """

    options: ImportOptions
    outcomes: list[Outcome]
    # A row's message: PlanDocket's own text, or one of ours as a code (rendered when shown,
    # so a journal read back in another language shows that language).
    messages: dict[int, str] = field(default_factory=dict)
    ignored: int = 0
    server_counts: Counter[str] = field(default_factory=Counter)  # from counts-only batches
    batch_count: int = 0
    batches_done: int = 0
    cancelled: bool = False
    stopped: bool = False
    stop_message: str | None = None
    resumable: bool = False
    elapsed: float = 0.0
    job_id: str | None = None
    validation: ValidationLike | None = None
    # Participants by an event column: event key -> title, as PlanDocket listed them (empty
    # when it could not); each row's event comes from ``validation.event_key``.
    event_titles: dict[str, str] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        """True when every batch was answered (rows may still have failed)."""
        return not self.cancelled and not self.stopped

    def counts(self) -> Counts:
        """Rows per outcome; ``sent`` = sent in a batch the server answered with counts only."""
        return Counts.of(self.outcomes, self.ignored)

    @property
    def status(self) -> JobStatus:
        """How the import ended: the one rule for the CLI's exit code and the wizard."""
        if self.cancelled:
            return JobStatus.CANCELLED
        if self.stopped:
            return JobStatus.STOPPED
        if self.counts().problems:
            return JobStatus.FINISHED_WITH_PROBLEMS
        return JobStatus.FINISHED

    @property
    def total_rows(self) -> int:
        return len(self.outcomes) + self.ignored

    def message(self, index: int) -> str:
        """The message for data row ``index`` (the validation errors for rows kept back)."""
        text = self.messages.get(index)
        if isinstance(text, RowReason):
            return reason_text(text)
        if text is not None:
            return text
        outcome = self.outcomes[index]
        if outcome is Outcome.IGNORED:
            return "empty row, ignored"
        if outcome is Outcome.NOT_SENT and self.validation is not None:
            status = self.validation.status(index)
            if status == RowStatus.EXCLUDED:
                return "You left this row out."
            issues = [i for i in self.validation.issues_for(index) if _is_error(i)]
            if issues:
                return " ".join(str(getattr(i, "message", i)) for i in issues)
            return ""
        return ""

    @property
    def by_event_column(self) -> bool:
        """True when each row's event came from a column of the file."""
        return getattr(self.validation, "event_column", None) is not None

    def event_key(self, index: int) -> str | None:
        """The event data row ``index`` went (or was to go) to by the event column, or None."""
        if not self.by_event_column:
            return None
        key = getattr(self.validation, "event_key", lambda _i: None)(index)
        return str(key) if key else None

    def event_name(self, index: int) -> str:
        """The title of that event where PlanDocket listed it, else its key; "" for none."""
        key = self.event_key(index)
        if key is None:
            return ""
        return self.event_titles.get(key) or key

    def indices(self, outcomes: set[Outcome]) -> list[int]:
        return [i for i, o in enumerate(self.outcomes) if o in outcomes]

    def problem_indices(self) -> list[int]:
        return self.indices({Outcome.FAILED, Outcome.NOT_SENT})

    def retry_indices(self) -> list[int]:
        """Rows that can pass on a second try: valid rows this job did not get answered —
        the import stopped (network, timeout, server errors, 429 beyond the retries, a
        refused key), was cancelled, its batch was rolled back or its answer was lost.

        Rows PlanDocket refused for their data (``refused_indices``) are not offered: sent
        again unchanged they can only fail again; they need fixing in the file first. Rows of
        a refused batch that the refusal did not name (``BatchRefusal``) are offered.
        """
        sendable = set(self.validation.sendable_indices()) if self.validation else set()
        return [
            i
            for i, o in enumerate(self.outcomes)
            if (o is Outcome.NOT_SENT and i in sendable)
            or (o is Outcome.FAILED and isinstance(self.messages.get(i), BatchRefusal))
        ]

    def refused_indices(self) -> list[int]:
        """Rows PlanDocket refused for their own data: fix them in the file first."""
        return [
            i
            for i, o in enumerate(self.outcomes)
            if o is Outcome.FAILED and not isinstance(self.messages.get(i), BatchRefusal)
        ]

    def summary(self) -> str:
        """Every outcome, briefly: ``"3 created, 0 updated, …, 0 not sent."``."""
        return _summary.outcome_list(self.counts())


def _is_error(issue: Any) -> bool:
    severity = getattr(issue, "severity", "error")
    return str(getattr(severity, "value", severity)).lower() == "error"


class _StopError(Exception):
    """Ends the job early with a sentence for the user."""

    def __init__(
        self, message: str, *, resumable: bool, uncertain_batch: int | None = None
    ) -> None:
        super().__init__(message)
        self.resumable = resumable
        self.uncertain_batch = uncertain_batch  # its last attempt may have been carried out


class _CancelledError(Exception):
    """The user cancelled during a wait."""


# --- the job -------------------------------------------------------------------------------


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


def _batches(
    validation: ValidationLike, chosen: list[int], size: int
) -> tuple[list[list[int]], list[str | None]]:
    """The rows in batches of at most ``size``, and each batch's event (None: the options').

    With an event column (``validation.event_column``) the rows are grouped per event, the
    events in the order of their first row, the rows in file order within an event.
    """
    if getattr(validation, "event_column", None) is None:
        runs: dict[str | None, list[int]] = {None: chosen}
    else:
        runs = {}
        for i, key in zip(chosen, validation.event_keys(chosen), strict=True):  # type: ignore[attr-defined]
            runs.setdefault(key, []).append(i)
    batches: list[list[int]] = []
    events: list[str | None] = []
    for key, rows in runs.items():
        for k in range(0, len(rows), size):
            batches.append(rows[k : k + size])
            events.append(key)
    return batches, events


def _event_titles(client: ClientLike, keys: Sequence[str | None]) -> dict[str, str]:
    """Event key -> title for the progress and the results, asked of PlanDocket once.

    Without the list (no ``events`` permission, a client that cannot list) keys are shown.
    """
    wanted = {k for k in keys if k}
    list_events = getattr(client, "list_events", None)
    if not wanted or not callable(list_events):
        return {}
    try:
        listed = list_events()
    except errors.PlandocketError as exc:
        log.info("event titles not available (%s); showing event keys", type(exc).__name__)
        return {}
    titles: dict[str, str] = {}
    for event in listed:
        key, title = getattr(event, "event_key", None), getattr(event, "title", None)
        if key in wanted and isinstance(title, str) and title.strip():
            titles[str(key)] = title.strip()
    return titles


def _guess_rows(validation: ValidationLike, indices: Sequence[int]) -> int:
    n = getattr(validation, "n_rows", None)
    if isinstance(n, int):
        return n
    table = getattr(validation, "table", None)
    if table is not None and hasattr(table, "n_rows"):
        return int(table.n_rows)
    return (max(indices) + 1) if indices else 0


# --- one run: the plan, the retry policy, the sender, the ledger, the loop ------------------


@dataclass(frozen=True)
class RetryPolicy:
    """How a batch is tried again: attempts, backoff with "equal jitter", and how to wait."""

    max_attempts: int
    backoff_base: float
    backoff_max: float
    wait: Waiter
    now: Callable[[], datetime]
    rng: random.Random

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed try ``attempt`` (1-based): half fixed, half random."""
        ceiling = min(self.backoff_max, self.backoff_base * (2.0 ** (attempt - 1)))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)


@dataclass(frozen=True)
class RunPlan:
    """What one run needs from its job, given explicitly: rows, batches and collaborators."""

    client: ClientLike
    validation: ValidationLike
    options: ImportOptions
    batches: Sequence[list[int]]
    indices: Sequence[int]
    n_rows: int
    ignored: int
    journal: JobJournal | None
    width: int  # batches in flight at once; 1 = one at a time (the next one built meanwhile)
    prefetch: bool
    clock: Callable[[], float]
    batch_events: Sequence[str | None] = ()  # each batch's event key; None: the options'
    event_titles: Mapping[str, str] = field(default_factory=dict)  # event key -> title

    @property
    def rows_total(self) -> int:
        return len(self.indices)

    def event_of(self, k: int) -> str | None:
        return self.batch_events[k] if k < len(self.batch_events) else None

    def options_for(self, k: int) -> ImportOptions:
        """The options batch ``k`` is sent with: its own event key when it has one."""
        key = self.event_of(k)
        return self.options if key is None else replace(self.options, event_key=key)

    def place_in_event(self, k: int) -> tuple[str, int, int] | None:
        """(event title — its key when PlanDocket did not list it —, 1-based batch number
        within the event, the event's batches) or None."""
        key = self.event_of(k)
        if key is None:
            return None
        same = [j for j, e in enumerate(self.batch_events) if e == key]
        return self.event_titles.get(key) or key, same.index(k) + 1, len(same)


@dataclass(frozen=True)
class _Answer:
    """What became of one batch; ``refusal`` ends the import after it (422, no skipping)."""

    rows: list[RowResult]
    refusal: str | None = None
    undo: list[UndoRow] = field(default_factory=list)  # what undo needs (see _undo_record)


@dataclass(frozen=True)
class _Waiting:
    """A wait the sender announces from its thread; shown as progress by the run's thread."""

    message: str
    until: datetime


class _BatchSender:
    """Sends one batch until PlanDocket answers it, or gives up (``_StopError``).

    Retries network errors and 5xx with backoff, waits out rate limits (``Retry-After``,
    ``X-RateLimit-Reset`` or backoff), reads a 422 into per-row failures, and remembers when
    an attempt may have been carried out, so that "skipped" then means "created earlier".
    Runs on a pool thread: it announces its waits through ``announce`` and never touches the
    report or the journal.
    """

    def __init__(
        self,
        client: ClientLike,
        options: ImportOptions,
        policy: RetryPolicy,
        cancel: threading.Event,
        announce: Callable[[_Waiting], None],
        unanswered: frozenset[int],
        options_for: Callable[[int], ImportOptions] | None = None,
        recorder: _undo_record.UndoRecorder | None = None,
    ) -> None:
        self._client = client
        self._options = options
        self._options_for = options_for or (lambda _k: options)
        self._policy = policy
        self._cancel = cancel
        self._announce = announce
        self._unanswered = unanswered  # sent before a crash, answer never recorded
        self._recorder = recorder  # keeps what undo needs; None: nothing to keep

    def send(self, k: int, indices: list[int], records: list[dict[str, Any]]) -> _Answer:
        policy = self._policy
        attempt = 0
        rate_waits = 0
        maybe_applied = k in self._unanswered  # an earlier attempt may have been carried out
        options = self._options_for(k)
        snapshot = self._snapshot(k, records)
        while True:
            try:
                result = self._client.bulk_import(options, records)
            except errors.RateLimitedError as exc:
                rate_waits += 1
                delay = exc.retry_after
                if delay is None:
                    delay = policy.backoff(rate_waits)
                until = policy.now() + timedelta(seconds=delay)
                clock = fmt_time(until, seconds=delay < 60)
                message = _("Waiting for PlanDocket's rate limit until {time}.").format(time=clock)
                self._sleep(delay, _Waiting(message, until))
            except (errors.ApiConnectionError, errors.ServerError) as exc:
                attempt += 1
                maybe_applied = maybe_applied or exc.may_have_been_applied
                if attempt >= policy.max_attempts:
                    raise _StopError(
                        ngettext(
                            "{problem} Gave up on batch {batch} after {attempts} attempt. "
                            "The import can be resumed later; finished batches will not be "
                            "sent again.",
                            "{problem} Gave up on batch {batch} after {attempts} attempts. "
                            "The import can be resumed later; finished batches will not be "
                            "sent again.",
                            attempt,
                        ).format(
                            problem=_problem(exc), batch=fmt_int(k + 1), attempts=fmt_int(attempt)
                        ),
                        resumable=True,
                        uncertain_batch=k if maybe_applied else None,
                    ) from exc
                delay = policy.backoff(attempt)
                message = _(
                    "{problem} Trying again in {seconds} s (attempt {attempt} of {attempts})."
                ).format(
                    problem=_problem(exc),
                    seconds=f"{delay:.0f}",
                    attempt=fmt_int(attempt + 1),
                    attempts=fmt_int(policy.max_attempts),
                )
                self._sleep(delay, _Waiting(message, policy.now() + timedelta(seconds=delay)))
            except errors.ApiRejectedError as exc:
                return self._rejected(k, indices, records, exc)
            except errors.PlandocketError as exc:  # 401/403, an unknown event, …: stop
                raise _StopError(
                    _(RESUMABLE_STOP).format(problem=_problem(exc)), resumable=True
                ) from exc
            except Exception as exc:  # a bug must not lose what the journal knows
                log.exception("unexpected error while sending batch %d", k + 1)
                raise _StopError(
                    _(UNEXPECTED_STOP).format(name=type(exc).__name__), resumable=True
                ) from exc
            else:
                rows = _outcomes(indices, result)
                if maybe_applied:
                    earlier = RowReason.EARLIER_ATTEMPT
                    rows = [
                        (i, o, earlier if o is Outcome.SKIPPED and not m else m) for i, o, m in rows
                    ]
                return _Answer(rows, undo=self._undo_rows(indices, records, rows, result, snapshot))

    def _snapshot(self, k: int, records: list[dict[str, Any]]) -> _undo_record.Snapshot:
        """The old values undo will need, taken before batch ``k`` goes out (or it does not)."""
        if self._recorder is None:
            return {}
        try:
            return self._recorder.before(k, records)
        except InterruptedError as exc:
            raise _CancelledError from exc
        except errors.PlandocketError as exc:
            raise _StopError(
                _(RESUMABLE_STOP).format(problem=_problem(exc)), resumable=True
            ) from exc

    def _undo_rows(
        self,
        indices: list[int],
        records: list[dict[str, Any]],
        rows: list[RowResult],
        result: BulkResultLike,
        snapshot: _undo_record.Snapshot,
    ) -> list[UndoRow]:
        if self._recorder is None:
            return []
        ids: dict[int, int] = {}
        for r in result.records:
            given = getattr(r, "id", None)  # api.RecordResult has it; stand-ins may not
            if r.index is not None and isinstance(given, int):
                ids[r.index] = given
        return self._recorder.after(indices, records, rows, ids, snapshot)

    def _rejected(
        self,
        k: int,
        indices: list[int],
        records: list[dict[str, Any]],
        exc: errors.ApiRejectedError,
    ) -> _Answer:
        """Per-row failures of a refused batch; the 422 body is read by ``core.api``."""
        found = api.record_errors(exc.body, records)
        general = BatchRefusal(_problem(exc))
        if self._options.skip_on_error or not found:
            rows = [(i, Outcome.FAILED, found.get(p, general)) for p, i in enumerate(indices)]
        else:
            # PlanDocket rolls such a batch back whole: the other rows were not imported.
            rolled_back = RowReason.ROLLED_BACK
            rows = [
                (i, Outcome.FAILED, found[p]) if p in found else (i, Outcome.NOT_SENT, rolled_back)
                for p, i in enumerate(indices)
            ]
        if self._options.skip_on_error:
            return _Answer(rows)
        refusal = _(
            "PlanDocket refused batch {batch}: {problem} The import stopped there, "
            "because “skip rows with errors” was off."
        ).format(batch=fmt_int(k + 1), problem=str(general))
        return _Answer(rows, refusal)

    def _sleep(self, seconds: float, waiting: _Waiting) -> None:
        log.info("%s", waiting.message)
        self._announce(waiting)
        if self._policy.wait(seconds, self._cancel):
            raise _CancelledError


class _Ledger:
    """Records what happened: each row's outcome in the report, each batch in the journal,
    and tells ``progress`` (always on the thread that called ``ImportJob.run``)."""

    def __init__(
        self,
        plan: RunPlan,
        report: ImportReport,
        progress: Callable[[Progress], object] | None,
    ) -> None:
        self._plan = plan
        self._progress = progress
        self.report = report
        self._tally: Counter[str] = Counter()
        self._rows_done = 0
        self._rows_sent_now = 0
        self._batch_no = 0
        self._marked_started: set[int] = set()
        self.started = plan.clock()

    def restore(self, k: int, rows: list[RowResult]) -> None:
        """A batch the journal already holds (a resumed import)."""
        self._apply(rows)
        self._rows_done += len(self._plan.batches[k])
        self.report.batches_done += 1

    def sending(self, k: int) -> None:
        """Batch ``k`` goes out now: durably marked started first."""
        self._batch_no = k + 1
        count = len(self._plan.batches)
        place = self._plan.place_in_event(k)
        if place is None:
            message = _("Sending batch {batch} of {count}…").format(
                batch=fmt_int(k + 1), count=fmt_int(count)
            )
        else:
            message = _("{event}: sending batch {batch} of {count}…").format(
                event=place[0], batch=fmt_int(place[1]), count=fmt_int(place[2])
            )
        self.emit("batch_started", message)
        journal = self._plan.journal
        if journal and k not in self._marked_started:
            journal.batch_started(k, len(self._plan.batches[k]))

    def record(
        self,
        k: int,
        rows: list[RowResult],
        following: int | None,
        undo: list[UndoRow] | None = None,
    ) -> None:
        """Batch ``k``'s answer; the ``following`` batch's "started" mark rides along."""
        journal = self._plan.journal
        if journal:
            # only journals that keep undo data get any (the tests' stand-ins take none)
            extra: dict[str, Any] = {"undo": undo} if undo else {}
            if following is not None:
                size = len(self._plan.batches[following])
                journal.batch_finished(k, rows, next_batch=(following, size), **extra)
                self._marked_started.add(following)
            else:
                journal.batch_finished(k, rows, **extra)
        self._apply(rows)
        n = len(self._plan.batches[k])
        self._rows_done += n
        self._rows_sent_now += n
        self._batch_no = k + 1
        self.report.batches_done += 1
        count = len(self._plan.batches)
        place = self._plan.place_in_event(k)
        if place is None:
            message = _("Batch {batch} of {count} done.").format(
                batch=fmt_int(k + 1), count=fmt_int(count)
            )
        else:
            message = _("{event}: batch {batch} of {count} done.").format(
                event=place[0], batch=fmt_int(place[1]), count=fmt_int(place[2])
            )
        self.emit("batch_finished", message)

    def mark_unsent(self, batch_numbers: Sequence[int], message: str) -> None:
        for k in batch_numbers:
            for i in self._plan.batches[k]:
                self.report.outcomes[i] = Outcome.NOT_SENT
                self.report.messages[i] = message

    def note(self, text: str) -> None:
        if self._plan.journal:
            self._plan.journal.note(text)

    def _apply(self, rows: list[RowResult]) -> None:
        outcomes = self.report.outcomes
        messages = self.report.messages
        for index, outcome, message in rows:
            outcomes[index] = outcome
            if message:
                messages[index] = message
            elif index in messages:
                del messages[index]
        self._tally.update(str(o) for _i, o, _m in rows)

    def emit(self, event: str, message: str, until: datetime | None = None) -> None:
        if self._progress is None:
            return
        plan = self._plan
        elapsed = plan.clock() - self.started
        rate = self._rows_sent_now / elapsed if elapsed > 0 and self._rows_sent_now else None
        left = (plan.rows_total - self._rows_done) / rate if rate else None
        self._progress(
            Progress(
                rows_done=self._rows_done,
                rows_total=plan.rows_total,
                batch_index=self._batch_no,
                batch_count=len(plan.batches),
                created=self._tally["created"],
                updated=self._tally["updated"],
                skipped=self._tally["skipped"],
                failed=self._tally["failed"],
                rows_per_second=rate,
                seconds_left=left,
                waiting_until=until,
                message=message,
                event=event,
            )
        )


class _Inline:
    """The pool when nothing is to overlap (width 1, no prefetch): sends on the calling thread."""

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def submit(self, fn: Callable[..., _T], /, *args: Any) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:  # handed over like a pool's future does
            future.set_exception(exc)
        return future


class _Run:
    """One ``ImportJob.run``: the one send loop.

    Up to ``plan.width`` batches are in flight on a pool (on this thread when nothing is to
    overlap: width 1 without prefetch); one in flight is the case of width 1.
    While they are on their way this thread builds the next batch (``plan.prefetch``), then
    records the answers in batch order. Cancel and pause act before the next batch is sent;
    a batch in flight is always finished first. Two batches in flight are safe because
    validation keeps at most one row per match value, so they never touch the same record;
    "stop at the first error" (skip_on_error off) runs with width 1.
    """

    def __init__(
        self,
        plan: RunPlan,
        policy: RetryPolicy,
        progress: Callable[[Progress], object] | None,
        cancel: threading.Event,
        pause: threading.Event | None,
    ) -> None:
        self._plan = plan
        self._policy = policy
        self._cancel = cancel
        self._pause = pause
        report = ImportReport(
            options=plan.options,
            outcomes=[Outcome.NOT_SENT] * plan.n_rows,
            ignored=plan.ignored,
            batch_count=len(plan.batches),
            validation=plan.validation,
            job_id=plan.journal.job_id if plan.journal else None,
            event_titles=dict(plan.event_titles),
        )
        sendable = set(plan.validation.sendable_indices())
        not_now = RowReason.NOT_IN_RUN
        for i in sendable - set(plan.indices):
            report.messages[i] = not_now
        status = plan.validation.status
        for i in range(len(report.outcomes)):
            if i not in sendable and status(i) == RowStatus.IGNORED:  # a fully empty row
                report.outcomes[i] = Outcome.IGNORED
        self.report = report
        self._ledger = _Ledger(plan, report, progress)
        # Waits announced by the sender's threads, and a None whenever a send ends.
        self._inbox: queue.SimpleQueue[_Waiting | None] = queue.SimpleQueue()
        self._stop: _StopError | None = None
        self._refusal: str | None = None
        self._cancelled = False
        self._uncertain: set[int] = set()  # batches that may have been applied unanswered

    def execute(self) -> ImportReport:
        plan = self._plan
        recorded: dict[int, list[RowResult]] = {}
        unanswered: frozenset[int] = frozenset()
        if plan.journal:
            plan.journal.begin(len(plan.batches), plan.rows_total)
            recorded = plan.journal.recorded()
            unanswered = frozenset(plan.journal.started_unanswered())
        for k, rows in recorded.items():
            if k < len(plan.batches):
                self._ledger.restore(k, rows)
        pending = [k for k in range(len(plan.batches)) if k not in recorded]
        sender = _BatchSender(
            plan.client,
            plan.options,
            self._policy,
            self._cancel,
            self._inbox.put,
            unanswered,
            plan.options_for,
            _undo_record.recorder_for(plan.client, plan.options, plan.journal, self._undo_call),
        )
        self._send_all(pending, sender)
        self.report.elapsed = plan.clock() - self._ledger.started
        self._finish_journal()
        self._ledger.emit("finished", self._final_message())
        return self.report

    def _undo_call(self, fn: Callable[[], _T]) -> _T:
        """A lookup for undo's records, retried like a batch (same attempts, waits, cancel)."""
        policy = self._policy
        return _undo_record.call_with_retries(
            fn,
            cancel=self._cancel,
            max_attempts=policy.max_attempts,
            backoff_base=policy.backoff_base,
            backoff_max=policy.backoff_max,
            wait=policy.wait,
            rng=policy.rng,
        )

    @property
    def _halted(self) -> bool:
        return self._stop is not None or self._refusal is not None or self._cancelled

    def _send_all(self, pending: list[int], sender: _BatchSender) -> None:
        plan = self._plan
        window: deque[tuple[int, Future[_Answer]]] = deque()
        unsent: list[int] = []
        ahead: tuple[int, list[dict[str, Any]]] | None = None  # built while others fly
        next_pos = 0
        overlap = plan.width > 1 or plan.prefetch
        with ThreadPoolExecutor(plan.width, "plandocket-send") if overlap else _Inline() as pool:
            while True:
                while not self._halted and next_pos < len(pending) and len(window) < plan.width:
                    if not self._may_send(in_flight=bool(window)):
                        break
                    k = pending[next_pos]
                    records = ahead[1] if ahead is not None and ahead[0] == k else self._build(k)
                    ahead = None
                    self._ledger.sending(k)
                    future = pool.submit(sender.send, k, plan.batches[k], records)
                    future.add_done_callback(self._on_answered)
                    window.append((k, future))
                    next_pos += 1
                if not window:
                    break
                if plan.prefetch and ahead is None and not self._halted and next_pos < len(pending):
                    ahead = (pending[next_pos], self._build(pending[next_pos]))
                k, future = window.popleft()
                self._await(future)
                try:
                    answer = future.result()
                except _CancelledError:
                    self._cancelled = True
                    unsent.append(k)
                    continue
                except _StopError as stop:
                    self._stop = self._stop or stop
                    if stop.uncertain_batch is not None:
                        self._uncertain.add(stop.uncertain_batch)
                    unsent.append(k)
                    continue
                if answer.refusal is not None:
                    self._refusal = answer.refusal
                going_on = (
                    next_pos < len(pending)
                    and not self._halted
                    and not self._cancel.is_set()
                    and not self._paused()
                )
                following = pending[next_pos] if going_on else None
                self._ledger.record(k, answer.rows, following, answer.undo)
        unsent.extend(pending[next_pos:])
        self._end(unsent)

    def _may_send(self, *, in_flight: bool) -> bool:
        """May the next batch go now? Waits while paused; notes a cancel."""
        if self._paused():
            if in_flight:
                return False  # the batches in flight finish first
            if not self._wait_while_paused():
                self._cancelled = True
                return False
        if self._cancel.is_set():
            self._cancelled = True
            return False
        return True

    def _paused(self) -> bool:
        return self._pause is not None and self._pause.is_set()

    def _wait_while_paused(self) -> bool:
        """Block while paused; False when cancelled meanwhile."""
        self._ledger.emit("paused", _("Paused. Press Continue to go on."))
        while self._paused():
            if self._policy.wait(0.2, self._cancel):
                return False
        return True

    def _build(self, k: int) -> list[dict[str, Any]]:
        return self._plan.validation.records(self._plan.batches[k])

    def _on_answered(self, _future: Future[_Answer]) -> None:
        self._inbox.put(None)  # wakes ``_await``; runs once the future holds its result

    def _await(self, future: Future[_Answer]) -> None:
        """Wait for ``future``, showing the waits the senders announce meanwhile."""
        while True:
            if future.done():
                try:
                    item = self._inbox.get_nowait()
                except queue.Empty:
                    return
            else:
                item = self._inbox.get()
            if item is not None:
                self._ledger.emit("waiting", item.message, item.until)

    def _end(self, unsent: list[int]) -> None:
        """Mark the batches that were not answered, by why the import ended early."""
        report = self.report
        ledger = self._ledger
        if self._stop is not None:
            message = str(self._stop)
            report.stopped = True
            report.resumable = self._stop.resumable
            report.stop_message = message
            ledger.mark_unsent(unsent, message)
            ledger.mark_unsent(sorted(self._uncertain), RowReason.UNCERTAIN)
            ledger.note(message)
        elif self._refusal is not None:
            report.stopped = True
            report.resumable = False
            report.stop_message = self._refusal
            ledger.mark_unsent(unsent, RowReason.STOPPED_EARLIER)
        elif self._cancelled:
            ledger.mark_unsent(unsent, RowReason.CANCELLED)
            report.cancelled = True

    def _final_message(self) -> str:
        report = self.report
        return _summary.final_text(report.status, report.counts(), report.stop_message)

    def _finish_journal(self) -> None:
        journal = self._plan.journal
        if journal is None:
            return
        if self.report.cancelled:
            journal.close("cancelled")
        elif self.report.stopped and self.report.resumable:
            return  # stays open: offered for resuming
        else:
            journal.close("stopped" if self.report.stopped else "finished")


# --- reading answers --------------------------------------------------------------------


def _outcomes(indices: list[int], result: BulkResultLike) -> list[RowResult]:
    """Per-row outcomes from an answer; rows the answer does not name: counts only."""
    records = result.records
    if len(records) == len(indices):  # the usual answer: one record per position, in order
        rows: list[RowResult] = []
        for p, (i, record) in enumerate(zip(indices, records, strict=True)):
            if record.index != p:
                break
            rows.append((i, *_one_outcome(record)))
        else:
            return rows
    by_position: dict[int, tuple[Outcome, str]] = {}
    for record in records:
        at = record.index
        if at is None or not 0 <= at < len(indices):
            continue
        by_position[at] = _one_outcome(record)
    unnamed: tuple[Outcome, str] = (Outcome.SENT, RowReason.COUNTS_ONLY)
    only = _only_possibility(result, by_position, len(indices))
    if only is not None:
        unnamed = (only, RowReason.NO_REASON if only is Outcome.FAILED else "")
    rows = []
    for p, i in enumerate(indices):
        if p in by_position:
            rows.append((i, *by_position[p]))
        else:
            rows.append((i, *unnamed))
    return rows


def _only_possibility(
    result: BulkResultLike, named: Mapping[int, tuple[Outcome, str]], n: int
) -> Outcome | None:
    """The outcome every row the answer does not name must have, when its counts leave one.

    The counts (``created``, ``updated``, ``skipped``; failed = total minus those) less the
    rows named with each outcome are what the unnamed rows got: when that is a single outcome
    and the numbers add up exactly, it is certain; otherwise (when ``total`` is not this
    batch's size, or every count is 0 because none was sent) None, and the rows stay "sent":
    undo never acts on a guess.
    """
    unnamed = n - len(named)
    if unnamed <= 0 or result.total != n:
        return None
    if not (result.created or result.updated or result.skipped):
        return None  # no counts at all (a missing count reads as 0): nothing is certain
    given = {
        Outcome.CREATED: result.created,
        Outcome.UPDATED: result.updated,
        Outcome.SKIPPED: result.skipped,
    }
    given[Outcome.FAILED] = n - sum(given.values())
    for outcome, _message in named.values():
        if outcome in given:
            given[outcome] -= 1
    if any(count < 0 for count in given.values()) or sum(given.values()) != unnamed:
        return None
    left = [outcome for outcome, count in given.items() if count]
    return left[0] if len(left) == 1 else None


def _one_outcome(record: RecordResultLike) -> tuple[Outcome, str]:
    outcome = record.outcome
    if type(outcome) is not Outcome:
        outcome = Outcome(outcome)
    message = record.message or ""
    if outcome is Outcome.FAILED and not message:
        message = RowReason.NO_REASON
    return outcome, message


def _problem(exc: BaseException) -> str:
    """The error's own sentence (ours are whole sentences), or a general one."""
    return str(exc) or _("PlanDocket did not answer as expected.")
