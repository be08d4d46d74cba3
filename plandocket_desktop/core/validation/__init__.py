"""Every row checked before anything is sent; bad rows are data, not exceptions.

Contract: ``validate(table, mapping, *, options, ...) -> ValidationResult``; ``Issue``,
``Severity``, ``STATUSES``; ``prepare(draft) -> Prepared`` (read the draft's file and validate it);
``EditHistory`` (undo and redo of edits and rows left out: ``Step``, ``CellChange``,
``RowChange``).
"""

from plandocket_desktop.core.validation._history import CellChange, EditHistory, RowChange, Step
from plandocket_desktop.core.validation._prepare import Prepared, prepare
from plandocket_desktop.core.validation._result import (
    STATUSES,
    Issue,
    Severity,
    ValidationResult,
    validate,
)

__all__ = [
    "STATUSES",
    "CellChange",
    "EditHistory",
    "Issue",
    "Prepared",
    "RowChange",
    "Severity",
    "Step",
    "ValidationResult",
    "prepare",
    "validate",
]
