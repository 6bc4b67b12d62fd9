"""The window benchmark runs end to end offscreen and prints every figure with its ratio."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from benchmarks.bench_analysis import plan_as_of
from benchmarks.bench_window import dispose, launch, main, profile_steps
from benchmarks.generate import generate_plan, write_migration

FIGURE = r"\d+\.\d+ (s|ms)"
RATIO = re.compile(rf"\s{FIGURE}\s+(\d+\.\d+x|\d+%)(\s|$)")
GOAL = re.compile(r"goal <= \d+ (s|ms): (PASS|ABOVE GOAL)(; <= 4x: (PASS|ABOVE GOAL))?")


def test_main_prints_every_row_with_a_figure_and_ratio(
    qapp: QApplication, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--workstreams", "300", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "300 workstreams, 600 dependencies" in out
    lines = out.splitlines()
    goals = {
        "bare QMainWindow, empty QTableView": False,
        "MainWindow + open_file + show": True,
        "bare window: import PySide6, show, paint": False,
        "import migrator.ui.main_window, open, show, paint": True,
        "ascending, from plan order": True,
        "descending, after ascending": True,
        "first keystroke since opening": True,
        "slowest keystroke": True,
        "median keystroke": False,
        "table sorted by due date": True,
        "table in plan order": False,
    }
    for label, has_goal in goals.items():
        found = [line for line in lines if line.lstrip().startswith(label)]
        assert len(found) == 1, f"no row {label!r} in:\n{out}"
        assert RATIO.search(found[0]), found[0]
        assert bool(GOAL.search(found[0])) == has_goal, found[0]
    parts = {
        "import PySide6, QApplication": 2,  # in each fresh process
        "bare window shown and painted": 1,
        "import migrator.ui.main_window  ": 1,
        "MainWindow + open_file  ": 1,
        "show, until the analysed table has painted": 1,
        "MainWindow()": 1,
        "open_file: read the plan": 1,
        "show(), until the analysis arrives": 1,
        "until the table has painted with it": 1,
        "service write": 2,  # the edit with the table sorted, and in plan order
        "plan patched, table and details": 2,
        "analysis in the worker": 2,
        "the window takes it": 2,
        "repaint": 2,
    }
    for part, count in parts.items():
        found = [line for line in lines if line.lstrip().startswith(part) and RATIO.search(line)]
        assert len(found) == count, f"{part!r} in:\n{out}"
    status = next(line for line in lines if line.startswith("Status bar after the edits: "))
    assert re.search(r"Go-live .+; ● \d+ red, ● \d+ amber", status)
    assert "cProfile" not in out


def test_profile_of_each_step(qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = generate_plan(100, seed=2)
    path = write_migration(plan, tmp_path / "plan.migrator")
    as_of = plan_as_of(plan)
    opened, _ = launch(path, tmp_path / "window.ini", as_of)
    try:
        missed = {"launch": 2.0, "cold launch": 1.1, "sort": 1.5, "filter": 3.0, "edit": 1.2}
        profile_steps(opened, missed, path, tmp_path, as_of)
    finally:
        dispose(opened.window)
    out = capsys.readouterr().out
    for step in ("launch", "sort", "filter", "edit"):
        assert f"cProfile of the {step} step" in out
    assert "workstream_table_model.py" in out
    assert "The analysis itself runs in a worker thread" in out
    assert "engine.py" in out
    imports = out.split("The slowest imports of a fresh launch")[1]
    assert re.search(r"\d+\.\d ms +migrator\.ui\.main_window", imports)
