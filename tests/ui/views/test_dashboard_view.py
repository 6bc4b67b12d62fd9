"""The dashboard: team cards worst first, the go-live trail, the short lists, and live updates."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.analysis.plan_state import capture
from migrator.domain.model import Status
from migrator.services import MigrationService
from migrator.ui.document import plan_document
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.views.dashboard_view import IDS, NO_TREND, DashboardView
from tests.conftest import AS_OF

OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED)


def keep_report(service: MigrationService, as_of: date, health: HealthLevel | None = None) -> None:
    """Keep a report of the plan as of ``as_of``, optionally as if its health had been ``health``."""
    plan = service.analyse_plan(as_of)
    state = capture(plan.analysis, plan.teams, plan.dependencies)
    if health is not None:
        state = dataclasses.replace(state, overall_health=health)
    with service.changing():
        service.store_snapshot(state, plan.history_id, label=f"Week of {as_of}")


@pytest.fixture
def service(demo_file: Path) -> Iterator[MigrationService]:
    svc = MigrationService.open(demo_file, today=lambda: AS_OF)
    yield svc
    svc.close()


def open_view(service: MigrationService, qtbot: Any, width: int = 1100) -> DashboardView:
    document = PlanDocument(service, as_of=AS_OF)
    qtbot.waitUntil(lambda: document.analysis is not None)
    view = DashboardView(document)
    qtbot.addWidget(view)
    view.resize(width, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def view(service: MigrationService, qtbot: Any) -> Iterator[DashboardView]:
    keep_report(service, AS_OF - timedelta(days=14))
    keep_report(service, AS_OF - timedelta(days=7), health=HealthLevel.AMBER)
    dashboard = open_view(service, qtbot)
    yield dashboard
    dashboard.document.close()


def analysis_of(view: DashboardView) -> PlanAnalysis:
    assert view.document.analysis is not None
    return view.document.analysis


def rows(tree: Any) -> list[list[int]]:
    return [tree.topLevelItem(row).data(0, IDS) for row in range(tree.topLevelItemCount())]


def test_the_dashboard_waits_for_the_first_analysis(service: MigrationService, qtbot: Any) -> None:
    document = PlanDocument(service, as_of=AS_OF)
    view = DashboardView(document)
    qtbot.addWidget(view)
    view.show()  # the analysis is still on its way: it only arrives through the event loop
    assert document.analysis is None
    assert "Analysing…" in view.subtitle.text() and not view.body.isVisibleTo(view)
    with qtbot.waitSignal(document.analysed):
        pass
    assert view.body.isVisibleTo(view) and len(view.cards) == len(document.plan.teams)
    document.close()


def test_a_failed_analysis_says_the_figures_are_out_of_date(
    view: DashboardView, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> Any:
        raise RuntimeError("the calendar has no working days left")

    monkeypatch.setattr(plan_document, "analyse", broken)
    with qtbot.waitSignal(view.document.analysis_failed):
        view.document.set_as_of(AS_OF)
    assert "out of date: the last analysis failed (the calendar has no working days left)" in (
        view.subtitle.text()
    )
    assert view.body.isVisibleTo(view)  # the last figures stay, marked out of date


# The demo's teams as of AS_OF with the two kept reports: worst health first, then the most red,
# then by name; the statuses counted (not started, in progress, blocked, done), how many are late,
# and how many are red.
CARDS = [
    ("Banking & Payments", (5, 4, 1, 2), "1&nbsp;late", "Red", 2),
    ("Card Operations & Logistics", (5, 2, 1, 3), "1&nbsp;late", "Red", 1),
    ("Cards Product Squad", (10, 3, 0, 3), "2&nbsp;late", "Red", 1),
    ("Data & Analytics", (4, 2, 0, 1), "none&nbsp;late", "Amber", 0),
    ("Finance", (3, 1, 0, 2), "none&nbsp;late", "Amber", 0),
    ("Legal & Compliance", (2, 3, 0, 5), "1&nbsp;late", "Amber", 0),
    ("Customer Success", (4, 2, 0, 1), "none&nbsp;late", "Green", 0),
    ("Marketing & Communications", (3, 3, 0, 2), "none&nbsp;late", "Green", 0),
    ("Sales", (2, 2, 0, 1), "none&nbsp;late", "Green", 0),
    ("Support", (4, 2, 0, 0), "none&nbsp;late", "Green", 0),
]
COUNTED = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE)


def test_cards_come_worst_first_with_the_plans_counts(view: DashboardView) -> None:
    names = {team.id: team.name for team in view.document.plan.teams}
    assert [names[card.team_id] for card in view.card_grid.cards] == [name for name, *_ in CARDS]
    for card, (_name, counts, late, health, red) in zip(view.card_grid.cards, CARDS, strict=True):
        assert {status: label.text() for status, label in card.counts.items()} == {
            status: str(count) for status, count in zip(COUNTED, counts, strict=True)
        }
        assert late in card.summary.text()
        assert health in card.health.text()
        assert f"{red}&nbsp;red" in card.health_counts.text()


def test_cards_flow_in_two_to_four_columns(view: DashboardView, qtbot: Any) -> None:
    def columns() -> int:
        grid = view.card_grid.grid
        return 1 + max(grid.getItemPosition(grid.indexOf(card))[1] for card in view.card_grid.cards)

    assert columns() == 4
    view.resize(800, 800)
    qtbot.waitUntil(lambda: columns() == 2)
    # Nothing wider than the page: the cards shrink with it instead of being cut off at the right.
    qtbot.waitUntil(lambda: view.scroll_area.widget().width() <= view.scroll_area.viewport().width())


def test_clicking_a_card_asks_for_its_team(view: DashboardView, qtbot: Any) -> None:
    card = view.card_grid.cards[1]
    with qtbot.waitSignal(view.team_chosen) as chosen:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert chosen.args == [card.team_id]
    card.setFocus()
    with qtbot.waitSignal(view.team_chosen) as chosen:
        qtbot.keyClick(card, Qt.Key.Key_Return)
    assert chosen.args == [card.team_id]


def test_the_chart_has_a_point_per_snapshot_then_now(view: DashboardView) -> None:
    snapshots = view.document.service.snapshots()
    points = view.chart.points
    assert len(points) == len(snapshots) + 1 == 3
    assert [p.as_of for p in points] == [*sorted(s.as_of for s in snapshots), AS_OF]
    assert points[-1].snapshot_id is None
    assert points[-1].projected == analysis_of(view).projected_finish


def test_the_headline_compares_with_the_last_report(view: DashboardView) -> None:
    assert "Mon 28 Jun 2027" in view.go_live.figure.text()  # the demo's projected go-live
    # The last report was kept as amber; the plan is red now.
    assert analysis_of(view).overall_health is HealthLevel.RED
    assert "Worse than the last report" in view.health.detail.text()
    assert "was amber" in view.health.detail.text()


def test_without_history_the_chart_says_so(service: MigrationService, qtbot: Any) -> None:
    view = open_view(service, qtbot)
    assert len(view.chart.points) == 1
    assert view.chart.accessibleDescription() == NO_TREND
    assert "No report kept yet" in view.health.detail.text()
    view.document.close()


def test_the_lists_hold_what_the_plan_says(view: DashboardView) -> None:
    plan = view.document.plan

    def keys(tree: Any) -> list[str]:
        return [plan.workstreams[ids[0]].key for ids in rows(tree)]

    # Open work due from Mon 1 Mar to Tue 16 Mar 2027: ten working days, 8 March being a holiday
    # in Berlin; by due date, then by key.
    assert keys(view.due_list) == [
        "OPS-5", "OPS-6", "PRD-6", "SUP-1", "BNK-3", "BNK-6", "CS-2", "DAT-2", "SAL-2", "SUP-2",
        "BNK-4", "MKT-5", "SAL-3", "OPS-4", "BNK-7", "PRD-7", "DAT-3", "FIN-3", "PRD-4",
    ]  # fmt: skip
    assert [str(plan.workstreams[ids[0]].planned_due) for ids in rows(view.due_list)] == [
        "2027-03-02", "2027-03-03", "2027-03-04", "2027-03-04", "2027-03-05", "2027-03-05",
        "2027-03-05", "2027-03-05", "2027-03-05", "2027-03-05", "2027-03-10", "2027-03-10",
        "2027-03-10", "2027-03-11", "2027-03-12", "2027-03-12", "2027-03-15", "2027-03-15",
        "2027-03-15",
    ]  # fmt: skip
    assert keys(view.red_list) == ["BNK-5", "OPS-6", "PRD-3", "BNK-3"]
    first = view.red_list.topLevelItem(0)
    assert first.text(0) == "BNK-5  Apple Pay & Google Pay token migration"
    assert first.text(3).startswith(
        "• Blocked: Waiting on the issuer processor to enable the token lifecycle API in production"
    )
    assert view.conflict_list.topLevelItemCount() == 0
    assert view.conflict_panel.empty.isVisibleTo(view)


def test_the_lists_follow_the_filter_and_the_cards_do_not(view: DashboardView) -> None:
    red = [ids[0] for ids in rows(view.red_list)]
    cards = [card.team_id for card in view.card_grid.cards]
    view.set_shown(red[:1])
    assert rows(view.red_list) == [red[:1]]
    assert "Following the table's filter: 1 of" in view.red_panel.note.text()
    assert [card.team_id for card in view.card_grid.cards] == cards
    view.set_shown(list(view.document.plan.workstreams))
    assert len(rows(view.red_list)) == len(red)


def test_a_conflict_appears_with_both_ends(view: DashboardView, qtbot: Any) -> None:
    plan = view.document.plan
    link = next(
        d
        for d in plan.dependencies.values()
        if d.type.value == "FS"
        and d.lag == 0
        and plan.workstreams[d.successor_id].status is Status.NOT_STARTED
        and not plan.workstreams[d.successor_id].is_milestone
        and plan.workstreams[d.predecessor_id].planned_due is not None
    )
    early = plan.workstreams[link.predecessor_id].planned_due - timedelta(days=7)
    with qtbot.waitSignal(view.document.analysed):
        assert view.document.edit_workstreams({link.successor_id: {"planned_start": early}}, "Start early")
    assert [link.successor_id, link.predecessor_id] in rows(view.conflict_list)
    assert (
        view.conflict_panel.heading.text()
        == f"Open dependency conflicts ({len(analysis_of(view).conflicts)})"
    )


def test_clicking_a_row_selects_its_workstream_and_select_does_not_echo(
    view: DashboardView, qtbot: Any
) -> None:
    tree = view.red_list
    item = tree.topLevelItem(1)
    with qtbot.waitSignal(view.selected) as picked:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert picked.args == [item.data(0, IDS)]

    heard: list[list[int]] = []
    view.selected.connect(heard.append)
    view.select(tree.topLevelItem(0).data(0, IDS))
    assert tree.topLevelItem(0).isSelected() and not item.isSelected()
    assert heard == []


def test_blocking_work_updates_its_card_once_analysed(view: DashboardView, qtbot: Any) -> None:
    plan = view.document.plan
    target = next(w for w in plan.workstreams.values() if w.status is Status.IN_PROGRESS)
    card = view.cards[target.team_id]
    before = int(card.counts[Status.BLOCKED].text())
    with qtbot.waitSignal(view.document.analysed):
        assert view.document.edit_workstreams(
            {target.id: {"status": Status.BLOCKED, "blocker_note": "Waiting on the vendor"}}, "Block"
        )
    assert view.cards[target.team_id] is card
    assert card.counts[Status.BLOCKED].text() == str(before + 1)
    assert card.counts[Status.IN_PROGRESS].text() == str(
        sum(w.status is Status.IN_PROGRESS and w.team_id == target.team_id for w in plan.workstreams.values())
    )


def test_a_hidden_dashboard_waits_until_shown(view: DashboardView, qtbot: Any) -> None:
    view.hide()
    plan = view.document.plan
    target = next(w for w in plan.workstreams.values() if w.status is Status.IN_PROGRESS)
    before = view.cards[target.team_id].counts[Status.BLOCKED].text()
    with qtbot.waitSignal(view.document.analysed):
        view.document.edit_workstreams({target.id: {"status": Status.BLOCKED}}, "Block")
    assert view.cards[target.team_id].counts[Status.BLOCKED].text() == before
    view.show()
    assert view.cards[target.team_id].counts[Status.BLOCKED].text() == str(int(before) + 1)


def test_a_row_offers_what_if(view: DashboardView, qtbot: Any) -> None:
    tree = view.due_list
    item = tree.topLevelItem(0)
    tree.customContextMenuRequested.emit(tree.visualItemRect(item).center())
    menu = view.findChild(QMenu)
    assert [action.text() for action in menu.actions()] == ["What if it slips…"]
    with qtbot.waitSignal(view.what_if_requested) as asked:
        menu.actions()[0].trigger()
    assert asked.args == [item.data(0, IDS)[0]]
    menu.close()
    qtbot.waitUntil(lambda: view.findChild(QMenu) is None)
    tree.customContextMenuRequested.emit(QPoint(5, tree.height() + 50))  # below the rows: no menu
    assert view.findChild(QMenu) is None


def test_a_deleted_workstream_leaves_the_lists_at_once_even_if_the_analysis_fails(
    view: DashboardView, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> Any:
        raise RuntimeError("engine bug")

    monkeypatch.setattr(plan_document, "analyse", broken)
    red = [ids[0] for ids in rows(view.red_list)]
    gone = red[0]
    with qtbot.waitSignal(view.document.analysis_failed):
        assert view.document.delete_workstreams([gone])
        # Before any analysis arrives: the row is gone and the count says so.
        assert [ids[0] for ids in rows(view.red_list)] == red[1:]
        assert view.red_panel.heading.text() == f"Red work ({len(red) - 1})"
    # The failed analysis rebuilds the lists from the last figures, which still list it.
    assert gone not in [ids[0] for ids in rows(view.red_list)]
    assert view.red_panel.heading.text() == f"Red work ({len(red) - 1})"


def test_a_row_menu_left_open_over_a_deleted_workstream_asks_nothing(view: DashboardView, qtbot: Any) -> None:
    tree = view.red_list
    item = tree.topLevelItem(0)
    gone = item.data(0, IDS)[0]
    tree.customContextMenuRequested.emit(tree.visualItemRect(item).center())
    menu = view.findChild(QMenu)
    asked: list[int] = []
    picked: list[list[int]] = []
    view.what_if_requested.connect(asked.append)
    view.selected.connect(picked.append)
    view.document.delete_workstreams([gone])
    menu.actions()[0].trigger()  # "What if it slips…" on a workstream no longer in the plan
    assert asked == []
    view._row_picked(item)  # a click that was already on its way
    assert picked == []
    menu.close()


def test_the_target_label_keeps_clear_of_the_points(view: DashboardView) -> None:
    # The demo's go-live is on target, so the trail runs along the target line to the ringed "now".
    chart = view.chart
    assert chart.points[-1].projected == chart.target
    chart.grab()
    box = chart.target_box
    assert box is not None and box.width() > 0
    assert not any(box.intersects(mark) for mark in chart.marks)
    assert chart.rect().toRectF().contains(box)
