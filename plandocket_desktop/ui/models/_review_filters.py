"""The Review table's filters and status words: which rows each filter shows, and the labels."""

from __future__ import annotations

from enum import StrEnum

from plandocket_desktop.core.types import RowStatus
from plandocket_desktop.i18n import N_


class ReviewFilter(StrEnum):
    """Which rows the review table shows."""

    ALL = "all"
    PROBLEMS = "problems"  # warnings and errors
    ERRORS = "errors"
    WARNINGS = "warnings"
    READY = "ready"
    EXCLUDED = "excluded"


FILTER_LABELS: dict[ReviewFilter, str] = {
    ReviewFilter.ALL: N_("All rows"),
    ReviewFilter.PROBLEMS: N_("Rows with problems"),
    ReviewFilter.ERRORS: N_("Rows with errors"),
    ReviewFilter.WARNINGS: N_("Rows with warnings"),
    ReviewFilter.READY: N_("Ready rows"),
    ReviewFilter.EXCLUDED: N_("Rows left out"),
}

FILTER_STATUSES: dict[ReviewFilter, frozenset[RowStatus]] = {
    ReviewFilter.PROBLEMS: frozenset({RowStatus.ERROR, RowStatus.WARNING}),
    ReviewFilter.ERRORS: frozenset({RowStatus.ERROR}),
    ReviewFilter.WARNINGS: frozenset({RowStatus.WARNING}),
    ReviewFilter.READY: frozenset({RowStatus.READY}),
    ReviewFilter.EXCLUDED: frozenset({RowStatus.EXCLUDED}),
}

STATUS_LABELS: dict[RowStatus, str] = {
    RowStatus.READY: N_("Ready"),
    RowStatus.WARNING: N_("Check"),
    RowStatus.ERROR: N_("Error"),
    RowStatus.EXCLUDED: N_("Left out"),
    RowStatus.IGNORED: N_("Empty, ignored"),
}

__all__ = ["FILTER_LABELS", "FILTER_STATUSES", "STATUS_LABELS", "ReviewFilter"]
