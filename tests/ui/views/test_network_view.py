"""The dependency network on the demo: what it shows, selection both ways, chains, zoom, pan, live edits."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QHelpEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QToolTip

from migrator.domain.model import Status
from migrator.ui import palette
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.views import network_view
from migrator.ui.views.network_view import GUTTER, NetworkView, Show


@pytest.fixture
def view(document: PlanDocument, qtbot: Any) -> NetworkView:
    widget = NetworkView(document)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def key_id(document: PlanDocument, key: str) -> int:
    return next(w.id for w in document.plan.workstreams.values() if w.key == key)


def chain(document: PlanDocument, start: int, upstream: bool) -> set[int]:
    """The chain as the plan's links say, followed one link at a time."""
    found, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for link in document.plan.dependencies.values():
            near, far = (
                (link.successor_id, link.predecessor_id)
                if upstream
                else (link.predecessor_id, link.successor_id)
            )
            if near == node and far not in found:
                found.add(far)
                todo.append(far)
    return found


def test_everything_is_shown_until_the_filters_say_otherwise(
    view: NetworkView, document: PlanDocument
) -> None:
    assert set(view.network.ids) == set(document.plan.workstreams)
    assert len(view.network.links) == len(document.plan.dependencies)
    banking = [w.id for w in document.plan.workstreams.values() if w.team_code == "BNK"]
    view.set_shown(banking)
    assert sorted(view.network.ids) == sorted(banking)
    assert [lane.key for lane in view.network.lanes] == [document.plan.workstreams[banking[0]].team_id]
    assert "12 workstreams" in view.summary.text()
    view.set_shown([])
    assert view.network.ids == []
    view.canvas.grab()  # the empty picture paints its message


def test_clicking_a_box_selects_it(view: NetworkView, document: PlanDocument, qtbot: Any) -> None:
    ops5 = key_id(document, "OPS-5")
    view.select([key_id(document, "BNK-1")])
    view.canvas.centre_on(ops5)
    where = view.canvas.screen_position(ops5)
    assert where is not None
    with qtbot.waitSignal(view.selected) as heard:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=where.toPoint())
    assert heard.args == [[ops5]]
    assert view.selection == [ops5]


def test_select_centres_the_box_without_emitting(
    view: NetworkView, document: PlanDocument, qtbot: Any
) -> None:
    target = key_id(document, "DAT-4")  # mid-picture: the view can scroll to centre it
    with qtbot.assertNotEmitted(view.selected):
        view.select([target])
    where = view.canvas.screen_position(target)
    size = view.canvas.viewport().size()
    assert where is not None
    assert abs(where.x() - (GUTTER + size.width()) / 2) <= 1
    assert abs(where.y() - size.height() / 2) <= 1
    assert view.selection == [target]


@pytest.mark.parametrize("key", ["OPS-5", "DAT-4", "BNK-1"])
def test_upstream_and_downstream_show_exactly_the_chain(
    view: NetworkView, document: PlanDocument, key: str
) -> None:
    current = key_id(document, key)
    view.select([current])
    view.set_show_mode(Show.UPSTREAM)
    assert set(view.network.ids) == chain(document, current, upstream=True)
    assert view.show_box.currentText() == "Upstream of selection"
    view.show_box.setCurrentIndex(list(Show).index(Show.DOWNSTREAM))  # as a user picks it
    assert set(view.network.ids) == chain(document, current, upstream=False)
    view.set_show_mode(Show.EVERYTHING)
    assert set(view.network.ids) == set(document.plan.workstreams)


def test_the_chain_follows_the_selection(view: NetworkView, document: PlanDocument) -> None:
    view.set_show_mode(Show.UPSTREAM)
    assert view.network.ids == []
    assert view.summary.text() == "Select a workstream to see its chain"
    ops5 = key_id(document, "OPS-5")
    view.select([ops5])
    assert set(view.network.ids) == chain(document, ops5, upstream=True)
    assert view.summary.text() == f"OPS-5 waits on {len(view.network.ids) - 1} workstreams"


