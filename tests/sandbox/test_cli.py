"""plandocket-sandbox on the command line: options, refusals, a real start and stop."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from plandocket_desktop.sandbox import cli
from tests import streams


def test_refuses_a_non_loopback_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--host", "0.0.0.0", "--port", "0"]) == 2
    assert "Refusing to listen on 0.0.0.0" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--restricted-key", "abc"],
        ["--restricted-key", "abc=admin"],
        ["--restricted-key", "=contacts"],
        ["--fault-error-rate", "2"],
        ["--fault-drop-rate", "x"],
        ["--fault-latency-ms", "-5"],
    ],
    ids=" ".join,
)
def test_bad_options_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.build_parser().parse_args(argv)
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_options_become_settings() -> None:
    args = cli.build_parser().parse_args(
        [
            "--restricted-key",
            "k1=contacts,events",
            "--fault-applied-error-rate",
            "0.25",
            "--fault-429-rate",
            "0.1",
            "--rate-limit-per-hour",
            "1000",
            "--fault-seed",
            "42",
        ]
    )
    assert args.restricted_key == [("k1", ["contacts", "events"])]
    assert (args.applied_error_rate, args.rate_429) == (0.25, 0.1)
    assert (args.rate_limit_per_hour, args.seed) == (1000, 42)
    assert args.port == 8765
    assert args.host == "127.0.0.1"


def _start(args: list[str], home: Path) -> tuple[subprocess.Popen[str], list[str]]:
    env = {**os.environ, "PLANDOCKET_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("PLANDOCKET_SANDBOX_API_KEY", None)
    code = (
        "import sys; from plandocket_desktop.sandbox import cli; sys.exit(cli.main(sys.argv[1:]))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    output = streams.Output(proc.stdout, "the sandbox's output")
    try:
        text = output.read_until(
            lambda seen: "Press Ctrl+C" in seen, streams.deadline(30), "'Press Ctrl+C'"
        )
    except AssertionError as exc:
        proc.kill()
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"the sandbox did not start: {exc}; stderr: {err!r}") from None
    return proc, text.splitlines()


def _stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    out, err = streams.finish(proc, 15)
    return proc.returncode, out + err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_serves_prints_url_and_key_and_stops_on_sigterm(tmp_path: Path) -> None:
    key = "pd_cli_" + os.urandom(6).hex()
    proc, lines = _start(
        [
            "--port",
            "0",
            "--demo",
            "--api-key",
            key,
            "--restricted-key",
            "ro=events",
            "--fault-latency-ms",
            "1",
        ],
        tmp_path,
    )
    try:
        match = re.search(r"running at (http://127\.0\.0\.1:\d+)", "\n".join(lines))
        assert match, lines
        assert f"Practice API key (all scopes): {key}" in lines
        base = match.group(1)
        events = httpx.get(base + "/api/v1/events", headers={"Authorization": f"Bearer {key}"})
        assert "expo-2025" in events.text
        limited = httpx.get(base + "/api/v1/contacts", headers={"Authorization": "Bearer ro"})
        assert limited.status_code == 403
        assert httpx.get(base + "/_sandbox/faults").json()["latency_ms"] == 1
        # A test in another process reads what the sandbox received over HTTP, without a key.
        received = httpx.get(base + "/_sandbox/stats").json()
        assert received["requests"] == 2
        assert received["endpoints"]["GET /api/v1/events"]["statuses"] == {"200": 1}
        assert received["endpoints"]["GET /api/v1/contacts"]["statuses"] == {"403": 1}
        assert httpx.delete(base + "/_sandbox/stats").json()["requests"] == 0
    finally:
        code, output = _stop(proc)
    assert code == 0
    assert "Sandbox stopped." in output
    assert "Traceback" not in output
    # The default database lives in the app's data folder, not in the working directory.
    assert (tmp_path / "data" / "sandbox.sqlite3").is_file()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_generates_a_key_when_none_is_given(tmp_path: Path) -> None:
    proc, lines = _start(["--port", "0", "--db", str(tmp_path / "x.sqlite3")], tmp_path)
    code, _ = _stop(proc)
    key_line = next(line for line in lines if line.startswith("Practice API key"))
    assert len(key_line.split(": ", 1)[1]) > 30
    assert code == 0


def test_port_in_use_is_reported_plainly(tmp_path: Path, sandbox: object) -> None:
    port = str(sandbox.port)  # type: ignore[attr-defined]
    env = {**os.environ, "PLANDOCKET_HOME": str(tmp_path)}
    code = (
        "import sys; from plandocket_desktop.sandbox import cli; sys.exit(cli.main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--port", port],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert "cannot listen on 127.0.0.1 port" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_child_that_hangs_fails_one_test_at_the_deadline() -> None:
    hang = "print('half a line', flush=True); import time; time.sleep(60)"
    proc = subprocess.Popen(
        [sys.executable, "-c", hang], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    output = streams.Output(proc.stdout, "the child's output")
    started = time.monotonic()
    try:
        with pytest.raises(AssertionError, match=r"before the deadline.*half a line"):
            output.read_until(lambda seen: "Press Ctrl+C" in seen, streams.deadline(1), "it")
        with pytest.raises(AssertionError, match=r"did not end within 0\.5 s and was killed"):
            streams.finish(proc, 0.5)
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    assert time.monotonic() - started < 10
    assert proc.returncode == -signal.SIGKILL


def test_a_child_that_ends_early_fails_with_what_it_printed() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", "print('Bye')"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    with pytest.raises(AssertionError, match=r"ended without 'Press Ctrl\+C'.*Bye"):
        streams.read_until(
            proc.stdout, lambda seen: "Press Ctrl+C" in seen, streams.deadline(30), "'Press Ctrl+C'"
        )
    assert streams.finish(proc, 10) == ("", "")
