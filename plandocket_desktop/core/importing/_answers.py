"""Reading PlanDocket's answer to a batch into one outcome per row."""

from __future__ import annotations

from collections.abc import Mapping

from plandocket_desktop.core.importing._protocols import BulkResultLike, RecordResultLike, RowResult
from plandocket_desktop.core.importing._reasons import RowReason
from plandocket_desktop.core.types import Outcome


def outcomes_of(indices: list[int], result: BulkResultLike) -> list[RowResult]:
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
