"""Every sample in ../shared/samples loads as its manifest.json says."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _read as reading
from tests.conftest import SAMPLES

ERROR_OUTCOMES = {"empty", "corrupt", "encrypted", "unsupported"}


def _names() -> list[str]:
    import json

    manifest = SAMPLES / "manifest.json"
    if not manifest.is_file():
        return []
    return [entry["file"] for entry in json.loads(manifest.read_text("utf-8"))["files"]]


def _entry(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in manifest["files"] if e["file"] == name)


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


@pytest.mark.parametrize("name", _names() or [pytest.param("-", marks=pytest.mark.skip)])
def test_sample_loads_as_manifest_says(
    name: str, samples_dir: Path, manifest: dict[str, Any]
) -> None:
    entry = _entry(manifest, name)
    path = samples_dir / name
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
            assert text == _norm(check["expected"])
        if "any_of" in check:
            assert text in check["any_of"]
        if "expected_length" in check:
            assert len(text) == check["expected_length"]
            assert text.startswith(check["expected_prefix"])
            assert hashlib.sha256(text.encode()).hexdigest() == check["expected_sha256"]
