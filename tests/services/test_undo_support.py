"""What undo stands on: bulk updates, deleting and restoring workstreams and links, plan images."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from migrator.domain.errors import DependencyLoopError, ValidationError
from migrator.domain.model import DependencyType, HealthThresholds, Status
from migrator.domain.places import Place
from migrator.services import MigrationService
from migrator.services.plan_image import narrowed
from migrator.services.plan_import import import_plan_into
from migrator.services.reporting import take_baseline

MAR_1 = date(2027, 3, 1)

# Moves BNK-3's due date and drops its link from BNK-2; adds a team (Treasury), a person (Olga
# Berg) and two workstreams linked to the plan (TRE-1 after BNK-3, BNK-13 after BNK-7).
DEMO_IMPORT = (
    "Key,Team,Workstream,Owner,Status,Start,Due,Progress,Milestone,Depends on\n"
    "BNK-3,Banking & Payments,Core banking ledger integration for debit accounts,Kwame Mensah,"
    "in progress,2027-01-04,2027-03-19,70%,no,\n"
    ",Treasury,Liquidity buffer for card settlement,Olga Berg,,2027-03-15,2027-04-16,,no,BNK-3\n"
    ",Banking & Payments,Chargeback rules for debit,Mateo García,,2027-03-22,2027-04-09,,,BNK-7SS+1\n"
)


def plan_state(service: MigrationService) -> dict[str, Any]:
    """Everything the service reads of the plan, without the version counters every write moves."""

    def by_id(items: Iterable[Any]) -> dict[int, Any]:
        return {item.id: dataclasses.replace(item, version=0) for item in items}

    return {
        "migration": dataclasses.replace(service.migration(), version=0),
        "calendar": service.non_working_days(),
        "teams": by_id(service.teams()),
        "people": by_id(service.people()),
        "workstreams": by_id(service.workstreams()),
        "dependencies": by_id(service.dependencies()),
    }


@pytest.fixture
def teams(service: MigrationService) -> dict[str, int]:
    return {
        "BNK": service.create_team("Banking", "BNK"),
        "OPS": service.create_team("Card Operations", "OPS"),
    }


@pytest.fixture
def demo(demo_place: Place) -> Iterator[MigrationService]:
    with MigrationService.open(demo_place, actor="tester", today=lambda: MAR_1) as service:
        yield service


def ids_by_key(service: MigrationService) -> dict[str, int]:
    return {w.key: w.id for w in service.workstreams()}


# ---------------------------------------------------------------- several workstreams at once


def test_a_bulk_update_changes_every_workstream_as_one_action(
    service: MigrationService, teams: dict[str, int]
) -> None:
    a, b, c = (service.create_workstream(title, teams["BNK"]) for title in ("Ledger", "Cards", "Branches"))
    fresh = service.update_workstreams(
        {
            c: {"progress": 30},
            a: {"status": Status.IN_PROGRESS},
            b: {"owner_id": None, "title": "Card stock"},
        },
        comment="Stand-up 1 March",
    )
    assert [w.id for w in fresh] == [a, b, c]  # plan order, as they are now
    assert (fresh[0].status, fresh[0].actual_start) == (Status.IN_PROGRESS, MAR_1)
    assert (fresh[1].title, fresh[2].progress) == ("Card stock", 30)
    entries = [e for e in service.recent_history() if e.comment == "Stand-up 1 March"]
    assert {(e.entity_label, e.field) for e in entries} == {
        ("BNK-1", "status"), ("BNK-1", "actual_start"), ("BNK-2", "title"), ("BNK-3", "progress"),
    }  # fmt: skip
    assert len({e.change_id for e in entries}) == 1
    assert service.workstreams_by_id([c, 999, a]) == [service.workstream(a), service.workstream(c)]


def test_one_invalid_change_in_a_bulk_update_changes_nothing_and_names_it(
    service: MigrationService, teams: dict[str, int]
) -> None:
    a = service.create_workstream("Ledger", teams["BNK"])
    b = service.create_workstream("Cards", teams["BNK"], planned_start=date(2027, 3, 8))
    before, history = plan_state(service), service.recent_history()
    with pytest.raises(
        ValidationError, match=r"^BNK-2: due date 2027-03-01 is before start date 2027-03-08\.$"
    ):
        service.update_workstreams({a: {"progress": 50}, b: {"planned_due": MAR_1}})
    assert plan_state(service) == before
    assert service.recent_history() == history


# ---------------------------------------------------------------- deleting and restoring


def test_deleted_linked_workstreams_come_back_with_ids_keys_links_and_history(
    service: MigrationService, teams: dict[str, int]
) -> None:
    bnk, ops = teams["BNK"], teams["OPS"]
    ann = service.create_person("Ann Smith", None, bnk)
    a = service.create_workstream(
        "Ledger", bnk, owner_id=ann, planned_start=MAR_1, planned_due=date(2027, 3, 31)
    )
    b = service.create_workstream("Cards", bnk, description="Order the card stock", progress=20)
    c = service.create_workstream("Go live", ops, is_milestone=True, planned_due=date(2027, 6, 1))
    before_them = service.create_workstream("Branches", ops)
    after_them = service.create_workstream("Training", ops)
    service.update_migration({"go_live_milestone_id": c})
    service.add_dependency(a, b, DependencyType.SS, 2, "after the ledger starts")
    service.add_dependency(b, c)
    service.add_dependency(a, c, DependencyType.FS, 3)
    service.add_dependency(before_them, a, DependencyType.FF, -1)  # links to the rest of the plan
    service.add_dependency(c, after_them)
    before = plan_state(service)

    deleted = service.delete_workstreams([a, b, c])
    assert set(plan_state(service)["workstreams"]) == {before_them, after_them}
    assert service.dependencies() == []
    assert service.migration().go_live_milestone_id is None

    service.restore_workstreams(deleted)
    assert plan_state(service) == before  # the same ids, keys, fields, owner, links and go-live
    for workstream_id, key in ((a, "BNK-1"), (b, "BNK-2"), (c, "OPS-1")):
        actions = [(e.entity, e.action) for e in service.workstream_history(workstream_id)]
        assert {("workstream", "created"), ("workstream", "deleted"), ("workstream", "restored")} <= set(
            actions
        )
        assert {("dependency", "created"), ("dependency", "deleted"), ("dependency", "restored")} <= set(
            actions
        )
        assert service.workstream(workstream_id).key == key


def test_a_workstream_cannot_come_back_when_its_team_is_gone(
    service: MigrationService, teams: dict[str, int]
) -> None:
    lone = service.create_workstream("Card stock", teams["OPS"])
    deleted = service.delete_workstreams([lone])
    service.delete_team(teams["OPS"])
    with pytest.raises(ValidationError, match="OPS-1 cannot come back: its team Card Operations was removed"):
        service.restore_workstreams(deleted)
    assert service.workstreams() == []


def test_a_removed_link_comes_back_with_its_id_unless_it_would_close_a_loop(
    service: MigrationService, teams: dict[str, int]
) -> None:
    a, b, c = (service.create_workstream(title, teams["BNK"]) for title in ("Ledger", "Cards", "Branches"))
    link = service.dependency(service.add_dependency(a, b, DependencyType.SF, 2, "two days"))
    service.add_dependency(b, c)
    assert service.remove_dependency(link.id) == link

    service.restore_dependency(link)
    restored = service.dependency(link.id)
    assert dataclasses.replace(restored, version=0) == dataclasses.replace(link, version=0)
    assert service.history("dependency", link.id)[0].action == "restored"
    with pytest.raises(ValidationError, match="already exists"):
        service.restore_dependency(link)

    service.remove_dependency(link.id)
    service.add_dependency(c, a)  # now a → b would close a → b → c → a
    before = plan_state(service)
    with pytest.raises(DependencyLoopError) as refused:
        service.restore_dependency(link)
    assert str(refused.value) == "This dependency would close a loop: BNK-1 → BNK-2 → BNK-3 → BNK-1"
    assert plan_state(service) == before


# ---------------------------------------------------------------- plan images


def import_demo_plan(service: MigrationService, folder: Path) -> None:
    plan = folder / "plan.csv"
    plan.write_text(DEMO_IMPORT, encoding="utf-8")
    report = import_plan_into(service, plan)
    assert (report.teams_created, report.people_created) == (["Treasury"], ["Olga Berg"])
    assert report.workstreams_updated == ["BNK-3"] and report.dependencies_removed == ["BNK-2 → BNK-3 SS+5"]


def remove_team_moving_its_work(service: MigrationService, _folder: Path) -> None:
    ops, bnk = service.team_by_code("OPS"), service.team_by_code("BNK")
    service.delete_team(ops.id, move_workstreams_to=bnk.id)


def remove_lead_and_owner(service: MigrationService, _folder: Path) -> None:
    mateo = next(p for p in service.people() if p.name == "Mateo García")
    service.delete_person(mateo.id)


def change_settings_and_calendar(service: MigrationService, _folder: Path) -> None:
    service.update_migration(
        {
            "name": "Debit for everyone",
            "target_go_live": date(2027, 7, 30),
            "go_live_milestone_id": ids_by_key(service)["BNK-11"],
            "working_weekdays": frozenset({0, 1, 2, 3}),
            "health_thresholds": HealthThresholds(red_slip_days=3, due_soon_progress=80),
        }
    )
    days = service.non_working_days()
    del days[date(2027, 3, 8)]
    days[date(2027, 4, 30)] = "Team offsite"
    service.set_non_working_days(days)


def baseline_from_now(service: MigrationService, _folder: Path) -> None:
    assert take_baseline(service, as_of=MAR_1).changed > 0


@pytest.mark.parametrize(
    "action",
    [import_demo_plan, remove_team_moving_its_work, remove_lead_and_owner, change_settings_and_calendar,
     baseline_from_now],
)  # fmt: skip
def test_restoring_an_image_undoes_and_redoes_a_wide_action(
    demo: MigrationService, tmp_path: Path, action: Callable[[MigrationService, Path], None]
) -> None:
    before, before_image = plan_state(demo), demo.plan_image()
    action(demo, tmp_path)
    after, after_image = plan_state(demo), demo.plan_image()
    assert after != before
    snapshots = demo.snapshots()

    assert demo.restore_plan_image(before_image, "Undo: the action") > 0
    assert plan_state(demo) == before
    assert demo.restore_plan_image(after_image, "Redo: the action") > 0
    assert plan_state(demo) == after
    assert demo.snapshots() == snapshots  # a snapshot is a fact: never undone


def test_undoing_an_import_brings_back_removed_links_and_the_history_of_each_workstream(
    demo: MigrationService, tmp_path: Path
) -> None:
    image = demo.plan_image()
    import_demo_plan(demo, tmp_path)
    new = ids_by_key(demo)["TRE-1"]
    demo.restore_plan_image(image, "Undo: Import plan.csv")

    keys = ids_by_key(demo)
    assert "TRE-1" not in keys and "BNK-13" not in keys
    assert next(e.action for e in demo.workstream_history(new) if e.entity == "workstream") == "deleted"
    bnk_3 = [(e.entity_label, e.action) for e in demo.workstream_history(keys["BNK-3"])[:5]]
    assert ("BNK-2 → BNK-3", "restored") in bnk_3  # the link the import removed
    assert ("BNK-3 → TRE-1", "deleted") in bnk_3  # the link the import added


def test_keys_are_not_reused_after_undoing_an_import(demo: MigrationService, tmp_path: Path) -> None:
    image = demo.plan_image()
    import_demo_plan(demo, tmp_path)
    demo.restore_plan_image(image, "Undo: Import plan.csv")
    new = demo.create_workstream("Dispute handling", demo.team_by_code("BNK").id)
    assert demo.workstream(new).key == "BNK-14"  # BNK-13 was the imported, now undone, one


def test_a_freed_id_is_never_handed_out_again_so_undo_brings_the_old_link_back(
    service: MigrationService, teams: dict[str, int], tmp_path: Path
) -> None:
    a = service.create_workstream("Ledger", teams["BNK"])
    b = service.create_workstream("Cards", teams["BNK"])
    link_id = service.add_dependency(a, b)
    before, image = plan_state(service), service.plan_image()
    plan = tmp_path / "plan.csv"  # the only link goes and the import adds another
    plan.write_text("Key,Team,Workstream,Depends on\nBNK-2,Banking,Cards,\n,Banking,Branches,BNK-1\n")
    import_plan_into(service, plan)
    [added] = service.dependencies()
    assert added.successor_key == "BNK-3" and added.id != link_id  # its own id, with its own history

    service.restore_plan_image(image, "Undo: Import plan.csv")
    assert plan_state(service) == before
    entries = [
        (e.entity_label, e.action, e.old_value, e.new_value) for e in service.history("dependency", link_id)
    ]
    assert entries[0] == ("BNK-1 → BNK-2", "restored", None, "BNK-1 → BNK-2 FS")
    assert service.history("dependency", added.id)[0].action == "deleted"


def test_restoring_an_image_is_recorded_in_history_with_the_comment(
    demo: MigrationService, tmp_path: Path
) -> None:
    image = demo.plan_image()
    remove_team_moving_its_work(demo, tmp_path)
    last = demo.recent_history(1)[0].id

    demo.restore_plan_image(image, "Undo: Remove team Card Operations & Logistics")
    entries = demo.history_since(last)
    assert {e.comment for e in entries} == {"Undo: Remove team Card Operations & Logistics"}
    assert len({e.change_id for e in entries}) == 1
    assert ("team", "Card Operations & Logistics", "restored") in {
        (e.entity, e.entity_label, e.action) for e in entries
    }
    moved_back = {
        (e.entity_label, e.field, e.old_value, e.new_value) for e in entries if e.entity == "workstream"
    }
    assert ("OPS-1", "team", "Banking & Payments", "Card Operations & Logistics") in moved_back
    # Putting back what is already there changes and records nothing.
    assert demo.restore_plan_image(image, "Undo again") == 0
    assert demo.history_since(last) == entries


@pytest.mark.parametrize(
    "action",
    [import_demo_plan, remove_team_moving_its_work, remove_lead_and_owner, change_settings_and_calendar,
     baseline_from_now],
)  # fmt: skip
def test_images_narrowed_to_what_changed_undo_and_redo_alike_and_touch_nothing_else(
    demo: MigrationService, tmp_path: Path, action: Callable[[MigrationService, Path], None]
) -> None:
    before, before_image = plan_state(demo), demo.plan_image()
    action(demo, tmp_path)
    after = plan_state(demo)
    small_before, small_after = narrowed(before_image, demo.plan_image())
    assert len(small_before.workstreams) + len(small_after.workstreams) < 2 * len(before_image.workstreams)

    demo.restore_plan_image(small_before, "Undo: the action")
    assert plan_state(demo) == before
    demo.restore_plan_image(small_after, "Redo: the action")
    assert plan_state(demo) == after


def test_a_narrowed_undo_leaves_rows_it_does_not_speak_for(demo: MigrationService) -> None:
    team = demo.team_by_code("BNK")
    before_image = demo.plan_image()
    demo.update_team(team.id, {"colour": "#000000"})
    small_before, _ = narrowed(before_image, demo.plan_image())
    assert set(small_before.teams) == {team.id} and not small_before.workstreams
    other = demo.workstream_by_key("OPS-1")
    demo.update_workstream(other.id, {"title": "Renamed meanwhile"})

    demo.restore_plan_image(small_before, "Undo: colour")
    assert demo.team(team.id).colour == team.colour
    assert demo.workstream(other.id).title == "Renamed meanwhile"


# ---------------------------------------------------------------- the RAID log's ties


def raid_state(service: MigrationService) -> dict[str, Any]:
    """The RAID log as the service reads it, without the version counters every write moves."""
    return {
        item.key: dataclasses.replace(
            item, version=0, links=tuple(dataclasses.replace(link, version=0) for link in item.links)
        )
        for item in service.raid.items()
    }


def _raid_on_the_demo(demo: MigrationService) -> None:
    """A risk owned by Mateo García for Card Operations, on BNK-3 and on the link BNK-2 → BNK-3
    (which the demo import drops), and a decision on OPS-1."""
    keys = ids_by_key(demo)
    mateo = next(p for p in demo.people() if p.name == "Mateo García")
    risk = demo.raid.create(
        "risk", "Ledger cut-over window too short", owner_id=mateo.id,
        team_id=demo.team_by_code("OPS").id, probability=3, impact=5,
    )  # fmt: skip
    demo.raid.link(risk, "threatens", workstream_id=keys["BNK-3"])
    link = next(d for d in demo.dependencies() if (d.predecessor_key, d.successor_key) == ("BNK-2", "BNK-3"))
    demo.raid.link(risk, "blocks", dependency_id=link.id)
    decision = demo.raid.create(
        "decision", "Ship cards before the ledger moves?", needed_by=date(2027, 3, 12)
    )
    demo.raid.link(decision, "decided for", workstream_id=keys["OPS-1"])


@pytest.mark.parametrize("action", [import_demo_plan, remove_team_moving_its_work, remove_lead_and_owner])
@pytest.mark.parametrize("narrow", [False, True])
def test_undoing_a_wide_action_brings_back_the_raid_ties_it_took_and_redo_takes_them_again(
    demo: MigrationService, tmp_path: Path, action: Callable[[MigrationService, Path], None], narrow: bool
) -> None:
    _raid_on_the_demo(demo)
    before, before_image = raid_state(demo), demo.plan_image()
    action(demo, tmp_path)
    after, after_image = raid_state(demo), demo.plan_image()
    assert after != before
    if narrow:
        before_image, after_image = narrowed(before_image, after_image)

    demo.restore_plan_image(before_image, "Undo: the action")
    assert raid_state(demo) == before
    demo.restore_plan_image(after_image, "Redo: the action")
    assert raid_state(demo) == after


def test_what_a_wide_action_takes_from_the_raid_log_is_in_its_history(
    demo: MigrationService, tmp_path: Path
) -> None:
    _raid_on_the_demo(demo)
    risk = demo.raid.item_by_key("R-1")
    image = demo.plan_image()
    import_demo_plan(demo, tmp_path)
    assert [link.label for link in demo.raid.item(risk.id).links] == ["BNK-3"]
    removal = demo.history("raid", risk.id)[0]
    assert (removal.action, removal.old_value, removal.comment) == (
        "unlinked", "blocks BNK-2 → BNK-3", "its dependency left the plan",
    )  # fmt: skip
    remove_lead_and_owner(demo, tmp_path)
    cleared = demo.history("raid", risk.id)[0]
    assert (cleared.action, cleared.field, cleared.old_value, cleared.new_value) == (
        "changed", "owner", "Mateo García", None,
    )  # fmt: skip

    demo.restore_plan_image(image, "Undo: both")
    back = [(e.action, e.field, e.new_value, e.comment) for e in demo.history("raid", risk.id)[:2]]
    assert sorted(back) == [
        ("changed", "owner", "Mateo García", "Undo: both"),
        ("linked", "link", "blocks BNK-2 → BNK-3", "Undo: both"),
    ]
