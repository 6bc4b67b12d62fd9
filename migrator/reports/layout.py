"""What the Summary, Changes and Definitions sheets share: wording, scope and a row cursor.

The cursor exists because a printed page can't reflow: a cell that spans several columns,
or text that wraps inside such a span, is only readable if the row is made tall enough
when it is written, and a write-only sheet can't be revisited to fix that afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.cell_range import CellRange

from migrator.analysis.changes import Change
from migrator.analysis.results import HealthLevel
from migrator.analysis.working_time import WorkingDayLine
from migrator.domain.raid import RaidItem
from migrator.domain.wording import day_text
from migrator.reports.book import HEALTH_COLOURS, INK, RULE, STYLES, ReportBook, solid_fill
from migrator.reports.content import ReportContent
from migrator.reports.text_fit import PLAIN_SIZE, row_height, wrapped_lines

# A sheet writer's progress: the fraction of that sheet done, 0.0 to 1.0.
Tick = Callable[[float], None]

FONT_NAME = "Calibri"  # the report's one font, as the shared styles use it
DEFAULT_ROW_HEIGHT = 15.0  # points: a row left to the default, set by the 11 pt default font


def health_style(level: HealthLevel) -> str:
    """The named style that colours a health cell (every level has one)."""
    return f"health_{level.value}"


def compared_with(content: ReportContent) -> str:
    """The line that says which report the trends and changes are measured against."""
    info = content.previous_info
    if info is None:
        return "First report: nothing to compare with"
    label = f" '{info.label}'" if info.label else ""
    return f"Compared with report #{info.id}{label} as of {day_text(info.as_of)}"


def scoped_changes(content: ReportContent) -> tuple[Change, ...]:
    """The changes the report lists: all of them, or those touching the report's team."""
    if content.team is None:
        return content.changes
    return tuple(change for change in content.changes if content.team in change.team_codes)


def days_left(line: WorkingDayLine, as_of: date, needed_by: date | None) -> tuple[str, bool]:
    """A needed-by date as working days left from the report's day, and whether it has passed:
    ("5 left", False), ("Due today", False), ("2 overdue", True); ("", False) without a date."""
    if needed_by is None:
        return "", False
    if needed_by < as_of:
        return f"{abs(line.working_days_between(as_of, needed_by)) or 1} overdue", True
    if needed_by == as_of:
        return "Due today", False
    return f"{line.working_days_between(as_of, needed_by)} left", False


def raid_band(content: ReportContent, item: RaidItem) -> HealthLevel | None:
    """A scored risk's band by the migration's risk bands, as a health level; None unscored."""
    score = item.score
    return None if score is None else HealthLevel(content.state.risk_bands.band(score).value)


def scope_name(content: ReportContent) -> str:
    """Whose work the report covers, as a heading says it: the team's name and lead, or nothing."""
    if content.team is None:
        return ""
    team = content.state.team(content.team)
    if team is None:
        return content.team
    return f"{team.name} (lead: {team.lead})" if team.lead else team.name


def header_style(horizontal: str) -> dict[str, Any]:
    """The shared header style aligned over its column's values (numbers right, colours centred)."""
    alignment = Alignment(vertical="center", horizontal=horizontal, wrap_text=True)
    return {**STYLES["header"], "alignment": alignment}


def style(
    *,
    size: float = 10,
    bold: bool = False,
    italic: bool = False,
    colour: str = INK,
    health: str | None = None,
    horizontal: str = "left",
    indent: int = 0,
    wrap: bool = False,
    number_format: str | None = None,
    top_rule: bool = False,
    bottom_rule: bool = False,
) -> dict[str, Any]:
    """A named style's definition in the report's font and palette (``health`` colours it)."""
    definition: dict[str, Any] = {}
    if health is not None:
        fill, colour = HEALTH_COLOURS[health]
        definition["fill"] = solid_fill(fill)
    definition["font"] = Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=colour)
    definition["alignment"] = Alignment(vertical="top", horizontal=horizontal, indent=indent, wrap_text=wrap)
    if number_format is not None:
        definition["number_format"] = number_format
    if top_rule or bottom_rule:
        rule = Side(style="thin", color=RULE)
        definition["border"] = Border(top=rule if top_rule else None, bottom=rule if bottom_rule else None)
    return definition


