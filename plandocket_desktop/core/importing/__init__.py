"""Running an import: the engine, its journal on disk, the history and the error report.

Contract: ``ImportJob`` (``run(progress, cancel, pause) -> ImportReport``), ``Progress``;
``JournalStore``/``JobJournal``/``fingerprint``; ``HistoryStore``/``HistoryEntry``;
``write_error_report``, ``write_csv``, ``extra_headers``, ``retry_draft``.
"""

from plandocket_desktop.core.importing._engine import ImportJob, ImportReport, Progress
from plandocket_desktop.core.importing._history import HistoryEntry, HistoryStore
from plandocket_desktop.core.importing._journal import (
    FILE_NAME as JOURNAL_FILE_NAME,
)
from plandocket_desktop.core.importing._journal import (
    JobJournal,
    JournalEntry,
    JournalStore,
    draft_to_json,
    fingerprint,
)
from plandocket_desktop.core.importing._report import (
    extra_headers,
    retry_draft,
    write_csv,
    write_error_report,
)

__all__ = [
    "JOURNAL_FILE_NAME",
    "HistoryEntry",
    "HistoryStore",
    "ImportJob",
    "ImportReport",
    "JobJournal",
    "JournalEntry",
    "JournalStore",
    "Progress",
    "draft_to_json",
    "extra_headers",
    "fingerprint",
    "retry_draft",
    "write_csv",
    "write_error_report",
]
