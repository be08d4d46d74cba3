"""The Columns page's fixed-values editor: one value every row gets for a field without a column."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)
from typing_extensions import override

from plandocket_desktop.core.types import FieldType
from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui import style

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Field

PLACEHOLDERS = {
    FieldType.RATING: N_("a number from 1 to 5"),
    FieldType.BOOLEAN: N_("yes or no"),
    FieldType.COUNTRY: N_("e.g. DE or Germany"),
    FieldType.LIST: N_("keys separated by commas"),
    FieldType.URL: N_("e.g. https://example.com"),
    FieldType.EMAIL: N_("an email address"),
}
PLACEHOLDER_OTHER = N_("the value for every row")


class FixedValuesEditor(QGroupBox):
    """A field chooser, a value box and Add; the values given so far and Remove.

    Signals:
        added(str, str): Add (or Enter in the value box) with a field key and the text.
        removed(str): Remove with the field key of the selected value.
    """

    added = Signal(str, str)
    removed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Same value for every row (optional)"), parent)
        layout = QHBoxLayout(self)
        layout.setSpacing(8)
        self.field_combo = QComboBox(self)
        self.field_combo.setObjectName("fixedFieldCombo")
        self.field_combo.setToolTip(_("A field that no column goes into"))
        self.field_combo.setPlaceholderText(_("Choose a field…"))
        self.field_combo.setMinimumContentsLength(14)
        self.value_edit = QLineEdit(self)
        self.value_edit.setObjectName("fixedValueEdit")
        self.value_edit.setToolTip(_("The value every imported row gets for this field"))
        self.add_button = QPushButton(_("A&dd"), self)
        self.add_button.setObjectName("addFixedValueButton")
        self.list = QListWidget(self)
        self.list.setObjectName("fixedValuesList")
        self.list.setMaximumHeight(self.fontMetrics().height() * 4)
        self.list.setToolTip(_("Values given to every row; select one and press Remove"))
        self.remove_button = QPushButton(_("Re&move"), self)
        self.remove_button.setObjectName("removeFixedValueButton")
        field_label = QLabel(_("&Field:"), self)
        field_label.setBuddy(self.field_combo)
        self.field_combo.setAccessibleName(_("Field with the same value for every row"))
        value_label = QLabel(_("&Value:"), self)
        value_label.setBuddy(self.value_edit)
        self.value_edit.setAccessibleName(_("Value for every row"))
        self.list.setAccessibleName(_("Values given to every row"))
        layout.addWidget(field_label)
        layout.addWidget(self.field_combo)
        layout.addWidget(value_label)
        layout.addWidget(self.value_edit, 1)
        layout.addWidget(self.add_button)
        layout.addSpacing(12)
        layout.addWidget(self.list, 1)
        self.empty_hint = style.hint(
            _("For example, every row gets the rating 3, or is marked as confirmed."), self
        )
        layout.addWidget(self.empty_hint, 1)
        layout.addWidget(self.remove_button)

        self.field_combo.currentIndexChanged.connect(self._on_field_combo_current_index_changed)
        # Enter adds the value; it must not also press the wizard's Next (the default button).
        self.value_edit.installEventFilter(self)
        self.value_edit.textChanged.connect(self._update_add_button)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.value_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._on_add_button_clicked()
            return True
        return super().eventFilter(watched, event)

    def show_values(
        self, offered: Sequence[Field], values: Mapping[str, tuple[Field, str]]
    ) -> None:
        """Offer ``offered`` in the chooser and list ``values`` (key -> (field, text))."""
        combo = self.field_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for field in offered:
            combo.addItem(field.label, field.key)
        combo.setCurrentIndex(combo.findData(current) if current else -1)
        combo.blockSignals(False)
        self._on_field_combo_current_index_changed(combo.currentIndex())
        self.list.clear()
        for key, (field, text) in values.items():
            line = _("{field}:  {value}").format(field=field.label, value=text)
            item = QListWidgetItem(line, self.list)
            item.setData(Qt.ItemDataRole.UserRole, key)
        empty = self.list.count() == 0
        self.list.setVisible(not empty)
        self.remove_button.setVisible(not empty)
        self.empty_hint.setVisible(empty)
        self.value_edit.setEnabled(combo.count() > 0)
        self._update_add_button()
        self.remove_button.setEnabled(self.list.currentRow() >= 0)

    @Slot(int)
    def _on_field_combo_current_index_changed(self, _index: int) -> None:
        from plandocket_desktop.core.types import BY_KEY

        key = self.field_combo.currentData()
        field = BY_KEY.get(str(key)) if key else None
        hint = _(PLACEHOLDERS.get(field.type, PLACEHOLDER_OTHER)) if field else ""
        self.value_edit.setPlaceholderText(hint)
        self._update_add_button()

    @Slot()
    def _update_add_button(self) -> None:
        # Add needs a field and a value; without them it did nothing.
        chosen = bool(self.field_combo.currentData())
        self.add_button.setEnabled(chosen and bool(self.value_edit.text().strip()))

    @Slot()
    def _on_add_button_clicked(self) -> None:
        key = self.field_combo.currentData()
        if key:
            text = self.value_edit.text()
            self.value_edit.clear()
            self.added.emit(str(key), text)

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.removed.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(int)
    def _on_list_current_row_changed(self, row: int) -> None:
        self.remove_button.setEnabled(row >= 0)
