"""The Columns page's profile bar: choose, save, rename and delete saved mapping profiles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import Target
from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui import dialogs, style

if TYPE_CHECKING:
    from plandocket_desktop.core.mapping import Profile, ProfileApplied, ProfileStore
    from plandocket_desktop.core.types import MatchField, Mode

AUTOMATIC = N_("Automatic suggestions")
_OTHER_TARGET_SUFFIX = {
    Target.CONTACTS: N_("(contacts)"),
    Target.PARTICIPANTS: N_("(participants)"),
}
# The profile's Target page settings that differ from the current ones: one sentence per case.
_OTHER_MODE = N_("It was saved with “{mode}”; to use that too, go Back to the previous page.")
_OTHER_MATCH = N_(
    "It was saved with people recognised by {match}; to use that too, go Back to the previous page."
)
_OTHER_BOTH = N_(
    "It was saved with “{mode}” and people recognised by {match}; to use that too, go Back to "
    "the previous page."
)


class ProfileBar(QWidget):
    """The saved profiles in a chooser, Save / Save as / Rename / Delete, and a message line.

    Signals:
        chosen(object): the user picked a profile (its name), or the automatic suggestions (None).
        save_asked(str): save the current choices under this name; the page answers with
            ``save(profile)``.
    """

    chosen = Signal(object)
    save_asked = Signal(str)

    def __init__(self, store: ProfileStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._target = Target.CONTACTS
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setSpacing(8)
        label = QLabel(_("Saved &profile:"), self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("profileCombo")
        self.combo.setMinimumContentsLength(22)
        self.combo.setToolTip(
            _("A profile remembers the column choices for files that always look the same")
        )
        label.setBuddy(self.combo)
        self.combo.setAccessibleName(_("Saved profile"))
        self.save_button = self._button(
            _("&Save"), "saveProfileButton", _("Save the current choices in the selected profile")
        )
        self.save_as_button = self._button(
            _("Save &as…"), "saveProfileAsButton", _("Save the current choices as a new profile")
        )
        self.rename_button = self._button(
            _("&Rename…"), "renameProfileButton", _("Give the selected profile another name")
        )
        self.delete_button = self._button(
            _("Dele&te"), "deleteProfileButton", _("Delete the selected profile")
        )
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        for button in (self.save_button, self.save_as_button, self.rename_button):
            row.addWidget(button)
        row.addWidget(self.delete_button)
        layout.addLayout(row)
        self.message = style.MessageBar(self)
        self.message.setObjectName("profileMessage")
        layout.addWidget(self.message)

        self.combo.activated.connect(self._on_combo_activated)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.save_as_button.clicked.connect(self._on_save_as_button_clicked)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    # --- what it shows ----------------------------------------------------------------------

    def fill(self, target: Target, select: str | None = None) -> None:
        """List the saved profiles (those of another target marked) and select ``select``."""
        self._target = target
        combo = self.combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_(AUTOMATIC), "")
        for profile in self._store.list() if self._store is not None else []:
            if profile.target is target:
                combo.addItem(profile.name, profile.name)
            else:
                suffix = _(_OTHER_TARGET_SUFFIX[profile.target])
                combo.addItem(f"{profile.name}  {suffix}", profile.name)
        combo.setCurrentIndex(max(0, combo.findData(select or "")))
        combo.blockSignals(False)
        if self._store is not None and self._store.warnings:
            self.message.show_message("warning", " ".join(self._store.warnings))
        self._update_buttons()

    def current_name(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def select(self, name: str | None) -> None:
        """Select ``name`` (None: the automatic suggestions) without emitting ``chosen``."""
        self.combo.setCurrentIndex(max(0, self.combo.findData(name or "")))
        self._update_buttons()

    def offered(self, columns: Sequence[str], target: Target) -> str | None:
        """The saved profile that fits these columns best, if one does."""
        found = self._store.match(columns, target=target) if self._store is not None else []
        return found[0][0].name if found else None

    def load(self, name: str) -> Profile | None:
        """The profile called ``name``; None (and the reason shown) when it cannot be read."""
        if self._store is None:
            return None
        try:
            return self._store.load(name)
        except PlandocketError as exc:
            self.message.show_message("error", str(exc))
            return None

    def save(self, profile: Profile) -> None:
        """Save ``profile`` and select it; the outcome is shown."""
        if self._store is None:
            return
        try:
            self._store.save(profile)
        except PlandocketError as exc:
            self.message.show_message("error", str(exc))
            return
        self.fill(self._target, select=profile.name)
        self.message.show_message(
            "success",
            _(
                "Saved as “{name}”. Next time a file like this one comes along, these choices "
                "are used by themselves."
            ).format(name=profile.name),
        )

    def show_applied(
        self,
        name: str,
        applied: ProfileApplied,
        *,
        offered: bool,
        words: tuple[dict[Mode, str], dict[MatchField, str]],
    ) -> None:
        """Say which profile is used and what of it could not be used.

        Args:
            words: the Target page's names of modes and match fields, for the sentence about
                the profile's other settings.
        """
        if offered:
            intro = _(
                "Your saved profile “{name}” fits this file, so its choices are used. "
                "Pick “{automatic}” in the list if you would rather start afresh."
            ).format(name=name, automatic=_(AUTOMATIC))
        else:
            intro = _("Using the choices saved in “{name}”.").format(name=name)
        sentences = [intro, *(note.message for note in applied.notes)]
        modes, matches = words
        mode = modes.get(applied.other_mode) if applied.other_mode is not None else None
        match = matches.get(applied.other_match_field) if applied.other_match_field else None
        if mode and match:
            sentences.append(_(_OTHER_BOTH).format(mode=mode, match=match))
        elif mode:
            sentences.append(_(_OTHER_MODE).format(mode=mode))
        elif match:
            sentences.append(_(_OTHER_MATCH).format(match=match))
        kind = "warning" if applied.missing_columns else "info"
        self.message.show_message(kind, " ".join(sentences))

    def show_message(self, kind: str, text: str) -> None:
        self.message.show_message(kind, text)

    def clear(self) -> None:
        self.message.clear()

    def text(self) -> str:
        """The message shown (empty when none)."""
        return self.message.text()

    def _update_buttons(self) -> None:
        has_store = self._store is not None
        selected = self.current_name() is not None
        self.save_button.setEnabled(has_store)
        self.save_as_button.setEnabled(has_store)
        self.rename_button.setEnabled(has_store and selected)
        self.delete_button.setEnabled(has_store and selected)

    # --- slots ------------------------------------------------------------------------------

    @Slot(int)
    def _on_combo_activated(self, _index: int) -> None:
        self._update_buttons()
        self.chosen.emit(self.current_name())

    @Slot()
    def _on_save_button_clicked(self) -> None:
        name = self.current_name()
        if name is None:
            self._on_save_as_button_clicked()
        else:
            self.save_asked.emit(name)

    @Slot()
    def _on_save_as_button_clicked(self) -> None:
        name = dialogs.ask_text(
            self,
            _("Save profile"),
            _("A name for these choices, e.g. “Exhibitor list” or “Eventbrite export”:"),
            self.current_name() or "",
        )
        if name is None or self._store is None:
            return
        if self._store.exists(name) and not dialogs.ask_overwrite_profile(self, name):
            return
        self.save_asked.emit(name)

    @Slot()
    def _on_rename_button_clicked(self) -> None:
        old = self.current_name()
        if old is None or self._store is None:
            return
        new = dialogs.ask_text(self, _("Rename profile"), _("New name:"), old)
        if new is None or new == old:
            return
        try:
            profile = self._store.rename(old, new)
        except PlandocketError as exc:
            self.message.show_message("error", str(exc))
            return
        self.fill(self._target, select=profile.name)
        self.message.show_message(
            "success", _("The profile is now called “{name}”.").format(name=profile.name)
        )

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        name = self.current_name()
        if name is None or self._store is None:
            return
        if not dialogs.confirm_delete_profile(self, name):
            return
        try:
            self._store.delete(name)
        except PlandocketError as exc:
            self.message.show_message("error", str(exc))
            return
        self.fill(self._target)
        self.message.show_message(
            "info",
            _("The profile “{name}” was deleted. The choices below stay as they are.").format(
                name=name
            ),
        )
