"""The choices and outcomes every part names (re-exported by ``core.types``)."""

from __future__ import annotations

from enum import StrEnum


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
