"""`python -m plandocket_desktop` runs the command line (`plandocket-import`)."""

import sys

from plandocket_desktop import cli

sys.exit(cli.main())
