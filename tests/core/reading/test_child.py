"""The .xls reader runs in a child process: a crash or a hang there is a sentence here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plandocket_desktop import i18n
from plandocket_desktop.core import reading
from plandocket_desktop.core.errors import SourceError
from plandocket_desktop.core.reading import _child as reading_child
from plandocket_desktop.core.reading import _workbook as reading_workbook

ROOT = Path(__file__).resolve().parents[3]
LEGACY = ROOT / "tests" / "fixtures" / "legacy_members.xls"
ABORTS = ROOT / "tests" / "fuzz" / "crashes" / "ole2_calamine_abort.xlsx"


def test_xls_read_in_the_child_equals_the_read_in_process() -> None:
    table = reading.read_table(LEGACY)
    direct = reading_workbook.read_workbook(LEGACY, "xls", sheet=None, header_row=None)
    assert table.columns == direct.columns
    assert [table.row(i) for i in range(len(table))] == [direct.row(i) for i in range(len(direct))]
    assert [table.row_number(i) for i in range(len(table))] == [
        direct.row_number(i) for i in range(len(direct))
    ]
    assert table.source == direct.source
    assert reading.list_sheets(LEGACY) == reading_workbook.list_sheets(LEGACY, "xls")


def test_a_file_that_aborts_the_engine_is_damaged_and_this_process_lives_on() -> None:
    with pytest.raises(SourceError) as caught:
        reading.read_table(ABORTS)
    assert caught.value.kind == "corrupt"
    assert "ole2_calamine_abort.xlsx is damaged" in str(caught.value)
    assert reading.read_table(LEGACY).columns  # and reading goes on


def test_a_reader_over_its_time_is_stopped_with_a_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading_child, "TIMEOUT_SECONDS", 0.05)  # no interpreter starts so fast
    with pytest.raises(SourceError) as caught:
        reading.read_table(LEGACY)
    assert caught.value.kind == "corrupt"
    assert "could not be read within 0 seconds" in str(caught.value)


def test_the_childs_sentences_are_in_the_callers_language() -> None:
    translations, language = i18n.load("de")
    i18n.install(translations, language)
    try:
        with pytest.raises(SourceError) as caught:
            reading.read_table(LEGACY, sheet="Nirgends")
    finally:
        i18n.install(*i18n.load("en"))
    assert caught.value.kind == "no_sheet"
    assert "Nirgends" in str(caught.value)
    assert "sheet" not in str(caught.value).lower()  # German: Tabellenblatt


def test_a_script_without_a_main_guard_runs_once(tmp_path: Path) -> None:
    script = tmp_path / "people.py"
    script.write_text(
        "from plandocket_desktop.core import reading\n"
        f"print('ran', len(reading.read_table({str(LEGACY)!r})))\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert result.stdout.count("ran") == 1
    assert result.stderr == ""


def test_a_csv_cut_short_while_it_is_read_is_no_crash(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    row = "Ada;Lovelace;ada@example.org;London\n"
    path.write_text("Vorname;Nachname;E-Mail;Ort\n" + row * 400_000, encoding="utf-8")
    script = (
        "import os, sys, threading, time\n"
        "from plandocket_desktop.core import reading\n"
        "from plandocket_desktop.core.errors import SourceError\n"
        "def cut():\n"
        "    for size in (20_000_000, 5_000_000, 100_000, 0):\n"
        "        time.sleep(0.01); os.truncate(sys.argv[1], size)\n"
        "threading.Thread(target=cut).start()\n"
        "try:\n"
        "    print('rows', len(reading.read_table(sys.argv[1])))\n"
        "except SourceError as exc:\n"
        "    print('error', exc.kind)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-1000:]  # SIGBUS would be -7
    assert result.stdout.startswith(("rows", "error"))
