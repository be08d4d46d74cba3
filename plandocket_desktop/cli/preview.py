"""plandocket-import preview: what an import of FILE would do in PlanDocket, without sending."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from plandocket_desktop.cli import run as run_command
from plandocket_desktop.core import errors
from plandocket_desktop.core.types import ExitCode
from plandocket_desktop.i18n import _


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "preview",
        help=_("show what an import would do in PlanDocket (nothing is sent)"),
        description=_(
            "Ask PlanDocket which rows' people already exist and show, per row, what an import "
            "with the same options would do: create, update (old -> new), skip or conflict. "
            "A prediction: nothing is changed."
        ),
    )
    run_command.add_import_arguments(parser)
    parser.add_argument("--yes", action="store_true", help=_("do not ask when the check is costly"))
    parser.add_argument("--json", action="store_true", help=_("print counts and rows as JSON"))
    parser.set_defaults(func=run, batch_size=None)


def run(args: argparse.Namespace) -> int:
    from plandocket_desktop.core import api, preview, reading, validation

    if not Path(args.file).is_file():
        raise errors.SourceError(
            _("There is no file {path}.").format(path=args.file), kind="not_found"
        )
    table = reading.read_table(args.file, sheet=args.sheet, header_row=args.header_row)
    if table.n_rows == 0:
        raise errors.SourceError(
            _("{name} has no rows to import.").format(name=args.file.name), kind="empty"
        )
    draft = run_command.build_draft(args, table)
    key = run_command.api_key(draft.tenant)
    prepared = validation.prepare(draft, table)
    with api.PlandocketClient(draft.tenant, key) as client:
        chosen = preview.plan(client, prepared.validation)
        if chosen.is_large and not args.json:
            print(chosen.cost_text(), file=sys.stderr)
        if chosen.needs_confirmation and not args.yes:
            raise errors.ConfigurationError(
                _(
                    "{cost} That is more than a quarter of what is left this hour: add --yes "
                    "to check anyway."
                ).format(cost=chosen.cost_text())
            )
        result = preview.run_preview(client, prepared.validation, chosen)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, default=str))
        return int(ExitCode.OK)
    counts = result.counts()
    print(
        _(
            "Create {create}, update {update}, skip {skip}, conflict {conflict}, "
            "not sent {not_sent}."
        ).format(**{k: str(v) for k, v in counts.items()})
    )
    print(result.taken_text())
    for row in result.rows:
        if row.action is not preview.Action.NOT_SENT:
            print(preview.row_line(row))
    return int(ExitCode.OK)
