"""The core never imports Qt: the command line and the tests run without it."""

import subprocess
import sys


def test_importing_the_core_does_not_import_pyside6():
    code = (
        "import sys, importlib, pkgutil\n"
        "import plandocket_desktop.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('plandocket_desktop.core.' + m.name)\n"
        "import plandocket_desktop.cli\n"
        "print('PySide6' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
