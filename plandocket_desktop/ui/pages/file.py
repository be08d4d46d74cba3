"""Page 2, File: drop or choose a spreadsheet, pick sheet and header row, see the first rows."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidgetItem, QSizePolicy, QWidget, QWizardPage
from typing_extensions import override

from plandocket_desktop.i18n import _
from plandocket_desktop.ui import dialogs, style, threads
from plandocket_desktop.ui.state import WizardState
from plandocket_desktop.ui.widgets import (
    drop_area,
    file_preview,
    recent_files,
    sample_offer,
    sheet_chooser,
    source_facts,
)

if TYPE_CHECKING:
    from plandocket_desktop.core.types import SheetInfo, Table

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


class FilePage(QWizardPage):
    """Signals: loaded(bool) — a read finished (True: a usable table is shown)."""

    loaded = Signal(bool)

    def __init__(self, state: WizardState, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("filePage")
        self.setTitle(_("Choose the spreadsheet"))
        self.setSubTitle(
            _(
                "Drop the file with the people you want to import, or choose it. "
                "Excel, LibreOffice and CSV files of any size work."
            )
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
        self.drop_area = drop_area.DropArea(self)
        self.browse_button = self.drop_area.browse_button
        top.addWidget(self.drop_area, 3)
        self.recent_box = recent_files.RecentFiles(self._settings, self)
        self.recent_heading = self.recent_box.heading
        self.recent_list = self.recent_box.list
        top.addWidget(self.recent_box, 2)
        layout.addLayout(top)
        self.sample_offer = sample_offer.SampleOffer(self)  # practice mode only
        self.sample_offer.setVisible(False)
        layout.addWidget(self.sample_offer)

        self.file_label = style.heading("", self)
        self.file_label.setObjectName("fileNameLabel")
        self.facts_label = style.hint("", self)
        self.facts_label.setObjectName("factsLabel")
        layout.addWidget(self.file_label)
        layout.addWidget(self.facts_label)

        self.options_box = sheet_chooser.SheetChooser(self)
        self.sheet_combo = self.options_box.sheet_combo
        self.header_row_spin = self.options_box.header_row_spin
        layout.addWidget(self.options_box)

        self.busy = style.BusyIndicator(_("Reading the file…"), self)
        layout.addWidget(self.busy)
        self.message_bar = style.MessageBar(self)
        self.message_bar.setObjectName("fileMessage")
        layout.addWidget(self.message_bar)

        self.preview = file_preview.PreviewTable(self)
        self.preview_model = self.preview.preview_model
        layout.addWidget(self.preview, 1)
        self.preview_spacer = QWidget(self)
        self.preview_spacer.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding
        )
        layout.addWidget(self.preview_spacer)

        self.drop_area.file_dropped.connect(self._on_drop_area_file_dropped)
        self.sample_offer.chosen.connect(self._on_drop_area_file_dropped)
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
        self.sample_offer.setVisible(self._state.sandbox is not None)
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
        start = str(self._path.parent) if self._path else self.recent_box.last_folder()
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
            if table.source.sheet:
                text = _(
                    "{file} has column names but no rows of people below them. "
                    "Check that you chose the right file and sheet."
                )
            else:
                text = _(
                    "{file} has column names but no rows of people below them. "
                    "Check that you chose the right file."
                )
            self._error = text.format(file=result.path.name)
        else:
            self._error = None
        self._fill_sheets(result.sheets, table.source.sheet)
        self.options_box.set_header_row(table.source.header_row + 1)
        self.preview.show_table(table)
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
            _(
                "{message}\n\nChoose another file, or open this one in Excel or LibreOffice "
                "and save it again (as .xlsx or .csv)."
            ).format(message=message),
        )
        self._update_view()
        self.loaded.emit(False)
        self.completeChanged.emit()

    @Slot(bool)
    def _on_task_busy_changed(self, busy: bool) -> None:
        if busy:
            self.busy.start(_("Reading the file…"))
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

    def _fill_sheets(self, sheets: list[SheetInfo], current: str | None) -> None:
        self.options_box.fill_sheets(sheets, current)

    def _update_view(self) -> None:
        has_file = self._path is not None
        has_table = self._table is not None
        self.file_label.setVisible(has_file)
        self.facts_label.setVisible(has_table)
        if self._table is not None:
            self.facts_label.setText(source_facts.describe_source(self._table))
        self.options_box.show_sheets(self.sheet_combo.count() > 0)
        self.options_box.setVisible(has_table)
        self.preview.setVisible(has_table)
        self.preview_spacer.setVisible(not has_table)

    # --- recent files -------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        return self.recent_box.paths()

    def _remember(self, path: Path) -> None:
        self.recent_box.remember(path)

    def _show_recent(self) -> None:
        self.recent_box.refresh()
