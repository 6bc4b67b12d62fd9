"""The shared-plan benchmark runs end to end on the test server, prints every section with its
goals, finds no lost update, and leaves nothing behind; its audit does catch a lost update."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from benchmarks.bench_shared import Client, Login, audit, main
from migrator.domain.errors import ConcurrentEditError
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.services.sharing import copy_plan
from tests.conftest import AS_OF
from tests.support.postgres import ThrowawayCluster

FIGURE = r"\d+\.\d+ (s|ms)"
VERDICT = "(PASS|ABOVE GOAL)"
OPEN_GOALS = rf"goal <= 3 s: {VERDICT}; <= 3x: {VERDICT}; CPU"
ROWS = {  # each row with a goal, and the goals it states
    "  service open + read_plan + analysis": OPEN_GOALS,
    "  MainWindow + open_shared + show, analysed table painted": OPEN_GOALS,
    "  median: new value painted": rf"of the goal <= 300 ms: {VERDICT}",
    "  worst: new value painted": rf"of the goal <= 1000 ms: {VERDICT}",
    "  median: and B's analysis of it": rf"informational, against the same goal: {VERDICT}",
    "  worst: and B's analysis of it": rf"informational, against the same goal: {VERDICT}",
}
SECTIONS = (
    "Open the shared plan, until the analysed table shows (best of 1)",
    "Edit in window A, until painted in window B (3 status edits)",
    "Conflicting edits: 2 clients x 40, 8 workstreams shared",
    "Copy the file to the server (best of 1)",
    "Copy the server to a file (best of 1)",
)


def section(lines: list[str], title: str) -> list[str]:
    """The rows under the heading ``title``, up to the next heading."""
    start = lines.index(title)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return lines[start + 1 : end]


def test_main_prints_every_section_and_finds_no_lost_update(
    qapp: QApplication, postgres_cluster: ThrowawayCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres_cluster.url("postgres")
    arguments = [
        "--workstreams",
        "200",
        "--runs",
        "1",
        "--edits",
        "3",
        "--conflicts",
        "40",
        "--shared-rows",
        "8",
        "--profile",
    ]
    assert main([*arguments, "--url", url]) == 0
    out = capsys.readouterr().out
    assert "200 workstreams, 400 dependencies" in out
    lines = out.splitlines()
    for title in SECTIONS:
        assert section(lines, title), f"no section {title!r} in:\n{out}"
    for label, goal in ROWS.items():
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, f"no row {label!r} in:\n{out}"
        assert re.search(rf"\s{FIGURE}\s+\d+\.\d+x\s+{goal}", row), row
    for title in SECTIONS[3:]:
        copy = next(line for line in section(lines, title) if line.startswith("  copy_plan"))
        assert re.search(rf"\s{FIGURE}\s+\d+\.\d+x\s+goal <= 3x: {VERDICT}; CPU", copy), copy

    conflicts = section(lines, SECTIONS[2])
    refused = next(line for line in conflicts if line.startswith("  edits refused: the other"))
    counted = re.search(r"\s(\d+)\s+\d+%\s+naming who and when: (\d+); goal every one: PASS", refused)
    assert counted and int(counted[1]) > 0 and counted[1] == counted[2], refused
    recorded = next(line for line in conflicts if line.startswith("  landed row writes found in history"))
    assert re.search(
        r"\s100%\s.*entries no landed write explains: 0; edits split across changes: 0", recorded
    )
    lost = next(line for line in conflicts if line.startswith("  silent lost updates"))
    assert re.search(
        r"\s0\s+goal 0: PASS; writes over a title their client never saw: 0, gaps in a row's", lost
    )
    # A profile of each step above its goal, or of the one nearest it.
    steps = re.findall(r"^cProfile of the (.+) step \(main thread only\)", out, re.MULTILINE)
    assert steps and set(steps) <= {"open", "window open", "edit", "copy to server", "copy back"}, steps
    assert out.count("function calls") == 2 * len(steps)  # by own time, then by cumulative time

    # Its databases and logins are gone.
    left = "SELECT datname FROM pg_database WHERE datname LIKE 'migrator\\_bench\\_%'"
    assert postgres_cluster.run_sql(left) == []
    assert (
        postgres_cluster.run_sql("SELECT rolname FROM pg_roles WHERE rolname LIKE 'migrator\\_bench\\_%'")
        == []
    )


def test_the_audit_finds_a_write_over_an_unseen_value_and_an_unnamed_refusal(
    demo_file: Path, server_url: str
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    with MigrationService.open(address, today=lambda: AS_OF) as service:
        row = service.workstream_by_key("BNK-1")
        after = service.last_history_id()
        login = Login("postgres", "postgres", "")  # history credits the server's login by its name
        ana, ben = Client(login, service, {row.id: row}), Client(login, service, {row.id: row})

        service.update_workstreams({row.id: {"title": "Ana #1"}}, expected_versions={row.id: row.version})
        ana.landed.append({row.id: (row.title, "Ana #1")})
        service.update_workstreams({row.id: {"title": "Ben #1"}})  # states no version: Ana's title is lost
        ben.landed.append({row.id: (row.title, "Ben #1")})
        with pytest.raises(ConcurrentEditError) as refusal:
            service.update_workstreams({row.id: {"title": "Ana #2"}}, expected_versions={row.id: row.version})
        ana.refusals.append(str(refusal.value))
        ben.refusals.append(f"{row.key} was changed. Your change was not saved.")  # names nobody

        found = audit(service, [ana, ben], after, {row.id: row.title})

    assert (found.landed_rows, found.recorded, found.unexplained, found.split) == (2, 2, 0, 0)
    assert found.silent == 1  # Ben's write replaced "Ana #1", which Ben never saw
    assert found.breaks == 0  # history itself runs on: every write has its entry
    assert (found.refusals, found.named) == (2, 1)
