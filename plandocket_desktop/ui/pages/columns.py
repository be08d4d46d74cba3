"""Page 4, Columns: which PlanDocket field each column goes into, fixed values, saved profiles.

A thin page over ``core.mapping.MappingDraft``: the draft holds the choices and the rules (a
field comes from one column, a profile fitted to the file, what is wrong); the page composes
a ``ProfileBar``, a ``ColumnTable`` and a ``FixedValuesEditor`` and shows what the draft says.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWizardPage
from typing_extensions import override

from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui import style
from plandocket_desktop.ui.state import WizardState
from plandocket_desktop.ui.widgets import column_table, fixed_values, profile_bar
from plandocket_desktop.ui.widgets.column_table import DONT_IMPORT, level_of, sample_values

if TYPE_CHECKING:
    from plandocket_desktop.core.mapping import MappingDraft, Profile, ProfileStore
    from plandocket_desktop.core.types import Field, MatchField, Table, Target

__all__ = ["DONT_IMPORT", "ColumnsPage", "level_of", "sample_values"]

MANUAL = N_("Your choice")
FROM_PROFILE = N_("From profile")
AS_BEFORE = N_("As before")
NO_FIELD = N_("No matching field")


class ColumnsPage(QWizardPage):
    """No signals of its own; ``completeChanged`` follows the draft's problems."""

    def __init__(self, state: WizardState, *, profiles: ProfileStore | None = None) -> None:
        super().__init__()
        self.setObjectName("columnsPage")
        self.setTitle(_("Match the columns"))
        self.setSubTitle(
            _(
                "Each column of your file goes into a PlanDocket field. The importer has made "
                "suggestions; check the ones marked “Please check” and change anything that is "
                "wrong."
            )
        )
        self._state = state
        self._key: tuple[int, Target] | None = None
        self._table: Table | None = None
        self._draft: MappingDraft | None = None
        self._confidence: dict[str, tuple[str, QColor | None, str]] = {}

        layout = style.page_layout(self)
        self.profile_bar = profile_bar.ProfileBar(profiles, self)
        self.mapping_table = self.table_widget = column_table.ColumnTable(self)
        self.match_bar = style.MessageBar(self)
        self.match_bar.setObjectName("matchFieldMessage")
        self.fixed_editor = fixed_values.FixedValuesEditor(self)
        layout.addWidget(self.profile_bar)
        layout.addWidget(self.mapping_table, 1)
        layout.addWidget(self.match_bar)
        layout.addWidget(self.fixed_editor)
        # The parts tests and people reach by name.
        self.profile_combo = self.profile_bar.combo
        self.save_button = self.profile_bar.save_button
        self.save_as_button = self.profile_bar.save_as_button
        self.rename_button = self.profile_bar.rename_button
        self.delete_button = self.profile_bar.delete_button
        self.fixed_field_combo = self.fixed_editor.field_combo
        self.fixed_value_edit = self.fixed_editor.value_edit
        self.add_fixed_button = self.fixed_editor.add_button
        self.fixed_list = self.fixed_editor.list
        self.remove_fixed_button = self.fixed_editor.remove_button

        self.profile_bar.chosen.connect(self._on_profile_bar_chosen)
        self.profile_bar.save_asked.connect(self._on_profile_bar_save_asked)
        self.mapping_table.field_chosen.connect(self._on_mapping_table_field_chosen)
        self.fixed_editor.added.connect(self._on_fixed_editor_added)
        self.fixed_editor.removed.connect(self._on_fixed_editor_removed)

    # --- QWizardPage --------------------------------------------------------------------

    @override
    def initializePage(self) -> None:
        table = self._state.table
        target = self._state.draft.options.target
        if table is None:
            return
        key = (id(table), target)
        if key != self._key or self._draft is None:
            self._key = key
            self._start(table, target)
        else:
            # the match field or the mode may have changed on the Target page
            self._draft.set_options(self._state.draft.options)
            self._rebuild_rows()

    @override
    def cleanupPage(self) -> None:
        """Keep the choices when the user goes back."""

    @override
    def isComplete(self) -> bool:
        return self._draft is not None and self._draft.is_complete()

    @override
    def validatePage(self) -> bool:
        if not self.isComplete() or self._draft is None:
            return False
        draft = self._state.draft
        draft.mapping = self._draft.mapping
        draft.fixed_values = self._draft.fixed_values
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
        return self._draft.mapping if self._draft is not None else {}

    @property
    def fixed_values(self) -> dict[str, str]:
        return self._draft.fixed_values if self._draft is not None else {}

    def match_field_mapped(self) -> bool:
        return self._draft is not None and self._draft.is_mapped(self.match_field.value)

    def confidence(self, column: str) -> tuple[str, str]:
        """The (word, reason) shown for a column."""
        word, _colour, reason = self._confidence.get(column, ("", None, ""))
        return word, reason

    def set_column(self, column: str, field_key: str | None) -> None:
        """Send ``column`` into ``field_key`` (None: don't import), as the field chooser does."""
        self.mapping_table.choose(column, field_key)

    def current_profile_name(self) -> str | None:
        return self.profile_bar.current_name()

    def apply_profile(self, name: str | None) -> None:
        """Use a saved profile's column choices and fixed values (None: automatic ones)."""
        self.profile_bar.select(name)
        self._apply_profile(name, offered=False)

    def add_fixed_value(self, field_key: str, value: str) -> None:
        if self._draft is None or not value.strip():
            return
        self._draft.set_fixed(field_key, value)
        self._refresh_fixed()

    def remove_fixed_value(self, field_key: str) -> None:
        if self._draft is not None:
            self._draft.remove_fixed(field_key)
            self._refresh_fixed()

    # --- building -----------------------------------------------------------------------

    def _start(self, table: Table, target: Target) -> None:
        from plandocket_desktop.core import mapping

        self._table = table
        draft = self._state.draft
        self._draft = mapping.MappingDraft.suggested(table, draft.options)
        allowed = {f.key for f in self._draft.allowed_fields()}
        for key, text in draft.fixed_values.items():
            if key in allowed:
                self._draft.set_fixed(key, text)
        self._confidence_from_suggestions()
        self.profile_bar.fill(target)
        self.profile_bar.clear()
        if self._state.resume_journal is not None and draft.mapping:
            # The choices of an interrupted import being resumed: they must stay the same.
            self._draft.replace(draft.mapping)
            reason = _("Chosen for the interrupted import being resumed.")
            self._confidence = {c: (_(AS_BEFORE), None, reason) for c in table.columns}
            self.profile_bar.show_message(
                "info",
                _("These are the choices of the interrupted import; keep them to resume it."),
            )
            self._rebuild_rows()
            return
        offered = self.profile_bar.offered(table.columns, target)
        if offered is not None:
            self.profile_bar.select(offered)
            self._apply_profile(offered, offered=True)
            return
        self._rebuild_rows()

    def _confidence_from_suggestions(self) -> None:
        assert self._draft is not None
        self._confidence = {}
        for column in self._draft.columns:
            suggestion = self._draft.suggestion(column)
            if suggestion is None or suggestion.field is None:
                reason = suggestion.reason if suggestion is not None else ""
                reason = reason or _("No PlanDocket field matches this header.")
                self._confidence[column] = (_(NO_FIELD), None, reason)
            else:
                word, colour = level_of(suggestion.confidence)
                self._confidence[column] = (word, colour, suggestion.reason)

    def _field_choices(self) -> list[tuple[str, str]]:
        assert self._draft is not None
        match = self.match_field.value
        choices = []
        for field in self._draft.allowed_fields():
            if field.key == match:
                label = _("{field} (required)").format(field=field.label)
            else:
                label = field.label
            choices.append((label, field.key))
        return choices

    def _rebuild_rows(self) -> None:
        if self._draft is None:
            return
        samples = sample_values(self._table) if self._table is not None else {}
        columns = self._draft.columns
        self.mapping_table.show_rows(columns, samples, self._field_choices(), self._draft.mapping)
        for column in columns:
            self._show_confidence(column)
        self._refresh_fixed()
        self._update_match_state()

    def _show_confidence(self, column: str) -> None:
        word, colour, reason = self._confidence.get(column, ("", None, ""))
        self.mapping_table.show_confidence(column, word, colour, reason)

    def _apply_profile(self, name: str | None, *, offered: bool) -> None:
        if self._draft is None:
            return
        profile = self.profile_bar.load(name) if name is not None else None
        if name is not None and profile is None:
            return  # the bar says why
        if profile is None:
            self._draft.use_suggestions()
            self._confidence_from_suggestions()
            self.profile_bar.show_message("info", _("Using the automatic suggestions."))
            self._rebuild_rows()
            return
        from plandocket_desktop.ui.pages import target

        applied = self._draft.apply_profile(profile)
        reason = _("Saved in the profile “{name}”.").format(name=profile.name)
        self._confidence = {c: (_(FROM_PROFILE), None, reason) for c in self._draft.columns}
        modes = {mode: _(text) for mode, text in target.MODES}
        matches = {match: _(text) for match, text in target.MATCH_WORDS.items()}
        self.profile_bar.show_applied(
            profile.name, applied, offered=offered, words=(modes, matches)
        )
        if not offered:  # an offered profile's event column was taken up on the Target page
            self._use_profile_events(profile)
        self._rebuild_rows()

    def _use_profile_events(self, profile: Profile) -> None:
        """A profile chosen here that routes by an event column: the Target page takes it."""
        wizard = self.wizard()
        pages = [wizard.page(i) for i in wizard.pageIds()] if wizard is not None else []
        target_page = next((p for p in pages if p.objectName() == "targetPage"), None)
        use = getattr(target_page, "use_profile_events", None)
        if not callable(use) or not use(profile):
            return
        if self._state.draft.event_column is None:
            self.profile_bar.show_message(
                "info",
                _(
                    "The profile “{name}” takes each row's event from a column of the file. "
                    "Go back to the Target page to choose the events that are still open."
                ).format(name=profile.name),
            )

    def _refresh_fixed(self) -> None:
        if self._draft is None:
            return
        used = self._draft.mapped_fields()
        offered = [
            f
            for f in self._draft.allowed_fields()
            if f.key not in used and f.key != self.match_field.value
        ]
        shown: dict[str, tuple[Field, str]] = {}
        by_key = {f.key: f for f in self._draft.allowed_fields()}
        for key, text in self._draft.fixed_values.items():
            if key not in used and key in by_key:
                shown[key] = (by_key[key], text)
        self.fixed_editor.show_values(offered, shown)

    def _update_match_state(self) -> None:
        errors = self._draft.errors() if self._draft is not None else []
        if errors:
            self.match_bar.show_message("warning", errors[0].message)
        else:
            self.match_bar.clear()
        self.completeChanged.emit()

    # --- slots --------------------------------------------------------------------------

    @Slot(str, object)
    def _on_mapping_table_field_chosen(self, column: str, key: object) -> None:
        if self._draft is None:
            return
        field_key = str(key) if key else None
        notes = self._draft.assign(column, field_key)
        self._confidence[column] = (_(MANUAL), None, _("You chose this."))
        for note in notes:
            other = str(note.params["column"])
            self.mapping_table.show_field(other, None)
            self._confidence[other] = (_(MANUAL), None, "")
            self._show_confidence(other)
        if field_key is not None:
            self._draft.remove_fixed(field_key)
        self._show_confidence(column)
        if notes:
            self.profile_bar.show_message("info", " ".join(note.message for note in notes))
        self._refresh_fixed()
        self._update_match_state()

    @Slot(object)
    def _on_profile_bar_chosen(self, name: object) -> None:
        self._apply_profile(str(name) if name else None, offered=False)

    @Slot(str)
    def _on_profile_bar_save_asked(self, name: str) -> None:
        from plandocket_desktop.core import mapping

        if self._draft is None:
            return
        draft = dataclasses.replace(
            self._state.draft, mapping=self._draft.mapping, fixed_values=self._draft.fixed_values
        )
        self.profile_bar.save(mapping.Profile.from_draft(name, draft))

    @Slot(str, str)
    def _on_fixed_editor_added(self, key: str, text: str) -> None:
        self.add_fixed_value(key, text)

    @Slot(str)
    def _on_fixed_editor_removed(self, key: str) -> None:
        self.remove_fixed_value(key)
