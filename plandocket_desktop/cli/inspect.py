"""plandocket-import inspect FILE: what the reader detected in a file, and its first rows."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import orjson

from plandocket_desktop.cli import _options as choices
from plandocket_desktop.core import reading
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.types import Table
from plandocket_desktop.i18n import N_, _, fmt_int, ngettext

PREVIEW_ROWS = 20
EXIT_OK = 0
EXIT_UNREADABLE = 2


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "inspect",
        help=_("show what is detected in a spreadsheet and its first rows"),
        description=_(
            "Show the format, encoding, delimiter, sheets, header row and the first "
            "rows of a spreadsheet, as the importer reads it."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("the spreadsheet (.xlsx .xls .ods .csv …)"))
    choices.add_source_arguments(parser)
    parser.add_argument("--json", action="store_true", help=_("print one JSON object"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        table = reading.read_table(args.file, sheet=args.sheet, header_row=args.header_row)
    except SourceError as exc:
        print(_("plandocket-import: {note}").format(note=exc), file=sys.stderr)
        if args.json:
            error = {"error": {"kind": exc.kind, "message": str(exc)}}
            sys.stdout.write(orjson.dumps(error).decode() + "\n")
        return EXIT_UNREADABLE
    if args.json:
        sys.stdout.write(orjson.dumps(summary(table)).decode() + "\n")
    else:
        _print_readable(table)
    return EXIT_OK


def summary(table: Table) -> dict[str, Any]:
    """The JSON object ``inspect --json`` prints."""
    source = table.source
    return {
        "file": str(source.path) if source.path else None,
        "format": source.format,
        "encoding": source.encoding,
        "delimiter": source.delimiter,
        "sheets": [s.name for s in source.sheets],
        "hidden_sheets": [s.name for s in source.sheets if s.hidden],
        "sheet": source.sheet,
        "sheet_reason": reading.sheet_reason(source),
        "header_row": source.header_row,
        "header_detected": source.header_detected,
        "rows": table.n_rows,
        "columns": table.columns,
        "first_data_row": table.row_number(0) if table.n_rows else None,
        "last_data_row": table.row_number(table.n_rows - 1) if table.n_rows else None,
        "empty_rows_dropped": source.empty_rows_dropped,
        "empty_columns_dropped": source.empty_columns_dropped,
        "preview": table.head(PREVIEW_ROWS),
        "warnings": source.warnings,
    }


_DELIMITER_NAMES = {",": N_("comma"), ";": N_("semicolon"), "\t": N_("tab"), "|": N_("pipe")}


def _print_readable(table: Table) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(highlight=False)
    source = table.source
    lines = [_("Format:     {format}").format(format=source.format)]
    if source.encoding:
        lines.append(_("Encoding:   {encoding}").format(encoding=source.encoding))
    if source.delimiter:
        name = _DELIMITER_NAMES.get(source.delimiter)
        delimiter = _(name) if name else source.delimiter
        lines.append(_("Delimiter:  {delimiter}").format(delimiter=delimiter))
    if source.sheets:
        names = [
            _("{sheet} (hidden)").format(sheet=s.name) if s.hidden else s.name
            for s in source.sheets
        ]
        lines.append(_("Sheets:     {sheets}").format(sheets=", ".join(names)))
        lines.append(_("Sheet:      {sheet}").format(sheet=source.sheet))
        reason = reading.sheet_reason(source)
        if reason:
            lines.append(reason)
    header = (
        _("Header row: {row} (detected; index {index})")
        if source.header_detected
        else _("Header row: {row} (chosen; index {index})")
    )
    lines.append(header.format(row=source.header_row + 1, index=source.header_row))
    lines.append(_("Data rows:  {count}").format(count=fmt_int(table.n_rows)))
    if source.empty_rows_dropped:
        dropped = source.empty_rows_dropped
        lines.append(
            ngettext(
                "Empty rows skipped: {count} (row {rows})",
                "Empty rows skipped: {count} (rows {rows})",
                len(dropped),
            ).format(count=len(dropped), rows=reading.describe_rows(dropped))
        )
    if source.empty_columns_dropped:
        lines.append(_("Empty columns skipped: {count}").format(count=source.empty_columns_dropped))
    lines.append(_("Columns:    {count}").format(count=len(table.columns)))
    for line in lines:
        console.print(line, markup=False)
    for warning in source.warnings:
        console.print(_("Warning: {warning}").format(warning=warning), markup=False, style="yellow")
    if table.columns:
        console.print(
            _("Column names: {columns}").format(columns=", ".join(table.columns)), markup=False
        )
    shown = max(1, min(len(table.columns), (console.width - 8) // 16))
    rows = min(PREVIEW_ROWS, table.n_rows)
    if shown < len(table.columns):
        title = ngettext(
            "First {count} row (first {shown} of {total} columns; --json shows all)",
            "First {count} rows (first {shown} of {total} columns; --json shows all)",
            rows,
        )
    else:
        title = ngettext("First {count} row", "First {count} rows", rows)
    title = title.format(count=rows, shown=shown, total=len(table.columns))
    preview = RichTable(title=title, title_justify="left")
    preview.add_column(_("Row"), justify="right", style="dim", no_wrap=True, min_width=4)
    for name in table.columns[:shown]:
        preview.add_column(name, overflow="ellipsis", no_wrap=True, min_width=6)
    for i, cells in enumerate(table.head(PREVIEW_ROWS)):
        preview.add_row(str(table.row_number(i)), *[_short(c) for c in cells[:shown]])
    console.print(preview)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
