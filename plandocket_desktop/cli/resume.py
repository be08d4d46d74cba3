"""plandocket-import resume: continue an interrupted import without resending finished batches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from plandocket_desktop.cli import run as run_command
from plandocket_desktop.core import errors


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "resume",
        help="continue an interrupted import",
        description=(
            "Continue an import that was interrupted (closed, crashed, network lost). Batches "
            "PlanDocket answered are not sent again; the file must be unchanged."
        ),
        epilog=run_command.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("job", nargs="?", metavar="JOB", help="the import to continue")
    parser.add_argument("--list", action="store_true", help="list interrupted imports")
    parser.add_argument("--in-flight", type=int, choices=[1, 2], default=1, help="see run")
    parser.add_argument("--report", type=Path, metavar="FILE", help="error report (.csv/.xlsx)")
    parser.add_argument("--all-rows", action="store_true", help="report every row")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run)


def _describe(entry: Any) -> str:
    return (
        f"{entry.job_id}  {entry.file_name} -> {entry.tenant} "
        f"({entry.draft.options.target.value}), {entry.batches_answered} of "
        f"{entry.batch_count} batches done, started {entry.created_at}"
    )


def run(args: argparse.Namespace) -> int:
    from plandocket_desktop.core import importing, validation

    store = importing.JournalStore()
    try:
        open_jobs = store.unfinished()
        if args.list:
            for entry in open_jobs:
                print(_describe(entry))
            if not open_jobs:
                print("No interrupted imports.")
            return run_command.EXIT_OK
        if args.job:
            job_journal = store.open(args.job)
            if job_journal.status != "open":
                raise errors.JournalError(
                    f"The import {args.job} is already {job_journal.status}; nothing to resume."
                )
        elif not open_jobs:
            print("There is no interrupted import to resume.", file=sys.stderr)
            return run_command.EXIT_STOPPED
        elif len(open_jobs) > 1:
            print("Several imports were interrupted; name one:", file=sys.stderr)
            for entry in open_jobs:
                print("  " + _describe(entry), file=sys.stderr)
            return run_command.EXIT_STOPPED
        else:
            job_journal = store.open(open_jobs[0].job_id)
        draft = job_journal.draft
        if draft.path is None or not draft.path.is_file():
            raise errors.JournalError(
                f"The file of this import ({draft.path}) is no longer there, so it cannot be "
                "resumed."
            )
        job_journal.check_file(draft.path)
        prepared = validation.prepare(draft)
        if not args.json:
            print(f"Resuming {_describe(store.entry(job_journal.job_id))}", file=sys.stderr)
        return run_command.execute_as_asked(args, draft, prepared, job_journal)
    finally:
        store.close()
