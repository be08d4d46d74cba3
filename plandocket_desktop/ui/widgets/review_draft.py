"""The Review page's edits and rows left out, kept in the draft as they are made (and undone).

The draft keys them by spreadsheet row number and header, the table by data row index and
column: these turn one into the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plandocket_desktop.core.types import ImportDraft, Table
    from plandocket_desktop.core.validation import ValidationResult


def earlier_edits(
    draft: ImportDraft, table: Table, validation: ValidationResult
) -> dict[tuple[int, int], str]:
    """The draft's edits (row number, header) as (data row index, column) for display."""
    shown: dict[tuple[int, int], str] = {}
    for (row_number, header), text in draft.edits.items():
        if header not in table.columns:
            continue
        index = validation.row_index(row_number)  # a binary search, even at 1M rows
        if index is not None:
            shown[(index, table.columns.index(header))] = text
    return shown


def record_edit(draft: ImportDraft, table: Table, row: int, header: str, text: str | None) -> None:
    """Keep a cell's edit (None: the edit was undone, the file's text is back)."""
    key = (table.row_number(row), header)
    if text is None:
        draft.edits.pop(key, None)
    else:
        draft.edits[key] = text


def record_exclusion(draft: ImportDraft, table: Table, row: int, excluded: bool) -> None:
    """Keep a row left out, or taken back in."""
    number = table.row_number(row)
    if excluded:
        draft.excluded_rows.add(number)
    else:
        draft.excluded_rows.discard(number)
