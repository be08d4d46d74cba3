"""The flags that choose sheet, header row, profile, mapping and options, shared by commands.

``add_arguments`` adds ``--sheet``, ``--header-row``, ``--profile``, ``--map``, ``--target``,
``--mode`` and ``--match-field`` with one spelling and one help text; ``resolve`` turns them
(plus a command's own option flags) into ``core.mapping.Choices`` through ``mapping.resolve``
(whose mapping rules are ``mapping.MappingDraft``'s).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any

from plandocket_desktop.core import mapping
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


def print_notes(notes: Iterable[str]) -> None:
    """Each note on its own line on stderr, as ``plandocket-import: …``."""
    for note in notes:
        print(_("plandocket-import: {note}").format(note=note), file=sys.stderr)
