"""Bulk edits of many workstreams: written together, still checked, recorded and all or nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from migrator.domain.errors import ConcurrentEditError, NotFoundError, ValidationError
from migrator.domain.model import Status
from migrator.services import MigrationService, workstreams

MAR_1 = date(2027, 3, 1)


@pytest.fixture
def plan(service: MigrationService) -> dict[str, Any]:
    """Two teams, two people and 120 workstreams, half of them owned."""
    teams = [service.create_team("Banking", "BNK"), service.create_team("Card Operations", "OPS")]
    people = [service.create_person("Ana Silva"), service.create_person("Kwame Mensah")]
    dates = {"planned_start": date(2027, 3, 8), "planned_due": date(2027, 4, 30)}
    ids = [
        service.create_workstream(f"Task {n}", teams[n % 2], owner_id=people[0] if n % 3 else None, **dates)
        for n in range(120)
    ]
    return {"teams": teams, "people": people, "ids": ids}


def _plan(service: MigrationService) -> tuple[Any, ...]:
    return tuple(service.workstreams()), len(service.history_since(0))


def test_a_bulk_status_change_writes_every_row_with_its_history_in_one_step(
    service: MigrationService, plan: dict[str, Any]
) -> None:
    ids = plan["ids"]
    before = {w.id: w for w in service.workstreams()}
    fresh = service.update_workstreams({i: {"status": Status.DONE} for i in ids}, comment="Cut-over done")
    assert sorted(w.id for w in fresh) == sorted(ids)
    assert fresh == service.workstreams_by_id(ids)
    for workstream in fresh:
        assert (workstream.status, workstream.progress, workstream.actual_finish) == (Status.DONE, 100, MAR_1)
        assert workstream.version == before[workstream.id].version + 1
    entries = [e for e in service.history_since(0) if e.comment == "Cut-over done"]
    assert len({e.change_id for e in entries}) == 1
    assert {e.field for e in entries} == {"status", "progress", "actual_start", "actual_finish"}
    assert len([e for e in entries if e.field == "status"]) == len(ids)


def test_moving_many_workstreams_names_teams_and_owners_in_history(
    service: MigrationService, plan: dict[str, Any]
) -> None:
    banking, operations = plan["teams"]
    kwame = plan["people"][1]
    moved = [w.id for w in service.workstreams() if w.team_id == banking]
    service.update_workstreams({i: {"team_id": operations, "owner_id": kwame} for i in moved})
    assert {(w.team_name, w.owner_name) for w in service.workstreams_by_id(moved)} == {
        ("Card Operations", "Kwame Mensah")
    }
    entries = service.recent_history(limit=2 * len(moved))
    assert {(e.field, e.old_value, e.new_value) for e in entries} == {
        ("team", "Banking", "Card Operations"),
        ("owner", "Ana Silva", "Kwame Mensah"),
        ("owner", None, "Kwame Mensah"),
    }


def test_one_refused_row_among_many_changes_nothing(service: MigrationService, plan: dict[str, Any]) -> None:
    ids = plan["ids"]
    before = _plan(service)
    changes: dict[int, dict[str, Any]] = {i: {"status": Status.IN_PROGRESS} for i in ids}
    changes[ids[-1]] = {"progress": 150}
    with pytest.raises(ValidationError, match="Progress must be from 0 to 100 percent, not 150"):
        service.update_workstreams(changes)
    assert _plan(service) == before
    with pytest.raises(NotFoundError, match="no workstream with id 999"):
        service.update_workstreams({ids[0]: {"progress": 10}, 999: {"progress": 10}})
    assert _plan(service) == before


def test_a_row_changed_underneath_refuses_the_whole_edit(
    service: MigrationService, plan: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = plan["ids"]
    before = _plan(service)
    checked = workstreams.WorkstreamService._checked_update

    def changed_meanwhile(self: workstreams.WorkstreamService, uow: Any, row: Any, *args: Any) -> Any:
        if row.id == ids[50]:  # another writer's version of the row, which this edit read before
            uow.session.connection().execute(
                text("UPDATE workstream SET version = version + 1 WHERE id = :id"), {"id": row.id}
            )
        return checked(self, uow, row, *args)

    monkeypatch.setattr(workstreams.WorkstreamService, "_checked_update", changed_meanwhile)
    with pytest.raises(ConcurrentEditError):
        service.update_workstreams({i: {"progress": 20} for i in ids})
    monkeypatch.undo()
    assert _plan(service) == before


def test_keys_handed_on_within_one_edit(service: MigrationService, plan: dict[str, Any]) -> None:
    first, second = plan["ids"][:2]
    old_first = service.workstream(first).key
    service.update_workstreams({first: {"key": "BNK-900"}, second: {"key": old_first}})
    assert (service.workstream(first).key, service.workstream(second).key) == ("BNK-900", old_first)


def test_making_the_go_live_an_ordinary_task_in_a_bulk_edit_clears_it(
    service: MigrationService, plan: dict[str, Any]
) -> None:
    go_live = service.create_workstream(
        "Debit cards live", plan["teams"][0], is_milestone=True, planned_due=date(2027, 6, 30)
    )
    service.update_migration({"go_live_milestone_id": go_live})
    service.update_workstreams({i: {"is_milestone": False} for i in [*plan["ids"][:10], go_live]})
    assert service.migration().go_live_milestone_id is None
