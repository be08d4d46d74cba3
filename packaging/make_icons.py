"""Render the app icon for the installers from plandocket_desktop/resources/icon.svg.

Writes ``resources/icons/plandocket-desktop.{png,ico,icns}`` (committed): a 512 px PNG for
Linux, a Windows .ico with 16-256 px images and a macOS .icns up to 1024 px. Needs the
packaging extra (Pillow) and runs offscreen: ``python packaging/make_icons.py``.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "plandocket_desktop" / "resources" / "icon.svg"
OUT = ROOT / "resources" / "icons"


def render(size: int) -> bytes:
    """The SVG as a square PNG of ``size`` pixels (transparent background)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    big = Image.open(io.BytesIO(render(1024))).convert("RGBA")
    (OUT / "plandocket-desktop.png").write_bytes(render(512))
    big.save(
        OUT / "plandocket-desktop.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    big.save(OUT / "plandocket-desktop.icns")
    del app
    for name in sorted(OUT.iterdir()):
        print(name.relative_to(ROOT), name.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
