"""The window opens without the heavy modules: they come on the warm-up thread or when used.

pyarrow and numpy alone cost the start 60-80 ms (the wizard took 2.9x a bare Qt window with
them, 1.5x without; README's target is 1.5x). Each check runs in a fresh interpreter, as the
app starts, and names the first import of a forbidden module with its stack when it fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plandocket_desktop.ui.threads._tasks import LATER_CORE_MODULES

ROOT = Path(__file__).resolve().parents[2]
# Third-party modules the later pages need and the first page does not.
HEAVY = ("pyarrow", "numpy", "pandas", "babel", "httpx", "keyring", "openpyxl")

# Runs in a fresh interpreter: argv[1] is a JSON list of forbidden modules, argv[2] "import"
# (import the start path's modules) or "open" (also open the window as ``main`` does, and
# let it paint). Prints one JSON object: the forbidden modules loaded, the first one's stack.
CHILD = r"""
import importlib.abc, json, sys, traceback

forbidden = json.loads(sys.argv[1])
first = []


class Tripwire(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if not first and any(name == f or name.startswith(f + ".") for f in forbidden):
            first.append(name + "\n" + "".join(traceback.format_stack(limit=30)))
        return None


sys.meta_path.insert(0, Tripwire())

import plandocket_desktop.ui.app as ui_app
import plandocket_desktop.ui.wizard as ui_wizard

if sys.argv[2] == "open":
    import argparse

    ui_wizard.WARM_UP_GAP_MS = 600_000  # the warm-up (which imports them) waits: not tested here
    app, window = ui_app.open_window(argparse.Namespace(**ui_app.NO_ARGUMENTS))
    app.processEvents()  # the first paint, as the cold-start benchmark measures it
    assert window.isVisible()
    window.close()
loaded = sorted(f for f in forbidden if f in sys.modules)
print(json.dumps({"loaded": loaded, "first": first[0] if first else ""}))
"""


def _run_child(how: str, tmp_path: Path) -> dict[str, object]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PLANDOCKET_HOME=str(tmp_path),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    forbidden = [*HEAVY, *LATER_CORE_MODULES]
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(forbidden), how],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    "how",
    [
        pytest.param("import", id="importing_app_and_wizard"),
        pytest.param("open", id="opening_the_window"),
    ],
)
def test_start_path_leaves_heavy_modules_for_later(how: str, tmp_path: Path) -> None:
    result = _run_child(how, tmp_path)
    assert result["loaded"] == [], f"first forbidden import: {result['first']}"


def test_core_types_still_gives_table_where_asked_for() -> None:
    # The lazy names resolve to the real classes, for every caller's ``from … import Table``.
    from plandocket_desktop.core import _table, types
    from plandocket_desktop.core.types import SheetInfo, SourceInfo, Table

    assert (Table, SheetInfo, SourceInfo) == (_table.Table, _table.SheetInfo, _table.SourceInfo)
    assert types.Table is _table.Table
    with pytest.raises(AttributeError):
        _ = types.NoSuchName  # type: ignore[attr-defined]
