"""Every row checked before anything is sent; bad rows are data, not exceptions.

Contract: ``validate(table, mapping, *, options, ...) -> ValidationResult``; ``Issue``,
``Severity``, ``STATUSES``; ``prepare(draft) -> Prepared`` (read the draft's file and validate it).
"""

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
    "Issue",
    "Prepared",
    "Severity",
    "ValidationResult",
    "prepare",
    "validate",
]
