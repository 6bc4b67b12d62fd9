"""The benchmark plan generator makes correct, deterministic plans and spreadsheets."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from benchmarks.generate import HEADERS, GeneratedPlan, PlanEdge, generate_plan, main, write_xlsx
from migrator.domain.graph import find_loops
from migrator.domain.model import DependencyType, Status

LINK = re.compile(r"^([A-Z][A-Z0-9]*-[1-9][0-9]*)(FS|SS|FF|SF)?(?:([+-][0-9]+)d)?$")


def team_of(key: str) -> str:
    return key.split("-")[0]


@pytest.fixture(scope="module")
def plan() -> GeneratedPlan:
    return generate_plan(300, seed=7)


def test_counts_and_keys(plan: GeneratedPlan) -> None:
    assert len(plan.rows) == 300
    assert len(plan.edges) == 600  # 2N by default
    assert len(plan.teams) == 10
    keys = [row.key for row in plan.rows]
    assert len(set(keys)) == len(keys)
    codes = {code for code, _ in plan.teams}
    assert {row.team for row in plan.rows} <= codes
    assert all(team_of(row.key) == row.team for row in plan.rows)
    assert len(generate_plan(50, 70, seed=1).edges) == 70


def test_dependencies_are_acyclic_distinct_and_mixed(plan: GeneratedPlan) -> None:
    order = {row.key: index for index, row in enumerate(plan.rows)}
    pairs = {(edge.predecessor, edge.successor) for edge in plan.edges}
    assert len(pairs) == len(plan.edges)
    assert all(order[edge.predecessor] < order[edge.successor] for edge in plan.edges)
    successors: dict[int, set[int]] = {}
    for edge in plan.edges:
        successors.setdefault(order[edge.predecessor], set()).add(order[edge.successor])
    assert find_loops(successors) == []
    cross = [edge for edge in plan.edges if team_of(edge.predecessor) != team_of(edge.successor)]
    assert 0.2 * len(plan.edges) < len(cross) < 0.8 * len(plan.edges)
    types = [edge.type for edge in plan.edges]
    assert {t.value for t in DependencyType} >= set(types)
    assert types.count("FS") > len(types) / 2
    assert any(edge.lag for edge in plan.edges)
    assert all(abs(edge.lag) <= 10 for edge in plan.edges)


def test_rows_are_plausible(plan: GeneratedPlan) -> None:
    statuses = {s.value for s in Status}
    for row in plan.rows:
        assert row.status in statuses
        assert 0 <= row.progress <= 100
        assert row.start.weekday() < 5 and row.due.weekday() < 5
        assert row.start <= row.due
        assert row.title.strip()
        if row.milestone:
            assert row.start == row.due
        if row.status == "done":
            assert row.progress == 100
    assert any(row.milestone for row in plan.rows)
    assert len({row.status for row in plan.rows}) >= 3
    span = max(row.due for row in plan.rows) - min(row.start for row in plan.rows)
    assert 400 < span.days < 600  # about 18 months
    assert plan.start <= min(row.start for row in plan.rows)
    assert plan.target >= max(row.due for row in plan.rows)


def test_same_seed_same_plan() -> None:
    assert generate_plan(120, seed=3) == generate_plan(120, seed=3)
    assert generate_plan(120, seed=3) != generate_plan(120, seed=4)


def test_small_and_impossible_plans() -> None:
    tiny = generate_plan(4, 6, seed=2)  # every possible link
    assert len({(e.predecessor, e.successor) for e in tiny.edges}) == 6
    assert generate_plan(1, 0).edges == []
    with pytest.raises(ValueError):
        generate_plan(4, 7)
    with pytest.raises(ValueError):
        generate_plan(0)


def parse_links(text: str | None) -> list[tuple[str, str, int]]:
    links = []
    for part in text.split(", ") if text else []:
        match = LINK.match(part)
        assert match, part
        links.append((match.group(1), match.group(2) or "FS", int(match.group(3) or 0)))
    return links


def test_xlsx_has_the_headers_and_every_row(plan: GeneratedPlan, tmp_path: Path) -> None:
    path = write_xlsx(plan, tmp_path / "plan.xlsx")
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    assert rows[0] == HEADERS
    assert HEADERS == (
        "Key", "Team", "Workstream", "Owner", "Status", "Start", "Due",
        "Progress", "Milestone", "Depends on", "Description",
    )  # fmt: skip
    body = rows[1:]
    assert [r[0] for r in body] == [row.key for row in plan.rows]
    edges: list[PlanEdge] = []
    for values, row in zip(body, plan.rows, strict=True):
        key, team, title, _, status, start, due, progress, milestone, depends, _ = values
        assert team == row.team  # the code, as the keys use it
        assert title == row.title
        assert status == row.status.replace("_", " ").capitalize()
        assert isinstance(start, datetime) and isinstance(due, datetime)
        assert (start.date(), due.date()) == (row.start, row.due)
        assert isinstance(progress, int) and progress == row.progress
        assert (milestone == "Yes") == row.milestone
        edges.extend(PlanEdge(pred, key, kind, lag) for pred, kind, lag in parse_links(depends))
    assert sorted(edges, key=repr) == sorted(plan.edges, key=repr)


def test_command_line_writes_the_spreadsheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "small.xlsx"
    assert main(["--workstreams", "40", "--dependencies", "50", "--seed", "5", "--xlsx", str(out)]) == 0
    assert "40 workstreams, 50 dependencies" in capsys.readouterr().out
    workbook = load_workbook(out, read_only=True)
    assert sum(1 for _ in workbook.worksheets[0].iter_rows()) == 41
    workbook.close()


def test_write_migration_imports_the_whole_plan(tmp_path: Path) -> None:
    pytest.importorskip("migrator.services.plan_import")
    from benchmarks.generate import write_migration
    from migrator.services import MigrationService

    plan = generate_plan(60, seed=11)
    path = write_migration(plan, tmp_path / "plan.migrator")
    with MigrationService.open(path) as service:
        workstreams = service.workstreams()
        links = service.dependencies()
        teams = service.teams()
    assert sorted(ws.key for ws in workstreams) == sorted(row.key for row in plan.rows)
    assert all(ws.team_code == team_of(ws.key) for ws in workstreams)
    assert len(teams) == len({row.team for row in plan.rows})
    assert sorted((d.predecessor_key, d.successor_key, d.type.value, d.lag) for d in links) == sorted(
        (e.predecessor, e.successor, e.type, e.lag) for e in plan.edges
    )


def test_chains_are_back_to_back_steps_each_linked_to_the_next() -> None:
    plan = generate_plan(300, seed=7, chain=40)
    assert len(plan.rows) == 300 and len(plan.edges) == 600
    order = {row.key: index for index, row in enumerate(plan.rows)}
    rows = {row.key: row for row in plan.rows}
    assert all(order[edge.predecessor] < order[edge.successor] for edge in plan.edges)
    assert len({(edge.predecessor, edge.successor) for edge in plan.edges}) == 600
    # The chains' links come first: 300 - 8 chains = 292, each from a step to the next.
    steps = plan.edges[:292]
    assert all(edge.type == "FS" and edge.lag == 0 for edge in steps)
    for edge in steps:
        before, after = rows[edge.predecessor], rows[edge.successor]
        next_day = before.due + timedelta(days=3 if before.due.weekday() == 4 else 1)
        assert after.start == next_day, edge
    firsts = {row.key for row in plan.rows} - {edge.successor for edge in steps}
    assert len(firsts) == 8  # chains of 40, 40, ..., and one of 20
    assert generate_plan(300, seed=7, chain=40) == plan
    assert generate_plan(300, seed=7) != plan


def test_chains_need_their_links() -> None:
    with pytest.raises(ValueError, match="need at least 90 links"):
        generate_plan(100, 89, chain=10)
    with pytest.raises(ValueError, match="at least one workstream"):
        generate_plan(100, chain=0)
    assert len(generate_plan(100, 90, chain=10).edges) == 90


def test_command_line_writes_chains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "chains.xlsx"
    assert main(["--workstreams", "30", "--chain-length", "10", "--xlsx", str(out)]) == 0
    assert "30 workstreams, 60 dependencies" in capsys.readouterr().out
