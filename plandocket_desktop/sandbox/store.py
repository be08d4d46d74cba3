"""The sandbox tenant's data in SQLite (WAL mode): events, categories, contacts, participants.

One connection per store, guarded by a lock: the server's event loop and the tests' thread
both use it. Each bulk import runs in one transaction, each record in a savepoint.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plandocket_desktop.sandbox import demo, records
from plandocket_desktop.sandbox.records import RecordError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    event_key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT,
    country TEXT,
    state TEXT,
    city TEXT,
    date_from TEXT,
    date_to TEXT,
    application_deadline TEXT,
    is_visible INTEGER NOT NULL DEFAULT 1,
    image TEXT
);
CREATE TABLE IF NOT EXISTS categories (key TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY,
    email TEXT,
    email_key TEXT UNIQUE,
    customer_number TEXT UNIQUE,
    company_name TEXT, first_name TEXT, last_name TEXT, phone TEXT, fax TEXT, mobile TEXT,
    address TEXT, postal_code TEXT, city TEXT, country TEXT, state TEXT, website TEXT,
    notes TEXT, tax_id TEXT,
    rating INTEGER NOT NULL DEFAULT 3,
    account_access_enabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS contact_categories (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    category_key TEXT NOT NULL,
    PRIMARY KEY (contact_id, category_key)
);
CREATE TABLE IF NOT EXISTS participants (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    is_confirmed INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (event_id, contact_id)
);
"""

_CONTACT_SELECT = """
SELECT c.*,
  (SELECT group_concat(category_key, ',') FROM
     (SELECT category_key FROM contact_categories WHERE contact_id = c.id ORDER BY category_key))
     AS category_list,
  (SELECT group_concat(event_key, ',') FROM
     (SELECT e.event_key FROM participants p JOIN events e ON e.id = p.event_id
      WHERE p.contact_id = c.id ORDER BY e.event_key)) AS event_list
FROM contacts c
"""

EVENT_SORTS = ("title", "event_key", "date_from", "date_to", "city")


class EventNotFoundError(LookupError):
    """The bulk import or listing names an event the tenant does not have."""


