"""Hostile and broken files, generated: each case writes its file and says what may come of it.

``CASES`` maps a case name to (builder, outcomes): the builder writes the file into a folder and
returns its path; outcomes is the set of acceptable results of ``inspect --json``: "read" (exit
0) or an ``error.kind`` (exit 2). Nothing here is committed as a file; big cases are built
from repeated compressed chunks, so they cost milliseconds to make.
"""

from __future__ import annotations

# ruff: noqa: E501 - XML parts are clearer on one line each
import io
import os
import random
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.hostile import zipcraft

_CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Kontakte" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_EMPTY_SST = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" '
    b'uniqueCount="0"></sst>'
)


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def _rows(n: int = 3) -> bytes:
    out = [b'<row r="1">' + _cell("A1", "E-Mail") + _cell("B1", "Name") + b"</row>"]
    for i in range(2, n + 2):
        out.append(
            f'<row r="{i}">'.encode()
            + _cell(f"A{i}", f"p{i}@example.de")
            + _cell(f"B{i}", f"Person {i}")
            + b"</row>"
        )
    return b"".join(out)


def _sheet(body: bytes, dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return _SHEET_HEAD + dim + b"<sheetData>" + body + b"</sheetData></worksheet>"


def _xlsx_parts(sheet: bytes, shared: bytes = _EMPTY_SST) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared,
    }


def _honest_zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def valid_xlsx() -> bytes:
    return _honest_zip(_xlsx_parts(_sheet(_rows(5))))


_ODS_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b'<office:body><office:spreadsheet><table:table table:name="Kontakte">'
)
_ODS_END = b"</table:table></office:spreadsheet></office:body></office:document-content>"
_ODS_MANIFEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _ods_row(*cells: str) -> bytes:
    inner = b"".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p>'
        f"</table:table-cell>".encode()
        for c in cells
    )
    return b"<table:table-row>" + inner + b"</table:table-row>"


def _ods_content(rows: bytes) -> bytes:
    return _ODS_CONTENT + rows + _ODS_END


def valid_ods() -> bytes:
    rows = _ods_row("E-Mail", "Name") + b"".join(
        _ods_row(f"p{i}@example.de", f"Person {i}") for i in range(5)
    )
    entries = [
        zipcraft.Entry("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", 0),
        zipcraft.deflated("content.xml", _ods_content(rows)),
        zipcraft.deflated("META-INF/manifest.xml", _ODS_MANIFEST),
    ]
    entries[0].crc = zlib.crc32(entries[0].data)
    entries[0].size = len(entries[0].data)
    return zipcraft.build(entries)


