"""The table's rows after an edit are where a fresh sort and filter would put them.

An edit of a few rows checks whether they stay put before re-sorting 20,000; these tests
hold that shortcut to the order a full relayout gives, edit after edit, for every column."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt

from migrator.analysis.results import HealthLevel
from migrator.domain.model import Status
from migrator.services import MigrationService, NewMigration
from migrator.services.reporting import ExportRequest, export_report
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.models import workstream_table_model as table
from migrator.ui.models.workstream_table_model import RowFilter, WorkstreamTableModel
from tests.conftest import AS_OF


def _fresh_order(document: PlanDocument, model: WorkstreamTableModel) -> list[int]:
    """The rows a new table with the same sort and filter shows."""
    fresh = WorkstreamTableModel(document)
    fresh.set_filter(model.filter)
    fresh.sort(model.sort_column, model.sort_order)
    return fresh.visible_ids()


def _random_edit(document: PlanDocument, chance: random.Random) -> dict[str, Any]:
    """One field of one workstream changed as a user might: status, dates, title, team, owner, progress."""
    plan = document.plan
    workstream = chance.choice(list(plan.workstreams.values()))
    field = chance.choice(
        ["status", "planned_due", "planned_start", "title", "team_id", "owner_id", "progress"]
    )
    value: Any
    if field == "status":
        value = chance.choice([s for s in Status if s is not workstream.status])
    elif field in ("planned_due", "planned_start"):
        start, due = workstream.planned_start, workstream.planned_due
        if start is None or due is None or workstream.is_milestone:
            field, value = "progress", chance.randrange(0, 101)
        elif field == "planned_due":
            value = due + timedelta(days=chance.randrange(1, 90))
        else:
            value = start - timedelta(days=chance.randrange(1, 90))
    elif field == "title":
        value = chance.choice(["Card ledger cut-over", "Agent scripts", "Zebra", "alpha"])
    elif field == "team_id":
        value = chance.choice([t.id for t in plan.teams if t.id != workstream.team_id])
    elif field == "owner_id":
        value = chance.choice([p.id for p in plan.people])
    else:
        value = chance.randrange(0, 101)
    changes = {field: value}
    assert document.edit_workstreams({workstream.id: changes}, "Edit"), (workstream.key, changes)
    return changes


FILTERS = [
    RowFilter(),
    RowFilter(statuses=frozenset({Status.NOT_STARTED, Status.BLOCKED})),
    RowFilter(text="card"),
    RowFilter(blocked=True),
    RowFilter(changed=True),
]


@pytest.mark.parametrize("column", [-1, *range(len(table.COLUMNS))])
def test_rows_after_each_edit_are_where_a_fresh_sort_puts_them(
    document: PlanDocument, column: int, qtbot: Any
) -> None:
    chance = random.Random(column)
    model = WorkstreamTableModel(document)
    for step in range(24):
        model.set_filter(FILTERS[step % len(FILTERS)])
        order = Qt.SortOrder.DescendingOrder if step % 2 else Qt.SortOrder.AscendingOrder
        model.sort(column, order)
        changes = _random_edit(document, chance)
        assert model.visible_ids() == _fresh_order(document, model), (step, changes)
        if step % 6 == 5:  # the analysed columns move when the new analysis arrives
            qtbot.waitUntil(lambda: document.analysis_is_current)
            assert model.visible_ids() == _fresh_order(document, model), (step, "analysed")


def test_a_status_edit_in_a_table_sorted_by_due_keeps_the_row_and_the_selection_in_place(
    document: PlanDocument,
) -> None:
    model = WorkstreamTableModel(document)
    model.sort(table.DUE, Qt.SortOrder.AscendingOrder)
    before = model.visible_ids()
    middle = before[len(before) // 2]
    kept = model.index(len(before) // 2, table.STATUS)
    held = QPersistentModelIndex(kept)
    document.edit_workstreams({middle: {"status": Status.BLOCKED}}, "Block")
    assert model.visible_ids() == before
    assert held.row() == len(before) // 2
    assert model.index(held.row(), table.STATUS).data() == Status.BLOCKED.label


def test_a_workstream_moved_to_another_team_moves_to_that_teams_rows_in_plan_order(
    document: PlanDocument,
) -> None:
    model = WorkstreamTableModel(document)
    teams = sorted(document.plan.teams, key=lambda t: t.name)
    first, last = teams[0], teams[-1]
    moved = next(w.id for w in document.plan.workstreams.values() if w.team_id == first.id)
    document.edit_workstreams({moved: {"team_id": last.id}}, "Move")
    row = model.row_of(moved)
    assert row is not None
    names = [document.plan.workstreams[i].team_name for i in model.visible_ids()]
    assert names[row] == last.name and names == sorted(names)


def test_a_row_turned_red_leaves_a_table_filtered_to_green_work_when_the_analysis_arrives(
    document: PlanDocument, qtbot: Any
) -> None:
    model = WorkstreamTableModel(document)
    model.set_filter(RowFilter(health=HealthLevel.GREEN))
    green = model.visible_ids()[0]
    document.edit_workstreams({green: {"status": Status.BLOCKED}}, "Block")
    qtbot.waitUntil(lambda: document.analysis_is_current)
    assert green not in model.visible_ids()
    assert model.visible_ids() == _fresh_order(document, model)


def test_changed_since_the_last_report_counts_from_the_report_of_the_latest_day_up_to_the_as_of_date(
    tmp_path: Path, qtbot: Any
) -> None:
    ticks = iter(datetime(2027, 3, 1, 9, 0) + timedelta(minutes=n) for n in range(1000))
    service = MigrationService.create(
        tmp_path / "plan.migrator",
        NewMigration("Card fleet replacement", date(2027, 1, 4), date(2027, 6, 30)),
        today=lambda: AS_OF,
        now=lambda: next(ticks),
    )
    team = service.create_team("Banking", "BNK")
    first, second = (service.create_workstream(title, team) for title in ("Ledger", "Cards"))
    document = PlanDocument(service, as_of=AS_OF)
    model = WorkstreamTableModel(document)
    model.set_filter(RowFilter(changed=True))
    later = AS_OF + timedelta(days=7)

    def report(name: str, as_of: date) -> None:
        export_report(service, ExportRequest(tmp_path / f"{name}.xlsx", as_of=as_of, label=name))

    report("Week 9", AS_OF)
    assert document.edit_workstreams({first: {"progress": 40}}, "Progress")
    report("Week 10", later)
    assert document.edit_workstreams({second: {"progress": 10}}, "Progress")
    report("Week 9 again", AS_OF)  # redone afterwards: still a report of week 9
    document.reload()
    shown = document.last_report()
    assert shown is not None and shown.label == "Week 9 again"
    assert model.visible_ids() == []
    document.set_as_of(later)
    qtbot.waitUntil(lambda: document.analysis_is_current)
    shown = document.last_report()
    assert shown is not None and shown.label == "Week 10"
    assert model.visible_ids() == [second]  # the table follows the as-of date
    document.close()
