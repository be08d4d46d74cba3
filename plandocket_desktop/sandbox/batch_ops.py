"""Record-level work of a bulk import inside one open SQLite transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from typing import Any

from plandocket_desktop.sandbox import records
from plandocket_desktop.sandbox.records import RecordError


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Batch:
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

    def update_contact(
        self, record: records.Record, contact_id: int, *, cleared: Sequence[str] = ()
    ) -> None:
        """Write the record's fields; ``cleared`` text fields become empty (NULL)."""
        self._check_unique(record, contact_id)
        self._check_keys(record)
        values: dict[str, Any] = dict(record.values)
        values.update(dict.fromkeys(cleared))
        if "email" in values:
            values["email_key"] = record.email_key
        values["updated_at"] = self.now
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.db.execute(
            f"UPDATE contacts SET {assignments} WHERE id = ?",
            [*values.values(), contact_id],
        )
        self._link(record, contact_id)

    def link_categories(self, keys: Sequence[str], contact_id: int) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO contact_categories (contact_id, category_key) VALUES (?, ?)",
            [(contact_id, key) for key in keys],
        )

    def _link(self, record: records.Record, contact_id: int) -> None:
        if record.category_keys:
            self.link_categories(record.category_keys, contact_id)
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
