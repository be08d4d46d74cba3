"""The demo tenant: events (some upcoming, relative to today), categories and a few contacts."""

from __future__ import annotations

import datetime as dt
from typing import Any

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("customer", "Customer"),
    ("exhibitor", "Exhibitor"),
    ("partner", "Partner"),
    ("press", "Press"),
    ("speaker", "Speaker"),
    ("vip", "VIP"),
    ("sponsor", "Sponsor"),
    ("supplier", "Supplier"),
    ("visitor", "Visitor"),
    ("member", "Member"),
    # German tenants name their categories in German.
    ("kunde", "Kunde"),
    ("aussteller", "Aussteller"),
    ("presse", "Presse"),
    ("referent", "Referent"),
    ("besucher", "Besucher"),
    ("lieferant", "Lieferant"),
    ("mitglied", "Mitglied"),
    ("messe", "Messe"),
)


def events(today: dt.date | None = None) -> list[dict[str, Any]]:
    """The demo events. Past fairs have fixed dates; the upcoming ones move with ``today``."""
    today = today or dt.date.today()

    def ahead(days: int, length: int) -> tuple[str, str, str]:
        start = today + dt.timedelta(days=days)
        end = start + dt.timedelta(days=length)
        deadline = start - dt.timedelta(days=14)
        return start.isoformat(), end.isoformat(), deadline.isoformat()

    rows: list[dict[str, Any]] = [
        _event("fair-2024", "Trade Fair 2024", "Munich", "BY", "DE", "2024-10-08", "2024-10-10"),
        _event("expo-2025", "Expo 2025", "Hanover", "NI", "DE", "2025-05-13", "2025-05-16"),
        _event("fair-2025", "Trade Fair 2025", "Munich", "BY", "DE", "2025-10-07", "2025-10-09"),
        _event("bautec-2025", "Bautec 2025", "Berlin", "BE", "DE", "2025-02-18", "2025-02-21"),
        # Look-alikes across years, to practise routing participants by an event column.
        _event("expo-2024", "Expo 2024", "Hanover", "NI", "DE", "2024-05-14", "2024-05-17"),
        _event(
            "bautec-2024",
            "Bautec 2024",
            "Berlin",
            "BE",
            "DE",
            "2024-02-20",
            "2024-02-23",
            deadline="2024-01-31",
        ),
    ]
    rows.append(_event("partner-summit", "Partner Summit", "Vienna", "", "AT", *ahead(30, 1)))
    rows.append(_event("open-house", "Open House", "Hamburg", "HH", "DE", *ahead(75, 0)))
    rows.append(_event("winter-gala", "Winter Gala", "Zurich", "ZH", "CH", *ahead(150, 0)))
    hidden = _event("staff-workshop", "Staff Workshop (internal)", "Cologne", "NW", "DE")
    hidden.update(zip(("date_from", "date_to", "application_deadline"), ahead(45, 0), strict=True))
    hidden["is_visible"] = False
    rows.append(hidden)
    return rows


def _event(
    key: str,
    title: str,
    city: str,
    state: str,
    country: str,
    date_from: str = "",
    date_to: str = "",
    deadline: str | None = None,
) -> dict[str, Any]:
    return {
        "event_key": key,
        "title": title,
        "description": f"{title} in {city}.",
        "country": country,
        "state": state or None,
        "city": city,
        "date_from": date_from or None,
        "date_to": date_to or None,
        "application_deadline": deadline,
        "is_visible": True,
    }


# Existing contacts, so update and upsert have something to match (by e-mail or number).
CONTACTS: tuple[dict[str, Any], ...] = (
    {
        "email": "anna.schmidt@example.com",
        "first_name": "Anna",
        "last_name": "Schmidt",
        "company_name": "Schmidt Messebau GmbH",
        "customer_number": "10001",
        "city": "Hanover",
        "country": "DE",
        "rating": 4,
        "category_keys": ["customer", "exhibitor"],
        "event_keys": ["expo-2025"],
    },
    {
        "email": "john@example.com",
        "first_name": "John",
        "last_name": "Doe",
        "company_name": "Acme Inc",
        "customer_number": "10002",
        "city": "London",
        "country": "GB",
        "category_keys": ["customer"],
        "event_keys": ["partner-summit"],
        "is_confirmed": True,
    },
    {
        "email": "m.weber@example.de",
        "first_name": "Markus",
        "last_name": "Weber",
        "company_name": "Weber & Partner KG",
        "customer_number": "10003",
        "city": "Stuttgart",
        "country": "DE",
        "rating": 5,
        "category_keys": ["partner", "vip"],
        "event_keys": ["fair-2025"],
    },
    {
        "email": "claire.martin@example.fr",
        "first_name": "Claire",
        "last_name": "Martin",
        "company_name": "Martin SARL",
        "customer_number": "10004",
        "city": "Lyon",
        "country": "FR",
        "category_keys": ["press"],
    },
    {
        "email": "j.novak@example.cz",
        "first_name": "Jan",
        "last_name": "Novák",
        "company_name": "Novák s.r.o.",
        "customer_number": "10005",
        "city": "Brno",
        "country": "CZ",
        "rating": 2,
    },
    {
        "email": "info@example.org",
        "first_name": "Sam",
        "last_name": "Taylor",
        "company_name": "Example Foundation",
        "customer_number": "10006",
        "city": "Zurich",
        "country": "CH",
        "category_keys": ["speaker"],
        "event_keys": ["winter-gala"],
    },
)
