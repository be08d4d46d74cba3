"""The API key is in no file and no log: one search over everything the app writes.

``watching(home)`` sets up the app's own logging (the desktop's log file, or the command
line's stderr logging through ``Watch.run_cli``), sends temporary files and default-path
QSettings into the test's home, and ``Watch.assert_key_nowhere(key)`` then searches every file
there (config, data, log, temporary and settings folders, reports, history, the journal with
its SQLite ``-wal``/``-shm`` files, the members of XLSX/ODS zips) for the key as text, base64
(standard and URL-safe, padded or not, at any alignment), percent-encoded, hex and UTF-16.
It fails naming the file and the form. It refuses to pass vacuously: the log must have been
written and every file the test expects must exist and have been searched.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import logging
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, quote_plus

import pytest

# Shorter keys would make the base64 fragments short enough to turn up by chance.
MIN_KEY_LENGTH = 16

# base64 -> base64url
URL_SAFE = bytes.maketrans(b"+/", b"-_")

# A line of the command line's log (its basicConfig format: "LEVEL name: message").
CLI_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ", re.MULTILINE)


def key_forms(key: str) -> dict[str, tuple[bytes, bool]]:
    """Every form the key is searched in: name -> (bytes, compare without case)."""
    assert len(key) >= MIN_KEY_LENGTH, "too short a key to search for safely"
    raw = key.encode("utf-8")
    forms: dict[str, tuple[bytes, bool]] = {
        "as text": (raw, False),
        "UTF-16": (key.encode("utf-16-le"), False),
        "JSON-escaped": (json.dumps(key)[1:-1].encode(), False),
        "percent-encoded": (quote(key, safe="").encode(), True),
        "percent-encoded (form)": (quote_plus(key, safe="").encode(), True),
        "percent-encoded (every byte)": ("".join(f"%{b:02x}" for b in raw).encode(), True),
        "hex": (raw.hex().encode(), True),
    }
    # Base64 of any text holding the key (a header, a JSON body, "user:key") holds one of
    # these three fragments: the groups made of key bytes only, for each alignment.
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        start = 4 if shift else 0
        end = 4 * ((shift + len(raw)) // 3)
        fragment = encoded[start:end]
        forms[f"base64 (offset {shift})"] = (fragment, False)
        forms[f"base64url (offset {shift})"] = (fragment.translate(URL_SAFE), False)
    return forms


def find_key(key: str, data: bytes) -> str | None:
    """The name of the first form of ``key`` found in ``data``, or None."""
    folded: bytes | None = None
    for name, (form, any_case) in key_forms(key).items():
        if any_case:
            folded = data.lower() if folded is None else folded
            if form.lower() in folded:
                return name
        elif form in data:
            return name
    return None


def _contents(path: Path) -> Iterator[tuple[str, bytes]]:
    """The file's bytes, and those of each member when it is a zip (XLSX, ODS)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:  # e.g. a SQLite -journal gone between listing and reading
        return
    yield str(path), data
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield f"{path} (member {member})", archive.read(member)


