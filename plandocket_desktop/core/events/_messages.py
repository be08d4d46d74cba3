"""The sentences about an event column, each one message with named placeholders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from plandocket_desktop.core.api import Event
from plandocket_desktop.core.events._resolve import EventResolution, How, remark_code
from plandocket_desktop.i18n import N_, _, fmt_int, ngettext

_HOW = {
    How.SAVED: N_("saved choice"),
    How.KEY: N_("event key"),
    How.TITLE: N_("title"),
    How.FUZZY: N_("similar name ({confidence} %)"),
    How.LEFT_OUT: N_("left out"),
    How.AMBIGUOUS: N_("several events fit: please choose"),
    How.NEEDS_CONFIRMATION: N_("please confirm"),
    How.UNKNOWN: N_("no event found: please choose"),
}

NO_EVENTS_SCOPE = N_(
    "This API key may not list the events (it lacks the “events” permission). Type the event "
    "key for each value instead; you find it in PlanDocket under Events."
)


def how_text(resolution: EventResolution) -> str:
    """Why a value goes where it goes, briefly (the resolution table's last column)."""
    return _(_HOW[resolution.how]).format(confidence=f"{resolution.confidence:.0f}")


def remark(event: Event, today: dt.date | None = None) -> str | None:
    """Why an event should not be chosen without a look, or None."""
    code = remark_code(event, today)
    if code == "hidden":
        return _("not visible in PlanDocket")
    if code == "closed":
        deadline = (event.application_deadline or "")[:10]
        return _("registration closed on {date}").format(date=deadline)
    return None


def event_label(event: Event, today: dt.date | None = None) -> str:
    """``Expo 2025 (expo-2025), 2025-05-13, Hanover`` plus its remark, if any."""
    note = remark(event, today)
    if note is None:
        return event.label
    return _("{event} — {remark}").format(event=event.label, remark=note)


def unresolved_problem(
    resolutions: Sequence[EventResolution], events: Sequence[Event]
) -> str | None:
    """A sentence when values are still undecided (they are errors); None when all are."""
    open_ = [r for r in resolutions if not r.resolved]
    if not open_:
        return None
    shown = ", ".join(f"“{r.value}”" for r in open_[:8])
    if len(open_) == len(resolutions):
        titles = ", ".join(e.title or e.event_key for e in events[:12])
        if not events:
            return _(
                "None of the values of the event column ({values}) is an event of PlanDocket. "
                "Choose an event for each value, or leave its rows out."
            ).format(values=shown)
        return _(
            "None of the values of the event column ({values}) matches an event of PlanDocket "
            "({events}). Check that you picked the right column, or choose an event for each "
            "value."
        ).format(values=shown, events=titles)
    rows = sum(r.rows for r in open_)
    return ngettext(
        "{values}: no event chosen yet; its {count} row cannot be imported until you choose "
        "an event or leave it out.",
        "{values}: no event chosen yet; their {count} rows cannot be imported until you choose "
        "an event or leave them out.",
        rows,
    ).format(values=shown, count=fmt_int(rows))
