"""Reading any spreadsheet staff receive as a Table of text cells.

``read_table(path)`` recognises the format from the content (a CSV named .xls is common),
then hands delimited text to ``reading_csv`` and workbooks to ``reading_workbook``. Every
problem reaches the caller as a ``SourceError`` whose ``kind`` says what went wrong and whose
text is a sentence for the user.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from plandocket_desktop.core import _memory as memory
from plandocket_desktop.core._table import SheetInfo, Table
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _child as reading_child
from plandocket_desktop.core.reading import _csv as reading_csv
from plandocket_desktop.core.reading import _encoding as reading_encoding
from plandocket_desktop.core.reading import _messages as messages
from plandocket_desktop.core.reading import _workbook as reading_workbook

SPREADSHEET_EXTENSIONS = frozenset(
    {".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
)
MAX_TEXT_BYTES = 2 * 1024**3  # delimited files are read into memory whole
SNIFF_BYTES = 64 * 1024

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_WINDOWS_SHARING_VIOLATION = (32, 33)


def read_table(
    path: str | os.PathLike[str], *, sheet: str | None = None, header_row: int | None = None
) -> Table:
    """Read a sheet or delimited file as text; ``header_row`` is 0-based, None = detect."""
    if header_row is not None and header_row < 0:
        raise ValueError("header_row must be 0 or more")
    file = Path(path)
    try:
        table = _read_any(file, sheet, header_row)
    except MemoryError as exc:  # a file far larger than it looks; nothing is half-read
        raise messages.out_of_memory(file) from exc
    if table.n_rows >= memory.BIG_ROWS:
        memory.give_back()  # the file's bytes and the parser's temporaries
    return table


def _read_any(file: Path, sheet: str | None, header_row: int | None) -> Table:
    fmt = sniff(file)
    if fmt == "csv":
        size = _size(file)
        if size > MAX_TEXT_BYTES:
            raise messages.too_large(file, size)
        return reading_csv.read_delimited(
            file, size, lambda limit: _read(file, limit), header_row=header_row
        )
    if fmt in reading_child.ISOLATED_FORMATS:  # readers that can abort the process
        return reading_child.read_workbook(file, fmt, sheet=sheet, header_row=header_row)
    return reading_workbook.read_workbook(file, fmt, sheet=sheet, header_row=header_row)


def list_sheets(path: str | os.PathLike[str]) -> list[SheetInfo]:
    """The sheets of a workbook, hidden ones marked; ``[]`` for delimited text files."""
    file = Path(path)
    try:
        fmt = sniff(file)
        if fmt == "csv":
            return []
        if fmt in reading_child.ISOLATED_FORMATS:
            return reading_child.list_sheets(file, fmt)
        return reading_workbook.list_sheets(file, fmt)
    except MemoryError as exc:
        raise messages.out_of_memory(file) from exc


# --- recognising the format -----------------------------------------------------------------


def sniff(path: Path) -> str:
    """The format of a file from its content: csv, xlsx, xlsm, xlsb, xls or ods.

    Raises SourceError for empty, unreadable, encrypted, corrupt and unsupported files.
    Zip-based workbooks are also checked for zip bombs here.
    """
    head = _read(path, SNIFF_BYTES)
    ext = path.suffix.lower()
    if not head:
        raise messages.zero_bytes(path)
    if head.startswith(_ZIP):
        fmt = _zip_format(path, ext)
        reading_workbook.check_zip(path)
        return fmt
    if head.startswith(_OLE2):
        return _ole2_format(path, ext)
    if head.startswith(b"%PDF"):
        raise messages.unsupported(path, "pdf")
    if head.startswith(_IMAGES):
        raise _not_a_spreadsheet(path, ext, "image")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if start.startswith(b"<") and (
        b"<html" in start
        or b"<table" in start
        or b"urn:schemas-microsoft-com:office:spreadsheet" in head.lower()
    ):
        raise messages.unsupported(path, "web_page")
    if reading_encoding.detect_encoding(head) is None:
        raise _not_a_spreadsheet(path, ext, "binary")
    return "csv"


def _zip_format(path: Path, ext: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                macro = ext == ".xlsm" or "xl/vbaProject.bin" in names
                return "xlsm" if macro else "xlsx"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIME:
                manifest = (
                    archive.read("META-INF/manifest.xml")
                    if "META-INF/manifest.xml" in names
                    else b""
                )
                if b"encryption-data" in manifest:
                    raise messages.encrypted(path)
                return "ods"
            if "Index/Document.iwa" in names or ext == ".numbers":
                raise messages.unsupported(path, "numbers")
    except (
        zipfile.BadZipFile,
        EOFError,
        zlib.error,
        NotImplementedError,
        OSError,
        ValueError,  # a damaged name or header field
        IndexError,
        struct.error,
    ) as exc:
        raise _not_a_spreadsheet(path, ext, "damaged_zip") from exc
    raise _not_a_spreadsheet(path, ext, "other_zip")


def _ole2_format(path: Path, ext: str) -> str:
    data = _read(path, None)
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise messages.encrypted(path)
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise _not_a_spreadsheet(path, ext, "other_office")


def _not_a_spreadsheet(path: Path, ext: str, looks_like: str) -> SourceError:
    named_spreadsheet = ext in SPREADSHEET_EXTENSIONS
    return messages.not_a_spreadsheet(path, looks_like, named_spreadsheet=named_spreadsheet)


# --- file access ----------------------------------------------------------------------------


def _os_error(path: Path, exc: OSError) -> SourceError:
    locked = getattr(exc, "winerror", None) in _WINDOWS_SHARING_VIOLATION
    return messages.os_error(path, exc, locked=locked)


def _open_regular(path: Path) -> BinaryIO:
    """The file opened for reading; a folder, pipe or device is refused before it can block
    (opening a FIFO without a writer would wait forever)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise _os_error(path, exc) from exc
    if stat.S_ISDIR(mode):
        raise _os_error(path, IsADirectoryError(21, "Is a directory"))
    if not stat.S_ISREG(mode):
        raise messages.not_a_file(path)
    try:
        return path.open("rb")
    except OSError as exc:
        raise _os_error(path, exc) from exc


def _read(path: Path, limit: int | None) -> bytes:
    with _open_regular(path) as stream:
        try:
            return stream.read() if limit is None else stream.read(limit)
        except OSError as exc:
            raise _os_error(path, exc) from exc


def _size(path: Path) -> int:
    with _open_regular(path) as stream:
        try:
            return os.fstat(stream.fileno()).st_size
        except OSError as exc:
            raise _os_error(path, exc) from exc