def _files(roots: Iterable[Path]) -> list[Path]:
    found: dict[Path, None] = {}
    for root in roots:
        if root.is_file():
            found[root.resolve()] = None
        elif root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    found[path.resolve()] = None
    return list(found)


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class Watch:
    """What ``watching`` set up, and the search."""

    def __init__(self, home: Path, logging_of: Literal["desktop", "cli"]) -> None:
        self.home = home
        self.logging_of = logging_of
        self.temp_dir = home / "tmp"
        self.qt_settings_dir = home / "qt-settings"
        self.log_path: Path | None = None
        self.log_handlers: list[logging.Handler] = []
        self.cli_logging_set_up = False

    def run_cli(self, argv: Sequence[str]) -> int:
        """``cli.main(argv)`` with the command line's own logging set up as outside pytest.

        pytest keeps handlers on the root logger, which would make the CLI's
        ``logging.basicConfig`` do nothing; they are set aside for the call.
        """
        from plandocket_desktop import cli

        assert self.logging_of == "cli", "watching(..., logging_of='cli') runs the CLI"
        root = logging.getLogger()
        kept, level = root.handlers[:], root.level
        root.handlers.clear()
        try:
            return cli.main(list(argv))
        finally:
            added = root.handlers[:]
            self.cli_logging_set_up = self.cli_logging_set_up or bool(added)
            for handler in added:
                root.removeHandler(handler)
                handler.close()
            root.handlers[:] = kept
            root.setLevel(level)

    def assert_key_nowhere(
        self,
        key: str,
        *,
        settings: Iterable[Any] = (),
        also: Iterable[Path] = (),
        expect: Iterable[Path] = (),
        output: Mapping[str, str] | None = None,
    ) -> list[Path]:
        """Fail, naming the file and the form, if the key is in anything the app wrote.

        Args:
            settings: QSettings the test used; synced, and they must live in the home.
            also: more files or folders to search (a report beside the input file).
            expect: files that must exist and be among those searched.
            output: what the command line printed, by stream name; with the CLI's logging
                it must hold at least one log line.

        Returns the files searched.
        """
        from plandocket_desktop.core import paths

        settings_files = [self._synced(s) for s in settings]
        self._assert_log_written(output)
        roots = [paths.config_dir(), paths.data_dir(), self.temp_dir, self.qt_settings_dir]
        for root in roots:
            assert _inside(root, self.home), f"{root} is outside the test's home {self.home}"
        if self.log_path is not None:
            roots.append(self.log_path.parent)
        roots += [self.home, *settings_files, *also]
        searched = _files(roots)
        for path in searched:
            for where, data in _contents(path):
                form = find_key(key, data)
                assert form is None, f"the API key is in {where} ({form})"
        for name, text in (output or {}).items():
            form = find_key(key, text.encode("utf-8"))
            assert form is None, f"the API key is in the command line's {name} ({form})"
        for path in expect:
            assert path.is_file(), f"{path} was not written, so searching it proves nothing"
            assert path.resolve() in searched, f"{path} was not searched"
        return searched

    def _synced(self, settings: Any) -> Path:
        from PySide6.QtCore import QSettings

        assert isinstance(settings, QSettings)
        settings.sync()
        assert settings.status() == QSettings.Status.NoError, settings.fileName()
        path = Path(settings.fileName())
        assert _inside(path, self.home), f"the settings file {path} is outside the test's home"
        if settings.allKeys():
            assert path.is_file(), f"settings with values but no file at {path}"
        return path

    def _assert_log_written(self, output: Mapping[str, str] | None) -> None:
        if self.logging_of == "desktop":
            assert self.log_path is not None
            for handler in self.log_handlers:
                handler.flush()
            assert self.log_path.is_file(), f"nothing was logged to {self.log_path}"
            assert self.log_path.stat().st_size > 0, f"{self.log_path} is empty"
        else:
            assert self.cli_logging_set_up, "the command line did not set up its logging"
            text = "\n".join((output or {}).values())
            assert CLI_LOG_LINE.search(text), "the command line logged nothing (pass -v)"


@contextlib.contextmanager
def watching(home: Path, *, logging_of: Literal["desktop", "cli"] = "desktop") -> Iterator[Watch]:
    """Set up the app's logging and keep temporary files and default QSettings in ``home``."""
    watch = Watch(home, logging_of)
    watch.temp_dir.mkdir(exist_ok=True)
    root = logging.getLogger()
    level = root.level
    with pytest.MonkeyPatch.context() as patch, _qt_settings_in(watch.qt_settings_dir):
        for name in ("TMPDIR", "TEMP", "TMP"):
            patch.setenv(name, str(watch.temp_dir))
        patch.setattr(tempfile, "tempdir", str(watch.temp_dir))
        if logging_of == "desktop":
            from plandocket_desktop.ui import app

            before = root.handlers[:]
            watch.log_path = app.setup_logging()
            watch.log_handlers = [h for h in root.handlers if h not in before]
            assert watch.log_handlers, "the app's logging set-up added no handler"
            assert _inside(watch.log_path, home), watch.log_path
        try:
            yield watch
        finally:
            for handler in watch.log_handlers:
                root.removeHandler(handler)
                handler.close()
            root.setLevel(level)


@contextlib.contextmanager
def _qt_settings_in(folder: Path) -> Iterator[None]:
    """QSettings made from organisation and application names land in ``folder`` too."""
    from PySide6.QtCore import QSettings, QStandardPaths

    default = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    formats = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)
    for fmt in formats:
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    try:
        yield
    finally:
        for fmt in formats:
            QSettings.setPath(fmt, QSettings.Scope.UserScope, default)
