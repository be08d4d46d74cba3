"""One import of a file at a time: a lock held for the life of the job, across processes.

An import holds an exclusive lock on a small file in the data folder named after the source
file's full path. ``filelock`` takes it with ``flock`` (``msvcrt.locking`` on Windows): the
operating system lets go when the process ends in any way, even SIGKILL or a power cut of the
app, so a crashed import never blocks the next start. ``flock`` belongs to the open file, not
to the process: a second window of the same process is refused just like a second process.
The lock files stay (a few bytes each); deleting them could let two holders in at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import filelock

from plandocket_desktop.core import errors, paths
from plandocket_desktop.i18n import _

FOLDER = "locks"


def lock_path(source: Path) -> Path:
    """The lock file of an import of ``source`` (the same for every path to the same file)."""
    key = hashlib.sha256(str(Path(source).resolve()).encode("utf-8", "surrogatepass"))
    return paths.data_dir() / FOLDER / f"{key.hexdigest()[:32]}.lock"


class ImportLock:
    """The lock of one import; ``acquire`` refuses at once when someone else holds it."""

    def __init__(self, source: Path) -> None:
        self.path = lock_path(source)
        # thread_local=False: the wizard takes it on one worker thread and may let go of it on
        # another; is_singleton=False: a second window in this process gets its own lock object,
        # which the first one's flock refuses.
        self._lock = filelock.FileLock(self.path, timeout=0, thread_local=False)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> ImportLock:
        """Take the lock; ImportRunningError when another window or process has it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except filelock.Timeout as exc:
            raise errors.ImportRunningError(_("This import is running in another window.")) from exc
        except OSError as exc:
            raise errors.JournalError(
                _("The import cannot be started: its lock file in the data folder cannot be made.")
            ) from exc
        return self

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> ImportLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_running(source: Path) -> bool:
    """Whether an import of ``source`` is running now (in this process or another)."""
    probe = ImportLock(source)
    try:
        probe.acquire()
    except errors.ImportRunningError:
        return True
    except errors.JournalError:
        return False
    probe.release()
    return False
