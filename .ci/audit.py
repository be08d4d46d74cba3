"""pip-audit over the installed dependencies: fail on a known vulnerability that has a fix.

Run by .ci/run after the tests. pip-audit reads PyPI's advisories from its JSON API
(https://pypi.org/pypi/NAME/VERSION/json). Where that cannot be reached (an offline or
proxied machine) the audit is skipped with one clear line instead of failing the run.
A vulnerability without a fixed version is printed, not failed; one accepted on purpose is
listed in ACCEPTED with its reason.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

# Advisory id -> why it does not concern this app (reviewed; remove once fixed upstream).
ACCEPTED: dict[str, str] = {}

PROBE = "https://pypi.org/pypi/pip/{version}/json"


def reachable() -> str | None:
    """None when PyPI's per-version JSON API answers, else why not."""
    url = PROBE.format(version=importlib.metadata.version("pip"))
    try:
        with urllib.request.urlopen(url, timeout=15) as answer:
            json.load(answer)
    except urllib.error.HTTPError as exc:
        return f"{url} answered HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return f"{url} cannot be reached ({exc})"
    return None


def audit() -> dict[str, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--format",
            "json",
            "--skip-editable",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return dict(json.loads(proc.stdout))
    except ValueError:
        sys.stderr.write(proc.stderr)
        raise SystemExit(".ci/audit.py: pip-audit gave no report (see above).") from None


def judge(report: dict[str, Any]) -> int:
    """Print the findings; 1 when one has a fix and is not accepted."""
    failed = 0
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    if deps and len(skipped) == len(deps):
        print(".ci/run: pip-audit skipped: no dependency could be looked up on PyPI here.")
        return 0
    for dep in deps:
        for vuln in dep.get("vulns", []):
            ids = [vuln["id"], *vuln.get("aliases", [])]
            fixes = ", ".join(vuln.get("fix_versions", [])) or "none yet"
            where = f"{dep['name']} {dep['version']}: {' / '.join(ids)} (fixed in {fixes})"
            accepted = next((ACCEPTED[i] for i in ids if i in ACCEPTED), None)
            if accepted:
                print(f"pip-audit: accepted {where}: {accepted}")
            elif vuln.get("fix_versions"):
                print(f"pip-audit: VULNERABLE {where}", file=sys.stderr)
                failed = 1
            else:
                print(f"pip-audit: no fix yet for {where}")
    audited = len(deps) - len(skipped)
    print(f"pip-audit: {audited} installed packages audited, {len(skipped)} not on PyPI.")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="judge this pip-audit JSON report instead")
    args = parser.parse_args()
    if args.report is not None:
        return judge(json.loads(args.report.read_text(encoding="utf-8")))
    why = reachable()
    if why is not None:
        print(f".ci/run: pip-audit skipped: PyPI's vulnerability data is not reachable: {why}.")
        return 0
    return judge(audit())


if __name__ == "__main__":
    sys.exit(main())