# Headers over numbers and dates sit right, over colours centred, as their values do.
HEADER_STYLES = {"header_right": header_style("right"), "header_centre": header_style("center")}
HEADER_HEIGHT = 18.0  # points: a header row with room around its text
_RIGHT_ALIGNED = frozenset(("number", "signed", "percent", "date", "datetime"))


def header_over(column_style: str) -> str:
    """The header style for a column whose values have ``column_style``."""
    if column_style in _RIGHT_ALIGNED:
        return "header_right"
    return "header_centre" if column_style == "centre" else "header"


@dataclass(frozen=True)
class Span:
    """A value in a named style across ``columns`` grid columns (merged when more than one)."""

    value: Any
    style: str = "text"
    columns: int = 1


def blank(columns: int = 1) -> Span:
    return Span(None, "text", columns)


class SheetCursor:
    """Appends rows of spans to a write-only sheet, merging spans and sizing rows as it goes."""

    def __init__(self, book: ReportBook, ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
        self.book = book
        self.ws = ws
        self.widths = tuple(widths)
        self.row = 0  # the number of the last row written
        self._heights: dict[int, float] = {}  # rows given a height
        self._looks: dict[str, _Look] = {}

    @property
    def next_row(self) -> int:
        return self.row + 1

    def skip(self, height: float | None = None) -> None:
        """An empty row, as a gap between blocks."""
        self.write((), height=height)

    def write(self, spans: Sequence[Span], *, height: float | None = None, least: float = 0.0) -> int:
        """One row, as tall as its tallest span (at ``least`` points) unless given; returns its number."""
        if sum(span.columns for span in spans) > len(self.widths):
            raise ValueError(f"Row {self.next_row} of {self.ws.title} is wider than its grid.")
        number = self.next_row
        cells: list[Any] = []
        column = 1
        needed = 0.0
        for span in spans:
            look = self._look(span.style)
            if span.columns > 1:
                # Straight into the set: openpyxl's add() first looks for a range holding the new
                # one among all of them, so a sheet of many merged rows took quadratic time. A
                # row's spans never overlap each other or another row's.
                last = column + span.columns - 1
                self.ws.merged_cells.ranges.add(
                    CellRange(min_col=column, min_row=number, max_col=last, max_row=number)
                )
                width = sum(self.widths[column - 1 : column - 1 + span.columns])
            else:
                width = self.widths[column - 1]
            empty = span.value is None or span.value == ""
            if not empty and (look.wraps or look.size > PLAIN_SIZE or isinstance(span.value, str)):
                needed = max(needed, look.height(span.value, width))
            # An empty cell is left out unless it shows a fill or a rule; covered cells of a
            # merged span carry the style too, so the fill and rule run the full span.
            cells.append(
                None if empty and not look.decorated else self.book.cell(self.ws, span.value, span.style)
            )
            cells.extend(self.book.cell(self.ws, None, span.style) for _ in range(span.columns - 1))
            column += span.columns
        chosen = height if height is not None else max(needed, least)
        if chosen:
            self.ws.row_dimensions[number].height = self._heights[number] = round(chosen, 1)
        self.ws.append(cells)
        self.row = number
        return number

    def points(self, first: int, last: int) -> float:
        """How tall rows ``first`` to ``last`` are, for placing a chart beside them."""
        return sum(self._heights.get(row, DEFAULT_ROW_HEIGHT) for row in range(first, last + 1))

    def _look(self, style: str) -> _Look:
        found = self._looks.get(style)
        if found is None:
            found = self._looks[style] = _Look.of(self.book.styles[style])
        return found


@dataclass(frozen=True)
class _Look:
    """What of a named style decides a row's height and whether an empty cell must be written."""

    size: float
    bold: bool
    wraps: bool
    decorated: bool  # it has a fill or a border

    @classmethod
    def of(cls, definition: dict[str, Any]) -> _Look:
        font, alignment = definition.get("font"), definition.get("alignment")
        return cls(
            size=float(font.size) if font is not None and font.size else PLAIN_SIZE,
            bold=bool(font is not None and font.b),
            wraps=bool(alignment is not None and alignment.wrap_text),
            decorated="fill" in definition or "border" in definition,
        )

    def height(self, value: Any, width: float) -> float:
        """Points the value needs in a column ``width`` units wide; 0 when the default height will do."""
        text = str(value)
        lines = wrapped_lines(text, width, self.size, self.bold) if self.wraps else text.count("\n") + 1
        if lines <= 1 and self.size <= 11:
            return 0.0
        return row_height(lines, self.size)
