"""PlanDocket's REST API: the client, its answers, and the key in the OS keyring.

Contract: ``PlandocketClient`` (``check_connection``, ``list_events``, ``bulk_import``),
``ConnectionCheck``, ``Event``, ``BulkResult``, ``RecordResult``, ``base_url_for``,
``CredentialStore``, ``record_errors`` (the failing records of a refused batch); ``tls``
(``ssl_context()``, ``trust_store_name()``, ``proxy_for(url)``: trust store and proxy).
The contacts and participants resources (``_contacts``): ``client.iter_contacts``,
``find_contacts``, ``get_contact``, ``create_contact``, ``update_contact``, ``delete_contact``,
``iter_participants``, ``delete_participant``, ``contacts_page``/``participants_page`` (a
``ListPage`` with what the answer said about the rest), returning ``Contact`` and
``Participation``; ``client.rate_limit`` (``RateLimit``) is the last ``X-RateLimit-*`` seen.
Errors are raised as the ``ApiError`` tree of ``core.errors``.
"""

from plandocket_desktop.core.api import _network as tls
from plandocket_desktop.core.api._bulk_result import BulkResult, RecordResult, record_errors
from plandocket_desktop.core.api._client import ConnectionCheck, PlandocketClient
from plandocket_desktop.core.api._contacts import (
    Contact,
    ListPage,
    Participation,
    match_key,
    parse_time,
)
from plandocket_desktop.core.api._credentials import CredentialStore
from plandocket_desktop.core.api._events import Event
from plandocket_desktop.core.api._rate_limit import RateLimit
from plandocket_desktop.core.api._tenant import base_url_for

__all__ = [
    "BulkResult",
    "ConnectionCheck",
    "Contact",
    "CredentialStore",
    "Event",
    "ListPage",
    "Participation",
    "PlandocketClient",
    "RateLimit",
    "RecordResult",
    "base_url_for",
    "match_key",
    "parse_time",
    "record_errors",
    "tls",
]
