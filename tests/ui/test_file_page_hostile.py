"""Hostile and broken files dropped on the File page: the command line's sentence, nothing else."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from plandocket_desktop.ui.pages.file import FilePage
from tests.hostile import run
from tests.hostile.cases import CASES
from tests.ui.conftest import drop_file

# One of each kind: a bomb, entity expansion, a far corner, damage, a folder, nothing at all.
NAMES = [
    "xlsx zip bomb, sizes lie (3 GB)",
    "ods zip bomb, sizes lie (3 GB)",
    "xlsx billion laughs",
    "xlsx cells in A1 and XFD1048576",
    "xlsx sheet overlapping another part",
    "csv NUL bytes throughout",
    "truncated xlsx at 50%",
    "truncated ods at 25%",
    "truncated xls at 50%",
    "a folder",
    "zero-byte file",
]


@pytest.fixture
def page(qtbot, state, settings):
    page = FilePage(state, settings=settings)
    qtbot.addWidget(page)
    page.resize(900, 600)
    yield page
    page.shutdown()


@pytest.mark.skipif(sys.platform != "linux", reason="the bounded command line run: Linux")
@pytest.mark.parametrize("name", NAMES)
def test_the_file_page_says_what_inspect_says(qtbot, page, tmp_path: Path, name: str) -> None:
    build, _allowed = CASES[name]
    path = build(tmp_path)
    answer = json.loads(run.inspect(path).stdout)
    sentence = answer["error"]["message"]

    if path.is_file():
        drop_file(page.drop_area, path)
    else:  # a folder is not offered as a dropped file; opened by path it is refused
        page.load_path(path)
    qtbot.waitUntil(lambda: not page.is_busy and page.error is not None, timeout=20000)

    assert page.message_bar.isVisibleTo(page)
    assert page.message_bar.kind == "error"
    assert sentence in page.message_bar.text()
    assert "Traceback" not in page.message_bar.text()
    assert not page.isComplete()
