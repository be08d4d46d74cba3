"""The app's own processes keep pandas out; code run inside another's process does not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs ``entry`` as the program would, then says at exit whether pandas was imported.
PROBE = """
import atexit, sys
atexit.register(lambda: print("pandas loaded:", "pandas" in sys.modules, file=sys.stderr))
sys.argv = ["program", *sys.argv[1:]]
{entry}
"""


def loaded_pandas(entry: str, *argv: str, stdin: str | None = None) -> bool:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHON_KEYRING_BACKEND"] = "tests.keyrings.MemoryKeyring"
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(entry=entry), *argv],
        input=None if stdin is None else stdin.encode(),
        capture_output=True, timeout=120, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    errors = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, errors
    line = errors.strip().splitlines()[-1]
    assert line.startswith("pandas loaded:"), errors
    return line.endswith("True")


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("E-Mail;Vorname\nanna@example.org;Anna\n", encoding="utf-8")
    return path


def test_pandas_is_installed_here_so_that_these_tests_can_fail() -> None:
    import importlib.util

    assert importlib.util.find_spec("pandas") is not None


def test_the_command_line_program_runs_without_pandas(people: Path) -> None:
    program = "from plandocket_desktop.cli import program; program()"
    assert not loaded_pandas(program, "validate", str(people), "--json")
    # The same work called as a function, inside a process that is not the app's, has it.
    call = "from plandocket_desktop.cli import main; sys.exit(main())"
    assert loaded_pandas(call, "validate", str(people), "--json")


def test_python_dash_m_runs_the_command_line_without_pandas(people: Path) -> None:
    assert not loaded_pandas(
        "import runpy; runpy.run_module('plandocket_desktop', run_name='__main__')",
        "inspect",
        str(people),
    )


def test_the_window_program_runs_its_smoke_test_without_pandas() -> None:
    program = "from plandocket_desktop.ui.app import program; program()"
    assert not loaded_pandas(program, "--smoke-test")


def test_the_child_that_reads_an_xls_runs_without_pandas() -> None:
    xls = ROOT / "tests" / "fixtures" / "legacy_members.xls"
    options = {"sheet": None, "header_row": None}
    request = {"job": "read", "path": str(xls), "format": "xls", "options": options}
    child = "import runpy; runpy.run_module(sys.argv[1], run_name='__main__')"
    module = "plandocket_desktop.core.reading._child"
    assert not loaded_pandas(child, module, stdin=json.dumps({**request, "language": "en"}))


def test_a_script_keeps_its_pandas(people: Path) -> None:
    script = (
        "import plandocket_desktop as pdi; "
        "frame = pdi.read(sys.argv[1]).to_pandas(); assert frame.shape == (1, 2), frame.shape"
    )
    assert loaded_pandas(script, str(people))
