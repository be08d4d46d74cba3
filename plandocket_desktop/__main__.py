"""`python -m plandocket_desktop` runs the command line (`plandocket-import`)."""

from plandocket_desktop import cli

cli.program()
