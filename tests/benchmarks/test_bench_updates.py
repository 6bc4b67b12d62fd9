"""The status collection benchmark runs end to end, tiny, and prints each measure with its ratio."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.bench_updates import fill_in_a_share, raw_read
from benchmarks.bench_updates import main as bench_main
from migrator.domain.update_form import FIRST_ROW, UPDATES_SHEET

RATIO = re.compile(r"\s(\d+(?:\.\d+)?)x(\s|$)")


def test_main_prints_both_measures_against_their_baselines(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_main(["--workstreams", "200", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "200 workstreams, 400 dependencies, 20 teams" in out
    assert re.search(r"Writing all requests: 20 workbooks, \d+ rows", out)
    assert re.search(r"Collecting 20 returned workbooks, \d+ rows changed \(30%\)", out)
    for label in (
        "raw openpyxl write-only dump of the same cells",
        "request_updates (read, analyse, record, write, drafts)",
        "openpyxl read-only through every cell",
        "collect_updates until the review is ready",
    ):
        line = next(line for line in out.splitlines() if label in line)
        assert RATIO.search(line), line
    assert re.search(r"goal <= 1\.3x: (PASS|ABOVE GOAL)", out)
    assert re.search(r"goal <= 2\.0x: (PASS|ABOVE GOAL)", out)
    assert re.search(r"the review: [1-9][\d,]* field updates, [1-9][\d,]* comments, 0 problem lines", out)


def test_a_team_lead_changes_about_a_third_of_the_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = UPDATES_SHEET
    headings = ("Key", "New status", "Progress %", "New due", "Comment for the report")
    for column, heading in enumerate(headings, start=1):
        sheet.cell(FIRST_ROW - 1, column, heading)
    for row in range(FIRST_ROW, FIRST_ROW + 10):
        sheet.cell(row, 1, f"K-{row}")
        sheet.cell(row, 3, 10)
    book.save(tmp_path / "sent.xlsx")

    assert fill_in_a_share(tmp_path / "sent.xlsx", tmp_path / "back.xlsx", 0.3, 0) == 4
    comments = [
        r[4]
        for r in load_workbook(tmp_path / "back.xlsx")[UPDATES_SHEET].iter_rows(
            min_row=FIRST_ROW, values_only=True
        )
    ]
    assert sum(1 for c in comments if c) == 4
    assert raw_read([tmp_path / "back.xlsx"]).counts == (14 * 5,)  # every cell from A1
