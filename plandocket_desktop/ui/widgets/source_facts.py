"""What the reader found in a file (format, encoding, separator, sheet, rows), in plain words.

Qt-free. Each sentence is one message with named placeholders; the tables of names are marked
with ``N_`` and translated here, where they are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plandocket_desktop.core import reading
from plandocket_desktop.i18n import N_, _, fmt_int, ngettext

if TYPE_CHECKING:
    from plandocket_desktop.core.types import Table

FORMATS = {
    "csv": N_("Text file (CSV)"),
    "tsv": N_("Text file (tab-separated)"),
    "txt": N_("Text file"),
    "xlsx": N_("Excel workbook"),
    "xlsm": N_("Excel workbook with macros"),
    "xls": N_("Excel 97-2003 workbook"),
    "ods": N_("LibreOffice / OpenDocument spreadsheet"),
}
ENCODINGS = {
    "utf-8": N_("Unicode (UTF-8)"),
    "utf-8-sig": N_("Unicode (UTF-8, as Excel saves it)"),
    "utf-16": N_("Unicode (UTF-16)"),
    "utf-16-le": N_("Unicode (UTF-16, as Excel's “Unicode Text”)"),
    "utf-16-be": N_("Unicode (UTF-16)"),
    "cp1252": N_("Western European (Windows)"),
    "latin-1": N_("Western European (ISO 8859-1)"),
    "iso-8859-1": N_("Western European (ISO 8859-1)"),
    "iso-8859-15": N_("Western European (ISO 8859-15)"),
}
DELIMITERS = {
    ",": N_("commas"),
    ";": N_("semicolons"),
    "\t": N_("tabs"),
    "|": N_("vertical bars (|)"),
}


def _kind_sentence(fmt: str, encoding: str | None, delimiter: str | None) -> str:
    kind = _(FORMATS[fmt]) if fmt in FORMATS else fmt.upper()
    if encoding is not None:
        enc = _(ENCODINGS[encoding.lower()]) if encoding.lower() in ENCODINGS else encoding
    if delimiter is not None:
        sep = _(DELIMITERS[delimiter]) if delimiter in DELIMITERS else delimiter
    if encoding is not None and delimiter is not None:
        return _("{format}, text encoding {encoding}, columns separated by {separator}.").format(
            format=kind, encoding=enc, separator=sep
        )
    if encoding is not None:
        return _("{format}, text encoding {encoding}.").format(format=kind, encoding=enc)
    if delimiter is not None:
        return _("{format}, columns separated by {separator}.").format(format=kind, separator=sep)
    return _("{format}.").format(format=kind)


def describe_source(table: Table) -> str:
    """What the reader found, in plain words (a few whole sentences)."""
    source = table.source
    sentences = [_kind_sentence(source.format, source.encoding or None, source.delimiter or None)]
    reason = reading.sheet_reason(source)
    if reason:  # the reader chose among several sheets: say why
        sentences.append(reason)
    elif source.sheet:
        count = len(source.sheets)
        if count > 1:
            sentences.append(
                ngettext(
                    "Reading the sheet “{sheet}” (the workbook has {count} sheet).",
                    "Reading the sheet “{sheet}” (the workbook has {count} sheets).",
                    count,
                ).format(sheet=source.sheet, count=fmt_int(count))
            )
        else:
            sentences.append(_("Reading the sheet “{sheet}”.").format(sheet=source.sheet))
    # Two counts in one sentence: the column part is its own plural message.
    columns = ngettext("{count} column", "{count} columns", table.n_cols).format(
        count=fmt_int(table.n_cols)
    )
    sentences.append(
        ngettext(
            "{rows} row of data in {columns}.", "{rows} rows of data in {columns}.", table.n_rows
        ).format(rows=fmt_int(table.n_rows), columns=columns)
    )
    header = source.header_row + 1
    if header > 1:
        if source.header_detected:
            text = _("Column names found in row {row}; the rows above are left out.")
        else:
            text = _("Column names taken from row {row}; the rows above are left out.")
        sentences.append(text.format(row=header))
    if source.empty_rows_dropped:
        n = len(source.empty_rows_dropped)
        sentences.append(
            ngettext(
                "{count} empty row is left out.", "{count} empty rows are left out.", n
            ).format(count=fmt_int(n))
        )
    return " ".join(sentences)
