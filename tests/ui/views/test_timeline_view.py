"""The timeline on the demo plan: shown rows, selection both ways, drags that edit the file, zoom, marks."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from migrator.domain.model import DependencyType
from migrator.layout.timeline import (
    ROW_HEIGHT,
    BarPart,
    bar_middle,
    handle_centre,
    part_at,
    working_days_in,
    zoom_in,
)
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.views import timeline_view
from migrator.ui.views.network_view import NetworkView
from migrator.ui.views.timeline.legend import Legend
from migrator.ui.views.timeline_view import TimelineView
from migrator.ui.views.view_support import NO_WORKSTREAMS, NONE_MATCH, SOFT_INK, empty_text

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def view(document: PlanDocument, qtbot: Any) -> TimelineView:
    widget = TimelineView(document)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ids_of(document: PlanDocument, *keys: str) -> list[int]:
    by_key = {w.key: w.id for w in document.plan.workstreams.values()}
    return [by_key[key] for key in keys]


def bring(view: TimelineView, workstream_id: int, left: int = 150) -> None:
    """Scroll so the workstream's row is in view and its bar starts ``left`` px into the chart."""
    view.scroll_to(workstream_id)
    bar = view.bar_of(workstream_id)
    assert bar is not None
    view.chart.horizontalScrollBar().setValue(round(bar.left) - left)


def point(view: TimelineView, workstream_id: int, part: BarPart = BarPart.BODY) -> QPoint:
    """Where on the chart's viewport to press to grab ``part`` of the workstream's bar."""
    bar, row = view.bar_of(workstream_id), view.rows.row_of(workstream_id)
    assert bar is not None and row is not None
    x = {BarPart.BODY: bar.centre, BarPart.END: bar.right - 2, BarPart.LINK_HANDLE: handle_centre(bar)}[part]
    assert part_at(bar, x) is part
    return view.chart.viewport_point(x, bar_middle(row))


def drag(view: TimelineView, start: QPoint, end: QPoint) -> None:
    viewport = view.chart.viewport()
    QTest.mousePress(viewport, LEFT, NONE, start)
    for step in range(1, 5):  # a few moves, as a hand makes them
        QTest.mouseMove(viewport, start + (end - start) * step / 4)
    QTest.mouseRelease(viewport, LEFT, NONE, end)


def pixels(view: TimelineView, workstream_id: int, colour: QColor) -> int:
    """How many pixels of ``colour`` the chart shows on the workstream's row."""
    row = view.rows.row_of(workstream_id)
    assert row is not None
    top = view.chart.viewport_point(0, view.rows.y(row)).y()
    image: QImage = view.chart.viewport().grab().toImage()
    band = QRect(0, max(top, 0), image.width(), ROW_HEIGHT).intersected(image.rect())
    return sum(
        image.pixelColor(x, y) == colour
        for y in range(band.top(), band.bottom() + 1)
        for x in range(band.left(), band.right() + 1)
    )


def test_only_the_shown_workstreams_get_rows_under_their_teams(
    view: TimelineView, document: PlanDocument
) -> None:
    ops8, bnk3, bnk5 = ids_of(document, "OPS-8", "BNK-3", "BNK-5")
    everything = list(document.plan.workstreams)
    assert len(view.rows) == len(everything) + len(document.plan.teams)

    view.set_shown([ops8, bnk5, bnk3])
    assert [tuple(view.rows[r]) for r in range(len(view.rows))] == [
        (document.plan.workstreams[ops8].team_id, None),
        (document.plan.workstreams[ops8].team_id, ops8),
        (document.plan.workstreams[bnk5].team_id, None),
        (document.plan.workstreams[bnk5].team_id, bnk5),
        (document.plan.workstreams[bnk3].team_id, bnk3),
    ]
    assert view.rows.row_of(ids_of(document, "PRD-7")[0]) is None
    assert pixels(view, bnk5, timeline_view.SLIP) > 0  # BNK-5 is late: its slip is drawn


