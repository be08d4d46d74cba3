"""Workbook cells as the text Excel shows: numbers, dates, booleans, zero-padding formats."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import posixpath
import re
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np

MAX_STYLE_SCAN_BYTES = 4 * 1024**3  # beyond this, leading zeros of formats are not restored
SCAN_CHUNK_BYTES = 1024**2  # short enough that a scan on a second thread holds the GIL briefly
MAX_ODS_CONTENT_BYTES = 256 * 1024**2  # .ods content is parsed whole

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ZERO_PAD = re.compile(r"0{2,}")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_TEXT_TYPE = re.compile(rb'\bt="(?!n")[^"]*"')


# --- cells as text ------------------------------------------------------------------------


def number_text(value: float) -> str:
    """12345.0 -> '12345', 0.30000000000000004 -> '0.3' (15 significant digits, like Excel)."""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer():
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def cell_text(value: Any) -> str:
    """The text a person sees for one calamine cell value."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is float:
        return number_text(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is dt.datetime:
        if value.microsecond:
            return value.isoformat(sep=" ", timespec="milliseconds")  # type: ignore[no-any-return]
        return value.isoformat(sep=" ")  # type: ignore[no-any-return]
    if kind is dt.date or kind is dt.time:
        return value.isoformat()  # type: ignore[no-any-return]
    if kind is dt.timedelta:
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if value is None:
        return ""
    return str(value)


# Cells shown through a zero-padding format: sheet column -> digits -> sheet rows (0-based).
PaddedCells = dict[int, dict[int, list[int]]]


def add_padded(cells: PaddedCells, row: int, column: int, digits: int) -> None:
    cells.setdefault(column, {}).setdefault(digits, []).append(row)


def count_padded(cells: PaddedCells) -> int:
    return sum(len(rows) for by_digits in cells.values() for rows in by_digits.values())


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def is_number_text(text: str | None) -> bool:
    """True for the text of a plain number, as the workbook engines render one."""
    return text is not None and _NUMBER.fullmatch(text) is not None


def padded(value: Any, digits: int) -> str:
    """A number as a format such as 00000 shows it (1067 -> 01067)."""
    number = Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    return sign + str(abs(int(number))).zfill(digits)


# --- xlsx zero-padding number formats -----------------------------------------------------


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ch - 64)
    return index - 1


