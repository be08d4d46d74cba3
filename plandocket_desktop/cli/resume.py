"""plandocket-import resume: continue an interrupted import without resending finished batches."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plandocket_desktop.cli import run as run_command
from plandocket_desktop.core.types import ExitCode
from plandocket_desktop.i18n import _, fmt_int

if TYPE_CHECKING:
    from plandocket_desktop.core.importing import JournalEntry


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "resume",
        help=_("continue an interrupted import"),
        description=_(
            "Continue an import that was interrupted (closed, crashed, network lost). Batches "
            "PlanDocket answered are not sent again; the file must be unchanged."
        ),
        epilog=_(run_command.EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("job", nargs="?", metavar="JOB", help=_("the import to continue"))
    parser.add_argument("--list", action="store_true", help=_("list interrupted imports"))
    parser.add_argument("--in-flight", type=int, choices=[1, 2], default=1, help=_("see run"))
    parser.add_argument("--report", type=Path, metavar="FILE", help=_("error report (.csv/.xlsx)"))
    parser.add_argument("--all-rows", action="store_true", help=_("report every row"))
    parser.add_argument("--json", action="store_true", help=_("print the summary as JSON"))
    parser.set_defaults(func=run)


def _describe(entry: JournalEntry) -> str:
    return _(
        "{job}  {file} -> {tenant} ({target}), {done} of {count} batches done, started {when}"
    ).format(
        job=entry.job_id,
        file=entry.file_name,
        tenant=entry.tenant,
        target=entry.draft.options.target.value,
        done=fmt_int(entry.batches_answered),
        count=fmt_int(entry.batch_count),
        when=entry.created_at,
    )


def run(args: argparse.Namespace) -> int:
    from plandocket_desktop.core import importing

    open_jobs = importing.unfinished_imports()
    if args.list:
        for entry in open_jobs:
            print(_describe(entry))
        if not open_jobs:
            print(_("No interrupted imports."))
        return ExitCode.OK
    if args.job:
        job_id = str(args.job)
    elif not open_jobs:
        print(_("There is no interrupted import to resume."), file=sys.stderr)
        return ExitCode.STOPPED
    elif len(open_jobs) > 1:
        print(_("Several imports were interrupted; name one:"), file=sys.stderr)
        for entry in open_jobs:
            print("  " + _describe(entry), file=sys.stderr)
        return ExitCode.STOPPED
    else:
        job_id = open_jobs[0].job_id
    session = importing.ImportSession.resume(job_id)
    if not args.json:
        resumed = importing.journal_entry(job_id)
        if resumed is not None:
            print(_("Resuming {job}").format(job=_describe(resumed)), file=sys.stderr)
    return run_command.execute_as_asked(args, session)