def valid_csv() -> bytes:
    lines = ["E-Mail;Vorname;Nachname;Ort"] + [
        f"p{i}@example.de;Jörg;Müller;Köln" for i in range(40)
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def valid_xls() -> bytes:
    samples = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
    for candidate in sorted(samples.rglob("*.xls")):
        return candidate.read_bytes()
    shared = Path(__file__).resolve().parents[3] / "shared" / "samples" / "registrations_legacy.xls"
    return shared.read_bytes()


# --- zip bombs and odd zips ----------------------------------------------------------------

_ROW_CHUNK = (
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>bomb@example.de</t></is></c></row>' * 14_000
)  # ~1 MB of rows


def _lying_bomb_entry(name: str, head: bytes, gigabytes: float, tail: bytes) -> zipcraft.Entry:
    """A deflated part of head + gigabytes of rows + tail whose headers claim a few KB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = int(gigabytes * 1024**3 / len(_ROW_CHUNK))
    end_compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    end = end_compressor.compress(tail) + end_compressor.flush()
    # full flushes leave byte-aligned, self-contained blocks: they concatenate
    middle_blocks = _without_final_block(_ROW_CHUNK, repeats)
    data = start + middle_blocks + end
    return zipcraft.Entry(name, data, 8, 0, 4096)


def _without_final_block(chunk: bytes, repeats: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + again * (repeats - 1)


def xlsx_bomb_lying(folder: Path) -> Path:
    parts = _xlsx_parts(b"")
    entries = [zipcraft.deflated(n, d) for n, d in parts.items() if "sheet1" not in n]
    head = _SHEET_HEAD + b"<sheetData>" + _rows(1)
    entries.append(
        _lying_bomb_entry("xl/worksheets/sheet1.xml", head, 3.0, b"</sheetData></worksheet>")
    )
    return _write(folder / "bomb_lying.xlsx", zipcraft.build(entries))


def xlsx_bomb_honest(folder: Path) -> Path:
    parts = _xlsx_parts(b"")
    entries = [zipcraft.deflated(n, d) for n, d in parts.items() if "sheet1" not in n]
    entry = _lying_bomb_entry(
        "xl/worksheets/sheet1.xml", _SHEET_HEAD + b"<sheetData>", 3.0, b"</sheetData></worksheet>"
    )
    entry.size = 3 * 1024**3 - 1
    entries.append(entry)
    return _write(folder / "bomb_honest.xlsx", zipcraft.build(entries))


def xlsx_bomb_shared_strings(folder: Path) -> Path:
    parts = _xlsx_parts(_sheet(_rows(3)))
    entries = [zipcraft.deflated(n, d) for n, d in parts.items() if "sharedStrings" not in n]
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main">'
    )
    entries.append(_lying_bomb_entry("xl/sharedStrings.xml", head, 2.0, b"</sst>"))
    return _write(folder / "bomb_shared_strings.xlsx", zipcraft.build(entries))


def ods_bomb_lying(folder: Path) -> Path:
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    entries = [
        zipcraft.Entry("mimetype", mimetype, 0, zlib.crc32(mimetype), len(mimetype)),
        _lying_bomb_entry("content.xml", _ODS_CONTENT + _ods_row("E-Mail", "Name"), 3.0, _ODS_END),
        zipcraft.deflated("META-INF/manifest.xml", _ODS_MANIFEST),
    ]
    return _write(folder / "bomb_lying.ods", zipcraft.build(entries))


def xlsx_overlapping(folder: Path) -> Path:
    """Many directory entries sharing one 100 MB-when-unpacked part (Fifield's overlap bomb)."""
    parts = _xlsx_parts(_sheet(_rows(3)))
    entries = [zipcraft.deflated(n, d) for n, d in parts.items()]
    blob = zipcraft.Entry(
        "xl/media/image0.xml", zipcraft.bomb_stream(b"A" * 1024**2, 100), 8, 0, 100 * 1024**2
    )
    entries.append(blob)
    for i in range(1, 500):
        entries.append(
            zipcraft.Entry(
                f"xl/media/image{i}.xml", b"", 8, 0, 100 * 1024**2, "xl/media/image0.xml"
            )
        )
    return _write(folder / "overlapping.xlsx", zipcraft.build(entries))


def xlsx_overlapping_sheet(folder: Path) -> Path:
    """The sheet's directory entry points at the shared strings' data."""
    parts = _xlsx_parts(_sheet(_rows(3)))
    entries = [zipcraft.deflated(n, d) for n, d in parts.items() if "sheet1" not in n]
    entries.append(
        zipcraft.Entry("xl/worksheets/sheet1.xml", b"", 8, 0, 100, "xl/sharedStrings.xml")
    )
    return _write(folder / "overlapping_sheet.xlsx", zipcraft.build(entries))


def xlsx_nested_zip(folder: Path) -> Path:
    """A workbook whose sheet part is itself a zip holding a workbook."""
    parts = _xlsx_parts(valid_xlsx())
    return _write(folder / "nested.xlsx", _honest_zip(parts))


def xlsx_nested_bomb(folder: Path) -> Path:
    """An embedded zip that unpacks to gigabytes (a part no reader needs)."""
    inner = zipcraft.build([_lying_bomb_entry("x.xml", b"<x>", 2.0, b"</x>")])
    parts = _xlsx_parts(_sheet(_rows(3)))
    parts["xl/embeddings/inner.zip"] = inner
    return _write(folder / "nested_bomb.xlsx", _honest_zip(parts))


def xlsx_many_entries(folder: Path) -> Path:
    entries = [zipcraft.deflated(n, d) for n, d in _xlsx_parts(_sheet(_rows(3))).items()]
    entries += [zipcraft.deflated(f"xl/media/x{i}.xml", b"<x/>") for i in range(60_000)]
    return _write(folder / "many_entries.xlsx", zipcraft.build(entries))


# --- hostile XML ---------------------------------------------------------------------------

_LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY a "lollollollollollollollollollol">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
    )
    + b"]>"
)


def xlsx_billion_laughs(folder: Path) -> Path:
    sheet = _SHEET_HEAD.replace(b"<worksheet", _LAUGHS + b"<worksheet") + (
        b'<sheetData><row r="1">' + _cell("A1", "&j;") + b"</row></sheetData></worksheet>"
    )
    return _write(folder / "billion_laughs.xlsx", _honest_zip(_xlsx_parts(sheet)))


