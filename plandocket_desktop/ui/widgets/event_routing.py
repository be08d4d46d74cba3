"""The event of each row: one event for every row, or from a column of the file.

Shows the column chooser (likeliest column first) and one line per distinct value: the value,
its rows, the event it goes to (a chooser to correct it, to type a key, or to leave the rows
out) and how it was found. The resolution is ``core.events.route_column``'s.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from plandocket_desktop.core import events as event_rules
from plandocket_desktop.core.api import Event
from plandocket_desktop.core.types import Table
from plandocket_desktop.i18n import _, fmt_int, ngettext
from plandocket_desktop.ui import style

_CHOOSE = ""  # the chooser's "not chosen yet" item
_LEAVE_OUT = "\x00leave-out"


class EventRouting(QWidget):
    """Signals: changed() — the choice of column or of any value's event changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, first_radio_outside: bool = False) -> None:
        """``first_radio_outside``: the owner places ``one_event_radio`` itself (above its
        single-event picker, which it enables by ``by_column``); otherwise it comes first here.
        """
        super().__init__(parent)
        self.setObjectName("eventRouting")
        self._table: Table | None = None
        self._events: list[Event] = []
        self._listed = True
        self._saved: dict[str, str | None] = {}
        self._routing: event_rules.ColumnRouting | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.one_event_radio = QRadioButton(_("One event for e&very row"), self)
        self.one_event_radio.setObjectName("oneEventRadio")
        self.by_column_radio = QRadioButton(_("From a column of the &file"), self)
        self.by_column_radio.setObjectName("eventByColumnRadio")
        self.one_event_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one_event_radio)
        group.addButton(self.by_column_radio)
        if not first_radio_outside:
            layout.addWidget(self.one_event_radio)
        layout.addWidget(self.by_column_radio)

        # Everything of "from a column" sits under its radio, indented like the radio's text.
        self.column_part = QWidget(self)
        self.column_part.setObjectName("eventColumnPart")
        part = QVBoxLayout(self.column_part)
        part.setContentsMargins(radio_indent(self.by_column_radio), 0, 0, 0)
        part.setSpacing(6)
        layout.addWidget(self.column_part)
        self.column_combo = QComboBox(self.column_part)
        self.column_combo.setObjectName("eventColumnCombo")
        self.column_combo.setAccessibleName(_("Column naming each row's event"))
        self.column_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.column_combo.setMinimumContentsLength(24)
        column_label = QLabel(_("Col&umn naming each row's event:"), self.column_part)
        column_label.setBuddy(self.column_combo)
        row = QHBoxLayout()
        row.addWidget(column_label)
        row.addWidget(self.column_combo)
        row.addStretch(1)
        part.addLayout(row)
        self.saved_note = style.hint("", self.column_part)  # where saved choices came from
        self.saved_note.setObjectName("eventSavedNote")
        self.saved_note.setVisible(False)
        part.addWidget(self.saved_note)

        self.values_table = QTableWidget(0, 4, self.column_part)
        self.values_table.setObjectName("eventValuesTable")
        self.values_table.setHorizontalHeaderLabels(
            [_("Value in the file"), _("Rows"), _("Event in PlanDocket"), _("Found by")]
        )
        self.values_table.verticalHeader().setVisible(False)
        self.values_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.values_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.values_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.values_table.setMinimumHeight(150)
        part.addWidget(self.values_table, 1)
        self.summary = style.hint("", self.column_part)
        part.addWidget(self.summary)
        self.problem_bar = style.MessageBar(self.column_part)
        part.addWidget(self.problem_bar)

        self.by_column_radio.toggled.connect(self._on_by_column_radio_toggled)
        self.column_combo.currentIndexChanged.connect(self._on_column_combo_changed)
        self._show_mode()

    # --- input ----------------------------------------------------------------------------

    def set_table(self, table: Table | None) -> None:
        """The file's table: its columns are offered, the likeliest event column first."""
        if table is self._table:
            return
        self._table = table
        self._fill_columns()

    def set_events(self, events: list[Event], *, listed: bool = True) -> None:
        """The tenant's events; ``listed`` False: the key may not list them (type keys)."""
        self._events = list(events)
        self._listed = listed
        if not self.by_column:
            self._fill_columns()
        self._resolve()

    def set_saved(
        self, column: str | None, routes: dict[str, str | None], *, note: str | None = None
    ) -> None:
        """Choices made before (a profile, a resumed import); ``note`` says where from."""
        self._saved = dict(routes)
        self.saved_note.setText(note or "")
        self.saved_note.setVisible(bool(note))
        if column and self._table is not None and column in self._table.columns:
            self.column_combo.setCurrentIndex(self.column_combo.findData(column))
            self.by_column_radio.setChecked(True)
        self._resolve()

    # --- output ---------------------------------------------------------------------------

    @property
    def by_column(self) -> bool:
        return self.by_column_radio.isChecked()

    def column(self) -> str | None:
        if not self.by_column:
            return None
        data = self.column_combo.currentData()
        return str(data) if data else None

    def routes(self) -> dict[str, str | None]:
        """value -> event key, None = leave out; values not yet decided are missing."""
        out: dict[str, str | None] = {}
        for row in range(self.values_table.rowCount()):
            value_item = self.values_table.item(row, 0)
            combo = self.values_table.cellWidget(row, 2)
            if value_item is None or not isinstance(combo, QComboBox):
                continue
            key = _chosen_key(combo)
            if key == _LEAVE_OUT:
                out[value_item.text()] = None
            elif key:
                out[value_item.text()] = key
        return out

    def problem(self) -> str | None:
        """Why Next must wait (values without an event), None when every value is decided."""
        if not self.by_column or self._routing is None:
            return None
        decided = self.routes()
        resolutions = [
            r if r.value not in decided else _decided(r, decided[r.value])
            for r in self._routing.resolutions
        ]
        return event_rules.unresolved_problem(resolutions, self._events)

    def is_complete(self) -> bool:
        if not self.by_column:
            return True
        routes = self.routes()
        return self.column() is not None and self.problem() is None and any(routes.values())

    # --- slots ----------------------------------------------------------------------------

    @Slot(bool)
    def _on_by_column_radio_toggled(self, _checked: bool) -> None:
        self._show_mode()
        self._resolve()

    @Slot(int)
    def _on_column_combo_changed(self, _index: int) -> None:
        if self.by_column:
            self._resolve()

    @Slot(int)
    def _on_value_combo_changed(self, _index: int) -> None:
        self._show_problem()
        self.changed.emit()

    # --- helpers --------------------------------------------------------------------------

    def _show_mode(self) -> None:
        on = self.by_column
        self.column_part.setEnabled(on)
        self.values_table.setVisible(on)
        self.summary.setVisible(on)
        if not on:
            self.problem_bar.clear()

    def _fill_columns(self) -> None:
        self.column_combo.blockSignals(True)
        self.column_combo.clear()
        if self._table is not None:
            for header in event_rules.likely_event_columns(self._table, self._events):
                self.column_combo.addItem(header, header)
        self.column_combo.blockSignals(False)

    def _resolve(self) -> None:
        column = self.column()
        self._routing = None
        if column is not None and self._table is not None:
            self._routing = event_rules.route_column(
                self._table, column, self._events, saved=self._saved
            )
        self._fill_values()
        self._show_problem()
        self.changed.emit()

    def _fill_values(self) -> None:
        table = self.values_table
        table.setRowCount(0)
        routing = self._routing
        if routing is None:
            self.summary.setText("")
            return
        table.setRowCount(len(routing.resolutions))
        for row, found in enumerate(routing.resolutions):
            table.setItem(row, 0, QTableWidgetItem(found.value))
            table.setItem(row, 1, QTableWidgetItem(fmt_int(found.rows)))
            table.setCellWidget(row, 2, self._chooser(found))
            table.setItem(row, 3, QTableWidgetItem(event_rules.how_text(found)))
        text = ngettext(
            "{count} different value in this column.",
            "{count} different values in this column.",
            len(routing.resolutions),
        ).format(count=fmt_int(len(routing.resolutions)))
        if routing.empty_rows:
            text = ngettext(
                "{count} different values in this column; {empty} row has no event and "
                "cannot be imported.",
                "{count} different values in this column; {empty} rows have no event and "
                "cannot be imported.",
                routing.empty_rows,
            ).format(count=fmt_int(len(routing.resolutions)), empty=fmt_int(routing.empty_rows))
        if not self._listed:
            text = _(event_rules.NO_EVENTS_SCOPE)
        self.summary.setText(text)

    def _chooser(self, found: event_rules.EventResolution) -> QComboBox:
        combo = QComboBox(self.values_table)
        combo.setEditable(not self._listed)  # without the list, keys are typed
        combo.setAccessibleName(_("Event for “{value}”").format(value=found.value))
        combo.addItem(_("— choose an event —"), _CHOOSE)
        offered = list(found.candidates)
        ordered = [e for k in offered for e in self._events if e.event_key == k]
        ordered += [e for e in self._events if e.event_key not in offered]
        for event in ordered:
            combo.addItem(event_rules.event_label(event), event.event_key)
        combo.addItem(_("Leave these rows out"), _LEAVE_OUT)
        if found.how is event_rules.How.LEFT_OUT:
            combo.setCurrentIndex(combo.findData(_LEAVE_OUT))
        elif found.event_key:
            index = combo.findData(found.event_key)
            if index < 0:
                combo.addItem(found.event_key, found.event_key)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        combo.currentIndexChanged.connect(self._on_value_combo_changed)
        combo.editTextChanged.connect(self._on_value_combo_changed)
        return combo

    def _show_problem(self) -> None:
        problem = self.problem()
        if problem:
            self.problem_bar.show_message("error", problem)
        else:
            self.problem_bar.clear()


def radio_indent(radio: QRadioButton) -> int:
    """How far a radio button's text starts from its left edge (controls under it line up)."""
    style_ = radio.style()
    return style_.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth) + style_.pixelMetric(
        QStyle.PixelMetric.PM_RadioButtonLabelSpacing
    )


def _chosen_key(combo: QComboBox) -> str:
    data = combo.currentData()
    if combo.isEditable():
        text = combo.currentText().strip()
        if data in (None, _CHOOSE) or text != combo.itemText(combo.currentIndex()):
            return text if text and text != combo.itemText(0) else ""
    return str(data or "")


def _decided(found: event_rules.EventResolution, key: str | None) -> event_rules.EventResolution:
    how = event_rules.How.LEFT_OUT if key is None else event_rules.How.SAVED
    return event_rules.EventResolution(found.value, key, how, 100.0, found.candidates, found.rows)


__all__ = ["EventRouting", "radio_indent"]
