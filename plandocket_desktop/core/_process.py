"""The app's own processes: no pandas in them, as there is none in the installed app.

The app never uses pandas: it is an extra for scripting (``plandocket_desktop.read(...)
.to_pandas()``) and left out of the bundle. But where it is installed (a developer's
environment, an install with the scripting extra), pyarrow imports it at the first array it
builds from Python values, to recognise pandas' missing values: 49 MB resident and 0.3 s of
importing, on whichever thread builds that array, for nothing.

``keep_pandas_unloaded()`` is called by the programs of the window and the command line
(``ui.app.program``, ``cli.program``, the bundle's entry scripts) and by the child process
that reads .xls files (``reading._child``), before anything else, never
by code that may run inside someone else's process: a script that imports
``plandocket_desktop`` keeps its pandas.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType


class _NoPandas:
    """Answers ``import pandas`` as if it were not installed (a finder on ``sys.meta_path``;
    not derived from ``importlib.abc``, whose import costs the window's start 4 ms)."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname == "pandas" or fullname.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def keep_pandas_unloaded() -> None:
    """Make ``import pandas`` fail in this process from now on (unless it is loaded already)."""
    if "pandas" in sys.modules or any(isinstance(f, _NoPandas) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _NoPandas())
