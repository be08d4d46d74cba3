"""Every sample (shared and generated) maps as its manifest says (conventions.mapping)."""

from __future__ import annotations

from typing import Any

import pytest

from plandocket_desktop.core._table import Table
from plandocket_desktop.core.mapping import _suggest as mapping
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.types import Target
from tests.conftest import SampleSet, sample_entries, sample_set_names


def _with_columns() -> list[Any]:
    """(set, file) of every sample whose entry lists columns (known at collection time)."""
    return [
        pytest.param(set_name, entry["file"], id=f"{set_name}-{entry['file']}")
        for set_name, entry in sample_entries()
        if entry.get("columns")
    ]


NAMES = _with_columns()


def check_against_manifest(entry: dict[str, Any], result: dict[str, str | None]) -> list[str]:
    """Every way ``result`` breaks the manifest's expectations, as readable lines."""
    problems: list[str] = []
    expected = dict(entry.get("mapping", {}))
    expected.update(entry.get("contact_field_mapping", {}))
    for header, field in expected.items():
        if result.get(header) != field:
            problems.append(f"{header!r} -> {result.get(header)!r}, expected {field!r}")
    for field, headers in entry.get("mapping_alternatives", {}).items():
        taking = [h for h in headers if result.get(h) == field]
        if len(taking) != 1:
            problems.append(f"{field!r} should come from exactly one of {headers}, got {taking}")
    for header, field in entry.get("mapping_optional", {}).items():
        if result.get(header) not in (None, field):
            problems.append(f"{header!r} -> {result.get(header)!r}, allowed: {field!r} or none")
    for header in entry.get("not_mapped", []):
        if result.get(header) is not None:
            problems.append(f"{header!r} -> {result.get(header)!r}, must stay unmapped (trap)")
    chosen = [f for f in result.values() if f]
    if len(chosen) != len(set(chosen)):
        problems.append(f"a field was given to two columns: {sorted(chosen)}")
    return problems


@pytest.mark.parametrize(("set_name", "name"), NAMES)
def test_sample_headers_map_as_the_manifest_says(
    sample_sets: dict[str, SampleSet], set_name: str, name: str
) -> None:
    """The headers alone (no values) already give the expected mapping."""
    entry = sample_sets[set_name].entry(name)
    table = Table.from_rows(entry["columns"], [])
    result = mapping.as_mapping(mapping.suggest(table, Target(entry["target"])))
    assert list(result) == entry["columns"]
    assert check_against_manifest(entry, result) == []


@pytest.mark.parametrize(("set_name", "name"), NAMES)
def test_sample_files_read_and_map_as_the_manifest_says(
    sample_sets: dict[str, SampleSet], set_name: str, name: str
) -> None:
    """The real files, values and all (values decide between competing columns)."""
    samples = sample_sets[set_name]
    entry = samples.entry(name)
    table = reading.read_table(samples.folder / name, sheet=entry.get("sheet"))
    suggestions = mapping.suggest(table, Target(entry["target"]))
    result = mapping.as_mapping(suggestions)
    assert check_against_manifest(entry, result) == []
    for suggestion in suggestions:
        assert 0.0 <= suggestion.confidence <= 1.0
        assert suggestion.reason


@pytest.mark.parametrize("set_name", sample_set_names())
def test_competing_email_columns_in_real_exports_are_explained(
    sample_sets: dict[str, SampleSet], set_name: str
) -> None:
    table = reading.read_table(sample_sets[set_name].folder / "google_contacts.csv")
    by_column = {s.column: s for s in mapping.suggest(table, Target.CONTACTS)}
    assert by_column["E-mail 1 - Value"].field == "email"
    assert "Chosen over 'E-mail 2 - Value': more valid addresses" in (
        by_column["E-mail 1 - Value"].reason
    )
    assert "'E-mail 1 - Value'" in by_column["E-mail 2 - Value"].reason
