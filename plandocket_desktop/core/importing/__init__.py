"""Running an import: the session, the engine, its journal on disk, the history, the report.

Contract: ``ImportSession`` (``start``/``resume``/``retry`` -> ``job(client)`` ->
``finish(report)`` -> ``status``/``exit_code``: where an import's status is decided),
``unfinished_imports``, ``journal_entry``, ``close_journal``, ``merged_report``; the words about
a result in ``summary`` (``outcome_list``, ``final_text``, ``headline``, ``results_sentence``);
``ImportJob`` (``run(progress, cancel, pause) -> ImportReport``), ``Progress``;
``JournalStore``/``JobJournal``/``fingerprint``; ``HistoryStore``/``HistoryEntry``;
``write_error_report``, ``write_csv``, ``extra_headers``, ``retry_draft``; undo of an import:
``UndoSession`` (``open`` -> ``confirmation``/``check_scopes`` -> ``run`` -> ``UndoResult``),
``UndoRefusedError``, ``UndoCounts``, ``undo_reason_text``; ``call_with_retries`` (the
retry rule of undo's and the preview's lookups).
"""

from plandocket_desktop.core.importing import _summary as summary
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
from plandocket_desktop.core.importing._session import (
    ImportSession,
    close_journal,
    journal_entry,
    merged_report,
    unfinished_imports,
)
from plandocket_desktop.core.importing._undo import (
    UndoCounts,
    UndoRefusedError,
    UndoResult,
    UndoSession,
)
from plandocket_desktop.core.importing._undo import reason_text as undo_reason_text
from plandocket_desktop.core.importing._undo_record import call_with_retries

__all__ = [
    "JOURNAL_FILE_NAME",
    "HistoryEntry",
    "HistoryStore",
    "ImportJob",
    "ImportReport",
    "ImportSession",
    "JobJournal",
    "JournalEntry",
    "JournalStore",
    "Progress",
    "UndoCounts",
    "UndoRefusedError",
    "UndoResult",
    "UndoSession",
    "call_with_retries",
    "close_journal",
    "draft_to_json",
    "extra_headers",
    "fingerprint",
    "journal_entry",
    "merged_report",
    "retry_draft",
    "summary",
    "undo_reason_text",
    "unfinished_imports",
    "write_csv",
    "write_error_report",
]
