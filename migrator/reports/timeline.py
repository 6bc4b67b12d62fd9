"""The Timeline sheet: a Gantt chart in cells, one row per workstream and one narrow column per week.

The bars are conditional formatting over the whole week range, read from each row's date
cells and each column's Monday in the header, not fills on single cells: the file stays as
small and fast to write as a plain table, and a date edited in the sheet moves its bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from migrator.analysis.plan_state import WorkstreamState
from migrator.domain.model import Status
from migrator.domain.wording import date_text, month_text
from migrator.reports.book import HEADER_FILL, INK, MUTED, Column, ReportBook, rule_fill, solid_fill
from migrator.reports.content import ReportContent
from migrator.reports.sheet_parts import (
    STATUS_LABELS,
    STYLES,
    RowStream,
    TeamGroup,
    band_row,
    table_setup,
    team_groups,
    total_rows,
)

TITLE = "Timeline"
MILESTONE_MARK = "◆"
WEEK_WIDTH = 3.7
HEADER_ROWS = 2  # month names over week Mondays

COLUMNS = (
    Column("Key", 9),
    Column("Workstream", 40),
    Column("Status", 11),
    Column("Start", 10),
    Column("Due", 10),
    Column("Forecast", 10),
)
STATUS, START, DUE, FORECAST = (get_column_letter(n) for n in (3, 4, 5, 6))
FIRST_WEEK = len(COLUMNS) + 1  # the first week's column number

PLANNED_FILL = "8FB1E3"
SLIP_FILL = "E8837A"
SLIP_TEXT = "B42318"  # a milestone forecast past its date
DONE_FILL = "C3C9D1"
NOW_TINT = "FFF1C9"
NOW_HEADER = "F2B530"

_CENTRE = Alignment(horizontal="center", vertical="center")
TIMELINE_STYLES: dict[str, dict[str, Any]] = {
    "month": {
        "font": Font(name="Calibri", size=10, bold=True, color="FFFFFF"),
        "fill": solid_fill(HEADER_FILL),
        "alignment": Alignment(horizontal="left", vertical="center"),
    },
    "week": {
        "font": Font(name="Calibri", size=8, color="FFFFFF"),
        "fill": solid_fill(HEADER_FILL),
        "alignment": _CENTRE,
        "number_format": "d",
    },
    "week_now": {
        "font": Font(name="Calibri", size=8, bold=True, color=INK),
        "fill": solid_fill(NOW_HEADER),
        "alignment": _CENTRE,
        "number_format": "d",
    },
    "milestone": {"font": Font(name="Calibri", size=10, bold=True, color=INK), "alignment": _CENTRE},
} | {
    f"legend_{name}": {
        "font": Font(name="Calibri", size=9, bold=True, color=INK),
        "fill": solid_fill(colour),
        "alignment": _CENTRE,
    }
    for name, colour in (
        ("planned", PLANNED_FILL),
        ("slip", SLIP_FILL),
        ("done", DONE_FILL),
        ("milestone", "FFFFFF"),
    )
}


def write(book: ReportBook, content: ReportContent, tick: Callable[[float], None]) -> None:
    """Write the chart: a band per team, then a bar per workstream (cancelled work is left out)."""
    book.define_styles(STYLES | TIMELINE_STYLES)
    groups = team_groups(content, lambda w: w.status is not Status.CANCELLED)
    weeks = week_mondays(content, groups)
    bands, details = total_rows(groups)
    last_row = HEADER_ROWS + bands + details
    width = len(COLUMNS) + len(weeks)
    columns = (*COLUMNS, *(Column("", WEEK_WIDTH) for _ in weeks))
    ws = book.sheet(TITLE, columns, landscape=True, fit_width=True)
    table_setup(ws, header_rows=HEADER_ROWS, columns=len(COLUMNS), last_row=last_row, freeze="C3")
    as_of_week = monday(content.state.as_of)
    _add_bars(ws, get_column_letter(width), last_row, as_of_week if as_of_week in weeks else None)

    stream = RowStream(ws, tick, details)
    stream.append(_legend_row(book, ws, content, weeks))
    stream.append(_header_row(book, ws, weeks, as_of_week))
    week_index = {week: n for n, week in enumerate(weeks)}
    cell = book.cell
    for group in groups:
        stream.append(band_row(book, ws, width, {0: group.band_text()}))
        for w in group.rows:  # one line high each: the title doesn't wrap, so the bars line up
            row: list[Any] = [
                w.key,
                w.title,
                STATUS_LABELS[w.status],
                None if w.planned_start is None else cell(ws, w.planned_start, "short_date"),
                None if w.planned_due is None else cell(ws, w.planned_due, "short_date"),
                None if w.forecast_finish is None else cell(ws, w.forecast_finish, "short_date"),
            ]
            if w.is_milestone and w.forecast_finish is not None:
                row += [None] * week_index[monday(w.forecast_finish)]
                row.append(cell(ws, MILESTONE_MARK, "milestone"))
            stream.detail(row)
    stream.done()


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_mondays(content: ReportContent, groups: Sequence[TeamGroup]) -> list[date]:
    """Every week from the first planned start to the week after the last forecast or the target."""
    starts: list[date] = []
    ends: list[date] = [content.state.target_go_live] if content.state.target_go_live else []
    for group in groups:
        for w in group.rows:
            _collect(w, starts, ends)
    if not starts:
        starts = ends = [content.state.as_of]
    first, last = monday(min(starts)), monday(max(ends)) + timedelta(days=7)
    return [first + timedelta(days=7 * n) for n in range((last - first).days // 7 + 1)]


def _collect(w: WorkstreamState, starts: list[date], ends: list[date]) -> None:
    for day in (w.planned_start, w.forecast_start):
        if day is not None:
            starts.append(day)
    for day in (w.planned_due, w.forecast_finish):
        if day is not None:
            ends.append(day)


def _legend_row(
    book: ReportBook, ws: WriteOnlyWorksheet, content: ReportContent, weeks: Sequence[date]
) -> list[WriteOnlyCell]:
    """What the colours mean above the columns, and each month's name over its first week."""
    as_of = content.state.as_of
    cells = [
        book.cell(ws, f"As of {date_text(as_of)}", "month"),
        book.cell(ws, None, "month"),
        book.cell(ws, "Planned", "legend_planned"),
        book.cell(ws, "Slip past due", "legend_slip"),
        book.cell(ws, "Done", "legend_done"),
        book.cell(ws, f"{MILESTONE_MARK} Milestone", "legend_milestone"),
    ]
    previous = 0
    for week in weeks:
        label = f"{month_text(week)} {week.year}" if week.month != previous else None
        cells.append(book.cell(ws, label, "month"))  # None: an empty shaded cell
        previous = week.month
    return cells


