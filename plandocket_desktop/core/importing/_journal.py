"""The import journal: every batch's state on disk, so an interrupted import can be resumed.

One SQLite database in the data directory (WAL, ``synchronous=FULL``: a batch recorded as
answered survives a crash of the app or the machine). It holds the draft the user chose (never
the API key), the source file's fingerprint, and per batch: started, or answered with the
outcome of every row.

It stays small: finished imports older than ``keep_days()`` (90 days unless the settings say
otherwise) are pruned when an import starts, and the file is vacuumed then; their history
lines stay. A journal that is not a database any more (damaged by a disk error, overwritten)
is moved aside with a warning and a fresh one is started: the app never fails to start on it.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import logging
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from plandocket_desktop.core import errors, paths
from plandocket_desktop.core.importing import _undo_data
from plandocket_desktop.core.importing._reasons import RowReason
from plandocket_desktop.core.types import (
    ImportDraft,
    ImportOptions,
    MatchField,
    Mode,
    Outcome,
    Target,
)
from plandocket_desktop.i18n import _

log = logging.getLogger(__name__)

FILE_NAME = "journal.sqlite3"
# Finished imports are kept this many days unless the settings file says otherwise:
# ``[journal]`` ``keep_days=N`` in the config folder's desktop.ini (the wizard's settings).
KEEP_DAYS = 90
SETTINGS_FILE = "desktop.ini"
# sqlite3 result codes of a file that is not (any more) a database.
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_ANSWERED = (
    "INSERT INTO batches (job_id, batch, state, size, started_at, answered_at, rows) "
    "VALUES (?,?,?,?,?,?,?) ON CONFLICT (job_id, batch) DO UPDATE SET "
    "state = excluded.state, answered_at = excluded.answered_at, rows = excluded.rows"
)
_STARTED = (
    "INSERT INTO batches (job_id, batch, state, size, started_at) VALUES (?,?,?,?,?) "
    "ON CONFLICT (job_id, batch) DO UPDATE SET started_at = excluded.started_at"
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL,              -- open, finished, cancelled, stopped
    tenant TEXT NOT NULL,
    file_path TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    file_sha256 TEXT NOT NULL,
    draft TEXT NOT NULL,               -- JSON, see draft_to_json
    batch_size INTEGER NOT NULL,
    batch_count INTEGER NOT NULL DEFAULT 0,
    rows_total INTEGER NOT NULL DEFAULT 0,
    note TEXT
);
CREATE TABLE IF NOT EXISTS batches (
    job_id TEXT NOT NULL REFERENCES jobs(id),
    batch INTEGER NOT NULL,
    state TEXT NOT NULL,               -- started, answered
    size INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    answered_at TEXT,
    rows TEXT,                         -- JSON [[index, outcome, message], ...]
    PRIMARY KEY (job_id, batch)
);
"""
# What undo needs (see ``_undo_data.py``); imports journalled before these tables existed have
# no ``undo_jobs`` row and cannot be undone.
_SCHEMA_UNDO = _undo_data.SCHEMA


@dataclass(frozen=True)
class Fingerprint:
    """Size and SHA-256 of a file: a resumed import must read the very same file."""

    size: int
    sha256: str


def fingerprint(path: Path) -> Fingerprint:
    """Hash the file in 1 MiB chunks (streaming; a 100 MB file takes well under a second)."""
    try:
        with Path(path).open("rb") as fh:
            digest = hashlib.file_digest(fh, "sha256")
            size = fh.tell()
    except OSError as exc:
        raise errors.JournalError(
            _("The file {name} cannot be read.").format(name=Path(path).name)
        ) from exc
    return Fingerprint(size=size, sha256=digest.hexdigest())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- the draft as JSON ------------------------------------------------------------------


def draft_to_json(draft: ImportDraft) -> str:
    """Everything needed to rebuild the same batches; the draft never holds the key."""
    o = draft.options
    data = {
        "tenant": draft.tenant,
        "practice": draft.practice,
        "path": str(draft.path) if draft.path else None,
        "sheet": draft.sheet,
        "header_row": draft.header_row,
        "options": {
            "target": o.target.value,
            "mode": o.mode.value,
            "match_field": o.match_field.value,
            "skip_on_error": o.skip_on_error,
            "event_key": o.event_key,
            "create_contacts": o.create_contacts,
        },
        "mapping": draft.mapping,
        "fixed_values": draft.fixed_values,
        "edits": [[r, h, t] for (r, h), t in sorted(draft.edits.items())],
        "excluded_rows": sorted(draft.excluded_rows),
        "batch_size": draft.batch_size,
        "profile_name": draft.profile_name,
        "event_column": draft.event_column,
        "event_routes": draft.event_routes,
    }
    return json.dumps(data, ensure_ascii=False)


