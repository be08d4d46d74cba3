"""The scripting API: read a sheet to pandas, import a file or a DataFrame like the wizard."""

import subprocess
import sys

import pandas as pd
import pytest

import plandocket_desktop
from plandocket_desktop.core import errors


def test_importing_the_package_stays_light():
    code = (
        "import sys, plandocket_desktop; "
        "print(any(m in sys.modules for m in ('pandas', 'pyarrow', 'PySide6', "
        "'plandocket_desktop.scripting')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("language", ["de", "en"])
def test_read_gives_text_cells_indexed_by_spreadsheet_row(language):
    table = plandocket_desktop.read(plandocket_desktop.sample_path(language))
    frame = table.to_pandas()

    assert len(table) == len(frame) == 12
    assert list(frame.columns) == table.columns
    assert frame.index[0] == 2  # row 1 is the header
    customer = "Kundennummer" if language == "de" else "Customer number"
    assert frame[customer].iloc[0] == "00101"  # leading zeros kept: text, not numbers


@pytest.mark.e2e
def test_a_filtered_dataframe_is_validated_and_imported(sandbox):
    frame = plandocket_desktop.read(plandocket_desktop.sample_path("de")).to_pandas()
    germans = frame[frame["Land"] == "Deutschland"].copy()
    germans.loc[germans.index[0], "E-Mail"] = "not-an-address"
    germans["Bewertung (1-5)"] = pd.array([5, 4, None, 3], dtype="Int64")

    result = plandocket_desktop.import_people(
        germans, tenant=sandbox.base_url, api_key=sandbox.api_key, mode="create"
    )

    assert result.counts.created == 3
    assert result.exit_code == 1  # the row with the bad address was not sent
    assert list(result.problems) == [2]
    emails = {c["email"] for c in sandbox.store.contacts()}
    assert "j.schmidt@example.de" in emails
    assert "not-an-address" not in emails


@pytest.mark.e2e
def test_a_file_path_is_imported_with_the_suggested_mapping(sandbox):
    result = plandocket_desktop.import_people(
        plandocket_desktop.sample_path("en"), tenant=sandbox.base_url, api_key=sandbox.api_key
    )
    assert result.exit_code == 0
    assert result.counts.created + result.counts.updated == 12
    assert "Import finished" in result.summary


def test_data_without_a_match_column_is_refused_in_plain_words():
    frame = pd.DataFrame({"Name": ["Anna"], "Stadt": ["Hamburg"]})
    with pytest.raises(errors.PlandocketError) as caught:
        plandocket_desktop.import_people(frame, tenant="http://127.0.0.1:9", api_key="k")
    assert "email" in str(caught.value).lower()
