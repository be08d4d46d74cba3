"""The Review table's two columns from the check against PlanDocket: the action, what changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from plandocket_desktop.i18n import N_, _
from plandocket_desktop.ui.models._rows import ERROR_TINT

if TYPE_CHECKING:
    from plandocket_desktop.core.preview import RowPreview

# What the check against PlanDocket predicts (``core.preview.Action`` values), as shown.
PREVIEW_LABELS: dict[str, str] = {
    "create": N_("New"),
    "update": N_("Update"),
    "skip": N_("Skip"),
    "conflict": N_("Conflict"),
    "not_sent": N_("Not sent"),
}


def field_label(name: str) -> str:
    from plandocket_desktop.core import preview

    return preview.field_label(name)


def change_text(name: str, old: Any, new: Any) -> str:
    from plandocket_desktop.core import preview

    return preview.change_text(name, old, new)


def changes_text(row: RowPreview) -> str:
    """An update's changed fields, old → new, for the table cell (the core's words)."""
    from plandocket_desktop.core import preview

    return preview.changes_text(row)


def preview_header(which: int, role: int) -> Any:
    """The two columns' headers (``which`` 0: the action, 1: what changes)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return _("In PlanDocket") if which == 0 else _("What changes")
    if role == Qt.ItemDataRole.ToolTipRole:
        if which == 0:
            return _("What the import would do with this row, as PlanDocket looks now.")
        return _("For an update: each field's value in PlanDocket now → the value sent.")
    return None


def preview_data(found: RowPreview | None, which: int, role: int) -> Any:
    """A row's cell in the two columns (``which`` 0: the action, 1: what changes)."""
    if found is None:
        return None
    if which == 0:
        if role == Qt.ItemDataRole.DisplayRole:
            return _(PREVIEW_LABELS[found.action.value])
        if role == Qt.ItemDataRole.ToolTipRole:
            return found.message
        if role == Qt.ItemDataRole.BackgroundRole and found.action.value == "conflict":
            return ERROR_TINT
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return changes_text(found) if found.action.value == "update" else found.message
    if role == Qt.ItemDataRole.ToolTipRole:
        lines = [found.message]
        lines += [change_text(name, old, new) for name, (old, new) in found.changes.items()]
        if found.kept:
            names = ", ".join(field_label(name) for name in found.kept)
            lines.append(_("Kept as they are (the cell is empty): {fields}").format(fields=names))
        return "\n".join(lines)
    return None
