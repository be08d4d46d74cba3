"""Why a row ended as it did: stable codes that are stored, and their sentences, shown."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from plandocket_desktop.i18n import N_, _


class RowReason(StrEnum):
    """Why a row ended as it did, as a stable code: store the code, render it when shown."""

    COUNTS_ONLY = "counts_only"
    CANCELLED = "cancelled"
    EARLIER_ATTEMPT = "earlier_attempt"
    UNCERTAIN = "uncertain"
    ROLLED_BACK = "rolled_back"
    STOPPED_EARLIER = "stopped_earlier"
    NOT_IN_RUN = "not_in_run"
    NO_REASON = "no_reason"


class BatchRefusal(str):
    """PlanDocket's sentence refusing a whole batch, kept for a row the refusal did not name.

    Such a row was not refused for its own data, so sending it again may pass (see
    ``ImportReport.retry_indices``). It is stored and shown as the plain text it is.
    """

    __slots__ = ()


ROW_REASONS: Final[Mapping[RowReason, str]] = {
    RowReason.COUNTS_ONLY: N_("sent; the server reported counts only"),
    RowReason.CANCELLED: N_("You stopped the import before this row was sent."),
    RowReason.EARLIER_ATTEMPT: N_(
        "already in PlanDocket: most likely created by an earlier attempt of this batch "
        "whose answer was lost"
    ),
    RowReason.UNCERTAIN: N_(
        "not confirmed: PlanDocket may or may not have imported this row (its answer was "
        "lost); resuming the import sends it again, which is safe"
    ),
    RowReason.ROLLED_BACK: N_("not imported: the batch was rolled back"),
    RowReason.STOPPED_EARLIER: N_("The import stopped at an error in an earlier row."),
    RowReason.NOT_IN_RUN: N_("Not part of this run."),
    RowReason.NO_REASON: N_("failed (the server gave no reason)"),
}


def reason_text(reason: RowReason | str) -> str:
    """The sentence for a row's reason code, in the chosen language."""
    return _(ROW_REASONS[RowReason(reason)])
