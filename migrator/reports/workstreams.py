"""The Workstreams sheet: every workstream in scope with its dates, forecast, health and why, by team."""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from migrator.reports.book import Column, ReportBook
from migrator.reports.content import ReportContent
from migrator.reports.sheet_parts import (
    EARLY_TEXT,
    HEALTH_CELL_COLOURS,
    HEALTH_LABELS,
    LATE_TEXT,
    STATUS_CELL_COLOURS,
    STATUS_LABELS,
    STYLES,
    RowStream,
    band_row,
    colour_labels,
    column_range,
    flag_when,
    header_row,
    line_count,
    progress_bars,
    table_setup,
    team_groups,
    total_rows,
)

TITLE = "Workstreams"
MILESTONE_MARK = "◆ "  # before a milestone's title
CRITICAL_MARK = "Yes"
HEADER_HEIGHT = 40  # points: three lines, for the headers that name their unit

COLUMNS = (
    Column("Key", 9),
    Column("Team", 7),
    Column("Workstream", 44),
    Column("Owner", 16),
    Column("Status", 11),
    Column("Health", 9),
    Column("Why", 48),
    Column("Planned start", 12.5),
    Column("Planned due", 12.5),
    Column("Forecast finish", 12.5),
    Column("Float (working days)", 9),
    Column("Critical path", 8),
    Column("Progress (%)", 10),
    Column("Baseline due", 12.5),
    Column("Vs baseline (working days)", 11),
    Column("Last update", 17),
)
# 1-based column numbers, for the conditional formatting.
(
    KEY, TEAM, TITLE_COLUMN, OWNER, STATUS, HEALTH, WHY, START, DUE, FORECAST,
    FLOAT, CRITICAL, PROGRESS, BASELINE, VARIANCE, UPDATED,
) = range(1, len(COLUMNS) + 1)  # fmt: skip


def write(book: ReportBook, content: ReportContent, tick: Callable[[float], None]) -> None:
    """Write the sheet: a shaded band per team, then its workstreams in forecast order."""
    book.define_styles(STYLES)
    groups = team_groups(content)
    bands, details = total_rows(groups)
    last_row = 1 + bands + details
    ws = book.sheet(TITLE, COLUMNS, landscape=True, fit_width=True)
    table_setup(ws, header_rows=1, columns=len(COLUMNS), last_row=last_row, freeze="B2")
    _add_colours(ws, last_row)

    stream = RowStream(ws, tick, details)
    header_row(book, stream, COLUMNS, height=HEADER_HEIGHT)
    cell = book.cell
    last_updates = content.last_updates
    title_width, owner_width, why_width = (COLUMNS[n - 1].width for n in (TITLE_COLUMN, OWNER, WHY))
    for group in groups:
        band = {TEAM - 1: group.code, TITLE_COLUMN - 1: group.band_text(), HEALTH - 1: group.health}
        stream.append(band_row(book, ws, len(COLUMNS), band))
        for w in group.rows:
            title = MILESTONE_MARK + w.title if w.is_milestone else w.title
            why = "\n".join(w.health_reasons)
            updated = last_updates.get(w.id)
            stream.detail(
                [
                    w.key,
                    w.team_code,
                    cell(ws, title, "wrap"),
                    None if w.owner is None else cell(ws, w.owner, "wrap"),
                    STATUS_LABELS[w.status],
                    HEALTH_LABELS[w.health],
                    cell(ws, why, "wrap") if why else None,
                    None if w.planned_start is None else cell(ws, w.planned_start, "date_centre"),
                    None if w.planned_due is None else cell(ws, w.planned_due, "date_centre"),
                    None if w.forecast_finish is None else cell(ws, w.forecast_finish, "date_centre"),
                    w.total_float,
                    cell(ws, CRITICAL_MARK, "centre") if w.critical else None,
                    # A milestone is reached rather than worked through: it has no progress to show.
                    None if w.is_milestone else w.progress,
                    None if w.baseline_due is None else cell(ws, w.baseline_due, "date_centre"),
                    w.baseline_variance,
                    None if updated is None else cell(ws, updated, "datetime_centre"),
                ],
                max(
                    line_count(title, title_width),
                    line_count(w.owner, owner_width),
                    line_count(why, why_width),
                ),
            )
    stream.done()


def _add_colours(ws: WriteOnlyWorksheet, last_row: int) -> None:
    """Health and blocked work in colour; late forecasts, negative float, slips past the baseline in red."""
    colour_labels(ws, column_range(HEALTH, 2, last_row), HEALTH_CELL_COLOURS)
    colour_labels(ws, column_range(STATUS, 2, last_row), STATUS_CELL_COLOURS)
    due, forecast = get_column_letter(DUE), get_column_letter(FORECAST)
    flag_when(
        ws,
        column_range(FORECAST, 2, last_row),
        f"AND(ISNUMBER({forecast}2),ISNUMBER({due}2),{forecast}2>{due}2)",
    )
    slack = get_column_letter(FLOAT)
    flag_when(ws, column_range(FLOAT, 2, last_row), f"AND(ISNUMBER({slack}2),{slack}2<0)")
    critical = get_column_letter(CRITICAL)
    flag_when(ws, column_range(CRITICAL, 2, last_row), f'{critical}2="{CRITICAL_MARK}"', LATE_TEXT)
    variance, variances = get_column_letter(VARIANCE), column_range(VARIANCE, 2, last_row)
    flag_when(ws, variances, f"AND(ISNUMBER({variance}2),{variance}2>0)")
    flag_when(ws, variances, f"AND(ISNUMBER({variance}2),{variance}2<0)", EARLY_TEXT)
    progress_bars(ws, column_range(PROGRESS, 2, last_row))
