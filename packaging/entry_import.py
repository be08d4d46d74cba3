"""The frozen app's second entry point: the command line (``plandocket-import``)."""

import sys

from plandocket_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
