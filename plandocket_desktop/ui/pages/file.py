"""Page 2, File: drop or choose a spreadsheet, pick sheet and header row, see the first rows."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from typing_extensions import override

from plandocket_desktop.ui import dialogs, style, threads
from plandocket_desktop.ui.state import WizardState

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Table

PREVIEW_ROWS = 50
MAX_RECENT = 8
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")

FORMATS = {
    "csv": "Text file (CSV)",
    "tsv": "Text file (tab-separated)",
    "txt": "Text file",
    "xlsx": "Excel workbook",
    "xlsm": "Excel workbook with macros",
    "xls": "Excel 97-2003 workbook",
    "ods": "LibreOffice / OpenDocument spreadsheet",
}
ENCODINGS = {
    "utf-8": "Unicode (UTF-8)",
    "utf-8-sig": "Unicode (UTF-8, as Excel saves it)",
    "utf-16": "Unicode (UTF-16)",
    "utf-16-le": "Unicode (UTF-16, as Excel's “Unicode Text”)",
    "utf-16-be": "Unicode (UTF-16)",
    "cp1252": "Western European (Windows)",
    "latin-1": "Western European (ISO 8859-1)",
    "iso-8859-1": "Western European (ISO 8859-1)",
    "iso-8859-15": "Western European (ISO 8859-15)",
}
DELIMITERS = {
    ",": "commas",
    ";": "semicolons",
    "\t": "tabs",
    "|": "vertical bars (|)",
}


def local_file(mime: QMimeData) -> Path | None:
    """The first local file in dragged data, or None."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            return Path(url.toLocalFile())
    return None


def describe_source(table: Table) -> str:
    """What the reader found, in plain words."""
    source = table.source
    parts = [FORMATS.get(source.format, source.format.upper())]
    if source.encoding:
        parts.append(f"text encoding {ENCODINGS.get(source.encoding.lower(), source.encoding)}")
    if source.delimiter:
        parts.append(f"columns separated by {DELIMITERS.get(source.delimiter, source.delimiter)}")
    sentences = [", ".join(parts) + "."]
    if source.sheet:
        count = len(source.sheets)
        other = f" (the workbook has {count} sheets)" if count > 1 else ""
        sentences.append(f"Reading the sheet “{source.sheet}”{other}.")
    rows = table.n_rows
    sentences.append(
        f"{rows:,} {'row' if rows == 1 else 'rows'} of data in "
        f"{table.n_cols} {'column' if table.n_cols == 1 else 'columns'}."
    )
    header = source.header_row + 1
    if header > 1:
        found = "found in" if source.header_detected else "taken from"
        sentences.append(f"Column names {found} row {header}; the rows above are left out.")
    if source.empty_rows_dropped:
        n = len(source.empty_rows_dropped)
        sentences.append(f"{n} empty {'row is' if n == 1 else 'rows are'} left out.")
    return " ".join(sentences)


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


