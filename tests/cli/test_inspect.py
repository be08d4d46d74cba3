"""plandocket-import inspect: what the reader detected, as text and as JSON."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plandocket_desktop import cli
from tests.conftest import SampleSet, sample_set_names


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["inspect", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def german_csv(tmp_path: Path) -> Path:
    lines = ["Kundenliste", "", "Kd-Nr;E-Mail;Name;Name"]
    lines += [f"{i:05d};k{i}@example.de;Müller {i};Jörg" for i in range(30)]
    path = tmp_path / "kunden.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str], german_csv: Path) -> None:
    code, out, err = run(capsys, str(german_csv), "--json")
    assert code == 0
    assert err == ""
    result = json.loads(out)
    assert result["format"] == "csv"
    assert result["encoding"] == "cp1252"
    assert result["delimiter"] == ";"
    assert result["sheets"] == []
    assert result["hidden_sheets"] == []
    assert result["sheet"] is None
    assert result["header_row"] == 2
    assert result["rows"] == 30
    assert result["columns"] == ["Kd-Nr", "E-Mail", "Name", "Name (2)"]
    assert len(result["preview"]) == 20
    assert result["preview"][0] == ["00000", "k0@example.de", "Müller 0", "Jörg"]
    assert result["warnings"] == []


def test_header_row_option(capsys: pytest.CaptureFixture[str], german_csv: Path) -> None:
    code, out, _ = run(capsys, str(german_csv), "--json", "--header-row", "3")
    assert code == 0
    result = json.loads(out)
    assert result["header_row"] == 3
    assert result["columns"][:2] == ["00000", "k0@example.de"]
    assert result["rows"] == 29


def test_sheet_option_and_hidden_sheets(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Alt"
    first.append(["A", "B"])
    first.append(["1", "2"])
    first.sheet_state = "hidden"
    second = book.create_sheet("Neu")
    second.append(["Email", "PLZ"])
    second.append(["a@b.de", 1067])
    second["B2"].number_format = "00000"
    path = tmp_path / "book.xlsx"
    book.save(path)
    code, out, _ = run(capsys, str(path), "--json")
    result = json.loads(out)
    assert code == 0
    assert result["sheets"] == ["Alt", "Neu"]
    assert result["hidden_sheets"] == ["Alt"]
    assert result["sheet"] == "Neu"
    assert result["encoding"] is None
    assert result["delimiter"] is None
    assert result["preview"] == [["a@b.de", "01067"]]
    code, out, _ = run(capsys, str(path), "--json", "--sheet", "Alt")
    assert json.loads(out)["preview"] == [["1", "2"]]
    code, out, _ = run(capsys, str(path))
    assert code == 0
    assert "Alt (hidden), Neu" in out
    assert "01067" in out


def test_readable_summary(capsys: pytest.CaptureFixture[str], german_csv: Path) -> None:
    code, out, err = run(capsys, str(german_csv))
    assert code == 0
    assert "cp1252" in out
    assert "semicolon" in out
    assert "Header row: 3" in out
    assert "Data rows:  30" in out
    assert "k0@example.de" in out
    assert err == ""


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        pytest.param(b"", "empty.csv", "empty", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(500), "photo.xlsx", "corrupt", id="corrupt"),
        pytest.param(b"%PDF-1.4\n", "list.pdf", "unsupported", id="unsupported"),
    ],
)
def test_unreadable_file_exits_2_with_a_plain_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, name: str, kind: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run(capsys, str(path))
    assert code == 2
    assert out == ""
    assert name in err
    assert "Traceback" not in err
    code, out, err = run(capsys, str(path), "--json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["kind"] == kind
    assert error["message"] in err


def test_encrypted_and_missing_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    secret = tmp_path / "secret.xlsx"
    secret.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptedPackage".encode("utf-16-le")
    )
    code, out, _ = run(capsys, str(secret), "--json")
    assert code == 2
    assert json.loads(out)["error"]["kind"] == "encrypted"
    code, out, _ = run(capsys, str(tmp_path / "gone.csv"), "--json")
    assert code == 2
    assert json.loads(out)["error"]["kind"] == "not_found"


def test_unknown_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    path = tmp_path / "b.xlsx"
    book.save(path)
    code, out, err = run(capsys, str(path), "--json", "--sheet", "Nope")
    assert code == 2
    assert json.loads(out)["error"]["kind"] == "no_sheet"
    assert "Nope" in err


def test_negative_header_row_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], german_csv: Path
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["inspect", str(german_csv), "--header-row", "-1"])
    assert caught.value.code == 2
    assert "header row" in capsys.readouterr().err


def test_zip_bomb_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(60 * 1024 * 1024))
    code, out, _ = run(capsys, str(path), "--json")
    assert code == 2
    assert json.loads(out)["error"]["kind"] == "too_large"


@pytest.mark.parametrize("set_name", sample_set_names())
def test_every_sample_as_the_manifest_says(
    capsys: pytest.CaptureFixture[str], sample_sets: dict[str, SampleSet], set_name: str
) -> None:
    samples = sample_sets[set_name]
    for entry in samples.manifest["files"]:
        code, out, err = run(capsys, str(samples.folder / entry["file"]), "--json")
        result = json.loads(out)
        if entry["outcome"] in {"empty", "corrupt", "encrypted", "unsupported"}:
            assert code == 2, entry["file"]
            assert result["error"]["kind"] == entry["outcome"]
            assert result["error"]["message"] in err
            continue
        assert code == 0, entry["file"]
        assert result["format"] == entry["format"]
        assert result["header_row"] == entry["header_row_index"]
        assert result["rows"] == entry["data_rows"]
        assert result["columns"][: len(entry["columns"])] == entry["columns"]
        assert len(result["preview"]) == min(20, entry["data_rows"])
        if "sheets" in entry:
            assert result["sheets"] == entry["sheets"]
            assert result["sheet"] == entry["sheet"]
        else:
            assert result["delimiter"] == entry["delimiter"]
