"""plandocket-desktop --smoke-test: one JSON object, exit 0 only when every step worked."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plandocket_desktop import smoke

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_KEYS = {
    "ok",
    "version",
    "frozen",
    "qt_platform",
    "qt_version",
    "keyring_backend",
    "tls",
    "rows_imported",
    "seconds",
}


SMOKE_CODE = "import sys, plandocket_desktop.ui.app as a; sys.exit(a.main(['--smoke-test']))"


def run_smoke(**env_changes: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHON_KEYRING_BACKEND"] = "tests.keyrings.MemoryKeyring"
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", SMOKE_CODE],
        capture_output=True, text=True, timeout=100, cwd=ROOT, env=env, check=False,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.timeout(110)
def test_smoke_test_imports_the_sample_and_opens_the_window():
    done = run_smoke()

    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert done.returncode == 0, done.stderr
    assert report.keys() >= EXPECTED_KEYS
    assert report["ok"] is True
    assert report["frozen"] is False
    assert report["qt_platform"] == "offscreen"
    assert report["qt_version"].startswith("6.")
    assert report["keyring_backend"] == "keyrings.MemoryKeyring"  # module.class
    assert report["tls"] == "system"
    assert report["rows_imported"] == 12  # every person of the shipped sample
    assert report["seconds"] > 0
    assert "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.timeout(110)
def test_smoke_test_names_each_failed_step_and_exits_1(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = run_smoke(
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PLANDOCKET_HOME=str(blocker / "home"),  # cannot be created: like a read-only home
        QT_QPA_PLATFORM="no-such-platform",  # no display and no such plugin
    )

    assert done.returncode == 1
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ok"] is False
    assert {"folders", "keyring", "window"} <= set(report["failed"])
    assert report["keyring_backend"] is None
    assert report["keyring_reason"]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(report["failed"])
    assert any("cannot write to its folder" in line for line in lines)
    assert any("password store" in line for line in lines)
    assert any("platform plugin no-such-platform is missing" in line for line in lines)
    assert "Traceback" not in done.stderr
    assert "qt.qpa" not in done.stderr  # never Qt's own abort text


def test_no_free_port_fails_the_sandbox_step_in_one_line(monkeypatch):
    from plandocket_desktop.sandbox import server

    def refuse(self):
        raise server.SandboxError("no free port on 127.0.0.1")

    monkeypatch.setattr(server.SandboxServer, "start", refuse)
    report, failures = smoke.run(show_window=False)

    assert report["ok"] is False
    assert report["failed"] == ["sandbox", "import"]
    assert report["rows_imported"] == 0
    assert "no free port" in failures[0]
    assert len(failures) == 2


@pytest.mark.slow
@pytest.mark.timeout(110)
def test_without_stdout_the_result_goes_to_the_file_named(tmp_path):
    out = tmp_path / "smoke.txt"
    done = run_smoke(PLANDOCKET_SMOKE_OUT=str(out))

    assert done.returncode == 0, done.stderr
    written = out.read_text(encoding="utf-8").strip().splitlines()
    assert json.loads(written[-1])["ok"] is True
