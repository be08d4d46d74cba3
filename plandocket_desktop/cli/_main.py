"""plandocket-import: the importer without a window, for scheduled or scripted imports."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from plandocket_desktop import __version__, core, i18n
from plandocket_desktop.cli import _argparse_text as cli_argparse
from plandocket_desktop.core.types import ExitCode
from plandocket_desktop.i18n import _

# Each subcommand lives in plandocket_desktop.cli.<name> and provides
# add_parser(subparsers) -> None, which registers its parser with ``func=run`` as default,
# and run(args: argparse.Namespace) -> int.
COMMANDS = ("inspect", "validate", "run", "preview", "resume", "history", "undo")

# The exit codes are defined once, in core.types.ExitCode; these names stay for scripts.
EXIT_OK, EXIT_PARTIAL, EXIT_STOPPED = ExitCode.OK, ExitCode.PARTIAL, ExitCode.STOPPED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plandocket-import",
        description=_("Import spreadsheets of people into PlanDocket as contacts or participants."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help=_("log what happens"))
    parser.add_argument(
        "--lang",
        choices=sorted(i18n.LANGUAGES),
        help=_("the language of messages (default: PLANDOCKET_LANG, else the system's)"),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"plandocket_desktop.cli.{name}")
        module.add_parser(subparsers)
    return parser


def program() -> None:
    """The ``plandocket-import`` program: ``main`` in a process of the app's own."""
    core.keep_pandas_unloaded()
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else list(argv)
    # The language comes first: the parser's own help texts are translated when it is built.
    i18n.setup(i18n.requested_language(args_list))
    cli_argparse.translate_argparse()
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return ExitCode.STOPPED
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    from plandocket_desktop.core.errors import PlandocketError

    try:
        code: int = args.func(args)
    except PlandocketError as exc:
        print(_("plandocket-import: {note}").format(note=exc), file=sys.stderr)
        return ExitCode.STOPPED
    except KeyboardInterrupt:
        print(_("plandocket-import: stopped."), file=sys.stderr)
        return ExitCode.STOPPED
    return code


if __name__ == "__main__":
    sys.exit(main())
