"""The frozen app's entry point: the wizard (``plandocket-desktop``)."""

import sys

from plandocket_desktop.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
