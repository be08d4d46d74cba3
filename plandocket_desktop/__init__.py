"""PlanDocket Desktop Importer: spreadsheets of people into PlanDocket.

For scripts: ``plandocket_desktop.read(path)`` and ``plandocket_desktop.import_people(data, …)``
(see ``plandocket_desktop.scripting``); they are loaded on first use, so importing this package
stays light for the desktop app and the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
APP_NAME = "PlanDocket Desktop Importer"
APP_ID = "plandocket-desktop"

if TYPE_CHECKING:
    from plandocket_desktop.scripting import (
        ImportResult,
        SheetTable,
        import_people,
        read,
        sample_path,
    )

_SCRIPTING = frozenset({"ImportResult", "SheetTable", "import_people", "read", "sample_path"})

__all__ = [
    "APP_ID",
    "APP_NAME",
    "ImportResult",
    "SheetTable",
    "__version__",
    "import_people",
    "read",
    "sample_path",
]


def __getattr__(name: str) -> Any:
    if name in _SCRIPTING:
        from plandocket_desktop import scripting

        return getattr(scripting, name)
    raise AttributeError(f"module 'plandocket_desktop' has no attribute {name!r}")