def _zero_pad_styles(archive: zipfile.ZipFile) -> dict[int, int]:
    """Cell style index -> digits, for styles whose number format pads with zeros (00000)."""
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, EOFError, zlib.error):
        return {}
    formats: dict[int, int] = {}
    for fmt in root.iter(f"{_NS_MAIN}numFmt"):
        code = fmt.get("formatCode", "").split(";")[0].replace('"', "").replace("\\", "")
        if _ZERO_PAD.fullmatch(code) and fmt.get("numFmtId", "").isdigit():
            formats[int(fmt.get("numFmtId", "0"))] = len(code)
    if not formats:
        return {}
    styles: dict[int, int] = {}
    xfs = root.find(f"{_NS_MAIN}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        number_format = xf.get("numFmtId", "0")
        digits = formats.get(int(number_format)) if number_format.isdigit() else None
        if digits:
            styles[index] = digits
    return styles


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the XML of the named sheet."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, EOFError, zlib.error):
        return None
    rel_id = None
    for element in workbook.iter(f"{_NS_MAIN}sheet"):
        if element.get("name") == sheet:
            rel_id = element.get(f"{_NS_REL}id")
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def zero_padded_cells(path: Path, sheet: str) -> PaddedCells:
    """Number cells of an .xlsx sheet shown through a format such as 00000.

    The sheet's XML is scanned in chunks, so memory stays small for any sheet size.
    """
    cells: PaddedCells = {}
    try:
        with zipfile.ZipFile(path) as archive:
            styles = _zero_pad_styles(archive)
            if not styles:
                return {}
            part = _sheet_part(archive, sheet)
            if part is None or archive.getinfo(part).file_size > MAX_STYLE_SCAN_BYTES:
                return {}
            ids = b"|".join(str(i).encode() for i in sorted(styles))
            # Excel, LibreOffice and the usual libraries write r, s, t in this order; the
            # general pattern is slower and only used when the usual one finds nothing. The
            # usual one leaves out text cells itself (t="s", t="str"; t="n" is a number), so
            # every match is a padded cell.
            usual = re.compile(
                rb'<c r="([A-Z]{1,3})([0-9]+)" s="(' + ids + rb')"(?! t="(?!n")\w+")'
            )
            general = re.compile(rb'<c\s[^>]*?\bs="(' + ids + rb')"[^>]*>')
            for pattern in (usual, general):
                with archive.open(part) as stream:
                    carry = b""
                    while chunk := stream.read(SCAN_CHUNK_BYTES):
                        text = carry + chunk
                        cut = text.rfind(b"<")  # a tag may go on in the next chunk
                        body, carry = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                        _collect_padded(pattern, body, styles, cells, usual=pattern is usual)
                    _collect_padded(pattern, carry, styles, cells, usual=pattern is usual)
                if cells:
                    break
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return {}
    return cells


def _collect_padded(
    pattern: re.Pattern[bytes],
    xml: bytes,
    styles: dict[int, int],
    cells: PaddedCells,
    *,
    usual: bool,
) -> None:
    found: dict[tuple[bytes, bytes], list[bytes]] = {}  # (column letters, style) -> rows
    if usual:
        for letters, row, style in pattern.findall(xml):
            found.setdefault((letters, style), []).append(row)
    else:
        for match in pattern.finditer(xml):
            tag = match.group(0)
            ref = _CELL_REF.search(tag)
            if ref is not None and not _TEXT_TYPE.search(tag):
                found.setdefault((ref.group(1), match.group(1)), []).append(ref.group(2))
    for (letters, style), rows in found.items():
        numbers = (np.array(rows).astype(np.int64) - 1).tolist()
        digits = styles[int(style)]
        cells.setdefault(_column_index(letters), {}).setdefault(digits, []).extend(numbers)


# --- ods zero-padding number formats ------------------------------------------------------

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_PADDING = re.compile(rb'number:min-integer-digits="(?:[2-9]|[1-9][0-9])"')
MAX_REPEATED_PADDED_ROWS = 1000


def ods_zero_padded_cells(path: Path, sheet: str) -> PaddedCells:
    """Number cells of an .ods sheet shown with leading zeros.

    Only looked for when the file has a number style with at least two integer digits; the
    cell's own displayed text then says how many digits it shows.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > MAX_ODS_CONTENT_BYTES:
                return {}
            content = archive.read(info)
            styles = archive.read("styles.xml") if "styles.xml" in archive.namelist() else b""
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return {}
    if not (_ODS_PADDING.search(content) or _ODS_PADDING.search(styles)):
        return {}
    cells: PaddedCells = {}
    inside = False
    row = column = 0
    repeat_rows = 1
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(content), events=("start", "end")):
            tag = element.tag
            if tag == f"{_ODS_TABLE}table":
                if event == "start":
                    inside = element.get(f"{_ODS_TABLE}name") == sheet
                    row = 0
                elif inside:
                    break
                continue
            if not inside:
                continue
            if tag == f"{_ODS_TABLE}table-row":
                if event == "start":
                    column = 0
                    repeat_rows = int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
                else:
                    row += repeat_rows
                    element.clear()
            elif event == "end" and tag in (
                f"{_ODS_TABLE}table-cell",
                f"{_ODS_TABLE}covered-table-cell",
            ):
                repeat = int(element.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
                if element.get(f"{_ODS_OFFICE}value-type") == "float":
                    shown = "".join(element.itertext()).strip()
                    value = element.get(f"{_ODS_OFFICE}value", "")
                    if _shown_with_zeros(shown, value):
                        for r in range(row, row + min(repeat_rows, MAX_REPEATED_PADDED_ROWS)):
                            for c in range(column, column + min(repeat, 1024)):
                                add_padded(cells, r, c, len(shown.lstrip("-")))
                column += repeat
    except (ElementTree.ParseError, ValueError):
        return {}
    return cells


def _shown_with_zeros(shown: str, value: str) -> bool:
    digits = shown.lstrip("-")
    if len(digits) < 2 or not digits.isdigit() or not digits.startswith("0"):
        return False
    try:
        number = float(value)
    except ValueError:
        return False
    return number.is_integer() and int(abs(number)) == int(digits)


# --- xls zero-padding number formats ------------------------------------------------------


def xls_zero_padded_cells(path: Path, sheet: str) -> PaddedCells:
    """Number cells of an .xls sheet shown through a format such as 00000.

    Reads only the workbook's format table unless such a format exists (xlrd, on demand).
    """
    try:
        xlrd: Any = importlib.import_module("xlrd")
    except ImportError:  # pragma: no cover - a dependency
        return {}
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception:  # xlrd raises many types for files calamine reads fine
        return {}
    try:
        digits_by_format: dict[int, int] = {}
        for key, fmt in book.format_map.items():
            code = (fmt.format_str or "").split(";")[0].replace('"', "").replace("\\", "")
            if _ZERO_PAD.fullmatch(code):
                digits_by_format[key] = len(code)
        if not digits_by_format:
            return {}
        digits_by_xf = {
            index: digits_by_format[xf.format_key]
            for index, xf in enumerate(book.xf_list)
            if xf.format_key in digits_by_format
        }
        if not digits_by_xf:
            return {}
        data = book.sheet_by_name(sheet)
        cells: PaddedCells = {}
        for row in range(data.nrows):
            for column in range(data.row_len(row)):
                if data.cell_type(row, column) == xlrd.XL_CELL_NUMBER:
                    digits = digits_by_xf.get(data.cell_xf_index(row, column))
                    if digits:
                        add_padded(cells, row, column, digits)
        return cells
    except Exception:
        return {}
    finally:
        book.release_resources()
