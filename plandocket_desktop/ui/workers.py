"""Run slow work (reading a file, checking the key, loading events) off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from plandocket_desktop.core.errors import PlandocketError

if TYPE_CHECKING:
    from plandocket_desktop.core.types import SheetInfo, Table

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Something unexpected went wrong. The details were written to the log file; please try again."
)


class Worker(QObject):
    """Runs one callable on a worker thread and reports how it ended.

    Signals:
        succeeded(int, object): the task's generation and its result.
        failed(int, str): the task's generation and a sentence for the user.
        finished(): always last; the thread may quit.
    """

    succeeded = Signal(int, object)
    failed = Signal(int, str)
    finished = Signal()

    def __init__(self, task: Callable[[], object], generation: int) -> None:
        super().__init__()
        self._task = task
        self._generation = generation

    @Slot()
    def run(self) -> None:
        try:
            result = self._task()
        except PlandocketError as exc:
            self.failed.emit(self._generation, str(exc))
        except Exception:  # a bug: log it, tell the user plainly, keep the app alive
            log.exception("background task failed")
            self.failed.emit(self._generation, UNEXPECTED)
        else:
            self.succeeded.emit(self._generation, result)
        finally:
            # Hand the object back to the GUI thread so it is deleted there, not in a dead thread.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            self.finished.emit()


class BackgroundTask(QObject):
    """One kind of background job of a page; only the newest request's answer is delivered.

    Starting a new request while an older one still runs lets the older one finish quietly
    (its answer is dropped), so a user who picks another file never sees a stale preview.

    Signals:
        succeeded(object): the result of the newest request.
        failed(str): a sentence for the user.
        busy_changed(bool): True while the newest request runs.
    """

    succeeded = Signal(object)
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        discard: Callable[[object], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._discard = discard  # cleans up a result nobody wants any more (e.g. a client)
        self._generation = 0
        self._busy = False
        self._running: dict[QThread, Worker] = {}

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self, task: Callable[[], object]) -> None:
        """Run ``task()`` on a fresh thread; its answer replaces any pending one."""
        self._generation += 1
        thread = QThread(self)
        worker = Worker(task, self._generation)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.succeeded.connect(self._on_worker_succeeded)
        worker.failed.connect(self._on_worker_failed)
        worker.finished.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished)
        self._running[thread] = worker
        self._set_busy(True)
        thread.start()

    def forget(self) -> None:
        """Drop the answer of whatever runs now (e.g. the user left practice mode)."""
        self._generation += 1
        self._set_busy(False)

    def shutdown(self) -> None:
        """Wait for every thread still running; call before the page goes away."""
        self.forget()
        for thread in list(self._running):
            thread.quit()
            thread.wait()
        # Deliver the answers already queued for us, so that `discard` sees them now.
        from PySide6.QtCore import QEvent  # here: its big Type enum is set up on first use

        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        self._running.clear()

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    @Slot(int, object)
    def _on_worker_succeeded(self, generation: int, result: object) -> None:
        if generation != self._generation:
            if self._discard is not None:
                self._discard(result)
        else:
            self._set_busy(False)
            self.succeeded.emit(result)

    @Slot(int, str)
    def _on_worker_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._set_busy(False)
            self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread) and thread in self._running:
            del self._running[thread]
            thread.deleteLater()


# --- the tasks the pages run through BackgroundTask ---------------------------------------
# Plain functions (no Qt) so they run on any thread; the core is imported lazily to keep
# start-up fast.


@dataclass
class FileRead:
    """What the File page gets back from reading a file."""

    path: Path
    table: Table
    sheets: list[SheetInfo]


def read_file(path: Path, sheet: str | None = None, header_row: int | None = None) -> FileRead:
    from plandocket_desktop.core import reading

    table = reading.read_table(path, sheet=sheet, header_row=header_row)
    sheets = list(table.source.sheets)
    if not sheets and table.source.format not in ("csv", "tsv", "txt"):
        sheets = reading.list_sheets(path)
    return FileRead(path, table, sheets)


@dataclass
class Connection:
    """A client whose key was checked; ``key_saved`` False means no keyring (session only)."""

    tenant: str
    client: Any
    check: Any  # core.client.ConnectionCheck
    key_saved: bool | None = None  # None: the user did not ask to remember it
    key_note: str | None = None  # why the key could not be saved, as a sentence
    sandbox: Any = None  # the practice sandbox, when this is practice mode

    @property
    def host(self) -> str:
        return str(getattr(self.client, "host", "") or self.tenant)

    def close(self) -> None:
        self.client.close()


CONNECT_TIMEOUT = 20.0


def connect(
    tenant: str, api_key: str, *, credentials: Any = None, remember: bool = False
) -> Connection:
    """Build a client, check the key (raises AuthenticationError etc.), maybe store the key."""
    from plandocket_desktop.core import api

    client = api.PlandocketClient(tenant, api_key, timeout=CONNECT_TIMEOUT)
    try:
        check = client.check_connection()
    except BaseException:
        client.close()
        raise
    saved: bool | None = None
    note: str | None = None
    if remember and credentials is not None:
        saved = bool(credentials.set(tenant, api_key))
        note = None if saved else getattr(credentials, "reason", None)
    return Connection(tenant, client, check, saved, note)


def load_events(api: Any) -> list[Any]:
    """The tenant's events for the event picker (runs on a worker thread)."""
    return list(api.list_events())