def _header_row(
    book: ReportBook, ws: WriteOnlyWorksheet, weeks: Sequence[date], as_of_week: date
) -> list[WriteOnlyCell]:
    """The columns' names, then each week's Monday (the bars' rules read these dates)."""
    cells = book.header_row(ws, COLUMNS)
    cells += [book.cell(ws, week, "week_now" if week == as_of_week else "week") for week in weeks]
    return cells


def _add_bars(ws: WriteOnlyWorksheet, last_column: str, last_row: int, as_of_week: date | None) -> None:
    """The bars as rules over the week range, first match wins: done, then slip, then planned.

    Each formula is written for the range's top-left cell: row 3 holds the first workstream's
    dates, row 2 each column's Monday (so a week spans ``M`` to ``M+6``).
    """
    first = get_column_letter(FIRST_WEEK)
    week = f"{first}$2"
    start, due, forecast, status = f"${START}3", f"${DUE}3", f"${FORECAST}3", f"${STATUS}3"
    done = STATUS_LABELS[Status.DONE]
    rules = (
        (
            f'AND({status}="{done}",ISNUMBER({start}),{week}<=MAX({due},{forecast}),{week}+6>={start})',
            DONE_FILL,
        ),
        (f"AND(ISNUMBER({due}),ISNUMBER({forecast}),{week}>{due},{week}<={forecast})", SLIP_FILL),
        (f"AND(ISNUMBER({start}),ISNUMBER({due}),{week}<={due},{week}+6>={start})", PLANNED_FILL),
    )
    weeks = f"{first}3:{last_column}{max(last_row, 3)}"
    # A milestone's ◆ stands on its own, not on a bar: red when it is forecast past its date.
    diamond = f'{first}3="{MILESTONE_MARK}"'
    for formula, colour in (
        (f"AND({diamond},ISNUMBER({due}),ISNUMBER({forecast}),{forecast}>{due})", SLIP_TEXT),
        (diamond, INK),
    ):
        rule = FormulaRule(formula=[formula], font=Font(bold=True, color=colour), stopIfTrue=True)
        ws.conditional_formatting.add(weeks, rule)
    for formula, colour in rules:
        rule = FormulaRule(formula=[formula], fill=rule_fill(colour), stopIfTrue=True)
        ws.conditional_formatting.add(weeks, rule)
    if as_of_week is not None:
        now = f"DATE({as_of_week.year},{as_of_week.month},{as_of_week.day})"
        ws.conditional_formatting.add(weeks, FormulaRule(formula=[f"{week}={now}"], fill=rule_fill(NOW_TINT)))
    # Finished work reads as history: its key, title and dates in grey.
    ws.conditional_formatting.add(
        f"A3:{FORECAST}{max(last_row, 3)}",
        FormulaRule(formula=[f'{status}="{done}"'], font=Font(color=MUTED)),
    )