def xlsx_billion_laughs_late(folder: Path) -> Path:
    """The declaration after 64 KB of comment, past any look at the first bytes."""
    prolog = b'<?xml version="1.0"?>\n<!--' + b" " * 65536 + b"-->"
    styles = (
        prolog + _LAUGHS.replace(b"worksheet", b"styleSheet") + b'<styleSheet xmlns="http://'
        b'schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="164" '
        b'formatCode="&j;"/></numFmts></styleSheet>'
    )
    parts = _xlsx_parts(_sheet(_rows(3)))
    parts["xl/styles.xml"] = styles
    parts["xl/worksheets/sheet1.xml"] = prolog + _LAUGHS + _sheet(_rows(3))[56:]
    return _write(folder / "billion_laughs_late.xlsx", _honest_zip(parts))


def xlsx_external_entity(folder: Path) -> Path:
    sheet = _SHEET_HEAD.replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet'
    ) + (b'<sheetData><row r="1">' + _cell("A1", "&x;") + b"</row></sheetData></worksheet>")
    return _write(folder / "external_entity.xlsx", _honest_zip(_xlsx_parts(sheet)))


def ods_billion_laughs(folder: Path) -> Path:
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    content = (
        _ODS_CONTENT.replace(b"<office:document-content", _LAUGHS + b"<office:document-content")
        + _ods_row("E-Mail", "&j;")
        + _ODS_END
    )
    entries = [
        zipcraft.Entry("mimetype", mimetype, 0, zlib.crc32(mimetype), len(mimetype)),
        zipcraft.deflated("content.xml", content),
        zipcraft.deflated("META-INF/manifest.xml", _ODS_MANIFEST),
    ]
    return _write(folder / "billion_laughs.ods", zipcraft.build(entries))


def xlsx_deep_nesting(folder: Path) -> Path:
    depth = 1_000_000
    sheet = _SHEET_HEAD + b"<sheetData>" + _rows(2) + b"<x>" * depth + b"</x>" * depth
    sheet += b"</sheetData></worksheet>"
    return _write(folder / "deep_nesting.xlsx", _honest_zip(_xlsx_parts(sheet)))


def ods_deep_nesting(folder: Path) -> Path:
    depth = 1_000_000
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    content = _ODS_CONTENT + _ods_row("E-Mail", "Name") + b"<text:p>" * depth
    content += b"</text:p>" * depth + _ODS_END
    entries = [
        zipcraft.Entry("mimetype", mimetype, 0, zlib.crc32(mimetype), len(mimetype)),
        zipcraft.deflated("content.xml", content),
        zipcraft.deflated("META-INF/manifest.xml", _ODS_MANIFEST),
    ]
    return _write(folder / "deep_nesting.ods", zipcraft.build(entries))


def xlsx_huge_dimension(folder: Path) -> Path:
    sheet = _sheet(_rows(3), dimension="A1:XFD1048576")
    return _write(folder / "huge_dimension.xlsx", _honest_zip(_xlsx_parts(sheet)))


def xlsx_far_corner(folder: Path) -> Path:
    """A few cells, one of them in the last row and column: a dense grid of 17 billion cells."""
    body = _rows(3) + b'<row r="1048576">' + _cell("XFD1048576", "x") + b"</row>"
    sheet = _sheet(body, dimension="A1:B4")
    return _write(folder / "far_corner.xlsx", _honest_zip(_xlsx_parts(sheet)))


def xlsx_many_shared_strings(folder: Path) -> Path:
    count = 3_000_000
    strings = b"".join(f"<si><t>s{i}</t></si>".encode() for i in range(count))
    shared = (
        (
            b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (count, count)
        )
        + strings
        + b"</sst>"
    )
    body = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    body += b'<row r="2"><c r="A2" t="s"><v>2999999</v></c><c r="B2" t="s"><v>5</v></c></row>'
    return _write(folder / "many_strings.xlsx", _honest_zip(_xlsx_parts(_sheet(body), shared)))


def xlsx_huge_cell(folder: Path) -> Path:
    body = _rows(2) + b'<row r="4">' + _cell("A4", "x" * (30 * 1024**2)) + b"</row>"
    return _write(folder / "huge_cell.xlsx", _honest_zip(_xlsx_parts(_sheet(body))))


# --- hostile and odd text ------------------------------------------------------------------


def csv_long_line(folder: Path) -> Path:
    path = folder / "long_line.csv"
    with path.open("wb") as out:
        out.write(b"E-Mail,Name,")
        block = b"x" * 1024**2
        for _ in range(100):
            out.write(block)
    return path


def csv_long_line_after_header(folder: Path) -> Path:
    path = folder / "long_line_after_header.csv"
    with path.open("wb") as out:
        out.write(b"E-Mail,Name\r\na@example.de,Anna\r\nb@example.de,")
        block = b"y" * 1024**2
        for _ in range(100):
            out.write(block)
    return path


