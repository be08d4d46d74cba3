"""The import engine: validated rows go out in batches, with retries, progress and a journal."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from plandocket_desktop.core import errors
from plandocket_desktop.core.importing import _summary
from plandocket_desktop.core.types import Counts, ImportOptions, JobStatus, Outcome, RowStatus

if TYPE_CHECKING:
    from plandocket_desktop.core.importing._journal import JobJournal

log = logging.getLogger(__name__)

MAX_BATCH_SIZE = 1000
COUNTS_ONLY_MESSAGE = "sent; the server reported counts only"
CANCELLED_MESSAGE = "You stopped the import before this row was sent."
EARLIER_ATTEMPT_MESSAGE = (
    "already in PlanDocket: most likely created by an earlier attempt of this batch "
    "whose answer was lost"
)
UNCERTAIN_MESSAGE = (
    "not confirmed: PlanDocket may or may not have imported this row (its answer was lost); "
    "resuming the import sends it again, which is safe"
)
RESUMABLE_HINT = "The import can be resumed later; finished batches will not be sent again."

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

    def indices(self, outcomes: set[Outcome]) -> list[int]:
        return [i for i, o in enumerate(self.outcomes) if o in outcomes]

    def problem_indices(self) -> list[int]:
        return self.indices({Outcome.FAILED, Outcome.NOT_SENT})

    def retry_indices(self) -> list[int]:
        """Rows worth sending again: failed at the server, or never sent by this job."""
        sendable = set(self.validation.sendable_indices()) if self.validation else set()
        return [
            i
            for i, o in enumerate(self.outcomes)
            if o is Outcome.FAILED or (o is Outcome.NOT_SENT and i in sendable)
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
        prefetch: build the next batch's records on a helper thread while one is in flight
            (default on: with PlanDocket on another machine the importer is idle while a
            batch is on its way; see ``tests/benchmarks/import_engine.py``). The journal's
            order is unchanged: a batch is marked started only just before it is sent.
        in_flight: batches sent at the same time (1 or 2; see ``_loop_concurrent``).
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
                f"The batch size must be between 1 and {MAX_BATCH_SIZE}."
            )
        self._client = client
        self._validation = validation
        self._options = options
        self._batch_size = batch_size
        if journal is not None and journal.batch_size != batch_size:
            raise errors.JournalError(
                "The journal of this import was written with another batch size."
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
        self.batches: list[list[int]] = [
            chosen[k : k + batch_size] for k in range(0, len(chosen), batch_size)
        ]

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
        cancel = cancel or threading.Event()
        run = _Run(self, progress, cancel, pause)
        return run.execute()


def _guess_rows(validation: ValidationLike, indices: Sequence[int]) -> int:
    n = getattr(validation, "n_rows", None)
    if isinstance(n, int):
        return n
    table = getattr(validation, "table", None)
    if table is not None and hasattr(table, "n_rows"):
        return int(table.n_rows)
    return (max(indices) + 1) if indices else 0


class _Run:
    """The state of one ``ImportJob.run`` call."""

    def __init__(
        self,
        job: ImportJob,
        progress: Callable[[Progress], object] | None,
        cancel: threading.Event,
        pause: threading.Event | None,
    ) -> None:
        self.job = job
        self.progress = progress
        self.cancel = cancel
        self.pause = pause
        self.report = ImportReport(
            options=job._options,
            outcomes=[Outcome.NOT_SENT] * job._n_rows,
            ignored=job._ignored,
            batch_count=len(job.batches),
            validation=job._validation,
            job_id=job._journal.job_id if job._journal else None,
        )
        chosen = set(job._indices)
        sendable = set(job._validation.sendable_indices())
        for i in sendable - chosen:
            self.report.messages[i] = "Not part of this run."
        outcomes = self.report.outcomes
        status = job._validation.status
        for i in range(len(outcomes)):
            if i not in sendable and status(i) == "ignored":  # a fully empty row
                outcomes[i] = Outcome.IGNORED
        self.tally: Counter[str] = Counter()
        self.rows_done = 0
        self.rows_sent_now = 0
        self.started = job._clock()
        self.batch_no = 0
        self.unanswered: set[int] = set()  # sent before a crash, answer never recorded
        self.marked_started: set[int] = set()
        self.uncertain: set[int] = set()  # batches that may have been applied unanswered

    # --- the loop --------------------------------------------------------------------------

    def execute(self) -> ImportReport:
        job = self.job
        recorded: dict[int, list[RowResult]] = {}
        if job._journal:
            job._journal.begin(len(job.batches), job.rows_total)
            recorded = job._journal.recorded()
            self.unanswered = set(job._journal.started_unanswered())
        pending = [k for k in range(len(job.batches)) if k not in recorded]
        for k, rows in recorded.items():
            if k < len(job.batches):
                self._apply(rows)
                self.rows_done += len(job.batches[k])
                self.report.batches_done += 1
        if job.in_flight > 1:
            self._loop_concurrent(pending, job.in_flight)
        else:
            executor = ThreadPoolExecutor(1, "plandocket-prefetch") if job._prefetch else None
            try:
                self._loop(pending, executor)
            finally:
                if executor is not None:
                    executor.shutdown(wait=True, cancel_futures=True)
        self.report.elapsed = job._clock() - self.started
        self._finish_journal()
        self._emit("finished", self._final_message())
        return self.report

    def _loop(self, pending: list[int], executor: ThreadPoolExecutor | None) -> None:
        job = self.job
        upcoming: Future[list[dict[str, Any]]] | None = None
        for pos, k in enumerate(pending):
            self.batch_no = k + 1
            if not self._wait_while_paused() or self.cancel.is_set():
                self._mark_unsent(pending[pos:], CANCELLED_MESSAGE)
                self.report.cancelled = True
                return
            indices = job.batches[k]
            records = upcoming.result() if upcoming is not None else self._build(indices)
            upcoming = None
            if executor is not None and pos + 1 < len(pending):
                upcoming = executor.submit(self._build, job.batches[pending[pos + 1]])
            self._emit("batch_started", f"Sending batch {k + 1} of {len(job.batches)}…")
            if job._journal and k not in self.marked_started:
                job._journal.batch_started(k, len(indices))
            try:
                rows = self._send(k, indices, records)
            except _CancelledError:
                self._mark_unsent(pending[pos:], CANCELLED_MESSAGE)
                self.report.cancelled = True
                return
            except _StopError as stop:
                if stop.uncertain_batch is not None:
                    self.uncertain.add(stop.uncertain_batch)
                self._stop(stop, pending[pos:])
                return
            following = pending[pos + 1] if pos + 1 < len(pending) else None
            self._record(k, rows, following)
            if self.report.stopped:  # 422 with skip_on_error off: the user asked to stop
                self._mark_unsent(
                    pending[pos + 1 :], "The import stopped at an error in an earlier row."
                )
                return

    def _loop_concurrent(self, pending: list[int], width: int) -> None:
        """Keep up to ``width`` batches in flight; answers are recorded in batch order.

        Safe because validation keeps at most one row per match value: two batches never
        touch the same record, so their order at the server does not matter. Only used with
        skip_on_error on (off means "stop at the first error", which needs one at a time).
        """
        window: deque[tuple[int, Future[list[RowResult]]]] = deque()
        unsent: list[int] = []
        stop: _StopError | None = None
        cancelled = False
        next_pos = 0
        with ThreadPoolExecutor(width, "plandocket-send") as pool:
            while True:
                while stop is None and not cancelled and next_pos < len(pending):
                    if len(window) >= width:
                        break
                    if self.pause is not None and self.pause.is_set():
                        if window:
                            break  # let the batches in flight finish first
                        if not self._wait_while_paused():
                            cancelled = True
                            break
                    if self.cancel.is_set():
                        cancelled = True
                        break
                    k = pending[next_pos]
                    window.append((k, pool.submit(self._send_batch, k)))
                    next_pos += 1
                if not window:
                    break
                k, future = window.popleft()
                try:
                    rows = future.result()
                except _CancelledError:
                    cancelled = True
                    unsent.append(k)
                    continue
                except _StopError as exc:
                    stop = stop or exc
                    unsent.append(k)
                    if exc.uncertain_batch is not None:
                        self.uncertain.add(exc.uncertain_batch)
                    continue
                self.batch_no = k + 1
                self._record(k, rows, None)
        unsent.extend(pending[next_pos:])
        if stop is not None:
            self._stop(stop, unsent)
        elif cancelled:
            self._mark_unsent(unsent, CANCELLED_MESSAGE)
            self.report.cancelled = True

    def _send_batch(self, k: int) -> list[RowResult]:
        indices = self.job.batches[k]
        records = self._build(indices)
        if self.job._journal:
            self.job._journal.batch_started(k, len(indices))
        self._emit("batch_started", f"Sending batch {k + 1} of {len(self.job.batches)}…")
        return self._send(k, indices, records)

    def _stop(self, stop: _StopError, batch_numbers: Sequence[int]) -> None:
        self.report.stopped = True
        self.report.resumable = stop.resumable
        self.report.stop_message = str(stop)
        self._mark_unsent(batch_numbers, str(stop))
        for k in self.uncertain:
            self._mark_unsent([k], UNCERTAIN_MESSAGE)
        if self.job._journal:
            self.job._journal.note(str(stop))

    def _build(self, indices: list[int]) -> list[dict[str, Any]]:
        return self.job._validation.records(indices)

    def _record(self, k: int, rows: list[RowResult], following: int | None) -> None:
        journal = self.job._journal
        if journal:
            # The next batch's "started" mark rides along, unless it may not be sent now.
            going_on = (
                following is not None
                and not self.report.stopped
                and not self.cancel.is_set()
                and not (self.pause is not None and self.pause.is_set())
            )
            if going_on and following is not None:
                size = len(self.job.batches[following])
                journal.batch_finished(k, rows, next_batch=(following, size))
                self.marked_started.add(following)
            else:
                journal.batch_finished(k, rows)
        self._apply(rows)
        n = len(self.job.batches[k])
        self.rows_done += n
        self.rows_sent_now += n
        self.report.batches_done += 1
        self._emit("batch_finished", f"Batch {k + 1} of {len(self.job.batches)} done.")

    def _apply(self, rows: list[RowResult]) -> None:
        outcomes = self.report.outcomes
        messages = self.report.messages
        for index, outcome, message in rows:
            outcomes[index] = outcome
            if message:
                messages[index] = message
            elif index in messages:
                del messages[index]
        self.tally.update(str(o) for _, o, _ in rows)

    def _mark_unsent(self, batch_numbers: Sequence[int], message: str) -> None:
        for k in batch_numbers:
            for i in self.job.batches[k]:
                self.report.outcomes[i] = Outcome.NOT_SENT
                self.report.messages[i] = message

    def _wait_while_paused(self) -> bool:
        """Block while paused; False when cancelled meanwhile."""
        if self.pause is None or not self.pause.is_set():
            return True
        self._emit("paused", "Paused. Press Continue to go on.")
        while self.pause.is_set():
            if self.job._wait(0.2, self.cancel):
                return False
        return True

    # --- one batch, with retries --------------------------------------------------------

    def _send(self, k: int, indices: list[int], records: list[dict[str, Any]]) -> list[RowResult]:
        job = self.job
        attempt = 0
        rate_waits = 0
        maybe_applied = k in self.unanswered  # an earlier attempt may have been carried out
        while True:
            try:
                result = job._client.bulk_import(job._options, records)
            except errors.RateLimitedError as exc:
                rate_waits += 1
                delay = exc.retry_after
                if delay is None:
                    delay = self._backoff(rate_waits)
                until = job._now() + timedelta(seconds=delay)
                msg = f"Waiting for PlanDocket's rate limit until {until:%H:%M}"
                if delay < 60:
                    msg = f"Waiting for PlanDocket's rate limit until {until:%H:%M:%S}"
                self._sleep(delay, msg + ".", until)
            except (errors.ApiConnectionError, errors.ServerError) as exc:
                attempt += 1
                maybe_applied = maybe_applied or exc.may_have_been_applied
                if attempt >= job._max_attempts:
                    raise _StopError(
                        f"{_sentence(exc)} Gave up on batch {k + 1} after {attempt} attempts. "
                        + RESUMABLE_HINT,
                        resumable=True,
                        uncertain_batch=k if maybe_applied else None,
                    ) from exc
                delay = self._backoff(attempt)
                until = job._now() + timedelta(seconds=delay)
                self._sleep(
                    delay,
                    f"{_sentence(exc)} Trying again in {delay:.0f} s "
                    f"(attempt {attempt + 1} of {job._max_attempts}).",
                    until,
                )
            except errors.AuthenticationError as exc:
                raise _StopError(f"{_sentence(exc)} {RESUMABLE_HINT}", resumable=True) from exc
            except errors.NotFoundError as exc:
                raise _StopError(f"{_sentence(exc)} {RESUMABLE_HINT}", resumable=True) from exc
            except errors.ApiRejectedError as exc:
                return self._rejected(indices, exc)
            except errors.PlandocketError as exc:
                raise _StopError(f"{_sentence(exc)} {RESUMABLE_HINT}", resumable=True) from exc
            except Exception as exc:  # a bug must not lose what the journal knows
                log.exception("unexpected error while sending batch %d", k + 1)
                raise _StopError(
                    f"An unexpected problem stopped the import ({type(exc).__name__}). "
                    + RESUMABLE_HINT,
                    resumable=True,
                ) from exc
            else:
                rows = _outcomes(indices, result)
                if maybe_applied:
                    rows = [
                        (i, o, EARLIER_ATTEMPT_MESSAGE if o is Outcome.SKIPPED and not m else m)
                        for i, o, m in rows
                    ]
                return rows

    def _rejected(self, indices: list[int], exc: errors.ApiRejectedError) -> list[RowResult]:
        per_index = _messages_by_index(exc.body, len(indices))
        general = _general_message(exc)
        if not self.job._options.skip_on_error:
            self.report.stopped = True
            self.report.resumable = False
            self.report.stop_message = (
                f"PlanDocket refused batch {self.batch_no}: {general} The import stopped there, "
                "because “skip rows with errors” was off."
            )
            if per_index:
                # PlanDocket rolls such a batch back whole: the other rows were not imported.
                return [
                    (i, Outcome.FAILED, per_index[p])
                    if p in per_index
                    else (i, Outcome.NOT_SENT, "not imported: the batch was rolled back")
                    for p, i in enumerate(indices)
                ]
        return [(i, Outcome.FAILED, per_index.get(p, general)) for p, i in enumerate(indices)]

    def _backoff(self, attempt: int) -> float:
        job = self.job
        ceiling = min(job._backoff_max, job._backoff_base * (2.0 ** (attempt - 1)))
        return ceiling / 2 + job._rng.uniform(0, ceiling / 2)  # "equal jitter"

    def _sleep(self, seconds: float, message: str, until: datetime) -> None:
        log.info("%s", message)
        self._emit("waiting", message, until)
        if self.job._wait(seconds, self.cancel):
            raise _CancelledError

    # --- progress -----------------------------------------------------------------------

    def _emit(self, event: str, message: str, until: datetime | None = None) -> None:
        if self.progress is None:
            return
        elapsed = self.job._clock() - self.started
        rate = self.rows_sent_now / elapsed if elapsed > 0 and self.rows_sent_now else None
        left = (self.job.rows_total - self.rows_done) / rate if rate else None
        self.progress(
            Progress(
                rows_done=self.rows_done,
                rows_total=self.job.rows_total,
                batch_index=self.batch_no,
                batch_count=len(self.job.batches),
                created=self.tally["created"],
                updated=self.tally["updated"],
                skipped=self.tally["skipped"],
                failed=self.tally["failed"],
                rows_per_second=rate,
                seconds_left=left,
                waiting_until=until,
                message=message,
                event=event,
            )
        )

    def _final_message(self) -> str:
        report = self.report
        return _summary.progress_final(report.status, report.counts(), report.stop_message)

    def _finish_journal(self) -> None:
        journal = self.job._journal
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
    rows = []
    for p, i in enumerate(indices):
        if p in by_position:
            rows.append((i, *by_position[p]))
        else:
            rows.append((i, Outcome.SENT, COUNTS_ONLY_MESSAGE))
    return rows


def _one_outcome(record: RecordResultLike) -> tuple[Outcome, str]:
    outcome = record.outcome
    if type(outcome) is not Outcome:
        outcome = Outcome(outcome)
    message = record.message or ""
    if outcome is Outcome.FAILED and not message:
        message = "failed (the server gave no reason)"
    return outcome, message


def _messages_by_index(body: object, size: int) -> dict[int, str]:
    """Per-record messages of a 422 body like ``{"errors": [{"index": 3, "error": "..."}]}``."""
    if not isinstance(body, dict):
        return {}
    items = body.get("errors")
    found: dict[int, str] = {}
    if isinstance(items, list):
        for item in items:
            if not isinstance(item, dict):
                continue
            pos = item.get("index", item.get("row"))
            if not isinstance(pos, int) or not 0 <= pos < size:
                continue
            text = item.get("error") or item.get("message") or item.get("errors")
            found[pos] = _text(text) or "rejected by PlanDocket"
    return found


def _general_message(exc: errors.ApiRejectedError) -> str:
    return _sentence(exc)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _sentence(exc: BaseException) -> str:
    text = str(exc).strip() or "PlanDocket did not answer as expected."
    return text if text.endswith((".", "!", "?")) else text + "."
