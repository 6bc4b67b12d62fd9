"""Opening migration files: recognising them, refusing bad ones, upgrading old ones safely."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from migrator.domain.errors import MigrationFileError, ReadOnlyError
from migrator.domain.model import HealthThresholds
from migrator.domain.raid import RiskBands
from migrator.services import MigrationService, NewMigration
from migrator.store import database, file_probe
from migrator.store.revisions.versions import r0002_workstream_source_ref as r0002

FIXTURES = Path(__file__).parent.parent / "support" / "fixtures"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    """A copy of a plan saved by the first schema revision."""
    path = tmp_path / "legacy.migrator"
    shutil.copyfile(FIXTURES / "r0001.migrator", path)
    return path


@pytest.fixture
def patchable_r0002(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make Alembic run the imported r0002 module, so a test can replace its upgrade()."""
    import alembic.util

    load = alembic.util.load_python_file

    def load_python_file(dir_: str, filename: str) -> object:
        return r0002 if filename.startswith("r0002") else load(dir_, filename)

    monkeypatch.setattr(alembic.util, "load_python_file", load_python_file)


def _pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_new_file_is_marked_as_migrators_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "fleet.migrator"
    service = MigrationService.create(path, NewMigration("Fleet", date(2027, 1, 4), date(2027, 6, 30)))
    team = service.create_team("Banking")
    service.create_workstream("Issuer contract", team)
    service.close()

    assert _pragma(path, "application_id") == database.APPLICATION_ID
    assert _pragma(path, "journal_mode") == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fleet.migrator"]


@pytest.mark.file_only
def test_every_connection_enforces_foreign_keys_and_waits_when_busy(service: MigrationService) -> None:
    with service.store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == file_probe.BUSY_TIMEOUT_MS
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_text_file_is_refused_as_not_a_migrator_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.migrator"
    path.write_text("Key,Workstream\nBNK-1,Issuer contract\n")
    with pytest.raises(MigrationFileError, match="not a Migrator file: it is not a database"):
        MigrationService.open(path)
    assert path.read_text().startswith("Key,Workstream")


def test_someone_elses_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "photos.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE album (id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(MigrationFileError, match="not a Migrator file: it is a database written by another"):
        MigrationService.open(path)
    assert path.read_bytes() == before


@pytest.mark.file_only
def test_truncated_file_is_reported_as_damaged(tmp_path: Path, service: MigrationService) -> None:
    service.close()
    path = tmp_path / "truncated.migrator"
    path.write_bytes(service.store.path.read_bytes()[:60])
    with pytest.raises(MigrationFileError, match="damaged"):
        MigrationService.open(path)


@pytest.mark.file_only
def test_corrupt_pages_are_reported_as_damaged(tmp_path: Path, service: MigrationService) -> None:
    team = service.create_team("Banking")
    for number in range(200):
        service.create_workstream(f"Workstream {number}", team, description="x" * 400)
    service.close()
    path = tmp_path / "corrupt.migrator"
    data = bytearray(service.store.path.read_bytes())
    page = 4096
    data[page * 3 : page * 6] = b"\xff" * (page * 3)  # scribble over b-tree pages
    path.write_bytes(bytes(data))
    with pytest.raises(MigrationFileError, match="damaged"):
        MigrationService.open(path)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(MigrationFileError, match="There is no file at"):
        MigrationService.open(tmp_path / "nowhere.migrator")


@pytest.mark.file_only
def test_file_from_a_newer_migrator_is_refused_and_not_touched(
    tmp_path: Path, service: MigrationService
) -> None:
    service.close()
    path = service.store.path
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_revision SET version_num = 'r9999'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(MigrationFileError, match=r"newer version of Migrator \(schema revision r9999\)"):
        MigrationService.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.migrator"]


@pytest.mark.file_only
def test_read_only_file_opens_for_reading_and_refuses_changes(service: MigrationService) -> None:
    team = service.create_team("Banking")
    service.create_workstream("Issuer contract", team)
    service.close()
    path = service.store.path
    path.chmod(0o444)
    try:
        before = path.read_bytes()
        reader = MigrationService.open(path)
        assert reader.read_only
        assert [w.title for w in reader.workstreams()] == ["Issuer contract"]
        with pytest.raises(ReadOnlyError, match="read-only: changes cannot be saved"):
            reader.create_team("Support")
        reader.close()
        assert path.read_bytes() == before
    finally:
        path.chmod(0o644)


def test_old_file_is_backed_up_and_upgraded_keeping_every_row(old_file: Path) -> None:
    service = MigrationService.open(old_file)

    assert database.head_revision() != "r0001"
    assert _pragma(old_file, "application_id") == database.APPLICATION_ID
    # The table copy of revision r0002 must not cascade into dependencies or the go-live link.
    links = {(d.predecessor_key, d.successor_key, d.type.value, d.lag) for d in service.dependencies()}
    assert links == {("BNK-1", "OPS-1", "FS", 0), ("OPS-1", "BNK-2", "FS", 2)}
    assert service.migration().go_live_milestone_id == 3
    ops = service.workstream_by_key("OPS-1")
    assert (ops.health_override and ops.health_override.value, ops.health_override_reason) == (
        "amber",
        "Vendor capacity tight",
    )
    assert ops.source_ref is None
    assert service.non_working_days() == {date(2027, 4, 2): "Good Friday"}
    assert database.schema_differences(service.store) == []
    service.close()

    backup = service.store.backup_path
    assert backup is not None and backup.exists()
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT version_num FROM schema_revision").fetchone()[0] == "r0001"
    assert conn.execute("SELECT count(*) FROM dependency").fetchone()[0] == 2
    conn.close()


