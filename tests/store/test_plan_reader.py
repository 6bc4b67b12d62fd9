"""The plan read with plain SELECTs: the dataclasses SQLAlchemy's typed rows give, and the file untouched."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, or_, select

from benchmarks.generate import generate_plan, write_migration
from migrator.analysis.plan_state import SnapshotInfo, capture
from migrator.analysis.results import HealthLevel
from migrator.domain.model import (
    Dependency,
    DependencyType,
    HealthThresholds,
    Migration,
    Person,
    Team,
    Workstream,
)
from migrator.services import MigrationService
from migrator.services.reporting import take_baseline
from migrator.services.sharing import copy_plan
from migrator.store import database
from migrator.store.plan_reader import HEAD_REVISION, StoredPlan, read_current_file, read_plan
from migrator.store.rows import row_state
from migrator.store.schema import (
    DependencyRow,
    HistoryRow,
    MigrationRow,
    NonWorkingDayRow,
    PersonRow,
    SnapshotRow,
    TeamRow,
    WorkstreamRow,
)
from tests.conftest import AS_OF, Places, copy_of_demo
from tests.support import engines
from tests.support.postgres import ThrowawayCluster

FIXTURES = Path(__file__).parent.parent / "support" / "fixtures"


def _with_report_and_baseline(path: Path) -> Path:
    """The plan at ``path`` given a baseline, a report snapshot after it, and a comment."""
    with MigrationService.open(path, today=lambda: AS_OF) as service:
        take_baseline(service, as_of=AS_OF)
        first = service.workstreams()[0]
        service.update_workstream(first.id, {"progress": 30 if first.progress != 30 else 40})
        service.add_comment(first.id, "Vendor call moved to Friday")
        plan = service.analyse_plan(AS_OF)
        with service.changing():
            state = capture(plan.analysis, plan.teams, plan.dependencies)
            service.store_snapshot(state, plan.history_id, label="Week 9")
    return path


@pytest.fixture(params=["demo", "generated"])
def plan_file(request: pytest.FixtureRequest, tmp_path: Path, session_demo_file: Path) -> Path:
    if request.param == "demo":
        path = copy_of_demo(session_demo_file, tmp_path)
    else:
        path = write_migration(generate_plan(400, seed=3), tmp_path / "generated.migrator")
    return _with_report_and_baseline(path)


def _typed_rows(service: MigrationService) -> StoredPlan:
    """The plan built from the rows as SQLAlchemy's ORM types them, with the service's old
    queries: what the reader's own conversions of the raw values must agree with."""
    with service.store.session() as session:
        teams = {t.id: t for t in session.scalars(select(TeamRow))}
        people = {p.id: p for p in session.scalars(select(PersonRow))}
        keys = dict(session.execute(select(WorkstreamRow.id, WorkstreamRow.key)).all())
        row = session.get(MigrationRow, 1)
        assert row is not None
        thresholds = [getattr(row, f.name) for f in dataclasses.fields(HealthThresholds)]
        migration = Migration(
            row.name, row.description, row.start_date, row.target_go_live, row.go_live_milestone_id,
            frozenset(int(d) for d in row.working_weekdays),
            frozenset(session.scalars(select(NonWorkingDayRow.day))), row.version,
            HealthThresholds(*thresholds),
        )  # fmt: skip
        workstreams = [
            Workstream(
                id=w.id,
                team_code=teams[w.team_id].code,
                team_name=teams[w.team_id].name,
                owner_name=people[w.owner_id].name if w.owner_id else None,
                version=w.version,
                **row_state(w),
            )
            for w in session.scalars(select(WorkstreamRow))
        ]
        links = session.scalars(select(DependencyRow).order_by(DependencyRow.id))
        kept = session.scalars(select(SnapshotRow).order_by(SnapshotRow.id))
        updates = session.execute(
            select(HistoryRow.entity_id, func.max(HistoryRow.at))
            .where(
                HistoryRow.entity == "workstream",
                or_(HistoryRow.field.is_(None), HistoryRow.field.not_in(("baseline_start", "baseline_due"))),
            )
            .group_by(HistoryRow.entity_id)
        ).all()
        return StoredPlan(
            migration=migration,
            teams=[
                Team(
                    t.id,
                    t.name,
                    t.code,
                    t.colour,
                    t.lead_id,
                    people[t.lead_id].name if t.lead_id else None,
                    t.version,
                )
                for t in sorted(teams.values(), key=lambda t: t.name)
            ],
            people=[
                Person(p.id, p.name, p.email, p.team_id, p.version)
                for p in sorted(people.values(), key=lambda p: p.name)
            ],
            workstreams=sorted(workstreams, key=lambda w: (w.team_name, len(w.key), w.key)),
            dependencies=[
                Dependency(
                    d.id,
                    d.predecessor_id,
                    d.successor_id,
                    keys[d.predecessor_id],
                    keys[d.successor_id],
                    DependencyType(d.type),
                    d.lag,
                    d.note,
                    d.version,
                )
                for d in links
            ],
            last_updates=dict(updates),
            snapshots=[
                SnapshotInfo(
                    s.id,
                    s.taken_at,
                    s.as_of,
                    s.label,
                    s.actor,
                    s.audience,
                    s.projected_go_live,
                    HealthLevel(s.overall_health),
                )
                for s in kept
            ],
        )