def test_select_scrolls_to_the_row_and_outlines_it_without_answering_back(
    view: TimelineView, document: PlanDocument, qtbot: Any
) -> None:
    (sup6,) = ids_of(document, "SUP-6")  # in the last team, far below the first screen
    heard: list[list[int]] = []
    view.selected.connect(heard.append)
    assert view.chart.verticalScrollBar().value() == 0

    view.select([sup6])

    top = view.chart.viewport_point(0, view.rows.y(view.rows.row_of(sup6) or 0)).y()
    assert 0 <= top <= view.chart.viewport().height() - ROW_HEIGHT
    assert pixels(view, sup6, timeline_view.SELECTION) > 20
    assert heard == []


def test_clicking_a_bar_selects_it_and_ctrl_click_adds_one(
    view: TimelineView, document: PlanDocument
) -> None:
    ops7, ops8 = ids_of(document, "OPS-7", "OPS-8")
    heard: list[list[int]] = []
    view.selected.connect(heard.append)
    bring(view, ops7)

    QTest.mouseClick(view.chart.viewport(), LEFT, NONE, point(view, ops7))
    QTest.mouseClick(view.chart.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier, point(view, ops8))

    assert heard == [[ops7], [ops8, ops7]]
    assert pixels(view, ops7, timeline_view.SELECTION) > 20


def test_dragging_a_bar_moves_both_dates_as_one_undo_step(view: TimelineView, document: PlanDocument) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    before = document.service.workstream(ops8)
    bring(view, ops8)
    bar = view.bar_of(ops8)
    start = point(view, ops8)

    drag(view, start, start + QPoint(round(5 * view.scale.px_per_day), 3))

    after = document.service.workstream(ops8)
    assert (after.planned_start, after.planned_due) == (
        before.planned_start + timedelta(days=5),  # type: ignore[operator]
        before.planned_due + timedelta(days=5),  # type: ignore[operator]
    )
    assert document.undo_stack.undoText() == "Move OPS-8"
    document.undo_stack.undo()
    restored = document.service.workstream(ops8)
    assert (restored.planned_start, restored.planned_due) == (before.planned_start, before.planned_due)
    assert view.bar_of(ops8) == bar


def test_dragging_one_of_several_selected_bars_moves_them_all(
    view: TimelineView, document: PlanDocument
) -> None:
    ops7, ops8 = ids_of(document, "OPS-7", "OPS-8")
    assert [document.service.workstream(i).planned_due for i in (ops7, ops8)] == [
        date(2027, 4, 6),  # a Tuesday
        date(2027, 4, 28),  # a Wednesday
    ]
    view.select([ops7, ops8])
    bring(view, ops8)
    start = point(view, ops8)

    drag(view, start, start - QPoint(round(2 * view.scale.px_per_day), 0))

    # Both by the same two working days, onto working days: over OPS-7's weekend to a Friday.
    assert [document.service.workstream(i).planned_due for i in (ops7, ops8)] == [
        date(2027, 4, 2),
        date(2027, 4, 26),
    ]
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText() == "Move 2 workstreams"


def test_dragging_the_end_of_a_bar_changes_its_due_date(view: TimelineView, document: PlanDocument) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    before = document.service.workstream(ops8)
    bring(view, ops8)
    end = point(view, ops8, BarPart.END)

    drag(view, end, end + QPoint(round(7 * view.scale.px_per_day), 0))

    after = document.service.workstream(ops8)
    assert after.planned_start == before.planned_start
    assert after.planned_due == before.planned_due + timedelta(days=7)  # type: ignore[operator]
    assert document.undo_stack.undoText() == "Change due date of OPS-8"


