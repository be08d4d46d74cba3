"""The words a person reads: one place to mark, translate and count them (Qt-free).

Every sentence is one message with named placeholders, built in one place:
``ngettext("{count} row is ready.", "{count} rows are ready.", n).format(count=fmt_int(n))``.
Module-level tables of messages are marked with ``N_()`` and translated where shown with
``_()``.

The catalogues are gettext catalogues managed with Babel (domain ``messages``, see
docs/TRANSLATING.md): ``locale/<lang>/LC_MESSAGES/messages.po`` with its compiled ``.mo`` next
to it, shipped as package data. ``setup(language)`` chooses the language (``--lang``, else
``PLANDOCKET_LANG``, else a saved choice, else the operating system's UI language) and loads
its catalogue; a damaged or missing catalogue falls back to English with one log line.
A translated message whose placeholders do not fit falls back to the English text when it is
formatted, so a translation slip can never show a person a traceback or a ``{name}``.
Numbers, dates and times are written as the chosen language writes them (Babel).
"""

from __future__ import annotations

import gettext
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plandocket_desktop._compat import override

if TYPE_CHECKING:
    import datetime as _dt

# Imported where used, not here: subprocess (macOS only), locale (Windows only), datetime
# (annotations only), typing_extensions; together a few ms of the window's start.

log = logging.getLogger(__name__)

DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
# The languages the app speaks, with their names as their speakers write them.
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
ENV_VAR = "PLANDOCKET_LANG"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


class _Translated(str):
    """A translated message that remembers its English original.

    ``format`` falls back to the English text when the translation's placeholders do not fit
    (a slip in the catalogue must never reach a person as an exception).
    """

    __slots__ = ("_source",)
    _source: str

    def __new__(cls, text: str, source: str) -> _Translated:
        self = super().__new__(cls, text)
        self._source = source
        return self

    @override
    def format(self, *args: Any, **kwargs: Any) -> str:
        try:
            return str.format(self, *args, **kwargs)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            log.warning("Translation does not fit its placeholders: %r", self._source)
            return self._source.format(*args, **kwargs)


def _checked(translated: str, source: str) -> str:
    return translated if translated == source else _Translated(translated, source)


def install(translations: gettext.NullTranslations, language: str = SOURCE_LANGUAGE) -> None:
    """Use these translations (for ``language``) for every message from now on."""
    global _translations, _language  # one catalogue for the whole process
    _translations = translations
    _language = language


