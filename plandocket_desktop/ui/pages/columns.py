"""Page 4, Columns: which PlanDocket field each column goes into, fixed values, saved profiles."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Slot
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWizardPage,
)
from typing_extensions import override

from plandocket_desktop.core import types
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import ImportOptions, MatchField, Target
from plandocket_desktop.ui import dialogs, style
from plandocket_desktop.ui.state import WizardState

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Table

DONT_IMPORT = "Don't import"
AUTOMATIC = "Automatic suggestions"
SAMPLE_ROWS = 200
SAMPLES_SHOWN = 3

# Confidence levels: (lowest confidence, word, dot colour). The colour is a traffic-light
# signal, legible on light and dark backgrounds alike; the word says the same for everyone.
LEVELS = (
    (0.85, "Sure", QColor(46, 160, 67)),
    (0.6, "Likely", QColor(230, 160, 0)),
    (0.0, "Please check", QColor(215, 58, 73)),
)
MANUAL = ("Your choice", None)
FROM_PROFILE = ("From profile", None)

COL_HEADER, COL_SAMPLES, COL_FIELD, COL_CONFIDENCE = range(4)

PLACEHOLDERS = {
    types.FieldType.RATING: "a number from 1 to 5",
    types.FieldType.BOOLEAN: "yes or no",
    types.FieldType.COUNTRY: "e.g. DE or Germany",
    types.FieldType.LIST: "keys separated by commas",
    types.FieldType.URL: "e.g. https://example.com",
    types.FieldType.EMAIL: "an email address",
}


def dot_icon(colour: QColor | None, size: int = 12) -> QIcon:
    """A filled circle (high-DPI: drawn at 2x); an empty icon for None."""
    if colour is None:
        return QIcon()
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def level_of(confidence: float) -> tuple[str, QColor]:
    for lowest, word, colour in LEVELS:
        if confidence >= lowest:
            return word, colour
    return LEVELS[-1][1], LEVELS[-1][2]


def sample_values(table: Table) -> dict[str, str]:
    """A few distinct, non-empty example values per column, as one line of text."""
    rows = table.head(SAMPLE_ROWS)
    result: dict[str, str] = {}
    for index, column in enumerate(table.columns):
        seen: list[str] = []
        for row in rows:
            text = " ".join(row[index].split())
            if text and text not in seen:
                seen.append(text if len(text) <= 40 else text[:39] + "…")
                if len(seen) == SAMPLES_SHOWN:
                    break
        result[column] = "   ·   ".join(seen) if seen else "(empty in the first rows)"
    return result


def other_settings_note(profile: Any, options: ImportOptions) -> str:
    """A sentence when the profile was saved with other Target page settings, else ""."""
    from plandocket_desktop.ui.pages import target

    differences = []
    if profile.mode is not options.mode:
        differences.append(f"“{dict(target.MODES)[profile.mode]}”")
    if profile.match_field is not options.match_field:
        differences.append(f"people recognised by {target.MATCH_WORDS[profile.match_field]}")
    if not differences:
        return ""
    return (
        f" It was saved with {' and '.join(differences)}; to use that too, go Back to the "
        "previous page."
    )


class ColumnsPage(QWizardPage):
    """No signals of its own; ``completeChanged`` follows the match field's column."""

    def __init__(self, state: WizardState, *, profiles: Any = None) -> None:
        super().__init__()
        self.setObjectName("columnsPage")
        self.setTitle("Match the columns")
        self.setSubTitle(
            "Each column of your file goes into a PlanDocket field. The importer has made "
            "suggestions; check the ones marked “Please check” and change anything that is wrong."
        )
        self._state = state
        self._store = profiles
        self._key: tuple[int, Target] | None = None
        self._table: Table | None = None
        self._columns: list[str] = []
        self._mapping: dict[str, str | None] = {}
        self._confidence: dict[str, tuple[str, QColor | None, str]] = {}
        self._fixed: dict[str, str] = {}
        self._combos: dict[str, QComboBox] = {}
        self._suggested: dict[str, tuple[str | None, float, str]] = {}
        self._build()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = style.page_layout(self)

        profile_row = QHBoxLayout()
        profile_row.setSpacing(8)
        label = QLabel("Saved &profile:", self)
        self.profile_combo = QComboBox(self)
        self.profile_combo.setObjectName("profileCombo")
        self.profile_combo.setMinimumContentsLength(22)
        self.profile_combo.setToolTip(
            "A profile remembers the column choices for files that always look the same"
        )
        label.setBuddy(self.profile_combo)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setObjectName("saveProfileButton")
        self.save_button.setToolTip("Save the current choices in the selected profile")
        self.save_as_button = QPushButton("Save &as…", self)
        self.save_as_button.setObjectName("saveProfileAsButton")
        self.save_as_button.setToolTip("Save the current choices as a new profile")
        self.rename_button = QPushButton("Re&name…", self)
        self.rename_button.setObjectName("renameProfileButton")
        self.rename_button.setToolTip("Give the selected profile another name")
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.setObjectName("deleteProfileButton")
        self.delete_button.setToolTip("Delete the selected profile")
        profile_row.addWidget(label)
        profile_row.addWidget(self.profile_combo, 1)
        for button in (self.save_button, self.save_as_button, self.rename_button):
            profile_row.addWidget(button)
        profile_row.addWidget(self.delete_button)
        layout.addLayout(profile_row)

        self.profile_bar = style.MessageBar(self)
        self.profile_bar.setObjectName("profileMessage")
        layout.addWidget(self.profile_bar)

        self.table_widget = QTableWidget(0, 4, self)
        self.mapping_table = self.table_widget
        self.table_widget.setObjectName("mappingTable")
        self.table_widget.setHorizontalHeaderLabels(
            ["Column in your file", "Examples from your file", "Import into", "Suggestion"]
        )
        self.table_widget.verticalHeader().hide()
        self.table_widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table_widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_widget.setTabKeyNavigation(False)
        self.table_widget.setAlternatingRowColors(True)
        self.table_widget.setWordWrap(False)
        self.table_widget.setIconSize(QSize(12, 12))
        header = self.table_widget.horizontalHeader()
        header.setSectionResizeMode(COL_HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SAMPLES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_CONFIDENCE, QHeaderView.ResizeMode.ResizeToContents)
        self.table_widget.verticalHeader().setDefaultSectionSize(
            self.table_widget.verticalHeader().defaultSectionSize() + 8
        )
        layout.addWidget(self.table_widget, 1)

        self.match_bar = style.MessageBar(self)
        self.match_bar.setObjectName("matchFieldMessage")
        layout.addWidget(self.match_bar)

        fixed = QGroupBox("Same value for every row (optional)", self)
        fixed_layout = QHBoxLayout(fixed)
        fixed_layout.setSpacing(8)
        self.fixed_field_combo = QComboBox(fixed)
        self.fixed_field_combo.setObjectName("fixedFieldCombo")
        self.fixed_field_combo.setToolTip("A field that no column goes into")
        self.fixed_field_combo.setPlaceholderText("Choose a field…")
        self.fixed_field_combo.setMinimumContentsLength(14)
        self.fixed_value_edit = QLineEdit(fixed)
        self.fixed_value_edit.setObjectName("fixedValueEdit")
        self.fixed_value_edit.setToolTip("The value every imported row gets for this field")
        self.add_fixed_button = QPushButton("Add", fixed)
        self.add_fixed_button.setObjectName("addFixedValueButton")
        self.fixed_list = QListWidget(fixed)
        self.fixed_list.setObjectName("fixedValuesList")
        self.fixed_list.setMaximumHeight(self.fontMetrics().height() * 4)
        self.fixed_list.setToolTip("Values given to every row; select one and press Remove")
        self.remove_fixed_button = QPushButton("Remove", fixed)
        self.remove_fixed_button.setObjectName("removeFixedValueButton")
        fixed_layout.addWidget(QLabel("Field:", fixed))
        fixed_layout.addWidget(self.fixed_field_combo)
        fixed_layout.addWidget(QLabel("Value:", fixed))
        fixed_layout.addWidget(self.fixed_value_edit, 1)
        fixed_layout.addWidget(self.add_fixed_button)
        fixed_layout.addSpacing(12)
        fixed_layout.addWidget(self.fixed_list, 1)
        self.fixed_empty_hint = style.hint(
            "For example, every row gets the rating 3, or is marked as confirmed.", fixed
        )
        fixed_layout.addWidget(self.fixed_empty_hint, 1)
        fixed_layout.addWidget(self.remove_fixed_button)
        layout.addWidget(fixed)

        self.profile_combo.activated.connect(self._on_profile_combo_activated)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.save_as_button.clicked.connect(self._on_save_as_clicked)
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.fixed_field_combo.currentIndexChanged.connect(self._on_fixed_field_changed)
        # Enter adds the value; it must not also press the wizard's Next (the default button).
        self.fixed_value_edit.installEventFilter(self)
        self.fixed_value_edit.textChanged.connect(self._update_add_fixed_button)
        self.add_fixed_button.clicked.connect(self._on_add_fixed_clicked)
        self.remove_fixed_button.clicked.connect(self._on_remove_fixed_clicked)
        self.fixed_list.currentRowChanged.connect(self._on_fixed_list_row_changed)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.fixed_value_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._on_add_fixed_clicked()
            return True
        return super().eventFilter(watched, event)

    # --- QWizardPage --------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        table = self._state.table
        target = self._state.draft.options.target
        if table is None:
            return
        key = (id(table), target)
        if key != self._key:
            self._key = key
            self._start(table, target)
        else:
            self._rebuild_rows()  # the match field may have changed on the Target page

    @override
    def cleanupPage(self) -> None:
        """Keep the choices when the user goes back."""

    @override
    def isComplete(self) -> bool:
        return self.match_field_mapped()

    @override
    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        draft = self._state.draft
        draft.mapping = dict(self._mapping)
        draft.fixed_values = dict(self._fixed)
        draft.profile_name = self.current_profile_name()
        return True

    # --- queries and actions (tests drive these as a person would) ----------------------

    @property
    def target(self) -> Target:
        return self._state.draft.options.target

    @property
    def match_field(self) -> MatchField:
        return self._state.draft.options.match_field

    @property
    def mapping(self) -> dict[str, str | None]:
        return dict(self._mapping)

    @property
    def fixed_values(self) -> dict[str, str]:
        return dict(self._fixed)

    def match_field_mapped(self) -> bool:
        return self.match_field.value in self._mapping.values()

    def confidence(self, column: str) -> tuple[str, str]:
        """The (word, reason) shown for a column."""
        word, _colour, reason = self._confidence.get(column, ("", None, ""))
        return word, reason

    def set_column(self, column: str, field_key: str | None) -> None:
        """Send ``column`` into ``field_key`` (None: don't import), as the field chooser does."""
        combo = self._combos[column]
        combo.setCurrentIndex(max(0, combo.findData(field_key or "")))

    def current_profile_name(self) -> str | None:
        data = self.profile_combo.currentData()
        return str(data) if data else None

    def apply_profile(self, name: str | None) -> None:
        """Use a saved profile's column choices and fixed values (None: automatic ones)."""
        index = self.profile_combo.findData(name or "")
        self.profile_combo.setCurrentIndex(max(0, index))
        self._apply_selected_profile(offered=False)

    def add_fixed_value(self, field_key: str, value: str) -> None:
        text = value.strip()
        if not text:
            return
        self._fixed[field_key] = text
        self._refresh_fixed()

    def remove_fixed_value(self, field_key: str) -> None:
        self._fixed.pop(field_key, None)
        self._refresh_fixed()

    # --- building the table -------------------------------------------------------------

    def _start(self, table: Table, target: Target) -> None:
        from plandocket_desktop.core import mapping

        self._table = table
        self._columns = list(table.columns)
        draft = self._state.draft
        self._fixed = {
            k: v for k, v in draft.fixed_values.items() if target in types.get_field(k).targets
        }
        suggestions = mapping.suggest(table, target)
        self._suggested = {s.column: (s.field, s.confidence, s.reason) for s in suggestions}
        self._use_suggestions()
        self._fill_profiles()
        self.profile_bar.clear()
        if self._state.resume_journal is not None and draft.mapping:
            self._use_draft_mapping()
            return
        offered = self._store.match(self._columns, target=target) if self._store else []
        if offered:
            profile = offered[0][0]
            self.profile_combo.setCurrentIndex(self.profile_combo.findData(profile.name))
            self._apply_selected_profile(offered=True)
        self._rebuild_rows()

    def _use_suggestions(self) -> None:
        self._mapping = {}
        self._confidence = {}
        for column in self._columns:
            field_key, confidence, reason = self._suggested.get(column, (None, 0.0, ""))
            self._mapping[column] = field_key
            if field_key is None:
                self._confidence[column] = (
                    "No matching field",
                    None,
                    reason or "No PlanDocket field matches this header.",
                )
            else:
                word, colour = level_of(confidence)
                self._confidence[column] = (word, colour, reason)

    def _use_draft_mapping(self) -> None:
        """The choices of an interrupted import being resumed: they must stay the same."""
        allowed = {f.key for f in types.fields_for(self.target)}
        saved = self._state.draft.mapping
        self._mapping = {
            c: (saved.get(c) if saved.get(c) in allowed else None) for c in self._columns
        }
        reason = "Chosen for the interrupted import being resumed."
        self._confidence = {c: ("As before", None, reason) for c in self._columns}
        self.profile_bar.show_message(
            "info", "These are the choices of the interrupted import; keep them to resume it."
        )
        self._rebuild_rows()

    def _field_choices(self) -> list[tuple[str, str]]:
        match = self.match_field.value
        choices = []
        for field in types.fields_for(self.target):
            label = field.label_en
            if field.key == match:
                label += " (required)"
            choices.append((label, field.key))
        return choices

    def _rebuild_rows(self) -> None:
        widget = self.table_widget
        samples = sample_values(self._table) if self._table is not None else {}
        choices = self._field_choices()
        widget.setRowCount(0)
        self._combos = {}
        widget.setRowCount(len(self._columns))
        for row, column in enumerate(self._columns):
            name = QTableWidgetItem(column or "(no name)")
            name.setToolTip(f"Column “{column}” of your file")
            widget.setItem(row, COL_HEADER, name)
            example = QTableWidgetItem(samples.get(column, ""))
            example.setToolTip(samples.get(column, ""))
            widget.setItem(row, COL_SAMPLES, example)
            combo = QComboBox(widget)
            combo.setAccessibleName(f"Import column {column} into")
            combo.setToolTip(f"The PlanDocket field for the column “{column}”")
            combo.addItem(DONT_IMPORT, "")
            for label, key in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(self._mapping.get(column) or "")))
            combo.setProperty("column", column)
            combo.currentIndexChanged.connect(self._on_field_combo_changed)
            widget.setCellWidget(row, COL_FIELD, combo)
            self._combos[column] = combo
            widget.setItem(row, COL_CONFIDENCE, QTableWidgetItem())
            self._show_confidence(row, column)
        widget.resizeColumnToContents(COL_HEADER)
        limit = self.fontMetrics().averageCharWidth() * 30
        widget.setColumnWidth(COL_HEADER, min(widget.columnWidth(COL_HEADER) + 16, limit))
        widget.setColumnWidth(COL_FIELD, self.fontMetrics().averageCharWidth() * 34)
        self._refresh_fixed()
        self._update_match_state()

    def _show_confidence(self, row: int, column: str) -> None:
        item = self.table_widget.item(row, COL_CONFIDENCE)
        if item is None:
            return
        word, colour, reason = self._confidence.get(column, ("", None, ""))
        item.setText(word)
        item.setIcon(dot_icon(colour))
        item.setToolTip(reason)

    # --- slots --------------------------------------------------------------------------

    @Slot(int)
    def _on_field_combo_changed(self, _index: int) -> None:
        combo = self.sender()
        if not isinstance(combo, QComboBox):
            return
        column = str(combo.property("column"))
        key = combo.currentData() or None
        self._mapping[column] = key
        self._confidence[column] = (MANUAL[0], MANUAL[1], "You chose this.")
        notes = []
        if key is not None:
            for other, other_key in self._mapping.items():
                if other != column and other_key == key:
                    self._mapping[other] = None
                    other_combo = self._combos[other]
                    other_combo.blockSignals(True)
                    other_combo.setCurrentIndex(0)
                    other_combo.blockSignals(False)
                    self._confidence[other] = (MANUAL[0], MANUAL[1], "")
                    self._show_confidence(self._columns.index(other), other)
                    label = types.get_field(key).label_en
                    notes.append(
                        f"“{other}” is not imported any more, because “{column}” now goes "
                        f"into {label}."
                    )
            self._fixed.pop(key, None)
        self._show_confidence(self._columns.index(column), column)
        if notes:
            self.profile_bar.show_message("info", " ".join(notes))
        self._refresh_fixed()
        self._update_match_state()

    @Slot(int)
    def _on_profile_combo_activated(self, _index: int) -> None:
        self._apply_selected_profile(offered=False)

    @Slot()
    def _on_save_clicked(self) -> None:
        name = self.current_profile_name()
        if name is None:
            self._on_save_as_clicked()
            return
        self._save_profile(name)

    @Slot()
    def _on_save_as_clicked(self) -> None:
        name = dialogs.ask_text(
            self,
            "Save profile",
            "A name for these choices, e.g. “Exhibitor list” or “Eventbrite export”:",
            self.current_profile_name() or "",
        )
        if name is None or self._store is None:
            return
        if self._store.exists(name) and not dialogs.ask_overwrite_profile(self, name):
            return
        self._save_profile(name)

    @Slot()
    def _on_rename_clicked(self) -> None:
        old = self.current_profile_name()
        if old is None or self._store is None:
            return
        new = dialogs.ask_text(self, "Rename profile", "New name:", old)
        if new is None or new == old:
            return
        try:
            profile = self._store.rename(old, new)
        except PlandocketError as exc:
            self.profile_bar.show_message("error", str(exc))
            return
        self._fill_profiles(select=profile.name)
        self.profile_bar.show_message("success", f"The profile is now called “{profile.name}”.")

    @Slot()
    def _on_delete_clicked(self) -> None:
        name = self.current_profile_name()
        if name is None or self._store is None:
            return
        if not dialogs.confirm_delete_profile(self, name):
            return
        try:
            self._store.delete(name)
        except PlandocketError as exc:
            self.profile_bar.show_message("error", str(exc))
            return
        self._fill_profiles()
        self.profile_bar.show_message(
            "info", f"The profile “{name}” was deleted. The choices below stay as they are."
        )

    @Slot(int)
    def _on_fixed_field_changed(self, _index: int) -> None:
        key = self.fixed_field_combo.currentData()
        field = types.BY_KEY.get(str(key)) if key else None
        self.fixed_value_edit.setPlaceholderText(
            PLACEHOLDERS.get(field.type, "the value for every row") if field else ""
        )
        self._update_add_fixed_button()

    @Slot()
    def _update_add_fixed_button(self) -> None:
        # Add needs a field and a value; without them it did nothing.
        chosen = bool(self.fixed_field_combo.currentData())
        self.add_fixed_button.setEnabled(chosen and bool(self.fixed_value_edit.text().strip()))

    @Slot()
    def _on_add_fixed_clicked(self) -> None:
        key = self.fixed_field_combo.currentData()
        if key:
            self.add_fixed_value(str(key), self.fixed_value_edit.text())
            self.fixed_value_edit.clear()

    @Slot()
    def _on_remove_fixed_clicked(self) -> None:
        item = self.fixed_list.currentItem()
        if item is not None:
            self.remove_fixed_value(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(int)
    def _on_fixed_list_row_changed(self, row: int) -> None:
        self.remove_fixed_button.setEnabled(row >= 0)

    # --- helpers ------------------------------------------------------------------------

    def _fill_profiles(self, select: str | None = None) -> None:
        combo = self.profile_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(AUTOMATIC, "")
        profiles = self._store.list() if self._store is not None else []
        for profile in profiles:
            suffix = "" if profile.target is self.target else f"  ({profile.target.value})"
            combo.addItem(profile.name + suffix, profile.name)
        combo.setCurrentIndex(max(0, combo.findData(select or "")))
        combo.blockSignals(False)
        if self._store is not None and self._store.warnings:
            self.profile_bar.show_message("warning", " ".join(self._store.warnings))
        self._update_profile_buttons()

    def _apply_selected_profile(self, *, offered: bool) -> None:
        name = self.current_profile_name()
        if name is None or self._store is None:
            self._use_suggestions()
            self._rebuild_rows()
            self.profile_bar.show_message("info", "Using the automatic suggestions.")
            self._update_profile_buttons()
            return
        try:
            profile = self._store.load(name)
        except PlandocketError as exc:
            self.profile_bar.show_message("error", str(exc))
            return
        chosen = profile.mapping_for(self._columns)
        allowed = {f.key for f in types.fields_for(self.target)}
        self._mapping = {c: (k if k in allowed else None) for c, k in chosen.items()}
        self._confidence = {
            c: (FROM_PROFILE[0], FROM_PROFILE[1], f"Saved in the profile “{profile.name}”.")
            for c in self._columns
        }
        self._fixed = {k: v for k, v in profile.fixed_values.items() if k in allowed}
        missing = self._store.missing_columns(profile, self._columns)
        if offered:
            text = (
                f"Your saved profile “{profile.name}” fits this file, so its choices are used. "
                f"Pick “{AUTOMATIC}” in the list if you would rather start afresh."
            )
        else:
            text = f"Using the choices saved in “{profile.name}”."
        if missing:
            text += " This file lacks some columns the profile expects: " + ", ".join(
                f"“{m}”" for m in missing
            )
            text += "."
        if profile.target is not self.target:
            text += (
                f" The profile was saved for {profile.target.value}; fields that "
                f"{self.target.value} do not have are left out."
            )
        text += other_settings_note(profile, self._state.draft.options)
        self.profile_bar.show_message("warning" if missing else "info", text)
        self._rebuild_rows()
        self._update_profile_buttons()

    def _save_profile(self, name: str) -> None:
        from plandocket_desktop.core import mapping

        if self._store is None:
            return
        draft = dataclasses.replace(
            self._state.draft, mapping=dict(self._mapping), fixed_values=dict(self._fixed)
        )
        try:
            self._store.save(mapping.Profile.from_draft(name, draft))
        except PlandocketError as exc:
            self.profile_bar.show_message("error", str(exc))
            return
        self._fill_profiles(select=name)
        self.profile_bar.show_message(
            "success",
            f"Saved as “{name}”. Next time a file like this one comes along, "
            "these choices are used by themselves.",
        )

    def _update_profile_buttons(self) -> None:
        has_store = self._store is not None
        selected = self.current_profile_name() is not None
        self.save_button.setEnabled(has_store)
        self.save_as_button.setEnabled(has_store)
        self.rename_button.setEnabled(has_store and selected)
        self.delete_button.setEnabled(has_store and selected)

    def _refresh_fixed(self) -> None:
        used = {k for k in self._mapping.values() if k}
        combo = self.fixed_field_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for field in types.fields_for(self.target):
            if field.key not in used and field.key != self.match_field.value:
                combo.addItem(field.label_en, field.key)
        combo.setCurrentIndex(combo.findData(current) if current else -1)
        combo.blockSignals(False)
        self._on_fixed_field_changed(combo.currentIndex())
        self.fixed_list.clear()
        for key, value in self._fixed.items():
            if key in used:
                continue
            item = QListWidgetItem(f"{types.get_field(key).label_en}:  {value}", self.fixed_list)
            item.setData(Qt.ItemDataRole.UserRole, key)
        has_fields = combo.count() > 0
        empty = self.fixed_list.count() == 0
        self.fixed_list.setVisible(not empty)
        self.remove_fixed_button.setVisible(not empty)
        self.fixed_empty_hint.setVisible(empty)
        self.fixed_value_edit.setEnabled(has_fields)
        self._update_add_fixed_button()
        self.remove_fixed_button.setEnabled(self.fixed_list.currentRow() >= 0)

    def _update_match_state(self) -> None:
        label = "email address" if self.match_field is MatchField.EMAIL else "customer number"
        if self.match_field_mapped():
            self.match_bar.clear()
        else:
            self.match_bar.show_message(
                "warning",
                f"Choose the column that holds the {label}: PlanDocket uses it to recognise "
                "people, so you can go on once a column goes into "
                f"“{types.get_field(self.match_field.value).label_en}”.",
            )
        self.completeChanged.emit()