def draft_from_json(text: str) -> ImportDraft:
    data: dict[str, Any] = json.loads(text)
    o = data["options"]
    options = ImportOptions(
        target=Target(o["target"]),
        mode=Mode(o["mode"]),
        match_field=MatchField(o["match_field"]),
        skip_on_error=bool(o["skip_on_error"]),
        event_key=o.get("event_key"),
        create_contacts=bool(o.get("create_contacts", True)),
    )
    return ImportDraft(
        tenant=data.get("tenant", ""),
        practice=bool(data.get("practice", False)),
        path=Path(data["path"]) if data.get("path") else None,
        sheet=data.get("sheet"),
        header_row=data.get("header_row"),
        options=options,
        mapping=dict(data.get("mapping", {})),
        fixed_values=dict(data.get("fixed_values", {})),
        edits={(int(r), str(h)): str(t) for r, h, t in data.get("edits", [])},
        excluded_rows={int(r) for r in data.get("excluded_rows", [])},
        batch_size=int(data.get("batch_size", 1000)),
        profile_name=data.get("profile_name"),
        event_column=data.get("event_column"),
        event_routes=dict(data.get("event_routes") or {}),
    )


# --- the store --------------------------------------------------------------------------


@dataclass(frozen=True)
class JournalEntry:
    """An import in the journal, as listed for the "resume?" offer."""

    job_id: str
    created_at: str
    updated_at: str
    status: str
    tenant: str
    file_path: Path
    batch_count: int
    batches_answered: int
    rows_total: int
    note: str | None
    draft: ImportDraft

    @property
    def file_name(self) -> str:
        return self.file_path.name


