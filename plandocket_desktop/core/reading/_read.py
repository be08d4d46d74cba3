"""Reading any spreadsheet staff receive as a Table of text cells.

``read_table(path)`` recognises the format from the content (a CSV named .xls is common),
then hands delimited text to ``reading_csv`` and workbooks to ``reading_workbook``. Every
problem reaches the caller as a ``SourceError`` whose ``kind`` says what went wrong and whose
text is a sentence for the user.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path

from plandocket_desktop.core._table import SheetInfo, Table
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _csv as reading_csv
from plandocket_desktop.core.reading import _encoding as reading_encoding
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
    fmt = sniff(file)
    if fmt == "csv":
        size = _size(file)
        if size > MAX_TEXT_BYTES:
            raise SourceError(
                f"{file.name} is too large to read ({size / 1024**3:.1f} GB).", kind="too_large"
            )
        return reading_csv.read_delimited(
            file, size, lambda limit: _read(file, limit), header_row=header_row
        )
    return reading_workbook.read_workbook(file, fmt, sheet=sheet, header_row=header_row)


def list_sheets(path: str | os.PathLike[str]) -> list[SheetInfo]:
    """The sheets of a workbook, hidden ones marked; ``[]`` for delimited text files."""
    file = Path(path)
    fmt = sniff(file)
    if fmt == "csv":
        return []
    return reading_workbook.list_sheets(file)


# --- recognising the format -----------------------------------------------------------------


def sniff(path: Path) -> str:
    """The format of a file from its content: csv, xlsx, xlsm, xlsb, xls or ods.

    Raises SourceError for empty, unreadable, encrypted, corrupt and unsupported files.
    Zip-based workbooks are also checked for zip bombs here.
    """
    head = _read(path, SNIFF_BYTES)
    ext = path.suffix.lower()
    if not head:
        raise SourceError(f"{path.name} is empty (0 bytes).", kind="empty")
    if head.startswith(_ZIP):
        fmt = _zip_format(path, ext)
        reading_workbook.check_zip(path)
        return fmt
    if head.startswith(_OLE2):
        return _ole2_format(path, ext)
    if head.startswith(b"%PDF"):
        raise _unsupported(path, "a PDF document")
    if head.startswith(_IMAGES):
        raise _not_a_spreadsheet(path, ext, "an image")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if start.startswith(b"<") and (
        b"<html" in start
        or b"<table" in start
        or b"urn:schemas-microsoft-com:office:spreadsheet" in head.lower()
    ):
        raise _unsupported(
            path,
            "a web page or an old Excel XML file",
            advice="Open it in Excel and save it as .xlsx or .csv, then try again.",
        )
    if reading_encoding.detect_encoding(head) is None:
        raise _not_a_spreadsheet(path, ext, "a binary file")
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
                    raise _encrypted(path)
                return "ods"
            if "Index/Document.iwa" in names or ext == ".numbers":
                raise _unsupported(
                    path,
                    "an Apple Numbers file",
                    advice="In Numbers, choose File > Export To > Excel or CSV, then try again.",
                )
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as exc:
        raise _not_a_spreadsheet(path, ext, "a damaged zip file") from exc
    raise _not_a_spreadsheet(path, ext, "a zip archive of another kind")


def _ole2_format(path: Path, ext: str) -> str:
    data = _read(path, None)
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise _encrypted(path)
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise _not_a_spreadsheet(path, ext, "an Office document of another kind")


def _encrypted(path: Path) -> SourceError:
    return SourceError(
        f"{path.name} is protected with a password. Open it in Excel, remove the password "
        "(or save an unprotected copy) and try again.",
        kind="encrypted",
    )


def _unsupported(path: Path, what: str, advice: str | None = None) -> SourceError:
    advice = advice or "Save it as .xlsx, .xls, .ods or .csv and try again."
    return SourceError(
        f"{path.name} is {what}, not a spreadsheet this program can read. {advice}",
        kind="unsupported",
    )


def _not_a_spreadsheet(path: Path, ext: str, what: str) -> SourceError:
    if ext in SPREADSHEET_EXTENSIONS:
        return SourceError(
            f"{path.name} is damaged or not really a spreadsheet (it looks like {what}).",
            kind="corrupt",
        )
    return _unsupported(path, what)


# --- file access ----------------------------------------------------------------------------


def _os_error(path: Path, exc: OSError) -> SourceError:
    if isinstance(exc, FileNotFoundError):
        return SourceError(f"The file {path} does not exist.", kind="not_found")
    if isinstance(exc, IsADirectoryError):
        return SourceError(f"{path.name} is a folder, not a spreadsheet file.", kind="unsupported")
    if isinstance(exc, PermissionError):
        if getattr(exc, "winerror", None) in _WINDOWS_SHARING_VIOLATION:
            return SourceError(
                f"{path.name} is open in another program (perhaps Excel). Close it there and "
                "try again.",
                kind="locked",
            )
        return SourceError(f"You do not have permission to read {path.name}.", kind="permission")
    return SourceError(f"{path.name} cannot be read: {exc.strerror or exc}.", kind="permission")


def _read(path: Path, limit: int | None) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read() if limit is None else stream.read(limit)
    except OSError as exc:
        raise _os_error(path, exc) from exc


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise _os_error(path, exc) from exc
