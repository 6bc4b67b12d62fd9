"""The teams panel: what needs attention in each team stays readable on a plan of any size."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont, QFontMetrics

from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.teams_panel import TeamsPanel, _detail_lines


def test_counts_too_wide_for_one_line_go_on_to_a_second_instead_of_losing_the_last(qapp: Any) -> None:
    metrics = QFontMetrics(QFont())
    first = "15612 red · 464 amber · 15684 late"
    width = metrics.horizontalAdvance(first)
    assert _detail_lines(f"{first} · 4063 blocked", metrics, width) == [first, "4063 blocked"]
    assert _detail_lines("2 red · 1 late", metrics, width) == ["2 red · 1 late"]


def test_a_team_row_grows_a_line_when_the_panel_is_too_narrow_for_its_counts(
    document: PlanDocument, qtbot: Any
) -> None:
    panel = TeamsPanel(document)
    qtbot.addWidget(panel)
    panel.resize(320, 700)
    panel.show()
    view, model = panel.list, panel.model

    def tallest() -> int:
        return max(view.sizeHintForIndex(model.index(row)).height() for row in range(model.rowCount()))

    wide = tallest()
    panel.resize(150, 700)  # "5 red · 8 amber · 6 late · 3 blocked" no longer fits on one line
    qtbot.waitUntil(lambda: tallest() > wide)


def test_at_the_windows_narrowest_every_team_row_fits_the_panel_without_scrolling_sideways(
    document: PlanDocument, qtbot: Any
) -> None:
    panel = TeamsPanel(document)
    qtbot.addWidget(panel)
    panel.resize(200, 300)  # the window's narrowest teams panel; a scroll bar takes some of it
    panel.show()
    view, model = panel.list, panel.model
    qtbot.waitUntil(lambda: view.verticalScrollBar().isVisible())
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0)  # nothing cut off at the right
    room = view.viewport().width()
    assert all(view.visualRect(model.index(row)).right() < room for row in range(model.rowCount()))
