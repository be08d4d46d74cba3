"""Choosing the language, loading its catalogue, formatting numbers and dates by it."""

from __future__ import annotations

import gettext
import logging
from datetime import datetime

import pytest

from plandocket_desktop import i18n
from plandocket_desktop.core import reading
from plandocket_desktop.core.errors import SourceError


@pytest.mark.parametrize(
    ("tag", "language"),
    [
        pytest.param("de_DE.UTF-8", "de", id="linux"),
        pytest.param("de_DE.cp1252", "de", id="unknown-codeset"),
        pytest.param("de-AT", "de", id="bcp47"),
        pytest.param("de_CH@euro", "de", id="modifier"),
        pytest.param("German_Germany.1252", "de", id="windows-setlocale"),
        pytest.param("en_US.UTF-8", "en", id="english"),
        pytest.param("C", None, id="c"),
        pytest.param("POSIX", None, id="posix"),
        pytest.param("fr_FR.UTF-8", None, id="unsupported"),
        pytest.param("", None, id="empty"),
        pytest.param("@#!", None, id="garbage"),
    ],
)
def test_language_from_tag(tag, language):
    assert i18n.language_from_tag(tag) == language


def test_flag_beats_environment_beats_saved_beats_system():
    env = {"PLANDOCKET_LANG": "de", "LANG": "en_US.UTF-8"}
    assert i18n.choose_language("en", saved="de", environ=env, platform="linux") == "en"
    assert i18n.choose_language(None, saved="en", environ=env, platform="linux") == "de"
    env = {"LANG": "en_US.UTF-8"}
    assert i18n.choose_language(None, saved="de", environ=env, platform="linux") == "de"
    assert i18n.choose_language(None, environ=env, platform="linux") == "en"


def test_system_language_follows_gettexts_order():
    env = {"LANGUAGE": "fr:de", "LC_ALL": "", "LC_MESSAGES": "en_GB", "LANG": "en_US"}
    assert i18n.choose_language(environ=env, platform="linux") == "de"
    env = {"LC_MESSAGES": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}  # German UI, English numbers
    assert i18n.choose_language(environ=env, platform="linux") == "de"
    assert i18n.choose_language(environ={"LANG": "C.UTF-8"}, platform="linux") == "en"
    assert i18n.choose_language(environ={}, platform="linux") == "en"


def test_unknown_requested_language_falls_through_to_the_next_source():
    assert i18n.choose_language("klingon", environ={"LANG": "de_DE"}, platform="linux") == "de"


def test_requested_language_reads_both_spellings():
    assert i18n.requested_language(["run", "--lang", "de", "x.csv"]) == "de"
    assert i18n.requested_language(["--lang=en", "inspect"]) == "en"
    assert i18n.requested_language(["inspect", "--", "--lang=de"]) is None
    assert i18n.requested_language(["--lang"]) is None


def test_german_catalogue_translates_core_messages_and_plurals(use_language, tmp_path):
    assert use_language("de") == "de"
    assert i18n.current_language() == "de"
    assert (
        i18n.ngettext("{count} row is ready.", "{count} rows are ready.", 1).format(
            count=i18n.fmt_int(1)
        )
        == "1 Zeile ist bereit."
    )
    assert (
        i18n.ngettext("{count} row is ready.", "{count} rows are ready.", 1234).format(
            count=i18n.fmt_int(1234)
        )
        == "1.234 Zeilen sind bereit."
    )
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceError) as caught:
        reading.read_table(empty)
    assert "leer" in str(caught.value)
    assert "empty" not in str(caught.value)


def test_missing_catalogue_falls_back_to_english_with_one_log_line(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="plandocket_desktop.i18n"):
        translations, language = i18n.load("de", tmp_path)
    assert language == "en"
    assert translations.gettext("Review") == "Review"
    assert len(caplog.records) == 1


def test_damaged_catalogue_falls_back_to_english(tmp_path, caplog):
    path = i18n.catalogue_path("de", tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xde\x12\x04\x95 this is not a catalogue")
    with caplog.at_level(logging.WARNING, logger="plandocket_desktop.i18n"):
        assert i18n.setup("de", locale_dir=tmp_path) == "en"
    try:
        assert i18n._("Review") == "Review"
        assert len(caplog.records) == 1
    finally:
        i18n.setup("en")


class _BadGerman(gettext.NullTranslations):
    def gettext(self, message):
        return {"Row {number}: {problems}": "Zeile {nummer}: {problems}"}.get(message, message)

    def ngettext(self, msgid1, msgid2, n):
        return "{count} Zeile {" if n == 1 else "{count} Zeilen"


def test_translation_with_a_bad_placeholder_falls_back_to_english(caplog):
    i18n.install(_BadGerman(), "de")
    try:
        text = i18n._("Row {number}: {problems}").format(number=5, problems="x")
        assert text == "Row 5: x"
        plural = i18n.ngettext("{count} row", "{count} rows", 1).format(count=1)
        assert plural == "1 row"
    finally:
        i18n.install(gettext.NullTranslations(), "en")
    assert any("placeholders" in r.getMessage() for r in caplog.records)


def test_numbers_dates_and_times_follow_the_language(use_language):
    when = datetime(2026, 11, 27, 14, 5, 30)
    use_language("en")
    assert i18n.fmt_int(1234567) == "1,234,567"
    assert i18n.fmt_decimal(2.5) == "2.5"
    assert i18n.fmt_time(when) == "14:05"
    use_language("de")
    assert i18n.fmt_int(1234567) == "1.234.567"
    assert i18n.fmt_int(-12) == "-12"
    assert i18n.fmt_decimal(2.5) == "2,5"
    assert i18n.fmt_time(when) == "14:05"
    assert i18n.fmt_time(when, seconds=True) == "14:05:30"
    assert i18n.fmt_date(when) == "27.11.2026"
    assert i18n.fmt_datetime(when) == "27.11.2026, 14:05"
