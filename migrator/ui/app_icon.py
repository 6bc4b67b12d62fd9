"""The application's icon: PNGs rendered from resources/icons/migrator.svg, one per size.

Run ``python -m migrator.ui.app_icon`` after changing the SVG to render the PNGs again
(tests/ui/test_app_icon.py checks they match it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from migrator.paths import resource

SIZES = (16, 32, 48, 64, 128, 256)


def png_name(size: int) -> str:
    return f"migrator-{size}.png"


def app_icon() -> QIcon:
    """The window icon, in every size the desktop may ask for."""
    icon = QIcon()
    for size in SIZES:
        icon.addFile(str(resource("icons", png_name(size))), QSize(size, size))
    return icon


def rendered(size: int) -> QImage:
    """The SVG drawn at ``size`` pixels square on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(resource("icons", "migrator.svg"))).render(painter)
    painter.end()
    return image


def render_pngs(folder: Path) -> list[Path]:
    """Write one PNG per size into ``folder``."""
    written = []
    for size in SIZES:
        path = folder / png_name(size)
        if not rendered(size).save(str(path)):
            raise OSError(f"Could not write {path}.")
        written.append(path)
    return written


if __name__ == "__main__":
    app = QGuiApplication(sys.argv[:1])
    for path in render_pngs(resource("icons")):
        print(path)
