"""The core never imports Qt: the command line, the sandbox and the tests run without it.

Two checks of one promise. At run time, a fresh interpreter imports every module of the core,
the command line, the sandbox and the messages (found by walking the packages, so a new module
is covered without editing this file), then runs each command as a user would, and must end
without PySide6 or shiboken6 loaded. Statically, no module there imports them (or the UI,
which does) anywhere, not even inside a function that the run-time check did not reach.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import plandocket_desktop

PACKAGE_DIR = Path(plandocket_desktop.__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
# Qt-free parts: packages (walked) and single modules.
QT_FREE = ("core", "cli", "sandbox", "i18n")
QT_TOP_LEVEL = {"PySide6", "shiboken6"}
# The UI imports Qt, so importing it from a Qt-free module is importing Qt.
FORBIDDEN_PREFIXES = ("PySide6", "shiboken6", "plandocket_desktop.ui")

# Runs in a fresh interpreter. argv[1] is a JSON object with a CSV file, a work folder and
# the names of the Qt-free parts. It prints one JSON object on its last line.
CHILD = r"""
import contextlib, importlib, importlib.abc, io, json, os, pkgutil, sys, traceback

config = json.loads(sys.argv[1])
QT = {"PySide6", "shiboken6"}
first_qt_import = []


class Tripwire(importlib.abc.MetaPathFinder):
    # Records who asked for Qt first (the failure names the culprit); finds nothing itself.
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in QT and not first_qt_import:
            first_qt_import.append("".join(traceback.format_stack(limit=25)))
        return None


sys.meta_path.insert(0, Tripwire())

import plandocket_desktop

