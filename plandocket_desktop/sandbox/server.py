"""SandboxServer: the sandbox app, served by uvicorn in a background thread."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import uvicorn
from typing_extensions import override

from plandocket_desktop.sandbox import app, stats, store
from plandocket_desktop.sandbox import faults as injection

_START_TIMEOUT_S = 15.0


class SandboxError(RuntimeError):
    """The sandbox cannot start (port taken, host refused, ...); ``str(exc)`` is a sentence."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` only reaches this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def generate_key() -> str:
    """A fresh practice key, in the style of PlanDocket's keys."""
    return "pd_sandbox_" + secrets.token_urlsafe(24)


class SandboxServer:
    """A PlanDocket-compatible API on ``host``:``port`` (0 = a free port), in a thread.

    Several can run in one process. ``api_key`` has every scope; ``restricted_keys`` maps
    further keys to the scopes they have. ``faults`` are the fault settings at start (see
    ``faults.FaultSettings``). ``demo`` seeds the demo tenant when the database has no events.
    """

    def __init__(
        self,
        db_path: str | Path,
        api_key: str | None = None,
        restricted_keys: Mapping[str, Iterable[str]] | None = None,
        demo: bool = False,
        faults: Mapping[str, Any] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        allow_remote: bool = False,
    ) -> None:
        if not allow_remote and not is_loopback(host):
            raise SandboxError(
                f"The sandbox only listens on this computer (127.0.0.1), not on {host}."
            )
        self.db_path = Path(db_path)
        self.host = host
        self.port = port
        self.api_key = api_key or generate_key()
        keys = {self.api_key: app.ALL_SCOPES}
        for key, scopes in (restricted_keys or {}).items():
            keys[key] = frozenset(scopes)
        self._keys = keys
        self._demo = demo
        self._initial_faults = dict(faults or {})
        self._injector = injection.FaultInjector()
        self._injector.configure(self._initial_faults)  # bad settings fail here, early
        self._stats = stats.RequestStats()
        self._store: store.Store | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._state: app.SandboxState | None = None

    @override
    def __repr__(self) -> str:  # never shows the key
        return f"SandboxServer(db_path={str(self.db_path)!r}, base_url={self.base_url!r})"

    @property
    def store(self) -> store.Store:
        if self._store is None:
            raise SandboxError("The sandbox is not running.")
        return self._store

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def faults(self) -> dict[str, Any]:
        return self._injector.settings.as_dict()

    def start(self) -> None:
        """Open the database, bind the port and serve; returns once requests are answered."""
        if self.running:
            return
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            raise SandboxError(
                f"The sandbox cannot listen on {self.host} port {self.port}: {exc.strerror}."
            ) from None
        self.port = sock.getsockname()[1]
        self._socket = sock
        try:
            self._store = store.Store(self.db_path)
            if self._demo and self._store.is_empty():
                self._store.seed_demo()
        except (sqlite3.Error, OSError) as exc:
            self.stop()
            raise SandboxError(
                f"The sandbox cannot open its database {self.db_path}: {exc}."
            ) from None
        self._injector.stopping.clear()
        state = app.SandboxState(self._store, self._keys, self._injector, self._demo, self._stats)
        config = uvicorn.Config(
            app.create_app(state),
            http="h11",
            lifespan="off",
            log_config=None,
            access_log=False,
            proxy_headers=False,
            server_header=False,
            timeout_graceful_shutdown=2,
        )
        self._state = state
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"plandocket-sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise SandboxError("The sandbox server did not start.")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving and close the database; safe to call twice."""
        self._injector.stopping.set()
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._server = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Wipe the tenant, seed the demo data again (when demo), turn faults off and set the
        counters of ``stats()`` to zero."""
        if self._state is None:
            raise SandboxError("The sandbox is not running.")
        self._state.reset()

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Change some fault settings (the others stay); reseeds the random source."""
        return self._injector.configure(settings).as_dict()

    def clear_faults(self) -> None:
        """Turn every fault off."""
        self._injector.configure({}, replace=True)

    def stats(self) -> dict[str, Any]:
        """What was received since the last reset (see ``sandbox.stats``); also before start."""
        return self._stats.snapshot()

    def reset_stats(self) -> None:
        """Set the counters of ``stats()`` to zero."""
        self._stats.reset()
