"""plandocket-import resume: continue an interrupted import without resending finished batches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plandocket_desktop.cli import run as run_command
from plandocket_desktop.core.types import ExitCode

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import JournalEntry


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


def _describe(entry: JournalEntry) -> str:
    return (
        f"{entry.job_id}  {entry.file_name} -> {entry.tenant} "
        f"({entry.draft.options.target.value}), {entry.batches_answered} of "
        f"{entry.batch_count} batches done, started {entry.created_at}"
    )


def run(args: argparse.Namespace) -> int:
    from plandocket_desktop.core import importing

    open_jobs = importing.unfinished_imports()
    if args.list:
        for entry in open_jobs:
            print(_describe(entry))
        if not open_jobs:
            print("No interrupted imports.")
        return ExitCode.OK
    if args.job:
        job_id = str(args.job)
    elif not open_jobs:
        print("There is no interrupted import to resume.", file=sys.stderr)
        return ExitCode.STOPPED
    elif len(open_jobs) > 1:
        print("Several imports were interrupted; name one:", file=sys.stderr)
        for entry in open_jobs:
            print("  " + _describe(entry), file=sys.stderr)
        return ExitCode.STOPPED
    else:
        job_id = open_jobs[0].job_id
    session = importing.ImportSession.resume(job_id)
    if not args.json:
        resumed = importing.journal_entry(job_id)
        if resumed is not None:
            print(f"Resuming {_describe(resumed)}", file=sys.stderr)
    return run_command.execute_as_asked(args, session)
