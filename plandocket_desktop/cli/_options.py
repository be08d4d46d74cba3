"""The flags that choose sheet, header row, profile, mapping and options, shared by commands.

``add_arguments`` adds ``--sheet``, ``--header-row``, ``--profile``, ``--map``, ``--target``,
``--mode`` and ``--match-field`` with one spelling and one help text; ``resolve`` turns them
(plus a command's own option flags) into ``core.mapping.Choices`` through ``mapping.resolve``
(whose mapping rules are ``mapping.MappingDraft``'s).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from plandocket_desktop.core import api, events, mapping
from plandocket_desktop.core.errors import ConfigurationError, ProfileError
from plandocket_desktop.core.types import MatchField, Mode, Table, Target
from plandocket_desktop.i18n import N_, _

HEADER_ROW_HELP = N_("0-based index of the header row (default: detected)")


def row_index(text: str) -> int:
    """argparse type of ``--header-row``: a 0-based row index (the one ``inspect`` shows)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a row index: {text}").format(text=repr(text))
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("the header row index must be 0 or more"))
    return value


def add_source_arguments(parser: Any) -> None:
    """Add the flags that say how to read the file: ``--sheet`` and ``--header-row``."""
    parser.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (workbooks)"))
    parser.add_argument("--header-row", metavar="N", type=row_index, help=_(HEADER_ROW_HELP))


def add_arguments(parser: Any) -> None:
    """Add the reading, profile, mapping and option flags to a subcommand's parser."""
    add_source_arguments(parser)
    parser.add_argument("--profile", metavar="NAME", help=_("use a saved mapping profile"))
    parser.add_argument(
        "--map",
        metavar="HEADER=FIELD",
        action="append",
        default=[],
        help=_(
            'map a column to a field, e.g. --map "E-Mail=email"; "HEADER=" leaves it out; '
            "the field is taken away from any other column"
        ),
    )
    parser.add_argument(
        "--target",
        choices=[t.value for t in Target],
        help=_("import as contacts or as participants (default: the profile's, else contacts)"),
    )
    parser.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        help=_("create, update or upsert (default: the profile's, else create)"),
    )
    parser.add_argument(
        "--match-field",
        choices=[m.value for m in MatchField],
        help=_("how PlanDocket finds existing records (default: the profile's, else email)"),
    )
    parser.add_argument(
        "--event-column",
        metavar="HEADER",
        help=_(
            "participants for several events: the column naming each row's event (its title, "
            "key or a short form; default: the profile's)"
        ),
    )
    parser.add_argument(
        "--event-map",
        metavar="VALUE=EVENT_KEY",
        action="append",
        default=[],
        help=_(
            'with --event-column: the event of one value, e.g. --event-map "Expo 25=expo-2025"; '
            '"VALUE=-" leaves its rows out; other values are matched to the tenant\'s events'
        ),
    )


def parse_map(item: str) -> tuple[str, str]:
    """``"HEADER=FIELD"`` as (header, field text); the last ``=`` splits (headers may hold one)."""
    header, sep, key = item.rpartition("=")
    if not sep:
        raise ConfigurationError(
            _('--map needs HEADER=FIELD, e.g. --map "E-Mail=email"; got {item}.').format(
                item=repr(item)
            )
        )
    return header, key


def resolve(
    args: argparse.Namespace,
    table: Table,
    *,
    skip_on_error: bool | None = None,
    create_contacts: bool | None = None,
    event_key: str | None = None,
) -> mapping.Choices:
    """The choices of ``add_arguments``' flags for ``table``; the profile store's warnings
    about unreadable profile files come first in the notes."""
    profile = None
    notes: list[str] = []
    if args.profile:
        store = mapping.ProfileStore()
        try:
            profile = store.load(args.profile)
        except ProfileError as exc:
            if not store.warnings:
                raise
            # a damaged file may be the profile asked for: say so in the same message
            raise ProfileError(" ".join([str(exc), *store.warnings])) from exc
        notes.extend(store.warnings)
    result = mapping.resolve(
        table,
        profile=profile,
        target=Target(args.target) if args.target else None,
        mode=Mode(args.mode) if args.mode else None,
        match_field=MatchField(args.match_field) if args.match_field else None,
        skip_on_error=skip_on_error,
        create_contacts=create_contacts,
        event_key=event_key,
        assignments=[parse_map(item) for item in args.map],
    )
    result.notes[:0] = notes
    return result


@dataclass(frozen=True)
class EventChoice:
    """The event column and its values' events, as ``--event-column``/``--event-map`` and
    the profile chose them, resolved by ``core.events.route_column``."""

    column: str
    routes: dict[str, str | None]
    notes: list[str]


def event_column(args: argparse.Namespace) -> str | None:
    """``--event-column``, else the profile's event column (unless ``--event`` picks one)."""
    if args.event_column:
        return str(args.event_column)
    if getattr(args, "event", None) or not args.profile:
        return None
    return _profile_events(args)[0]


def _profile_events(args: argparse.Namespace) -> tuple[str | None, dict[str, str | None]]:
    if not args.profile:
        return None, {}
    try:
        profile = mapping.ProfileStore().load(args.profile)
    except ProfileError:
        return None, {}  # ``resolve`` reports it
    return profile.event_column, dict(profile.event_routes)


def resolve_events(
    args: argparse.Namespace,
    table: Table,
    target: Target,
    tenant_events: Sequence[api.Event],
    *,
    events_listed: bool = True,
) -> EventChoice | None:
    """The event column's routes: the profile's saved ones, ``--event-map``, then the
    tenant's events (``core.events``); None without an event column."""
    column = event_column(args)
    if column is None:
        if args.event_map:
            raise ConfigurationError(_("--event-map needs --event-column HEADER."))
        return None
    if target is not Target.PARTICIPANTS:
        raise ConfigurationError(
            _("--event-column is for participants: add --target participants.")
        )
    saved = {**_profile_events(args)[1], **events.parse_event_map(args.event_map)}
    routing = events.route_column(table, column, tenant_events, saved=saved)
    notes = [] if events_listed else [_(events.NO_EVENTS_SCOPE)]
    for found in routing.resolutions:
        if found.how is events.How.FUZZY:
            notes.append(
                _("“{value}” is taken as event {event} ({how}).").format(
                    value=found.value, event=found.event_key, how=events.how_text(found)
                )
            )
    problem = events.unresolved_problem(routing.resolutions, tenant_events)
    if problem:
        hint = _('Add --event-map "VALUE=EVENT_KEY" for each, or "VALUE=-" to leave it out.')
        notes.append(f"{problem} {hint}")
    return EventChoice(column, routing.routes, notes)


def print_notes(notes: Iterable[str]) -> None:
    """Each note on its own line on stderr, as ``plandocket-import: …``."""
    for note in notes:
        print(_("plandocket-import: {note}").format(note=note), file=sys.stderr)
