"""plandocket-import history: the imports made on this computer, newest first."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "history",
        help="list past imports",
        description="The imports made on this computer, newest first.",
    )
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the last N")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
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
        print("No imports yet.")
        return 0
    for e in entries:
        c = e.tally
        target = f"{e.target} ({e.event_key})" if e.event_key else e.target
        print(
            f"{e.when_local}  {e.file_name} -> {e.tenant} {target}, {e.mode}, {e.status}: "
            f"{c.created} created, {c.updated} updated, {c.skipped} skipped, "
            f"{c.failed} failed, {c.not_sent} not sent"
        )
        if e.report_path:
            print(f"    report: {e.report_path}")
    return 0
