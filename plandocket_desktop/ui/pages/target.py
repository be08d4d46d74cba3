"""Page 3, Target: contacts or event participants, how existing people are treated, the event."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)
from typing_extensions import override

from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Target
from plandocket_desktop.ui import style, threads
from plandocket_desktop.ui.state import WizardState

TARGETS = (
    (Target.CONTACTS, "Contacts — people and companies in your address book"),
    (Target.PARTICIPANTS, "Participants — people taking part in one event"),
)
MODES = (
    (Mode.CREATE, "Add new people only"),
    (Mode.UPSERT, "Add new people and update the ones already there"),
    (Mode.UPDATE, "Only update people already there"),
)
MATCH_FIELDS = (
    (MatchField.EMAIL, "Email address"),
    (MatchField.CUSTOMER_NUMBER, "Customer number"),
)
MATCH_WORDS = {MatchField.EMAIL: "email address", MatchField.CUSTOMER_NUMBER: "customer number"}


def explain_mode(target: Target, mode: Mode, match: MatchField) -> str:
    """The sentence under the choices, e.g. "Rows whose email is already in PlanDocket ..."."""
    what = MATCH_WORDS[match]
    there = (
        "already registered for the event"
        if target is Target.PARTICIPANTS
        else "already in PlanDocket"
    )
    if mode is Mode.CREATE:
        return (
            f"Only new people are added. Rows whose {what} is {there} will be skipped, "
            "so nobody is added twice."
        )
    if mode is Mode.UPDATE:
        return (
            f"Nobody new is added. Rows whose {what} is {there} update that person with the "
            f"values from your file (empty cells change nothing). Rows whose {what} is not "
            f"{there.removeprefix('already ')} will be skipped."
        )
    return (
        f"Rows whose {what} is {there} update that person (empty cells change nothing); "
        "all other rows are added as new people."
    )


def explain_skip(skip: bool) -> str:
    if skip:
        return (
            "If PlanDocket refuses a row (for example because of an invalid value), only that "
            "row is left out and the others are imported. You get a list of refused rows at "
            "the end."
        )
    return (
        "If PlanDocket refuses any row, the whole batch of up to 1,000 rows it belongs to is "
        "not imported. Use this only if your list must arrive complete or not at all."
    )


def explain_create_contacts(create: bool) -> str:
    if create:
        return "People who are not contacts in PlanDocket yet become new contacts as well."
    return "People who are not contacts in PlanDocket yet will be skipped."


class TargetPage(QWizardPage):
    """Signals: events_loaded(int) — the event list arrived (how many events)."""

    events_loaded = Signal(int)

    def __init__(self, state: WizardState, *, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("targetPage")
        self.setTitle("What should the rows become?")
        self.setSubTitle(
            "Choose where the people go in PlanDocket and what happens to people "
            "who are there already."
        )
        self._state = state
        self._settings = settings
        self._events: list[Any] = []
        self._events_client: Any = None
        self._events_error: str | None = None
        self._task = threads.BackgroundTask(self)
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self._task.busy_changed.connect(self._on_task_busy_changed)
        self._build()
        self._restore()
        self._update()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = style.page_layout(self)

        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("targetCombo")
        self.target_combo.setToolTip("Contacts, or the participants of one event")
        for value, label in TARGETS:
            self.target_combo.addItem(label, value.value)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("modeCombo")
        self.mode_combo.setToolTip("What happens to people who are in PlanDocket already")
        for mode, label in MODES:
            self.mode_combo.addItem(label, mode.value)
        self.match_field_combo = QComboBox(self)
        self.match_field_combo.setObjectName("matchFieldCombo")
        self.match_field_combo.setToolTip(
            "How PlanDocket recognises a person it knows already. Your file needs this column."
        )
        for match_field, label in MATCH_FIELDS:
            self.match_field_combo.addItem(label, match_field.value)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.addRow(self._label("&Import as:", self.target_combo), self.target_combo)
        form.addRow(self._label("People already there:", self.mode_combo), self.mode_combo)
        form.addRow(
            self._label("&Recognise people by:", self.match_field_combo), self.match_field_combo
        )
        self.mode_hint = style.hint("", self)
        self.mode_hint.setObjectName("modeExplanation")
        self.mode_hint.setForegroundRole(QPalette.ColorRole.WindowText)
        layout.addLayout(form)
        layout.addWidget(self.mode_hint)

        self.scope_bar = style.MessageBar(self)
        layout.addWidget(self.scope_bar)
        layout.addSpacing(6)

        # The event (participants only)
        self.event_group = QGroupBox("The event", self)
        event_layout = QVBoxLayout(self.event_group)
        event_layout.setSpacing(8)
        self.event_combo = QComboBox(self.event_group)
        self.event_combo.setObjectName("eventCombo")
        self.event_combo.setEditable(True)
        self.event_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.event_combo.setToolTip(
            "Type part of the event's name to search, or type its event key"
        )
        line_edit = self.event_combo.lineEdit()
        assert line_edit is not None  # an editable combo box has one
        line_edit.setPlaceholderText("Search by name, or type the event key")
        line_edit.setClearButtonEnabled(True)
        completer = QCompleter(self.event_combo.model(), self.event_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.event_combo.setCompleter(completer)
        self.reload_button = QPushButton("Re&load", self.event_group)
        self.reload_button.setObjectName("reloadEventsButton")
        self.reload_button.setToolTip("Load the list of events from PlanDocket again")
        row = QHBoxLayout()
        row.addWidget(self._label("&Event:", self.event_combo))
        row.addWidget(self.event_combo, 1)
        row.addWidget(self.reload_button)
        event_layout.addLayout(row)
        self.events_busy = style.BusyIndicator("Loading your events from PlanDocket…", self)
        event_layout.addWidget(self.events_busy)
        self.event_hint = style.hint("", self.event_group)
        self.event_hint.setObjectName("eventExplanation")
        event_layout.addWidget(self.event_hint)
        self.create_contacts_check = QCheckBox(
            "&Add people who are not contacts yet as new contacts", self.event_group
        )
        self.create_contacts_check.setObjectName("createContactsCheck")
        self.create_contacts_check.setToolTip(
            "Otherwise people without a contact in PlanDocket are skipped"
        )
        self.create_contacts_hint = style.hint("", self.event_group)
        event_layout.addWidget(self.create_contacts_check)
        event_layout.addWidget(self.create_contacts_hint)
        layout.addWidget(self.event_group)

        self.skip_on_error_check = QCheckBox(
            "&Skip rows that PlanDocket refuses and import the rest", self
        )
        self.skip_on_error_check.setObjectName("skipOnErrorCheck")
        self.skip_on_error_check.setToolTip(
            "Recommended. Refused rows are listed at the end so you can fix them."
        )
        self.skip_hint = style.hint("", self)
        skip = QVBoxLayout()
        skip.setSpacing(4)
        skip.addWidget(self.skip_on_error_check)
        skip.addWidget(self.skip_hint)
        layout.addLayout(skip)
        layout.addStretch(1)

        self.target_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.mode_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.match_field_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.skip_on_error_check.toggled.connect(self._on_choice_changed)
        self.create_contacts_check.toggled.connect(self._on_choice_changed)
        self.event_combo.currentTextChanged.connect(self._on_event_text_changed)
        self.reload_button.clicked.connect(self._on_reload_clicked)

    def _label(self, text: str, buddy: Any) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # --- QWizardPage --------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        self._update()
        self._load_events_if_needed()

    @override
    def cleanupPage(self) -> None:
        """Keep the choices when the user goes back."""

    @override
    def isComplete(self) -> bool:
        if self.target is Target.PARTICIPANTS:
            return bool(self.event_key())
        return True

    @override
    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        self._state.draft.options = self.options()
        self._save()
        return True

    # --- reading the choices ------------------------------------------------------------

    @property
    def target(self) -> Target:
        return Target(self.target_combo.currentData())

    @property
    def mode(self) -> Mode:
        return Mode(self.mode_combo.currentData())

    @property
    def match_field(self) -> MatchField:
        return MatchField(self.match_field_combo.currentData())

    @property
    def events(self) -> list[Any]:
        return list(self._events)

    @property
    def is_busy(self) -> bool:
        return self._task.busy

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

    def options(self) -> ImportOptions:
        participants = self.target is Target.PARTICIPANTS
        return ImportOptions(
            target=self.target,
            mode=self.mode,
            match_field=self.match_field,
            skip_on_error=self.skip_on_error_check.isChecked(),
            event_key=self.event_key() if participants else None,
            create_contacts=self.create_contacts_check.isChecked(),
        )

    def set_options(self, options: ImportOptions) -> None:
        """Show these choices (e.g. of an interrupted import being resumed)."""
        self.target_combo.setCurrentIndex(self.target_combo.findData(options.target.value))
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(options.mode.value))
        self.match_field_combo.setCurrentIndex(
            self.match_field_combo.findData(options.match_field.value)
        )
        self.skip_on_error_check.setChecked(options.skip_on_error)
        self.create_contacts_check.setChecked(options.create_contacts)
        if options.event_key:
            self.select_event(options.event_key)

    def set_target(self, target: Target) -> None:
        self.target_combo.setCurrentIndex(self.target_combo.findData(target.value))

    def select_event(self, event_key: str) -> None:
        for index in range(self.event_combo.count()):
            if self.event_combo.itemData(index) == event_key:
                self.event_combo.setCurrentIndex(index)
                return
        self.event_combo.setEditText(event_key)

    def shutdown(self) -> None:
        self._task.shutdown()

    # --- slots --------------------------------------------------------------------------

    @Slot()
    def _on_choice_changed(self) -> None:
        self._update()
        self._load_events_if_needed()
        self.completeChanged.emit()

    @Slot(str)
    def _on_event_text_changed(self, _text: str) -> None:
        self._update_event_hint()
        self.completeChanged.emit()

    @Slot()
    def _on_reload_clicked(self) -> None:
        self._load_events(force=True)

    @Slot(object)
    def _on_task_succeeded(self, result: object) -> None:
        assert isinstance(result, list)
        self._events = sorted(result, key=lambda e: ((e.date_from or "9999"), e.title.casefold()))
        self._events_error = None
        typed = self.event_combo.currentText().strip()
        wanted = self.event_key() if typed else self._saved_event_key()
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for event in self._events:
            self.event_combo.addItem(event.label, event.event_key)
        self.event_combo.setCurrentIndex(-1)
        self.event_combo.setEditText("")
        self.event_combo.blockSignals(False)
        if wanted:
            self.select_event(wanted)
        self._update_event_hint()
        self.events_loaded.emit(len(self._events))
        self.completeChanged.emit()

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        self._events = []
        self._events_error = message
        self._update_event_hint()
        self.completeChanged.emit()

    @Slot(bool)
    def _on_task_busy_changed(self, busy: bool) -> None:
        if busy:
            self.events_busy.start()
        else:
            self.events_busy.stop()
        self.reload_button.setEnabled(not busy)

    # --- helpers ------------------------------------------------------------------------

    def _load_events_if_needed(self) -> None:
        if self.target is Target.PARTICIPANTS and self._events_client is not self._state.client:
            self._load_events()

    def _load_events(self, *, force: bool = False) -> None:
        client = self._state.client
        if client is None or (self._task.busy and not force):
            return
        self._events_client = client
        self._events_error = None
        self._update_event_hint()
        self._task.start(functools.partial(threads.load_events, client))

    def _update(self) -> None:
        participants = self.target is Target.PARTICIPANTS
        self.event_group.setVisible(participants)
        self.mode_hint.setText(explain_mode(self.target, self.mode, self.match_field))
        self.skip_hint.setText(explain_skip(self.skip_on_error_check.isChecked()))
        self.create_contacts_hint.setText(
            explain_create_contacts(self.create_contacts_check.isChecked())
        )
        missing = set(self._state.missing_scopes)
        needed = self.target.value
        if needed in missing:
            self.scope_bar.show_message(
                "warning",
                f"Your API key is not allowed to import {needed} (it lacks the “{needed}” "
                "permission), so PlanDocket will refuse this import. An administrator can add "
                "it in PlanDocket under Settings > API.",
            )
        else:
            self.scope_bar.clear()
        self._update_event_hint()

    def _update_event_hint(self) -> None:
        if self._events_error and self.event_key():
            self.event_hint.setText(
                f"“{self.event_key()}” is used as the event key as typed; PlanDocket will say "
                f"so if no event has this key. (The list of events could not be loaded: "
                f"{self._events_error})"
            )
            return
        if self._events_error:
            self.event_hint.setText(
                f"The list of events could not be loaded: {self._events_error} "
                "You can still type the event key (PlanDocket shows it on the event's page)."
            )
            return
        if self._task.busy:
            self.event_hint.setText("")
            return
        key = self.event_key()
        chosen = next((e for e in self._events if e.event_key == key), None)
        if chosen is not None:
            self.event_hint.setText(f"The people become participants of “{chosen.title}”.")
        elif key:
            self.event_hint.setText(
                f"“{key}” is not one of the events listed; it is used as the event key as "
                "typed. PlanDocket will say so if no event has this key."
            )
        elif self._events:
            self.event_hint.setText(
                f"Pick one of your {len(self._events)} events, or type to search."
            )
        else:
            self.event_hint.setText("Type the event key (PlanDocket shows it on the event's page).")

    def _restore(self) -> None:
        settings = self._settings
        if settings is None:
            return
        pairs = (
            (self.target_combo, "target/target"),
            (self.mode_combo, "target/mode"),
            (self.match_field_combo, "target/match_field"),
        )
        for combo, key in pairs:
            value = settings.value(key)
            index = combo.findData(value) if value is not None else -1
            if index >= 0:
                combo.setCurrentIndex(index)
        self.skip_on_error_check.setChecked(_as_bool(settings.value("target/skip_on_error", True)))
        self.create_contacts_check.setChecked(
            _as_bool(settings.value("target/create_contacts", True))
        )
        key = self._saved_event_key()
        if key:
            self.event_combo.setEditText(key)

    def _saved_event_key(self) -> str:
        if self._settings is None:
            return ""
        return str(self._settings.value("target/event_key", "") or "")

    def _save(self) -> None:
        settings = self._settings
        if settings is None or self._state.draft.practice:
            return
        options = self.options()
        settings.setValue("target/target", options.target.value)
        settings.setValue("target/mode", options.mode.value)
        settings.setValue("target/match_field", options.match_field.value)
        settings.setValue("target/skip_on_error", options.skip_on_error)
        settings.setValue("target/create_contacts", options.create_contacts)
        if options.event_key:
            settings.setValue("target/event_key", options.event_key)


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)