def test_the_quick_read_equals_the_services_read_and_the_typed_rows(plan_file: Path) -> None:
    quick = read_current_file(plan_file)
    assert quick is not None
    with MigrationService.open(plan_file, today=lambda: AS_OF) as service:
        assert quick == service.read_plan() == _typed_rows(service)
        assert quick.workstreams == service.workstreams()
        assert quick.dependencies == service.dependencies()
        assert quick.migration == service.migration()
        assert (quick.teams, quick.people) == (service.teams(), service.people())
        assert quick.last_updates == service.last_updates()
    # The comparison covers every kind of value the reader converts.
    ws = quick.workstreams
    assert any(w.is_milestone for w in ws) and any(w.actual_finish for w in ws)
    assert any(w.baseline_due for w in ws) and any(w.owner_name for w in ws)
    assert [s.label for s in quick.snapshots if not s.is_baseline][-1] == "Week 9"
    assert quick.last_updates and quick.migration.target_go_live is not None


@pytest.fixture
def dates_as_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    """A driver that hands dates over as date objects, as PostgreSQL's do."""
    monkeypatch.setitem(sqlite3.converters, "DATE", lambda text: date.fromisoformat(text.decode()))
    monkeypatch.setitem(sqlite3.converters, "DATETIME", lambda text: datetime.fromisoformat(text.decode()))


def test_dates_given_as_objects_read_the_same(plan_file: Path, dates_as_objects: None) -> None:
    connection = sqlite3.connect(plan_file, detect_types=sqlite3.PARSE_DECLTYPES)
    try:
        assert isinstance(connection.execute("SELECT as_of FROM snapshot").fetchone()[0], date)
        assert read_plan(connection, plan_file.name) == read_current_file(plan_file)
    finally:
        connection.close()


def test_a_copied_plan_reads_as_its_source_does(plan_file: Path, places: Places) -> None:
    copy = places("copy")
    copy_plan(plan_file, copy)
    source = read_current_file(plan_file)
    with MigrationService.open(copy, today=lambda: AS_OF) as service:
        assert service.read_plan() == source == _typed_rows(service)
        assert service.last_updates() == source.last_updates  # type: ignore[union-attr]


@pytest.mark.server_only
def test_teams_and_people_are_listed_alike_whatever_the_servers_collation(
    service: MigrationService, tmp_path: Path, postgres_cluster: ThrowawayCluster
) -> None:
    # Sorted by code point in a file; a server set up for en-US sorts case and accents apart.
    for name, code in (
        ("banking", "BAN"),
        ("Card Operations", "OPS"),
        ("Ärzte & Kliniken", "AER"),
        ("Zahlungen", "ZAH"),
    ):
        service.create_person(f"{name} lead", None, service.create_team(name, code))
    service.close()
    copy_plan(service.place, file := tmp_path / "copy.migrator")
    database = engines.new_database(postgres_cluster, collation="en-US")
    try:
        en_us = engines.address(postgres_cluster, database)
        copy_plan(file, en_us)
        with MigrationService.open(file) as in_file, MigrationService.open(en_us) as on_server:
            listed = [t.name for t in on_server.teams()]
            assert listed == [t.name for t in in_file.teams()]
            assert listed == ["Card Operations", "Zahlungen", "banking", "Ärzte & Kliniken"]
            assert [p.name for p in on_server.people()] == [p.name for p in in_file.people()]
            assert on_server.read_plan() == in_file.read_plan()
    finally:
        engines.drop(postgres_cluster, database)