class DropArea(QFrame):
    """A large target for a dragged file, with a "Choose a file…" button inside.

    Signals: file_dropped(str) — the path of a dropped local file.
    """

    file_dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropArea")
        self.setAcceptDrops(True)
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip("Drag a spreadsheet from your desktop or a folder and drop it here")
        self._hovering = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_LargeIconSize) * 3 // 2
        pixmap = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(size, size)
        icon.setPixmap(pixmap)
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel("Drop your spreadsheet here", self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        style.bigger(self.title, 1.3)
        subtitle = style.hint("Excel, LibreOffice or CSV files (.xlsx .xls .ods .csv .txt)", self)
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.browse_button = QPushButton("&Choose a file…", self)
        self.browse_button.setObjectName("browseButton")
        self.browse_button.setToolTip("Open a spreadsheet from your computer")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.browse_button)
        row.addStretch(1)
        layout.addStretch(1)
        layout.addWidget(icon)
        layout.addWidget(self.title)
        layout.addWidget(subtitle)
        layout.addLayout(row)
        layout.addStretch(1)

    @override
    def sizeHint(self) -> QSize:
        return QSize(420, 200)

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_file(event.mimeData()) is not None:
            event.acceptProposedAction()
            self._set_hovering(True)
        else:
            event.ignore()

    @override
    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_hovering(False)
        super().dragLeaveEvent(event)

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hovering(False)
        path = local_file(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.file_dropped.emit(str(path))

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        role = QPalette.ColorRole.Highlight if self._hovering else QPalette.ColorRole.Mid
        pen = QPen(palette.color(role), 2.0, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        background = palette.color(
            QPalette.ColorRole.AlternateBase if self._hovering else QPalette.ColorRole.Base
        )
        painter.setBrush(background)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.drawRoundedRect(rect, 12, 12)
        painter.end()

    def _set_hovering(self, hovering: bool) -> None:
        self._hovering = hovering
        self.update()


class FilePage(QWizardPage):
    """Signals: loaded(bool) — a read finished (True: a usable table is shown)."""

    loaded = Signal(bool)

    def __init__(self, state: WizardState, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("filePage")
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle(
            "Drop the file with the people you want to import, or choose it. "
            "Excel, LibreOffice and CSV files of any size work."
        )
        self._state = state
        self._settings = settings
        self._path: Path | None = None
        self._sheet: str | None = None
        self._header_row: int | None = None
        self._table: Table | None = None
        self._error: str | None = None
        self._task = threads.BackgroundTask(self)
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self._task.busy_changed.connect(self._on_task_busy_changed)
        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(400)
        self._header_timer.timeout.connect(self._on_header_timer_timeout)
        self._build()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = style.page_layout(self)
        top = QHBoxLayout()
        top.setSpacing(style.SPACING)
        self.drop_area = DropArea(self)
        self.browse_button = self.drop_area.browse_button
        top.addWidget(self.drop_area, 3)

        recent = QVBoxLayout()
        recent.setSpacing(6)
        self.recent_heading = style.heading("Recent files", self)
        self.recent_list = QListWidget(self)
        self.recent_list.setObjectName("recentList")
        self.recent_list.setToolTip("Click a file to open it again")
        self.recent_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.recent_list.setMaximumHeight(200)
        self.recent_list.setAlternatingRowColors(True)
        recent.addWidget(self.recent_heading)
        recent.addWidget(self.recent_list, 1)
        self.recent_box = QWidget(self)
        self.recent_box.setLayout(recent)
        recent.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.recent_box, 2)
        layout.addLayout(top)

        self.file_label = style.heading("", self)
        self.file_label.setObjectName("fileNameLabel")
        self.facts_label = style.hint("", self)
        self.facts_label.setObjectName("factsLabel")
        layout.addWidget(self.file_label)
        layout.addWidget(self.facts_label)

        options = QHBoxLayout()
        options.setSpacing(10)
        self.sheet_label = QLabel("&Sheet:", self)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.setToolTip("The sheet of the workbook that holds the people")
        self.sheet_combo.setMinimumContentsLength(16)
        self.sheet_label.setBuddy(self.sheet_combo)
        self.header_label = QLabel("Column &names are in row:", self)
        self.header_row_spin = QSpinBox(self)
        self.header_row_spin.setObjectName("headerRowSpin")
        self.header_row_spin.setRange(1, 1000)
        self.header_row_spin.setToolTip(
            "The row (as numbered in Excel) that holds the column names. "
            "It is found by itself; change it if the preview looks wrong."
        )
        self.header_label.setBuddy(self.header_row_spin)
        options.addWidget(self.sheet_label)
        options.addWidget(self.sheet_combo)
        # A gap that hides with the sheet chooser, so a CSV's header-row line starts at the edge.
        self._sheet_gap = QWidget(self)
        self._sheet_gap.setFixedWidth(16)
        options.addWidget(self._sheet_gap)
        options.addWidget(self.header_label)
        options.addWidget(self.header_row_spin)
        options.addStretch(1)
        self.options_box = QWidget(self)
        options.setContentsMargins(0, 0, 0, 0)
        self.options_box.setLayout(options)
        layout.addWidget(self.options_box)

        self.busy = style.BusyIndicator("Reading the file…", self)
        layout.addWidget(self.busy)
        self.message_bar = style.MessageBar(self)
        self.message_bar.setObjectName("fileMessage")
        layout.addWidget(self.message_bar)

        self.preview_model = PreviewModel(self)
        self.preview = QTableView(self)
        self.preview.setObjectName("previewTable")
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setAlternatingRowColors(True)
        self.preview.setWordWrap(False)
        self.preview.setToolTip("The first rows of the file, as they will be read")
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.verticalHeader().setToolTip("Row numbers as in Excel")
        layout.addWidget(self.preview, 1)
        self.preview_spacer = QWidget(self)
        self.preview_spacer.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding
        )
        layout.addWidget(self.preview_spacer)

        self.drop_area.file_dropped.connect(self._on_drop_area_file_dropped)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.recent_list.itemActivated.connect(self._on_recent_item_activated)
        self.recent_list.itemClicked.connect(self._on_recent_item_activated)
        self.sheet_combo.activated.connect(self._on_sheet_combo_activated)
        self.header_row_spin.valueChanged.connect(self._on_header_row_spin_value_changed)
        self._show_recent()
        self._update_view()

    # --- QWizardPage --------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        self._show_recent()
        if self._path is None:
            self.browse_button.setFocus()

    @override
    def cleanupPage(self) -> None:
        """Keep the file when the user goes back."""

    @override
    def isComplete(self) -> bool:
        return (
            self._table is not None
            and self._table.n_rows > 0
            and self._error is None
            and not self._task.busy
            and not self._header_timer.isActive()
        )

    @override
    def validatePage(self) -> bool:
        if not self.isComplete() or self._table is None or self._path is None:
            return False
        draft = self._state.draft
        source = self._table.source
        header_row = None if source.header_detected else source.header_row
        if (draft.path, draft.sheet, draft.header_row) != (self._path, source.sheet, header_row):
            # Another file or layout: earlier fixes and exclusions no longer apply.
            draft.edits.clear()
            draft.excluded_rows.clear()
        draft.path = self._path
        draft.sheet = source.sheet
        draft.header_row = header_row
        self._state.table = self._table
        self._remember(self._path)
        return True

    # --- actions ------------------------------------------------------------------------

    @property
    def table(self) -> Table | None:
        return self._table

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def is_busy(self) -> bool:
        return self._task.busy or self._header_timer.isActive()

    def load_path(
        self, path: str | Path, *, sheet: str | None = None, header_row: int | None = None
    ) -> None:
        """Read a file (in the background) as if the user had dropped it."""
        self._path = Path(path)
        self._sheet = sheet
        self._header_row = header_row
        self._read()

    def clear(self) -> None:
        """Forget the file (a new import starts)."""
        self._task.forget()
        self._header_timer.stop()
        self._path = None
        self._sheet = None
        self._header_row = None
        self._table = None
        self._error = None
        self.preview_model.set_table(None)
        self.message_bar.clear()
        self.sheet_combo.clear()
        self._update_view()
        self.completeChanged.emit()

    def shutdown(self) -> None:
        self._header_timer.stop()
        self._task.shutdown()

    # --- slots --------------------------------------------------------------------------

    @Slot(str)
    def _on_drop_area_file_dropped(self, path: str) -> None:
        self.load_path(path)

    @Slot()
    def _on_browse_clicked(self) -> None:
        start = str(self._path.parent) if self._path else self._last_folder()
        chosen = dialogs.choose_file(self, start)
        if chosen:
            self.load_path(chosen)

    @Slot(QListWidgetItem)
    def _on_recent_item_activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path and (self._path is None or Path(path) != self._path or self._error):
            self.load_path(path)

    @Slot(int)
    def _on_sheet_combo_activated(self, index: int) -> None:
        name = self.sheet_combo.itemData(index)
        if self._path is None or not name or (self._table and name == self._table.source.sheet):
            return
        self._sheet = str(name)
        self._header_row = None  # find the header of the new sheet by itself
        self._read()

    @Slot(int)
    def _on_header_row_spin_value_changed(self, value: int) -> None:
        self._header_row = value - 1
        self._header_timer.start()  # wait until the user stops typing
        self.completeChanged.emit()

    @Slot()
    def _on_header_timer_timeout(self) -> None:
        if self._path is not None:
            self._read()

    @Slot(object)
    def _on_task_succeeded(self, result: object) -> None:
        assert isinstance(result, threads.FileRead)
        table = result.table
        self._table = table
        self._sheet = table.source.sheet
        if table.n_rows == 0:
            self._error = (
                f"{result.path.name} has column names but no rows of people below them. "
                "Check that you chose the right file"
                + (" and sheet." if table.source.sheet else ".")
            )
        else:
            self._error = None
        self._fill_sheets(result.sheets, table.source.sheet)
        self.header_row_spin.blockSignals(True)
        self.header_row_spin.setValue(table.source.header_row + 1)
        self.header_row_spin.blockSignals(False)
        self.preview_model.set_table(table)
        self._fit_columns()
        if self._error:
            self.message_bar.show_message("error", self._error)
        elif table.source.warnings:
            self.message_bar.show_message("warning", " ".join(table.source.warnings))
        else:
            self.message_bar.clear()
        self._remember(result.path)
        self._update_view()
        self.loaded.emit(self._error is None)
        self.completeChanged.emit()

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        self._table = None
        self._error = message
        self.preview_model.set_table(None)
        self.message_bar.show_message(
            "error",
            f"{message}\n\nChoose another file, or open this one in Excel or LibreOffice and "
            "save it again (as .xlsx or .csv).",
        )
        self._update_view()
        self.loaded.emit(False)
        self.completeChanged.emit()

    @Slot(bool)
    def _on_task_busy_changed(self, busy: bool) -> None:
        if busy:
            self.busy.start("Reading the file…")
        else:
            self.busy.stop()
        self.drop_area.setEnabled(not busy)
        self.completeChanged.emit()

    # --- helpers ------------------------------------------------------------------------

    def _read(self) -> None:
        if self._path is None:
            return
        self._header_timer.stop()
        self.message_bar.clear()
        self.file_label.setText(self._path.name)
        self.file_label.setToolTip(str(self._path))
        self._task.start(
            functools.partial(threads.read_file, self._path, self._sheet, self._header_row)
        )
        self.completeChanged.emit()

    def _fill_sheets(self, sheets: list[Any], current: str | None) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for sheet in sheets:
            label = f"{sheet.name} (hidden)" if getattr(sheet, "hidden", False) else sheet.name
            self.sheet_combo.addItem(label, sheet.name)
        if current is not None:
            self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findData(current)))
        self.sheet_combo.blockSignals(False)

    def _fit_columns(self) -> None:
        self.preview.resizeColumnsToContents()
        header = self.preview.horizontalHeader()
        limit = max(140, self.fontMetrics().averageCharWidth() * 36)
        for section in range(header.count()):
            if header.sectionSize(section) > limit:
                header.resizeSection(section, limit)

    def _update_view(self) -> None:
        has_file = self._path is not None
        has_table = self._table is not None
        self.file_label.setVisible(has_file)
        self.facts_label.setVisible(has_table)
        if self._table is not None:
            self.facts_label.setText(describe_source(self._table))
        multi = self.sheet_combo.count() > 0
        self.sheet_label.setVisible(multi)
        self.sheet_combo.setVisible(multi)
        self._sheet_gap.setVisible(multi)
        self.options_box.setVisible(has_table)
        self.preview.setVisible(has_table)
        self.preview_spacer.setVisible(not has_table)

    # --- recent files -------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        if self._settings is None:
            return []
        value = self._settings.value("file/recent", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)):
            return []
        return [str(v) for v in value][:MAX_RECENT]

    def _remember(self, path: Path) -> None:
        if self._settings is None:
            return
        text = str(path.resolve()) if path.exists() else str(path)
        recent = [text] + [p for p in self.recent_files() if p != text]
        self._settings.setValue("file/recent", recent[:MAX_RECENT])
        self._settings.setValue("file/folder", str(path.parent))
        self._show_recent()

    def _last_folder(self) -> str:
        if self._settings is None:
            return ""
        return str(self._settings.value("file/folder", "") or "")

    def _show_recent(self) -> None:
        self.recent_list.clear()
        for text in self.recent_files():
            path = Path(text)
            item = QListWidgetItem(path.name, self.recent_list)
            item.setData(Qt.ItemDataRole.UserRole, text)
            item.setToolTip(text)
            if not path.exists():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setText(f"{path.name} (not found)")
        self.recent_box.setVisible(self.recent_list.count() > 0)
