"""The list of earlier imports on this computer (the Results page's second tab)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from plandocket_desktop.core import importing
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.i18n import N_, _, fmt_int

HISTORY_COLUMNS = [
    N_("When"),
    N_("File"),
    N_("Imported as"),
    N_("Created"),
    N_("Updated"),
    N_("Skipped"),
    N_("Failed"),
    N_("Not sent"),
    N_("How it ended"),
]
MAX_ENTRIES = 200


class ImportHistoryList(QTreeWidget):
    """One line per earlier import, newest first (no signals)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyList")
        self.setAccessibleName(_("Earlier imports on this computer"))
        self.setRootIsDecorated(False)
        self.setHeaderLabels([_(c) for c in HISTORY_COLUMNS])

    def load(self) -> None:
        """Read the history again (an unreadable history shows as empty)."""
        self.clear()
        try:
            entries = importing.HistoryStore().list(limit=MAX_ENTRIES)
        except PlandocketError:
            entries = []
        for entry in entries:
            c = entry.tally
            if entry.event_key:
                target = _("{target} ({event})").format(target=entry.target, event=entry.event_key)
            else:
                target = entry.target
            item = QTreeWidgetItem(
                [
                    entry.when_local,
                    entry.file_name,
                    target,
                    fmt_int(c.created),
                    fmt_int(c.updated),
                    fmt_int(c.skipped),
                    fmt_int(c.failed),
                    fmt_int(c.not_sent),
                    importing.summary.ended_label(entry.status),
                ]
            )
            item.setToolTip(1, entry.file_name)
            item.setData(0, Qt.ItemDataRole.UserRole, entry.job_id)
            self.addTopLevelItem(item)
        for column in range(self.columnCount()):
            self.resizeColumnToContents(column)

    def selected_job_id(self) -> str | None:
        """The journal id of the selected import (None: nothing selected, or not journaled)."""
        item = self.currentItem()
        if item is None:
            return None
        job_id = item.data(0, Qt.ItemDataRole.UserRole)
        return str(job_id) if job_id else None
