"""The report benchmark runs end to end and its baseline writes the very values the export wrote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from benchmarks.bench_report import Sheets, main, raw_dump, read_values

RATIO = re.compile(r"\s(\d+(?:\.\d+)?)x(\s|$)")


def test_main_prints_each_measure_with_a_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workstreams", "200", "--runs", "1", "--no-memory"]) == 0
    out = capsys.readouterr().out
    assert "200 workstreams, 400 dependencies" in out
    assert "with 20 RAID items (60 links)" in out and "Writing RAID" in out
    for label in ("raw openpyxl write-only dump", "export_report (read, analyse", "workbook size"):
        line = next(line for line in out.splitlines() if label in line)
        assert RATIO.search(line), line
    assert re.search(r"goal <= 1\.3x: (PASS|ABOVE GOAL)", out)


def test_the_raw_dump_holds_the_same_values(tmp_path: Path) -> None:
    sheets = Sheets(["A", "B"], [[("Key", "Due"), ("K-1", 3)], [("x",), (None, 2.5)]])
    raw_dump(sheets, tmp_path / "raw.xlsx")
    again = read_values(tmp_path / "raw.xlsx")
    assert again.names == ["A", "B"] and again.rows == sheets.rows and again.cells == sheets.cells == 6
    assert load_workbook(tmp_path / "raw.xlsx")["A"]["B2"].value == 3


def test_main_runs_on_a_plan_of_long_chains(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workstreams", "200", "--runs", "1", "--no-memory", "--chain-length", "100"]) == 0
    assert "200 workstreams, 400 dependencies" in capsys.readouterr().out
