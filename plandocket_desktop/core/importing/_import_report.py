"""What an import run tells: ``Progress`` while it runs, ``ImportReport`` at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from plandocket_desktop.core.importing import _summary
from plandocket_desktop.core.importing._protocols import ValidationLike
from plandocket_desktop.core.importing._reasons import BatchRefusal, RowReason, reason_text
from plandocket_desktop.core.types import Counts, ImportOptions, JobStatus, Outcome, RowStatus


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