def keep_days() -> int:
    """How many days finished imports stay in the journal (the setting, else ``KEEP_DAYS``)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(paths.config_dir() / SETTINGS_FILE, encoding="utf-8")
        days = parser.getint("journal", "keep_days", fallback=KEEP_DAYS)
    except (configparser.Error, ValueError, OSError, UnicodeError):
        return KEEP_DAYS
    return days if days >= 1 else KEEP_DAYS


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.executescript(_SCHEMA)
        conn.executescript(_SCHEMA_UNDO)
    except BaseException:
        conn.close()
        raise
    return conn


def _damaged(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) in _DAMAGED


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and a SQLite file's ``-wal``/``-shm``) out of the way."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    return aside


def _open_or_start_afresh(path: Path, warnings: list[str]) -> sqlite3.Connection:
    try:
        try:
            return _connect(path)
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
        try:
            aside = move_aside(path)
        except FileNotFoundError:  # another window moved it a moment ago
            aside = None
        except OSError as exc:
            raise errors.JournalError(
                _(
                    "The import journal is damaged and cannot be moved aside; check that the "
                    "data folder is writable."
                )
            ) from exc
        if aside is not None:
            log.warning("The import journal %s was damaged; moved aside to %s", path, aside)
            warnings.append(
                _(
                    "The import journal was damaged. It was kept as {name} and a new one was "
                    "started; imports interrupted before then cannot be resumed."
                ).format(name=aside.name)
            )
        return _connect(path)
    except (sqlite3.Error, OSError) as exc:
        raise errors.JournalError(
            _("The import journal cannot be opened; check that the data folder is writable.")
        ) from exc


class JournalStore:
    """All journalled imports of this computer (``paths.data_dir()/journal.sqlite3``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / FILE_NAME
        self.warnings: list[str] = []  # sentences for the user (a damaged journal moved aside)
        self._conn = _open_or_start_afresh(self.path, self.warnings)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> JournalStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def create(
        self,
        draft: ImportDraft,
        *,
        file_fingerprint: Fingerprint | None = None,
        tenant: str | None = None,
    ) -> JobJournal:
        """Start the journal of a new import of ``draft.path``."""
        if draft.path is None:
            raise errors.JournalError(_("There is no file to import."))
        fp = file_fingerprint or fingerprint(draft.path)
        job_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        now = _now()
        with self._lock:
            self._conn.execute(
                "INSERT INTO jobs (id, created_at, updated_at, status, tenant, file_path, "
                "file_size, file_sha256, draft, batch_size) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    job_id,
                    now,
                    now,
                    "open",
                    tenant if tenant is not None else draft.tenant,
                    str(Path(draft.path).resolve()),
                    fp.size,
                    fp.sha256,
                    draft_to_json(draft),
                    draft.batch_size,
                ),
            )
            self._conn.execute(_undo_data.RECORDING, (job_id, now))
        return JobJournal(self, job_id)

    def prune(self, days: int | None = None, *, now: datetime | None = None) -> int:
        """Forget imports that ended more than ``days`` ago (``keep_days()``); vacuum after.

        Open (interrupted or running) imports stay whatever their age; the history keeps its
        line of every import. Returns how many imports were pruned.
        """
        days = keep_days() if days is None else days
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="seconds")
        old = "SELECT id FROM jobs WHERE status != 'open' AND updated_at < ?"
        pruned = len(self._execute(old, (cutoff,)))
        if not pruned:
            return 0
        self._transaction(
            [
                (f"DELETE FROM batches WHERE job_id IN ({old})", (cutoff,)),
                ("DELETE FROM jobs WHERE status != 'open' AND updated_at < ?", (cutoff,)),
            ]
        )
        try:
            with self._lock:
                # Not 30 s behind another window's batch: a busy journal is vacuumed next time.
                self._conn.execute("PRAGMA busy_timeout = 2000")
                try:
                    self._conn.execute("VACUUM")
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    self._conn.execute("PRAGMA busy_timeout = 30000")
        except sqlite3.Error:  # another window reads it now: smaller next time
            log.info("The import journal was pruned but not vacuumed (busy).")
        log.info("Pruned %d finished imports older than %d days from the journal.", pruned, days)
        return pruned

    def open(self, job_id: str) -> JobJournal:
        """The journal of an earlier import; JournalError when there is none."""
        if self.entry(job_id) is None:
            raise errors.JournalError(
                _("There is no interrupted import called {job}.").format(job=job_id)
            )
        return JobJournal(self, job_id)

    def entry(self, job_id: str) -> JournalEntry | None:
        rows = self._entries("WHERE j.id = ?", (job_id,))
        return rows[0] if rows else None

    def unfinished(self) -> list[JournalEntry]:
        """Imports that were interrupted (newest first): offered for resuming."""
        return self._entries("WHERE j.status = 'open'", ())

    def all(self) -> list[JournalEntry]:
        return self._entries("", ())

    def _entries(self, where: str, args: tuple[object, ...]) -> list[JournalEntry]:
        sql = (
            "SELECT j.id, j.created_at, j.updated_at, j.status, j.tenant, j.file_path, "
            "j.batch_count, j.rows_total, j.note, j.draft, "
            "(SELECT COUNT(*) FROM batches b WHERE b.job_id = j.id AND b.state = 'answered') "
            f"FROM jobs j {where} ORDER BY j.created_at DESC, j.rowid DESC"
        )
        with self._lock:
            rows = self._conn.execute(sql, args).fetchall()
        return [
            JournalEntry(
                job_id=r[0],
                created_at=r[1],
                updated_at=r[2],
                status=r[3],
                tenant=r[4],
                file_path=Path(r[5]),
                batch_count=r[6],
                rows_total=r[7],
                note=r[8],
                draft=draft_from_json(r[9]),
                batches_answered=r[10],
            )
            for r in rows
        ]

    def _transaction(self, statements: list[tuple[str, tuple[object, ...]]]) -> None:
        try:
            with self._lock:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for sql, args in statements:
                        self._conn.execute(sql, args)
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise errors.JournalError(
                _("The import journal cannot be written; check the free disk space.")
            ) from exc

    def _execute(self, sql: str, args: tuple[object, ...]) -> list[Any]:
        try:
            with self._lock:
                return self._conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise errors.JournalError(
                _("The import journal cannot be written; check the free disk space.")
            ) from exc


