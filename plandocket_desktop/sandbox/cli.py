"""plandocket-sandbox: serve the PlanDocket practice API on this computer until Ctrl+C."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from plandocket_desktop.core import paths
from plandocket_desktop.sandbox import app, server

KEY_ENV = "PLANDOCKET_SANDBOX_API_KEY"

# option -> fault setting, value type
_FAULT_OPTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("--fault-latency-ms", "latency_ms", "count", "add N milliseconds to every API answer"),
    ("--fault-error-rate", "error_rate", "share", "answer this share with 500 before processing"),
    (
        "--fault-applied-error-rate",
        "applied_error_rate",
        "share",
        "answer this share with 500 after the request was applied",
    ),
    ("--fault-429-rate", "rate_429", "share", "answer this share with 429 (Retry-After: 1)"),
    ("--fault-drop-rate", "drop_rate", "share", "close this share of connections unanswered"),
    (
        "--fault-timeout-rate",
        "timeout_rate",
        "share",
        "answer this share only after --fault-slow-ms",
    ),
    ("--fault-slow-ms", "slow_ms", "count", "how slow a slow answer is (default 35000)"),
    ("--rate-limit-per-hour", "rate_limit_per_hour", "count", "requests per key and hour"),
    ("--fault-seed", "seed", "count", "seed of the fault dice, for repeatable runs"),
)


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a share between 0 and 1, got {text!r}")
    return value


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, got {text!r}")
    return int(text)


def _restricted(text: str) -> tuple[str, list[str]]:
    key, sep, scope_list = text.partition("=")
    scopes = [s.strip() for s in scope_list.split(",") if s.strip()]
    unknown = sorted(set(scopes) - app.ALL_SCOPES)
    if not sep or not key.strip() or not scopes or unknown:
        raise argparse.ArgumentTypeError(
            "expected KEY=scope,scope with scopes from: " + ", ".join(sorted(app.ALL_SCOPES))
        )
    return key.strip(), scopes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plandocket-sandbox",
        description="A practice copy of PlanDocket's API on this computer (no real data).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=8765, help="port (0 = any free port)")
    parser.add_argument("--db", type=Path, help="SQLite file (default: in the app's data folder)")
    parser.add_argument("--demo", action="store_true", help="seed the demo tenant when empty")
    parser.add_argument(
        "--reset", action="store_true", help="wipe the database first (then --demo seeds it again)"
    )
    parser.add_argument(
        "--api-key", help=f"the full-scope key (default: ${KEY_ENV} or a generated one)"
    )
    parser.add_argument(
        "--restricted-key",
        action="append",
        type=_restricted,
        default=[],
        metavar="KEY=SCOPE,...",
        help="an extra key limited to these scopes (contacts, participants, events)",
    )
    parser.add_argument(
        "--force-host", action="store_true", help="allow a host other than loopback (unsafe)"
    )
    group = parser.add_argument_group("fault injection (for testing clients)")
    for option, dest, kind, text in _FAULT_OPTIONS:
        share = kind == "share"
        group.add_argument(
            option,
            dest=dest,
            type=_share if share else _count,
            metavar="P" if share else "N",
            help=text,
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    fault_settings: dict[str, Any] = {
        dest: getattr(args, dest)
        for _option, dest, _kind, _text in _FAULT_OPTIONS
        if getattr(args, dest) is not None
    }
    db_path = args.db or paths.data_dir() / "sandbox.sqlite3"
    if not server.is_loopback(args.host) and not args.force_host:
        print(
            f"Refusing to listen on {args.host}: the sandbox is for this computer only. "
            "Use --force-host if you really mean it.",
            file=sys.stderr,
        )
        return 2
    try:
        sandbox = server.SandboxServer(
            db_path=db_path,
            api_key=args.api_key or os.environ.get(KEY_ENV) or None,
            restricted_keys=dict(args.restricted_key),
            demo=args.demo,
            faults=fault_settings,
            host=args.host,
            port=args.port,
            allow_remote=args.force_host,
        )
        sandbox.start()
        if args.reset:
            sandbox.reset()
            if fault_settings:
                sandbox.set_faults(**fault_settings)
    except server.SandboxError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"PlanDocket sandbox running at {sandbox.base_url}")
    print(f"Practice API key (all scopes): {sandbox.api_key}")
    for key, scopes in args.restricted_key:
        print(f"Restricted key {key}: {', '.join(scopes)}")
    print(f"Data: {db_path}")
    if fault_settings:
        print("Faults: " + ", ".join(f"{k}={v}" for k, v in fault_settings.items()))
    print("Press Ctrl+C to stop.", flush=True)
    try:
        while not stop.wait(0.5):
            if not sandbox.running:
                print("The sandbox server stopped unexpectedly.", file=sys.stderr)
                return 1
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sandbox.stop()
    print("Sandbox stopped.")
    return 0
