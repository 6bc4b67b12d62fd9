"""The ambient unit of work: many of the service's own methods inside one changing() block
make one action, committed together with one change id, or not at all."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.domain.errors import DependencyLoopError, ValidationError
from migrator.services import MigrationService, NewMigration
from tests.conftest import Places


@pytest.fixture
def team(service: MigrationService) -> int:
    return service.create_team("Banking & Payments", "BNK")


def test_methods_called_inside_changing_make_one_recorded_action(
    service: MigrationService, team: int
) -> None:
    with service.changing():
        first = service.create_workstream("Issuer contract", team)
        second = service.create_workstream("Card design", team)
        service.add_dependency(first, second)
    created = service.recent_history(3)
    assert [(e.entity_label, e.action) for e in created] == [
        ("BNK-1 → BNK-2", "created"),
        ("BNK-2", "created"),
        ("BNK-1", "created"),
    ]
    assert len({e.change_id for e in created}) == 1


def test_a_read_inside_changing_sees_the_changes_made_so_far(service: MigrationService, team: int) -> None:
    ws = service.create_workstream("Issuer contract", team)
    with service.changing():
        renamed = service.update_workstream(ws, {"title": "Issuer contract signed"})
        assert renamed.title == "Issuer contract signed"
        assert [w.title for w in service.workstreams()] == ["Issuer contract signed"]


def test_a_refusal_inside_changing_undoes_the_whole_action(service: MigrationService, team: int) -> None:
    with (
        pytest.raises(DependencyLoopError, match="would close a loop: BNK-2 → BNK-1 → BNK-2"),
        service.changing(),
    ):
        first = service.create_workstream("Issuer contract", team)
        second = service.create_workstream("Card design", team)
        service.add_dependency(first, second)
        service.add_dependency(second, first)  # closes a loop with the link made just before
    assert service.workstreams() == []
    assert service.dependencies() == []


def test_a_link_removed_inside_changing_no_longer_counts_as_a_loop(
    service: MigrationService, team: int
) -> None:
    with service.changing():
        first = service.create_workstream("Issuer contract", team)
        second = service.create_workstream("Card design", team)
        link = service.add_dependency(first, second)
        service.remove_dependency(link)
        service.add_dependency(second, first)
    assert [(d.predecessor_key, d.successor_key) for d in service.dependencies()] == [("BNK-2", "BNK-1")]


def test_another_files_changes_are_not_part_of_the_open_action(
    service: MigrationService, team: int, places: Places
) -> None:
    elsewhere = places("other")
    other = MigrationService.create(elsewhere, NewMigration("Other", date(2027, 1, 4)))
    with other, pytest.raises(ValidationError, match="There is already a team called"), service.changing():
        other.create_team("Card Operations", "OPS")
        service.create_team("Banking & Payments", "BNK")  # refused: this file's action goes
    with MigrationService.open(elsewhere) as reopened:
        assert [t.code for t in reopened.teams()] == ["OPS"]
