"""UI responsiveness benchmark: GUI-thread stalls during load, review and import; cold start.

Run: ``.venv/bin/python tests/benchmarks/ui_responsiveness.py [--rows 100000]``

1. Generates a CSV of ``--rows`` people (12 text columns), starts the sandbox server in a
   separate process (as a real PlanDocket would be), and drives the wizard offscreen: connect,
   drop the file, accept the mapping, review (validation in its worker), import every row.
   Meanwhile a 10 ms QTimer heartbeat records how late the GUI thread answers. Prints the
   longest stall and the 99th percentile of the lateness. Targets: < 100 ms and < 20 ms.
2. Cold start: process start to wizard shown, against a bare PySide6 window started the same
   way (each the median of several runs). Target: ratio <= 1.5. Measured twice: as the
   environment runs Python, and with bytecode cached as after an install (see cold_start).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TRACE = False
STACK_DEPTH = 9  # frames of each stack --trace-stalls prints

HEADERS = [
    "E-Mail",
    "Vorname",
    "Nachname",
    "Firma",
    "Telefon",
    "Straße",
    "PLZ",
    "Ort",
    "Land",
    "Kundennummer",
    "Webseite",
    "Notizen",
]


def write_people(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADERS)
        for i in range(rows):
            writer.writerow(
                [
                    f"person{i}@bench.example.com",
                    f"Vorname{i % 997}",
                    f"Nachname{i % 1013}",
                    f"Firma {i % 5003} GmbH",
                    f"+49 30 {i:07d}",
                    f"Hauptstraße {i % 200 + 1}",
                    f"{(i * 7) % 99999:05d}",
                    "Berlin" if i % 2 else "München",
                    "Deutschland",
                    f"K{i:07d}",
                    f"https://firma{i % 5003}.example.com",
                    "Messe 2025",
                ]
            )


# --- the sandbox in its own process ----------------------------------------------------------


class SandboxProcess:
    """``plandocket-sandbox`` on a free loopback port, in a child process."""

    def __init__(self, folder: Path) -> None:
        self.api_key = "pd_bench_" + secrets.token_hex(12)
        env = dict(os.environ, PLANDOCKET_SANDBOX_API_KEY=self.api_key, PLANDOCKET_HOME=str(folder))
        code = "import sys; from plandocket_desktop.sandbox import cli; sys.exit(cli.main())"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, "--port", "0", "--db", str(folder / "sb.sqlite3")],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.base_url = ""
        for line in self.proc.stdout:
            if "running at" in line:
                self.base_url = line.rsplit(" ", 1)[1].strip()
                break
        if not self.base_url:
            raise RuntimeError("the sandbox did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


# --- the heartbeat -----------------------------------------------------------------------------


class Heartbeat:
    """A 10 ms QTimer; records how late each tick arrives (the GUI thread's stalls)."""

    INTERVAL_MS = 10

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.late_ms: list[float] = []
        self._last = 0.0
        self.phase = ""
        self.worst: dict[str, float] = {}
        self.by_phase: dict[str, list[float]] = {}

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = max(0.0, (now - self._last) * 1000 - self.INTERVAL_MS)
        self._last = now
        self.late_ms.append(late)
        self.by_phase.setdefault(self.phase, []).append(late)
        if late > self.worst.get(self.phase, 0.0):
            self.worst[self.phase] = late

    def summary(self) -> tuple[float, float]:
        return _longest_p99(self.late_ms)

    def p99_by_phase(self) -> dict[str, float]:
        return {phase: round(_longest_p99(late)[1], 1) for phase, late in self.by_phase.items()}


def _longest_p99(late_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(late_ms)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
    return (ordered[-1] if ordered else 0.0), p99


# --- memory ------------------------------------------------------------------------------------


def _status_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process in MB from /proc (Linux), else 0."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def reset_peak_rss() -> None:
    """Start a new peak (``VmHWM``) from the current resident size (Linux >= 4.0)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


class StallTracer:
    """Debug aid (--trace-stalls): print the GUI thread's stack while the heartbeat is late."""

    def __init__(self, beat: Heartbeat, threshold_ms: float = 40.0) -> None:
        import threading

        self._beat = beat
        self._threshold = threshold_ms / 1000
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self.seen: dict[str, int] = {}

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        for stack, count in sorted(self.seen.items(), key=lambda kv: -kv[1])[:8]:
            print(f"--- {count} samples while the GUI thread was late:\n{stack}")

    def _watch(self) -> None:
        import threading
        import traceback

        while not self._stop.wait(0.005):
            if time.perf_counter() - self._beat._last > self._threshold:
                me = threading.get_ident()
                for ident, frame in sys._current_frames().items():
                    if ident == me:
                        continue
                    who = "GUI" if ident == self._main else "worker"
                    lines = traceback.format_stack(frame)
                    # Leave out the import machinery, so that what is imported (and by whom) shows.
                    lines = [line for line in lines if "<frozen importlib" not in line]
                    stack = f"[{who}, {self._beat.phase}]\n" + "".join(lines[-STACK_DEPTH:])
                    self.seen[stack] = self.seen.get(stack, 0) + 1


def wait_until(app: Any, condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.001)


# --- driving the wizard ------------------------------------------------------------------------


def drive(rows: int, folder: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from plandocket_desktop import core

    core.keep_pandas_unloaded()  # as the app's entry point does (ui.app.program)
    os.environ["PLANDOCKET_HOME"] = str(folder / "home")
    app = QApplication.instance() or QApplication([])
    path = folder / f"people_{rows}.csv"
    write_people(path, rows)
    sandbox = SandboxProcess(folder)
    try:
        return _drive(app, path, sandbox, rows)
    finally:
        sandbox.stop()


def _drive(app: Any, path: Path, sandbox: SandboxProcess, rows: int) -> dict[str, Any]:
    from PySide6.QtCore import QSettings

    from plandocket_desktop.core.api import _credentials as credentials
    from plandocket_desktop.ui import wizard as wizard_module
    from tests.ui.conftest import MemoryKeyring, drop_file

    settings = QSettings(str(path.parent / "desktop.ini"), QSettings.Format.IniFormat)
    wiz = wizard_module.ImportWizard(
        settings=settings, credentials=credentials.CredentialStore(MemoryKeyring())
    )
    wiz.show()
    state = wiz.state
    beat = Heartbeat()
    beat.start()
    tracer = StallTracer(beat) if TRACE else None
    if tracer is not None:
        tracer.start()
    timings: dict[str, float] = {}
    steps: dict[str, float] = {}  # GUI-thread time of each Next (page validate + initialize)
    memory: dict[str, float] = {"start_rss_mb": _status_mb("VmRSS")}

    def measure(step: str) -> None:
        """Resident size now and the peak since the last step, in MB."""
        memory[f"{step}_rss_mb"] = _status_mb("VmRSS")
        memory[f"{step}_peak_mb"] = _status_mb("VmHWM")
        reset_peak_rss()

    def next_page() -> None:
        before = wiz.currentPage().objectName()
        t = time.perf_counter()
        wiz.next()
        steps[f"{before}->{wiz.currentPage().objectName()}"] = round(
            (time.perf_counter() - t) * 1000, 1
        )

    # Connect: type the address and the key, press "Test connection", then Next.
    beat.phase = "connect"
    connect = wiz.currentPage()
    connect.tenant_edit.setText(sandbox.base_url)
    connect.api_key_edit.setText(sandbox.api_key)
    connect.test_connection()
    wait_until(app, connect.isComplete, 60, "the connection")
    next_page()
    file_page = wiz.currentPage()
    assert file_page.objectName() == "filePage", file_page.objectName()

    beat.phase = "load"
    reset_peak_rss()
    t = time.perf_counter()
    drop_file(file_page.drop_area, path)
    wait_until(app, file_page.isComplete, 120, "the file")
    timings["load"] = time.perf_counter() - t
    measure("load")
    beat.phase = "columns"
    next_page()
    # Target page: contacts, defaults.
    next_page()
    # Columns page: accept the suggested mapping.
    next_page()
    review = wiz.currentPage()
    assert review.objectName() == "reviewPage", review.objectName()
    measure("columns")

    beat.phase = "review"
    t = time.perf_counter()
    wait_until(app, review.isComplete, 120, "validation")
    timings["review"] = time.perf_counter() - t
    view = review.view
    for _ in range(50):  # scroll through the table like a person would
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() * _ // 49)
        app.processEvents()
    measure("review")

    beat.phase = "import"
    t = time.perf_counter()
    next_page()
    wait_until(app, lambda: wiz.currentPage().objectName() == "resultsPage", 900, "the import")
    timings["import"] = time.perf_counter() - t
    beat.phase = "results"
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    beat.stop()
    measure("import_results")
    if tracer is not None:
        tracer.stop()
    report = state.report
    longest, p99 = beat.summary()
    result = {
        "rows": rows,
        "created": report.counts()["created"] if report is not None else None,
        "ticks": len(beat.late_ms),
        "longest_stall_ms": round(longest, 1),
        "p99_ms": round(p99, 1),
        "worst_by_phase_ms": {k: round(v, 1) for k, v in beat.worst.items()},
        "p99_by_phase_ms": beat.p99_by_phase(),
        "memory_mb": memory,
        "seconds": {k: round(v, 2) for k, v in timings.items()},
        "next_ms": steps,
    }
    wiz.done(0)
    return result


# --- cold start --------------------------------------------------------------------------------

_PATCH_EXEC = """
import sys, time
from PySide6.QtWidgets import QApplication
def _exec(self=None):
    app = QApplication.instance()
    app.processEvents()
    shown = [w for w in app.topLevelWidgets() if w.isVisible()]
    assert shown, "nothing shown"
    print(time.time() - START, flush=True)
    for w in shown:
        w.close()  # lets the wizard stop its background work cleanly
    return 0
QApplication.exec = _exec
"""

BARE = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget(); w.setWindowTitle("bare"); w.resize(900, 640); w.show()
sys.exit(app.exec())
"""

WIZARD = """
from plandocket_desktop.ui import app as ui_app
sys.exit(ui_app.main([]))
"""


def cold_start(runs: int, home: Path, *, cached_bytecode: bool = False) -> dict[str, float]:
    """Median seconds from process start to window shown, bare window and wizard, and ratio.

    ``cached_bytecode``: let both processes read and write compiled bytecode in a cache folder
    under ``home`` (one warm-up run each first), as after a normal install, where pip has
    compiled every module. Without it the environment decides: with PYTHONDONTWRITEBYTECODE
    set and an editable install, the app's own modules are compiled from source at every
    start (PySide6 and the standard library come with bytecode either way).
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANDOCKET_HOME=str(home))
    if cached_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    times: dict[str, list[float]] = {"bare": [], "wizard": []}
    for round_ in range(runs + (1 if cached_bytecode else 0)):
        for name, body in (("bare", BARE), ("wizard", WIZARD)):
            start = time.time()
            code = f"START = {start!r}\n" + _PATCH_EXEC + body
            out = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            )
            if cached_bytecode and round_ == 0:
                continue  # the warm-up run fills the bytecode cache
            times[name].append(float(out.stdout.strip().splitlines()[-1]))
    bare = statistics.median(times["bare"])
    wizard = statistics.median(times["wizard"])
    return {
        "bare_s": round(bare, 3),
        "wizard_s": round(wizard, 3),
        "ratio": round(wizard / bare, 2),
        "bare_min_s": round(min(times["bare"]), 3),
        "wizard_min_s": round(min(times["wizard"]), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--skip-drive", action="store_true")
    parser.add_argument("--skip-cold", action="store_true", help="leave out the cold start")
    parser.add_argument("--trace-stalls", action="store_true", help="print where the GUI stalls")
    args = parser.parse_args()
    global TRACE
    TRACE = args.trace_stalls
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.skip_drive:
            result = drive(args.rows, folder)
            print(f"Drive through load -> review -> import of {result['rows']:,} rows:")
            print(f"  rows created:       {result['created']:,}")
            print(f"  heartbeat ticks:    {result['ticks']:,}")
            print(f"  longest stall:      {result['longest_stall_ms']} ms  (target < 100 ms)")
            print(f"  99th percentile:    {result['p99_ms']} ms  (target < 20 ms)")
            print(f"  worst per phase:    {result['worst_by_phase_ms']}")
            print(f"  p99 per phase:      {result['p99_by_phase_ms']}")
            print(f"  memory (MB):        {result['memory_mb']}")
            print(f"  phase durations:    {result['seconds']}")
            print(f"  each Next (ms):     {result['next_ms']}")
        home = folder / "cold"
        home.mkdir()
        for cached, title in (
            ()
            if args.skip_cold
            else (
                (False, "as this environment runs it"),
                (True, "with bytecode cached, as after an install"),
            )
        ):
            cold = cold_start(args.cold_runs, home, cached_bytecode=cached)
            runs = args.cold_runs
            print(f"Cold start, process start to window shown ({title}; median of {runs}):")
            print(f"  bare PySide6 window: {cold['bare_s']} s  (fastest {cold['bare_min_s']})")
            print(f"  wizard:              {cold['wizard_s']} s  (fastest {cold['wizard_min_s']})")
            print(f"  ratio:               {cold['ratio']}x  (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
