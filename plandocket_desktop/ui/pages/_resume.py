"""Resuming at start: an import the journal shows as interrupted is offered to carry on with.

The Import page re-exports ``offer_resume`` and ``unfinished_imports`` (the wizard looks them
up there) and asks ``same_import`` whether the offered import is still what the pages show.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from plandocket_desktop.core import importing
from plandocket_desktop.core.errors import PlandocketError
from plandocket_desktop.core.types import Target
from plandocket_desktop.i18n import _, fmt_date, fmt_int, fmt_time
from plandocket_desktop.ui.pages import _ask

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import JournalEntry
    from plandocket_desktop.core.types import ImportDraft
    from plandocket_desktop.ui.state import WizardState


def same_import(entry: JournalEntry, draft: ImportDraft) -> bool:
    """True when ``draft`` still describes the interrupted import (so it can be resumed)."""
    try:
        return _comparable(entry.draft) == _comparable(draft)
    except (PlandocketError, ValueError, TypeError):
        return False


def _comparable(draft: ImportDraft) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(importing.draft_to_json(draft))
    if data.pop("practice", False):
        data["tenant"] = "practice"  # the practice server's port changes with every start
    data.pop("profile_name", None)
    if data.get("path"):
        data["path"] = str(Path(data["path"]).resolve())
    return data


def unfinished_imports() -> list[JournalEntry]:
    """Imports the journal shows as interrupted, newest first."""
    try:
        return importing.unfinished_imports()
    except PlandocketError:
        return []


def offer_resume(parent: QWidget | None, state: WizardState) -> bool:
    """At start: offer the newest interrupted import for resuming.

    When the user agrees, the state's draft becomes the interrupted import's draft (updated in
    place, so pages holding it see the change) and ``state.resume_journal`` its journal entry;
    the Import page then resumes it, skipping every batch the journal recorded as answered.
    Returns True when the user chose to resume.
    """
    # The newest interrupted import whose file is still there (a moved file cannot resume).
    entries = [e for e in unfinished_imports() if Path(e.file_path).is_file()]
    if not entries:
        return False
    entry = entries[0]
    if not _ask.confirm_resume(parent, _resume_question(entry)):
        return False
    draft = state.draft
    for f in dataclasses.fields(entry.draft):
        setattr(draft, f.name, getattr(entry.draft, f.name))
    state.resume_journal = entry
    state.table = None
    state.validation = None
    state.report = None
    return True


def _resume_question(entry: JournalEntry) -> str:
    from datetime import datetime

    params = {
        "file": entry.file_name,
        "event": entry.draft.options.event_key or "",
        "done": fmt_int(entry.batches_answered),
        "count": fmt_int(entry.batch_count),
    }
    try:
        when = datetime.fromisoformat(entry.updated_at).astimezone()
    except ValueError:
        when = None
    participants = entry.draft.options.target is Target.PARTICIPANTS
    if when is None:
        if participants:
            text = _(
                "The import of “{file}” as participants of the event “{event}” was interrupted "
                "earlier, after {done} of {count} batches. Carry on with it now? Batches that "
                "were already sent are not sent again."
            )
        else:
            text = _(
                "The import of “{file}” as contacts was interrupted earlier, after {done} of "
                "{count} batches. Carry on with it now? Batches that were already sent are not "
                "sent again."
            )
        return text.format(**params)
    if participants:
        text = _(
            "The import of “{file}” as participants of the event “{event}” was interrupted on "
            "{date} at {time}, after {done} of {count} batches. Carry on with it now? Batches "
            "that were already sent are not sent again."
        )
    else:
        text = _(
            "The import of “{file}” as contacts was interrupted on {date} at {time}, after "
            "{done} of {count} batches. Carry on with it now? Batches that were already sent "
            "are not sent again."
        )
    return text.format(date=fmt_date(when), time=fmt_time(when), **params)
