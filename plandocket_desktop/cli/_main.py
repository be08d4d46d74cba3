"""plandocket-import: the importer without a window, for scheduled or scripted imports."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from plandocket_desktop import __version__
from plandocket_desktop.core.types import ExitCode

# Each subcommand lives in plandocket_desktop.cli.<name> and provides
# add_parser(subparsers) -> None, which registers its parser with ``func=run`` as default,
# and run(args: argparse.Namespace) -> int.
COMMANDS = ("inspect", "validate", "run", "preview", "resume", "history", "undo")

# The exit codes are defined once, in core.types.ExitCode; these names stay for scripts.
EXIT_OK, EXIT_PARTIAL, EXIT_STOPPED = ExitCode.OK, ExitCode.PARTIAL, ExitCode.STOPPED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plandocket-import",
        description="Import spreadsheets of people into PlanDocket as contacts or participants.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"plandocket_desktop.cli.{name}")
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
        print(f"plandocket-import: {exc}", file=sys.stderr)
        return ExitCode.STOPPED
    except KeyboardInterrupt:
        print("plandocket-import: stopped.", file=sys.stderr)
        return ExitCode.STOPPED
    return code


if __name__ == "__main__":
    sys.exit(main())
