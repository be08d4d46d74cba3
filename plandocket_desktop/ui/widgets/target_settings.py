"""The Target page's words and memory: the missing-permission warning, the skip sentence, and
the choices kept in the settings between runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plandocket_desktop.core.types import ImportOptions, Target
from plandocket_desktop.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QCheckBox, QComboBox

# The warning when the key lacks the permission for the chosen target, one whole sentence each.
MISSING_PERMISSION = {
    Target.CONTACTS: N_(
        "Your API key is not allowed to import contacts (it lacks the “contacts” permission), "
        "so PlanDocket will refuse this import. An administrator can add it in PlanDocket "
        "under Settings > API."
    ),
    Target.PARTICIPANTS: N_(
        "Your API key is not allowed to import participants (it lacks the “participants” "
        "permission), so PlanDocket will refuse this import. An administrator can add it in "
        "PlanDocket under Settings > API."
    ),
}


def explain_skip(skip: bool) -> str:
    if skip:
        return _(
            "If PlanDocket refuses a row (for example because of an invalid value), only that "
            "row is left out and the others are imported. You get a list of refused rows at "
            "the end."
        )
    return _(
        "If PlanDocket refuses any row, the whole batch of up to 1,000 rows it belongs to is "
        "not imported. Use this only if your list must arrive complete or not at all."
    )


def restore(
    settings: QSettings,
    *,
    combos: tuple[tuple[QComboBox, str], ...],
    skip_on_error: QCheckBox,
    create_contacts: QCheckBox,
    event_combo: QComboBox,
) -> None:
    """Show the choices kept from the last run (combos by their settings key)."""
    for combo, key in combos:
        value = settings.value(key)
        index = combo.findData(value) if value is not None else -1
        if index >= 0:
            combo.setCurrentIndex(index)
    skip_on_error.setChecked(as_bool(settings.value("target/skip_on_error", True)))
    create_contacts.setChecked(as_bool(settings.value("target/create_contacts", True)))
    key = saved_event_key(settings)
    if key:
        event_combo.setEditText(key)


def saved_event_key(settings: QSettings | None) -> str:
    if settings is None:
        return ""
    return str(settings.value("target/event_key", "") or "")


def save(settings: QSettings, options: ImportOptions) -> None:
    settings.setValue("target/target", options.target.value)
    settings.setValue("target/mode", options.mode.value)
    settings.setValue("target/match_field", options.match_field.value)
    settings.setValue("target/skip_on_error", options.skip_on_error)
    settings.setValue("target/create_contacts", options.create_contacts)
    if options.event_key:
        settings.setValue("target/event_key", options.event_key)


def as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)
