"""At start: is there an interrupted import to offer? Answered without importing the journal
when there is no journal file (the usual start), else on a worker thread."""

from __future__ import annotations

from pathlib import Path

from plandocket_desktop.core import paths

# core.importing's journal file name, named here so that a start without a journal need not
# import it (a test keeps the two in step).
JOURNAL_FILE = "journal.sqlite3"


def journal_exists() -> bool:
    """Whether a journal file is there at all (cheap: no import, no opening)."""
    return (paths.data_dir() / JOURNAL_FILE).is_file()


def has_unfinished_import() -> bool:
    """Whether the journal holds an interrupted import whose file is still there (worker)."""
    from plandocket_desktop.core import importing
    from plandocket_desktop.core.errors import PlandocketError

    try:
        return any(Path(entry.file_path).is_file() for entry in importing.unfinished_imports())
    except PlandocketError:
        return False
