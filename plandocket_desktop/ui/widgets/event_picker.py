"""The Target page's event group: a searchable list of the tenant's events (or a typed key),
reloading it, and whether people without a contact become new contacts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from plandocket_desktop.i18n import _, fmt_int, ngettext
from plandocket_desktop.ui import style

if TYPE_CHECKING:
    from plandocket_desktop.core.api import Event
    from plandocket_desktop.ui.widgets.event_routing import EventRouting


def explain_create_contacts(create: bool) -> str:
    if create:
        return _("People who are not contacts in PlanDocket yet become new contacts as well.")
    return _("People who are not contacts in PlanDocket yet will be skipped.")


class EventPicker(QGroupBox):
    """The event (participants only). No signals: the page connects to ``event_combo``,
    ``reload_button`` and ``create_contacts_check``; it hands in the events and the error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("The event"), parent)
        self._events: list[Event] = []
        self._error: str | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.event_combo = QComboBox(self)
        self.event_combo.setObjectName("eventCombo")
        self.event_combo.setEditable(True)
        self.event_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.event_combo.setToolTip(
            _("Type part of the event's name to search, or type its event key")
        )
        line_edit = self.event_combo.lineEdit()
        assert line_edit is not None  # an editable combo box has one
        line_edit.setPlaceholderText(_("Search by name, or type the event key"))
        line_edit.setClearButtonEnabled(True)
        completer = QCompleter(self.event_combo.model(), self.event_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.event_combo.setCompleter(completer)
        self.reload_button = QPushButton(_("Rel&oad"), self)
        self.reload_button.setObjectName("reloadEventsButton")
        self.reload_button.setToolTip(_("Load the list of events from PlanDocket again"))
        label = QLabel(_("&Event:"), self)
        label.setBuddy(self.event_combo)
        self.event_combo.setAccessibleName(_("Event"))
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.event_combo, 1)
        row.addWidget(self.reload_button)
        layout.addLayout(row)
        self.events_busy = style.BusyIndicator(_("Loading your events from PlanDocket…"), self)
        layout.addWidget(self.events_busy)
        self.event_hint = style.hint("", self)
        self.event_hint.setObjectName("eventExplanation")
        layout.addWidget(self.event_hint)
        self.create_contacts_check = QCheckBox(
            _("&Add people who are not contacts yet as new contacts"), self
        )
        self.create_contacts_check.setObjectName("createContactsCheck")
        self.create_contacts_check.setToolTip(
            _("Otherwise people without a contact in PlanDocket are skipped")
        )
        self.create_contacts_hint = style.hint("", self)
        layout.addWidget(self.create_contacts_check)
        layout.addWidget(self.create_contacts_hint)

    @property
    def events(self) -> list[Event]:
        return list(self._events)

    def event_key(self) -> str:
        """The chosen event's key: a listed event, or what the user typed."""
        text = self.event_combo.currentText().strip()
        if not text:
            return ""
        index = self.event_combo.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            return str(self.event_combo.itemData(index))
        for event in self._events:
            if event.event_key.casefold() == text.casefold():
                return str(event.event_key)
        return text

    def select_event(self, event_key: str) -> None:
        for index in range(self.event_combo.count()):
            if self.event_combo.itemData(index) == event_key:
                self.event_combo.setCurrentIndex(index)
                return
        self.event_combo.setEditText(event_key)

    def set_events(self, events: Sequence[Event], wanted: str) -> None:
        """List ``events`` by date and title, choosing the event with key ``wanted`` if any."""
        self._events = sorted(events, key=lambda e: ((e.date_from or "9999"), e.title.casefold()))
        self._error = None
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for event in self._events:
            self.event_combo.addItem(event.label, event.event_key)
        self.event_combo.setCurrentIndex(-1)
        self.event_combo.setEditText("")
        self.event_combo.blockSignals(False)
        if wanted:
            self.select_event(wanted)

    def set_error(self, message: str | None) -> None:
        """The list could not be loaded (``message`` says why); None before loading again."""
        if message is not None:
            self._events = []
        self._error = message

    def explain(self, *, loading: bool) -> None:
        """Put the sentences under the event and the create-contacts check."""
        self.create_contacts_hint.setText(
            explain_create_contacts(self.create_contacts_check.isChecked())
        )
        self.event_hint.setText(self._event_sentence(loading))

    def _event_sentence(self, loading: bool) -> str:
        key = self.event_key()
        if self._error and key:
            return _(
                "“{key}” is used as the event key as typed; PlanDocket will say so if no event "
                "has this key. (The list of events could not be loaded: {reason})"
            ).format(key=key, reason=self._error)
        if self._error:
            return _(
                "The list of events could not be loaded: {reason} You can still type the event "
                "key (PlanDocket shows it on the event's page)."
            ).format(reason=self._error)
        if loading:
            return ""
        chosen = next((e for e in self._events if e.event_key == key), None)
        if chosen is not None:
            return _("The people become participants of “{event}”.").format(event=chosen.title)
        if key:
            return _(
                "“{key}” is not one of the events listed; it is used as the event key as typed. "
                "PlanDocket will say so if no event has this key."
            ).format(key=key)
        if self._events:
            count = len(self._events)
            return ngettext(
                "Pick the {count} event listed, or type to search.",
                "Pick one of your {count} events, or type to search.",
                count,
            ).format(count=fmt_int(count))
        return _("Type the event key (PlanDocket shows it on the event's page).")


def place_routing(picker: EventPicker, routing: EventRouting, indent: int) -> list[QWidget]:
    """The two ways to give the event, each radio above its own controls: "one event for
    every row" over the picker (its row and sentence indented under it), then "from a
    column of the file" with its column chooser and values; create-contacts stays last.

    Returns the picker's own parts (enabled only while one event serves every row).
    """
    picker_layout = picker.layout()
    assert isinstance(picker_layout, QBoxLayout)
    picker_layout.insertWidget(0, routing.one_event_radio)
    # The picker's own parts follow the radio: its row (label, list, reload), the busy
    # line and the sentence about the event; then the column routing.
    single_event_parts: list[QWidget] = []
    position = 1
    for _part in range(3):
        item = picker_layout.itemAt(position)
        assert item is not None
        inner = item.layout()
        if inner is not None:
            inner.setContentsMargins(indent, 0, 0, 0)
            for k in range(inner.count()):
                widget = inner.itemAt(k).widget()  # type: ignore[union-attr]
                if widget is not None:
                    single_event_parts.append(widget)
        elif (widget := item.widget()) is not None:
            widget.setContentsMargins(indent, 0, 0, 0)
            single_event_parts.append(widget)
        position += 1
    picker_layout.insertWidget(position, routing, 1)
    picker_layout.insertSpacing(position + 1, 6)
    return single_event_parts
