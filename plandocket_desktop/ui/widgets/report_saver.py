"""The Results page's error report: where it is suggested, and writing it off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import ImportReport
    from plandocket_desktop.core.types import Table
    from plandocket_desktop.ui import threads


def suggested_path(source: Path | str | None) -> Path:
    """Next to the source file ("people - errors.csv"), else in the home folder."""
    if source is not None:
        return Path(source).with_name(Path(source).stem + " - errors.csv")
    return Path.home() / "import errors.csv"


class ReportSaver(QObject):
    """Writes one error report at a time on a worker thread.

    Signals:
        saved(int, object): how many rows were written, and the path (a ``Path``).
        failed(str): a sentence for the user.
    """

    saved = Signal(int, object)
    failed = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._task: threads.BackgroundTask | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None and bool(self._task.busy)

    def start(self, report: ImportReport, table: Table, target: Path) -> None:
        from plandocket_desktop.ui import threads

        if self._task is None:
            self._task = threads.BackgroundTask(self)
            self._task.succeeded.connect(self._on_task_succeeded)
            self._task.failed.connect(self.failed)
        self._task.start(_ReportWrite(report, table, target))

    def shutdown(self) -> None:
        if self._task is not None:
            self._task.shutdown()

    @Slot(object)
    def _on_task_succeeded(self, result: object) -> None:
        assert isinstance(result, tuple)
        count, target = result
        self.saved.emit(count, target)


class _ReportWrite:
    """The error report written on a worker thread (a plain callable, no Qt)."""

    def __init__(self, report: ImportReport, table: Table, target: Path) -> None:
        self._report, self._table, self._target = report, table, target

    def __call__(self) -> tuple[int, Path]:
        from plandocket_desktop.core import importing

        count = importing.write_error_report(self._report, self._table, self._target)
        return count, self._target
