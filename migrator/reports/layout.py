"""What the Summary, Changes and Definitions sheets share: wording, scope and a row cursor.

The cursor exists because a printed page can't reflow: a cell that spans several columns,
or text that wraps inside such a span, is only readable if the row is made tall enough
when it is written, and a write-only sheet can't be revisited to fix that afterwards.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from migrator.analysis.changes import Change
from migrator.analysis.results import HealthLevel
from migrator.analysis.wording import day_text
from migrator.reports.book import HEALTH_COLOURS, INK, RULE, STYLES, ReportBook
from migrator.reports.content import ReportContent

# A sheet writer's progress: the fraction of that sheet done, 0.0 to 1.0.
Tick = Callable[[float], None]

NO_TREND = "—"
FONT_NAME = "Calibri"  # the report's one font, as the shared styles use it
DEFAULT_ROW_HEIGHT = 15.0  # points: a row left to the default, set by the 11 pt default font
_PLAIN_SIZE = 10.0  # points: the report's body text

# Row heights are sized for Excel, where stakeholders read the report: it sets wrapped lines
# Calibri's ascent, descent and line gap apart, about 1.25 font sizes. LibreOffice sets them a
# font size apart, so there a cell of several lines keeps a little space below its text; the
# other way round, Excel would cut the last line off.
_LINE_SPACING = 1.25  # points per line of text, per point of font size
_ROW_PADDING = 3.0  # points: above the first line and below the last
# A width unit is a digit of the 11 pt default font, 5.575 points of Calibri, but LibreOffice
# rounds each column so a unit comes out at 5.45 to 5.7 points; it keeps 2.5 points of a cell
# for margins. The estimate takes the narrowest, so that it errs on the tall side.
_POINTS_PER_UNIT = 5.45
_CELL_MARGINS = 3.0
_BOLD_FACTOR = 1.04  # bold Calibri text is 2 to 3% wider
_ELLIPSIS = "…"
# Calibri's advance widths in em (Carlito, which LibreOffice uses in its place, has the same).
_EM_WIDTHS = {
    character: em
    for em, characters in (
        (0.221, "'"), (0.226, " "), (0.229, "il"), (0.239, "j"), (0.25, ",’"), (0.252, ".I·"),
        (0.268, ":;"), (0.291, "`"), (0.303, "()"), (0.305, "f"), (0.306, "-"), (0.307, "[]"),
        (0.314, "{}"), (0.319, "J"), (0.326, "!"), (0.335, "t"), (0.349, "r"), (0.386, "/\\"),
        (0.391, "s"), (0.395, "z"), (0.401, '"'), (0.418, "“”"), (0.42, "L"), (0.423, "c"),
        (0.433, "x"), (0.452, "v"), (0.453, "y"), (0.455, "k"), (0.459, "FS"), (0.46, "|"),
        (0.463, "?"), (0.468, "Z"), (0.471, "g"), (0.479, "a"), (0.487, "TY"), (0.488, "E"),
        (0.498, "#*+<=>^_e~•–−"), (0.507, "$0123456789€"), (0.517, "P"), (0.519, "X"), (0.52, "K"),
        (0.525, "bdhnpqu"), (0.527, "o"), (0.533, "C"), (0.543, "R"), (0.544, "B"), (0.567, "V"),
        (0.579, "A"), (0.615, "D"), (0.623, "H"), (0.631, "G"), (0.642, "U"), (0.646, "N"),
        (0.662, "O"), (0.673, "Q"), (0.682, "&"), (0.69, "…"), (0.715, "%w"), (0.799, "m"),
        (0.855, "M"), (0.89, "W"), (0.894, "@"), (0.905, "—"),
    )
    for character in characters
}  # fmt: skip
_WIDE = 0.7  # em: any other character, wider than most letters so that it errs on the tall side


def health_style(level: HealthLevel) -> str:
    """The named style that colours a health cell (every level has one)."""
    return f"health_{level.value}"


def trend(before: HealthLevel | None, now: HealthLevel) -> str:
    """Improved, same or worse since the compared report, by severity; a dash with nothing to compare."""
    if before is None:
        return NO_TREND
    if now.severity < before.severity:
        return "Improved"
    if now.severity > before.severity:
        return "Worse"
    return "Same"


def short_date(day: date) -> str:
    """``1 Mar 2027``: the cells' date format, for dates inside sentences."""
    return day_text(day)[4:]


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
        definition["fill"] = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
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
                first, last = get_column_letter(column), get_column_letter(column + span.columns - 1)
                self.ws.merged_cells.add(f"{first}{number}:{last}{number}")
                width = sum(self.widths[column - 1 : column - 1 + span.columns])
            else:
                width = self.widths[column - 1]
            empty = span.value is None or span.value == ""
            if not empty and (look.wraps or look.size > _PLAIN_SIZE or isinstance(span.value, str)):
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
            size=float(font.size) if font is not None and font.size else _PLAIN_SIZE,
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
        return lines * self.size * _LINE_SPACING + _ROW_PADDING


def _em(character: str) -> float:
    found = _EM_WIDTHS.get(character)
    if found is None:  # an accented letter is as wide as its letter
        found = _EM_WIDTHS.get(unicodedata.normalize("NFD", character)[:1], _WIDE)
    return found


def text_width(text: str, size: float = _PLAIN_SIZE, bold: bool = False) -> float:
    """Points ``text`` takes on one line in the report's font."""
    return sum(map(_em, text)) * size * (_BOLD_FACTOR if bold else 1.0)


def line_room(width: float) -> float:
    """Points of text that fit on a line of a cell ``width`` units wide."""
    return max(1.0, width * _POINTS_PER_UNIT - _CELL_MARGINS)


def wrapped_lines(text: str, width: float, size: float = _PLAIN_SIZE, bold: bool = False) -> int:
    """How many lines ``text`` takes when wrapped at word breaks in a column ``width`` units wide."""
    room = line_room(width)
    space = text_width(" ", size, bold)
    lines = 0
    for paragraph in text.split("\n"):
        used = 0.0
        count = 1
        for word in paragraph.split(" "):
            length = text_width(word, size, bold)
            if used and used + space + length > room:
                count += 1
                used = 0.0
            used += (space if used else 0.0) + length
            if used > room:  # a word longer than the line breaks inside itself
                count += math.ceil(used / room) - 1
                used = used % room
        lines += count
    return max(1, lines)


def one_line(text: str, width: float, size: float = _PLAIN_SIZE, bold: bool = False) -> str:
    """``text`` as it fits on one line of a cell ``width`` units wide: cut with an ellipsis if it must be."""
    room = line_room(width)
    if text_width(text, size, bold) <= room:
        return text
    room -= text_width(_ELLIPSIS, size, bold)
    used = 0.0
    for end, character in enumerate(text):
        used += text_width(character, size, bold)
        if used > room:
            return text[:end].rstrip(" ,;:·-–—") + _ELLIPSIS
    return text