def test_escape_cancels_a_drag(view: TimelineView, document: PlanDocument) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    before = document.service.workstream(ops8)
    bring(view, ops8)
    start = point(view, ops8)
    viewport = view.chart.viewport()
    QTest.mousePress(viewport, LEFT, NONE, start)
    QTest.mouseMove(viewport, start + QPoint(30, 0))
    QTest.mouseMove(viewport, start + QPoint(60, 0))
    QTest.keyClick(view.chart, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, LEFT, NONE, start + QPoint(60, 0))

    assert document.service.workstream(ops8).planned_start == before.planned_start
    assert document.undo_stack.count() == 0


def test_dragging_the_link_handle_onto_a_bar_links_them(view: TimelineView, document: PlanDocument) -> None:
    ops10, ops11 = ids_of(document, "OPS-10", "OPS-11")
    bring(view, ops10, left=100)

    drag(view, point(view, ops10, BarPart.LINK_HANDLE), point(view, ops11))

    links = [
        d for d in document.service.dependencies() if (d.predecessor_id, d.successor_id) == (ops10, ops11)
    ]
    assert [link.type for link in links] == [DependencyType.FS]
    document.undo_stack.undo()
    assert not any(d.predecessor_id == ops10 for d in document.service.dependencies())


def test_a_link_that_would_close_a_loop_is_refused_with_the_loop(
    view: TimelineView, document: PlanDocument
) -> None:
    ops7, ops8 = ids_of(document, "OPS-7", "OPS-8")  # OPS-7 already leads to OPS-8
    links = document.service.dependencies()
    refusals: list[str] = []
    document.refused.connect(refusals.append)
    bring(view, ops7, left=100)

    drag(view, point(view, ops8, BarPart.LINK_HANDLE), point(view, ops7))

    assert len(refusals) == 1 and "OPS-7" in refusals[0] and "OPS-8" in refusals[0]
    assert document.service.dependencies() == links
    assert document.undo_stack.count() == 0


def test_clicking_a_team_header_collapses_and_expands_it(view: TimelineView, document: PlanDocument) -> None:
    ops = ids_of(document, "OPS-1", "OPS-11")
    team_id = document.plan.workstreams[ops[0]].team_id
    rows = len(view.rows)
    header = next(r for r in range(len(view.rows)) if view.rows[r] == (team_id, None))
    y = view.rows.y(header) + ROW_HEIGHT // 2 - view.chart.verticalScrollBar().value()

    QTest.mouseClick(view.labels, LEFT, NONE, QPoint(10, y))
    assert all(view.rows.row_of(i) is None for i in ops)
    assert len(view.rows) == rows - 11

    QTest.mouseClick(view.labels, LEFT, NONE, QPoint(10, y))
    assert len(view.rows) == rows and view.rows.row_of(ops[0]) == header + 1


def test_ctrl_wheel_zooms_around_the_mouse(view: TimelineView) -> None:
    viewport, bar = view.chart.viewport(), view.chart.horizontalScrollBar()
    before = view.scale.px_per_day
    mouse = QPointF(300, 200)
    day = view.scale.day_at(bar.value() + mouse.x())
    wheel = QWheelEvent(
        mouse, viewport.mapToGlobal(mouse), QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, wheel)

    assert view.scale.px_per_day == zoom_in(before)
    assert view.scale.day_at(bar.value() + mouse.x()) == day


def test_highlight_marks_bars_and_clears(view: TimelineView, document: PlanDocument) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    bring(view, ops8)
    assert pixels(view, ops8, timeline_view.WHAT_IF) == 0

    view.highlight([ops8])
    assert pixels(view, ops8, timeline_view.WHAT_IF) > 20

    view.highlight([])
    assert pixels(view, ops8, timeline_view.WHAT_IF) == 0


def test_up_and_down_move_the_selection(view: TimelineView, document: PlanDocument) -> None:
    ops7, ops8, ops9 = ids_of(document, "OPS-7", "OPS-8", "OPS-9")
    heard: list[list[int]] = []
    view.selected.connect(heard.append)
    view.select([ops8])
    view.chart.setFocus()

    QTest.keyClick(view.chart, Qt.Key.Key_Down)
    QTest.keyClick(view.chart, Qt.Key.Key_Up)
    QTest.keyClick(view.chart, Qt.Key.Key_Up)

    assert heard == [[ops9], [ops8], [ops7]]


