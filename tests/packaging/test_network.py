"""The client verifies with the OS trust store and goes through the OS proxy, in plain words."""

import socket
import ssl

import httpx
import pytest
import truststore

from plandocket_desktop.core import errors
from plandocket_desktop.core.api import PlandocketClient, tls


def test_client_verifies_certificates_with_the_system_trust_store():
    client = PlandocketClient("acme", "key-123")
    try:
        context = client._http._transport._pool._ssl_context
    finally:
        client.close()
    assert isinstance(context, truststore.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert tls.trust_store_name() == "system"


def test_certifi_is_the_fallback_when_the_system_store_cannot_be_used(monkeypatch):
    def broken(*_args):
        raise OSError("no system store here")

    tls.ssl_context.cache_clear()
    monkeypatch.setattr(truststore, "SSLContext", broken)
    try:
        context = tls.ssl_context()
        assert tls.trust_store_name(context) == "certifi"
        assert context.verify_mode is ssl.CERT_REQUIRED
        assert context.get_ca_certs()  # certifi's roots are loaded
    finally:
        tls.ssl_context.cache_clear()


def test_proxy_from_the_environment_reaches_httpx(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example.com:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example.com")
    client = PlandocketClient("acme", "key-123")
    try:
        assert client.proxy == "http://proxy.example.com:3128"
        mounts = client._http._mounts
        proxied = [t for p, t in mounts.items() if p.matches(httpx.URL(client.base_url))]
        assert proxied, "no transport mounted for the tenant's URL"
        assert proxied[0]._pool._proxy_url.host == b"proxy.example.com"
    finally:
        client.close()
    assert tls.proxy_for("https://internal.example.com/api") is None


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://127.0.0.1:8765", id="ipv4"),
        pytest.param("http://localhost:8765", id="localhost"),
        pytest.param("http://[::1]:8765", id="ipv6"),
    ],
)
def test_the_practice_sandbox_never_goes_through_a_proxy(monkeypatch, url):
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example.com:3128")
    assert tls.proxy_for(url) is None


def test_a_refusing_proxy_is_named_in_plain_words(monkeypatch):
    # A real listening-then-closed port on 127.0.0.1: connecting to the "proxy" is refused.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HTTPS_PROXY", f"http://user:secret@127.0.0.1:{port}")
    with (
        PlandocketClient("acme", "key-123", timeout=5) as client,
        pytest.raises(errors.ApiConnectionError) as caught,
    ):
        client.list_events()
    message = str(caught.value)
    assert message.startswith(f"The company proxy at 127.0.0.1:{port} refused the connection.")
    assert "secret" not in message
    assert "key-123" not in message
