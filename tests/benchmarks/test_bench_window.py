"""The window benchmark runs end to end offscreen and prints every figure with its ratio."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from benchmarks.bench_analysis import plan_as_of
from benchmarks.bench_window import dispose, main, profile_steps, ready, slip_target
from benchmarks.generate import generate_plan, write_migration

FIGURE = r"\d+\.\d+ (s|ms)"
RATIO = re.compile(rf"\s{FIGURE}\s+(\d+\.\d+x|\d+%)(\s|$)")
GOAL = re.compile(r"goal <= \d+ (s|ms): (PASS|ABOVE GOAL)(; <= 4x: (PASS|ABOVE GOAL))?")
VIEW_ROWS = {  # the views' sections: each row's label, and whether it has a goal
    "Timeline tab: 300 workstreams in 10 teams": {
        "first show: built, laid out, painted": True,
        "slowest Page Down + repaint": True,
        "median Page Down + repaint": False,
        "slowest Ctrl+wheel zoom step + repaint": True,
        "median Ctrl+wheel zoom step + repaint": False,
    },
    "Network tab: 300 boxes, 600 links": {
        "first show: built, laid out, painted": True,
        "slowest pan of 120 px + repaint": True,
        "median pan of 120 px + repaint": False,
        "slowest Ctrl+wheel zoom step + repaint": True,
        "median Ctrl+wheel zoom step + repaint": False,
    },
    "What if ": {"slowest preview + repaint": True, "median preview + repaint": False},
    "Dashboard tab": {
        "first show: built, laid out, painted": False,
        "back to it after an edit in the table": False,
        "status edit with it on screen, until painted": False,
    },
}


def section(lines: list[str], title: str) -> list[str]:
    """The rows under the heading that starts with ``title``, up to the next heading."""
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return lines[start + 1 : end]


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
        "to Blocked, table sorted by due date": True,
        "to In progress, table sorted by due date": True,
        "to Blocked, table in plan order": False,
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
        "service write": 4,  # the edits with the table sorted (2), in plan order, on the dashboard
        "plan patched, table and details": 4,
        "analysis in the worker": 4,
        "the window takes it": 4,
        "repaint": 4,
        "built and laid out (setCurrentIndex)": 3,  # the timeline's, network's, dashboard's first show
        "until painted": 3,
    }
    for part, count in parts.items():
        found = [line for line in lines if line.lstrip().startswith(part) and RATIO.search(line)]
        assert len(found) == count, f"{part!r} in:\n{out}"
    for title, rows in VIEW_ROWS.items():
        found = section(lines, title)
        for label, has_goal in rows.items():
            row = next((line for line in found if line.lstrip().startswith(label)), None)
            assert row is not None, f"no row {label!r} under {title!r} in:\n{out}"
            assert RATIO.search(row), row
            assert bool(GOAL.search(row)) == has_goal, row
    preview = next(line for line in section(lines, "What if ") if "slowest preview" in line)
    assert re.search(r"working days?, \d+ moved", preview)  # the slip that was slowest, and its reach
    status = next(line for line in lines if line.startswith("Status bar after the edits: "))
    assert re.search(r"Go-live .+; ● \d+ red, ● \d+ amber", status)
    assert "cProfile" not in out


def test_profile_of_each_step(qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = generate_plan(100, seed=2)
    path = write_migration(plan, tmp_path / "plan.migrator")
    as_of = plan_as_of(plan)
    opened = ready(path, tmp_path / "window.ini", as_of)
    views = ("timeline build", "timeline scroll", "timeline zoom", "network build", "network pan")
    try:
        missed = {"launch": 2.0, "cold launch": 1.1, "sort": 1.5, "filter": 3.0, "edit": 1.2}
        missed |= dict.fromkeys((*views, "network zoom", "what-if"), 1.1)
        profile_steps(opened, missed, path, tmp_path, as_of, slip_target(plan, opened.document)[0])
    finally:
        dispose(opened.window)
    out = capsys.readouterr().out
    for step in ("launch", "sort", "filter", "edit", *views, "network zoom", "what-if"):
        assert f"cProfile of the {step} step" in out
    for module in ("workstream_table_model.py", "timeline_view.py", "network_view.py", "what_if_dialog.py"):
        assert module in out
    assert "The analysis itself runs in a worker thread" in out
    assert "engine.py" in out
    imports = out.split("The slowest imports of a fresh launch")[1]
    assert re.search(r"\d+\.\d ms +migrator\.ui\.main_window", imports)
