"""Work off the GUI thread: the pages' background tasks and the validation worker.

Contract: ``BackgroundTask`` (newest answer wins), ``Worker``, ``move_to_thread``,
``UNEXPECTED``; the tasks
``read_file -> FileRead``, ``connect -> Connection``, ``load_events``,
``import_later_modules``; ``ValidationWorker``.
"""

from plandocket_desktop.ui.threads._background import (
    UNEXPECTED,
    BackgroundTask,
    Worker,
    move_to_thread,
)
from plandocket_desktop.ui.threads._tasks import (
    CONNECT_TIMEOUT,
    Connection,
    FileRead,
    connect,
    import_later_modules,
    load_events,
    read_file,
)
from plandocket_desktop.ui.threads._validation import ValidationWorker

__all__ = [
    "CONNECT_TIMEOUT",
    "UNEXPECTED",
    "BackgroundTask",
    "Connection",
    "FileRead",
    "ValidationWorker",
    "Worker",
    "connect",
    "import_later_modules",
    "load_events",
    "move_to_thread",
    "read_file",
]