def test_edits_elsewhere_and_their_undo_move_the_bar(view: TimelineView, document: PlanDocument) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    bar = view.bar_of(ops8)
    assert bar is not None
    document.edit_workstreams(
        {ops8: {"planned_start": date(2027, 4, 8), "planned_due": date(2027, 5, 5)}}, "Edit"
    )
    moved = view.bar_of(ops8)
    assert moved is not None and moved.left == bar.left + 7 * view.scale.px_per_day

    document.delete_workstreams([ops8])
    assert view.rows.row_of(ops8) is None
    document.undo_stack.undo()
    view.set_shown(list(document.plan.workstreams))  # the window passes the table's rows again
    assert view.rows.row_of(ops8) is not None


def test_the_context_menu_asks_for_a_what_if_and_folds_the_team(
    view: TimelineView, document: PlanDocument
) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    asked: list[int] = []
    view.what_if_requested.connect(asked.append)
    menu = view.context_menu(view.rows.row_of(ops8))
    actions = {a.text(): a for a in menu.actions()}

    actions["What if it slips…"].trigger()
    assert asked == [ops8]
    actions["Collapse Card Operations & Logistics"].trigger()
    assert view.rows.row_of(ops8) is None


def test_the_tooltip_gives_dates_health_and_its_reasons(view: TimelineView, document: PlanDocument) -> None:
    (bnk5,) = ids_of(document, "BNK-5")
    reasons = document.analysis.workstreams[bnk5].health_reasons  # type: ignore[union-attr]
    text = view.tooltip(view.rows.row_of(bnk5))  # type: ignore[arg-type]
    assert "BNK-5" in text and "Planned: 8 Feb 2027 – 18 Mar 2027" in text and "Health: Red" in text
    assert reasons and all(reason.replace("'", "&#x27;") in text for reason in reasons)


def test_undo_during_a_drag_cancels_it_and_the_drop_changes_nothing(
    view: TimelineView, document: PlanDocument
) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    team_id = document.plan.workstreams[ops8].team_id
    new = document.create_workstream(
        team_id, "Fresh", planned_start=date(2027, 3, 2), planned_due=date(2027, 3, 12)
    )
    assert new is not None
    view.set_shown(list(document.plan.workstreams))
    view.select([new])
    bring(view, new)
    viewport, start = view.chart.viewport(), point(view, new)
    QTest.mousePress(viewport, LEFT, NONE, start)
    QTest.mouseMove(viewport, start + QPoint(30, 0))
    QTest.mouseMove(viewport, start + QPoint(40, 0))

    document.undo_stack.undo()  # Ctrl+Z: the new workstream goes while its bar is in the hand
    assert new not in document.plan.workstreams and view.chart.drag is None
    viewport.grab()  # a paint with the drag gone
    QTest.mouseRelease(viewport, LEFT, NONE, start + QPoint(60, 0))

    assert document.undo_stack.count() == 1 and document.undo_stack.index() == 0  # nothing new to undo


def test_a_filter_that_hides_part_of_the_selection_drops_it_so_a_drag_moves_only_shown_work(
    view: TimelineView, document: PlanDocument
) -> None:
    ops7, ops8 = ids_of(document, "OPS-7", "OPS-8")
    before = document.service.workstream(ops8)
    view.select([ops7, ops8])

    view.set_shown([i for i in document.plan.workstreams if i != ops8])
    assert view.selection == [ops7]
    bring(view, ops7)
    start = point(view, ops7)
    drag(view, start, start + QPoint(round(7 * view.scale.px_per_day), 0))

    assert document.undo_stack.undoText() == "Move OPS-7"
    assert document.service.workstream(ops8).planned_due == before.planned_due


