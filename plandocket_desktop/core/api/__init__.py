"""PlanDocket's REST API: the client, its answers, and the key in the OS keyring.

Contract: ``PlandocketClient`` (``check_connection``, ``list_events``, ``bulk_import``),
``ConnectionCheck``, ``Event``, ``BulkResult``, ``RecordResult``, ``base_url_for``,
``CredentialStore``, ``record_errors`` (the failing records of a refused batch); ``tls``
(``ssl_context()``, ``trust_store_name()``, ``proxy_for(url)``: trust store and proxy).
Errors are raised as the ``ApiError`` tree of ``core.errors``.
"""

from plandocket_desktop.core.api import _network as tls
from plandocket_desktop.core.api._bulk_result import BulkResult, RecordResult, record_errors
from plandocket_desktop.core.api._client import ConnectionCheck, PlandocketClient
from plandocket_desktop.core.api._credentials import CredentialStore
from plandocket_desktop.core.api._events import Event
from plandocket_desktop.core.api._tenant import base_url_for

__all__ = [
    "BulkResult",
    "ConnectionCheck",
    "CredentialStore",
    "Event",
    "PlandocketClient",
    "RecordResult",
    "base_url_for",
    "record_errors",
    "tls",
]
