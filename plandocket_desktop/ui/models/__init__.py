"""Table models for the Review and Results pages: lazy views over the core's objects.

No item object per cell: a model answers ``data()`` from the ``Table`` (read a block of rows at
a time from Arrow) and from the validation result or import report, so a million rows open at
once. Filters are index arrays built inside the model; a ``QSortFilterProxyModel`` over a
million rows would call ``filterAcceptsRow`` a million times on the GUI thread.

Contract: ``ReviewModel`` with ``ReviewFilter``/``FILTER_LABELS`` and its column numbers;
``OutcomeModel`` with ``OutcomeFilter``/``OUTCOME_FILTER_LABELS``, ``OutcomeFacts``/
``outcome_facts``; ``RowCache``; the tints; ``guard_none_refcount``.
"""

from plandocket_desktop.ui.models._outcomes import (
    OUTCOME_FILTER_LABELS,
    OUTCOME_LABELS,
    OutcomeFacts,
    OutcomeFilter,
    OutcomeModel,
    outcome_facts,
    outcome_rows,
    outcome_value,
)
from plandocket_desktop.ui.models._preview_text import PREVIEW_LABELS, changes_text
from plandocket_desktop.ui.models._review import (
    FIRST_SOURCE_COLUMN,
    SEND_COLUMN,
    STATUS_COLUMN,
    ReviewModel,
)
from plandocket_desktop.ui.models._review_filters import FILTER_LABELS, ReviewFilter
from plandocket_desktop.ui.models._rows import (
    DUPLICATE_TINT,
    ERROR_TINT,
    WARNING_TINT,
    RowCache,
    guard_none_refcount,
)

__all__ = [
    "DUPLICATE_TINT",
    "ERROR_TINT",
    "FILTER_LABELS",
    "FIRST_SOURCE_COLUMN",
    "OUTCOME_FILTER_LABELS",
    "OUTCOME_LABELS",
    "PREVIEW_LABELS",
    "SEND_COLUMN",
    "STATUS_COLUMN",
    "WARNING_TINT",
    "OutcomeFacts",
    "OutcomeFilter",
    "OutcomeModel",
    "ReviewFilter",
    "ReviewModel",
    "RowCache",
    "changes_text",
    "guard_none_refcount",
    "outcome_facts",
    "outcome_rows",
    "outcome_value",
]
