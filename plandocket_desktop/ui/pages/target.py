"""Page 3, Target: contacts or event participants, how existing people are treated, the event.

The page composes ``widgets.import_choices`` (target, mode, match field and their explanation)
and ``widgets.event_picker`` (the event, participants only); it loads the events, keeps the
choices in the settings and writes them into the draft.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from typing_extensions import override

from plandocket_desktop.core import events as event_rules
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Target
from plandocket_desktop.i18n import _
from plandocket_desktop.ui import style, threads
from plandocket_desktop.ui.state import WizardState
from plandocket_desktop.ui.widgets import event_picker, target_settings
from plandocket_desktop.ui.widgets.event_picker import EventPicker, explain_create_contacts
from plandocket_desktop.ui.widgets.event_routing import EventRouting, radio_indent
from plandocket_desktop.ui.widgets.import_choices import (
    MATCH_FIELDS,
    MATCH_WORDS,
    MODES,
    TARGETS,
    ImportChoices,
    explain_mode,
)
from plandocket_desktop.ui.widgets.target_settings import MISSING_PERMISSION, explain_skip

if TYPE_CHECKING:
    from plandocket_desktop.core.api import Event
    from plandocket_desktop.core.mapping import Profile, ProfileStore


class TargetPage(QWizardPage):
    """Signals: events_loaded(int) — the event list arrived (how many events)."""

    events_loaded = Signal(int)

    def __init__(
        self,
        state: WizardState,
        *,
        settings: QSettings | None = None,
        profiles: ProfileStore | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("targetPage")
        self.setTitle(_("What should the rows become?"))
        self.setSubTitle(
            _(
                "Choose where the people go in PlanDocket and what happens to people "
                "who are there already."
            )
        )
        self._state = state
        self._settings = settings
        self._profiles = profiles  # a saved profile's event column is offered from it
        self._offered_for: object = None  # the table a profile's event column was looked for
        self._events_client: object = None
        self._task = threads.BackgroundTask(self)
        self._task.succeeded.connect(self._on_task_succeeded)
        self._task.failed.connect(self._on_task_failed)
        self._task.busy_changed.connect(self._on_task_busy_changed)
        self._build()
        self._restore()
        self._update()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        # The page scrolls rather than squeezing its parts into each other when the window is
        # small and an event column's table of values is shown (1024 x 700).
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("targetScrollArea")
        self.scroll_area.setAccessibleName(_("What to import"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self.scroll_area)
        body.setObjectName("targetPageBody")
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area)
        layout = style.page_layout(body)

        self._choices = ImportChoices(self)
        self.target_combo = self._choices.target_combo
        self.mode_combo = self._choices.mode_combo
        self.match_field_combo = self._choices.match_field_combo
        self.mode_hint = self._choices.mode_hint
        layout.addWidget(self._choices)

        self.scope_bar = style.MessageBar(self)
        layout.addWidget(self.scope_bar)
        layout.addSpacing(6)

        self.event_group = EventPicker(self)
        self.event_combo = self.event_group.event_combo
        self.reload_button = self.event_group.reload_button
        self.events_busy = self.event_group.events_busy
        self.event_hint = self.event_group.event_hint
        self.create_contacts_check = self.event_group.create_contacts_check
        self.create_contacts_hint = self.event_group.create_contacts_hint
        layout.addWidget(self.event_group)
        self._place_event_routing()

        self.skip_on_error_check = QCheckBox(
            _("&Skip rows that PlanDocket refuses and import the rest"), self
        )
        self.skip_on_error_check.setObjectName("skipOnErrorCheck")
        self.skip_on_error_check.setToolTip(
            _("Recommended. Refused rows are listed at the end so you can fix them.")
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
        self.event_routing.changed.connect(self._on_event_routing_changed)

    def _place_event_routing(self) -> None:
        self.event_routing = EventRouting(self, first_radio_outside=True)
        indent = radio_indent(self.event_routing.one_event_radio)
        self._single_event_parts = event_picker.place_routing(
            self.event_group, self.event_routing, indent
        )

    # --- QWizardPage --------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        self.event_routing.set_table(self._state.table)
        draft = self._state.draft
        if draft.event_column:
            self.event_routing.set_saved(draft.event_column, draft.event_routes)
        elif self._state.table is not None and self._offered_for is not self._state.table:
            self._offered_for = self._state.table
            self._offer_saved_event_column()
        self._update()
        self._load_events_if_needed()

    @override
    def cleanupPage(self) -> None:
        """Keep the choices when the user goes back."""

    @override
    def isComplete(self) -> bool:
        if self.target is Target.PARTICIPANTS:
            if self.event_routing.by_column:
                return self.event_routing.is_complete()
            return bool(self.event_key())
        return True

    @override
    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        self._state.draft.options = self.options()
        by_column = self.target is Target.PARTICIPANTS and self.event_routing.by_column
        self._state.draft.event_column = self.event_routing.column() if by_column else None
        self._state.draft.event_routes = self.event_routing.routes() if by_column else {}
        self._save()
        return True

    # --- reading the choices ------------------------------------------------------------

    @property
    def target(self) -> Target:
        return self._choices.target

    @property
    def mode(self) -> Mode:
        return self._choices.mode

    @property
    def match_field(self) -> MatchField:
        return self._choices.match_field

    @property
    def events(self) -> list[Event]:
        return self.event_group.events

    @property
    def is_busy(self) -> bool:
        return self._task.busy

    def event_key(self) -> str:
        """The chosen event's key: a listed event, or what the user typed."""
        return self.event_group.event_key()

    def options(self) -> ImportOptions:
        participants = self.target is Target.PARTICIPANTS
        return ImportOptions(
            target=self.target,
            mode=self.mode,
            match_field=self.match_field,
            skip_on_error=self.skip_on_error_check.isChecked(),
            event_key=self.event_key()
            if participants and not self.event_routing.by_column
            else None,
            create_contacts=self.create_contacts_check.isChecked(),
        )

    def set_options(self, options: ImportOptions) -> None:
        """Show these choices (e.g. of an interrupted import being resumed)."""
        self._choices.set_choices(options)
        self.skip_on_error_check.setChecked(options.skip_on_error)
        self.create_contacts_check.setChecked(options.create_contacts)
        if options.event_key:
            self.select_event(options.event_key)

    def set_target(self, target: Target) -> None:
        self.target_combo.setCurrentIndex(self.target_combo.findData(target.value))

    def select_event(self, event_key: str) -> None:
        self.event_group.select_event(event_key)

    def shutdown(self) -> None:
        self._task.shutdown()

    def use_profile_events(self, profile: Profile) -> bool:
        """Take a mapping profile's event column and saved resolutions, when this file has
        that column (the profile offered for the file, or one chosen on the Columns page).

        When every value then has its event, the draft gets them at once (the Columns page
        may apply a profile after this page); otherwise this page waits for the open values.
        Returns True when the profile had an event column for this file.
        """
        table = self._state.table
        if table is None:
            return False
        column = event_rules.saved_column(profile.event_column, table.columns)
        if column is None:
            return False
        note = _(
            "Each row's event comes from the column “{column}”, as saved in the profile “{name}”."
        ).format(column=column, name=profile.name)
        self.event_routing.set_saved(column, dict(profile.event_routes), note=note)
        if self.target is Target.PARTICIPANTS and self.event_routing.is_complete():
            draft = self._state.draft
            draft.options = dataclasses.replace(draft.options, event_key=None)
            draft.event_column = self.event_routing.column()
            draft.event_routes = self.event_routing.routes()
        return True

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
    def _on_event_routing_changed(self) -> None:
        single = not self.event_routing.by_column
        for widget in self._single_event_parts:
            widget.setEnabled(single)
        self.event_hint.setVisible(single)  # a sentence about the single event only
        self.completeChanged.emit()

    @Slot()
    def _on_reload_clicked(self) -> None:
        self._load_events(force=True)

    @Slot(object)
    def _on_task_succeeded(self, result: object) -> None:
        assert isinstance(result, list)
        typed = self.event_combo.currentText().strip()
        wanted = self.event_key() if typed else self._saved_event_key()
        self.event_group.set_events(result, wanted)
        self.event_routing.set_events(result)
        self._update_event_hint()
        self.events_loaded.emit(len(result))
        self.completeChanged.emit()

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        self.event_group.set_error(message)
        # Without the list (e.g. no "events" permission) event keys can still be typed.
        self.event_routing.set_events([], listed=False)
        self._update_event_hint()
        self.completeChanged.emit()

    @Slot(bool)
    def _on_task_busy_changed(self, busy: bool) -> None:
        if busy:
            self.events_busy.start()
        else:
            self.events_busy.stop()
        self.reload_button.setEnabled(not busy and not self.event_routing.by_column)

    # --- helpers ------------------------------------------------------------------------

    def _offer_saved_event_column(self) -> None:
        """The saved profile the Columns page would offer this file for participants: when
        it routes by an event column, that column and its resolutions are taken up here."""
        table = self._state.table
        if self._profiles is None or table is None:
            return
        try:
            found = self._profiles.match(table.columns, target=Target.PARTICIPANTS)
        except PlandocketError:
            return  # the Columns page says what is wrong with the profiles
        if found:
            self.use_profile_events(found[0][0])

    def _load_events_if_needed(self) -> None:
        if self.target is Target.PARTICIPANTS and self._events_client is not self._state.client:
            self._load_events()

    def _load_events(self, *, force: bool = False) -> None:
        client = self._state.client
        if client is None or (self._task.busy and not force):
            return
        self._events_client = client
        self.event_group.set_error(None)
        self._update_event_hint()
        self._task.start(functools.partial(threads.load_events, client))

    def _update(self) -> None:
        self.event_group.setVisible(self.target is Target.PARTICIPANTS)
        self._choices.explain()
        self.skip_hint.setText(explain_skip(self.skip_on_error_check.isChecked()))
        if self.target.value in set(self._state.missing_scopes):
            self.scope_bar.show_message("warning", _(MISSING_PERMISSION[self.target]))
        else:
            self.scope_bar.clear()
        self._update_event_hint()

    def _update_event_hint(self) -> None:
        self.event_group.explain(loading=self._task.busy)

    def _restore(self) -> None:
        if self._settings is None:
            return
        target_settings.restore(
            self._settings,
            combos=(
                (self.target_combo, "target/target"),
                (self.mode_combo, "target/mode"),
                (self.match_field_combo, "target/match_field"),
            ),
            skip_on_error=self.skip_on_error_check,
            create_contacts=self.create_contacts_check,
            event_combo=self.event_combo,
        )

    def _saved_event_key(self) -> str:
        return target_settings.saved_event_key(self._settings)

    def _save(self) -> None:
        if self._settings is None or self._state.draft.practice:
            return
        target_settings.save(self._settings, self.options())


__all__ = [
    "MATCH_FIELDS",
    "MATCH_WORDS",
    "MISSING_PERMISSION",
    "MODES",
    "TARGETS",
    "TargetPage",
    "explain_create_contacts",
    "explain_mode",
    "explain_skip",
]
