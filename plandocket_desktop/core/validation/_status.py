"""Row statuses and their counts, kept as one small code per row.

A row is ``excluded`` (left out by the user) before anything else, then ``ignored`` (fully
empty), then ``error`` (at least one error code), ``warning`` (warnings only) or ``ready``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from plandocket_desktop.core.types import RowStatus
from plandocket_desktop.core.validation import _normalise as normalise
from plandocket_desktop.core.validation._states import FieldState

# Indexed by the status codes kept per row; RowStatus values equal the strings callers used.
STATUSES: tuple[RowStatus, ...] = (
    RowStatus.READY,
    RowStatus.WARNING,
    RowStatus.ERROR,
    RowStatus.EXCLUDED,
    RowStatus.IGNORED,
)
READY, WARNING, ERROR, EXCLUDED, IGNORED = range(5)


class Statuses:
    """Each row's status code (indexing ``STATUSES``), its exclusion and its emptiness."""

    def __init__(self, n: int, states: Sequence[FieldState]) -> None:
        self._states = states
        self.codes = np.zeros(n, dtype=np.uint8)
        self.excluded = np.zeros(n, dtype=np.bool_)
        self.ignored = np.zeros(n, dtype=np.bool_)
        # Participants by an event column: its issue codes, and the rows the person left out.
        self.extra: list[npt.NDArray[np.uint8]] = []
        self.left_out: npt.NDArray[np.bool_] | None = None

    def compute(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.uint8]:
        """The status codes of ``rows`` from their fields' issue codes."""
        error = np.zeros(rows.size, dtype=np.bool_)
        warning = np.zeros(rows.size, dtype=np.bool_)
        for state in self._states:
            codes = state.codes[rows]
            error |= normalise.IS_ERROR[codes]
            warning |= normalise.IS_WARNING[codes]
        for extra in self.extra:
            error |= normalise.IS_ERROR[extra[rows]]
        status = np.where(error, ERROR, np.where(warning, WARNING, READY)).astype(np.uint8)
        status[self.ignored[rows]] = IGNORED
        if self.left_out is not None:
            status[self.left_out[rows]] = EXCLUDED
        status[self.excluded[rows]] = EXCLUDED
        return status

    def refresh(self) -> None:
        """Recompute every row's status."""
        self.codes = self.compute(np.arange(self.codes.size))

    def update(self, rows: npt.NDArray[np.intp]) -> list[int]:
        """Recompute the status of ``rows``; returns those whose status changed."""
        rows = np.unique(rows)
        new = self.compute(rows)
        changed = rows[new != self.codes[rows]]
        self.codes[rows] = new
        return [int(i) for i in changed]

    def counts(self, dropped: int) -> dict[str, int]:
        """Disjoint counts; ``dropped``: the fully empty rows the reader left out."""
        tally = np.bincount(self.codes, minlength=len(STATUSES))
        return {
            "ready": int(tally[READY]),
            "warnings": int(tally[WARNING]),
            "errors": int(tally[ERROR]),
            "ignored": int(tally[IGNORED]) + dropped,
            "excluded": int(tally[EXCLUDED]),
        }

    def view(self) -> npt.NDArray[np.uint8]:
        """The status codes as a read-only view."""
        view = self.codes.view()
        view.flags.writeable = False
        return view
