"""The File page's layout chooser: which sheet of a workbook, which row holds the column names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from plandocket_desktop.i18n import _

if TYPE_CHECKING:
    from plandocket_desktop.core.types import SheetInfo


class SheetChooser(QWidget):
    """A sheet choice (shown only for workbooks) and the header-row number (as in Excel).

    The page connects ``sheet_combo.activated`` and ``header_row_spin.valueChanged``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setSpacing(10)
        layout.setContentsMargins(0, 0, 0, 0)
        self.sheet_label = QLabel(_("&Sheet:"), self)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.setToolTip(_("The sheet of the workbook that holds the people"))
        self.sheet_combo.setMinimumContentsLength(16)
        self.sheet_label.setBuddy(self.sheet_combo)
        self.sheet_combo.setAccessibleName(_("Sheet"))
        self.header_label = QLabel(_("Column names are in &row:"), self)
        self.header_row_spin = QSpinBox(self)
        self.header_row_spin.setObjectName("headerRowSpin")
        self.header_row_spin.setRange(1, 1000)
        self.header_row_spin.setToolTip(
            _(
                "The row (as numbered in Excel) that holds the column names. "
                "It is found by itself; change it if the preview looks wrong."
            )
        )
        self.header_label.setBuddy(self.header_row_spin)
        layout.addWidget(self.sheet_label)
        layout.addWidget(self.sheet_combo)
        # A gap that hides with the sheet chooser, so a CSV's header-row line starts at the edge.
        self._sheet_gap = QWidget(self)
        self._sheet_gap.setFixedWidth(16)
        layout.addWidget(self._sheet_gap)
        layout.addWidget(self.header_label)
        layout.addWidget(self.header_row_spin)
        layout.addStretch(1)

    def fill_sheets(self, sheets: Sequence[SheetInfo], current: str | None) -> None:
        """Offer ``sheets`` (hidden ones marked), ``current`` chosen; no signal is emitted."""
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for sheet in sheets:
            hidden = _("{name} (hidden)").format(name=sheet.name)
            label = hidden if sheet.hidden else sheet.name
            self.sheet_combo.addItem(label, sheet.name)
        if current is not None:
            self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findData(current)))
        self.sheet_combo.blockSignals(False)
        self.show_sheets(self.sheet_combo.count() > 0)

    def clear_sheets(self) -> None:
        self.sheet_combo.clear()
        self.show_sheets(False)

    def show_sheets(self, shown: bool) -> None:
        self.sheet_label.setVisible(shown)
        self.sheet_combo.setVisible(shown)
        self._sheet_gap.setVisible(shown)

    def set_header_row(self, number: int) -> None:
        """Show the header row (1-based, as in Excel) without emitting ``valueChanged``."""
        self.header_row_spin.blockSignals(True)
        self.header_row_spin.setValue(number)
        self.header_row_spin.blockSignals(False)
