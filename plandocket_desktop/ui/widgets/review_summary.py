"""The Review page's headline in words: the validation counts and the send button (Qt-free)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from plandocket_desktop.i18n import N_, _, fmt_int, ngettext

if TYPE_CHECKING:
    from plandocket_desktop.core.validation import ValidationResult

NOTHING_TO_SEND = N_(
    "Nothing can be sent yet: fix the cells marked in red, take rows back in, or go "
    "back and check which columns are imported."
)


def counts_sentence(counts: Mapping[str, int]) -> str:
    """The validation counts in plain words (whole sentences, one message each)."""
    ready = counts.get("ready", 0)
    warnings = counts.get("warnings", 0)
    errors = counts.get("errors", 0)
    excluded = counts.get("excluded", 0)
    ignored = counts.get("ignored", 0)
    parts = [
        ngettext("{count} row is ready.", "{count} rows are ready.", ready).format(
            count=fmt_int(ready)
        )
    ]
    if warnings:
        parts.append(
            ngettext(
                "{count} row has a warning (it will be sent, but have a look).",
                "{count} rows have warnings (they will be sent, but have a look).",
                warnings,
            ).format(count=fmt_int(warnings))
        )
    if errors:
        parts.append(
            ngettext(
                "{count} row has errors and will not be sent until fixed.",
                "{count} rows have errors and will not be sent until fixed.",
                errors,
            ).format(count=fmt_int(errors))
        )
    if excluded:
        parts.append(
            ngettext(
                "{count} row is left out by you.", "{count} rows are left out by you.", excluded
            ).format(count=fmt_int(excluded))
        )
    if ignored:
        parts.append(
            ngettext(
                "{count} empty row is ignored.", "{count} empty rows are ignored.", ignored
            ).format(count=fmt_int(ignored))
        )
    return " ".join(parts)


def sendable_count(validation: ValidationResult) -> int:
    """Rows that will be sent: ready ones and ones with warnings only."""
    counts = validation.counts
    return counts.get("ready", 0) + counts.get("warnings", 0)


def send_button_text(sendable: int) -> str:
    if not sendable:
        return _("Nothing to send")
    return ngettext("Se&nd {count} row", "Se&nd {count} rows", sendable).format(
        count=fmt_int(sendable)
    )