def csv_wide_header(folder: Path) -> Path:
    header = ",".join(f"Spalte {i}" for i in range(100_000))
    row = ",".join("x" for _ in range(100_000))
    return _write(folder / "wide.csv", f"{header}\n{row}\n{row}\n".encode())


def csv_nul_bytes(folder: Path) -> Path:
    data = bytearray(valid_csv())
    rng = random.Random(1)
    for _ in range(len(data) // 50):
        data[rng.randrange(len(data))] = 0
    return _write(folder / "nul_bytes.csv", bytes(data))


def csv_few_nul_bytes(folder: Path) -> Path:
    data = valid_csv().replace(b"K\xc3\xb6ln", b"K\x00ln", 3)
    return _write(folder / "few_nul_bytes.csv", data)


def csv_mixed_line_endings(folder: Path) -> Path:
    lines = valid_csv().decode().split("\r\n")
    endings = ["\r\n", "\n", "\r"]
    text = "".join(line + endings[i % 3] for i, line in enumerate(lines) if line)
    return _write(folder / "mixed_endings.csv", text.encode())


def csv_bom_in_middle(folder: Path) -> Path:
    lines = valid_csv().decode().split("\r\n")
    lines[10] = "\ufeff" + lines[10]
    return _write(folder / "bom_middle.csv", ("\r\n".join(lines)).encode())


def csv_utf16_no_bom(folder: Path) -> Path:
    return _write(folder / "utf16.csv", valid_csv().decode().encode("utf-16-le"))


def csv_utf16_be_no_bom(folder: Path) -> Path:
    return _write(folder / "utf16be.csv", valid_csv().decode().encode("utf-16-be"))


def csv_encoding_switch(folder: Path) -> Path:
    """UTF-8 for 2 MB, then cp1252: one file, two encodings."""
    first = ("E-Mail;Name;Ort\r\n" + "a@example.de;Jörg Müller;Köln\r\n" * 70_000).encode()
    second = ("b@example.de;Jörg Weiß;Gießen\r\n" * 70_000).encode("cp1252")
    return _write(folder / "encoding_switch.csv", first + second)


def csv_encoding_switch_small(folder: Path) -> Path:
    first = ("E-Mail;Name;Ort\r\n" + "a@example.de;Jörg Müller;Köln\r\n" * 20).encode()
    second = ("b@example.de;Jörg Weiß;Gießen\r\n" * 20).encode("cp1252")
    return _write(folder / "encoding_switch_small.csv", first + second)


def csv_unbalanced_quote(folder: Path) -> Path:
    data = "E-Mail,Name\r\n" + 'a@example.de,"Anna\r\n' + "b@example.de,Bert\r\n" * 80_000
    return _write(folder / "unbalanced_quote.csv", data.encode())


# --- wrong, tiny, truncated and odd files --------------------------------------------------


def _truncated(fmt: str, make: Callable[[], bytes]) -> list[tuple[str, Builder]]:
    out: list[tuple[str, Builder]] = []
    data_cache: list[bytes] = []

    def builder_for(fraction: float) -> Builder:
        def build(folder: Path) -> Path:
            if not data_cache:
                data_cache.append(make())
            data = data_cache[0]
            cut = max(1, int(len(data) * fraction))
            return _write(folder / f"truncated_{int(fraction * 1000)}.{fmt}", data[:cut])

        return build

    rng = random.Random(fmt)
    for fraction in sorted({0.05, 0.5, 0.97, *(round(rng.random(), 3) for _ in range(3))}):
        out.append((f"truncated {fmt} at {fraction:.0%}", builder_for(fraction)))
    return out


def _renamed(data: Callable[[], bytes], name: str) -> Builder:
    return lambda folder: _write(folder / name, data())


def zero_bytes(folder: Path) -> Path:
    return _write(folder / "zero.xlsx", b"")


def one_byte(folder: Path) -> Path:
    return _write(folder / "one.csv", b"a")


def one_byte_newline(folder: Path) -> Path:
    return _write(folder / "one_newline.csv", b"\n")


def directory(folder: Path) -> Path:
    path = folder / "folder.csv"
    path.mkdir()
    return path


def fifo(folder: Path) -> Path:
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return path


def missing(folder: Path) -> Path:
    return folder / "gone.xlsx"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


Builder = Callable[[Path], Path]
READ = "read"

CASES: dict[str, tuple[Builder, frozenset[str]]] = {
    "xlsx zip bomb, sizes lie (3 GB)": (xlsx_bomb_lying, frozenset({"too_large"})),
    "xlsx zip bomb, sizes honest (3 GB)": (xlsx_bomb_honest, frozenset({"too_large"})),
    "xlsx sharedStrings bomb, sizes lie (2 GB)": (
        xlsx_bomb_shared_strings,
        frozenset({"too_large"}),
    ),
    "ods zip bomb, sizes lie (3 GB)": (ods_bomb_lying, frozenset({"too_large"})),
    "xlsx 500 entries sharing one 100 MB part": (
        xlsx_overlapping,
        frozenset({"corrupt", "too_large"}),
    ),
    "xlsx sheet overlapping another part": (xlsx_overlapping_sheet, frozenset({"corrupt"})),
    "xlsx whose sheet is a zip": (xlsx_nested_zip, frozenset({"corrupt"})),
    "xlsx holding a nested zip bomb": (xlsx_nested_bomb, frozenset({READ, "too_large"})),
    "xlsx with 60,000 zip entries": (xlsx_many_entries, frozenset({READ, "corrupt"})),
    "xlsx billion laughs": (xlsx_billion_laughs, frozenset({"corrupt"})),
    "xlsx billion laughs after 64 KB": (xlsx_billion_laughs_late, frozenset({"corrupt"})),
    "xlsx external entity": (xlsx_external_entity, frozenset({"corrupt"})),
    "ods billion laughs": (ods_billion_laughs, frozenset({"corrupt"})),
    "xlsx 1,000,000 nested elements": (xlsx_deep_nesting, frozenset({READ, "corrupt"})),
    "ods 1,000,000 nested elements": (ods_deep_nesting, frozenset({READ, "corrupt"})),
    "xlsx dimension A1:XFD1048576, 8 cells": (xlsx_huge_dimension, frozenset({READ})),
    "xlsx cells in A1 and XFD1048576": (xlsx_far_corner, frozenset({"too_large"})),
    "xlsx 3,000,000 shared strings": (xlsx_many_shared_strings, frozenset({READ})),
    "xlsx one 30 MB cell": (xlsx_huge_cell, frozenset({READ})),
    "csv one 100 MB line, no newline": (csv_long_line, frozenset({READ, "corrupt", "too_large"})),
    "csv 100 MB line after the header": (
        csv_long_line_after_header,
        frozenset({READ, "corrupt", "too_large"}),
    ),
    "csv 100,000 columns": (csv_wide_header, frozenset({READ})),
    "csv NUL bytes throughout": (csv_nul_bytes, frozenset({"corrupt", "unsupported"})),
    "csv three NUL bytes": (csv_few_nul_bytes, frozenset({READ})),
    "csv mixed line endings": (csv_mixed_line_endings, frozenset({READ})),
    "csv BOM in the middle": (csv_bom_in_middle, frozenset({READ})),
    "csv UTF-16 LE without BOM": (csv_utf16_no_bom, frozenset({READ})),
    "csv UTF-16 BE without BOM": (csv_utf16_be_no_bom, frozenset({READ})),
    "csv UTF-8 then cp1252 (4 MB)": (csv_encoding_switch, frozenset({READ})),
    "csv UTF-8 then cp1252 (small)": (csv_encoding_switch_small, frozenset({READ})),
    "csv unbalanced quote (2 MB)": (csv_unbalanced_quote, frozenset({READ})),
    "xlsx named .csv": (_renamed(valid_xlsx, "workbook.csv"), frozenset({READ})),
    "csv named .xlsx": (_renamed(valid_csv, "text.xlsx"), frozenset({READ})),
    "ods named .xls": (_renamed(valid_ods, "calc.xls"), frozenset({READ})),
    "xls named .xlsx": (_renamed(valid_xls, "old.xlsx"), frozenset({READ})),
    "zero-byte file": (zero_bytes, frozenset({"empty"})),
    "one-byte file": (one_byte, frozenset({READ, "empty"})),
    "one newline": (one_byte_newline, frozenset({"empty"})),
    "a folder": (directory, frozenset({"unsupported"})),
    "a FIFO": (fifo, frozenset({"unsupported"})),
    "a missing file": (missing, frozenset({"not_found"})),
}
_DAMAGED = frozenset({READ, "corrupt", "empty", "unsupported"})
for _fmt, _make in (
    ("xlsx", valid_xlsx),
    ("ods", valid_ods),
    ("xls", valid_xls),
    ("csv", valid_csv),
):
    for _name, _builder in _truncated(_fmt, _make):
        CASES[_name] = (_builder, _DAMAGED)
