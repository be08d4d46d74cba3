"""The command line speaks the chosen language, its --help and argparse's own words too."""

from __future__ import annotations

import pytest

from plandocket_desktop import cli, i18n


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.setup("en")


def test_help_in_german(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang", "de", "run", "--help"])
    out = capsys.readouterr().out
    assert "Aufruf:" in out
    assert "diese Hilfe anzeigen und beenden" in out
    assert "nicht um Bestätigung fragen" in out
    assert "Rückgabewerte:" in out
    assert "do not ask" not in out


def test_argparse_error_in_german(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang=de", "run"])
    err = capsys.readouterr().err
    assert "Fehler: folgende Argumente sind nötig" in err


def test_environment_variable_chooses_german(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PLANDOCKET_LANG", "de")
    sheet = tmp_path / "liste.csv"
    sheet.write_text(
        "Vorname;Nachname;E-Mail\n" + "".join(f"A{i};B{i};a{i}@example.com\n" for i in range(1500)),
        encoding="utf-8",
    )
    assert cli.main(["inspect", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "Datenzeilen: 1.500" in out
    assert "Kopfzeile:" in out


def test_english_by_flag_even_on_a_german_system(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PLANDOCKET_LANG", raising=False)
    monkeypatch.setenv("LANG", "de_DE.cp1252")
    missing = tmp_path / "nowhere.csv"
    assert cli.main(["--lang", "en", "inspect", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err or "no file" in err.lower()
