"""The Workstreams sheet as a stakeholder reads it: the demo's workstreams, written alone and read back."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from migrator.domain.model import Status
from migrator.reports import dependencies, timeline, workstreams
from migrator.reports.book import BAND_FILL, DATE_FORMAT, DATE_TIME_FORMAT, HEALTH_COLOURS, ReportBook
from migrator.reports.content import Audience, ReportContent
from migrator.reports.sheet_parts import PROGRESS_BAR
from migrator.reports.text_fit import row_height
from tests.reports.conftest import DemoReports

HEADERS = [column.header for column in workstreams.COLUMNS]
KEY, TEAM, TITLE, OWNER, STATUS, HEALTH, WHY = range(7)
START, DUE, FORECAST, FLOAT, CRITICAL, PROGRESS, BASELINE, VARIANCE, UPDATED = range(7, 16)


def written(
    content: ReportContent, folder: Path, sheet: ModuleType = workstreams, ticks: list[float] | None = None
) -> Worksheet:
    """The sheet written alone into a workbook, saved and opened again."""
    book = ReportBook()
    sheet.write(book, content, (ticks if ticks is not None else []).append)
    path = folder / f"{sheet.TITLE}.xlsx"
    book.save(path)
    found: Worksheet = load_workbook(path)[sheet.TITLE]
    return found


def is_band(row: tuple[Any, ...]) -> bool:
    return str(row[KEY].fill.fgColor.rgb).endswith(BAND_FILL)


def detail_rows(ws: Worksheet) -> dict[str, tuple[Any, ...]]:
    return {row[KEY].value: row for row in ws.iter_rows(min_row=2) if not is_band(row)}


def rules_on(ws: Worksheet, column: int) -> list[Any]:
    """The conditional formatting rules whose range covers the whole of a (0-based) column's data."""
    letter = chr(ord("A") + column)
    ranges = {f"{letter}2:{letter}{ws.max_row}"}
    return [rule for cf in ws.conditional_formatting if str(cf.sqref) in ranges for rule in cf.rules]


def colour_of(rules: list[Any], label: str) -> tuple[str, str]:
    """The (fill, text) colours the rules give ``label``."""
    rule = next(rule for rule in rules if rule.formula == [f'"{label}"'])
    return rule.dxf.fill.bgColor.rgb[-6:], rule.dxf.font.color.rgb[-6:]


@pytest.fixture(scope="module")
def sheet(demo_reports: DemoReports, tmp_path_factory: pytest.TempPathFactory) -> Worksheet:
    return written(demo_reports.content, tmp_path_factory.mktemp("workstreams"))


def test_the_header_row_names_every_column(sheet: Worksheet) -> None:
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_every_workstream_appears_once_with_its_forecast_float_health_and_progress(
    sheet: Worksheet, demo_reports: DemoReports
) -> None:
    state = demo_reports.current
    rows = detail_rows(sheet)
    assert len(rows) == len(state.workstreams) == 88
    for w in state.workstreams:
        row = rows[w.key]
        assert row[TEAM].value == w.team_code
        assert row[STATUS].value == w.status.label
        assert row[HEALTH].value == w.health.value.capitalize()
        assert row[WHY].value == ("\n".join(w.health_reasons) or None)
        assert _day(row[FORECAST].value) == w.forecast_finish
        assert _day(row[DUE].value) == w.planned_due
        assert row[FLOAT].value == w.total_float
        assert row[PROGRESS].value == (None if w.is_milestone else w.progress)
        assert row[VARIANCE].value == w.baseline_variance


def test_rows_are_grouped_under_a_band_per_team_in_the_plans_team_order(
    sheet: Worksheet, demo_reports: DemoReports
) -> None:
    bands: list[str] = []
    for row in sheet.iter_rows(min_row=2):
        if is_band(row):
            bands.append(row[TEAM].value)
            assert sheet.row_dimensions[row[0].row].outlineLevel == 0
            assert "workstreams" in row[TITLE].value
        else:
            assert row[TEAM].value == bands[-1]  # under its own team's band
            assert sheet.row_dimensions[row[0].row].outlineLevel == 1  # the band folds it away
    assert bands == [team.code for team in demo_reports.current.teams]
    band = next(row for row in sheet.iter_rows(min_row=2) if is_band(row))
    bank = demo_reports.current.team("BNK")
    assert bank is not None and band[TEAM].value == "BNK"
    assert band[TITLE].value == "Banking & Payments (BNK) · lead Mateo García · 12 workstreams"
    assert band[HEALTH].value == bank.health.value.capitalize()
    assert sheet.sheet_properties.outlinePr.summaryBelow is False  # the band sits above its rows


def test_dates_show_as_dates(sheet: Worksheet) -> None:
    row = detail_rows(sheet)["BNK-5"]
    for column in (START, DUE, FORECAST, BASELINE):
        assert isinstance(row[column].value, datetime) and row[column].number_format == DATE_FORMAT
    assert row[UPDATED].number_format == DATE_TIME_FORMAT


