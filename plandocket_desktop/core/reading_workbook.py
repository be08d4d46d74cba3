"""Workbooks (.xlsx .xlsm .xls .ods) through python-calamine, every cell as the text Excel shows.

Zip-based workbooks are checked before calamine opens them: a zip bomb or an XML document
type declaration (entity expansion) is refused, so a hostile file costs bounded time and memory.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine

from plandocket_desktop.core import reading_shape
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.table import SheetInfo, SourceInfo, Table

# Hostile zip limits: legitimate sheets compress about 5-20x.
MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
MAX_RATIO = 200
RATIO_CHECK_FROM_BYTES = 50 * 1024**2
MAX_STYLE_SCAN_BYTES = 512 * 1024**2

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ZERO_PAD = re.compile(r"0{2,}")
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')


# --- safety checks ------------------------------------------------------------------------


def check_zip(path: Path) -> None:
    """Refuse zip bombs and XML with a document type declaration, before calamine opens it."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _too_large(path)
            for member in members:
                if member.file_size > RATIO_CHECK_FROM_BYTES and member.file_size > MAX_RATIO * max(
                    member.compress_size, 1
                ):
                    raise _too_large(path)
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and member.file_size:
                    with archive.open(member) as stream:
                        prolog = stream.read(4096)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise SourceError(
                            f"{path.name} contains XML that spreadsheet programs never write "
                            "(a document type declaration); it was not opened, for safety.",
                            kind="corrupt",
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise SourceError(
            f"{path.name} is damaged or not a spreadsheet file.", kind="corrupt"
        ) from exc


def _too_large(path: Path) -> SourceError:
    return SourceError(
        f"{path.name} would unpack to far more data than a spreadsheet holds (it looks like a "
        "zip bomb); it was not opened.",
        kind="too_large",
    )


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


def _padded(value: Any, digits: int) -> str:
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
    except (KeyError, ElementTree.ParseError):
        return {}
    formats: dict[int, int] = {}
    for fmt in root.iter(f"{_NS_MAIN}numFmt"):
        code = fmt.get("formatCode", "").split(";")[0].replace('"', "").replace("\\", "")
        if _ZERO_PAD.fullmatch(code):
            formats[int(fmt.get("numFmtId", "-1"))] = len(code)
    if not formats:
        return {}
    styles: dict[int, int] = {}
    xfs = root.find(f"{_NS_MAIN}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        digits = formats.get(int(xf.get("numFmtId", "0")))
        if digits:
            styles[index] = digits
    return styles


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the XML of the named sheet."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
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


def zero_padded_cells(path: Path, sheet: str) -> dict[tuple[int, int], int]:
    """(row, column) 0-based -> digits, for cells shown through a format such as 00000."""
    try:
        with zipfile.ZipFile(path) as archive:
            styles = _zero_pad_styles(archive)
            if not styles:
                return {}
            part = _sheet_part(archive, sheet)
            if part is None or archive.getinfo(part).file_size > MAX_STYLE_SCAN_BYTES:
                return {}
            xml = archive.read(part)
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}
    ids = b"|".join(str(i).encode() for i in sorted(styles))
    pattern = re.compile(rb'<c\s[^>]*?\bs="(' + ids + rb')"[^>]*>')
    cells: dict[tuple[int, int], int] = {}
    for match in pattern.finditer(xml):
        ref = _CELL_REF.search(match.group(0))
        if ref is not None:
            cells[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = styles[
                int(match.group(1))
            ]
    return cells


# --- workbooks ----------------------------------------------------------------------------


def _open(path: Path) -> python_calamine.CalamineWorkbook:
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise SourceError(
            f"{path.name} is protected with a password. Open it in Excel, remove the password "
            "(or save an unprotected copy) and try again.",
            kind="encrypted",
        ) from exc
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise SourceError(
            f"{path.name} is damaged or not a spreadsheet file.", kind="corrupt"
        ) from exc


def sheets_of(workbook: python_calamine.CalamineWorkbook) -> list[SheetInfo]:
    infos = []
    for meta in workbook.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
        infos.append(SheetInfo(name=meta.name, hidden=hidden))
    return infos


def list_sheets(path: Path) -> list[SheetInfo]:
    workbook = _open(path)
    try:
        return sheets_of(workbook)
    finally:
        workbook.close()


def _rows(workbook: python_calamine.CalamineWorkbook, path: Path, name: str) -> list[list[Any]]:
    try:
        sheet = workbook.get_sheet_by_name(name)
        return sheet.to_python(skip_empty_area=False)
    except python_calamine.PasswordError as exc:
        raise SourceError(f"{path.name} is protected with a password.", kind="encrypted") from exc
    except Exception as exc:
        raise SourceError(
            f"The sheet '{name}' of {path.name} is damaged and cannot be read.", kind="corrupt"
        ) from exc


def _has_table(workbook: python_calamine.CalamineWorkbook, name: str) -> bool:
    try:
        sheet = workbook.get_sheet_by_name(name)
    except Exception:
        return False
    return bool(sheet.height >= 2 and sheet.width >= 2)


def _choose_sheet(
    workbook: python_calamine.CalamineWorkbook,
    path: Path,
    infos: Sequence[SheetInfo],
    wanted: str | None,
) -> str:
    names = [info.name for info in infos]
    if wanted is not None:
        if wanted in names:
            return wanted
        folded = {n.casefold(): n for n in names}
        if wanted.casefold() in folded:
            return folded[wanted.casefold()]
        raise SourceError(
            f"{path.name} has no sheet named '{wanted}'. Its sheets are: {', '.join(names)}.",
            kind="no_sheet",
        )
    visible = [info.name for info in infos if not info.hidden]
    for name in visible:
        if _has_table(workbook, name):
            return name
    for name in visible or names:
        try:
            if workbook.get_sheet_by_name(name).height:
                return name
        except Exception:
            continue
    if not names:
        raise SourceError(f"{path.name} contains no sheets.", kind="empty")
    return (visible or names)[0]


def read_workbook(path: Path, fmt: str, *, sheet: str | None, header_row: int | None) -> Table:
    """Read one sheet of a workbook (``fmt`` is xlsx, xlsm, xls or ods)."""
    workbook = _open(path)
    try:
        infos = sheets_of(workbook)
        name = _choose_sheet(workbook, path, infos, sheet)
        raw = _rows(workbook, path, name)
    finally:
        workbook.close()
    source = SourceInfo(path=path, format=fmt, sheets=infos, sheet=name)
    padded = zero_padded_cells(path, name) if fmt in ("xlsx", "xlsm") else {}
    rows = [[v if type(v) is str else cell_text(v) for v in row] for row in raw]
    for (r, c), digits in padded.items():
        if r < len(raw) and c < len(raw[r]) and type(raw[r][c]) in (int, float):
            rows[r][c] = _padded(raw[r][c], digits)
    del raw
    if all(reading_shape.is_blank_row(r) for r in rows):
        raise SourceError(f"The sheet '{name}' of {path.name} is empty.", kind="empty")
    if header_row is not None and header_row >= len(rows):
        raise SourceError(
            f"The sheet '{name}' has only {len(rows)} rows, so row {header_row + 1} cannot be "
            "the header.",
            kind="no_sheet",
        )
    return reading_shape.table_from_rows(rows, header_row=header_row, source=source)
