"""The run's ledger: each row's outcome in the report, each batch in the journal, progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from plandocket_desktop.core.importing._import_report import ImportReport, Progress
from plandocket_desktop.core.importing._plan import RunPlan
from plandocket_desktop.core.importing._protocols import RowResult
from plandocket_desktop.core.importing._undo_data import UndoRow
from plandocket_desktop.core.types import Outcome
from plandocket_desktop.i18n import _, fmt_int


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