def test_milestones_and_the_critical_path_are_marked(sheet: Worksheet, demo_reports: DemoReports) -> None:
    rows = detail_rows(sheet)
    for w in demo_reports.current.workstreams:
        assert rows[w.key][TITLE].value.startswith("◆ ") == w.is_milestone
        assert (rows[w.key][CRITICAL].value == "Yes") == w.critical
    assert any(w.critical for w in demo_reports.current.workstreams)


def test_a_row_is_tall_enough_for_its_reasons(sheet: Worksheet) -> None:
    blocked = detail_rows(sheet)["BNK-5"]  # blocked, with two long reasons
    height = sheet.row_dimensions[blocked[0].row].height
    assert height is not None and height >= row_height(4)
    assert blocked[WHY].alignment.wrap_text and blocked[STATUS].alignment.vertical == "top"


def test_health_and_blocked_status_are_coloured_by_conditional_formatting(sheet: Worksheet) -> None:
    health = rules_on(sheet, HEALTH)
    for level, colours in HEALTH_COLOURS.items():
        assert colour_of(health, level.capitalize()) == colours
    assert colour_of(rules_on(sheet, STATUS), "Blocked") == HEALTH_COLOURS["red"]


def test_progress_is_a_data_bar(sheet: Worksheet) -> None:
    (bar,) = [rule for rule in rules_on(sheet, PROGRESS) if rule.type == "dataBar"]
    assert bar.dataBar.color.rgb.endswith(PROGRESS_BAR)
    assert [(v.type, v.val) for v in bar.dataBar.cfvo] == [("num", 0), ("num", 100)]


def test_the_table_filters_freezes_and_prints_with_its_header(sheet: Worksheet) -> None:
    assert sheet.auto_filter.ref == f"A1:P{sheet.max_row}"
    assert sheet.freeze_panes == "B2"
    assert sheet.print_title_rows.replace("$", "") == "1:1"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1


def test_the_team_report_shows_only_that_teams_workstreams(demo_reports: DemoReports, tmp_path: Path) -> None:
    ws = written(demo_reports.for_audience(Audience.TEAM, "OPS"), tmp_path)
    bands = [row for row in ws.iter_rows(min_row=2) if is_band(row)]
    assert [band[TEAM].value for band in bands] == ["OPS"]
    expected = {w.key for w in demo_reports.current.workstreams if w.team_code == "OPS"}
    assert set(detail_rows(ws)) == expected and len(expected) == 11


def test_progress_is_reported_as_the_rows_go_out(demo_reports: DemoReports, tmp_path: Path) -> None:
    state = demo_reports.current
    many = tuple(
        dataclasses.replace(w, id=w.id + 1000 * copy, key=f"{w.key}{copy}")
        for copy in range(30)
        for w in state.workstreams
    )
    content = dataclasses.replace(demo_reports.content, state=dataclasses.replace(state, workstreams=many))
    ticks: list[float] = []
    written(content, tmp_path, ticks=ticks)
    assert len(ticks) >= 2 and ticks == sorted(ticks) and ticks[-1] == 1.0


# ---------------------------------------------------------------- text stays text


FORMULA = '=HYPERLINK("http://x","y")'
OWNER_TEXT = "+1 Ops desk"


def with_formula_title(demo_reports: DemoReports) -> ReportContent:
    """The plan with a cross-team provider's title that a spreadsheet would read as a formula."""
    state = demo_reports.current
    key = next(link.predecessor for link in state.links if link.cross_team)
    target = next(w for w in state.workstreams if w.key == key)
    assert target.status is not Status.CANCELLED and not target.is_milestone  # shown plain in every sheet
    changed = tuple(
        dataclasses.replace(w, title=FORMULA, owner=OWNER_TEXT) if w.key == key else w
        for w in state.workstreams
    )
    return dataclasses.replace(demo_reports.content, state=dataclasses.replace(state, workstreams=changed))


@pytest.mark.parametrize("sheet_module", [workstreams, dependencies, timeline], ids=lambda m: m.TITLE)
def test_plan_text_that_looks_like_a_formula_stays_text(
    sheet_module: ModuleType, demo_reports: DemoReports, tmp_path: Path
) -> None:
    content = with_formula_title(demo_reports)
    ws = written(content, tmp_path, sheet_module)
    texts = [cell for row in ws.iter_rows() for cell in row if cell.value in (FORMULA, OWNER_TEXT)]
    assert FORMULA in {cell.value for cell in texts}  # the title is in the sheet, as it was typed
    for cell in texts:
        assert cell.data_type == "s" and cell.quotePrefix  # and stays text when someone edits it
    with zipfile.ZipFile(tmp_path / f"{sheet_module.TITLE}.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml  # no cell in the sheet is a formula


def _day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value
