"""The choices and outcomes every part names (re-exported by ``core.types``)."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Target(StrEnum):
    """What the rows become in PlanDocket."""

    CONTACTS = "contacts"
    PARTICIPANTS = "participants"


class Mode(StrEnum):
    """How the bulk import treats records that exist already."""

    CREATE = "create"
    UPDATE = "update"
    UPSERT = "upsert"


class MatchField(StrEnum):
    """How PlanDocket finds an existing record."""

    EMAIL = "email"
    CUSTOMER_NUMBER = "customer_number"


class Outcome(StrEnum):
    """What happened to one source row."""

    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    FAILED = "failed"
    NOT_SENT = "not_sent"
    SENT = "sent"  # the server reported counts only, no per-record outcome
    IGNORED = "ignored"  # a fully empty row


class RowStatus(StrEnum):
    """What validation decided for one data row (the order of ``validation.STATUSES``)."""

    READY = "ready"
    WARNING = "warning"
    ERROR = "error"
    EXCLUDED = "excluded"  # left out by the user
    IGNORED = "ignored"  # a fully empty row

    @property
    def sendable(self) -> bool:
        """True when the row goes out in the import."""
        return self in (RowStatus.READY, RowStatus.WARNING)


class ExitCode(IntEnum):
    """The exit codes of ``plandocket-import`` (documented in ``run --help``)."""

    OK = 0  # every row was imported (validate: no row has errors)
    PARTIAL = 1  # ran to the end, but some rows failed or were not sent (validate: errors)
    STOPPED = 2  # could not start, or was stopped (inspect/validate: cannot run)


class JobStatus(StrEnum):
    """How an import ended; decided once, by ``importing.ImportSession``."""

    FINISHED = "finished"  # every batch answered and every row went in (or was skipped)
    FINISHED_WITH_PROBLEMS = "finished_with_problems"  # every batch answered, rows left over
    CANCELLED = "cancelled"  # the user stopped it
    STOPPED = "stopped"  # the key was refused, the network was lost, ...

    @property
    def ended(self) -> str:
        """The word the history and the CLI's JSON keep: finished, cancelled or stopped."""
        if self is JobStatus.FINISHED_WITH_PROBLEMS:
            return JobStatus.FINISHED.value
        return self.value

    @property
    def exit_code(self) -> ExitCode:
        """What ``plandocket-import run``/``resume`` exit with."""
        if self is JobStatus.FINISHED:
            return ExitCode.OK
        if self is JobStatus.FINISHED_WITH_PROBLEMS:
            return ExitCode.PARTIAL
        return ExitCode.STOPPED