def test_upgraded_old_file_gets_the_default_health_thresholds(old_file: Path) -> None:
    service = MigrationService.open(old_file)
    assert service.migration().health_thresholds == HealthThresholds()
    assert service.migration().name == "Legacy plan"
    service.close()

    conn = sqlite3.connect(old_file)
    stored = conn.execute(
        "SELECT red_slip_days, amber_float_days, due_soon_days, due_soon_progress FROM migration"
    ).fetchall()
    conn.close()
    assert stored == [(10, 5, 5, 50)]


def test_failed_upgrade_leaves_the_file_exactly_as_it_was(
    old_file: Path, monkeypatch: pytest.MonkeyPatch, patchable_r0002: None
) -> None:
    before = old_file.read_bytes()
    original_upgrade = r0002.upgrade

    def upgrade_then_fail() -> None:
        import sqlalchemy as sa
        from alembic import op

        op.create_table("half_done", sa.Column("id", sa.Integer))
        original_upgrade()
        raise RuntimeError("disk pulled out mid-upgrade")

    monkeypatch.setattr(r0002, "upgrade", upgrade_then_fail)
    with pytest.raises(RuntimeError, match="mid-upgrade"):
        MigrationService.open(old_file)

    assert old_file.read_bytes() == before
    assert sorted(p.name for p in old_file.parent.iterdir()) == ["legacy.migrator"]
    conn = sqlite3.connect(old_file)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "half_done" not in tables
    assert conn.execute("SELECT version_num FROM schema_revision").fetchone()[0] == "r0001"
    conn.close()


def test_upgrade_that_would_break_references_is_rolled_back(
    old_file: Path, monkeypatch: pytest.MonkeyPatch, patchable_r0002: None
) -> None:
    before = old_file.read_bytes()
    original_upgrade = r0002.upgrade

    def upgrade_leaving_an_orphan() -> None:
        from alembic import op

        original_upgrade()
        op.execute("DELETE FROM team WHERE id = 2")  # foreign keys are off during revisions

    monkeypatch.setattr(r0002, "upgrade", upgrade_leaving_an_orphan)
    with pytest.raises(MigrationFileError, match="broken reference"):
        MigrationService.open(old_file)
    assert old_file.read_bytes() == before


def test_read_only_old_file_cannot_be_upgraded_and_says_so(old_file: Path) -> None:
    old_file.chmod(0o444)
    try:
        with pytest.raises(MigrationFileError, match="must be upgraded, but it is read-only"):
            MigrationService.open(old_file)
    finally:
        old_file.chmod(0o644)


def test_models_and_revisions_agree(service: MigrationService) -> None:
    assert database.schema_differences(service.store) == []


@pytest.mark.file_only
def test_check_reports_a_healthy_file(service: MigrationService) -> None:
    result = database.check_file(service.store.path)
    assert result.healthy
    assert any(line.startswith("schema revision: " + database.head_revision()) for line in result.lines)


def test_a_file_is_never_created_half_way(tmp_path: Path) -> None:
    path = tmp_path / "new.migrator"

    def fail(_: MigrationService) -> None:
        raise RuntimeError("populating failed")

    with pytest.raises(RuntimeError):
        MigrationService.create(path, NewMigration("New"), populate=fail)
    assert list(tmp_path.iterdir()) == []


def test_a_file_of_revision_r0006_gets_an_empty_raid_log_and_the_default_risk_bands(old_file: Path) -> None:
    database._upgrade(old_file, "r0006")  # the plan as the release before the RAID log kept it
    service = MigrationService.open(old_file, today=lambda: date(2027, 3, 1))
    assert database.schema_differences(service.store) == []
    assert service.migration().risk_bands == RiskBands(amber_score=8, red_score=15)
    assert service.raid.items() == []
    risk = service.raid.create("risk", "Bank sign-off comes late", probability=3, impact=5)
    service.raid.link(risk, "threatens", workstream_id=service.workstream_by_key("OPS-1").id)
    assert [link.label for link in service.raid.item(risk).links] == ["OPS-1"]
    assert {(d.predecessor_key, d.successor_key) for d in service.dependencies()} == {
        ("BNK-1", "OPS-1"),
        ("OPS-1", "BNK-2"),
    }
    service.close()

    backup = service.store.backup_path
    assert backup is not None
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT version_num FROM schema_revision").fetchone()[0] == "r0006"
    conn.close()
    conn = sqlite3.connect(old_file)
    assert conn.execute("SELECT risk_amber_score, risk_red_score FROM migration").fetchall() == [(8, 15)]
    assert conn.execute("SELECT type, next_number FROM raid_key").fetchall() == [("risk", 2)]
    conn.close()
