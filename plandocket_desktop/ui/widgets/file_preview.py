"""The File page's preview: the first rows of the table as they will be read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from typing_extensions import override

from plandocket_desktop.i18n import _

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Table

PREVIEW_ROWS = 50


class PreviewModel(QAbstractTableModel):
    """The first rows of the table, read once (a few dozen rows, so plain lists are fine)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: list[str] = []
        self._rows: list[list[str]] = []
        self._numbers: list[int] = []

    def set_table(self, table: Table | None) -> None:
        self.beginResetModel()
        if table is None:
            self._columns, self._rows, self._numbers = [], [], []
        else:
            self._columns = list(table.columns)
            self._rows = table.head(PREVIEW_ROWS)
            self._numbers = [table.row_number(i) for i in range(len(self._rows))]
        self.endResetModel()

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    @override
    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._rows[index.row()][index.column()]
            if role == Qt.ItemDataRole.DisplayRole and len(text) > 200:
                return text[:200] + "…"
            return text
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section] if section < len(self._columns) else None
        return str(self._numbers[section]) if section < len(self._numbers) else None


class PreviewTable(QTableView):
    """A read-only view of a ``PreviewModel``, columns fitted to their text up to a limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewTable")
        self.setAccessibleName(_("The first rows of the file"))
        self.preview_model = PreviewModel(parent)
        self.setModel(self.preview_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move inside
        self.setWordWrap(False)
        self.setToolTip(_("The first rows of the file, as they will be read"))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setToolTip(_("Row numbers as in Excel"))

    def show_table(self, table: Table | None) -> None:
        """Show the first rows of ``table`` (None: nothing)."""
        self.preview_model.set_table(table)
        if table is not None:
            self.fit_columns()

    def fit_columns(self) -> None:
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        limit = max(140, self.fontMetrics().averageCharWidth() * 36)
        for section in range(header.count()):
            if header.sectionSize(section) > limit:
                header.resizeSection(section, limit)
