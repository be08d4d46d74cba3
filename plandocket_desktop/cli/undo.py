"""plandocket-import undo: take an import back (delete what it created, restore what it changed)."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from typing import Any

from plandocket_desktop.cli import run as run_command
from plandocket_desktop.core import errors
from plandocket_desktop.core.types import ExitCode
from plandocket_desktop.i18n import _


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "undo",
        help=_("undo an import"),
        description=_(
            "Undo an import made on this computer: delete the contacts it created, restore the "
            "fields it changed, remove the participations it added. Contacts changed by someone "
            "else since are left as they are. An interrupted undo goes on where it stopped."
        ),
        epilog=_("JOB is the import's id, as `plandocket-import history` shows it."),
    )
    parser.add_argument("job", metavar="JOB", help=_("the import to undo"))
    parser.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    parser.add_argument("--json", action="store_true", help=_("print the counts as JSON"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from plandocket_desktop.core import api, importing

    with importing.UndoSession.open(str(args.job)) as session:
        tenant = session.entry.tenant
        key = run_command.api_key(tenant)  # fail before asking, when there is no key
        with api.PlandocketClient(tenant, key) as client:
            session.check_scopes(client)
            if not _confirmed(session.confirmation(), resuming=session.resuming, yes=args.yes):
                print(_("Nothing was changed."), file=sys.stderr)
                return ExitCode.STOPPED
            cancel = threading.Event()
            try:
                result = session.run(
                    client, progress=None if args.json else _progress, cancel=cancel
                )
            except KeyboardInterrupt:
                cancel.set()
                raise
    if not args.json:
        print(file=sys.stderr)
    for _index, who, code in result.left_alone:
        print(
            _("{who}: {reason}").format(who=who, reason=importing.undo_reason_text(code)),
            file=sys.stderr,
        )
    if args.json:
        print(
            json.dumps(
                {
                    "job": session.entry.job_id,
                    "finished": result.finished,
                    "counts": result.counts.as_dict(),
                    "message": result.sentence(),
                },
                ensure_ascii=False,
            )
        )
    else:
        print(result.sentence())
    if not result.finished:
        return ExitCode.STOPPED
    return ExitCode.PARTIAL if result.counts.failed else ExitCode.OK


def _progress(done: int, total: int) -> None:
    if run_command.is_tty(sys.stderr):
        print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)


def _confirmed(question: str, *, resuming: bool, yes: bool) -> bool:
    if resuming:
        question = _("{question} (An earlier undo of this import stopped; it goes on.)").format(
            question=question
        )
    if yes:
        return True
    if not (run_command.is_tty(sys.stdin) and run_command.is_tty(sys.stdout)):
        raise errors.ConfigurationError(
            _("Nothing was changed: add --yes to confirm the undo when not running in a terminal.")
        )
    print(question)
    answer = input(_("Type y to undo: ")).strip().lower()
    return answer in ("y", "yes", "j", "ja")
