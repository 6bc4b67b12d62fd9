"""The window's own looks, drawn without style sheets: the read-only banner in warning colours with
its hairline, headings in bold, muted and problem text in their inks, the checked filter toggle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel

from migrator.ui.looks import RuledLabel, give_look
from migrator.ui.main_window import MainWindow
from tests.conftest import AS_OF


def _pixel(label: QLabel, x: int, y: int) -> str:
    return QColor(label.grab().toImage().pixel(x, y)).name().upper()


def test_a_read_only_plan_shows_its_banner_in_warning_colours_with_a_hairline_under_it(
    qtbot: Any, demo_file: Path
) -> None:
    window = MainWindow(as_of=AS_OF)
    qtbot.addWidget(window)
    assert window.open_file(demo_file, read_only=True)
    window.resize(1200, 800)
    window.show()
    assert window.workspace is not None
    banner = window.workspace.banner
    qtbot.waitUntil(banner.isVisible)
    width, height = banner.width(), banner.height()
    assert _pixel(banner, width - 3, 2) == "#FFF3CD"  # the fill, right of the text
    assert _pixel(banner, width - 3, height - 1) == "#F0D78C"  # the hairline along the bottom
    assert banner.palette().color(QPalette.ColorRole.WindowText).name().upper() == "#664D03"
    margins = banner.contentsMargins()
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (10, 6, 10, 6)
    assert window.styleSheet() == ""  # nothing sends the window's widgets through QStyleSheetStyle


def test_the_server_banner_is_red_and_a_history_entry_is_ruled_off_from_the_next(qtbot: Any) -> None:
    banner, entry = RuledLabel("The server cannot be reached."), RuledLabel("1 Mar 2027 14:02 · Ann")
    for label, name in ((banner, "serverBanner"), (entry, "historyEntry")):
        qtbot.addWidget(label)
        give_look(label, name)
        label.resize(300, 40)
    assert _pixel(banner, 297, 2) == "#FDECEA"
    assert _pixel(banner, 297, 39) == "#F3B9B4"
    assert _pixel(entry, 297, 39) == "#E6EAED"
    assert not entry.autoFillBackground()  # on the pane's own background


def test_headings_are_bold_and_muted_or_problem_text_has_its_ink(qtbot: Any) -> None:
    heading, muted, problem = QLabel("Links"), QLabel("No links yet."), QLabel("Started before BNK-2")
    for label, name in ((heading, "detailsHeading"), (muted, "detailsMuted"), (problem, "detailsProblem")):
        qtbot.addWidget(label)
        give_look(label, name)
        assert label.objectName() == name
    assert heading.font().weight() == QFont.Weight.DemiBold
    assert heading.contentsMargins().top() == 10  # air above each section
    inks = [
        label.palette().color(QPalette.ColorRole.WindowText).name().upper()
        for label in (heading, muted, problem)
    ]
    assert inks == ["#37474F", "#78909C", "#C62828"]
    assert muted.font().weight() == QFont.Weight.Normal


def test_a_checked_filter_toggle_is_filled_and_framed_as_pressed(qtbot: Any, demo_file: Path) -> None:
    window = MainWindow(as_of=AS_OF)
    qtbot.addWidget(window)
    assert window.open_file(demo_file)
    window.resize(1200, 800)
    window.show()
    assert window.workspace is not None
    late = window.workspace.filter_bar.toggles["late"]
    qtbot.waitUntil(late.isVisible)
    before = QColor(late.grab().toImage().pixel(late.width() // 2, 3)).name().upper()
    late.setChecked(True)
    after = QColor(late.grab().toImage().pixel(late.width() // 2, 3)).name().upper()
    assert after == "#E3F2FD" and before != after
