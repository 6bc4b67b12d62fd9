"""The application's icon from resources/, on the window and in the wheel's desktop entry."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from migrator import app
from migrator.paths import resource
from migrator.ui.app_icon import SIZES, png_name, rendered
from migrator.ui.main_window import MainWindow


def test_make_run_opens_the_window_with_the_migrator_icon(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[MainWindow] = []

    def run(*_: Any) -> int:
        shown.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        return 0

    monkeypatch.setattr(QApplication, "exec", run)
    assert app.main(["--demo", "--as-of", "2027-03-01"]) == 0  # what `make run` starts
    assert len(shown) == 1
    icon = shown[0].windowIcon()
    assert [size.width() for size in icon.availableSizes()] == [16, 32, 48, 64, 128, 256]
    assert QApplication.desktopFileName() == "migrator"  # resources/linux/migrator.desktop
    for widget in QApplication.topLevelWidgets():
        widget.close()


@pytest.mark.parametrize("size", SIZES)
def test_each_png_is_the_svg_rendered_at_its_size(qapp: Any, size: int) -> None:
    stored = QImage(str(resource("icons", png_name(size))))
    drawn = rendered(size)
    assert (stored.width(), stored.height()) == (size, size)
    assert stored.convertToFormat(drawn.format()) == drawn  # else: python -m migrator.ui.app_icon
