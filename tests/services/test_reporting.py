"""Exporting status reports: snapshots, "what changed since", the baseline, and safe writing."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from migrator.domain.errors import (
    MigrationFileError,
    MigratorError,
    NotFoundError,
    ReadOnlyError,
    ValidationError,
)
from migrator.domain.model import DependencyType, Status
from migrator.domain.places import ServerAddress
from migrator.domain.raid import Escalation, LinkRole, RaidStatus, RaidType, Response
from migrator.reports import Audience
from migrator.reports.book import needs_quote
from migrator.reports.safe_file import ReportWriteError
from migrator.services import MigrationService, NewMigration
from migrator.services.reporting import ExportRequest, export_report, take_baseline
from migrator.services.sharing import copy_plan
from tests.conftest import Places

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster

WEEK_8, WEEK_9 = date(2027, 2, 22), date(2027, 3, 1)


class Clock:
    """The service's clock, moved by the test: history and snapshots say when."""

    def __init__(self) -> None:
        self.at = datetime(2027, 2, 22, 8, 0)

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def plan(places: Places, clock: Clock) -> Iterator[MigrationService]:
    """Two teams, a cross-team link and a go-live milestone, edited by Ana."""
    service = MigrationService.create(
        places("plan", user="Ana"),
        NewMigration("Card fleet replacement", date(2027, 1, 4), date(2027, 6, 30)),
        actor="Ana",
        today=lambda: WEEK_9,
        now=clock,
    )
    bnk = service.create_team("Banking & Payments", "BNK")
    ops = service.create_team("Card Operations", "OPS")
    ana = service.create_person("Ana Silva", team_id=bnk)
    service.create_person("Ben Okafor", team_id=ops)
    ledger = service.create_workstream(
        "Ledger integration",
        bnk,
        owner_id=ana,
        status=Status.IN_PROGRESS,
        planned_start=date(2027, 2, 1),
        planned_due=date(2027, 3, 26),
        progress=40,
    )
    stock = service.create_workstream(
        "Card stock order", ops, planned_start=date(2027, 3, 29), planned_due=date(2027, 4, 16)
    )
    go_live = service.create_workstream(
        "General availability", bnk, is_milestone=True, planned_due=date(2027, 6, 30)
    )
    service.add_dependency(ledger, stock, DependencyType.FS)
    service.add_dependency(stock, go_live)
    service.update_migration({"go_live_milestone_id": go_live})
    yield service
    service.close()


def _export(service: MigrationService, path: Path, **options: Any) -> Any:
    return export_report(service, ExportRequest(output=path, **options))


def _rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    book = load_workbook(path)
    return [tuple(row) for row in book[sheet].iter_rows(values_only=True)]


def _changes_table(path: Path) -> list[dict[str, Any]]:
    """The Changes sheet's table as dicts keyed by its header row."""
    rows = _rows(path, "Changes")
    header_at = next(i for i, row in enumerate(rows) if row[:3] == ("When", "Who", "Key"))
    header = rows[header_at]
    return [dict(zip(header, row, strict=True)) for row in rows[header_at + 1 :] if any(row)]


# ---------------------------------------------------------------- snapshots


