"""plandocket-desktop: start the wizard (placeholder window until the wizard issue lands)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from plandocket_desktop import APP_NAME

    app = QApplication(list(argv) if argv is not None else sys.argv)
    label = QLabel(f"{APP_NAME} — the wizard is on its way.")
    label.setWindowTitle(APP_NAME)
    label.resize(480, 200)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