def test_a_new_dependency_appears_and_undo_takes_it_away(view: NetworkView, document: PlanDocument) -> None:
    before_id, after_id = key_id(document, "SUP-3"), key_id(document, "BNK-2")
    assert before_id not in chain(document, after_id, upstream=False)  # the new link closes no loop
    old = view.network
    assert old.xs[old.index[before_id]] > old.xs[old.index[after_id]]
    assert document.add_dependency(before_id, after_id)
    new = view.network
    assert (new.index[before_id], new.index[after_id]) in new.links
    assert new.xs[new.index[before_id]] < new.xs[new.index[after_id]]  # BNK-2 moved right of SUP-3
    document.undo_stack.undo()
    assert (view.network.index[before_id], view.network.index[after_id]) not in view.network.links


def test_a_status_edit_recolours_without_a_new_layout(
    view: NetworkView, document: PlanDocument, qtbot: Any
) -> None:
    target = key_id(document, "OPS-5")
    before = view.network
    with qtbot.waitSignal(document.analysed):
        assert document.edit_workstreams({target: {"status": Status.BLOCKED}}, "Block OPS-5")
    assert view.network is before
    assert "Status: Blocked" in view.tooltip(target)


def test_moving_a_workstream_to_another_team_moves_its_box(view: NetworkView, document: PlanDocument) -> None:
    target = key_id(document, "OPS-5")
    legal = next(t.id for t in document.plan.teams if t.code == "LEG")
    assert document.edit_workstreams({target: {"team_id": legal}}, "Move OPS-5")
    network = view.network
    assert network.lanes[network.lane_of[network.index[target]]].key == legal


def test_zoom_buttons_and_fit_change_the_scale(view: NetworkView) -> None:
    canvas = view.canvas
    assert canvas.scale == 1.0 and view.zoom_label.text() == "100%"
    view.zoom_in_action.trigger()
    assert canvas.scale == pytest.approx(1.25)
    view.zoom_out_action.trigger()
    view.zoom_out_action.trigger()
    assert canvas.scale == pytest.approx(0.8)
    assert view.zoom_label.text() == "80%"
    view.fit_action.trigger()
    network = view.network
    assert canvas.scale * network.width <= canvas.viewport().width() - GUTTER + 1
    assert canvas.scale * network.height <= canvas.viewport().height() + 1


def test_ctrl_wheel_zooms_around_the_mouse(view: NetworkView, document: PlanDocument) -> None:
    canvas = view.canvas
    target = key_id(document, "PRD-3")
    canvas.centre_on(target)
    where = canvas.screen_position(target)
    assert where is not None
    wheel = QWheelEvent(
        where, canvas.viewport().mapToGlobal(where), QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(canvas.viewport(), wheel)
    assert canvas.scale == pytest.approx(1.25)
    after = canvas.screen_position(target)
    assert after is not None and (after - where).manhattanLength() <= 2


def test_dragging_the_background_pans(view: NetworkView, qtbot: Any) -> None:
    canvas = view.canvas
    canvas.horizontalScrollBar().setValue(300)
    canvas.verticalScrollBar().setValue(200)
    empty = next(
        QPoint(x, y)
        for x in range(GUTTER + 10, 1000, 15)
        for y in range(10, 700, 15)
        if canvas.node_at(QPointF(x, y)) is None
    )
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    qtbot.mouseMove(canvas.viewport(), empty + QPoint(-60, -40))
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=empty + QPoint(-60, -40))
    assert (canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()) == (360, 240)


