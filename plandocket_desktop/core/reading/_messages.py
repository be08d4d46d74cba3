"""Every sentence reading shows a person: the ``SourceError`` of each problem, and warnings.

Each sentence is one message with named placeholders through ``plandocket_desktop.i18n``,
built here only; module-level tables are marked with ``N_()`` and translated when raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from plandocket_desktop.core._table import SourceInfo
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.i18n import N_, _, fmt_int, ngettext

MAX_ROWS_NAMED = 10  # row numbers spelled out in a warning before "and N more"

# What a file that is no spreadsheet looks like: (named a spreadsheet, named otherwise).
_LOOKS_LIKE = {
    "image": (
        N_("{file} is damaged or not really a spreadsheet (it looks like an image)."),
        N_(
            "{file} is an image, not a spreadsheet this program can read. Save it as .xlsx, "
            ".xls, .ods or .csv and try again."
        ),
    ),
    "binary": (
        N_("{file} is damaged or not really a spreadsheet (it looks like a binary file)."),
        N_(
            "{file} is a binary file, not a spreadsheet this program can read. Save it as "
            ".xlsx, .xls, .ods or .csv and try again."
        ),
    ),
    "damaged_zip": (
        N_("{file} is damaged or not really a spreadsheet (it looks like a damaged zip file)."),
        N_(
            "{file} is a damaged zip file, not a spreadsheet this program can read. Save it as "
            ".xlsx, .xls, .ods or .csv and try again."
        ),
    ),
    "other_zip": (
        N_(
            "{file} is damaged or not really a spreadsheet (it looks like a zip archive of "
            "another kind)."
        ),
        N_(
            "{file} is a zip archive of another kind, not a spreadsheet this program can read. "
            "Save it as .xlsx, .xls, .ods or .csv and try again."
        ),
    ),
    "other_office": (
        N_(
            "{file} is damaged or not really a spreadsheet (it looks like an Office document of "
            "another kind)."
        ),
        N_(
            "{file} is an Office document of another kind, not a spreadsheet this program can "
            "read. Save it as .xlsx, .xls, .ods or .csv and try again."
        ),
    ),
}
# Formats recognised but not read, each with its own way out.
_UNSUPPORTED = {
    "pdf": N_(
        "{file} is a PDF document, not a spreadsheet this program can read. Save it as .xlsx, "
        ".xls, .ods or .csv and try again."
    ),
    "web_page": N_(
        "{file} is a web page or an old Excel XML file, not a spreadsheet this program can "
        "read. Open it in Excel and save it as .xlsx or .csv, then try again."
    ),
    "numbers": N_(
        "{file} is an Apple Numbers file, not a spreadsheet this program can read. In Numbers, "
        "choose File > Export To > Excel or CSV, then try again."
    ),
}


def not_a_spreadsheet(path: Path, looks_like: str, *, named_spreadsheet: bool) -> SourceError:
    """A file that is no spreadsheet; ``looks_like``: a key of ``_LOOKS_LIKE``."""
    damaged, other = _LOOKS_LIKE[looks_like]
    if named_spreadsheet:
        return SourceError(_(damaged).format(file=path.name), kind="corrupt")
    return SourceError(_(other).format(file=path.name), kind="unsupported")


def unsupported(path: Path, what: str) -> SourceError:
    """A format recognised but not read; ``what``: a key of ``_UNSUPPORTED``."""
    return SourceError(_(_UNSUPPORTED[what]).format(file=path.name), kind="unsupported")


def encrypted(path: Path) -> SourceError:
    return SourceError(
        _(
            "{file} is protected with a password. Open it in Excel, remove the password (or "
            "save an unprotected copy) and try again."
        ).format(file=path.name),
        kind="encrypted",
    )


def damaged(path: Path) -> SourceError:
    return SourceError(
        _("{file} is damaged or not a spreadsheet file.").format(file=path.name), kind="corrupt"
    )


def read_timed_out(path: Path, seconds: float) -> SourceError:
    return SourceError(
        _(
            "{file} could not be read within {seconds} seconds, so reading was stopped. The "
            "file may be damaged; open it in Excel or LibreOffice and save it as .xlsx."
        ).format(file=path.name, seconds=fmt_int(round(seconds))),
        kind="corrupt",
    )


def damaged_sheet(path: Path, sheet: str) -> SourceError:
    return SourceError(
        _("The sheet '{sheet}' of {file} is damaged and cannot be read.").format(
            sheet=sheet, file=path.name
        ),
        kind="corrupt",
    )


def unsafe_xml(path: Path) -> SourceError:
    return SourceError(
        _(
            "{file} contains XML that spreadsheet programs never write (a document type "
            "declaration); it was not opened, for safety."
        ).format(file=path.name),
        kind="corrupt",
    )


def zip_bomb(path: Path) -> SourceError:
    return SourceError(
        _(
            "{file} would unpack to far more data than a spreadsheet holds (it looks like a zip "
            "bomb); it was not opened."
        ).format(file=path.name),
        kind="too_large",
    )


def out_of_memory(path: Path) -> SourceError:
    return SourceError(
        _(
            "{file} needs more memory than this computer has free, so it was not read. Close "
            "other programs, or split the file into smaller ones, and try again."
        ).format(file=path.name),
        kind="too_large",
    )


def sheet_too_large(path: Path, rows: int, columns: int) -> SourceError:
    """A sheet whose cells span more rows x columns than can be held (a few far-apart cells)."""
    return SourceError(
        _(
            "{file} has a sheet that spans {rows} rows and {columns} columns, more than this "
            "program can hold; it was not read. Delete the cells far outside the table, or "
            "copy the table to a new workbook, and try again."
        ).format(file=path.name, rows=fmt_int(rows), columns=fmt_int(columns)),
        kind="too_large",
    )


def not_a_file(path: Path) -> SourceError:
    return SourceError(
        _("{file} is not a regular file (perhaps a device or a pipe), so it was not read.").format(
            file=path.name
        ),
        kind="unsupported",
    )


def too_large(path: Path, size: int) -> SourceError:
    return SourceError(
        _("{file} is too large to read ({size} GB).").format(
            file=path.name, size=f"{size / 1024**3:.1f}"
        ),
        kind="too_large",
    )


def zero_bytes(path: Path) -> SourceError:
    return SourceError(_("{file} is empty (0 bytes).").format(file=path.name), kind="empty")


def not_text(path: Path) -> SourceError:
    return SourceError(
        _("{file} is not a text or spreadsheet file.").format(file=path.name), kind="corrupt"
    )


def no_data(path: Path | None = None) -> SourceError:
    """Nothing but blank cells (``path`` None: said of "the file")."""
    if path is None:
        return SourceError(_("The file contains no data."), kind="empty")
    return SourceError(_("{file} contains no data.").format(file=path.name), kind="empty")


def not_delimited() -> SourceError:
    return SourceError(_("The file cannot be read as a delimited text file."), kind="corrupt")


def no_sheets(path: Path) -> SourceError:
    return SourceError(_("{file} contains no sheets.").format(file=path.name), kind="empty")


def no_such_sheet(path: Path, wanted: str, names: Sequence[str]) -> SourceError:
    return SourceError(
        _("{file} has no sheet named '{sheet}'. Its sheets are: {sheets}.").format(
            file=path.name, sheet=wanted, sheets=", ".join(names)
        ),
        kind="no_sheet",
    )


def empty_sheet(path: Path, sheet: str) -> SourceError:
    return SourceError(
        _("The sheet '{sheet}' of {file} is empty.").format(sheet=sheet, file=path.name),
        kind="empty",
    )


def header_beyond_end(rows: int, header_row: int, sheet: str | None = None) -> SourceError:
    """The chosen header row (0-based) is past the last of ``rows`` rows."""
    if sheet is None:
        message = ngettext(
            "The file has only {count} row, so row {row} cannot be the header.",
            "The file has only {count} rows, so row {row} cannot be the header.",
            rows,
        )
    else:
        message = ngettext(
            "The sheet '{sheet}' has only {count} row, so row {row} cannot be the header.",
            "The sheet '{sheet}' has only {count} rows, so row {row} cannot be the header.",
            rows,
        )
    text = message.format(count=fmt_int(rows), row=fmt_int(header_row + 1), sheet=sheet)
    return SourceError(text, kind="no_sheet")


def os_error(path: Path, exc: OSError, *, locked: bool) -> SourceError:
    """An operating system refusal; ``locked``: Windows says another program has it open."""
    if isinstance(exc, FileNotFoundError):
        return SourceError(_("The file {path} does not exist.").format(path=path), kind="not_found")
    if isinstance(exc, IsADirectoryError):
        return SourceError(
            _("{file} is a folder, not a spreadsheet file.").format(file=path.name),
            kind="unsupported",
        )
    if isinstance(exc, PermissionError):
        if locked:
            return SourceError(
                _(
                    "{file} is open in another program (perhaps Excel). Close it there and "
                    "try again."
                ).format(file=path.name),
                kind="locked",
            )
        return SourceError(
            _("You do not have permission to read {file}.").format(file=path.name),
            kind="permission",
        )
    return SourceError(
        _("{file} cannot be read: {reason}.").format(file=path.name, reason=exc.strerror or exc),
        kind="permission",
    )


def describe_rows(numbers: Sequence[int]) -> str:
    """'6, 7 and 10' or '6, 7, … and 12 more': row numbers inside a sentence."""
    shown = [str(n) for n in numbers[:MAX_ROWS_NAMED]]
    rest = len(numbers) - len(shown)
    if rest:
        return ngettext("{rows} and {count} more", "{rows} and {count} more", rest).format(
            rows=", ".join(shown), count=fmt_int(rest)
        )
    if len(shown) == 1:
        return shown[0]
    return _("{rows} and {last}").format(rows=", ".join(shown[:-1]), last=shown[-1])


def ragged_warning(rows: Sequence[int], header_cells: int) -> str:
    """The warning naming rows whose number of cells differs from the header row's."""
    return ngettext(
        "Row {rows} has a different number of cells than the header row ({cells}); no cell "
        "was dropped, extra cells are in extra columns at the right.",
        "Rows {rows} have a different number of cells than the header row ({cells}); no cell "
        "was dropped, extra cells are in extra columns at the right.",
        len(rows),
    ).format(rows=describe_rows(rows), cells=header_cells)


# Why the reader chose a sheet: one sentence about it, one about each other sheet by kind.
_OTHER_SHEET = {
    "cover": N_("“{sheet}” looks like a cover page."),
    "summary": N_("“{sheet}” looks like a summary."),
    "empty": N_("“{sheet}” is empty."),
    "smaller": N_("“{sheet}” holds a smaller table."),
}


def sheet_reason(source: SourceInfo) -> str | None:
    """Why this sheet was read, when the reader chose it among several; None otherwise."""
    if not source.sheet or not source.sheet_kinds:
        return None
    sentences = [_("Reading the sheet “{sheet}”: it holds the list.").format(sheet=source.sheet)]
    for name, kind in source.sheet_kinds.items():
        if kind in _OTHER_SHEET:
            sentences.append(_(_OTHER_SHEET[kind]).format(sheet=name))
    return " ".join(sentences)
