"""What the journal keeps so that an import can be undone, and what an undo has done so far.

Three tables beside the journal's ``jobs`` and ``batches`` (same database, same transactions):

* ``undo_jobs``: one row per import that records undo data (``recorded_from``: when it started,
  UTC), and the state of its undo (``undo_status`` NULL, ``running`` or ``done``). An import of an
  older version has no row: it cannot be undone.
* ``undo_rows``: per row of the file what the import did that undo can take back: ``created``
  (the contact's id when PlanDocket gave it), ``maybe_created`` (sent in a batch answered with
  counts only: undo decides by the contact's ``created_at``), ``updated`` (the previous values of
  the fields that changed), ``participant`` (the participation's id). Written in the same
  transaction as the batch's answer.
* ``undo_snapshots``: the values of the contacts a batch was about to change, taken just before it
  was sent (kept, so a batch sent again after a crash does not take its own changes for old
  values).
* ``undo_steps``: what the undo did per row, so an interrupted undo resumes without acting twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS undo_jobs (
    job_id TEXT PRIMARY KEY,
    recorded_from TEXT NOT NULL,       -- when the import started (UTC, ISO)
    undo_status TEXT,                  -- NULL, running, done
    undo_started_at TEXT,
    undo_finished_at TEXT
);
CREATE TABLE IF NOT EXISTS undo_rows (
    job_id TEXT NOT NULL,
    row_index INTEGER NOT NULL,
    kind TEXT NOT NULL,                -- created, maybe_created, updated, participant
    match_value TEXT,
    item_id INTEGER,                   -- contact id, or participation id for "participant"
    previous TEXT,                     -- JSON {field: old value} for "updated"
    answered_at TEXT NOT NULL,         -- when PlanDocket answered the batch (UTC, ISO)
    PRIMARY KEY (job_id, row_index, kind)
);
CREATE TABLE IF NOT EXISTS undo_snapshots (
    job_id TEXT NOT NULL,
    batch INTEGER NOT NULL,
    data TEXT NOT NULL,                -- JSON {position: [contact id, {field: value}]}
    PRIMARY KEY (job_id, batch)
);
CREATE TABLE IF NOT EXISTS undo_steps (
    job_id TEXT NOT NULL,
    row_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    result TEXT NOT NULL,              -- deleted, restored, removed, left_alone, failed
    reason TEXT,                       -- a code of _undo.LEFT_ALONE_REASONS
    contact_id INTEGER,
    stamp TEXT,                        -- the contact's updated_at after our restore
    PRIMARY KEY (job_id, row_index, kind)
);
"""
_INSERT_ROW: Final = (
    "INSERT OR REPLACE INTO undo_rows (job_id, row_index, kind, match_value, item_id, "
    "previous, answered_at) VALUES (?,?,?,?,?,?,?)"
)
_INSERT_STEP: Final = (
    "INSERT OR REPLACE INTO undo_steps (job_id, row_index, kind, result, reason, "
    "contact_id, stamp) VALUES (?,?,?,?,?,?,?)"
)
RECORDING: Final = "INSERT OR IGNORE INTO undo_jobs (job_id, recorded_from) VALUES (?, ?)"

CREATED: Final = "created"
MAYBE_CREATED: Final = "maybe_created"
UPDATED: Final = "updated"
PARTICIPANT: Final = "participant"

Statement = tuple[str, tuple[object, ...]]


@dataclass(frozen=True)
class UndoRow:
    """One thing an import did to PlanDocket that undo can take back."""

    row_index: int
    kind: str  # CREATED, MAYBE_CREATED, UPDATED, PARTICIPANT
    match_value: str | None
    item_id: int | None = None
    previous: Mapping[str, Any] = field(default_factory=dict)
    answered_at: str = ""


@dataclass(frozen=True)
class UndoStep:
    """What the undo did with one ``UndoRow``."""

    row_index: int
    kind: str
    result: str  # deleted, restored, removed, left_alone, failed
    reason: str | None = None
    contact_id: int | None = None
    stamp: str | None = None


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def row_statements(job_id: str, rows: Iterable[UndoRow]) -> list[Statement]:
    return [
        (
            _INSERT_ROW,
            (
                job_id,
                r.row_index,
                r.kind,
                r.match_value,
                r.item_id,
                json.dumps(dict(r.previous), ensure_ascii=False) if r.previous else None,
                r.answered_at or now_utc(),
            ),
        )
        for r in rows
    ]


