"""The Changes sheet: what changed since the compared report, the list a stakeholder reads first.

Edits carry who made them and when; what the analysis worked out (a forecast that moved,
a health that flipped, a new conflict) has no author and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from migrator.analysis.changes import Change, ChangeValue
from migrator.domain.wording import day_text
from migrator.reports.book import DATE_TIME_FORMAT, HEALTH_COLOURS, Column, ReportBook, rule_fill
from migrator.reports.content import ReportContent
from migrator.reports.layout import (
    HEADER_HEIGHT,
    HEADER_STYLES,
    SheetCursor,
    Span,
    Tick,
    header_over,
    scope_name,
    scoped_changes,
    style,
)

TITLE = "Changes"
ANALYSIS = "(analysis)"  # the "who" of a change the analysis worked out, not a person
FIRST_REPORT = "This is the first report; later reports list what changed since this one."
NO_CHANGES = "No changes since the compared report."
_TICK_EVERY = 500

COLUMNS = (
    Column("When", 17, "when"),
    Column("Who", 12, "indented"),
    Column("Key", 15, "text"),
    Column("Team", 8, "text"),
    Column("Title", 42, "wrap"),
    Column("Change", 15, "text"),
    Column("Field", 14, "text"),
    Column("Was", 16, "wrap"),
    Column("Now", 16, "wrap"),
    Column("Working days", 10, "signed"),
    Column("Note", 48, "indented_wrap"),
)
FIELD, WAS, NOW, DAYS = 7, 8, 9, 10  # 1-based column numbers, for the colour rules
WIDTHS = tuple(column.width for column in COLUMNS)
_HEALTH_FIELD = "Health"
_PROGRESS_FIELD = "Progress"

# The columns after a right-aligned one start one indent in, so their text doesn't touch its values.
STYLES = HEADER_STYLES | {
    "when": style(horizontal="center", number_format=DATE_TIME_FORMAT),
    "analysis": style(colour="7B8794", italic=True, indent=1),
    "indented": style(indent=1),
    "indented_wrap": style(wrap=True, indent=1),
}


def write(book: ReportBook, content: ReportContent, tick: Tick) -> None:
    book.define_styles(STYLES)
    ws = book.sheet(TITLE, COLUMNS, fit_width=True)
    cursor = SheetCursor(book, ws, WIDTHS)
    changes = scoped_changes(content)
    heading = _heading(content, changes)
    if content.previous_info is None or not changes:
        for line in heading:
            cursor.write(line.spans, height=line.height)
        tick(1.0)
        return
    header = len(heading) + 1
    last = header + len(changes)
    # A write-only sheet writes its view with its first row: freeze before any row goes out.
    ws.freeze_panes = f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(COLUMNS))}{last}"
    ws.print_title_rows = f"{header}:{header}"
    _colour_rules(ws, header + 1, last)
    for line in heading:
        cursor.write(line.spans, height=line.height)
    cursor.write([Span(column.header, _header_style(column)) for column in COLUMNS], least=HEADER_HEIGHT)
    for number, change in enumerate(changes, 1):
        cursor.write(_row(change))
        if not number % _TICK_EVERY:
            tick(number / len(changes))
    tick(1.0)


def _header_style(column: Column) -> str:
    return "header_centre" if column.style == "when" else header_over(column.style)


@dataclass(frozen=True)
class _Line:
    spans: list[Span]
    height: float | None = None


def _heading(content: ReportContent, changes: tuple[Change, ...]) -> list[_Line]:
    """The lines above the table: what is compared with what, or why there is nothing to list."""
    whole = len(COLUMNS)
    team = scope_name(content)
    title = f"What changed: {team}" if team else "What changed"
    lines = [_Line([Span(title, "title", whole)], 24)]
    info = content.previous_info
    if info is None:
        return [*lines, _Line([Span(FIRST_REPORT, "subtitle", whole)], 16)]
    label = f' "{info.label}"' if info.label else ""
    taken = f"{day_text(info.taken_at.date())} {info.taken_at:%H:%M}"
    by = f" by {info.actor}" if info.actor else ""
    compared = (
        f"Since report #{info.id}{label} as of {day_text(info.as_of)} (taken {taken}{by}), "
        f"to this report as of {day_text(content.state.as_of)}"
    )
    lines.append(_Line([Span(compared, "subtitle", whole)], 16))
    if not changes:
        return [*lines, _Line([Span(NO_CHANGES, "muted", whole)])]
    count = f"{len(changes)} change{'' if len(changes) == 1 else 's'}"
    explained = (
        f"{count}. Edits name who made them and when; rows marked {ANALYSIS} are what the analysis "
        "worked out from the edits. Working days: how far a date moved, positive when later."
    )
    return [*lines, _Line([Span(explained, "muted", whole)]), _Line([], 6)]


def _row(change: Change) -> list[Span]:
    return [
        Span(change.when, "when"),
        Span(change.who, "indented") if change.who else Span(ANALYSIS, "analysis"),
        Span(change.key, "text"),
        Span(" / ".join(change.team_codes), "text"),
        Span(change.title, "wrap"),
        Span(change.kind.value, "text"),
        Span(change.field, "text"),
        _value(change.old, change.field),
        _value(change.new, change.field),
        Span(change.days, "signed"),
        Span(change.note, "indented_wrap"),
    ]


def _value(value: ChangeValue, field: str) -> Span:
    """A was/now value in the cell its type needs: a date cell, a percentage, a number or text."""
    if isinstance(value, date):
        return Span(value, "date")
    if isinstance(value, int):
        return Span(value / 100, "percent") if field == _PROGRESS_FIELD else Span(value, "number")
    return Span(value, "wrap")


def _colour_rules(ws: WriteOnlyWorksheet, first: int, last: int) -> None:
    """Health was/now in its colours, and dates that moved later in red, as rules over the columns."""
    if last < first:
        return
    field = get_column_letter(FIELD)
    was = get_column_letter(WAS)
    cells = f"{was}{first}:{get_column_letter(NOW)}{last}"
    for level, (fill, text) in HEALTH_COLOURS.items():
        ws.conditional_formatting.add(
            cells,
            FormulaRule(
                formula=[f'AND(${field}{first}="{_HEALTH_FIELD}",{was}{first}="{level.capitalize()}")'],
                fill=rule_fill(fill),
                font=Font(color=text, bold=True),
            ),
        )
    days = get_column_letter(DAYS)
    ws.conditional_formatting.add(
        f"{days}{first}:{days}{last}",
        FormulaRule(formula=[f"{days}{first}>0"], font=Font(color=HEALTH_COLOURS["red"][1], bold=True)),
    )
