"""The preview's words for people: a change old → new and a row's line (wizard and CLI)."""

from __future__ import annotations

from typing import Any

from plandocket_desktop.core import types
from plandocket_desktop.core.preview._preview import Action, RowPreview
from plandocket_desktop.i18n import N_, _

# The predicted action of a row as a person reads it (the JSON keeps the codes).
ACTION_LABELS = {
    Action.CREATE: N_("New"),
    Action.UPDATE: N_("Update"),
    Action.SKIP: N_("Skip"),
    Action.CONFLICT: N_("Conflict"),
    Action.NOT_SENT: N_("Not sent"),
}


def field_label(name: str) -> str:
    """A field's name in the chosen language (its key when it is not one of ours)."""
    try:
        return types.get_field(name).label
    except KeyError:
        return name


def value_text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def change_text(name: str, old: Any, new: Any) -> str:
    """One changed field: ``Email: a@x.de → b@x.de``."""
    return _("{field}: {old} → {new}").format(
        field=field_label(name), old=value_text(old), new=value_text(new)
    )


def changes_text(row: RowPreview) -> str:
    """An update's changed fields, old → new, for the table cell."""
    if not row.changes:
        return _("Nothing changes: PlanDocket holds these values already.")
    return "; ".join(change_text(name, old, new) for name, (old, new) in row.changes.items())


def row_line(row: RowPreview) -> str:
    """A row of the command line's preview, for a person to read."""
    if row.action is Action.UPDATE:
        return _("Row {row} ({action}): {message} {changes}").format(
            row=row.row,
            action=_(ACTION_LABELS[row.action]),
            message=row.message,
            changes=changes_text(row),
        )
    return _("Row {row} ({action}): {message}").format(
        row=row.row, action=_(ACTION_LABELS[row.action]), message=row.message
    )
