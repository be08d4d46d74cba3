"""plandocket-import: the command line, one module per command over the core."""

from plandocket_desktop.cli._main import (
    COMMANDS,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_STOPPED,
    build_parser,
    main,
    program,
)

__all__ = ["COMMANDS", "EXIT_OK", "EXIT_PARTIAL", "EXIT_STOPPED", "build_parser", "main", "program"]
