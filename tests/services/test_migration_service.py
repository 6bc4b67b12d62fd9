"""The service layer: validation a coordinator understands, history, atomic changes."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.domain.errors import (
    ConcurrentEditError,
    DependencyLoopError,
    MigratorError,
    NotFoundError,
    ValidationError,
)
from migrator.domain.model import DependencyType, Health, HealthThresholds, Status
from migrator.services import MigrationService
from tests.conftest import changed_by

JAN_4, FEB_5, MAR_1 = date(2027, 1, 4), date(2027, 2, 5), date(2027, 3, 1)


@pytest.fixture
def teams(service: MigrationService) -> dict[str, int]:
    return {
        "BNK": service.create_team("Banking & Payments", "BNK"),
        "OPS": service.create_team("Card Operations", "OPS"),
        "LEG": service.create_team("Legal & Compliance", "LEG"),
    }


def test_keys_are_generated_from_the_team_code_and_never_reused(
    service: MigrationService, teams: dict[str, int]
) -> None:
    first = service.create_workstream("Issuer contract", teams["BNK"])
    second = service.create_workstream("BIN sponsorship", teams["BNK"])
    assert [service.workstream(first).key, service.workstream(second).key] == ["BNK-1", "BNK-2"]
    service.delete_workstream(second)
    third = service.create_workstream("Settlement account", teams["BNK"])
    assert service.workstream(third).key == "BNK-3"  # BNK-2 stays the deleted one's in history


def test_explicit_keys_are_normalised_and_must_be_unique(
    service: MigrationService, teams: dict[str, int]
) -> None:
    ws = service.create_workstream("Issuer contract", teams["BNK"], key=" bnk-12 ")
    assert service.workstream(ws).key == "BNK-12"
    assert service.workstream(service.create_workstream("Next", teams["BNK"])).key == "BNK-13"
    with pytest.raises(ValidationError, match="Key BNK-12 is already used"):
        service.create_workstream("Again", teams["BNK"], key="BNK-12")
    with pytest.raises(ValidationError, match="not a workstream key"):
        service.create_workstream("Odd", teams["BNK"], key="12-BNK")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "the title cannot be empty"),
        (
            {"planned_start": FEB_5, "planned_due": JAN_4},
            "due date 2027-01-04 is before start date 2027-02-05",
        ),
        ({"progress": 140}, "from 0 to 100 percent, not 140"),
        ({"is_milestone": True, "planned_start": JAN_4, "planned_due": FEB_5}, "milestone: it has one date"),
        ({"health_override": Health.RED}, "needs a reason"),
        ({"owner_id": 999}, "no person with id 999"),
        ({"planned_due": "next week"}, "Planned_due cannot be 'next week'"),
    ],
)
def test_invalid_workstreams_are_refused_with_a_clear_message(
    service: MigrationService, teams: dict[str, int], fields: dict[str, object], message: str
) -> None:
    base: dict[str, object] = {"title": "Issuer contract"}
    base.update(fields)
    title = base.pop("title")
    with pytest.raises(MigratorError, match=message):
        service.create_workstream(str(title), teams["BNK"], **base)
    assert service.workstreams() == []
    assert service.recent_history(5)[0].entity == "team"  # nothing of the refused change recorded


def test_unknown_team_is_refused(service: MigrationService) -> None:
    with pytest.raises(NotFoundError, match="no team with id 42"):
        service.create_workstream("Orphan", 42)


def test_milestone_takes_its_single_date_as_start_and_due(
    service: MigrationService, teams: dict[str, int]
) -> None:
    ws = service.create_workstream("Go-live", teams["BNK"], is_milestone=True, planned_due=date(2027, 6, 30))
    milestone = service.workstream(ws)
    assert (milestone.planned_start, milestone.planned_due) == (date(2027, 6, 30), date(2027, 6, 30))


def test_status_moves_fill_actual_dates_with_the_as_of_date(
    service: MigrationService, teams: dict[str, int]
) -> None:
    ws = service.create_workstream("Issuer contract", teams["BNK"], planned_start=JAN_4, planned_due=FEB_5)
    started = service.update_workstream(ws, {"status": Status.IN_PROGRESS})
    assert (started.actual_start, started.actual_finish) == (MAR_1, None)
    done = service.update_workstream(ws, {"status": Status.DONE})
    assert (done.actual_start, done.actual_finish, done.progress) == (MAR_1, MAR_1, 100)
    reopened = service.update_workstream(ws, {"status": Status.IN_PROGRESS, "progress": 80})
    assert (reopened.actual_start, reopened.actual_finish, reopened.progress) == (MAR_1, None, 80)


def test_explicit_actual_dates_win_over_the_status_move(
    service: MigrationService, teams: dict[str, int]
) -> None:
    ws = service.create_workstream("Issuer contract", teams["BNK"], planned_start=JAN_4, planned_due=FEB_5)
    done = service.update_workstream(ws, {"status": Status.DONE, "actual_finish": FEB_5})
    assert (done.actual_start, done.actual_finish) == (JAN_4, FEB_5)


def test_every_change_is_recorded_with_who_when_old_and_new(
    service: MigrationService, teams: dict[str, int]
) -> None:
    ana = service.create_person("Ana Silva", "ana@cardfleet.example", teams["BNK"])
    ws = service.create_workstream("Issuer contract", teams["BNK"], planned_due=FEB_5)
    service.update_workstream(ws, {"owner_id": ana, "planned_due": MAR_1}, comment="Issuer asked for a week")
    service.add_comment(ws, "Contract draft received")

    entries = service.workstream_history(ws)
    assert entries[0].action == "commented" and entries[0].comment == "Contract draft received"
    changes = {(e.field, e.old_value, e.new_value) for e in entries if e.action == "changed"}
    assert changes == {("owner", None, "Ana Silva"), ("planned_due", "2027-02-05", "2027-03-01")}
    assert all(e.actor == "tester" and e.at.date() == MAR_1 for e in entries)
    assert {e.comment for e in entries if e.action == "changed"} == {"Issuer asked for a week"}
    assert entries[1].change_id == entries[2].change_id  # one action, one change id


def test_a_workstreams_history_keeps_its_links_under_every_key_it_has_had(
    service: MigrationService, teams: dict[str, int]
) -> None:
    ws = service.create_workstream("Issuer contract", teams["BNK"], key="BNK-3")
    other = service.create_workstream("Card stock", teams["OPS"], key="OPS-7")
    first = service.add_dependency(other, ws)  # recorded as OPS-7 → BNK-3
    service.update_workstream(ws, {"key": "BNK-99"})
    service.update_dependency(first, lag=2)  # recorded as OPS-7 → BNK-99
    labels = [(e.entity, e.entity_label, e.action) for e in service.workstream_history(ws)]
    assert ("dependency", "OPS-7 → BNK-3", "created") in labels
    assert ("dependency", "OPS-7 → BNK-99", "changed") in labels
    assert all(label != "OPS-7" for _entity, label, _action in labels)  # not the other end's own history


def test_dependencies_refuse_self_links_duplicates_and_loops_naming_the_loop(
    service: MigrationService, teams: dict[str, int]
) -> None:
    bnk = service.create_workstream("Issuer contract", teams["BNK"], key="BNK-3")
    ops = service.create_workstream("Card stock", teams["OPS"], key="OPS-7")
    leg = service.create_workstream("Terms update", teams["LEG"], key="LEG-2")
    service.add_dependency(bnk, ops)
    service.add_dependency(ops, leg, DependencyType.SS, 2)

    with pytest.raises(ValidationError, match="BNK-3 cannot depend on itself"):
        service.add_dependency(bnk, bnk)
    with pytest.raises(ValidationError, match="OPS-7 already depends on BNK-3"):
        service.add_dependency(bnk, ops, DependencyType.FF)
    with pytest.raises(DependencyLoopError) as loop:
        service.add_dependency(leg, bnk)
    assert str(loop.value) == "This dependency would close a loop: LEG-2 → BNK-3 → OPS-7 → LEG-2"
    assert loop.value.loop == ["LEG-2", "BNK-3", "OPS-7", "LEG-2"]
    assert len(service.dependencies()) == 2


def test_dependency_types_and_lags_are_kept_and_editable(
    service: MigrationService, teams: dict[str, int]
) -> None:
    a = service.create_workstream("A", teams["BNK"])
    b = service.create_workstream("B", teams["OPS"])
    link = service.add_dependency(a, b, DependencyType.SF, -2, "lead of two days")
    service.update_dependency(link, type=DependencyType.FF, lag=3)
    (dep,) = service.dependencies()
    assert (dep.type, dep.lag, dep.note, dep.predecessor_key, dep.successor_key) == (
        DependencyType.FF,
        3,
        "lead of two days",
        "BNK-1",
        "OPS-1",
    )
    with pytest.raises(ValidationError, match="Dependency type 'XX'"):
        service.update_dependency(link, type="XX")  # type: ignore[arg-type]


def test_deleting_a_workstream_keeps_it_in_history_and_restore_brings_links_back(
    service: MigrationService, teams: dict[str, int]
) -> None:
    a = service.create_workstream("Issuer contract", teams["BNK"], description="Sign with the issuer")
    b = service.create_workstream("Card stock", teams["OPS"])
    c = service.create_workstream("Terms update", teams["LEG"])
    service.add_dependency(a, b, DependencyType.FS, 2)
    service.add_dependency(b, c)

    deleted = service.delete_workstream(b)
    assert service.dependencies() == []
    history = service.history("workstream", b)
    assert {(e.field, e.old_value) for e in history if e.action == "deleted"} >= {
        ("title", "Card stock"),
        ("status", "not_started"),
    }
    link_history = [e for e in service.recent_history() if e.entity == "dependency" and e.action == "deleted"]
    assert {e.old_value for e in link_history} == {"BNK-1 → OPS-1 FS+2", "OPS-1 → LEG-1 FS"}

    service.restore_workstream(deleted)
    assert service.workstream(b).key == "OPS-1"
    assert {(d.predecessor_key, d.successor_key, d.lag) for d in service.dependencies()} == {
        ("BNK-1", "OPS-1", 2),
        ("OPS-1", "LEG-1", 0),
    }


def test_a_deleted_workstream_cannot_come_back_with_a_link_that_would_now_close_a_loop(
    service: MigrationService, teams: dict[str, int]
) -> None:
    a = service.create_workstream("Issuer contract", teams["BNK"])
    b = service.create_workstream("Card stock", teams["OPS"])
    c = service.create_workstream("Terms update", teams["LEG"])
    service.add_dependency(a, b)
    service.add_dependency(b, c)
    deleted = service.delete_workstream(b)
    service.add_dependency(c, a)  # made meanwhile, e.g. in another window: no loop without OPS-1
    links = service.dependencies()

    with pytest.raises(DependencyLoopError, match="OPS-1 cannot come back with its link") as refused:
        service.restore_workstream(deleted)
    assert "would close a loop" in str(refused.value) and "LEG-1" in str(refused.value)
    assert service.dependencies() == links  # nothing restored, nothing half-written
    assert b not in {w.id for w in service.workstreams()}


def test_stale_versions_are_refused(service: MigrationService, teams: dict[str, int], engine: str) -> None:
    ws = service.create_workstream("Issuer contract", teams["BNK"])
    loaded = service.workstream(ws)
    service.update_workstream(ws, {"progress": 10})
    with pytest.raises(ConcurrentEditError) as refused:
        service.update_workstream(ws, {"progress": 20}, expected_version=loaded.version)
    assert str(refused.value) == (
        f"BNK-1 {changed_by(engine)} tester at 09:30: progress 10. Your change was not saved."
    )
    assert service.workstream(ws).progress == 10


def test_a_failing_action_changes_nothing(service: MigrationService, teams: dict[str, int]) -> None:
    ws = service.create_workstream("Issuer contract", teams["BNK"])
    before = service.recent_history()
    with pytest.raises(ValidationError), service.changing():
        service.update_workstream(ws, {"title": "Renamed"})
        service.update_workstream(ws, {"progress": 101})
    assert service.workstream(ws).title == "Issuer contract"
    assert service.recent_history() == before


def test_teams_are_unique_by_name_and_code(service: MigrationService, teams: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="already a team called 'banking & payments'"):
        service.create_team("banking & payments")
    with pytest.raises(ValidationError, match="Team code BNK is already the code of Banking & Payments"):
        service.create_team("Bank Two", "BNK")
    with pytest.raises(ValidationError, match="Team code OPS is already the code of Card Operations"):
        service.update_team(teams["BNK"], {"code": "ops"})
    with pytest.raises(ValidationError, match="#RRGGBB"):
        service.update_team(teams["OPS"], {"colour": "blue"})
    suggested = service.team(service.create_team("Customer Success"))
    assert suggested.code == "CS"


def test_removing_a_team_with_workstreams_asks_where_they_go(
    service: MigrationService, teams: dict[str, int]
) -> None:
    ws = service.create_workstream("Terms update", teams["LEG"])
    with pytest.raises(ValidationError, match="still has 1 workstream"):
        service.delete_team(teams["LEG"])
    service.delete_team(teams["LEG"], move_workstreams_to=teams["BNK"])
    assert service.workstream(ws).team_name == "Banking & Payments"
    assert "Legal & Compliance" not in {t.name for t in service.teams()}


def test_team_lead_and_people(service: MigrationService, teams: dict[str, int]) -> None:
    ana = service.create_person("Ana Silva", "ana@cardfleet.example", teams["BNK"])
    service.update_team(teams["BNK"], {"lead_id": ana})
    assert service.team(teams["BNK"]).lead_name == "Ana Silva"
    with pytest.raises(ValidationError, match="not an email address"):
        service.create_person("Bob", "bob-at-example")
    ws = service.create_workstream("Issuer contract", teams["BNK"], owner_id=ana)
    service.delete_person(ana)
    assert service.workstream(ws).owner_name is None
    assert service.team(teams["BNK"]).lead_name is None


def test_migration_settings_and_calendar(service: MigrationService, teams: dict[str, int]) -> None:
    go_live = service.create_workstream(
        "Go-live", teams["BNK"], is_milestone=True, planned_due=date(2027, 6, 30)
    )
    task = service.create_workstream("Issuer contract", teams["BNK"])
    service.update_migration({"go_live_milestone_id": go_live, "target_go_live": date(2027, 7, 1)})
    with pytest.raises(ValidationError, match="is not a milestone"):
        service.update_migration({"go_live_milestone_id": task})
    with pytest.raises(ValidationError, match="before the migration's start"):
        service.update_migration({"target_go_live": date(2026, 1, 1)})
    service.set_non_working_days({date(2027, 5, 1): "Labour Day"})
    migration = service.migration()
    assert (migration.go_live_milestone_id, migration.target_go_live) == (go_live, date(2027, 7, 1))
    calendar = service.calendar()
    assert not calendar.is_working_day(date(2027, 5, 1))
    assert calendar.add_working_days(date(2027, 4, 30), 1) == date(2027, 5, 3)


def test_a_new_file_has_the_default_health_thresholds(service: MigrationService) -> None:
    assert service.migration().health_thresholds == HealthThresholds(
        red_slip_days=10, amber_float_days=5, due_soon_days=5, due_soon_progress=50
    )


def test_health_thresholds_are_saved_and_each_change_is_recorded(service: MigrationService) -> None:
    wanted = HealthThresholds(red_slip_days=15, amber_float_days=0, due_soon_days=5, due_soon_progress=50)
    service.update_migration({"health_thresholds": wanted}, comment="Steering committee")
    assert service.migration().health_thresholds == wanted

    changes = [e for e in service.history("migration", 1) if e.action == "changed"]
    assert sorted((e.field, e.old_value, e.new_value, e.comment) for e in changes) == [
        ("amber_float_days", "5", "0", "Steering committee"),
        ("red_slip_days", "10", "15", "Steering committee"),
    ]
    assert len({e.change_id for e in changes}) == 1
    assert {e.actor for e in changes} == {"tester"}

    service.update_migration({"health_thresholds": wanted})  # nothing new: no history
    assert len(service.history("migration", 1)) == 3

    place = service.place
    service.close()
    with MigrationService.open(place) as reopened:
        assert reopened.migration().health_thresholds == wanted


def test_update_migration_returns_changed_thresholds(service: MigrationService) -> None:
    wanted = HealthThresholds(due_soon_progress=75)
    with service.changing():
        changed = service.update_migration({"health_thresholds": wanted, "name": "Card fleet"})
    assert changed == {"health_thresholds": wanted, "name": "Card fleet"}
    with service.changing():
        assert service.update_migration({"health_thresholds": wanted}) == {}


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [
        (HealthThresholds(red_slip_days=251), r"red slip days \(red_slip_days\) .* 0 to 250 working days"),
        (HealthThresholds(amber_float_days=-1), r"amber float days \(amber_float_days\)"),
        (HealthThresholds(due_soon_days=2.5), r"due soon days \(due_soon_days\) .* not 2\.5"),  # type: ignore[arg-type]
        (
            HealthThresholds(due_soon_progress=101),
            r"due soon progress \(due_soon_progress\) .* 0 to 100 percent",
        ),
        (HealthThresholds(due_soon_progress=True), r"due_soon_progress"),
    ],
)
def test_bad_health_thresholds_are_refused_and_nothing_changes(
    service: MigrationService, thresholds: HealthThresholds, message: str
) -> None:
    before, history = service.migration(), service.recent_history()
    with pytest.raises(ValidationError, match=message):
        service.update_migration({"health_thresholds": thresholds, "name": "Renamed"})
    assert service.migration() == before
    assert service.recent_history() == history


def test_health_thresholds_must_be_health_thresholds(service: MigrationService) -> None:
    with pytest.raises(ValidationError, match="Health thresholds cannot be"):
        service.update_migration({"health_thresholds": {"red_slip_days": 3}})
    assert service.migration().health_thresholds == HealthThresholds()


def test_team_summaries_count_workstreams_by_status(service: MigrationService, teams: dict[str, int]) -> None:
    for title in ("A", "B"):
        service.create_workstream(title, teams["BNK"])
    service.create_workstream("C", teams["BNK"], status=Status.BLOCKED, blocker_note="Waiting on LEG")
    summary = {s.team.code: s for s in service.team_summaries()}
    assert summary["BNK"].workstreams == 3
    assert summary["BNK"].by_status == {Status.NOT_STARTED: 2, Status.BLOCKED: 1}
    assert summary["OPS"].workstreams == 0


def test_dates_that_can_only_be_typos_are_refused_and_change_nothing(service: MigrationService) -> None:
    team = service.create_team("Banking & Payments", "BNK")
    ledger = service.create_workstream("Ledger", team, planned_due=date(2027, 3, 5))
    before = service.workstream(ledger)
    with pytest.raises(ValidationError, match=r"BNK-1: the due date 2207-03-05 looks like a typo"):
        service.update_workstream(ledger, {"planned_due": date(2207, 3, 5)})
    with pytest.raises(ValidationError, match=r"actual start 1907-03-01 looks like a typo"):
        service.update_workstream(ledger, {"actual_start": date(1907, 3, 1)})
    with pytest.raises(ValidationError, match=r"The target go-live date 9999-12-31 looks like a typo"):
        service.update_migration({"target_go_live": date(9999, 12, 31)})
    assert service.workstream(ledger) == before
    assert service.migration().target_go_live == date(2027, 6, 30)


def _too_long(service: MigrationService, field: str) -> None:
    """Writes ``field`` one character longer than the plan keeps (a shared plan's server holds
    every text to its column's length; a file would take it)."""
    team = service.create_team("Banking & Payments", "BNK")
    if field == "email":
        service.create_person("Ana Silva", "a" * 309 + "@example.com")  # 321 characters
    elif field == "source_ref":
        service.create_workstream("Issuer contract", team, source_ref="7" * 101)
    elif field == "non-working day":
        service.set_non_working_days({date(2027, 5, 1): "L" * 201})
    else:
        raise AssertionError(field)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("email", r"^An email address is longer than 320 characters\.$"),
        ("source_ref", r"^BNK-1: the source reference is longer than 100 characters\.$"),
        ("non-working day", r"^The name of the non-working day 2027-05-01 is longer than 200 characters\.$"),
    ],
)
def test_a_text_longer_than_the_plan_keeps_is_refused_naming_it(
    service: MigrationService, field: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _too_long(service, field)
    assert service.people() == [] and service.workstreams() == [] and service.non_working_days() == {}


def test_a_nul_character_in_text_is_dropped_everywhere(service: MigrationService) -> None:
    team = service.create_team("Bank\x00ing", "BNK")
    ana = service.create_person("Ana\x00 Silva", "ana\x00@example.com", team)
    ws = service.create_workstream(
        "Issuer\x00 contract", team, description="Sign\x00", source_ref="7\x00", owner_id=ana
    )
    service.update_workstream(
        ws, {"health_override": Health.AMBER, "health_override_reason": "Late\x00"}, comment="Stand-up\x00"
    )
    service.add_comment(ws, "Call\x00 moved")
    service.set_non_working_days({date(2027, 5, 1): "Labour\x00 Day"})
    stored = service.workstream(ws)
    assert (stored.title, stored.description, stored.source_ref, stored.health_override_reason) == (
        "Issuer contract", "Sign", "7", "Late",
    )  # fmt: skip
    assert (stored.team_name, stored.owner_name) == ("Banking", "Ana Silva")
    assert [p.email for p in service.people()] == ["ana@example.com"]
    assert service.non_working_days() == {date(2027, 5, 1): "Labour Day"}
    assert [e.comment for e in service.workstream_history(ws)[:2]] == ["Call moved", "Stand-up"]
