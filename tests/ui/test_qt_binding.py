"""The installed Qt binding keeps reference counts right (pyproject excludes one that does not)."""

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_qt_calls_that_return_nothing_keep_the_reference_to_none():
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        probe.setObjectName("")
    # A few references may come and go elsewhere; the bad binding loses one per call.
    assert before - sys.getrefcount(None) < 20
