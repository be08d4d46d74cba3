"""One ``ImportJob.run``: the one send loop over the batches."""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from plandocket_desktop.core.importing import _summary, _undo_record
from plandocket_desktop.core.importing._import_report import ImportReport, Progress
from plandocket_desktop.core.importing._ledger import _Ledger
from plandocket_desktop.core.importing._plan import RunPlan
from plandocket_desktop.core.importing._protocols import RowResult
from plandocket_desktop.core.importing._reasons import RowReason
from plandocket_desktop.core.importing._sender import (
    RetryPolicy,
    _Answer,
    _BatchSender,
    _CancelledError,
    _StopError,
    _Waiting,
)
from plandocket_desktop.core.types import Outcome, RowStatus
from plandocket_desktop.i18n import _

_T = TypeVar("_T")


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


def _set_in_steps(values: Sequence[int], step: int = 50_000) -> set[int]:
    """``set(values)``, built a slice at a time.

    One ``set()`` of a million row indices runs in C for 50-80 ms without letting another
    thread in; the window's thread would wait that long when an import starts.
    """
    result: set[int] = set()
    for start in range(0, len(values), step):
        result.update(values[start : start + step])
    return result


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
        sendable_rows = plan.validation.sendable_indices()
        in_run = _set_in_steps(plan.indices)
        not_now = RowReason.NOT_IN_RUN
        for i in sendable_rows:
            if i not in in_run:
                report.messages[i] = not_now
        sendable = _set_in_steps(sendable_rows)
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
