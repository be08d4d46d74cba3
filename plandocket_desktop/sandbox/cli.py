"""plandocket-sandbox (placeholder until the sandbox lands)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    print("plandocket-sandbox is not available yet.", file=sys.stderr)
    return 2
