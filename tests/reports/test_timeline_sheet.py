"""The Timeline sheet as a stakeholder reads it: bars by week, written alone and read back.

The bars are conditional formatting, so the tests work them out the way a spreadsheet does:
each rule's formula is evaluated for a cell (its references moved from the range's first
cell to that cell), and the first rule that holds gives the cell its colour.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from migrator.analysis.results import HealthLevel
from migrator.domain.model import Status
from migrator.reports import timeline
from migrator.reports.book import BAND_FILL, ReportBook
from migrator.reports.content import Audience, ReportContent
from tests.reports.conftest import AS_OF, DemoReports

FIRST_WEEK = timeline.FIRST_WEEK  # column number of the first week
MONTHS_SHOWN = [(2026, "Nov"), (2026, "Dec")] + [
    (2027, month) for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep")
]
COLOURS = {
    timeline.PLANNED_FILL: "planned",
    timeline.SLIP_FILL: "slip",
    timeline.DONE_FILL: "done",
    timeline.NOW_TINT: "now",
}


def written(content: ReportContent, folder: Path) -> Worksheet:
    """The sheet written alone into a workbook, saved and opened again."""
    book = ReportBook()
    timeline.write(book, content, lambda fraction: None)
    book.save(folder / "timeline.xlsx")
    found: Worksheet = load_workbook(folder / "timeline.xlsx")[timeline.TITLE]
    return found


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_of(ws: Worksheet) -> list[date]:
    return [cell.value.date() for cell in ws[2][FIRST_WEEK - 1 :]]


def rows_by_key(ws: Worksheet) -> dict[str, int]:
    return {row[0].value: row[0].row for row in ws.iter_rows(min_row=3) if not is_band(row)}


def is_band(row: tuple[Any, ...]) -> bool:
    return str(row[0].fill.fgColor.rgb).endswith(BAND_FILL)


# ---------------------------------------------------------------- the bars, as a spreadsheet shows them


class Blank(int):
    """An empty cell: 0 in arithmetic, but not a number to ISNUMBER."""


_REFERENCE = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")
_FUNCTIONS = {
    "AND": lambda *parts: all(parts),
    "ISNUMBER": lambda value: isinstance(value, int) and not isinstance(value, Blank),
    "MAX": max,
    "DATE": lambda year, month, day: date(year, month, day).toordinal(),
}


def holds(formula: str, ws: Worksheet, row: int, column: int, origin: tuple[int, int]) -> bool:
    """Whether a rule written for the cell at ``origin`` (row, column) holds at (row, column)."""

    def moved(match: re.Match[str]) -> str:
        fixed_column, letters, fixed_row, digits = match.groups()
        at_column = column_index_from_string(letters) + (0 if fixed_column else column - origin[1])
        at_row = int(digits) + (0 if fixed_row else row - origin[0])
        return f"_value({at_row},{at_column})"

    def value(at_row: int, at_column: int) -> Any:
        found = ws.cell(at_row, at_column).value
        if found is None:
            return Blank(0)
        return found.date().toordinal() if isinstance(found, datetime) else found

    expression = _REFERENCE.sub(moved, formula)
    expression = re.sub(r"(?<![<>!])=", "==", expression.replace("<>", "!="))
    return bool(eval(expression, {"__builtins__": {}}, {**_FUNCTIONS, "_value": value}))


def bar(ws: Worksheet, row: int) -> dict[date, str]:
    """What each week of a row shows: planned, slip, done, the as-of week's tint or nothing."""
    weeks = weeks_of(ws)
    ranges = [
        cf
        for cf in ws.conditional_formatting
        if str(cf.sqref).startswith(f"{ws.cell(3, FIRST_WEEK).coordinate}:")
    ]
    rules = sorted((rule for cf in ranges for rule in cf.rules), key=lambda rule: rule.priority)
    shown: dict[date, str] = {}
    for offset, week in enumerate(weeks):
        column = FIRST_WEEK + offset
        rule = next(
            (rule for rule in rules if holds(rule.formula[0], ws, row, column, (3, FIRST_WEEK))), None
        )
        if rule is not None:  # a rule without a fill is the milestone's ◆, standing on its own
            shown[week] = "milestone" if rule.dxf.fill is None else COLOURS[rule.dxf.fill.bgColor.rgb[-6:]]
    return shown


