"""The command line on shared plans that cannot be used: a malformed address, a database or server
that is not there, a database that is not a plan's, a plan a newer Migrator wrote. Each is one
line on stderr and exit code 2, as every refusal of the command line is; never a traceback, and
the plan is left as it was."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.command_line import database, run, state

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster

DOWN = "postgresql://postgres@127.0.0.1:1/cards"  # nothing listens on port 1


def every_command(plan: str, tmp_path: Path) -> list[list[str]]:
    """Each command that reads or changes the plan at ``plan``, with the arguments it needs."""
    csv = tmp_path / "plan.csv"
    csv.write_text("Workstream,Team\nSettlement report,Finance\n", encoding="utf-8")
    return [
        ["info", plan],
        ["check", plan],
        ["analyze", plan, "--json"],
        ["impact", plan, "BNK-3", "--slip", "5"],
        ["export", plan, "-o", str(tmp_path / "status.xlsx")],
        ["snapshots", plan],
        ["baseline", plan],
        ["import-plan", str(csv), "--into", plan],
        ["copy", plan, str(tmp_path / "copy.migrator")],
    ]


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("migrator: ")
    return err.removeprefix("migrator: ").rstrip("\n")


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("postgresql://db.example.com:99999/cards", "is not a server address (Port out of range 0-65535)."),
        ("postgresql://db.example.com/", "names no database: add it after the host"),
        ("postgresql://ana:s3cret@db.example.com/cards", "A server address must not hold a password"),
        ("postgresql://db.example.com/cards?sslmode=off", "Migrator does not know the option 'sslmode'."),
    ],
)
def test_a_malformed_address_is_a_usage_error_that_says_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str, said: str
) -> None:
    commands = [
        *every_command(address, tmp_path),
        ["copy", str(tmp_path / "plan.migrator"), address],
        ["server", "init", address],
    ]
    for command in commands:
        code, out, err = run(capsys, *command)
        assert (code, out) == (2, ""), command
        message = one_line(err)
        assert said in message and "argument " in message, command
        assert "s3cret" not in message  # a password typed into an address is never shown back


def test_server_init_takes_a_server_address_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "server", "init", str(tmp_path / "plan.migrator"))

    assert code == 2
    assert one_line(err) == (
        f"migrator server init: argument URL: '{tmp_path / 'plan.migrator'}' is not a server address; "
        "write it postgresql://[user@]host[:port]/database"
    )


def test_a_database_that_does_not_exist_is_named(
    postgres_cluster: ThrowawayCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = postgres_cluster.url("no_such_plan")
    commands = [*every_command(missing, tmp_path), ["copy", str(tmp_path / "x.migrator"), missing]]
    for command in [*commands, ["server", "init", missing]]:
        code, _out, err = run(capsys, *command)
        if command[0] == "copy" and command[2] == missing:
            # The source file is read first: its absence is what stops this copy.
            assert code == 2 and "There is no file at" in one_line(err)
            continue
        assert code == 2, command
        assert one_line(err) == (
            "There is no database 'no_such_plan' on 127.0.0.1. Check the address, or ask whoever runs "
            "the server to create it."
        ), command
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob("*.migrator")) == []


def test_a_server_that_is_down_is_said_so(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = [*every_command(DOWN, tmp_path), ["copy", str(demo), DOWN], ["server", "init", DOWN]]
    for command in commands:
        code, out, err = run(capsys, *command)
        assert (code, out) == (2, ""), command
        message = one_line(err)
        assert message.startswith("The server of cards on 127.0.0.1 cannot be reached ("), command
        assert "port 1 failed: Connection refused" in message, command


def test_a_database_another_program_uses_is_named_as_possibly_the_wrong_one(
    server_url: str, postgres_cluster: ThrowawayCluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    postgres_cluster.run_sql("CREATE TABLE invoices (id integer PRIMARY KEY)", database(server_url))

    for command in every_command(server_url, tmp_path):
        code, _out, err = run(capsys, *command)
        assert code == 2, command
        assert one_line(err) == (
            f"{database(server_url)} on 127.0.0.1 holds no Migrator plan but 1 other table(s): is it the "
            "right database? Check the address; nothing was changed."
        ), command
    tables = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    assert postgres_cluster.run_sql(tables, database(server_url)) == [("invoices",)]


def test_a_plan_a_newer_migrator_wrote_is_refused_untouched(
    demo: Path,
    shared: str,
    postgres_cluster: ThrowawayCluster,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    postgres_cluster.run_sql("UPDATE schema_revision SET version_num = 'r9999'", database(shared))
    before = state(postgres_cluster, shared)
    newer = (
        f"{database(shared)} on 127.0.0.1 was written by a newer version of Migrator (schema revision "
        "r9999). Update Migrator to open it; nothing was changed."
    )

    for command in every_command(shared, tmp_path):
        code, out, err = run(capsys, *command)
        if command[0] == "check":  # the check says so, as a problem it found
            assert (code, err) == (1, "")
            assert out.splitlines() == [
                f"{database(shared)} on 127.0.0.1: PROBLEMS FOUND",
                "  schema revision: r9999 (newer than this Migrator's r0008: update Migrator to open it)",
            ]
            continue
        assert (code, out) == (2, ""), command
        assert one_line(err) == newer, command
    for replace in ([], ["--replace"]):
        code, _out, err = run(capsys, "copy", str(demo), shared, *replace)
        assert code == 2
        assert one_line(err) == (
            f"{database(shared)} on 127.0.0.1 holds a plan written by a newer version of Migrator (schema "
            "revision r9999); nothing was changed. Update Migrator to copy over it."
        )

    assert state(postgres_cluster, shared) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.migrator", "plan.csv"]