class UndoData:
    """The undo tables of one import (``JobJournal.undo``)."""

    def __init__(
        self,
        execute: Callable[[str, tuple[object, ...]], list[Any]],
        transaction: Callable[[list[Statement]], None],
        job_id: str,
    ) -> None:
        self._execute = execute
        self._transaction = transaction
        self.job_id = job_id

    # --- written by the import ---------------------------------------------------------------

    @property
    def recorded_from(self) -> str | None:
        """When the import started; None: made by a version that kept no undo data."""
        rows = self._execute("SELECT recorded_from FROM undo_jobs WHERE job_id = ?", (self.job_id,))
        return str(rows[0][0]) if rows else None

    def snapshot(self, batch: int) -> dict[int, tuple[int, dict[str, Any]]] | None:
        rows = self._execute(
            "SELECT data FROM undo_snapshots WHERE job_id = ? AND batch = ?", (self.job_id, batch)
        )
        if not rows:
            return None
        data = json.loads(rows[0][0])
        return {int(p): (int(v[0]), dict(v[1])) for p, v in data.items()}

    def save_snapshot(self, batch: int, data: Mapping[int, tuple[int, Mapping[str, Any]]]) -> None:
        payload = json.dumps({str(p): [cid, dict(v)] for p, (cid, v) in data.items()})
        self._execute(
            "INSERT OR REPLACE INTO undo_snapshots (job_id, batch, data) VALUES (?,?,?)",
            (self.job_id, batch, payload),
        )

    def rows(self) -> list[UndoRow]:
        found = self._execute(
            "SELECT row_index, kind, match_value, item_id, previous, answered_at FROM undo_rows "
            "WHERE job_id = ? ORDER BY row_index, kind",
            (self.job_id,),
        )
        return [
            UndoRow(
                row_index=int(r[0]),
                kind=str(r[1]),
                match_value=r[2],
                item_id=None if r[3] is None else int(r[3]),
                previous=json.loads(r[4]) if r[4] else {},
                answered_at=str(r[5]),
            )
            for r in found
        ]

    # --- written by the undo -----------------------------------------------------------------

    @property
    def status(self) -> str | None:
        rows = self._execute("SELECT undo_status FROM undo_jobs WHERE job_id = ?", (self.job_id,))
        return rows[0][0] if rows else None

    @property
    def finished_at(self) -> str | None:
        rows = self._execute(
            "SELECT undo_finished_at FROM undo_jobs WHERE job_id = ?", (self.job_id,)
        )
        return rows[0][0] if rows else None

    def begin(self) -> None:
        self._execute(
            "UPDATE undo_jobs SET undo_status = 'running', "
            "undo_started_at = COALESCE(undo_started_at, ?) WHERE job_id = ?",
            (now_utc(), self.job_id),
        )

    def done(self) -> None:
        self._execute(
            "UPDATE undo_jobs SET undo_status = 'done', undo_finished_at = ? WHERE job_id = ?",
            (now_utc(), self.job_id),
        )

    def step(self, step: UndoStep) -> None:
        self._transaction(
            [
                (
                    _INSERT_STEP,
                    (
                        self.job_id,
                        step.row_index,
                        step.kind,
                        step.result,
                        step.reason,
                        step.contact_id,
                        step.stamp,
                    ),
                )
            ]
        )

    def steps(self) -> dict[tuple[int, str], UndoStep]:
        found = self._execute(
            "SELECT row_index, kind, result, reason, contact_id, stamp FROM undo_steps "
            "WHERE job_id = ?",
            (self.job_id,),
        )
        return {
            (int(r[0]), str(r[1])): UndoStep(int(r[0]), str(r[1]), r[2], r[3], r[4], r[5])
            for r in found
        }

    def our_stamps(self, contact_id: int) -> set[str]:
        """The ``updated_at`` values our own undos (of any import) left on a contact."""
        found = self._execute(
            "SELECT stamp FROM undo_steps WHERE contact_id = ? AND stamp IS NOT NULL",
            (contact_id,),
        )
        return {str(r[0]) for r in found}
