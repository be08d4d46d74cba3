"""The File page's recent files: a list kept in the app's settings, greyed when a file is gone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QVBoxLayout, QWidget

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import style

MAX_RECENT = 8


class RecentFiles(QWidget):
    """A heading and the list of recently opened files; hidden while the list is empty.

    The page connects ``list.itemActivated``/``itemClicked``; each item carries its full path
    as ``Qt.ItemDataRole.UserRole``.
    """

    def __init__(self, settings: QSettings | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = style.heading(_("Recent files"), self)
        self.list = QListWidget(self)
        self.list.setObjectName("recentList")
        self.list.setAccessibleName(_("Recent files"))
        self.list.setToolTip(_("Click a file to open it again"))
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.list.setMaximumHeight(200)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)

    def paths(self) -> list[str]:
        """The remembered files, newest first."""
        if self._settings is None:
            return []
        value = self._settings.value("file/recent", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            return []
        return [str(v) for v in value][:MAX_RECENT]

    def remember(self, path: Path) -> None:
        """Put ``path`` first (and its folder as the one to browse next) and show the list."""
        if self._settings is None:
            return
        text = str(path.resolve()) if path.exists() else str(path)
        recent = [text] + [p for p in self.paths() if p != text]
        self._settings.setValue("file/recent", recent[:MAX_RECENT])
        self._settings.setValue("file/folder", str(path.parent))
        self.refresh()

    def last_folder(self) -> str:
        if self._settings is None:
            return ""
        return str(self._settings.value("file/folder", "") or "")

    def refresh(self) -> None:
        """Fill the list from the settings."""
        self.list.clear()
        for text in self.paths():
            path = Path(text)
            item = QListWidgetItem(path.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, text)
            item.setToolTip(text)
            if not path.exists():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setText(_("{name} (not found)").format(name=path.name))
        self.setVisible(self.list.count() > 0)
