"""The command line on shared plans: every command that takes a plan file takes a server address
in the same place and says the same of the same plan; ``copy`` and ``server init`` put plans on a
server; history on a server credits the login. All against this run's throwaway server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

from migrator.cli import main
from migrator.services import MigrationService
from tests.support.command_line import database, run, state

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster

AS_OF = ["--as-of", "2027-03-01"]
REPORT_SHEETS = "Summary, Workstreams, Dependencies, RAID, Changes, Timeline, Definitions"


# ---------------------------------------------------------------- the same answers from a server


@pytest.mark.parametrize(
    "command",
    [
        ["info", "{plan}"],
        ["analyze", "{plan}", *AS_OF],
        ["analyze", "{plan}", *AS_OF, "--json"],
        ["impact", "{plan}", "BNK-3", "--slip", "5", *AS_OF],
        ["impact", "{plan}", "BNK-3", "--slip", "5", *AS_OF, "--json"],
        ["snapshots", "{plan}"],
    ],
    ids=["info", "analyze", "analyze --json", "impact", "impact --json", "snapshots"],
)
def test_a_plan_on_a_server_reads_exactly_as_the_same_plan_in_a_file(
    demo: Path, shared: str, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    def arguments(plan: str) -> list[str]:
        return [plan if part == "{plan}" else part for part in command]

    on_file = run(capsys, *arguments(str(demo)))
    on_server = run(capsys, *arguments(shared))

    assert on_server[0] == on_file[0] == 0
    assert on_server[2] == on_file[2] == ""
    if command[0] == "snapshots":  # the one line that names the plan
        assert on_file[1] == "demo.migrator keeps no snapshots yet; each `migrator export` keeps one.\n"
        assert on_server[1] == (
            f"{database(shared)} on 127.0.0.1 keeps no snapshots yet; each `migrator export` keeps one.\n"
        )
        return
    assert on_server[1] == on_file[1]
    if command[0] == "info":
        assert on_server[1].startswith("Card fleet replacement: prepaid to debit\n")
        assert "  workstreams:       88 (5 milestones)\n" in on_server[1]
    if command == ["analyze", "{plan}", *AS_OF, "--json"]:
        analysis = json.loads(on_server[1])
        assert (analysis["as_of"], analysis["projected_finish"], len(analysis["workstreams"])) == (
            "2027-03-01",
            "2027-06-28",
            88,
        )


def test_check_on_a_server_says_its_revision_rows_values_and_access(
    shared: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", shared)

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{database(shared)} on 127.0.0.1: healthy",
        "  schema revision: r0008 (current)",
        "  rows: 10 teams, 31 people, 88 workstreams, 119 links, 1 migration, 9 non-working days, "
        "297 history entries, 0 snapshots, 0 update requests, 0 rows sent for update, 0 updates collected, "
        "0 RAID key counters, 0 RAID items, 0 RAID links, 0 RAID items sent for update",
        "  values: ok",
        "  access: may change it; history credits postgres",
    ]


def test_check_lists_a_loop_of_links_the_server_holds(
    shared: str, postgres_cluster: ThrowawayCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another program closes a loop the server has no rule against: OPS-1 → OPS-2 exists.
    postgres_cluster.run_sql(
        "INSERT INTO dependency (predecessor_id, successor_id, type, lag, note, version) "
        "SELECT s.id, p.id, 'FS', 0, '', 1 FROM workstream p, workstream s "
        "WHERE p.key = 'OPS-1' AND s.key = 'OPS-2'",
        database(shared),
    )

    code, out, _err = run(capsys, "check", shared)

    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{database(shared)} on 127.0.0.1: PROBLEMS FOUND"
    assert lines[3:5] == ["  values: 1 problem(s)", "    dependencies form a loop: OPS-1 → OPS-2 → OPS-1"]


def test_check_says_a_login_may_only_read_and_so_does_info(
    shared: str, postgres_cluster: ThrowawayCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    reader = postgres_cluster.add_login(database(shared), may_change=False, display_name="Rita Reader")

    code, out, _err = run(capsys, "check", reader)
    assert code == 0
    assert out.splitlines()[-1] == "  access: read-only (your login may only read it)"

    code, out, _err = run(capsys, "info", reader)
    assert code == 0
    assert out.endswith("\nYour login may only read this plan: it can be viewed, not changed.\n")


def test_check_says_an_older_revision_and_leaves_it_to_be_upgraded_on_open(
    shared: str, postgres_cluster: ThrowawayCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    postgres_cluster.run_sql("UPDATE schema_revision SET version_num = 'r0004'", database(shared))
    before = state(postgres_cluster, shared)

    code, out, _err = run(capsys, "check", shared)

    assert code == 0
    assert out.splitlines()[1:3] == [
        "  schema revision: r0004 (older, upgraded to r0008 when a coordinator who may change it opens it)",
        "  rows: 10 teams, 31 people, 88 workstreams, 119 links, 1 migration, 9 non-working days, "
        "297 history entries, 0 snapshots, 0 update requests, 0 rows sent for update, 0 updates collected, "
        "0 RAID key counters, 0 RAID items, 0 RAID links, 0 RAID items sent for update",
    ]
    assert state(postgres_cluster, shared) == before


# ---------------------------------------------------------------- reports, baseline, import on a server


def test_export_from_a_server_writes_the_workbook_and_keeps_its_snapshot_there(
    demo: Path, shared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file_before = demo.read_bytes()
    week9 = tmp_path / "week9.xlsx"

    code, out, err = run(capsys, "export", shared, "-o", str(week9), *AS_OF, "--label", "Week 9")

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Wrote {week9} ({REPORT_SHEETS})",
        "  First report: nothing to compare with.",
        "  Kept as snapshot #1 'Week 9' (as of 2027-03-01)",
    ]
    assert load_workbook(week9).sheetnames == REPORT_SHEETS.split(", ")
    code, out, _err = run(capsys, "snapshots", shared)
    assert code == 0
    header, _rule, row = out.splitlines()
    assert " ".join(header.split()) == "# Taken (UTC) As of Go-live Health By Audience Label"
    assert row.split()[0] == "1"
    assert row.split()[3:] == ["2027-03-01", "2027-06-28", "red", "postgres", "full", "Week", "9"]

    again = tmp_path / "again.xlsx"
    code, out, _err = run(capsys, "export", shared, "-o", str(again), *AS_OF, "--since", "1")
    assert code == 0
    assert out.splitlines()[1:] == [
        "  Compared with snapshot #1 'Week 9' (as of 2027-03-01): 0 change(s)",
        "  Kept as snapshot #2 (as of 2027-03-01)",
    ]
    assert demo.read_bytes() == file_before  # the file the plan was copied from is not involved


def test_baseline_on_a_server_does_what_it_does_on_the_file_and_credits_the_login(
    demo: Path, shared: str, postgres_cluster: ThrowawayCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    editor = postgres_cluster.add_login(database(shared), display_name="Dana Editor")

    on_file = run(capsys, "baseline", str(demo), *AS_OF, "--user", "Someone Else")
    on_server = run(capsys, "baseline", editor, *AS_OF, "--user", "Someone Else")

    assert on_server == on_file
    assert on_server == (
        0,
        "Baseline set from snapshot #1 'Baseline' (as of 2027-03-01): "
        "11 workstream(s) got new baseline dates.\n",
        "",
    )
    with MigrationService.open(shared) as service:
        baseline = [e for e in service.recent_history(50) if e.field in ("baseline_start", "baseline_due")]
        assert baseline and {e.actor for e in baseline} == {"Dana Editor"}
        assert [s.actor for s in service.snapshots()] == ["Dana Editor"]
    with MigrationService.open(demo) as service:
        assert [s.actor for s in service.snapshots()] == ["Someone Else"]


PLAN_CSV = (
    "Key,Workstream,Team,Status,Due\n"
    "BNK-3,Core banking ledger integration for debit accounts,Banking & Payments,done,2027-03-01\n"
    ",Settlement report for debit,Finance,,2027-05-14\n"
)


def test_import_plan_into_a_server_changes_its_plan_as_it_changes_the_file(
    demo: Path, shared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN_CSV, encoding="utf-8")
    importing = ["import-plan", str(plan), "--as-of", "2027-03-01", "--into"]

    dry_run = run(capsys, *importing, shared, "--dry-run")
    assert dry_run[0] == 0 and dry_run[1].startswith("Dry run: nothing was changed. The import would:\n")
    with MigrationService.open(shared) as service:
        assert len(service.workstreams()) == 88

    on_file = run(capsys, *importing, str(demo))
    on_server = run(capsys, *importing, shared)

    assert on_server == on_file
    assert on_server[1].splitlines() == [
        "Workstreams created: 1",
        "  FIN-7 Settlement report for debit",
        "Workstreams updated: 1",
        "  BNK-3 Core banking ledger integration for debit accounts",
    ]
    with MigrationService.open(shared) as service:
        assert service.workstream_by_key("FIN-7").title == "Settlement report for debit"
        assert service.workstream_by_key("BNK-3").status.value == "done"


def test_import_plan_into_a_server_without_a_plan_says_how_to_put_one_there(
    server_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN_CSV, encoding="utf-8")

    code, out, err = run(capsys, "import-plan", str(plan), "--into", server_url)

    assert (code, out) == (2, "")
    assert err == (
        f"migrator: {database(server_url)} on 127.0.0.1 holds no Migrator plan. Put one there with "
        f"`migrator copy FILE {server_url}` (or File → Copy to server… in the window).\n"
    )


# ---------------------------------------------------------------- copy


def test_copy_a_file_to_a_server_refuses_to_replace_its_plan_unless_told(
    demo: Path, server_url: str, postgres_cluster: ThrowawayCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "copy", str(demo), server_url)

    assert (code, err) == (0, "")
    first, checked = out.splitlines()
    assert first.startswith(f"Copied {demo} to {database(server_url)} on 127.0.0.1 in ")
    assert first.endswith(
        " s: 10 teams, 31 people, 88 workstreams, 119 links, 1 migration, 9 non-working days, "
        "297 history entries."
    )
    assert checked.startswith("Checked: the copy holds the same rows, checksum ")

    postgres_cluster.run_sql("UPDATE workstream SET title = 'Changed on the server'", database(server_url))
    before = state(postgres_cluster, server_url)
    code, out, err = run(capsys, "copy", str(demo), server_url)
    assert (code, out) == (2, "")
    assert err == (
        f"migrator: {database(server_url)} on 127.0.0.1 already holds a plan; nothing was changed. "
        "Use --replace to overwrite it.\n"
    )
    assert state(postgres_cluster, server_url) == before

    code, out, _err = run(capsys, "copy", str(demo), server_url, "--replace")
    assert code == 0 and out.startswith("Copied ")
    changed = "SELECT count(*) FROM workstream WHERE title = 'Changed on the server'"
    assert postgres_cluster.run_sql(changed, database(server_url)) == [(0,)]


def test_copy_a_server_to_a_file_refuses_to_replace_a_file_unless_told(
    shared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "trip.migrator"

    code, out, err = run(capsys, "copy", shared, str(local))

    assert (code, err) == (0, "")
    assert out.startswith(f"Copied {database(shared)} on 127.0.0.1 to {local} in ")
    assert run(capsys, "info", str(local))[1] == run(capsys, "info", shared)[1]

    local.write_bytes(b"last week's copy")
    code, out, err = run(capsys, "copy", shared, str(local))
    assert (code, out) == (2, "")
    assert (
        err
        == f"migrator: {local} already holds a file; nothing was changed. Use --replace to overwrite it.\n"
    )
    assert local.read_bytes() == b"last week's copy"

    assert run(capsys, "copy", shared, str(local), "--replace")[0] == 0
    assert (
        run(capsys, "analyze", str(local), *AS_OF, "--json")[1]
        == run(capsys, "analyze", shared, *AS_OF, "--json")[1]
    )


def test_copy_a_file_to_a_file(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    backup = tmp_path / "backup.migrator"

    code, out, _err = run(capsys, "copy", str(demo), str(backup))

    assert code == 0 and out.startswith(f"Copied {demo} to {backup} in ")
    assert run(capsys, "info", str(backup))[1] == run(capsys, "info", str(demo))[1]


# ---------------------------------------------------------------- server init


def test_server_init_sets_up_an_empty_database_and_says_what_comes_next(
    demo: Path, server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "server", "init", server_url)

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Set up {database(server_url)} on 127.0.0.1 for a shared plan: its tables are created, still empty.",
        f"Next, put a plan there: migrator copy FILE {server_url}",
    ]
    code, _out, err = run(capsys, "info", server_url)
    assert code == 2
    assert err == (
        f"migrator: {database(server_url)} on 127.0.0.1 holds no plan yet (its tables are ready). Put one "
        f"there with `migrator copy FILE {server_url}` (or File → Copy to server… in the window).\n"
    )
    assert run(capsys, "copy", str(demo), server_url)[0] == 0
    assert run(capsys, "info", server_url)[1] == run(capsys, "info", str(demo))[1]

    code, _out, err = run(capsys, "server", "init", server_url)
    assert code == 2
    assert err == (
        f"migrator: {database(server_url)} on 127.0.0.1 already holds a Migrator plan (schema revision "
        "r0008); nothing was changed.\n"
    )


def test_server_init_refuses_a_database_that_holds_other_tables_and_adds_none(
    server_url: str, postgres_cluster: ThrowawayCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    postgres_cluster.run_sql("CREATE TABLE invoices (id integer PRIMARY KEY)", database(server_url))

    code, out, err = run(capsys, "server", "init", server_url)

    assert (code, out) == (2, "")
    assert err == (
        f"migrator: {database(server_url)} on 127.0.0.1 already holds 1 other table(s), so Migrator will "
        "not put a plan there; nothing was changed. Use an empty database.\n"
    )
    tables = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    assert postgres_cluster.run_sql(tables, database(server_url)) == [("invoices",)]


# ---------------------------------------------------------------- who, and what stays file-only


def test_user_help_says_a_server_credits_the_login(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["baseline", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "--user NAME who history and reports credit" in said
    assert "ignored on a server, where history credits your login's name" in said
    assert "FILE|URL a migration file, or a shared plan's server address" in said


def test_export_on_a_server_credits_the_login_whatever_user_says(
    shared: str, postgres_cluster: ThrowawayCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    editor = postgres_cluster.add_login(database(shared), display_name="Dana Editor")
    report = tmp_path / "status.xlsx"

    assert run(capsys, "export", editor, "-o", str(report), *AS_OF, "--user", "Someone Else")[0] == 0

    definitions = load_workbook(report)["Definitions"]
    said = {row[0]: row[1] for row in definitions.iter_rows(min_col=1, max_col=2, values_only=True)}
    assert said["Generated by"] == "Dana Editor"
    with MigrationService.open(shared) as service:
        assert [s.actor for s in service.snapshots()] == ["Dana Editor"]


def test_demo_is_written_to_files_only(server_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "demo", server_url)

    assert (code, out) == (2, "")
    assert err == (
        "migrator: migrator demo: argument file: the demo is written to a file; put it on a server with "
        "`migrator copy FILE URL` then\n"
    )
