"""The table, timeline, network and dashboard in the real window: one selection, one filter, live edits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from migrator.ui.dialogs.what_if_dialog import WhatIfDialog
from migrator.ui.main_window import MainWindow
from migrator.ui.widgets.plan_views import PlanViews
from tests.conftest import AS_OF


@pytest.fixture
def window(qtbot: Any, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "warning", lambda *_args: pytest.fail("no edit here is refused"))
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.resize(1440, 900)
    win.show()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()


def _views(win: MainWindow) -> PlanViews:
    assert win.workspace is not None
    return win.workspace.views


def _id(win: MainWindow, key: str) -> int:
    assert win.document is not None
    return next(w.id for w in win.document.plan.workstreams.values() if w.key == key)


def test_each_view_has_its_tab_and_shortcut(window: MainWindow, qtbot: Any) -> None:
    views = _views(window)
    assert [views.tabText(i) for i in range(views.count())] == [
        "Table",
        "Timeline",
        "Network",
        "Dashboard",
        "RAID log",
    ]
    for tab, action in enumerate(window.view_actions):
        assert action.shortcut().toString() == f"Ctrl+{tab + 1}"
        action.trigger()
        assert views.currentIndex() == tab and views.currentWidget().isVisible()


def test_a_row_chosen_in_the_table_is_the_one_selected_in_each_view(window: MainWindow, qtbot: Any) -> None:
    ops5 = _id(window, "OPS-5")
    assert window.workspace is not None
    window.workspace.table.select_workstream(ops5)
    views = _views(window)
    for tab in (PlanViews.TIMELINE, PlanViews.NETWORK):
        views.setCurrentIndex(tab)
        assert views.view(tab).selection[:1] == [ops5]
    # And while a view is on screen, the table's selection follows into it at once.
    prd3 = _id(window, "PRD-3")
    window.workspace.table.select_workstream(prd3)
    assert views.view(PlanViews.NETWORK).selection[:1] == [prd3]


def test_a_click_in_the_network_selects_the_row_and_shows_its_details(window: MainWindow, qtbot: Any) -> None:
    views = _views(window)
    window.view_actions[PlanViews.NETWORK].trigger()
    network = views.view(PlanViews.NETWORK)
    target = _id(window, "CS-3")
    assert target in network.network.index  # laid out (the view batches its layout)
    network.canvas.centre_on(target)
    where = network.canvas.screen_position(target)
    assert where is not None
    qtbot.mouseClick(network.canvas.viewport(), Qt.MouseButton.LeftButton, pos=where.toPoint())
    assert window.workspace is not None
    assert window.workspace.table.current_id() == target
    assert window.workspace.table.selected_ids() == [target]
    assert "CS-3" in window.workspace.details.key.text()


def test_the_filter_limits_every_view(window: MainWindow, qtbot: Any) -> None:
    assert window.workspace is not None and window.document is not None
    views = _views(window)
    window.view_actions[PlanViews.NETWORK].trigger()
    network = views.view(PlanViews.NETWORK)
    window.workspace.filter_bar.text.setText("card")
    shown = set(window.workspace.table.model_.visible_ids())
    assert 0 < len(shown) < len(window.document.plan.workstreams)
    qtbot.waitUntil(lambda: set(network.network.ids) == shown)
    # A view that was off screen catches up when it is shown.
    window.workspace.filter_bar.text.setText("pilot")
    window.view_actions[PlanViews.TIMELINE].trigger()
    timeline = views.view(PlanViews.TIMELINE)
    pilot = set(window.workspace.table.model_.visible_ids())
    assert pilot and set(timeline.shown_ids()) == pilot


def test_a_dashboard_card_shows_that_teams_work_in_the_table(window: MainWindow, qtbot: Any) -> None:
    assert window.workspace is not None and window.document is not None
    views = _views(window)
    window.view_actions[PlanViews.DASHBOARD].trigger()
    dashboard = views.view(PlanViews.DASHBOARD)
    qtbot.waitUntil(lambda: bool(dashboard.card_grid.cards))
    card = dashboard.card_grid.cards[0]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert views.currentIndex() == PlanViews.TABLE
    assert window.workspace.teams.chosen_team() == card.team_id
    plan = window.document.plan.workstreams
    rows = window.workspace.table.model_.visible_ids()
    assert rows and {plan[i].team_id for i in rows} == {card.team_id}


def test_an_edit_in_the_table_moves_the_bar_and_undo_moves_it_back(window: MainWindow, qtbot: Any) -> None:
    assert window.document is not None
    views = _views(window)
    window.view_actions[PlanViews.TIMELINE].trigger()
    timeline = views.view(PlanViews.TIMELINE)
    ops5 = _id(window, "OPS-5")
    before = timeline.bar_of(ops5)
    due = window.document.plan.workstreams[ops5].planned_due
    assert before is not None and due is not None
    window.document.edit_workstreams({ops5: {"planned_due": due + timedelta(days=7)}}, "Due")
    after = timeline.bar_of(ops5)
    assert after is not None and after.right > before.right and after.left == before.left
    window.document.undo_stack.undo()
    assert timeline.bar_of(ops5) == before


def test_what_if_highlights_the_moved_bars_and_applies_as_one_step(window: MainWindow, qtbot: Any) -> None:
    assert window.document is not None and window.workspace is not None
    dat4 = _id(window, "DAT-4")
    window.workspace.table.select_workstream(dat4)
    window.what_if_action.trigger()
    dialog = window.findChild(WhatIfDialog)
    assert dialog is not None and dialog.isVisible()
    views = _views(window)
    assert views.currentIndex() == PlanViews.TIMELINE  # where the moved bars show
    timeline = views.view(PlanViews.TIMELINE)
    dialog.days.setValue(5)
    impact = window.document.analysis.slip_impact("DAT-4", days=5)  # type: ignore[union-attr]
    moved = {m.workstream_id for m in impact.moved}
    qtbot.waitUntil(lambda: timeline.highlighted == moved)
    due_before = window.document.plan.workstreams[dat4].planned_due
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: not timeline.highlighted)
    assert window.document.plan.workstreams[dat4].planned_due == impact.moved[0].forecast_finish_after
    window.document.undo_stack.undo()
    assert window.document.plan.workstreams[dat4].planned_due == due_before


def test_what_if_without_a_selection_says_what_to_do(window: MainWindow, qtbot: Any) -> None:
    assert window.workspace is not None and window.document is not None
    window.workspace.table.clearSelection()
    window.workspace.table.setCurrentIndex(window.workspace.table.model_.index(-1, -1))
    window.what_if_action.trigger()
    assert window.findChild(WhatIfDialog) is None
    assert "Select a workstream" in window.statusBar().currentMessage()


def test_a_second_what_if_replaces_the_first_and_closing_the_file_closes_it(
    window: MainWindow, qtbot: Any
) -> None:
    assert window.workspace is not None
    window.what_if(_id(window, "BNK-5"))
    first = window.findChild(WhatIfDialog)
    window.what_if(_id(window, "OPS-6"))
    qtbot.waitUntil(lambda: len([d for d in window.findChildren(WhatIfDialog) if d.isVisible()]) == 1)
    [shown] = [d for d in window.findChildren(WhatIfDialog) if d.isVisible()]
    assert shown is not first and "OPS-6" in shown.windowTitle()
    window.close_document()
    assert not any(d.isVisible() for d in window.findChildren(WhatIfDialog))


def test_what_if_on_a_workstream_just_deleted_says_what_to_do(window: MainWindow, qtbot: Any) -> None:
    assert window.document is not None
    gone = _id(window, "SUP-6")
    assert window.document.delete_workstreams([gone])
    window.what_if(gone)
    assert window.findChild(WhatIfDialog) is None
    assert "Select a workstream" in window.statusBar().currentMessage()


def test_delete_works_from_the_timeline(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.document is not None and window.workspace is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    victim = _id(window, "BNK-7")
    window.view_actions[PlanViews.TIMELINE].trigger()
    timeline = _views(window).view(PlanViews.TIMELINE)
    window.workspace.table.select_workstream(victim)
    timeline.setFocus()
    window.delete_action.trigger()
    assert victim not in window.document.plan.workstreams
    window.document.undo_stack.undo()
    assert victim in window.document.plan.workstreams


def test_a_filter_that_hides_part_of_the_selection_leaves_only_the_rest_selected_in_the_view(
    window: MainWindow, qtbot: Any
) -> None:
    assert window.workspace is not None
    bnk3, ops4 = _id(window, "BNK-3"), _id(window, "OPS-4")
    window.workspace.table.select_workstreams([bnk3, ops4])
    window.view_actions[PlanViews.TIMELINE].trigger()
    timeline = _views(window).view(PlanViews.TIMELINE)
    assert set(timeline.selection) == {bnk3, ops4}
    window.workspace.filter_bar.text.setText("BNK-")
    qtbot.waitUntil(lambda: timeline.selection == [bnk3])


def test_a_dashboard_card_shows_all_of_the_teams_work_whatever_the_filter(
    window: MainWindow, qtbot: Any
) -> None:
    assert window.workspace is not None and window.document is not None
    window.workspace.filter_bar.text.setText("pilot")
    window.view_actions[PlanViews.DASHBOARD].trigger()
    dashboard = _views(window).view(PlanViews.DASHBOARD)
    qtbot.waitUntil(lambda: bool(dashboard.card_grid.cards))
    card = dashboard.card_grid.cards[0]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    team_work = {w.id for w in window.document.plan.workstreams.values() if w.team_id == card.team_id}
    assert window.workspace.filter_bar.text.text() == ""
    assert set(window.workspace.table.model_.visible_ids()) == team_work
