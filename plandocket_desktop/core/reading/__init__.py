"""Reading spreadsheets: every cell as text, as Excel or LibreOffice shows it.

Contract: ``read_table(path, *, sheet=None, header_row=None) -> Table`` (raises
``SourceError``), ``list_sheets(path) -> list[SheetInfo]``, ``describe_rows(numbers)`` (row
numbers inside a sentence: "6, 7 and 10"), ``sheet_reason(source)`` (why the reader chose the
sheet it read, or None). ``CHILD_ARGUMENT``, ``child_main()``: a frozen app's entry scripts
hand the reader's child process (``_child``, for .xls) over to it. Every sentence it shows is
built in ``_messages``.
"""

from plandocket_desktop.core.reading._child import CHILD_ARGUMENT
from plandocket_desktop.core.reading._child import main as child_main
from plandocket_desktop.core.reading._messages import describe_rows, sheet_reason
from plandocket_desktop.core.reading._read import list_sheets, read_table

__all__ = [
    "CHILD_ARGUMENT",
    "child_main",
    "describe_rows",
    "list_sheets",
    "read_table",
    "sheet_reason",
]