imported = []
for part in config["parts"]:
    name = "plandocket_desktop." + part
    module = importlib.import_module(name)
    imported.append(name)
    if hasattr(module, "__path__"):
        for info in pkgutil.walk_packages(module.__path__, name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
after_imports = sorted(m for m in sys.modules if m.partition(".")[0] in QT)

from plandocket_desktop import cli
from plandocket_desktop.sandbox import cli as sandbox_cli
from plandocket_desktop.sandbox import server


def call(main, argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    return {"argv": argv, "code": code, "out": out.getvalue()}


work = config["work"]
csv_path = config["csv"]
calls = [call(cli.main, ["--help"]), call(sandbox_cli.main, ["--help"])]
calls += [call(cli.main, [command, "--help"]) for command in cli.COMMANDS]
calls.append(call(cli.main, ["inspect", csv_path, "--json"]))
calls.append(
    call(cli.main, ["validate", csv_path, "--json", "--errors-csv", os.path.join(work, "e.csv")])
)
sandbox = server.SandboxServer(os.path.join(work, "sandbox.sqlite3"))
sandbox.start()
try:
    os.environ["PLANDOCKET_API_KEY"] = sandbox.api_key
    report = os.path.join(work, "report.xlsx")
    argv = ["run", csv_path, "--tenant", sandbox.base_url, "--yes", "--json", "--report", report]
    calls.append(call(cli.main, argv))
finally:
    sandbox.stop()
calls.append(call(cli.main, ["history", "--json"]))
after_commands = sorted(m for m in sys.modules if m.partition(".")[0] in QT)

print(json.dumps({
    "imported": imported,
    "after_imports": after_imports,
    "calls": calls,
    "after_commands": after_commands,
    "first_qt_import": first_qt_import[0] if first_qt_import else None,
}))
"""

CSV = "E-Mail;Vorname;Bewertung\nanna@example.com;Anna;4\nnot-an-address;=1+1;9\n"


def modules_on_disk() -> set[str]:
    """Every module of the Qt-free parts, from the files themselves (not from pkgutil)."""
    names = set()
    for part in QT_FREE:
        single = PACKAGE_DIR / f"{part}.py"
        files = [single] if single.exists() else sorted((PACKAGE_DIR / part).rglob("*.py"))
        for path in files:
            dotted = path.relative_to(ROOT).with_suffix("").parts
            if dotted[-1] == "__init__":
                dotted = dotted[:-1]
            names.add(".".join(dotted))
    return names


@pytest.fixture(scope="module")
def child(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    work = tmp_path_factory.mktemp("qt-free")
    csv_path = work / "people.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    config = {"parts": list(QT_FREE), "work": str(work), "csv": str(csv_path)}
    env = {**os.environ, "PLANDOCKET_HOME": str(work / "home")}
    env.pop("PLANDOCKET_API_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(config)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
        timeout=100,  # below the suite's per-test timeout: this fails alone, the run goes on
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_every_module_is_imported_in_the_check(child):
    imported = set(child["imported"])
    assert imported == modules_on_disk()
    assert {"plandocket_desktop.cli.run", "plandocket_desktop.i18n"} <= imported


def test_importing_every_qt_free_module_loads_no_qt(child):
    assert child["after_imports"] == [], child["first_qt_import"]


def test_running_every_command_loads_no_qt(child):
    from plandocket_desktop import cli

    calls = {" ".join(c["argv"][:2]): c for c in child["calls"]}
    for command in cli.COMMANDS:
        help_call = calls[f"{command} --help"]
        assert help_call["code"] == 0
        assert f"plandocket-import {command}" in help_call["out"]
    assert calls["--help"]["code"] == 0
    assert child["calls"][1]["out"].startswith("usage:")  # plandocket-sandbox --help
    # validate finds the bad row (exit 1); run imports the good one and reports the other.
    by_command = {c["argv"][0]: c for c in child["calls"] if "--help" not in c["argv"]}
    assert by_command["inspect"]["code"] == 0
    assert json.loads(by_command["inspect"]["out"])["columns"] == ["E-Mail", "Vorname", "Bewertung"]
    assert by_command["validate"]["code"] == 1
    assert by_command["run"]["code"] == 1
    assert json.loads(by_command["run"]["out"])["counts"]["created"] == 1
    assert by_command["history"]["code"] == 0
    assert len(json.loads(by_command["history"]["out"])) == 1
    assert child["after_commands"] == [], child["first_qt_import"]


def _forbidden(name: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in FORBIDDEN_PREFIXES)


def qt_imports(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line name`` of every import of Qt or the UI in ``path``, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            names = [node.args[0].value]
        hit = next((name for name in names if _forbidden(name)), None)
        if hit is not None:
            found.append(f"{path.name}:{getattr(node, 'lineno', 0)} {hit}")
    return found


def test_no_qt_free_module_imports_qt_even_inside_a_function():
    files = [PACKAGE_DIR / "i18n.py"]
    for part in ("core", "cli", "sandbox"):
        files += sorted((PACKAGE_DIR / part).rglob("*.py"))
    assert len(files) == len(modules_on_disk())
    offending = [hit for path in files for hit in qt_imports(path)]
    assert offending == []


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import PySide6.QtCore\n", id="top-level"),
        pytest.param("def f():\n    from PySide6 import QtCore\n", id="in-a-function"),
        pytest.param("import shiboken6\n", id="shiboken"),
        pytest.param("from ..ui import models\n", id="relative-ui"),
        pytest.param("from plandocket_desktop.ui.models import X\n", id="absolute-ui"),
        pytest.param("from plandocket_desktop import ui\n", id="the-ui-package"),
        pytest.param("import importlib\nimportlib.import_module('PySide6.QtGui')\n", id="dynamic"),
        pytest.param("def f():\n    return __import__('PySide6')\n", id="dunder-import"),
    ],
)
def test_the_static_check_sees_each_way_of_importing_qt(tmp_path, source):
    # Relative imports are resolved from the file's place in the package.
    path = tmp_path / "plandocket_desktop" / "core" / "sneaky.py"
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    assert len(qt_imports(path, tmp_path)) == 1
    harmless = "import importlib\nfrom . import models\nfrom .. import i18n\nimport pyarrow\n"
    path.write_text(harmless, encoding="utf-8")
    assert qt_imports(path, tmp_path) == []