def weeks_between(first: date, last: date) -> list[date]:
    return [
        monday(first) + timedelta(days=7 * n) for n in range((monday(last) - monday(first)).days // 7 + 1)
    ]


@pytest.fixture(scope="module")
def sheet(demo_reports: DemoReports, tmp_path_factory: pytest.TempPathFactory) -> Worksheet:
    return written(demo_reports.content, tmp_path_factory.mktemp("timeline"))


def test_the_week_columns_are_mondays_spanning_the_plan(sheet: Worksheet, demo_reports: DemoReports) -> None:
    state = demo_reports.current
    weeks = weeks_of(sheet)
    assert all(week.weekday() == 0 for week in weeks)
    assert all(later - earlier == timedelta(days=7) for earlier, later in pairwise(weeks))
    starts = [w.planned_start for w in state.workstreams if w.planned_start]
    ends = [w.forecast_finish for w in state.workstreams if w.forecast_finish]
    assert state.target_go_live is not None
    assert weeks[0] == monday(min(starts)) == date(2026, 11, 16)
    assert weeks[-1] == monday(max([*ends, state.target_go_live])) + timedelta(days=7) == date(2027, 9, 27)
    assert sheet.cell(2, FIRST_WEEK).number_format == "d"


def test_month_names_head_each_months_first_week(sheet: Worksheet) -> None:
    months = {
        cell.value: sheet.cell(2, cell.column).value.date()
        for cell in sheet[1][FIRST_WEEK - 1 :]
        if cell.value
    }
    assert months["Mar 2027"] == date(2027, 3, 1) and months["Apr 2027"] == date(2027, 4, 5)
    assert list(months) == [f"{month} {year}" for year, month in MONTHS_SHOWN]


def test_the_headers_and_the_as_of_week_stand_out(sheet: Worksheet) -> None:
    assert [cell.value for cell in sheet[2][: FIRST_WEEK - 1]] == [
        column.header for column in timeline.COLUMNS
    ]
    assert sheet["A1"].value == "As of 1 Mar 2027"
    now = next(cell for cell in sheet[2][FIRST_WEEK - 1 :] if cell.value.date() == AS_OF)
    assert now.fill.fgColor.rgb.endswith(timeline.NOW_HEADER)
    assert bar(sheet, rows_by_key(sheet)["BNK-8"])[AS_OF] == "now"  # the week's column is tinted too


def test_one_row_per_open_or_done_workstream_grouped_by_team(
    sheet: Worksheet, demo_reports: DemoReports
) -> None:
    state = demo_reports.current
    bands, keys = [], []
    for row in sheet.iter_rows(min_row=3):
        if is_band(row):
            bands.append(row[0].value)
            assert sheet.row_dimensions[row[0].row].outlineLevel == 0
        else:
            keys.append(row[0].value)
            assert sheet.row_dimensions[row[0].row].outlineLevel == 1
    assert keys == [w.key for w in state.workstreams if w.status is not Status.CANCELLED]
    assert [band.split(" (")[0] for band in bands] == [team.name for team in state.teams]


def test_a_late_workstream_shows_its_plan_then_its_slip(sheet: Worksheet, demo_reports: DemoReports) -> None:
    late = next(
        w for w in demo_reports.current.workstreams if w.key == "BNK-5"
    )  # blocked: due 18 Mar, forecast 12 Apr
    assert late.planned_start and late.planned_due and late.forecast_finish
    shown = bar(sheet, rows_by_key(sheet)["BNK-5"])
    planned = weeks_between(late.planned_start, late.planned_due)
    slipped = [
        week for week in weeks_between(late.planned_due, late.forecast_finish) if week > late.planned_due
    ]
    assert [week for week, kind in shown.items() if kind == "planned"] == planned
    assert (
        [week for week, kind in shown.items() if kind == "slip"]
        == slipped
        == weeks_between(date(2027, 3, 22), date(2027, 4, 12))
    )


def test_done_work_is_grey_and_open_work_is_not(sheet: Worksheet, demo_reports: DemoReports) -> None:
    rows = rows_by_key(sheet)
    for w in demo_reports.current.workstreams:
        kinds = set(bar(sheet, rows[w.key]).values()) - {"now"}
        if w.is_milestone:
            assert kinds == {"milestone"}, w.key  # the ◆ alone, no bar behind it
        elif w.status is Status.DONE:
            assert kinds == {"done"}, w.key
        elif w.status is not Status.CANCELLED:
            assert kinds and "done" not in kinds, w.key


def test_a_milestone_is_a_diamond_in_its_forecast_week(sheet: Worksheet, demo_reports: DemoReports) -> None:
    weeks = weeks_of(sheet)
    rows = rows_by_key(sheet)
    milestones = [w for w in demo_reports.current.workstreams if w.is_milestone]
    assert len(milestones) == 5
    for w in milestones:
        assert w.forecast_finish is not None
        marks = [
            cell for cell in sheet[rows[w.key]][FIRST_WEEK - 1 :] if cell.value == timeline.MILESTONE_MARK
        ]
        assert len(marks) == 1 and weeks[marks[0].column - FIRST_WEEK] == monday(w.forecast_finish)


def test_cancelled_work_is_left_out(demo_reports: DemoReports, tmp_path: Path) -> None:
    state = demo_reports.current
    cancelled = dataclasses.replace(
        next(w for w in state.workstreams if w.key == "OPS-8"),
        status=Status.CANCELLED,
        health=HealthLevel.CANCELLED,
        forecast_start=None,
        forecast_finish=None,
        total_float=None,
    )
    changed = tuple(cancelled if w.key == "OPS-8" else w for w in state.workstreams)
    content = dataclasses.replace(demo_reports.content, state=dataclasses.replace(state, workstreams=changed))
    ws = written(content, tmp_path)
    assert "OPS-8" not in rows_by_key(ws) and "OPS-9" in rows_by_key(ws)
    band = next(row[0].value for row in ws.iter_rows(min_row=3) if is_band(row) and "(OPS)" in row[0].value)
    assert band.endswith("· 10 workstreams")


def test_the_team_timeline_shows_only_its_work(demo_reports: DemoReports, tmp_path: Path) -> None:
    ws = written(demo_reports.for_audience(Audience.TEAM, "SUP"), tmp_path)
    assert set(rows_by_key(ws)) == {w.key for w in demo_reports.current.workstreams if w.team_code == "SUP"}
    assert weeks_of(ws)[0] == monday(
        min(
            w.planned_start
            for w in demo_reports.current.workstreams
            if w.team_code == "SUP" and w.planned_start
        )
    )


def test_the_chart_freezes_its_names_and_prints_on_one_page_width(sheet: Worksheet) -> None:
    assert sheet.freeze_panes == "C3"
    assert sheet.print_title_rows.replace("$", "") == "1:2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.auto_filter.ref == f"A2:F{sheet.max_row}"
    assert all(sheet.column_dimensions[cell.column_letter].width < 4 for cell in sheet[2][FIRST_WEEK - 1 :])
