"""A PlanDocket tenant's address: from what a user types to an https origin and host name.

Plain http is allowed only for loopback hosts (the sandbox on this computer).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from plandocket_desktop.core import errors
from plandocket_desktop.i18n import _

_TENANT_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_HOST_CHARS = re.compile(r"^[a-z0-9.-]+$")


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url_for(tenant: str) -> str:
    """The origin (``https://acme.plandocket.com``) for a tenant as a user may type it.

    Accepts ``acme``, ``acme.plandocket.com``, ``https://acme.plandocket.com/`` or any URL on
    the tenant (its path is dropped). Plain http is allowed only for loopback hosts (the
    sandbox); a loopback address typed without a scheme gets http, anything else https.

    Raises:
        ConfigurationError: the text cannot be a PlanDocket address.
    """
    text = tenant.strip()
    if not text:
        raise errors.ConfigurationError(
            _("Enter your PlanDocket address, for example acme or https://acme.plandocket.com.")
        )
    lowered = text.lower()
    if "://" not in lowered:
        if _TENANT_LABEL.match(lowered) and lowered != "localhost":
            return f"https://{lowered}.plandocket.com"
        host_part = urlsplit("//" + text).hostname or ""
        scheme = "http" if _is_loopback(host_part) else "https"
        text = f"{scheme}://{text}"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise errors.ConfigurationError(
            _(
                "The PlanDocket address must start with https://, for example "
                "https://acme.plandocket.com."
            )
        )
    if parts.username is not None or parts.password is not None:
        # Never echo the text: a user name or password typed into the address is a secret.
        raise errors.ConfigurationError(
            _(
                "The PlanDocket address must not contain a user name or password. "
                "Enter only the address, for example https://acme.plandocket.com."
            )
        )
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        raise errors.ConfigurationError(
            _("The port number in the PlanDocket address is not valid.")
        ) from None
    is_ip = True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        is_ip = False
    if not host or (not is_ip and (not _HOST_CHARS.match(host) or ".." in host)):
        raise errors.ConfigurationError(
            _(
                "This is not a valid PlanDocket address. Enter it like acme or "
                "https://acme.plandocket.com."
            )
        )
    if scheme == "http" and not _is_loopback(host):
        raise errors.ConfigurationError(
            _(
                "PlanDocket must be reached over a secure connection (https://{host}). "
                "Plain http is only allowed for the practice sandbox on this computer."
            ).format(host=host)
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}"


def host_for(tenant: str) -> str:
    """The host name of a tenant (``acme.plandocket.com``), e.g. as the keyring user name."""
    return urlsplit(base_url_for(tenant)).hostname or ""
