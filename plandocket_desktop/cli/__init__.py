"""plandocket-import: the command line, one module per command over the core."""

from plandocket_desktop.cli._main import EXIT_OK, EXIT_PARTIAL, EXIT_STOPPED, build_parser, main

__all__ = ["EXIT_OK", "EXIT_PARTIAL", "EXIT_STOPPED", "build_parser", "main"]