def test_dragging_a_bar_onto_a_weekend_keeps_its_working_days(
    view: TimelineView, document: PlanDocument
) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    tuesday, friday = date(2027, 3, 9), date(2027, 3, 19)
    document.edit_workstreams({ops8: {"planned_start": tuesday, "planned_due": friday}}, "Edit")
    view.zoom_to(24.0)
    bring(view, ops8)
    start = point(view, ops8)

    drag(view, start, start + QPoint(round(1 * view.scale.px_per_day), 0))  # due: Friday to Saturday

    after = document.service.workstream(ops8)
    assert (after.planned_start, after.planned_due) == (date(2027, 3, 10), date(2027, 3, 22))  # due: Monday
    assert working_days_in(view.calendar, after.planned_start, after.planned_due) == 9  # type: ignore[arg-type]


def test_a_bar_without_a_due_date_is_moved_from_its_end_not_resized(
    view: TimelineView, document: PlanDocument
) -> None:
    (ops8,) = ids_of(document, "OPS-8")
    team_id = document.plan.workstreams[ops8].team_id
    new = document.create_workstream(team_id, "Start only", planned_start=date(2027, 3, 8))
    assert new is not None
    view.set_shown(list(document.plan.workstreams))
    view.zoom_to(24.0)
    bring(view, new)
    bar = view.bar_of(new)
    assert bar is not None and part_at(bar, bar.right - 2) is BarPart.BODY


def test_the_timeline_and_the_network_agree_on_the_critical_links(
    view: TimelineView, document: PlanDocument, qtbot: Any
) -> None:
    network = NetworkView(document)
    qtbot.addWidget(network)
    links = [(d.predecessor_id, d.successor_id) for d in document.plan.dependencies.values()]
    critical = [link for link in links if view.on_critical_path(*link)]
    assert critical and all(network.on_critical_path(*link) for link in critical)
    assert all(not network.on_critical_path(*link) for link in links if link not in critical)


def test_an_empty_timeline_says_why(view: TimelineView, document: PlanDocument) -> None:
    view.set_shown([])
    image = view.chart.viewport().grab().toImage()
    middle = image.height() // 2
    assert any(
        image.pixelColor(x, y) == SOFT_INK
        for y in range(middle - 12, middle + 12)
        for x in range(image.width())
    )
    assert empty_text(document) == NONE_MATCH
    document.delete_workstreams(list(document.plan.workstreams))
    assert empty_text(document) == NO_WORKSTREAMS


def test_the_legend_explains_the_target_go_live_line(view: TimelineView) -> None:
    legend = view.findChild(Legend)
    legend.resize(legend.sizeHint())
    image = legend.grab().toImage()
    target = timeline_view.TARGET
    assert any(image.pixelColor(x, y) == target for y in range(image.height()) for x in range(image.width()))


def test_the_timeline_moves_like_any_widget(view: TimelineView, document: PlanDocument) -> None:
    """Moving workstreams has its own name: the widget's own move() still places the widget."""
    dates = {i: (w.planned_start, w.planned_due) for i, w in document.plan.workstreams.items()}
    view.move(QPoint(12, 34))
    assert view.pos() == QPoint(12, 34)
    assert {i: (w.planned_start, w.planned_due) for i, w in document.plan.workstreams.items()} == dates


def test_right_click_menus_do_not_pile_up_under_the_view(view: TimelineView) -> None:
    for _ in range(5):
        view.context_menu(1)
    assert not view.findChildren(QMenu)


def test_hover_text_is_the_same_in_both_views(view: TimelineView, document: PlanDocument, qtbot: Any) -> None:
    (bnk5,) = ids_of(document, "BNK-5")
    network = NetworkView(document)
    qtbot.addWidget(network)
    text = view.tooltip(view.rows.row_of(bnk5))  # type: ignore[arg-type]
    assert text == network.tooltip(bnk5)
    for part in ("Team: ", "Owner: ", "Status: ", "Planned: ", "Forecast: ", "Late by ", "Health: "):
        assert part in text
