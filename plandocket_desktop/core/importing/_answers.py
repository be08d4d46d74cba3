"""Reading PlanDocket's answer to a batch into one outcome per row."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

from plandocket_desktop.core import api, errors
from plandocket_desktop.core.importing._protocols import BulkResultLike, RecordResultLike, RowResult
from plandocket_desktop.core.importing._reasons import RowReason
from plandocket_desktop.core.types import Outcome

log = logging.getLogger(__name__)


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


# --- a `row` whose base the answer leaves open ------------------------------------------------

# Look-ups per batch at most when settling whether an answer's ``row`` numbers are 0-based.
MAX_BASE_LOOKUPS: Final = 4


def settle_row_base(
    client: object,
    records: Sequence[Mapping[str, Any]],
    result: api.BulkResult,
    match_field: str,
) -> api.BulkResult:
    """The reading of ``result`` that fits what PlanDocket now holds.

    ``api.parse_bulk_result`` reads a ``row`` 1-based unless a row 0 appears; when the rows
    fit the batch either way it also gives the 0-based reading (``result.zero_based``). The
    two readings name different rows as failed: a few of those rows' match values are looked
    up (``client.find_contacts``). A row held with the values sent was imported; a row not
    held at all was not. The reading that every look-up agrees with wins; when the look-ups
    cannot tell (no client to ask, a row held with other values, an error), the rule's reading
    stays.
    """
    other = result.zero_based
    if other is None:
        return result
    find = getattr(client, "find_contacts", None)
    failed_one = {r.index for r in result.records if r.outcome is Outcome.FAILED}
    failed_zero = {r.index for r in other.records if r.outcome is Outcome.FAILED}
    candidates = sorted(failed_one ^ failed_zero)[:MAX_BASE_LOOKUPS]
    if not callable(find) or not candidates:
        return result
    fits = {False: True, True: True}  # zero-based? -> no look-up contradicts that reading
    asked = 0
    for p in candidates:
        asked += 1
        held = _held(find, records[p], match_field)
        if held is None:
            continue
        for zero_based, failed in ((False, failed_one), (True, failed_zero)):
            if held == (p in failed):  # imported yet named failed, or missing yet not failed
                fits[zero_based] = False
    if fits[True] and not fits[False]:
        log.info("answer's row numbers settled as 0-based by %d look-ups", asked)
        return replace(other, zero_based=None)
    if fits[False] and not fits[True]:
        log.info("answer's row numbers settled as 1-based by %d look-ups", asked)
        return replace(result, zero_based=None)
    log.info("answer's row numbers fit 0- and 1-based; %d look-ups could not tell", asked)
    return result


def _held(
    find: Callable[[str], Sequence[Any]], record: Mapping[str, Any], match_field: str
) -> bool | None:
    """True: PlanDocket holds the record with the values sent; False: no contact has its
    match value; None: held with other values, or the look-up failed."""
    wanted = api.match_key(record.get(match_field), match_field)
    if wanted is None:
        return None
    try:
        found = [c for c in find(wanted) if c.match_key(match_field) == wanted]
    except errors.PlandocketError as exc:
        log.info("look-up for a row's base failed (%s)", type(exc).__name__)
        return None
    if not found:
        return False
    if len(found) > 1:
        return None
    values = found[0].values
    for key, sent in record.items():
        if sent in (None, "") or key not in values:
            continue
        if api.match_key(values[key], key) != api.match_key(sent, key):
            return None
    return True
