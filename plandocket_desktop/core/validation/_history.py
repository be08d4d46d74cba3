"""Undo and redo of the edits made while reviewing: cells changed, rows left out or taken back.

Every change goes through ``ValidationResult`` (``edit_cell``, ``restore_cell``,
``exclude_rows``), so an undone edit is re-validated like any other and the result's ``edits``
and ``excluded_rows`` are what the draft keeps. One call is one step: "Use all suggestions of
this kind" is undone at once. A new change after an undo drops what could have been redone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plandocket_desktop.core.validation._result import ValidationResult


@dataclass(frozen=True)
class CellChange:
    """One cell's text before and after; None is the file's own text (no edit)."""

    row: int
    header: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class RowChange:
    """One row left out (``after`` True) or taken back in."""

    row: int
    before: bool
    after: bool


@dataclass(frozen=True)
class Step:
    """What one user action changed; ``inverse()`` is what undoing it changes."""

    cells: tuple[CellChange, ...] = ()
    rows: tuple[RowChange, ...] = ()

    def inverse(self) -> Step:
        return Step(
            tuple(CellChange(c.row, c.header, c.after, c.before) for c in reversed(self.cells)),
            tuple(RowChange(r.row, r.after, r.before) for r in self.rows),
        )

    def __bool__(self) -> bool:
        return bool(self.cells or self.rows)


class EditHistory:
    """The steps made on one ``ValidationResult``, to undo and redo them in order."""

    def __init__(self, result: ValidationResult) -> None:
        self._result = result
        self._done: list[Step] = []
        self._undone: list[Step] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def edit_cells(self, changes: Sequence[tuple[int, str, str]]) -> Step:
        """Change cells (row index, header, text) as one step; cells already holding their
        text are left alone. Returns the step made (empty when nothing changed)."""
        result = self._result
        edits = result.edits
        cells: list[CellChange] = []
        seen: dict[tuple[int, str], int] = {}
        for row, header, text in changes:
            if header not in result.table.columns:
                raise KeyError(header)
            if not 0 <= row < len(result):
                raise IndexError(row)
            key = (row, header)
            if key in seen:  # the same cell twice in one step: the last text wins
                before = cells[seen[key]].before
                cells[seen[key]] = CellChange(row, header, before, text)
                continue
            before = edits.get((result.table.row_number(row), header))
            current = before if before is not None else self._file_text(row, header)
            if text == current:
                continue
            seen[key] = len(cells)
            cells.append(CellChange(row, header, before, text))
        return self._record(Step(cells=tuple(cells)))

    def edit_cell(self, row: int, header: str, text: str) -> Step:
        """``edit_cells`` for one cell."""
        return self.edit_cells([(row, header, text)])

    def exclude_rows(self, rows: Sequence[int], excluded: bool = True) -> Step:
        """Leave rows out (or take them back in) as one step; rows already so are left alone."""
        result = self._result
        left_out = result.excluded_rows
        changes = tuple(
            RowChange(row, not excluded, excluded)
            for row in dict.fromkeys(rows)
            if (result.table.row_number(row) in left_out) != excluded
        )
        return self._record(Step(rows=changes))

    def undo(self) -> Step | None:
        """Take the last step back; returns what changed (None: nothing to undo)."""
        if not self._done:
            return None
        step = self._done.pop()
        inverse = step.inverse()
        self._apply(inverse)
        self._undone.append(step)
        return inverse

    def redo(self) -> Step | None:
        """Make the last undone step again; returns what changed (None: nothing to redo)."""
        if not self._undone:
            return None
        step = self._undone.pop()
        self._apply(step)
        self._done.append(step)
        return step

    def _record(self, step: Step) -> Step:
        if step:
            self._apply(step)
            self._done.append(step)
            self._undone.clear()
        return step

    def _apply(self, step: Step) -> None:
        result = self._result
        for cell in step.cells:
            if cell.after is None:
                result.restore_cell(cell.row, cell.header)
            else:
                result.edit_cell(cell.row, cell.header, cell.after)
        for excluded in (True, False):
            rows = [r.row for r in step.rows if r.after is excluded]
            if rows:
                result.exclude_rows(rows, excluded)

    def _file_text(self, row: int, header: str) -> str:
        table = self._result.table
        return table.cell(row, table.columns.index(header))
