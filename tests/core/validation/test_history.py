"""Undo and redo of review edits: each step re-validated through the result, one per action."""

from __future__ import annotations

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.types import ImportOptions, MatchField, RowStatus
from plandocket_desktop.core.validation import EditHistory, ValidationResult, validate

OPTS = ImportOptions(match_field=MatchField.EMAIL)


def people(*emails: str) -> ValidationResult:
    table = Table.from_rows(
        ["Email", "Name"], [[email, f"Person {n}"] for n, email in enumerate(emails)]
    )
    return validate(table, {"Email": "email", "Name": "first_name"}, options=OPTS)


def test_undoing_an_edit_brings_back_the_file_text_and_its_error() -> None:
    result = people("not-an-email", "b@example.com")
    history = EditHistory(result)
    assert result.status(0) == RowStatus.ERROR

    history.edit_cell(0, "Email", "a@example.com")
    assert result.status(0) == RowStatus.READY
    assert result.edits == {(result.table.row_number(0), "Email"): "a@example.com"}

    step = history.undo()
    assert step is not None
    assert [(c.row, c.header, c.after) for c in step.cells] == [(0, "Email", None)]
    assert result.status(0) == RowStatus.ERROR
    assert result.edits == {}  # not an edit any more: the report shows nothing edited
    assert [i.code for i in result.issues_for(0)] == ["email_invalid"]
    assert history.can_redo
    assert not history.can_undo

    history.redo()
    assert result.status(0) == RowStatus.READY
    assert result.edits == {(result.table.row_number(0), "Email"): "a@example.com"}
    assert history.can_undo
    assert not history.can_redo


def test_undoing_a_second_edit_of_a_cell_returns_to_the_first() -> None:
    result = people("a@example.com")
    history = EditHistory(result)
    history.edit_cell(0, "Email", "first@example.com")
    history.edit_cell(0, "Email", "broken")
    assert result.status(0) == RowStatus.ERROR
    history.undo()
    assert result.edits[(result.table.row_number(0), "Email")] == "first@example.com"
    assert result.status(0) == RowStatus.READY


def test_undo_re_judges_duplicates() -> None:
    result = people("a@example.com", "b@example.com")
    history = EditHistory(result)
    history.edit_cell(1, "Email", "A@example.com")
    assert result.status(1) == RowStatus.ERROR  # a duplicate of row 0
    history.undo()
    assert result.status(1) == RowStatus.READY
    assert result.duplicate_of(1) is None


def test_use_all_is_one_step() -> None:
    result = people("a@gmial.com", "b@gmial.com", "c@example.com")
    history = EditHistory(result)
    fixes = result.suggestions("email_typo", "Email")
    assert len(fixes) == 2
    step = history.edit_cells([(row, "Email", text) for row, text in fixes])
    assert len(step.cells) == 2
    assert result.suggestion_count("email_typo", "Email") == 0

    history.undo()
    assert result.suggestion_count("email_typo", "Email") == 2
    assert result.edits == {}
    assert not history.can_undo


def test_leaving_rows_out_and_taking_them_back_are_undoable() -> None:
    result = people("a@example.com", "b@example.com", "c@example.com")
    history = EditHistory(result)
    history.exclude_rows([0, 2])
    assert result.excluded_rows == {result.table.row_number(0), result.table.row_number(2)}
    history.exclude_rows([0, 1], excluded=False)  # row 1 is in already: only row 0 changes
    assert result.excluded_rows == {result.table.row_number(2)}

    history.undo()
    assert result.excluded_rows == {result.table.row_number(0), result.table.row_number(2)}
    history.undo()
    assert result.excluded_rows == set()
    assert [result.status(i) for i in range(3)] == [RowStatus.READY] * 3
    history.redo()
    assert result.status(0) == RowStatus.EXCLUDED


def test_a_new_edit_after_an_undo_drops_the_redo() -> None:
    result = people("a@example.com")
    history = EditHistory(result)
    history.edit_cell(0, "Name", "Ann")
    history.undo()
    history.edit_cell(0, "Name", "Bea")
    assert not history.can_redo
    assert history.redo() is None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda h: h.edit_cell(0, "Email", "a@example.com"), id="same text"),
        pytest.param(lambda h: h.exclude_rows([0], excluded=False), id="already in"),
    ],
)
def test_a_change_that_changes_nothing_is_no_step(change) -> None:
    result = people("a@example.com")
    history = EditHistory(result)
    assert not change(history)
    assert not history.can_undo
    assert history.undo() is None


def test_an_unknown_column_is_refused() -> None:
    history = EditHistory(people("a@example.com"))
    with pytest.raises(KeyError):
        history.edit_cell(0, "Nope", "x")