def test_the_context_menu_asks_what_if_and_shows_chains(
    view: NetworkView, document: PlanDocument, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = key_id(document, "DAT-4")
    view.canvas.centre_on(target)
    where = view.canvas.screen_position(target)
    assert where is not None
    chosen: list[str] = []

    class PickingMenu(QMenu):
        """Picks the entry named last in ``chosen`` instead of waiting for the user (patching
        QMenu.exec itself does not reach the C++ method in PySide6 6.11)."""

        def exec(self, *_args: Any) -> None:  # type: ignore[override]
            next(a for a in self.actions() if a.text() == chosen[-1]).trigger()

    monkeypatch.setattr(network_view, "QMenu", PickingMenu)
    point = where.toPoint()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, view.canvas.viewport().mapToGlobal(point)
    )
    menus = len(view.findChildren(QMenu))  # the toolbar's own
    chosen.append("What if it slips…")
    with qtbot.waitSignal(view.what_if_requested) as asked:
        view.canvas.contextMenuEvent(event)
    assert asked.args == [target]
    assert view.selection == [target]
    chosen.append("Show downstream")
    view.canvas.contextMenuEvent(event)
    assert view.show_mode is Show.DOWNSTREAM
    assert set(view.network.ids) == chain(document, target, upstream=False)
    chosen.append("Show everything")
    view.canvas.contextMenuEvent(event)
    assert view.show_mode is Show.EVERYTHING
    assert len(view.findChildren(QMenu)) == menus  # each menu went once used


def test_hovering_a_box_names_the_workstream_and_its_health(
    view: NetworkView, document: PlanDocument, qtbot: Any
) -> None:
    target = key_id(document, "DAT-4")
    view.canvas.centre_on(target)
    where = view.canvas.screen_position(target)
    assert where is not None
    point = where.toPoint()
    hover = QHelpEvent(QEvent.Type.ToolTip, point, view.canvas.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.canvas.viewport(), hover)
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    row, found = document.plan.workstreams[target], document.analysis.workstreams[target]  # type: ignore[union-attr]
    for part in (row.key, row.title, f"Team: {row.team_name}", f"Health: {found.health.label}"):
        assert part.replace("&", "&amp;") in text
    assert all(reason.replace("&", "&amp;") in text for reason in found.health_reasons)


def test_a_box_is_filled_with_its_health_colour(view: NetworkView, document: PlanDocument) -> None:
    target = key_id(document, "BNK-3")
    view.canvas.centre_on(target)
    where = view.canvas.screen_position(target)
    assert where is not None
    image = view.canvas.viewport().grab().toImage()
    health = document.analysis.glance(target).health  # type: ignore[union-attr]
    dpr = image.devicePixelRatio()
    sample = image.pixelColor(round((where.x() + 60) * dpr), round((where.y() - 12) * dpr))
    assert sample == QColor(palette.HEALTH_FILL[health].color())


def test_a_new_analysis_repaints_without_laying_out_before_the_wait_is_over(
    view: NetworkView, document: PlanDocument, qtbot: Any
) -> None:
    everything = list(document.plan.workstreams)
    assert len(view.canvas.network.ids) == len(everything)  # type: ignore[union-attr]
    view.set_shown(everything[:10])
    document.analysed.emit()  # the analysis of the last edit arrives within the wait
    view.canvas.viewport().repaint()
    assert len(view.canvas.network.ids) == len(everything)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: len(view.canvas.network.ids) == 10)  # type: ignore[union-attr]


def test_a_filter_hiding_the_selection_drops_it(view: NetworkView, document: PlanDocument) -> None:
    bnk3, ops4 = key_id(document, "BNK-3"), key_id(document, "OPS-4")
    view.select([bnk3, ops4])
    view.set_shown([i for i in document.plan.workstreams if i != ops4])
    assert view.selection == [bnk3]


def test_the_legend_stays_in_view_on_a_laptop_sized_window(view: NetworkView, qtbot: Any) -> None:
    view.resize(1000, 700)
    qtbot.wait(20)
    legend = next(label for label in view.findChildren(QLabel) if label.text() == network_view.LEGEND)
    assert legend.isVisible() and legend.width() >= legend.sizeHint().width()
