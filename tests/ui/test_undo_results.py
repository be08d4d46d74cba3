"""Undo from the Results page: the question names the numbers, the undo runs on a thread."""

from __future__ import annotations

import pytest

from plandocket_desktop.core.api import _client as client
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.validation import _result as validation
from plandocket_desktop.ui import dialogs
from plandocket_desktop.ui.pages import results
from plandocket_desktop.ui.state import WizardState
from tests.ui.test_results_page import MAPPING, people_file, run_import

pytestmark = pytest.mark.e2e


def ours(sandbox):
    return [c["email"] for c in sandbox.store.contacts() if "results-test" in c["email"]]


def test_undo_this_import_asks_with_the_numbers_then_deletes_what_it_created(
    qtbot, sandbox, tmp_path, monkeypatch
):
    path = people_file(tmp_path, 4)
    state = WizardState()
    state.draft.path = path
    state.draft.mapping = dict(MAPPING)
    state.table = reading.read_table(path)
    state.validation = validation.validate(state.table, MAPPING, options=state.draft.options)
    state.client = client.PlandocketClient(sandbox.base_url, sandbox.api_key)
    run_import(qtbot, state)
    assert len(ours(sandbox)) == 4
    asked: list[str] = []
    answers = iter([False, True])

    def confirm(_parent, question):
        asked.append(question)
        return next(answers)

    monkeypatch.setattr(dialogs, "confirm_undo", confirm)
    page = results.ResultsPage(state)
    qtbot.addWidget(page)
    page.initializePage()
    button = page.findChild(results.QPushButton, "undoImportButton")
    assert button.isEnabled()

    button.click()  # "No": nothing happens
    assert not page.undoing
    assert len(ours(sandbox)) == 4
    assert asked[0].startswith("Delete 4 contacts created on ")

    button.click()
    qtbot.waitUntil(lambda: "was undone" in page.notice_text, timeout=30_000)
    assert ours(sandbox) == []
    assert "Deleted: 4." in page.notice_text

    assert not button.isEnabled()  # done: not offered again
    page.undo_import(state.report.job_id)  # from the history, say: refused with the reason
    assert "already undone" in page.notice_text
    assert len(asked) == 2
    page.shutdown()
    state.client.close()