@dataclass
class BulkOutcome:
    """What one bulk import did; ``as_response()`` is the documented JSON body."""

    total: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    contacts_created: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)
    rolled_back: bool = False

    def as_response(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "contacts_created": self.contacts_created,
            "errors": self.errors,
            "details": self.details,
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _contact_dict(row: sqlite3.Row) -> dict[str, Any]:
    data = {name: row[name] for name in ("id", *records.CONTACT_COLUMNS)}
    data["account_access_enabled"] = bool(data["account_access_enabled"])
    data["category_keys"] = row["category_list"].split(",") if row["category_list"] else []
    data["event_keys"] = row["event_list"].split(",") if row["event_list"] else []
    data["created_at"] = row["created_at"]
    data["updated_at"] = row["updated_at"]
    return data


def _event_dict(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    data["is_visible"] = bool(data["is_visible"])
    return data


class Store:
    """The tenant's data. Thread-safe: every method holds the store's lock."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    # --- tenant set-up ------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self._lock:
            return bool(self._db.execute("SELECT count(*) FROM events").fetchone()[0] == 0)

    def wipe(self) -> None:
        with self._transaction() as db:
            for table in ("participants", "contact_categories", "contacts", "categories", "events"):
                db.execute(f"DELETE FROM {table}")

    def seed_demo(self, today: dt.date | None = None) -> None:
        """Add the demo tenant (events, categories, contacts with participations)."""
        with self._transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO categories (key, name) VALUES (?, ?)", demo.CATEGORIES
            )
            db.executemany(
                "INSERT OR IGNORE INTO events (event_key, title, description, country, state, city,"
                " date_from, date_to, application_deadline, is_visible)"
                " VALUES (:event_key, :title, :description, :country, :state, :city, :date_from,"
                " :date_to, :application_deadline, :is_visible)",
                demo.events(today),
            )
            batch = _Batch(db)
            for entry in demo.CONTACTS:
                if batch.find("email", entry["email"].lower()) is not None:
                    continue
                record = records.check(entry, "email", participant=False)
                contact_id = batch.create_contact(record)
                if entry.get("is_confirmed"):
                    db.execute(
                        "UPDATE participants SET is_confirmed = 1 WHERE contact_id = ?",
                        (contact_id,),
                    )

    # --- reading ------------------------------------------------------------------------

    def events(
        self,
        *,
        search: str | None = None,
        visible: bool | None = None,
        upcoming: bool = False,
        sort: str = "date_from",
        order: str = "ASC",
        today: dt.date | None = None,
    ) -> list[dict[str, Any]]:
        """Events, filtered and sorted like ``GET /api/v1/events``."""
        if sort not in EVENT_SORTS or order.upper() not in ("ASC", "DESC"):
            raise ValueError("bad sort")
        where: list[str] = ["1=1"]
        params: list[Any] = []
        if search:
            where.append("(title LIKE ? OR event_key LIKE ? OR city LIKE ? OR description LIKE ?)")
            params += [f"%{search}%"] * 4
        if visible is not None:
            where.append("is_visible = ?")
            params.append(int(visible))
        if upcoming:
            where.append("date_from >= ?")
            params.append((today or dt.date.today()).isoformat())
        sql = (
            f"SELECT * FROM events WHERE {' AND '.join(where)}"
            f" ORDER BY {sort} COLLATE NOCASE {order.upper()}, id"
        )
        with self._lock:
            return [_event_dict(row) for row in self._db.execute(sql, params)]

    def event_id(self, event_key: str) -> int | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id FROM events WHERE event_key = ?", (event_key,)
            ).fetchone()
        return None if row is None else int(row[0])

    def contacts(
        self,
        *,
        search: str | None = None,
        event_key: str | None = None,
        customer_number: str | None = None,
        page: int = 1,
        per_page: int | None = None,
    ) -> list[dict[str, Any]]:
        """Contacts by id; with ``per_page``, one page of them (see ``count_contacts``)."""
        where, params = self._contact_filter(search, event_key, customer_number)
        sql = f"{_CONTACT_SELECT} WHERE {where} ORDER BY c.id"
        if per_page is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, per_page, (page - 1) * per_page]
        with self._lock:
            return [_contact_dict(row) for row in self._db.execute(sql, params)]

    def count_contacts(
        self,
        *,
        search: str | None = None,
        event_key: str | None = None,
        customer_number: str | None = None,
    ) -> int:
        where, params = self._contact_filter(search, event_key, customer_number)
        with self._lock:
            row = self._db.execute(f"SELECT count(*) FROM contacts c WHERE {where}", params)
            return int(row.fetchone()[0])

    @staticmethod
    def _contact_filter(
        search: str | None, event_key: str | None, customer_number: str | None
    ) -> tuple[str, list[Any]]:
        where: list[str] = ["1=1"]
        params: list[Any] = []
        if search:
            where.append(
                "(c.email LIKE ? OR c.first_name LIKE ? OR c.last_name LIKE ?"
                " OR c.company_name LIKE ? OR c.customer_number LIKE ? OR c.city LIKE ?)"
            )
            params += [f"%{search}%"] * 6
        if event_key is not None:
            where.append(
                "c.id IN (SELECT p.contact_id FROM participants p JOIN events e"
                " ON e.id = p.event_id WHERE e.event_key = ?)"
            )
            params.append(event_key)
        if customer_number is not None:
            where.append("c.customer_number = ?")
            params.append(customer_number)
        return " AND ".join(where), params

    def participants(self, event_key: str | None = None) -> list[dict[str, Any]]:
        """Participations (with the contact's name and match values), by id."""
        sql = (
            "SELECT p.id, e.event_key, p.contact_id, c.email, c.customer_number, c.first_name,"
            " c.last_name, c.company_name, p.is_confirmed, p.created_at, p.updated_at"
            " FROM participants p JOIN events e ON e.id = p.event_id"
            " JOIN contacts c ON c.id = p.contact_id"
        )
        params: list[Any] = []
        if event_key is not None:
            sql += " WHERE e.event_key = ?"
            params.append(event_key)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY p.id", params).fetchall()
        result = []
        for row in rows:
            data = dict(row)
            data["is_confirmed"] = bool(data["is_confirmed"])
            result.append(data)
        return result

    # --- bulk import --------------------------------------------------------------------

    def bulk_import(
        self,
        target: str,
        items: list[Any],
        *,
        mode: str = "create",
        match_field: str = "email",
        skip_on_error: bool = True,
        field_mapping: Mapping[str, str] | None = None,
        event_key: str | None = None,
        create_contacts: bool = True,
    ) -> BulkOutcome:
        """Apply one batch; with ``skip_on_error`` false, any failing record undoes all of it.

        Raises ``EventNotFoundError`` (participants) before anything is written.
        """
        outcome = BulkOutcome(total=len(items))
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                batch = _Batch(self._db)
                event_id: int | None = None
                if target == "participants":
                    event_id = batch.event_ids.get(event_key or "")
                    if event_id is None:
                        raise EventNotFoundError(event_key)
                for index, raw in enumerate(items):
                    self._db.execute("SAVEPOINT rec")
                    try:
                        record = records.check(
                            records.rename(raw, field_mapping) if isinstance(raw, Mapping) else raw,
                            match_field,
                            participant=event_id is not None,
                        )
                        if event_id is None:
                            status, row_id = batch.import_contact(record, mode, match_field)
                        else:
                            status, row_id, new_contact = batch.import_participant(
                                record, mode, match_field, event_id, create_contacts
                            )
                            outcome.contacts_created += new_contact
                    except RecordError as exc:
                        self._db.execute("ROLLBACK TO rec")
                        self._db.execute("RELEASE rec")
                        error: dict[str, Any] = {"index": index, "error": str(exc)}
                        mapped = (
                            records.rename(raw, field_mapping) if isinstance(raw, Mapping) else raw
                        )
                        error[match_field] = records.match_value(mapped, match_field)
                        outcome.errors.append(error)
                        outcome.details.append({"index": index, "status": "failed", "id": None})
                        continue
                    self._db.execute("RELEASE rec")
                    setattr(outcome, status, getattr(outcome, status) + 1)
                    outcome.details.append({"index": index, "status": status, "id": row_id})
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            if outcome.errors and not skip_on_error:
                self._db.execute("ROLLBACK")
                outcome.created = outcome.updated = outcome.skipped = outcome.contacts_created = 0
                outcome.details = [d for d in outcome.details if d["status"] == "failed"]
                outcome.rolled_back = True
            else:
                self._db.execute("COMMIT")
        return outcome


class _Batch:
    """Record-level work inside one open transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.now = _now()
        self.event_ids: dict[str, int] = dict(
            db.execute("SELECT event_key, id FROM events").fetchall()
        )
        self.categories = {row[0] for row in db.execute("SELECT key FROM categories")}

    def find(self, match_field: str, value: str) -> int | None:
        column = "email_key" if match_field == "email" else "customer_number"
        row = self.db.execute(f"SELECT id FROM contacts WHERE {column} = ?", (value,)).fetchone()
        return None if row is None else int(row[0])

    def _match(self, record: records.Record, match_field: str) -> int | None:
        value = record.email_key if match_field == "email" else record.values["customer_number"]
        return self.find(match_field, value) if value is not None else None

    def _check_unique(self, record: records.Record, contact_id: int | None) -> None:
        email_key = record.email_key
        if email_key is not None:
            other = self.find("email", email_key)
            if other is not None and other != contact_id:
                raise RecordError(f"The email '{record.values['email']}' is already in use.")
        number = record.values.get("customer_number")
        if number is not None:
            other = self.find("customer_number", number)
            if other is not None and other != contact_id:
                raise RecordError(f"The customer number '{number}' is already in use.")

    def _check_keys(self, record: records.Record) -> None:
        for key in record.category_keys or ():
            if key not in self.categories:
                raise RecordError(f"Unknown category: '{key}'.")
        for key in record.event_keys or ():
            if key not in self.event_ids:
                raise RecordError(f"Unknown event: '{key}'.")

    def create_contact(self, record: records.Record) -> int:
        self._check_unique(record, None)
        self._check_keys(record)
        values = dict(record.values)
        values["email_key"] = record.email_key
        values["created_at"] = values["updated_at"] = self.now
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        cursor = self.db.execute(
            f"INSERT INTO contacts ({columns}) VALUES ({marks})",
            list(values.values()),
        )
        contact_id = int(cursor.lastrowid or 0)
        if "customer_number" not in values:
            # PlanDocket numbers contacts that come without a customer number.
            number, suffix = f"PD-{contact_id:06d}", 0
            while self.find("customer_number", number) is not None:
                suffix += 1
                number = f"PD-{contact_id:06d}-{suffix}"
            self.db.execute(
                "UPDATE contacts SET customer_number = ? WHERE id = ?", (number, contact_id)
            )
        self._link(record, contact_id)
        return contact_id

    def update_contact(self, record: records.Record, contact_id: int) -> None:
        self._check_unique(record, contact_id)
        self._check_keys(record)
        values = dict(record.values)
        if "email" in values:
            values["email_key"] = record.email_key
        values["updated_at"] = self.now
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.db.execute(
            f"UPDATE contacts SET {assignments} WHERE id = ?",
            [*values.values(), contact_id],
        )
        self._link(record, contact_id)

    def _link(self, record: records.Record, contact_id: int) -> None:
        if record.category_keys:
            self.db.executemany(
                "INSERT OR IGNORE INTO contact_categories (contact_id, category_key) VALUES (?, ?)",
                [(contact_id, key) for key in record.category_keys],
            )
        for key in record.event_keys or ():
            self.add_participation(self.event_ids[key], contact_id, False, ignore_existing=True)

    def add_participation(
        self, event_id: int, contact_id: int, confirmed: bool, *, ignore_existing: bool = False
    ) -> int:
        verb = "INSERT OR IGNORE" if ignore_existing else "INSERT"
        cursor = self.db.execute(
            f"{verb} INTO participants (event_id, contact_id, is_confirmed, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (event_id, contact_id, int(confirmed), self.now, self.now),
        )
        return int(cursor.lastrowid or 0)

    def import_contact(
        self, record: records.Record, mode: str, match_field: str
    ) -> tuple[str, int | None]:
        existing = self._match(record, match_field)
        if existing is None:
            if mode == "update":
                return "skipped", None
            return "created", self.create_contact(record)
        if mode == "create":
            return "skipped", existing
        self.update_contact(record, existing)
        return "updated", existing

    def import_participant(
        self,
        record: records.Record,
        mode: str,
        match_field: str,
        event_id: int,
        create_contacts: bool,
    ) -> tuple[str, int | None, int]:
        contact_id = self._match(record, match_field)
        confirmed = bool(record.is_confirmed)
        if contact_id is None:
            if mode == "update" or not create_contacts:
                return "skipped", None, 0
            contact_id = self.create_contact(record)
            return "created", self.add_participation(event_id, contact_id, confirmed), 1
        row = self.db.execute(
            "SELECT id FROM participants WHERE event_id = ? AND contact_id = ?",
            (event_id, contact_id),
        ).fetchone()
        if row is None:
            if mode == "update":
                return "skipped", None, 0
            return "created", self.add_participation(event_id, contact_id, confirmed), 0
        if mode == "create":
            return "skipped", int(row[0]), 0
        if record.is_confirmed is not None:
            self.db.execute(
                "UPDATE participants SET is_confirmed = ?, updated_at = ? WHERE id = ?",
                (int(record.is_confirmed), self.now, row[0]),
            )
        return "updated", int(row[0]), 0
