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

from plandocket_desktop.sandbox import batch_ops, demo, records
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
CONTACT_SORTS = (
    "id",
    "company_name",
    "last_name",
    "first_name",
    "email",
    "customer_number",
    "city",
    "created_at",
)


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
            batch = batch_ops.Batch(db)
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
        category_key: str | None = None,
        sort: str = "id",
        order: str = "ASC",
        page: int = 1,
        per_page: int | None = None,
    ) -> list[dict[str, Any]]:
        """Contacts (by id unless ``sort`` says otherwise); with ``per_page``, one page of them
        (see ``count_contacts``)."""
        if sort not in CONTACT_SORTS or order.upper() not in ("ASC", "DESC"):
            raise ValueError("bad sort")
        where, params = self._contact_filter(search, event_key, customer_number, category_key)
        sql = f"{_CONTACT_SELECT} WHERE {where} ORDER BY c.{sort} COLLATE NOCASE {order.upper()}"
        sql += ", c.id" if sort != "id" else ""
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
        category_key: str | None = None,
    ) -> int:
        where, params = self._contact_filter(search, event_key, customer_number, category_key)
        with self._lock:
            row = self._db.execute(f"SELECT count(*) FROM contacts c WHERE {where}", params)
            return int(row.fetchone()[0])

    @staticmethod
    def _contact_filter(
        search: str | None,
        event_key: str | None,
        customer_number: str | None,
        category_key: str | None = None,
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
        if category_key is not None:
            where.append(
                "c.id IN (SELECT contact_id FROM contact_categories WHERE category_key = ?)"
            )
            params.append(category_key)
        return " AND ".join(where), params

    def participants(
        self, event_key: str | None = None, *, page: int = 1, per_page: int | None = None
    ) -> list[dict[str, Any]]:
        """Participations (with the contact's name and match values), by id; with
        ``per_page``, one page of them (see ``count_participants``)."""
        sql = (
            "SELECT p.id, p.event_id, e.event_key, p.contact_id, c.email, c.customer_number,"
            " c.first_name, c.last_name, c.company_name, p.is_confirmed, p.created_at,"
            " p.updated_at FROM participants p JOIN events e ON e.id = p.event_id"
            " JOIN contacts c ON c.id = p.contact_id"
        )
        params: list[Any] = []
        if event_key is not None:
            sql += " WHERE e.event_key = ?"
            params.append(event_key)
        sql += " ORDER BY p.id"
        if per_page is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [per_page, (page - 1) * per_page]
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
        result = []
        for row in rows:
            data = dict(row)
            data["is_confirmed"] = bool(data["is_confirmed"])
            result.append(data)
        return result

    def count_participants(self, event_key: str) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT count(*) FROM participants p JOIN events e ON e.id = p.event_id"
                " WHERE e.event_key = ?",
                (event_key,),
            ).fetchone()
        return int(row[0])

    def participant(self, participant_id: int) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT p.id FROM participants p WHERE p.id = ?", (participant_id,)
            ).fetchone()
        if row is None:
            return None
        found = [p for p in self.participants() if p["id"] == participant_id]
        return found[0] if found else None

    def delete_participant(self, participant_id: int) -> bool:
        """Remove a person from an event (the contact stays); False when there was none."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM participants WHERE id = ?", (participant_id,))
        return cursor.rowcount > 0

    # --- single contacts ----------------------------------------------------------------

    def contact(self, contact_id: int) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(f"{_CONTACT_SELECT} WHERE c.id = ?", (contact_id,)).fetchone()
        return None if row is None else _contact_dict(row)

    def create_contact(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /contacts``: a new contact; ``RecordError`` when the body cannot be one."""
        record = records.check(body, None, participant=False)
        if record.values.get("email") is None and record.values.get("customer_number") is None:
            raise RecordError("The email field is required.")
        with self._transaction() as db:
            contact_id = batch_ops.Batch(db).create_contact(record)
        found = self.contact(contact_id)
        assert found is not None
        return found

    def update_contact(
        self, contact_id: int, body: Mapping[str, Any], *, replace: bool = False
    ) -> dict[str, Any] | None:
        """``PATCH`` (only the fields sent; ``null`` or ``""`` clears one) or ``PUT``
        (``replace``: fields not sent are cleared); None when there is no such contact."""
        record = records.check(body, None, participant=False)
        sent = set(body) & set(records.TEXT_FIELDS)
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM contacts WHERE id = ?", (contact_id,)).fetchone() is None:
                return None
            batch = batch_ops.Batch(db)
            cleared = [
                name
                for name in records.TEXT_FIELDS
                if name not in record.values and (replace or name in sent)
            ]
            batch.update_contact(record, contact_id, cleared=cleared)
            if record.category_keys is not None:
                db.execute("DELETE FROM contact_categories WHERE contact_id = ?", (contact_id,))
                batch.link_categories(record.category_keys, contact_id)
        return self.contact(contact_id)

    def delete_contact(self, contact_id: int) -> bool:
        """Delete a contact with its participations; False when there was none."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
        return cursor.rowcount > 0

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
                batch = batch_ops.Batch(self._db)
                event_id: int | None = None
                if target == "participants":
                    event_id = batch.event_ids.get(event_key or "")
                    if event_id is None:
                        raise EventNotFoundError(event_key)
                for index, raw in enumerate(items):
                    self._db.execute("SAVEPOINT rec")
                    mapped = records.rename(raw, field_mapping) if isinstance(raw, Mapping) else raw
                    try:
                        record = records.check(
                            mapped, match_field, participant=event_id is not None
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
