"""Reading spreadsheets: every cell as text, as Excel or LibreOffice shows it.

Contract: ``read_table(path, *, sheet=None, header_row=None) -> Table`` (raises
``SourceError``), ``list_sheets(path) -> list[SheetInfo]``, ``describe_rows(table)``.
"""

from plandocket_desktop.core.reading._read import list_sheets, read_table
from plandocket_desktop.core.reading._shape import describe_rows

__all__ = ["describe_rows", "list_sheets", "read_table"]