def test_each_export_keeps_a_snapshot_with_when_as_of_label_and_who(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    clock.at = datetime(2027, 2, 22, 17, 5)
    result = _export(plan, tmp_path / "week8.xlsx", as_of=WEEK_8, label="Week 8")
    assert result.compared_with is None
    assert result.snapshot is not None and result.snapshot.id == 1
    [kept] = plan.snapshots()
    assert (kept.taken_at, kept.as_of, kept.label, kept.actor, kept.audience) == (
        datetime(2027, 2, 22, 17, 5),
        WEEK_8,
        "Week 8",
        "Ana",
        "full",
    )
    info, state, _seen = plan.snapshot(1)
    assert info == kept
    assert state.as_of == WEEK_8 and state.projected_go_live == date(2027, 6, 30)
    assert {w.key for w in state.workstreams} == {"BNK-1", "OPS-1", "BNK-2"}
    assert state.links[0].predecessor == "BNK-1" and state.links[0].cross_team


@pytest.mark.file_only  # sqlite3 on the file (a server's trigger: test_server_store.py)
def test_a_snapshot_is_never_changed_afterwards(plan: MigrationService, tmp_path: Path) -> None:
    _export(plan, tmp_path / "r.xlsx", as_of=WEEK_8)
    plan.close()
    conn = sqlite3.connect(plan.path)
    with pytest.raises(sqlite3.IntegrityError, match="snapshots are never changed"):
        conn.execute("UPDATE snapshot SET label = 'rewritten'")
    conn.close()


def test_no_snapshot_keeps_nothing(plan: MigrationService, tmp_path: Path) -> None:
    result = _export(plan, tmp_path / "r.xlsx", keep_snapshot=False)
    assert result.snapshot is None and plan.snapshots() == []
    assert (tmp_path / "r.xlsx").exists()


def test_snapshots_are_found_by_number_or_as_of_date(plan: MigrationService, tmp_path: Path) -> None:
    _export(plan, tmp_path / "a.xlsx", as_of=WEEK_8)
    _export(plan, tmp_path / "b.xlsx", as_of=WEEK_9)
    assert plan.find_snapshot("2").as_of == WEEK_9
    assert plan.find_snapshot("#1").as_of == WEEK_8
    assert plan.find_snapshot("2027-02-26").id == 1  # the latest as of that day or before
    assert plan.find_snapshot("2027-03-05").id == 2
    with pytest.raises(NotFoundError, match="no snapshot #7"):
        plan.find_snapshot("7")
    with pytest.raises(NotFoundError, match="as of 2027-01-01 or earlier"):
        plan.find_snapshot("2027-01-01")
    with pytest.raises(ValidationError, match="neither a snapshot number nor a date"):
        plan.find_snapshot("last week")


@pytest.mark.file_only  # damaged with sqlite3 (on a server: test_server_store.py)
def test_a_damaged_snapshot_is_reported_as_such(plan: MigrationService, tmp_path: Path) -> None:
    _export(plan, tmp_path / "r.xlsx", as_of=WEEK_8)
    plan.close()
    conn = sqlite3.connect(plan.path)
    conn.execute("DROP TRIGGER snapshot_never_changes")
    conn.execute("UPDATE snapshot SET state = X'00112233'")
    conn.commit()
    conn.close()
    with MigrationService.open(plan.path, today=lambda: WEEK_9) as reopened:
        with pytest.raises(MigrationFileError, match="damaged"):
            reopened.snapshot(1)
        with pytest.raises(MigrationFileError, match=r"Snapshot #1: .*damaged.*another snapshot instead"):
            _export(reopened, tmp_path / "next.xlsx")
        assert not (tmp_path / "next.xlsx").exists()


# ---------------------------------------------------------------- what changed since the last report


def test_the_changes_sheet_lists_each_edit_with_who_and_when(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    _export(plan, tmp_path / "week8.xlsx", as_of=WEEK_8, label="Week 8")
    ledger, stock = plan.workstream_by_key("BNK-1"), plan.workstream_by_key("OPS-1")
    ben = next(p.id for p in plan.people() if p.name == "Ben Okafor")
    clock.at = datetime(2027, 2, 24, 10, 15)
    plan.update_workstream(ledger.id, {"status": Status.BLOCKED, "blocker_note": "Vendor API down"})
    clock.at = datetime(2027, 2, 25, 11, 0)
    plan.update_workstream(stock.id, {"planned_due": date(2027, 4, 23)})
    clock.at = datetime(2027, 2, 26, 16, 45)
    plan.update_workstream(ledger.id, {"owner_id": ben, "progress": 55})
    clock.at = datetime(2027, 3, 1, 8, 0)
    plan.create_workstream("Carrier letters", plan.team_by_code("OPS").id, planned_due=date(2027, 5, 7))

    result = _export(plan, tmp_path / "week9.xlsx", as_of=WEEK_9, label="Week 9")
    assert result.compared_with is not None and result.compared_with.label == "Week 8"
    table = _changes_table(tmp_path / "week9.xlsx")
    assert len(table) == result.changes

    def find(key: str, field: str) -> dict[str, Any]:
        return next(row for row in table if row["Key"] == key and row["Field"] == field)

    status = find("BNK-1", "Status")
    assert (status["Was"], status["Now"], status["Who"]) == ("In progress", "Blocked", "Ana")
    assert status["When"] == datetime(2027, 2, 24, 10, 15)
    due = find("OPS-1", "Planned due")
    assert (due["Was"], due["Now"], due["Working days"]) == (
        datetime(2027, 4, 16),
        datetime(2027, 4, 23),
        5,
    )
    assert due["When"] == datetime(2027, 2, 25, 11, 0)
    owner = find("BNK-1", "Owner")
    assert (owner["Was"], owner["Now"], owner["When"]) == (
        "Ana Silva",
        "Ben Okafor",
        datetime(2027, 2, 26, 16, 45),
    )
    progress = find("BNK-1", "Progress")
    assert (progress["Was"], progress["Now"]) == (0.4, 0.55)  # percent cells
    added = find("OPS-2", "Workstream")
    assert added["Change"] == "Added" and added["Title"] == "Carrier letters"
    health = find("BNK-1", "Health")
    assert (health["Was"], health["Now"]) == ("Green", "Red")  # blocked work is red


def test_changes_can_be_compared_with_an_older_snapshot(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    _export(plan, tmp_path / "a.xlsx", as_of=WEEK_8)
    ledger = plan.workstream_by_key("BNK-1")
    plan.update_workstream(ledger.id, {"progress": 50})
    _export(plan, tmp_path / "b.xlsx", as_of=WEEK_9)
    plan.update_workstream(ledger.id, {"progress": 60})
    # Week 9 again: it compares with week 8's report (1), not with its own earlier copy (2).
    latest = _export(plan, tmp_path / "c.xlsx", as_of=WEEK_9)
    assert latest.compared_with.id == 1
    assert [r["Was"] for r in _changes_table(tmp_path / "c.xlsx") if r["Field"] == "Progress"] == [0.4]
    chosen = _export(plan, tmp_path / "d.xlsx", as_of=WEEK_9, since="2", keep_snapshot=False)
    assert chosen.compared_with.id == 2
    assert [r["Was"] for r in _changes_table(tmp_path / "d.xlsx") if r["Field"] == "Progress"] == [0.5]


# ---------------------------------------------------------------- the baseline


def test_a_snapshot_taken_as_baseline_fills_the_baseline_dates_in_history(
    plan: MigrationService, tmp_path: Path
) -> None:
    _export(plan, tmp_path / "r.xlsx", as_of=WEEK_8, label="Kick-off")
    stock = plan.workstream_by_key("OPS-1")
    plan.update_workstream(stock.id, {"planned_due": date(2027, 4, 30)})
    result = take_baseline(plan, snapshot="1")
    assert result.snapshot.label == "Kick-off" and result.changed == 3
    stock = plan.workstream_by_key("OPS-1")
    assert (stock.baseline_start, stock.baseline_due) == (date(2027, 3, 29), date(2027, 4, 16))
    entry = plan.workstream_history(stock.id)[0]
    assert entry.field in {"baseline_start", "baseline_due"}
    assert entry.comment == "Baseline from snapshot #1 (Kick-off)"
    # The report now shows the variance against that baseline.
    _export(plan, tmp_path / "after.xlsx", as_of=WEEK_9)
    _info, state, _seen = plan.snapshot(2)
    row = next(w for w in state.workstreams if w.key == "OPS-1")
    assert row.baseline_due == date(2027, 4, 16) and row.baseline_variance == 10


def test_a_baseline_without_a_snapshot_is_the_plan_now_kept_as_a_snapshot(plan: MigrationService) -> None:
    result = take_baseline(plan, as_of=WEEK_9)
    assert result.snapshot.label == "Baseline" and result.snapshot.audience == "baseline"
    assert [s.id for s in plan.snapshots()] == [result.snapshot.id]
    go_live = plan.workstream_by_key("BNK-2")
    assert go_live.baseline_due == date(2027, 6, 30)
    assert take_baseline(plan, as_of=WEEK_9).changed == 0  # already the baseline: nothing moves


def test_work_added_after_the_snapshot_keeps_its_baseline(plan: MigrationService, tmp_path: Path) -> None:
    _export(plan, tmp_path / "r.xlsx", as_of=WEEK_8)
    new = plan.create_workstream(
        "Carrier letters",
        plan.team_by_code("OPS").id,
        baseline_due=date(2027, 5, 7),
        planned_due=date(2027, 5, 7),
    )
    take_baseline(plan, snapshot="1")
    assert plan.workstream(new).baseline_due == date(2027, 5, 7)


# ---------------------------------------------------------------- requests that make no sense


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"audience": Audience.TEAM}, "needs a team"),
        ({"audience": Audience.TEAM, "team": "XYZ"}, "no team with code 'XYZ' \\(teams: BNK, OPS\\)"),
        ({"team": "BNK"}, "only applies to the team audience"),
        ({"since": "4"}, "no snapshot #4"),
        ({"as_of": date(207, 3, 1)}, "as-of date"),
    ],
)
def test_a_request_that_makes_no_sense_is_refused_and_writes_nothing(
    plan: MigrationService, tmp_path: Path, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(MigratorError, match=message):
        _export(plan, tmp_path / "r.xlsx", **options)
    assert list(tmp_path.glob("*.xlsx")) == [] and plan.snapshots() == []


def test_a_report_needs_the_xlsx_extension(plan: MigrationService, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"with \.xlsx, not \.pdf"):
        _export(plan, tmp_path / "r.pdf")
    assert _export(plan, tmp_path / "status").path == tmp_path / "status.xlsx"


def test_a_read_only_file_exports_only_without_a_snapshot(plan: MigrationService, tmp_path: Path) -> None:
    place = plan.place
    plan.close()
    with MigrationService.open(place, read_only=True, today=lambda: WEEK_9) as viewer:
        with pytest.raises(MigratorError, match="read-only, so this export can't keep its snapshot"):
            _export(viewer, tmp_path / "r.xlsx")
        assert not (tmp_path / "r.xlsx").exists()
        assert _export(viewer, tmp_path / "r.xlsx", keep_snapshot=False).snapshot is None


def test_a_shared_plan_a_login_may_only_read_exports_only_without_a_snapshot(
    demo_file: Path, server_url: str, postgres_cluster: ThrowawayCluster, tmp_path: Path
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    reader = postgres_cluster.add_login(address.database, may_change=False)
    with MigrationService.open(reader, today=lambda: WEEK_9) as viewer:
        assert viewer.read_only
        with pytest.raises(ReadOnlyError) as refused:
            _export(viewer, tmp_path / "r.xlsx")
        assert str(refused.value) == (
            f"{address.database} on 127.0.0.1 is read-only, so this export can't keep its snapshot; "
            "export without keeping a snapshot, or ask whoever runs the server for an editor's role."
        )
        assert not (tmp_path / "r.xlsx").exists()
        assert _export(viewer, tmp_path / "r.xlsx", keep_snapshot=False).snapshot is None
        assert viewer.snapshots() == []


def test_a_shared_plan_open_read_only_exports_only_without_a_snapshot_naming_the_plan(
    demo_file: Path, server_url: str, tmp_path: Path
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    with MigrationService.open(address, read_only=True, today=lambda: WEEK_9) as viewer:
        with pytest.raises(MigratorError, match=rf"^{address.name} is read-only, so this export can't keep"):
            _export(viewer, tmp_path / "r.xlsx")
        assert _export(viewer, tmp_path / "r.xlsx", keep_snapshot=False).snapshot is None


# ---------------------------------------------------------------- safe writing


def _previous_report(folder: Path) -> tuple[Path, bytes]:
    old = folder / "status.xlsx"
    old.write_bytes(b"last week's report")
    return old, old.read_bytes()


def _leftovers(folder: Path) -> list[str]:
    """What else is in the report's folder, but the report (and the plan's file, when it has one)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("status.xlsx", "plan.migrator"))


def test_a_disk_that_fills_up_leaves_the_old_report_and_the_file_untouched(
    plan: MigrationService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    old, before = _previous_report(folder)

    def full_disk(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", full_disk)
    with pytest.raises(ReportWriteError, match=r"The disk is full.*previous file there is untouched"):
        _export(plan, old)
    assert old.read_bytes() == before
    assert _leftovers(folder) == []
    assert plan.snapshots() == []
    assert ALL_TEMP_FILES == []  # the sheets' own temporary files are gone too, not left for exit


def test_a_report_open_in_another_program_is_left_alone_and_no_snapshot_is_kept(
    plan: MigrationService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, before = _previous_report(tmp_path)
    real_replace = os.replace

    def locked(source: Any, target: Any) -> None:
        if Path(target) == old:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real_replace(source, target)

    monkeypatch.setattr("migrator.reports.safe_file.os.replace", locked)
    with pytest.raises(ReportWriteError, match=r"status\.xlsx is open in another program"):
        _export(plan, old)
    assert old.read_bytes() == before
    assert _leftovers(tmp_path) == []
    assert plan.snapshots() == []  # the snapshot rolled back with the failed move


def test_a_missing_folder_or_a_folder_name_gets_a_clear_message(
    plan: MigrationService, tmp_path: Path
) -> None:
    with pytest.raises(ReportWriteError, match="does not exist"):
        _export(plan, tmp_path / "nowhere" / "r.xlsx")
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(MigratorError, match="is a folder"):
        _export(plan, tmp_path / "folder.xlsx")


def test_a_successful_export_replaces_the_old_report(plan: MigrationService, tmp_path: Path) -> None:
    old, _before = _previous_report(tmp_path)
    _export(plan, old)
    assert load_workbook(old).sheetnames[0] == "Summary"
    assert _leftovers(tmp_path) == []


# ---------------------------------------------------------------- text from the plan stays text


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "#N/A"]
)
def test_plan_text_never_becomes_a_formula(plan: MigrationService, tmp_path: Path, title: str) -> None:
    ledger = plan.workstream_by_key("BNK-1")
    plan.update_workstream(ledger.id, {"title": title, "status": Status.BLOCKED, "blocker_note": title})
    plan.update_team(plan.team_by_code("OPS").id, {"name": f"{title} team"})
    path = _export(plan, tmp_path / "r.xlsx", as_of=WEEK_9).path
    exact = {sheet for sheet, value in _texts(path) if value == title}
    assert {"Workstreams", "Timeline", "Dependencies"} <= exact  # cells that are the title alone, quoted
    assert any(title in value for sheet, value in _texts(path) if sheet == "Summary")


@pytest.mark.parametrize("note", ["\tcmd /c calc", "\r=1+1", "=cmd|' /C calc'!A0"])
def test_notes_starting_with_a_tab_or_return_stay_literal(
    plan: MigrationService, tmp_path: Path, note: str
) -> None:
    ledger = plan.workstream_by_key("BNK-1")
    plan.update_workstream(ledger.id, {"status": Status.BLOCKED, "blocker_note": note})
    path = _export(plan, tmp_path / "r.xlsx", as_of=WEEK_9).path
    kept = note.replace("\r", "\n")  # a spreadsheet's line break
    assert any(kept in value for _sheet, value in _texts(path))


def _texts(path: Path) -> list[tuple[str, str]]:
    """Every text cell as (sheet, value), asserting along the way that no cell became a formula
    or an error code, and that every text a spreadsheet could run carries the quote prefix."""
    found = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                assert cell.data_type not in ("f", "e"), f"{where} became a formula or an error code"
                if isinstance(cell.value, str):
                    if needs_quote(cell.value):
                        assert cell.quotePrefix, f"{where} ({cell.value!r}) is not marked as literal text"
                    found.append((sheet.title, cell.value))
    return found


def test_characters_xml_cannot_hold_are_dropped_not_fatal(plan: MigrationService, tmp_path: Path) -> None:
    ledger = plan.workstream_by_key("BNK-1")
    plan.update_workstream(ledger.id, {"title": "Ledger\x00 integ\x07ration\x1b"})
    path = _export(plan, tmp_path / "r.xlsx", as_of=WEEK_9).path
    titles = [row[2] for row in _rows(path, "Workstreams")]
    assert "Ledger integration" in titles


# ---------------------------------------------------------------- progress


def test_progress_runs_from_start_to_done_in_order(plan: MigrationService, tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    export_report(plan, ExportRequest(tmp_path / "r.xlsx"), lambda f, m: seen.append((f, m)))
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and fractions[0] < 0.1
    assert any("Workstreams" in m for _f, m in seen)


# ---------------------------------------------------------------- edge cases a coordinator meets


@pytest.mark.parametrize(
    ("audience", "team"), [(Audience.FULL, None), (Audience.EXECUTIVE, None), (Audience.TEAM, "NEW")]
)
def test_an_empty_plan_or_a_team_without_work_still_gets_a_report(
    tmp_path: Path, places: Places, audience: Audience, team: str | None
) -> None:
    with MigrationService.create(
        places("new"),
        NewMigration("Fresh", date(2027, 1, 4), date(2027, 6, 30)),
        today=lambda: WEEK_9,
    ) as fresh:
        fresh.create_team("New team", "NEW")
        result = _export(fresh, tmp_path / "r.xlsx", audience=audience, team=team)
    assert load_workbook(result.path).sheetnames[0] == "Summary"


def test_a_deleted_workstream_is_listed_as_removed_with_who_and_when(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    _export(plan, tmp_path / "a.xlsx", as_of=WEEK_8)
    clock.at = datetime(2027, 2, 25, 14, 0)
    plan.delete_workstream(plan.workstream_by_key("OPS-1").id)
    _export(plan, tmp_path / "b.xlsx", as_of=WEEK_9)
    removed = next(r for r in _changes_table(tmp_path / "b.xlsx") if r["Change"] == "Removed")
    assert (removed["Key"], removed["Who"], removed["When"]) == ("OPS-1", "Ana", datetime(2027, 2, 25, 14, 0))


def test_a_new_workstream_that_reuses_a_deleted_ones_id_is_removed_plus_added(
    plan: MigrationService, tmp_path: Path
) -> None:
    _export(plan, tmp_path / "a.xlsx", as_of=WEEK_8)
    last = max(plan.workstreams(), key=lambda w: w.id)
    plan.delete_workstream(last.id)
    new = plan.create_workstream("Carrier letters", plan.team_by_code("OPS").id, planned_due=date(2027, 5, 7))
    _export(plan, tmp_path / "b.xlsx", as_of=WEEK_9)
    rows = _changes_table(tmp_path / "b.xlsx")
    kinds = {(r["Change"], r["Key"]) for r in rows}
    assert ("Removed", last.key) in kinds and ("Added", plan.workstream(new).key) in kinds
    assert not any(r["Change"] == "Details" for r in rows)


def test_renaming_a_key_does_not_fake_resolved_and_new_conflicts(
    plan: MigrationService, tmp_path: Path
) -> None:
    stock = plan.workstream_by_key("OPS-1")
    plan.update_workstream(stock.id, {"planned_start": date(2027, 3, 1)})  # before its provider finishes
    _export(plan, tmp_path / "a.xlsx", as_of=WEEK_8)
    plan.update_workstream(stock.id, {"key": "OPS-99"})
    _export(plan, tmp_path / "b.xlsx", as_of=WEEK_8, since="1")  # the same day: chosen by number
    changes = [r["Change"] for r in _changes_table(tmp_path / "b.xlsx")]
    assert changes == ["Details"]  # the key, and nothing about the conflict


def test_work_moved_to_another_team_shows_in_both_teams_reports(
    plan: MigrationService, tmp_path: Path
) -> None:
    _export(plan, tmp_path / "a.xlsx", as_of=WEEK_8)
    plan.update_workstream(plan.workstream_by_key("OPS-1").id, {"team_id": plan.team_by_code("BNK").id})
    for team in ("BNK", "OPS"):
        path = _export(
            plan, tmp_path / f"{team}.xlsx", audience=Audience.TEAM, team=team, keep_snapshot=False
        ).path
        assert [r["Field"] for r in _changes_table(path)] == ["Team"], team


def test_the_last_report_is_the_default_comparison_not_a_baseline(
    plan: MigrationService, tmp_path: Path
) -> None:
    _export(plan, tmp_path / "a.xlsx", as_of=WEEK_8, label="Week 8")
    take_baseline(plan, as_of=WEEK_9)
    result = _export(plan, tmp_path / "b.xlsx", as_of=WEEK_9)
    assert result.compared_with is not None and result.compared_with.label == "Week 8"


def test_a_due_date_moved_to_a_weekend_is_one_change_not_two(plan: MigrationService, tmp_path: Path) -> None:
    _export(plan, tmp_path / "a.xlsx", as_of=WEEK_8)
    plan.update_workstream(plan.workstream_by_key("OPS-1").id, {"planned_due": date(2027, 4, 25)})  # a Sunday
    _export(plan, tmp_path / "b.xlsx", as_of=WEEK_8, since="1")  # the same day: chosen by number
    assert [r["Change"] for r in _changes_table(tmp_path / "b.xlsx") if r["Key"] == "OPS-1"] == ["Date moved"]


def test_setting_the_baseline_is_not_a_last_update(plan: MigrationService, clock: Clock) -> None:
    before = plan.last_updates()
    clock.at = datetime(2027, 3, 5, 12, 0)
    take_baseline(plan, as_of=WEEK_9)
    assert plan.last_updates() == before


def test_reports_are_readable_by_colleagues_and_keep_an_old_reports_permissions(
    plan: MigrationService, tmp_path: Path
) -> None:
    old_mask = os.umask(0o022)
    try:
        fresh = _export(plan, tmp_path / "new.xlsx", keep_snapshot=False).path
        assert fresh.stat().st_mode & 0o777 == 0o644
        shared = tmp_path / "shared.xlsx"
        shared.write_bytes(b"old")
        shared.chmod(0o664)
        _export(plan, shared, keep_snapshot=False)
        assert shared.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old_mask)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "²"}, "neither a snapshot number nor a date"),
        ({"label": "Week\x1b[31m 9"}, "can't hold control characters"),
    ],
)
def test_odd_text_is_refused_with_a_message(
    plan: MigrationService, tmp_path: Path, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(MigratorError, match=message):
        _export(plan, tmp_path / "r.xlsx", **options)


def test_a_folder_is_not_taken_for_a_report_name(plan: MigrationService, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    with pytest.raises(MigratorError, match="is a folder"):
        _export(plan, tmp_path / "reports")
    assert not (tmp_path / "reports.xlsx").exists()


def test_a_report_as_of_an_earlier_date_compares_with_a_report_before_it(
    plan: MigrationService, tmp_path: Path
) -> None:
    _export(plan, tmp_path / "a.xlsx", as_of=date(2027, 2, 15), label="Week 7")
    _export(plan, tmp_path / "b.xlsx", as_of=WEEK_9, label="Week 9")
    redone = _export(plan, tmp_path / "c.xlsx", as_of=WEEK_8, label="Week 8, late")
    assert redone.compared_with is not None and redone.compared_with.label == "Week 7"


def test_a_comment_or_a_new_workstream_is_a_last_update(plan: MigrationService, clock: Clock) -> None:
    clock.at = datetime(2027, 3, 5, 12, 0)
    commented = plan.workstream_by_key("OPS-1").id
    plan.add_comment(commented, "Waiting on the bureau's test cards")
    created = plan.create_workstream("Card carrier proofs", plan.team_by_code("OPS").id)
    updates = plan.last_updates()
    assert updates[commented] == clock.at and updates[created] == clock.at


def test_two_exports_in_a_row_compare_with_the_report_before_them_not_with_each_other(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    _export(plan, tmp_path / "week8.xlsx", as_of=WEEK_8, label="Week 8")
    clock.at = datetime(2027, 2, 24, 10, 15)
    plan.update_workstream(plan.workstream_by_key("BNK-1").id, {"progress": 55})
    first = _export(plan, tmp_path / "week9.xlsx", as_of=WEEK_9, label="Week 9")
    again = _export(plan, tmp_path / "week9-exec.xlsx", as_of=WEEK_9, audience=Audience.EXECUTIVE)
    assert [s.label for s in (first.compared_with, again.compared_with)] == ["Week 8", "Week 8"]
    assert [
        (r["Key"], r["Field"], r["Was"], r["Now"]) for r in _changes_table(tmp_path / "week9-exec.xlsx")
    ] == [("BNK-1", "Progress", 0.4, 0.55)]


# ---------------------------------------------------------------- status comments


def _sheet_texts(path: Path, sheet: str) -> list[str]:
    return [cell for row in _rows(path, sheet) for cell in row if isinstance(cell, str)]


LATEST = "Vendor fix promised for Friday; we retest on Monday with the bureau"


def _comment_week(plan: MigrationService, clock: Clock) -> None:
    """Two status comments on BNK-1, then it is blocked with a note given with the edit."""
    ledger = plan.workstream_by_key("BNK-1").id
    clock.at = datetime(2027, 2, 23, 10, 15)
    plan.add_comment(ledger, "Sandbox flaky again")
    clock.at = datetime(2027, 2, 25, 16, 40)
    plan.add_comment(ledger, LATEST)
    clock.at = datetime(2027, 2, 26, 9, 0)
    plan.update_workstream(
        ledger, {"status": Status.BLOCKED, "blocker_note": "Vendor API down"}, comment="Escalated to the CTO"
    )


def test_the_changes_sheet_lists_each_workstreams_latest_status_comment_with_who_and_when(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    _export(plan, tmp_path / "week8.xlsx", as_of=WEEK_8, label="Week 8")
    _comment_week(plan, clock)
    _export(plan, tmp_path / "week9.xlsx", as_of=WEEK_9, label="Week 9")
    table = _changes_table(tmp_path / "week9.xlsx")
    said = [(r["Key"], r["Who"], r["When"], r["Note"]) for r in table if r["Change"] == "Comment"]
    assert said == [("BNK-1", "Ana", datetime(2027, 2, 25, 16, 40), LATEST)]
    status = next(r for r in table if r["Field"] == "Status")
    assert status["Note"] == "Escalated to the CTO"  # a comment given with an edit stays its note


def test_the_summary_gives_the_latest_status_comment_of_work_that_needs_attention(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    _comment_week(plan, clock)
    _export(plan, tmp_path / "week9.xlsx", as_of=WEEK_9)
    cells = _sheet_texts(tmp_path / "week9.xlsx", "Summary")
    why = next(cell for cell in cells if "Blocked: Vendor API down" in cell)
    assert why.split("\n") == [
        "• Blocked: Vendor API down",
        "• Forecast to finish Fri 23 Apr 2027, 20 working days after its due date Fri 26 Mar 2027, "
        "because it is blocked",
        f"Latest comment, Ana, Thu 25 Feb 2027 16:40: “{LATEST}”",
    ]


def test_a_long_status_comment_is_shortened_on_the_summary_only(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    ledger = plan.workstream_by_key("BNK-1").id
    long = "Word " * 100  # 500 characters
    plan.add_comment(ledger, long)
    plan.update_workstream(ledger, {"status": Status.BLOCKED})
    _export(plan, tmp_path / "week9.xlsx", as_of=WEEK_9)
    cells = _sheet_texts(tmp_path / "week9.xlsx", "Summary")
    line = next(cell for cell in cells if "Latest comment" in cell).split("\n")[-1]
    assert line == f"Latest comment, Ana, Mon 22 Feb 2027 08:00: “{'Word ' * 47}Word…”"  # 240 characters


# ---------------------------------------------------------------- the RAID log


def test_a_report_keeps_the_raid_log_and_the_next_lists_its_changes_with_who_and_when(
    plan: MigrationService, tmp_path: Path, clock: Clock
) -> None:
    ledger, stock = plan.workstream_by_key("BNK-1"), plan.workstream_by_key("OPS-1")
    ana = next(p.id for p in plan.people() if p.name == "Ana Silva")
    risk = plan.raid.create(
        RaidType.RISK, "Card bureau can't print 50,000 cards a week", owner_id=ana, probability=3, impact=4,
        response=Response.REDUCE,
    )  # fmt: skip
    plan.raid.link(risk, LinkRole.THREATENS, workstream_id=ledger.id)
    decision = plan.raid.create(
        RaidType.DECISION, "Migrate business customers first?", owner_id=ana,
        decider="Steering committee", needed_by=date(2027, 3, 5),
    )  # fmt: skip
    plan.raid.link(decision, LinkRole.DECIDED_FOR, workstream_id=stock.id)
    plan.raid.create(RaidType.ISSUE, "Test data missing", owner_id=ana, target_date=date(2027, 3, 12))
    _export(plan, tmp_path / "week8.xlsx", as_of=WEEK_8, label="Week 8")
    _info, kept, _seen = plan.snapshot(1)
    assert [item.key for item in kept.raid] == ["R-1", "I-1", "D-1"] and kept.raid_kept
    assert kept.raid[0].links[0].label == "BNK-1" and kept.raid_reach[kept.raid[2].id] == ("OPS",)

    clock.at = datetime(2027, 2, 24, 10, 15)
    plan.raid.update(risk, {"escalated_to": Escalation.STEERING, "escalated_on": date(2027, 2, 24)})
    clock.at = datetime(2027, 2, 25, 11, 0)
    plan.raid.update(
        decision, {"status": RaidStatus.DECIDED, "decided_on": date(2027, 2, 25), "outcome": "Retail first"}
    )
    clock.at = datetime(2027, 2, 26, 9, 0)
    plan.raid.create(RaidType.RISK, "Vendor late with the card file", owner_id=ana, probability=2, impact=2)

    path = tmp_path / "week9.xlsx"
    _export(plan, path, as_of=WEEK_9, label="Week 9")
    raid = [row for row in _changes_table(path) if str(row["Change"]).startswith("RAID")]
    assert [(r["Key"], r["Change"], r["Was"], r["Now"], r["Who"], r["When"]) for r in raid] == [
        ("R-2", "RAID: new", None, None, "Ana", datetime(2027, 2, 26, 9, 0)),
        ("D-1", "RAID: closed", "Open", "Decided", "Ana", datetime(2027, 2, 25, 11, 0)),
        ("R-1", "RAID: escalated", None, "Steering", "Ana", datetime(2027, 2, 24, 10, 15)),
    ]
    summary = [row for row in _rows(path, "Summary") if "since the last report (" in str(row[0])]
    assert [(row[0], row[2]) for row in summary] == [
        ("New since the last report (1)", "R-2 Vendor late with the card file"),
        ("Closed since the last report (1)", "D-1 Migrate business customers first? (decided)"),
        (
            "Escalated since the last report (1)",
            "R-1 Card bureau can't print 50,000 cards a week (to steering)",
        ),
    ]
    closed = next(i for i, row in enumerate(_rows(path, "RAID")) if row[0] == "Closed since the last report")
    assert _rows(path, "RAID")[closed + 2][:8] == (
        "D-1", "Migrate business customers first?", "Ana Silva", None, "Decision", "Decided",
        datetime(2027, 2, 25), "Retail first",
    )  # fmt: skip
