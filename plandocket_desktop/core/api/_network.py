"""How the client reaches PlanDocket from an office network: trust store and proxy.

Certificates are checked against the operating system's trust store (``truststore``), so a
company proxy that inspects TLS with its own root certificate works as it does in the browser;
``certifi``'s bundle is the fallback where the system store cannot be used. Verification is
never turned off.

The proxy is the operating system's: the standard library's lookup reads the environment
variables everywhere, the registry on Windows and the system settings on macOS
(``urllib.request.getproxies``/``proxy_bypass``). Loopback addresses (the practice sandbox)
never go through a proxy.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
import urllib.request
from functools import cache
from typing import Final
from urllib.parse import urlsplit

import httpx

from plandocket_desktop.core import errors
from plandocket_desktop.i18n import _

log = logging.getLogger(__name__)

SYSTEM: Final = "system"  # what trust_store_name() says for the OS trust store
CERTIFI: Final = "certifi"


@cache
def ssl_context() -> ssl.SSLContext:
    """A client TLS context that verifies against the system trust store (else certifi)."""
    try:
        import truststore

        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_default_certs()
    except Exception as exc:  # an exotic platform: certifi's bundle still verifies
        log.warning("System trust store not usable (%s); using certifi", type(exc).__name__)
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def trust_store_name(context: ssl.SSLContext | None = None) -> str:
    """``"system"`` (truststore) or ``"certifi"``: which store verifies certificates."""
    context = context or ssl_context()
    return SYSTEM if type(context).__module__.startswith("truststore") else CERTIFI


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def proxy_for(url: str) -> str | None:
    """The proxy the operating system says to use for ``url`` (None: connect directly)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or is_loopback(host):
        return None
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy:
        return None
    try:
        if urllib.request.proxy_bypass(host):
            return None
    except Exception:  # a malformed bypass list: use the proxy, as the browser would
        pass
    return proxy if "://" in proxy else f"http://{proxy}"


def proxy_error(proxy: str) -> errors.ApiConnectionError:
    """The error for a proxy that refused or failed the connection (its address, no password)."""
    parts = urlsplit(proxy)
    where = parts.hostname or proxy
    if parts.port:
        where = f"{where}:{parts.port}"
    return errors.ApiConnectionError(
        _(
            "The company proxy at {proxy} refused the connection. Check the proxy settings "
            "of this computer, or ask your IT department."
        ).format(proxy=where)
    )


def is_proxy_failure(exc: BaseException | None) -> bool:
    """True for the httpx errors a proxy causes (refused, CONNECT denied)."""
    return isinstance(exc, httpx.ProxyError | httpx.ConnectError)