def _(message: str) -> str:
    """The message in the chosen language."""
    return _checked(_translations.gettext(message), message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction; it is translated where it is shown, with ``_()``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the chosen language."""
    return _checked(_translations.ngettext(singular, plural, n), singular if n == 1 else plural)


def current_language() -> str:
    """The language in use: ``"en"`` or ``"de"``."""
    return _language


# --- choosing the language -------------------------------------------------------------------


def language_from_tag(tag: str | None) -> str | None:
    """The supported language a locale name means, or None.

    Takes what systems write: ``de_DE.UTF-8``, ``de_DE.cp1252``, ``de-AT``, ``de_CH@euro``,
    ``German_Germany.1252`` (Windows' setlocale), ``en``; ``C`` and ``POSIX`` mean nothing.
    """
    if not tag:
        return None
    text = tag.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if not text or text.upper() in {"C", "POSIX"}:
        return None
    code = text.split("_", 1)[0].lower()
    if code in LANGUAGES:
        return code
    windows_names = {"german": "de", "deutsch": "de", "english": "en"}
    return windows_names.get(code)


def _windows_ui_languages() -> list[str]:  # pragma: no cover - Windows only
    """Windows' display language (not the number format's locale)."""
    import ctypes
    import locale as _locale

    try:
        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return []
    name = _locale.windows_locale.get(int(lcid))
    return [name] if name else []


def _macos_ui_languages() -> list[str]:  # pragma: no cover - macOS only
    """The first entries of macOS' AppleLanguages (the order set in System Settings)."""
    import subprocess

    try:
        out = subprocess.run(
            ["defaults", "read", "-g", "AppleLanguages"],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [part.strip().strip('"') for part in out.strip("()\n ").split(",") if part.strip()]


def system_languages(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> list[str]:
    """The operating system's UI language tags, most wanted first.

    Windows: the UI language; macOS: AppleLanguages; then (every system, as gettext does)
    LANGUAGE (a colon-separated list), LC_ALL, LC_MESSAGES, LANG.
    """
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    tags: list[str] = []
    if platform == "win32":
        tags += _windows_ui_languages()
    elif platform == "darwin":
        tags += _macos_ui_languages()
    # An empty LC_ALL does not hide LANG, as in gettext; LANGUAGE counts only with a locale set.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            tags += value.split(":") if name == "LANGUAGE" else [value]
    return tags


def choose_language(
    requested: str | None = None,
    *,
    saved: str | None = None,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> str:
    """The language to speak: ``requested`` (``--lang``), else ``PLANDOCKET_LANG``, else the
    ``saved`` choice (the app's settings), else the system's UI language, else English.

    Anything unknown (``fr``, ``de_DE.cp1252`` is known: German) is skipped, never an error.
    """
    env = os.environ if environ is None else environ
    for tag in (requested, env.get(ENV_VAR), saved):
        language = language_from_tag(tag)
        if language is not None:
            return language
    return _first_supported(system_languages(env, platform))


def _first_supported(tags: Iterable[str]) -> str:
    for tag in tags:
        language = language_from_tag(tag)
        if language is not None:
            return language
    return SOURCE_LANGUAGE


def requested_language(argv: Iterable[str]) -> str | None:
    """The ``--lang`` of a command line (``--lang de`` or ``--lang=de``), read before parsing
    (the parser's own texts are translated when it is built)."""
    items = list(argv)
    for i, item in enumerate(items):
        if item == "--":
            break
        if item.startswith("--lang="):
            return item.partition("=")[2]
        if item == "--lang" and i + 1 < len(items):
            return items[i + 1]
    return None


def catalogue_path(language: str, locale_dir: Path | None = None) -> Path:
    """Where the compiled catalogue of ``language`` lives."""
    return (locale_dir or LOCALE_DIR) / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def load(language: str, locale_dir: Path | None = None) -> tuple[gettext.NullTranslations, str]:
    """The translations for ``language`` and the language they really give.

    English needs none. A missing or damaged catalogue gives English and one warning in the log.
    """
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations(), SOURCE_LANGUAGE
    path = catalogue_path(language, locale_dir)
    try:
        with path.open("rb") as file:
            return gettext.GNUTranslations(file), language
    except Exception as exc:  # any damage (OSError, a bad magic number, bad headers…)
        log.warning("No %s catalogue (%s: %s); speaking English", language, path, exc)
        return gettext.NullTranslations(), SOURCE_LANGUAGE


def setup(
    requested: str | None = None, *, saved: str | None = None, locale_dir: Path | None = None
) -> str:
    """Choose the language (see ``choose_language``), load and install its catalogue.

    Returns the language in use (English when the catalogue could not be loaded).
    """
    translations, language = load(choose_language(requested, saved=saved), locale_dir)
    install(translations, language)
    return language


# --- numbers, dates and times -----------------------------------------------------------------


def _babel_locale() -> str:
    # British English: the 24-hour clock and day-month-year the app's users read.
    return "de_DE" if _language == "de" else "en_GB"


def fmt_int(n: int) -> str:
    """A whole number as the chosen language writes it (``1,234``; German ``1.234``)."""
    if -1000 < n < 1000:
        return str(n)  # the common case, without loading Babel's locale data
    from babel.numbers import format_decimal

    return format_decimal(n, locale=_babel_locale())


def fmt_decimal(value: float, digits: int = 1) -> str:
    """A number with at most ``digits`` decimals (``2.5``; German ``2,5``)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=_babel_locale())


def fmt_time(when: _dt.datetime | _dt.time, *, seconds: bool = False) -> str:
    """A clock time, as ``14:05`` (``14:05:30`` with seconds)."""
    from babel.dates import format_time

    return format_time(when, "medium" if seconds else "short", locale=_babel_locale())


def fmt_date(when: _dt.date | _dt.datetime) -> str:
    """A date, as ``27.11.2026`` (``27 Nov 2026`` in English)."""
    from babel.dates import format_date

    return format_date(when, "medium", locale=_babel_locale())


def fmt_datetime(when: _dt.datetime) -> str:
    """A date and a time, as ``27.11.2026, 14:05`` (``27 Nov 2026, 14:05`` in English)."""
    return _("{date}, {time}").format(date=fmt_date(when), time=fmt_time(when))
