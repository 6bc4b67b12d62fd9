"""The RAID log across the window: Ctrl+5, the workstream details pane's items, the timeline's
decision marks, the dashboard's red risks and decisions due, the risk bands in the settings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from migrator.domain.raid import RiskBands
from migrator.services import MigrationService
from migrator.ui.dialogs.settings_dialog import SettingsDialog
from migrator.ui.main_window import MainWindow
from migrator.ui.views.dashboard_view import IDS, DashboardView
from migrator.ui.views.raid_view import RaidView
from migrator.ui.views.timeline_view import TimelineView
from migrator.ui.widgets.plan_views import PlanViews
from tests.conftest import AS_OF
from tests.ui.views.test_raid_view import keys, seed, shoot


@pytest.fixture
def window(qtbot: Any, demo_file: Path, refusals: list[str]) -> Iterator[MainWindow]:
    service = MigrationService.open(demo_file, today=lambda: AS_OF)
    try:
        seed(service)
    finally:
        service.close()
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.resize(1440, 900)
    win.show()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()


def test_ctrl_5_shows_the_raid_log_and_its_own_panes(window: MainWindow, qtbot: Any) -> None:
    workspace = window.workspace
    assert workspace is not None
    QTest.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert workspace.views.currentIndex() == PlanViews.RAID
    view = workspace.views.view(PlanViews.RAID)
    assert isinstance(view, RaidView)
    assert keys(view) == ["A-1", "D-1", "I-1", "R-1", "R-2"]
    assert not workspace.details.isVisible() and not workspace.teams.isVisible()
    shoot(window, "window-raid-log")
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert workspace.details.isVisible()


def test_the_raid_log_fits_the_window_the_table_needs(window: MainWindow, qtbot: Any) -> None:
    # Its filters and its details pane made the window wider than a 1400-pixel screen before.
    table_needs = window.minimumSizeHint().width()
    QTest.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: window.workspace is not None and window.workspace.views.currentIndex() == PlanViews.RAID
    )
    qtbot.wait(50)  # the tab's layout settles
    assert window.minimumSizeHint().width() <= max(table_needs, 1280), table_needs


def test_the_workstream_details_list_its_items_and_open_one(window: MainWindow, qtbot: Any) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    first = next(iter(document.plan.workstreams.values()))
    workspace.table.select_workstream(first.id)
    section = workspace.details.raid
    texts = [section.list.item(row).text() for row in range(section.list.count())]
    assert texts == [  # the log's order, as in the RAID view: risks first
        "R-1 · threatens · 20 red — Card bureau cannot print 50,000 cards a week",
        "A-1 · assumed by · validate by 20 Mar 2027 — The bank signs off by March",
    ]
    workspace.details.scroll_area.ensureWidgetVisible(section)
    shoot(workspace.details, "details-pane-raid-items")
    entry = section.list.item(0)
    rect = section.list.visualItemRect(entry)
    qtbot.mouseClick(section.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(section.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert workspace.views.currentIndex() == PlanViews.RAID
    view = workspace.views.view(PlanViews.RAID)
    assert view.details.key.text() == "Risk R-1"


def test_the_timeline_marks_decisions_on_the_bars_they_gate(window: MainWindow, qtbot: Any) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    gated = next(w for w in document.plan.workstreams.values() if w.key == "BNK-7")
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    timeline = workspace.views.view(PlanViews.TIMELINE)
    assert isinstance(timeline, TimelineView)
    marks = timeline.decisions_of(gated.id)
    assert [(m.key, m.needed_by.isoformat(), m.overdue) for m in marks] == [("D-1", "2027-03-08", False)]
    row = timeline.rows.row_of(gated.id) if hasattr(timeline.rows, "row_of") else None
    if row is None:
        row = next(r for r in range(len(timeline.rows)) if timeline.rows[r].workstream_id == gated.id)
    assert "Decision <b>D-1</b>" in timeline.tooltip(row)
    shoot(timeline, "timeline-decision-mark")
    # Decided: the mark goes.
    decision = document.service.raid.item_by_key("D-1")
    from migrator.domain.raid import RaidStatus

    assert document.edit_raid_item(decision.id, {"status": RaidStatus.DECIDED})
    assert timeline.decisions_of(gated.id) == []
    document.undo_stack.undo()
    assert [m.key for m in timeline.decisions_of(gated.id)] == ["D-1"]
    # Past its needed-by date it is overdue: red.
    with qtbot.waitSignal(document.analysed, timeout=15_000):
        document.set_as_of(date(2027, 3, 10))
    assert [m.overdue for m in timeline.decisions_of(gated.id)] == [True]


def test_the_dashboard_lists_red_risks_and_decisions_due(window: MainWindow, qtbot: Any) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    dashboard = workspace.views.view(PlanViews.DASHBOARD)
    assert isinstance(dashboard, DashboardView)
    risks = [[item.text(c) for c in range(5)] for item in dashboard.risk_list.items()]
    assert risks == [["R-1  Card bureau cannot print 50,000 cards a week", "20", "Anika Patel", "—", "BNK-1"]]
    decisions = [[item.text(c) for c in range(5)] for item in dashboard.decision_list.items()]
    assert decisions == [["8 Mar 2027", "D-1  Migrate business customers first?", "Steering committee",
                          "7 days", "BNK-7"]]  # fmt: skip
    assert dashboard.risk_panel.heading.text() == "Open red risks (1)"
    dashboard.scroll_area.ensureWidgetVisible(dashboard.decision_panel)
    shoot(dashboard, "dashboard-raid")
    shoot(dashboard.decision_panel, "dashboard-decisions-due")
    # A click on the risk selects the work it threatens.
    item = dashboard.risk_list.items()[0]
    assert item.data(0, IDS) == list(
        document.raid_item(document.service.raid.item_by_key("R-1").id).linked_workstreams()
    )  # type: ignore[union-attr]
    # Closing it empties the list.
    r1 = document.service.raid.item_by_key("R-1")
    from migrator.domain.raid import RaidStatus

    document.edit_raid_item(r1.id, {"status": RaidStatus.CLOSED})
    assert dashboard.risk_list.items() == []
    assert dashboard.risk_panel.empty.text() == "No open risk is red."


def test_the_risk_bands_are_set_in_the_settings_and_undone(window: MainWindow, qtbot: Any) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    view = workspace.views.view(PlanViews.RAID)
    dialog = SettingsDialog(document, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    dialog.risk_red.setValue(dialog.risk_amber.value())
    assert not dialog.ok_button.isEnabled()
    assert "Red risks need a higher score than amber ones" in dialog.message.text()
    dialog.risk_amber.setValue(2)
    dialog.risk_red.setValue(3)
    shoot(dialog, "settings-risk-bands")
    dialog.ok_button.click()
    assert document.plan.migration.risk_bands == RiskBands(2, 3)
    r2 = [
        view.model.index(r, 4).data() for r in range(view.model.rowCount()) if view.model.item(r).key == "R-2"
    ]
    assert r2 == ["3 red"]
    assert view.heat_map.bands == RiskBands(2, 3)
    document.undo_stack.undo()
    assert document.plan.migration.risk_bands == RiskBands()
    r2 = [
        view.model.index(r, 4).data() for r in range(view.model.rowCount()) if view.model.item(r).key == "R-2"
    ]
    assert r2 == ["3 green"]


def test_a_deleted_workstream_takes_its_raid_links_and_undo_brings_them_back(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = window.document
    assert document is not None
    first = next(iter(document.plan.workstreams.values()))
    r1 = document.service.raid.item_by_key("R-1")
    assert document.delete_workstreams([first.id])
    assert document.raid_item(r1.id).links == ()  # type: ignore[union-attr]
    document.undo_stack.undo()
    assert document.raid_item(r1.id).linked_workstreams() == (first.id,)  # type: ignore[union-attr]
    _ = QPoint  # the module's imports stay used when a test is dropped


def test_the_delete_key_deletes_the_raid_items_chosen_not_workstreams(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    workstreams = len(document.plan.workstreams)
    QTest.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    view = workspace.views.view(PlanViews.RAID)
    view.select_item(document.service.raid.item_by_key("R-2").id)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Delete)
    assert asked == ["Delete R-2 “Branch staff miss the training”? Edit → Undo brings it back."]
    assert "R-2" not in keys(view) and len(document.plan.workstreams) == workstreams
    # In a text box of its details pane the key edits the text, and deletes nothing.
    view.select_item(document.service.raid.item_by_key("R-1").id)
    note = view.details.editors["cause"]
    note.setFocus()
    QTest.keyClick(note, Qt.Key.Key_Delete)
    assert len(asked) == 1 and "R-1" in keys(view)


def test_closing_on_the_raid_tab_keeps_the_workstream_panes_widths(qtbot: Any, demo_file: Path) -> None:
    first = MainWindow(as_of=AS_OF)
    qtbot.addWidget(first)
    first.open_file(demo_file)
    first.resize(1440, 900)
    first.show()
    assert first.workspace is not None
    widths = first.workspace.splitter.sizes()
    QTest.keyClick(first, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    first.close()

    second = MainWindow(as_of=AS_OF)
    qtbot.addWidget(second)
    second.open_file(demo_file)
    second.resize(1440, 900)
    second.show()
    assert second.workspace is not None
    assert second.workspace.details.isVisible() and second.workspace.teams.isVisible()
    assert second.workspace.splitter.sizes() == widths
    second.close()


def test_a_double_click_on_an_item_shows_its_linked_work_in_the_table(window: MainWindow, qtbot: Any) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    QTest.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    view = workspace.views.view(PlanViews.RAID)
    row = keys(view).index("D-1")
    rect = view.table.visualRect(view.model.index(row, 2))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert workspace.views.currentIndex() == PlanViews.TABLE
    gated = next(w for w in document.plan.workstreams.values() if w.key == "BNK-7")
    assert workspace.table.selected_ids() == [gated.id]
    assert workspace.details.shown_id() == gated.id
