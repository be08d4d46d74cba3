"""Sending one batch until PlanDocket answers it: ``RetryPolicy`` and ``_BatchSender``."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from plandocket_desktop.core import api, errors
from plandocket_desktop.core.importing import _undo_record
from plandocket_desktop.core.importing._answers import outcomes_of, settle_row_base
from plandocket_desktop.core.importing._protocols import (
    BulkResultLike,
    ClientLike,
    RowResult,
    Waiter,
)
from plandocket_desktop.core.importing._reasons import BatchRefusal, RowReason
from plandocket_desktop.core.importing._undo_data import UndoRow
from plandocket_desktop.core.types import ImportOptions, Outcome
from plandocket_desktop.i18n import N_, _, fmt_int, fmt_time, ngettext

log = logging.getLogger(__name__)

# Why a resumable import stopped: ``problem`` is the error's own sentence.
RESUMABLE_STOP: Final = N_(
    "{problem} The import can be resumed later; finished batches will not be sent again."
)
UNEXPECTED_STOP: Final = N_(
    "An unexpected problem stopped the import ({name}). The import can be resumed later; "
    "finished batches will not be sent again."
)


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
                if isinstance(result, api.BulkResult) and result.zero_based is not None:
                    field_name = options.match_field.value
                    result = settle_row_base(self._client, records, result, field_name)
                rows = outcomes_of(indices, result)
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


def _problem(exc: BaseException) -> str:
    """The error's own sentence (ours are whole sentences), or a general one."""
    return str(exc) or _("PlanDocket did not answer as expected.")
