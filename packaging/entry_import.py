"""The frozen app's second entry point: the command line (``plandocket-import``)."""

import sys

from plandocket_desktop.core import reading

if __name__ == "__main__":
    if sys.argv[1:2] == [reading.CHILD_ARGUMENT]:  # a reader run in a child process
        sys.exit(reading.child_main())
    from plandocket_desktop.cli import program

    program()
