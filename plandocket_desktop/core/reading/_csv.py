"""Delimited text files (.csv .tsv .txt): encoding, delimiter, header and all cells as text.

Files from 1 MiB take a fast path through ``pyarrow.csv`` (every column typed string, the file
read by pyarrow itself while a thread counts its quotes: ``_stream``): quick mode first, the
slower ``newlines_in_values`` mode when a quoted cell spans lines. Ragged rows (a wrong number
of cells) are skipped by the threaded read and put back in place by the ``csv`` module, found
by their text and numbered by counting line breaks (``_ragged``); where that cannot be sure (a
cell spans lines, lone CRs, UTF-16), a serial read numbers them. Undecodable bytes or a parser
complaint send the file down the exact path through the ``csv`` module, which gives the same
table (tests compare the two).
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from plandocket_desktop.core._table import SourceInfo, Table
from plandocket_desktop.core.reading import _encoding as reading_encoding
from plandocket_desktop.core.reading import _messages as messages
from plandocket_desktop.core.reading import _ragged as reading_ragged
from plandocket_desktop.core.reading import _shape as reading_shape
from plandocket_desktop.core.reading import _stream as reading_stream
from plandocket_desktop.core.reading._encoding import Encoding

DELIMITERS = (",", ";", "\t", "|")
HEAD_BYTES = 256 * 1024  # sample used for encoding, delimiter and header detection
SNIFF_RECORDS = 100
FAST_PATH_MIN_BYTES = 1 << 20  # smaller files go straight to the csv module (tests lower it)

# A cell may hold a whole letter, but not more than this (the csv module's default is 128 KiB).
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


_SEP_HINT = re.compile(r"\A\s*sep=([,;\t|])\s*$", re.MULTILINE)
_SEP_LINE = re.compile(r"sep=([,;\t|])[ \t]*(?:\r\n|\n|\r)")


def detect_delimiter(text: str) -> str:
    """The delimiter whose split gives the most rows of one common width (ties: , ; tab |).

    A first line ``sep=;`` (Excel's own hint) decides outright.
    """
    hint = _SEP_HINT.match(text)
    if hint is not None:
        return hint.group(1)
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts: dict[int, int] = {}
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for i, record in enumerate(reader):
                if i >= SNIFF_RECORDS:
                    break
                if record:
                    counts[len(record)] = counts.get(len(record), 0) + 1
        except csv.Error:
            continue
        widths = [(n, w) for w, n in counts.items() if w > 1]
        if not widths:
            continue
        score = max(widths)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _head_records(
    text: str, delimiter: str, complete: bool, limit: int
) -> tuple[list[list[str]], list[int]]:
    """Up to ``limit`` records of a text sample and the character offset where each ends."""
    ends: list[int] = []

    def lines() -> Iterator[str]:
        position = 0
        for line in io.StringIO(text, newline=""):
            position += len(line)
            ends.append(position)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    records: list[list[str]] = []
    offsets: list[int] = []
    for record in reader:
        records.append(record)
        offsets.append(ends[reader.line_num - 1])
        if len(records) > limit:
            return records, offsets  # the text goes on, so every record is whole
    if not complete and records:
        records.pop()  # may be cut in the middle
        offsets.pop()
    return records, offsets


def read_delimited(
    path: Path, size: int, read: Callable[[int | None], bytes], *, header_row: int | None
) -> Table:
    """Read a delimited text file of ``size`` bytes; ``read(n)`` gives its first n bytes (all
    for None) and raises SourceError when it cannot."""
    head = read(HEAD_BYTES)
    encoding = reading_encoding.detect_encoding(head)
    if encoding is None:
        raise messages.not_text(path)
    complete = size <= len(head)
    head_text = codecs.getincrementaldecoder(encoding.codec)(errors="replace").decode(
        head[encoding.skip_bytes :], final=complete
    )
    if complete and not head_text.strip():
        raise messages.no_data(path)
    hint = _SEP_LINE.match(head_text)
    if hint is not None:  # Excel reads and hides this line: rows are counted after it
        skipped = len(hint.group(0).encode(encoding.codec))
        encoding = Encoding(encoding.codec, encoding.name, encoding.skip_bytes + skipped)
        head_text = head_text[len(hint.group(0)) :]
        delimiter = hint.group(1)
    else:
        delimiter = detect_delimiter(head_text[: 64 * 1024])
    source = SourceInfo(path=path, format="csv", encoding=encoding.name, delimiter=delimiter)
    if size >= FAST_PATH_MIN_BYTES:
        whole = head if complete else None
        table = _fast_read(path, head_text, encoding, delimiter, header_row, source, whole)
        if table is not None:
            return table
    data = head if complete else read(None)
    return _exact_read(data, encoding, delimiter, header_row, source)


def _decode_all(data: bytes, encoding: Encoding) -> tuple[str, Encoding]:
    body = data[encoding.skip_bytes :]
    try:
        return body.decode(encoding.codec), encoding
    except UnicodeDecodeError:
        if encoding.skip_bytes:
            return body.decode(encoding.codec, errors="replace"), encoding
    codec = reading_encoding.legacy_codepage(body)  # looked like UTF-8 at the start, but is not
    return body.decode(codec), Encoding(codec, codec, encoding.skip_bytes)


def _exact_read(
    data: bytes,
    encoding: Encoding,
    delimiter: str,
    header_row: int | None,
    source: SourceInfo,
) -> Table:
    """Every record through the csv module: exact row numbers, ragged rows kept."""
    text, encoding = _decode_all(data, encoding)
    source.encoding = encoding.name
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise messages.not_delimited() from exc
    del text
    if not rows or all(reading_shape.is_blank_row(r) for r in rows):
        raise messages.no_data()
    if header_row is not None and header_row >= len(rows):
        raise messages.header_beyond_end(len(rows), header_row)
    return reading_shape.table_from_rows(rows, header_row=header_row, source=source)


def _fast_read(
    path: Path,
    head_text: str,
    encoding: Encoding,
    delimiter: str,
    header_row: int | None,
    source: SourceInfo,
    data: bytes | None = None,
) -> Table | None:
    """pyarrow reads the rows below the header; None when the exact path must take over.

    ``data`` is the whole file when it is already in memory; otherwise pyarrow reads the file
    itself (``_stream``).
    """
    wanted = max(reading_shape.HEADER_SCAN_ROWS, (header_row or 0) + 1)
    records, ends = _head_records(head_text, delimiter, data is not None, wanted)
    if not records:
        return None
    if header_row is None:
        index = reading_shape.detect_header(records)
        source.header_detected = True
    else:
        index = header_row
        source.header_detected = False
    if index >= len(records):
        return None
    before = head_text[: ends[index]]
    if "\ufffd" in before:
        return None  # undecodable bytes: offsets in the text and the bytes differ
    header = records[index]
    if not header:
        return None  # a blank header line: the exact path names the columns
    source.header_row = index
    start = encoding.skip_bytes + len(before.encode(encoding.codec))
    if data is not None:
        result = _arrow_read_safely(_in_memory(data, start), start, encoding, delimiter, header)
    else:
        result = _read_file(path, start, encoding, delimiter, header)
    if result is None:
        return None
    table, ragged = result
    columns: list[pa.Array | pa.ChunkedArray] = list(table.columns)
    if ragged:
        numbers_of_ragged = [index + 1 + number for number, _ in ragged]
        source.warnings.append(messages.ragged_warning(numbers_of_ragged, len(header)))
        columns = _splice(columns, ragged, delimiter)
    numbers = np.arange(len(columns[0]), dtype=np.int64) + (index + 2)
    return reading_shape.build_table(header, columns, numbers, source)


def _splice(
    columns: list[pa.Array | pa.ChunkedArray], ragged: list[tuple[int, str]], delimiter: str
) -> list[pa.Array | pa.ChunkedArray]:
    """Put the rows pyarrow skipped (record number, raw text; in order) back in place, no cell
    lost."""
    rows = [
        next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        for _, text in ragged
    ]
    width = max(len(columns), *(len(r) for r in rows))
    regular = len(columns[0])
    if width > len(columns):
        blank = pc.fill_null(pa.nulls(regular, pa.string()), "")
        columns = columns + [blank] * (width - len(columns))
    extra = [[r[i] if i < len(r) else "" for r in rows] for i in range(width)]
    # Slices of the regular rows with the ragged ones between: no cell is copied.
    cuts = [number - 1 - k for k, (number, _) in enumerate(ragged)]
    spliced: list[pa.Array | pa.ChunkedArray] = []
    for column, cells in zip(columns, extra, strict=True):
        whole = pa.chunked_array(_chunks(column), pa.string())
        pieces: list[pa.Array] = []
        previous = 0
        for cut, cell in zip(cuts, cells, strict=True):
            pieces.extend(whole.slice(previous, cut - previous).chunks)
            pieces.append(pa.array([cell], pa.string()))
            previous = cut
        pieces.extend(whole.slice(previous).chunks)
        spliced.append(pa.chunked_array(pieces, pa.string()))
    return spliced


def _chunks(column: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return list(column.chunks) if isinstance(column, pa.ChunkedArray) else [column]


@dataclass
class _Input:
    """Where pyarrow reads the rows below the header, and what the checks around it need."""

    open: Callable[[], pa.NativeFile]  # a stream at the first row below the header
    quotes: Callable[[], int | None]  # quote bytes below the header; None: read it exactly
    open_raw: Callable[[int], reading_ragged.Stream]  # the bytes from an offset: ragged rows
    size: int  # the file's bytes in all


def _in_memory(data: bytes, start: int) -> _Input:
    buffer = pa.py_buffer(data)

    def open_raw(offset: int) -> io.BytesIO:
        stream = io.BytesIO(data)  # shares the bytes, copies nothing
        stream.seek(offset)
        return stream

    return _Input(
        open=lambda: pa.BufferReader(buffer.slice(start)),
        quotes=lambda: data.count(b'"', start),
        open_raw=open_raw,
        size=len(data),
    )


def _read_file(
    path: Path, start: int, encoding: Encoding, delimiter: str, header: list[str]
) -> tuple[pa.Table, list[tuple[int, str]]] | None:
    """pyarrow reads the file itself while a thread counts its quotes. None when the file
    changed while it was read."""
    stamp = reading_stream.stamp(path)
    if stamp is None:
        return None
    size = stamp[0]
    quotes = reading_stream.QuoteCount(path, start, size)
    source = _Input(
        reading_stream.opener(path, start), quotes.result, reading_stream.raw_opener(path), size
    )
    result = _arrow_read_safely(source, start, encoding, delimiter, header)
    quotes.result()  # the thread is done before the file is looked at again
    if reading_stream.stamp(path) != stamp:
        return None  # changed while read: the exact path reads it once, as it is then
    return result


@dataclass
class _Attempt:
    """One pyarrow read: the regular rows, and the ragged ones it skipped."""

    table: pa.Table
    skipped: int  # ragged rows left out of ``table``
    ragged: list[tuple[int, str]]  # (record number from 1, raw text); serial reads only
    texts: list[str]  # the raw text of every skipped row, in the order pyarrow met them


def _arrow_read_safely(
    source: _Input,
    start: int,
    encoding: Encoding,
    delimiter: str,
    header: list[str],
) -> tuple[pa.Table, list[tuple[int, str]]] | None:
    """All rows below the header, and the ragged ones apart as (record number, raw text).

    pyarrow's quick mode runs first. Without ``newlines_in_values`` it splits its blocks at
    any line break, which is wrong only where a quoted cell spans lines, so such a file is
    read again in the slower mode. Ragged rows of the quick read are found by their text
    (``_ragged.place``); where that cannot be sure, a serial read numbers them. The quotes
    are counted while the quick read runs (except for one column: the mode depends on them).
    """
    one_column = len(header) < 2  # a split one-column row would go unnoticed
    quoted = _quoted(source.quotes(), encoding) if one_column else None
    if one_column and quoted is None:
        return None
    args = (source, encoding, delimiter, header)
    attempt = _arrow_read(*args, newlines=bool(quoted), serial=False)
    if quoted is None:
        quoted = _quoted(source.quotes(), encoding)
        if quoted is None:
            return None
    careful = quoted and one_column
    if attempt is None and not quoted:
        return None  # not a parsing matter (undecodable bytes): the exact path decides
    if (
        attempt is not None
        and not attempt.skipped
        and (careful or not quoted or not _has_line_breaks(attempt.table))
    ):
        return attempt.table, []
    if attempt is not None and attempt.skipped and not careful and start >= 1:
        # Placing them proves one record a line, so no cell holds a line break either.
        placed = reading_ragged.place(
            functools.partial(source.open_raw, start - 1),
            source.size - (start - 1),
            encoding.codec,
            attempt.table.num_rows,
            attempt.texts,
        )
        if placed is not None:
            return attempt.table, placed
    if quoted and not careful and (attempt is None or not attempt.skipped):
        attempt = _arrow_read(*args, newlines=True, serial=False)
        if attempt is None:
            return None
        if not attempt.skipped:
            return attempt.table, []
    attempt = _arrow_read(*args, newlines=quoted, serial=True)
    return None if attempt is None else (attempt.table, attempt.ragged)


def _quoted(count: int | None, encoding: Encoding) -> bool | None:
    """Whether the rows hold quotes; None when they cannot be read the quick way (the file
    could not be counted, or an unterminated quote: see ``_unbalanced_quotes``)."""
    if count is None or _unbalanced_quotes(count, encoding):
        return None
    return count > 0


_QUOTE_IS_ONE_BYTE = ("utf-8", "utf_8", "utf8", "ascii", "latin-1", "latin_1", "iso-8859", "cp")


def _unbalanced_quotes(count: int, encoding: Encoding) -> bool:
    """True when the text below the header has an odd number (``count``) of quote characters.

    An unterminated quote swallows the rest of the file in a serial read, but pyarrow's
    block-parallel reads restart at block edges and would silently drop rows there.

    Only where a quote is the byte 0x22 and no other character contains that byte (UTF-8 and
    the single-byte code pages); a literal quote inside an unquoted cell also makes the count
    odd, which only sends the file the slower, exact way.
    """
    codec = encoding.codec.lower()
    if not codec.startswith(_QUOTE_IS_ONE_BYTE):
        return False
    return count % 2 == 1


def _has_line_breaks(table: pa.Table) -> bool:
    """True when any cell contains CR or LF (looked up in the raw string data)."""
    for column in table.columns:
        for chunk in column.chunks:
            data = chunk.buffers()[2]
            if data is not None:
                raw = data.to_pybytes()
                if b"\n" in raw or b"\r" in raw:
                    return True
    return False


def _arrow_read(
    source: _Input,
    encoding: Encoding,
    delimiter: str,
    header: list[str],
    *,
    newlines: bool,
    serial: bool,
) -> _Attempt | None:
    """The rows below the header as string columns; None when pyarrow cannot read them."""
    names = [f"f{i}" for i in range(len(header))]
    ragged: list[tuple[int, str]] = []
    texts: list[str] = []
    skipped = 0

    def on_invalid(row: pacsv.InvalidRow) -> str:
        nonlocal skipped
        skipped += 1
        texts.append(str(row.text))
        if serial and row.number is not None:
            ragged.append((int(row.number), str(row.text)))
        return "skip"

    try:
        stream = source.open()
    except (OSError, ValueError):
        return None
    try:
        table = pacsv.read_csv(
            stream,
            read_options=pacsv.ReadOptions(
                column_names=names,
                encoding="utf8" if encoding.codec == "utf-8" else encoding.codec,
                use_threads=not serial,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=newlines,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError, ValueError, OSError):
        return None
    finally:
        stream.close()
    if serial and len(ragged) != skipped:
        return None  # a ragged row without its number: the exact path decides
    return _Attempt(table, skipped, ragged, texts)
