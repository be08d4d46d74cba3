"""Every sample (the shared ones and our generated ones) loads as its manifest says."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _csv as reading_csv
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.reading import _workbook as reading_workbook
from tests.conftest import SampleSet, sample_entries, set_manifest, shared_samples_present
from tests.fixtures.quirk_rows import FORMULA_CHARS

ERROR_OUTCOMES = {"empty", "corrupt", "encrypted", "unsupported"}
# Each way of reading a file must give the same table: both workbook engines, and for
# delimited text both the csv module ("exact") and pyarrow ("fast", from 1 MiB on by default).
READERS = {"xlsx": ("fastexcel", "calamine"), "xls": ("fastexcel", "calamine")}
READERS |= {"ods": ("fastexcel", "calamine"), "csv": ("exact", "fast")}


def _params() -> list[Any]:
    """One test per file and way of reading it."""
    params = []
    for set_name, entry in sample_entries():
        readers = READERS.get(entry["format"], ()) if entry["outcome"] == "ok" else ()
        for reader in readers or [None]:
            tail = f"-{reader}" if reader else ""
            name = entry["file"]
            params.append(pytest.param(set_name, name, reader, id=f"{set_name}-{name}{tail}"))
    return params


def _read_with(reader: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if reader in ("fastexcel", "calamine"):
        monkeypatch.setattr(reading_workbook, "ENGINE", reader)
    elif reader == "exact":
        monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 1 << 62)
    elif reader == "fast":
        monkeypatch.setattr(reading_csv, "FAST_PATH_MIN_BYTES", 0)


def _cell(table: Table, row: int, column: str) -> str:
    index = next(i for i in range(table.n_rows) if table.row_number(i) == row)
    return table.cell(index, table.index_of(column))


def _row(table: Table, row: int) -> list[str]:
    return table.row(next(i for i in range(table.n_rows) if table.row_number(i) == row))


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _encoding(entry: dict[str, Any]) -> str:
    encoding = str(entry["encoding"])
    if entry.get("bom") and encoding == "utf-8":
        return "utf-8-sig"
    return encoding


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


@pytest.mark.parametrize(("set_name", "name", "reader"), _params())
def test_sample_loads_as_manifest_says(
    set_name: str,
    name: str,
    reader: str | None,
    sample_sets: dict[str, SampleSet],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples = sample_sets[set_name]
    entry = samples.entry(name)
    path = samples.folder / name
    _read_with(reader, monkeypatch)
    if entry["outcome"] in ERROR_OUTCOMES:
        with pytest.raises(SourceError) as caught:
            reading.read_table(path)
        assert caught.value.kind == entry["outcome"]
        assert "Traceback" not in str(caught.value)
        return
    table = reading.read_table(path)
    source = table.source
    assert source.format == entry["format"]
    assert source.header_row == entry["header_row_index"]
    assert source.header_detected
    expected_columns = entry["columns"]
    assert table.columns[: len(expected_columns)] == expected_columns
    assert all(c.startswith("Column ") for c in table.columns[len(expected_columns) :])
    assert table.n_rows == entry["data_rows"]
    if entry["format"] == "csv":
        assert source.encoding == _encoding(entry)
        assert source.delimiter == entry["delimiter"]
        assert reading.list_sheets(path) == []
    else:
        assert source.sheet == entry["sheet"]
        assert [s.name for s in source.sheets] == entry["sheets"]
        assert [s.name for s in reading.list_sheets(path)] == entry["sheets"]
    if "first_column" in entry:  # the empty columns left of the table are not columns
        assert source.empty_columns_dropped == _column_index(entry["first_column"])
    if entry["data_rows"]:
        assert table.row_number(0) == entry["first_data_row"]
        assert table.row_number(table.n_rows - 1) == entry["last_data_row"]
    else:
        assert entry["outcome"] == "header_only"
    assert source.empty_rows_dropped == entry.get("fully_empty_rows_skipped", [])
    ragged = entry.get("ragged_rows")
    if ragged:
        warning = " ".join(source.warnings)
        for item in ragged:
            assert str(item["row"]) in warning
        records = list(csv.reader(io.StringIO(path.read_text(entry["encoding"]), newline="")))
        for item in ragged:
            record = records[item["row"] - 1]
            assert len(record) == item["fields"]
            cells = _row(table, item["row"])
            assert cells[: len(record)] == record[: len(cells)]  # no cell lost or moved
            assert all(not c for c in record[len(cells) :])  # only empty trailing ones dropped
    for check in entry.get("cell_text", []):
        text = _norm(_cell(table, check["row"], check["column"]))
        if "expected" in check:
            assert text == _norm(check["expected"]), (check, text)
        if "any_of" in check:
            assert text in check["any_of"], (check, text)
        if "expected_length" in check:
            assert len(text) == check["expected_length"]
            assert text.startswith(check["expected_prefix"])
            assert hashlib.sha256(text.encode()).hexdigest() == check["expected_sha256"]
    if "cells_starting_with_formula_chars" in entry:  # read as the text they hold, none lost
        cells = (text for j in range(table.n_cols) for text in table.column_texts(j))
        count = sum(1 for text in cells if text.lstrip().startswith(FORMULA_CHARS))
        assert count == entry["cells_starting_with_formula_chars"]


def test_generated_files_cover_every_kind_of_file_the_shared_samples_have() -> None:
    """Without the shared samples, the generated ones still hold each kind of quirk."""
    files = set_manifest("generated")["files"]
    csv_files = [e for e in files if e["format"] == "csv"]
    assert {e["encoding"] for e in csv_files} >= {"utf-8", "cp1252", "utf-16-le"}
    assert {e["delimiter"] for e in csv_files} >= {",", ";", "\t", "|"}
    assert {e["line_endings"] for e in csv_files} == {"CRLF", "LF"}
    assert any(e["bom"] and e["encoding"] == "utf-8" for e in csv_files)
    assert any(e["header_row_index"] > 0 for e in csv_files)  # title lines above the header
    assert {e["format"] for e in files} >= {"csv", "xlsx", "xls", "ods", "bytes"}
    assert {e["outcome"] for e in files} == {"ok", "header_only", "empty", "corrupt", "encrypted"}
    assert any(e.get("first_column") for e in files)
    assert any(e.get("ragged_rows") for e in files)
    assert any(e.get("data_rows") == 1 for e in files)
    assert any(e.get("data_rows", 0) >= 50_000 for e in files)
    reasons = {p["reason"] for e in files for p in e.get("problems", [])}
    assert reasons >= {
        "email_invalid",
        "email_missing",
        "email_duplicate",
        "customer_number_missing",
        "customer_number_duplicate",
        "rating_invalid",
        "boolean_invalid",
        "country_unknown",
    }
    for workbook in ("xlsx", "xls", "ods"):  # cells as Excel shows them, in every format
        texts = [
            t.get("expected") or t["any_of"][0]
            for e in files
            if e["format"] == workbook
            for t in e.get("cell_text", [])
        ]
        assert any(t.startswith("0") and t.isdigit() for t in texts), workbook  # 00000 format
        assert any(t in ("TRUE", "FALSE") for t in texts), workbook
        assert any(len(t) == 10 and t[4] == t[7] == "-" for t in texts), workbook  # ISO dates
    if shared_samples_present():  # a test asking for a shared file by name gets its twin
        twins = {e["file"]: e for e in files}
        for entry in set_manifest("shared")["files"]:
            if entry["file"] == "registrations_legacy.xls":  # ours: the committed fixture
                assert twins["legacy_members.xls"]["format"] == entry["format"]
                continue
            twin = twins[entry["file"]]
            for key in ("target", "format", "outcome", "header_row_index"):
                assert twin.get(key) == entry.get(key), (entry["file"], key)
