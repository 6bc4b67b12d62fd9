"""The demo migration: a realistic, live-looking plan laid out around the as-of date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from migrator.domain.errors import MigratorError
from migrator.domain.graph import find_loops
from migrator.domain.model import DependencyType, Status, Workstream
from migrator.domain.places import Place
from migrator.services import MigrationService
from migrator.services.demo import build_demo, write_demo
from migrator.services.reporting import ExportRequest, export_report
from tests.support.engines import on_engine

AS_OF = date(2027, 3, 1)  # the fixed clock of tests/conftest.py
OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED)

# A Monday, a Saturday inside the Christmas holidays, and Good Friday.
AS_OF_DATES = [AS_OF, date(2026, 12, 26), date(2027, 3, 26)]


@pytest.fixture(scope="module", params=AS_OF_DATES, ids=str)
def demo(
    request: pytest.FixtureRequest, engine: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    as_of: date = request.param
    path = write_demo(tmp_path_factory.mktemp("demo") / "demo.migrator", as_of)
    with (
        on_engine(engine, path, request) as place,
        MigrationService.open(place, today=lambda: as_of) as service,
    ):
        yield service, as_of


def _by_id(service: MigrationService) -> dict[int, Workstream]:
    return {ws.id: ws for ws in service.workstreams()}


def test_it_spans_about_ten_teams_each_with_a_lead_among_its_people(demo: Any) -> None:
    service, _ = demo
    teams, people = service.teams(), service.people()
    assert len(teams) >= 9
    assert len({t.colour for t in teams}) == len(teams)
    assert len({t.code for t in teams}) == len(teams)
    for team in teams:
        members = [p for p in people if p.team_id == team.id]
        assert 2 <= len(members) <= 4, team.name
        assert team.lead_id in {p.id for p in members}, team.name
    assert all(p.email and p.email.endswith("@cardfleet.example") for p in people)
    assert len({p.email for p in people}) == len(people)


def test_it_has_60_to_100_owned_workstreams_owned_within_their_team(demo: Any) -> None:
    service, _ = demo
    workstreams = service.workstreams()
    assert 60 <= len(workstreams) <= 100
    team_of = {p.id: p.team_id for p in service.people()}
    for ws in workstreams:
        assert ws.owner_id is not None, ws.key
        assert team_of[ws.owner_id] == ws.team_id, ws.key
        assert ws.title and ws.description, ws.key
    assert len({ws.team_id for ws in workstreams}) == len(service.teams())


def test_the_migration_runs_around_the_as_of_date_with_the_go_live_milestone_set(demo: Any) -> None:
    service, as_of = demo
    migration = service.migration()
    assert migration.name and migration.description
    assert migration.start is not None and migration.target_go_live is not None
    assert 80 <= (as_of - migration.start).days <= 120  # about 14 weeks before
    assert 90 <= (migration.target_go_live - as_of).days <= 135  # about 16 weeks after
    milestones = [ws for ws in service.workstreams() if ws.is_milestone]
    assert 3 <= len(milestones) <= 6
    assert all(m.planned_start == m.planned_due for m in milestones)
    go_live = service.workstream(migration.go_live_milestone_id)
    assert go_live.is_milestone and go_live.planned_due == migration.target_go_live
    later = [ws for ws in service.workstreams() if ws.planned_due and ws.planned_due > go_live.planned_due]
    assert any("switched off" in ws.title.lower() for ws in later)  # switch-off after go-live


def test_dependencies_use_all_four_types_with_lags_leads_and_mostly_cross_teams(demo: Any) -> None:
    service, _ = demo
    by_id, links = _by_id(service), service.dependencies()
    assert {link.type for link in links} == set(DependencyType)
    assert any(link.lag > 0 for link in links)
    assert any(link.lag < 0 for link in links)
    crossing = [
        link for link in links if by_id[link.predecessor_id].team_id != by_id[link.successor_id].team_id
    ]
    assert len(crossing) >= 0.4 * len(links)
    graph: dict[int, set[int]] = {}
    for link in links:
        graph.setdefault(link.predecessor_id, set()).add(link.successor_id)
    assert find_loops(graph) == []
    sf = next(link for link in links if link.type == DependencyType.SF)
    assert "legacy" in by_id[sf.successor_id].title.lower()


def test_all_planned_and_baseline_dates_are_working_days(demo: Any) -> None:
    service, _ = demo
    calendar = service.calendar()
    names = service.non_working_days()
    assert names and all(name.strip() for name in names.values())
    assert any("Good Friday" in name for name in names.values())
    for ws in service.workstreams():
        for day in (ws.planned_start, ws.planned_due, ws.baseline_start, ws.baseline_due):
            assert day is None or calendar.is_working_day(day), (ws.key, day)
        assert ws.planned_start is not None and ws.planned_due is not None


def test_status_and_actual_dates_agree_with_the_as_of_date(demo: Any) -> None:
    service, as_of = demo
    workstreams = service.workstreams()
    by_status = {s: [ws for ws in workstreams if ws.status == s] for s in Status}
    assert by_status[Status.DONE] and by_status[Status.IN_PROGRESS] and by_status[Status.NOT_STARTED]
    for ws in by_status[Status.DONE]:
        assert ws.actual_start and ws.actual_finish and ws.actual_finish < as_of, ws.key
        assert ws.progress == 100
    for ws in by_status[Status.IN_PROGRESS] + by_status[Status.BLOCKED]:
        assert ws.actual_start is not None and ws.actual_start <= as_of, ws.key
        assert ws.actual_finish is None
        assert 10 <= ws.progress <= 90, ws.key
    for ws in by_status[Status.NOT_STARTED]:
        assert ws.actual_start is None and ws.actual_finish is None and ws.progress == 0
    future = [ws for ws in by_status[Status.NOT_STARTED] if ws.planned_start and ws.planned_start > as_of]
    assert len(future) >= 0.8 * len(by_status[Status.NOT_STARTED])


def test_it_shows_late_blocked_overridden_and_at_risk_work(demo: Any) -> None:
    service, as_of = demo
    by_id = _by_id(service)
    workstreams = list(by_id.values())
    late = [ws for ws in workstreams if ws.status in OPEN and ws.planned_due and ws.planned_due < as_of]
    assert late
    assert any(ws.status == Status.NOT_STARTED and ws.planned_start < as_of for ws in workstreams)
    blocked = [ws for ws in workstreams if ws.status == Status.BLOCKED]
    assert blocked and all(ws.blocker_note.strip() for ws in blocked)
    overrides = [ws for ws in workstreams if ws.health_override is not None]
    assert overrides and all(ws.health_override_reason.strip() for ws in overrides)
    # At risk: an open item planned to start before its upstream (another team) finishes.
    at_risk = [
        link
        for link in service.dependencies()
        if link.type == DependencyType.FS
        and by_id[link.successor_id].status in OPEN
        and by_id[link.predecessor_id].team_id != by_id[link.successor_id].team_id
        and by_id[link.predecessor_id].planned_due >= by_id[link.successor_id].planned_start
    ]
    assert at_risk


def test_a_kick_off_baseline_shows_where_plans_slipped(demo: Any) -> None:
    service, _ = demo
    workstreams = service.workstreams()
    with_baseline = [ws for ws in workstreams if ws.baseline_due is not None]
    assert len(with_baseline) >= 0.5 * len(workstreams)
    slipped = [ws for ws in with_baseline if ws.planned_due > ws.baseline_due]
    assert len(slipped) >= 3
    assert all(ws.planned_due >= ws.baseline_due for ws in with_baseline)


def test_history_holds_status_moves_and_comments(demo: Any) -> None:
    service, _ = demo
    commented = 0
    for ws in service.workstreams():
        entries = service.workstream_history(ws.id)
        commented += any(e.comment for e in entries)
        if ws.status == Status.BLOCKED:
            assert any(e.field == "status" and e.new_value == "blocked" and e.comment for e in entries)
    assert commented >= 5


def test_the_same_as_of_date_gives_the_same_plan(tmp_path: Path) -> None:
    def snapshot(path: Path) -> tuple[Any, ...]:
        with MigrationService.open(path) as service:
            return (
                service.migration(),
                service.non_working_days(),
                service.teams(),
                service.people(),
                service.workstreams(),
                service.dependencies(),
            )

    first = write_demo(tmp_path / "one.migrator", AS_OF)
    second = write_demo(tmp_path / "two.migrator", AS_OF)
    assert snapshot(first) == snapshot(second)
    later = write_demo(tmp_path / "later.migrator", date(2027, 9, 1))
    assert snapshot(later)[0].start != snapshot(first)[0].start


def test_writing_to_an_existing_path_refuses_and_leaves_the_file_alone(tmp_path: Path) -> None:
    path = write_demo(tmp_path / "demo.migrator", AS_OF, actor="coordinator")
    before = path.read_bytes()
    with pytest.raises(MigratorError, match="already exists"):
        write_demo(path, date(2027, 9, 1))
    assert path.read_bytes() == before
    other = tmp_path / "notes.txt"
    other.write_text("not a migration")
    with pytest.raises(MigratorError, match="already exists"):
        write_demo(other, AS_OF)
    assert other.read_text() == "not a migration"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.migrator", "notes.txt"]


def test_build_demo_fills_an_empty_migration_and_refuses_a_used_one(service: MigrationService) -> None:
    build_demo(service, AS_OF)
    assert service.migration().go_live_milestone_id is not None
    assert len(service.workstreams()) >= 60
    with pytest.raises(MigratorError, match="empty migration"):
        build_demo(service, AS_OF)


def test_its_history_is_stamped_the_working_day_before_the_as_of_date(demo: Any) -> None:
    service, as_of = demo
    expected = {
        date(2027, 3, 1): datetime(2027, 2, 26, 17, 0),  # Monday: the Friday before
        date(2026, 12, 26): datetime(2026, 12, 23, 17, 0),  # Saturday in the holidays: Wed 23
        date(2027, 3, 26): datetime(2027, 3, 25, 17, 0),  # Good Friday: the Thursday
    }[as_of]
    assert set(service.last_updates().values()) == {expected}
    assert {e.at for ws in service.workstreams() for e in service.workstream_history(ws.id)} == {expected}


def test_a_report_kept_early_on_the_as_of_day_finds_nothing_changed_since(
    demo_place: Place, tmp_path: Path
) -> None:
    with MigrationService.open(
        demo_place, today=lambda: AS_OF, now=lambda: datetime(2027, 3, 1, 7, 30)
    ) as service:
        result = export_report(service, ExportRequest(tmp_path / "week-9.xlsx", as_of=AS_OF))
        assert result.snapshot is not None
        kept = result.snapshot.taken_at
        assert [i for i, at in service.last_updates().items() if at > kept] == []


def test_the_demo_built_through_the_services_is_the_demo_file_row_for_row(
    service: MigrationService, session_demo_file: Path
) -> None:
    build_demo(service, AS_OF)
    with MigrationService.open(session_demo_file, read_only=True) as written:
        assert service.teams() == written.teams()
        assert service.people() == written.people()
        assert service.workstreams() == written.workstreams()
        assert service.dependencies() == written.dependencies()
        assert service.non_working_days() == written.non_working_days()
        assert [(s.as_of, s.label, s.audience) for s in service.snapshots()] == [
            (s.as_of, s.label, s.audience) for s in written.snapshots()
        ]
