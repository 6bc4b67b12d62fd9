"""What the table sheets share: team groups and band rows, row streaming, row heights and colour rules.

These sheets hold a row per workstream or link, tens of thousands of them, so each cell is as
cheap as it can be: numbers, labels and one-line text are appended bare (the book gives a bare
value its plain style and keeps text literal), and only wrapped text and centred dates name a
style. Colours come from conditional formatting over whole columns rather than from fills on
single cells: a rule per colour costs nothing per row, and the colour follows the value when
someone edits or sorts the sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule, DataBarRule, FormulaRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.properties import Outline

from migrator.analysis.plan_state import TeamState, WorkstreamState
from migrator.analysis.results import HealthLevel
from migrator.domain.model import Status
from migrator.domain.workbook_marks import BANNER_SEPARATOR, banner_count_text
from migrator.reports.book import DATE_FORMAT, DATE_TIME_FORMAT, HEALTH_COLOURS, Column, ReportBook, rule_fill
from migrator.reports.book import STYLES as BOOK_STYLES
from migrator.reports.content import ReportContent
from migrator.reports.text_fit import row_height, wrapped_lines

TICK_EVERY = 1000  # rows between progress reports

HEALTH_LABELS = {level: level.label for level in HealthLevel}  # looked up per row: 20,000 rows
STATUS_LABELS = {status: status.label for status in Status}
# Labels as the sheets spell them, with their (fill, text) colours.
HEALTH_CELL_COLOURS = {level.capitalize(): colours for level, colours in HEALTH_COLOURS.items()}
STATUS_CELL_COLOURS = {
    STATUS_LABELS[Status.BLOCKED]: HEALTH_COLOURS["red"],
    STATUS_LABELS[Status.DONE]: HEALTH_COLOURS["done"],
    STATUS_LABELS[Status.CANCELLED]: HEALTH_COLOURS["cancelled"],
}
PROGRESS_BAR = "7DA7E8"
LATE_TEXT = "B42318"  # dark red text: negative float or slack, a forecast past its due date
EARLY_TEXT = HEALTH_COLOURS["green"][1]

_CENTRE = BOOK_STYLES["centre"]
# Dates centred, so a date never runs into the text of the next column.
STYLES: dict[str, dict[str, Any]] = {
    "date_centre": {**_CENTRE, "number_format": DATE_FORMAT},
    "datetime_centre": {**_CENTRE, "number_format": DATE_TIME_FORMAT},
    "short_date": {**_CENTRE, "number_format": "d mmm yy"},
}


def column_range(column: int, first_row: int, last_row: int) -> str:
    """``C2:C90`` for the 3rd column (1-based) over those rows."""
    letter = get_column_letter(column)
    return f"{letter}{first_row}:{letter}{max(last_row, first_row)}"  # an empty table keeps one row


def line_count(text: str | None, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` wide (one when empty)."""
    return wrapped_lines(text, width) if text else 1


# ---------------------------------------------------------------- teams


@dataclass(frozen=True)
class TeamGroup:
    """One team's rows under its band row."""

    code: str
    team: TeamState | None  # None when the plan has rows for a team it no longer lists
    rows: list[WorkstreamState]

    @property
    def health(self) -> str | None:
        return HEALTH_LABELS[self.team.health] if self.team is not None else None

    def band_text(self) -> str:
        """``Finance (FIN) · lead Henrik Lindqvist · 6 workstreams``: who to ask, and how much."""
        count = len(self.rows)
        parts = [f"{self.team.name} ({self.code})" if self.team is not None else self.code]
        if self.team is not None and self.team.lead:
            parts.append(f"lead {self.team.lead}")
        parts.append(banner_count_text(count))
        return BANNER_SEPARATOR.join(parts)


def team_groups(
    content: ReportContent, shown: Callable[[WorkstreamState], bool] = lambda w: True
) -> list[TeamGroup]:
    """The in-scope workstreams the sheet shows, by team in the plan's order (teams by name)."""
    teams = {team.code: team for team in content.state.teams}
    in_scope = content.in_scope
    rows = (w for w in content.state.workstreams if in_scope(w) and shown(w))
    return [
        TeamGroup(code, teams.get(code), list(members))
        for code, members in groupby(rows, key=lambda w: w.team_code)
    ]


