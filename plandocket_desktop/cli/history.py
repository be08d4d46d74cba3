"""plandocket-import history: the imports made on this computer, newest first."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from plandocket_desktop.i18n import _, fmt_int


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "history",
        help=_("list past imports"),
        description=_("The imports made on this computer, newest first."),
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help=_("only the last N"))
    parser.add_argument("--json", action="store_true", help=_("print a JSON list"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from plandocket_desktop.core import importing

    store = importing.HistoryStore()
    entries = store.list(limit=args.limit)
    for warning in store.warnings:
        print(warning, file=sys.stderr)
    if args.json:
        print(json.dumps([dataclasses.asdict(e) for e in entries], ensure_ascii=False))
        return 0
    if not entries:
        print(_("No imports yet."))
        return 0
    for e in entries:
        c = e.tally
        target = f"{e.target} ({e.event_key})" if e.event_key else e.target
        print(
            _(
                "{when}  {file} -> {tenant} {target}, {mode}, {status}: {created} created, "
                "{updated} updated, {skipped} skipped, {failed} failed, {not_sent} not sent"
            ).format(
                when=e.when_local,
                file=e.file_name,
                tenant=e.tenant,
                target=target,
                mode=e.mode,
                status=e.status,
                created=fmt_int(c.created),
                updated=fmt_int(c.updated),
                skipped=fmt_int(c.skipped),
                failed=fmt_int(c.failed),
                not_sent=fmt_int(c.not_sent),
            )
        )
        if e.report_path:
            print(_("    report: {path}").format(path=e.report_path))
    return 0