def test_the_head_revision_is_the_newest_schema_revision() -> None:
    assert database.head_revision() == HEAD_REVISION


@contextmanager
def _untouched(path: Path) -> Iterator[None]:
    """The block leaves the file's bytes and time and its folder's names as they were."""
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(path.parent.iterdir()))
    yield
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(path.parent.iterdir())) == before


def test_a_file_needing_an_upgrade_is_left_to_the_full_open(tmp_path: Path) -> None:
    path = tmp_path / "legacy.migrator"
    shutil.copyfile(FIXTURES / "r0001.migrator", path)
    with _untouched(path):
        assert read_current_file(path) is None


def test_foreign_damaged_and_missing_files_are_left_to_the_full_open(tmp_path: Path) -> None:
    text = tmp_path / "notes.migrator"
    text.write_text("Key,Workstream\n")
    photos = tmp_path / "photos.db"
    with sqlite3.connect(photos) as db:
        db.execute("CREATE TABLE album (id INTEGER PRIMARY KEY)")
    truncated = tmp_path / "truncated.migrator"
    truncated.write_bytes(b"SQLite format 3\x00" + b"\x13" * 500)
    for path in (text, photos, truncated, tmp_path / "missing.migrator"):
        assert read_current_file(path) is None, path.name


@pytest.mark.file_only
def test_rows_another_program_damaged_are_left_to_the_full_open(service: MigrationService) -> None:
    team = service.create_team("Banking")
    service.create_workstream("Issuer contract", team)
    service.close()
    with sqlite3.connect(service.path) as db:
        db.execute("UPDATE workstream SET planned_due = '2027-02-30'")
    with _untouched(service.path):
        assert read_current_file(service.path) is None


@pytest.mark.file_only
def test_a_read_only_file_is_left_to_the_full_open(service: MigrationService) -> None:
    service.close()
    os.chmod(service.path, stat.S_IRUSR)
    try:
        with _untouched(service.path):
            assert read_current_file(service.path) is None
    finally:
        os.chmod(service.path, stat.S_IRUSR | stat.S_IWUSR)


def test_reading_a_current_file_changes_nothing(plan_file: Path) -> None:
    with _untouched(plan_file):
        assert read_current_file(plan_file) is not None


def test_the_quick_read_carries_the_raid_log_as_the_service_reads_it(
    plan_file: Path, dates_as_objects: None
) -> None:
    with MigrationService.open(plan_file, today=lambda: AS_OF) as service:
        first, second = service.workstreams()[:2]
        ana = service.people()[0]
        risk = service.raid.create(
            "risk", "Bank sign-off comes late", owner_id=ana.id, team_id=first.team_id, probability=4,
            impact=5, proximity=date(2027, 3, 15), response="reduce", review_date=date(2027, 3, 8),
        )  # fmt: skip
        service.raid.link(risk, "threatens", workstream_id=first.id)
        link = service.add_dependency(first.id, second.id) if not service.dependencies() else None
        service.raid.link(risk, "blocks", dependency_id=link or service.dependencies()[0].id)
        decision = service.raid.create("decision", "Business first?", needed_by=date(2027, 3, 12))
        service.raid.update(decision, {"status": "decided", "outcome": "Retail first"})
        items = service.raid.items()
    quick = read_current_file(plan_file)
    assert quick is not None and quick.raid == items
    assert [item.key for item in quick.raid] == ["R-1", "D-1"]
    assert quick.raid[1].decided_on == AS_OF and quick.raid[0].owner_name == ana.name
    connection = sqlite3.connect(plan_file, detect_types=sqlite3.PARSE_DECLTYPES)
    try:
        assert read_plan(connection, plan_file.name).raid == items  # dates as the server's drivers give them
    finally:
        connection.close()
