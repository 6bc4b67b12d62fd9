"""The explanations benchmark runs end to end on short and long chains, and its baseline's JSON
holds what the bare forward pass found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks.bench_analysis import plan_as_of
from benchmarks.bench_explain import (
    analyze_json,
    analyze_json_without_reasons,
    main,
    push_chains,
    raw_analyze,
)
from benchmarks.generate import generate_plan, write_migration

RATIO = re.compile(r"\s(\d+(?:\.\d+)?)x(\s|$)")


def test_main_measures_each_chain_length_against_its_baselines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--workstreams", "120", "--runs", "1", "--chain-lengths", "3,40", "--keep", str(tmp_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    for length in (3, 40):
        assert f"Chains of {length}: 120 workstreams, 240 dependencies" in out
    lines = out.splitlines()
    for label, goal in (
        ("raw sqlite3 read, bare forward pass, json.dumps", None),
        ("migrator analyze --json (every reason written)", r"goal <= 2\.5x: (PASS|ABOVE GOAL)"),
        ("the same with every reason left out", r"the floor for any faster explanation"),
        ("every reason's own cost (the difference)", r"goal <= 1\.0x: (PASS|ABOVE GOAL)"),
        ("raw openpyxl write-only dump of the export's values", None),
        ("export_report (read, analyse, compare, write, snapshot)", r"goal <= 1\.3x: (PASS|ABOVE GOAL)"),
    ):
        found = [line for line in lines if line.lstrip().startswith(label)]
        assert len(found) == 2, f"{label!r} once per chain length in:\n{out}"
        assert all(RATIO.search(line) for line in found), found
        assert goal is None or all(re.search(goal, line) for line in found), found
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "chains-3-120-240-1.migrator",
        "chains-40-120-240-1.migrator",
    ]
    assert main([*argv, "--no-export", "--profile"]) == 0  # the kept plans, reused
    again = capsys.readouterr().out
    assert "export_report" not in again and "Chains of 40: 120 workstreams" in again
    for step in (
        "opening and checking the file",
        "reading the plan, scheduling, judging health",
        "every result with its reasons, as JSON rows",
        "the JSON text",
        "escaping control characters for the terminal",
        "freeing the analysis",
    ):
        assert len(re.findall(rf"^  {step} +\d+\.\d{{3}} s$", again, re.MULTILINE)) == 2, step


def test_bad_chain_lengths_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["--chain-lengths", "0"],
        ["--chain-lengths", "ten"],
        ["--workstreams", "9", "--dependencies", "3"],
    ):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 2, argv
    assert "chain length" in capsys.readouterr().err


def test_the_baseline_dumps_the_bare_forward_pass(tmp_path: Path) -> None:
    plan = generate_plan(60, seed=5, chain=20)
    path = write_migration(plan, tmp_path / "plan.migrator")
    rows = json.loads(raw_analyze(path))["workstreams"]
    assert sorted(row["key"] for row in rows) == sorted(row.key for row in plan.rows)
    assert all(row["forecast_start"] <= row["forecast_finish"] for row in rows)
    by_key = {row["key"]: row for row in rows}
    tasks = {row.key for row in plan.rows if not row.milestone}
    for edge in (e for e in plan.edges if e.type == "FS" and not e.lag):
        start, finish = by_key[edge.successor]["forecast_start"], by_key[edge.predecessor]["forecast_finish"]
        # After a task, the day after it ends; after a milestone, its day will do.
        assert start > finish if edge.predecessor in tasks else start >= finish, edge


def test_the_floor_leaves_out_only_the_reasons(tmp_path: Path) -> None:
    plan = generate_plan(80, seed=3, chain=20)
    path = write_migration(plan, tmp_path / "plan.migrator")
    as_of = plan_as_of(plan)
    without = json.loads(analyze_json_without_reasons(path, as_of))["workstreams"]
    full = json.loads(analyze_json(path, as_of))["workstreams"]  # the reasons are back afterwards
    assert [row["health_reasons"] for row in without] == [[]] * 80
    assert sum(1 for row in full if row["health_reasons"]) >= 5, full
    strip = [{**row, "health_reasons": []} for row in full]
    assert without == strip  # colours, dates and float exactly as with the reasons


def test_push_chains_follow_the_reasons() -> None:
    def row(key: str, *reasons: str) -> dict[str, object]:
        return {"key": key, "health_reasons": list(reasons)}

    printed = json.dumps(
        {
            "workstreams": [
                row("A-1"),
                row("A-2", "Forecast to finish Mon 1 Mar 2027, 1 working day after …, pushed by A-1 (Core)"),
                row(
                    "A-3",
                    "Overdue",
                    "… 2 working days after …, pushed by A-2 (Core), which waits on A-1 (Core)",
                ),
                row("B-1", "… pushed by A-1 (Core)"),
            ]
        }
    )
    assert push_chains(printed) == (2, 2)  # B-1's reason has no ", pushed by ": not counted