class JobJournal:
    """The journal of one import. Its methods are called from the job's thread."""

    def __init__(self, store: JournalStore, job_id: str) -> None:
        self._store = store
        self.job_id = job_id

    def _row(self, column: str) -> Any:
        rows = self._store._execute(f"SELECT {column} FROM jobs WHERE id = ?", (self.job_id,))
        return rows[0][0]

    @property
    def draft(self) -> ImportDraft:
        return draft_from_json(self._row("draft"))

    @property
    def fingerprint(self) -> Fingerprint:
        rows = self._store._execute(
            "SELECT file_size, file_sha256 FROM jobs WHERE id = ?", (self.job_id,)
        )
        return Fingerprint(size=rows[0][0], sha256=rows[0][1])

    @property
    def status(self) -> str:
        return str(self._row("status"))

    @property
    def tenant(self) -> str:
        return str(self._row("tenant"))

    @property
    def batch_size(self) -> int:
        return int(self._row("batch_size"))

    def check_file(self, path: Path) -> None:
        """JournalError when the file is not the one this import started with."""
        if fingerprint(path) != self.fingerprint:
            raise errors.JournalError(
                _(
                    "The file {name} has changed since the import started, so it cannot be "
                    "resumed safely. Start a new import with the changed file instead."
                ).format(name=Path(path).name)
            )

    def begin(self, batch_count: int, rows_total: int) -> None:
        self._store._execute(
            "UPDATE jobs SET batch_count = ?, rows_total = ?, updated_at = ? WHERE id = ?",
            (batch_count, rows_total, _now(), self.job_id),
        )

    def batch_started(self, batch: int, size: int) -> None:
        self._store._execute(_STARTED, (self.job_id, batch, "started", size, _now()))

    def batch_finished(
        self,
        batch: int,
        rows: list[tuple[int, Outcome, str]],
        *,
        next_batch: tuple[int, int] | None = None,
        undo: list[_undo_data.UndoRow] | None = None,
    ) -> None:
        """Record a batch's answer; ``next_batch`` (number, size) is marked started with it.

        Both go into one transaction, so each batch costs one flush to disk, not two.
        """
        payload = json.dumps([_row_json(i, o, m) for i, o, m in rows], ensure_ascii=False)
        now = _now()
        statements: list[tuple[str, tuple[object, ...]]] = [
            (_ANSWERED, (self.job_id, batch, "answered", len(rows), now, now, payload)),
            ("UPDATE jobs SET updated_at = ? WHERE id = ?", (now, self.job_id)),
        ]
        if next_batch is not None:
            started = (self.job_id, next_batch[0], "started", next_batch[1], now)
            statements.append((_STARTED, started))
        statements.extend(_undo_data.row_statements(self.job_id, undo or ()))
        self._store._transaction(statements)

    def recorded(self) -> dict[int, list[tuple[int, Outcome, str]]]:
        """The answered batches with the outcome of each of their rows."""
        rows = self._store._execute(
            "SELECT batch, rows FROM batches WHERE job_id = ? AND state = 'answered'",
            (self.job_id,),
        )
        return {int(b): [_row_from_json(row) for row in json.loads(payload)] for b, payload in rows}

    def started_unanswered(self) -> list[int]:
        rows = self._store._execute(
            "SELECT batch FROM batches WHERE job_id = ? AND state = 'started' ORDER BY batch",
            (self.job_id,),
        )
        return [int(r[0]) for r in rows]

    @property
    def undo(self) -> _undo_data.UndoData:
        """What undo needs of this import, read and written through this journal's store."""
        return _undo_data.UndoData(self._store._execute, self._store._transaction, self.job_id)

    def note(self, text: str) -> None:
        self._store._execute(
            "UPDATE jobs SET note = ?, updated_at = ? WHERE id = ?", (text, _now(), self.job_id)
        )

    def close(self, status: str = "finished") -> None:
        """Mark the import done: it is no longer offered for resuming."""
        self._store._execute(
            "UPDATE jobs SET status = ?, updated_at = ? WHERE id = ?",
            (status, _now(), self.job_id),
        )

    def reopen(self) -> None:
        self._store._execute(
            "UPDATE jobs SET status = 'open', updated_at = ? WHERE id = ?", (_now(), self.job_id)
        )


def _row_json(index: int, outcome: Outcome, message: str) -> list[object]:
    """A row's answer for the journal: our own reasons as codes (``[i, outcome, "", code]``),
    PlanDocket's texts as they came (``[i, outcome, text]``)."""
    if isinstance(message, RowReason):
        return [index, outcome.value, "", message.value]
    return [index, outcome.value, message]


def _row_from_json(row: list[Any]) -> tuple[int, Outcome, str]:
    index, outcome, message = int(row[0]), Outcome(row[1]), str(row[2])
    if len(row) > 3:
        try:
            return index, outcome, RowReason(row[3])
        except ValueError:  # a code of a newer version: its text is not known here
            pass
    return index, outcome, message
