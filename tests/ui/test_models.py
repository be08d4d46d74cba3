"""The review and outcome models: lazy cells, statuses, filters by index array, edits."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QModelIndex, Qt

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.importing._engine import ImportReport
from plandocket_desktop.core.types import ImportOptions, Outcome
from plandocket_desktop.core.validation import _result as validation
from plandocket_desktop.ui import models

COLUMNS = ["E-Mail", "Vorname", "Bewertung"]
ROWS = [
    ["anna@example.com", "Anna", "4"],  # row 2: ready
    ["not-an-address", "Ben", "3"],  # row 3: email invalid
    ["carla@example.com", "Carla", "9"],  # row 4: rating invalid
    ["ANNA@example.com", "Anna 2", ""],  # row 5: duplicate of row 2
    ["dora@example.com", "Dora", ""],  # row 6: ready
]
MAPPING = {"E-Mail": "email", "Vorname": "first_name", "Bewertung": "rating"}


@pytest.fixture
def table() -> Table:
    return Table.from_rows(COLUMNS, ROWS)


@pytest.fixture
def result(table):
    return validation.validate(table, MAPPING, options=ImportOptions())


def _text(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_review_model_shows_cells_statuses_and_row_numbers(qtmodeltester, table, result):
    model = models.ReviewModel(table, result, mapping=MAPPING)
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.columnCount() == 2 + 3
    assert model.headerData(0, Qt.Orientation.Vertical) == "2"
    assert model.headerData(models.FIRST_SOURCE_COLUMN, Qt.Orientation.Horizontal) == "E-Mail"
    assert _text(model, 0, models.FIRST_SOURCE_COLUMN) == "anna@example.com"
    statuses = [_text(model, r, models.STATUS_COLUMN) for r in range(5)]
    assert statuses == ["Ready", "Error", "Error", "Duplicate", "Ready"]


def test_problem_cells_are_tinted_with_the_message_as_tooltip(table, result):
    model = models.ReviewModel(table, result, mapping=MAPPING)
    email = models.FIRST_SOURCE_COLUMN
    assert _text(model, 1, email, Qt.ItemDataRole.BackgroundRole) == models.ERROR_TINT
    assert _text(model, 1, email, Qt.ItemDataRole.ToolTipRole) == (
        "'not-an-address' is not a valid email address. An email address must have an @-sign."
    )
    assert _text(model, 0, email, Qt.ItemDataRole.BackgroundRole) is None
    assert _text(model, 0, email, Qt.ItemDataRole.ToolTipRole) is None
    assert _text(model, 3, email, Qt.ItemDataRole.BackgroundRole) == models.DUPLICATE_TINT
    assert _text(model, 3, email, Qt.ItemDataRole.ToolTipRole) == (
        "Same email as row 2; only the first is imported."
    )
    # The first name of the bad-email row is fine: no tint there.
    assert _text(model, 1, email + 1, Qt.ItemDataRole.BackgroundRole) is None


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        pytest.param(models.ReviewFilter.ALL, [0, 1, 2, 3, 4], id="all"),
        pytest.param(models.ReviewFilter.ERRORS, [1, 2, 3], id="errors"),
        pytest.param(models.ReviewFilter.READY, [0, 4], id="ready"),
        pytest.param(models.ReviewFilter.PROBLEMS, [1, 2, 3], id="problems"),
        pytest.param(models.ReviewFilter.WARNINGS, [], id="warnings"),
    ],
)
def test_filters_show_rows_of_one_kind(table, result, which, expected):
    model = models.ReviewModel(table, result)
    model.set_filter(which)
    assert [model.source_row(r) for r in range(model.rowCount())] == expected


def test_editing_a_cell_revalidates_the_row_and_records_the_edit(qtbot, table, result):
    edits = []
    model = models.ReviewModel(table, result, on_edit=lambda *a: edits.append(a))
    email = model.index(1, models.FIRST_SOURCE_COLUMN)
    assert model.flags(email) & Qt.ItemFlag.ItemIsEditable
    assert result.counts["errors"] == 3
    with qtbot.waitSignal(model.counts_changed):
        assert model.setData(email, "ben@example.com")
    assert _text(model, 1, models.FIRST_SOURCE_COLUMN) == "ben@example.com"
    assert _text(model, 1, models.STATUS_COLUMN) == "Ready"
    assert result.counts["errors"] == 2
    assert edits == [(1, "E-Mail", "ben@example.com")]


def test_fixing_a_duplicate_clears_its_flag(table, result):
    model = models.ReviewModel(table, result)
    model.setData(model.index(3, models.FIRST_SOURCE_COLUMN), "anna.two@example.com")
    assert _text(model, 3, models.STATUS_COLUMN) == "Ready"
    assert _text(model, 3, models.FIRST_SOURCE_COLUMN, Qt.ItemDataRole.BackgroundRole) is None


def test_changing_the_first_of_two_duplicates_moves_the_duplicate_flag(table, result):
    model = models.ReviewModel(table, result)
    # Row 2 takes row 6's address: row 5 (was its duplicate) is free, row 6 is now the repeat.
    model.setData(model.index(0, models.FIRST_SOURCE_COLUMN), "dora@example.com")
    statuses = [_text(model, r, models.STATUS_COLUMN) for r in range(5)]
    assert statuses == ["Ready", "Error", "Error", "Ready", "Duplicate"]
    assert _text(model, 4, models.FIRST_SOURCE_COLUMN, Qt.ItemDataRole.ToolTipRole) == (
        "Same email as row 2; only the first is imported."
    )


def test_unticking_send_excludes_the_row(qtbot, table, result):
    excluded = []
    model = models.ReviewModel(table, result, on_exclude=lambda *a: excluded.append(a))
    send = model.index(0, models.SEND_COLUMN)
    assert _text(model, 0, models.SEND_COLUMN, Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    with qtbot.waitSignal(model.counts_changed):
        model.setData(send, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert result.status(0) == "excluded"
    assert _text(model, 0, models.STATUS_COLUMN) == "Left out"
    assert result.counts["excluded"] == 1
    assert excluded == [(0, True)]
    model.set_filter(models.ReviewFilter.EXCLUDED)
    assert model.rowCount() == 1


def test_a_row_with_errors_is_not_ticked_until_it_is_fixed(table, result):
    model = models.ReviewModel(table, result)
    send = model.index(1, models.SEND_COLUMN)  # row 3: invalid email
    assert model.data(send, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert not model.flags(send) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(send, Qt.ItemDataRole.ToolTipRole) == (
        "This row has errors and will not be sent until they are fixed."
    )

    model.setData(model.index(1, models.FIRST_SOURCE_COLUMN), "ben@example.com")
    assert model.data(send, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.flags(send) & Qt.ItemFlag.ItemIsUserCheckable


def test_a_million_rows_open_at_once_and_the_last_row_answers_quickly(qtbot):
    n = 1_000_000
    import pyarrow as pa

    emails = pa.array([f"user{i}@example.com" for i in range(n)], pa.string())
    names = pa.array(["Name"] * n, pa.string())
    table = Table(["Email", "Name"], pa.table({"a": emails, "b": names}), range(2, n + 2))
    result = validation.validate(table, {"Email": "email", "Name": "first_name"},
                                 options=ImportOptions())  # fmt: skip
    start = time.perf_counter()
    model = models.ReviewModel(table, result)
    assert model.rowCount() == n
    assert _text(model, n - 1, models.FIRST_SOURCE_COLUMN) == f"user{n - 1}@example.com"
    assert model.headerData(n - 1, Qt.Orientation.Vertical) == str(n + 1)
    model.set_filter(models.ReviewFilter.ERRORS)
    assert model.rowCount() == 0
    model.set_filter(models.ReviewFilter.READY)
    assert model.rowCount() == n
    # A guard against per-row work (many seconds at 1M rows), not a speed target.
    assert time.perf_counter() - start < 5.0


def _report(table, outcomes, messages=None):
    return ImportReport(options=ImportOptions(), outcomes=outcomes, messages=messages or {})


def test_outcome_model_shows_each_rows_outcome_and_filters(qtmodeltester, table):
    outcomes = [Outcome.CREATED, Outcome.FAILED, Outcome.NOT_SENT, Outcome.UPDATED,
                Outcome.SKIPPED]  # fmt: skip
    report = _report(table, outcomes, {1: "email invalid at the server"})
    model = models.OutcomeModel(report, table)
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert [_text(model, r, 1) for r in range(5)] == [
        "Created", "Failed", "Not sent", "Updated", "Skipped"
    ]  # fmt: skip
    assert _text(model, 1, 0) == "3"
    assert _text(model, 1, 2) == "email invalid at the server"
    assert _text(model, 1, 3) == "not-an-address"
    model.set_filter(models.OutcomeFilter.PROBLEMS)
    assert [model.source_row(r) for r in range(model.rowCount())] == [1, 2]
    model.set_filter(models.OutcomeFilter.CREATED)
    assert model.rowCount() == 1
    assert model.outcome(0) == "created"
    assert model.rowCount(QModelIndex()) == 1


def test_none_keeps_a_positive_reference_count_through_many_qt_calls(qtbot):
    # PySide6 6.12.0 on Python 3.11 takes a reference from None on every void call; without
    # the guard this loop ends the process with "deallocating None".
    import sys

    from PySide6.QtWidgets import QProgressBar

    models.guard_none_refcount()
    bar = QProgressBar()
    qtbot.addWidget(bar)
    for _ in range(50_000):
        bar.setValue(1)
    assert sys.getrefcount(None) > 10_000