def total_rows(groups: Iterable[TeamGroup]) -> tuple[int, int]:
    """(band rows, detail rows) the groups take."""
    bands = details = 0
    for group in groups:
        bands += 1
        details += len(group.rows)
    return bands, details


# ---------------------------------------------------------------- cells and rows


class RowStream:
    """Appends a sheet's rows in order, keeping the row number, the outline and the progress bar.

    When ``grouped``, detail rows sit one outline level under their band row, so a band
    collapses its group; the band is above its rows, hence ``summaryBelow=False``.
    """

    def __init__(
        self, ws: WriteOnlyWorksheet, tick: Callable[[float], None], details: int, *, grouped: bool = True
    ) -> None:
        self.ws = ws
        self.next_row = 1
        self._tick = tick
        self._details = max(details, 1)
        self._written = 0
        self._grouped = grouped
        # One row dimension shared by every one-line detail row: a write-only sheet reads only
        # its attributes as each row goes out, and one object per row would cost more than the
        # row's cells (20,000 of them add a third to the time of a plain sheet).
        self._detail_dimension = RowDimension(ws, outlineLevel=1) if grouped else None
        if grouped:
            ws.sheet_properties.outlinePr = Outline(summaryBelow=False, summaryRight=True)
            ws.sheet_format.outlineLevelRow = 1

    def append(self, cells: Sequence[Any]) -> None:
        self.ws.append(cells)
        self.next_row += 1

    def detail(self, cells: Sequence[Any], lines: int = 1) -> None:
        """A row under the band above it, ``lines`` of text high."""
        if lines > 1:
            self.ws.row_dimensions[self.next_row] = RowDimension(
                self.ws,
                index=self.next_row,
                ht=row_height(lines),
                outlineLevel=1 if self._grouped else 0,
            )
        elif self._detail_dimension is not None:
            self.ws.row_dimensions[self.next_row] = self._detail_dimension
        self.ws.append(cells)
        self.next_row += 1
        self._written += 1
        if not self._written % TICK_EVERY:
            self._tick(self._written / self._details)

    def done(self) -> None:
        self._tick(1.0)


def header_row(
    book: ReportBook, stream: RowStream, columns: Sequence[Column], height: float | None = None
) -> None:
    if height is not None:
        stream.ws.row_dimensions[stream.next_row].height = height
    stream.append(book.header_row(stream.ws, columns))


def band_row(
    book: ReportBook, ws: WriteOnlyWorksheet, width: int, values: Mapping[int, Any]
) -> list[WriteOnlyCell]:
    """A shaded row ``width`` columns wide with ``values`` at their (0-based) columns."""
    cells = []
    for column in range(width):
        value = values.get(column)
        cells.append(book.cell(ws, value, "band"))  # None: an empty shaded cell
    return cells


# ---------------------------------------------------------------- set-up and colours


def table_setup(
    ws: WriteOnlyWorksheet, *, header_rows: int, columns: int, last_row: int, freeze: str
) -> None:
    """Frozen headers, an autofilter on the last header row and headers repeated on every printed page."""
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A{header_rows}:{get_column_letter(columns)}{max(last_row, header_rows)}"
    ws.print_title_rows = f"1:{header_rows}"


def colour_labels(ws: WriteOnlyWorksheet, ref: str, colours: Mapping[str, tuple[str, str]]) -> None:
    """Each label in ``ref`` gets its (fill, text) colours, e.g. "Red" on red."""
    for label, (background, text) in colours.items():
        ws.conditional_formatting.add(
            ref,
            CellIsRule(
                operator="equal",
                formula=[f'"{label}"'],
                fill=rule_fill(background),
                font=Font(color=text, bold=True),
            ),
        )


def flag_when(ws: WriteOnlyWorksheet, ref: str, formula: str, colour: str = LATE_TEXT) -> None:
    """Bold coloured text where ``formula`` (relative to the range's first cell) holds."""
    ws.conditional_formatting.add(ref, FormulaRule(formula=[formula], font=Font(color=colour, bold=True)))


def progress_bars(ws: WriteOnlyWorksheet, ref: str) -> None:
    """Percent complete (0 to 100) as a bar across the cell."""
    ws.conditional_formatting.add(
        ref, DataBarRule(start_type="num", start_value=0, end_type="num", end_value=100, color=PROGRESS_BAR)
    )
