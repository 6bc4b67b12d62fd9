"""The RAID sheet: the open risks on a heat map, every open item by type, and what closed since.

The heat map is drawn in cells (probability up, impact across), each cell coloured by the
band its score falls in by the migration's own risk bands and holding the count of open
risks there, so it prints as it shows. A team's report lists the items the team owns or
that are linked to its work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from openpyxl.styles import Alignment, Border, Font, Side

from migrator.analysis.changes import ChangeKind, closing_note
from migrator.analysis.raid_figures import heat_map
from migrator.analysis.results import HealthLevel
from migrator.analysis.working_time import WorkingDayLine
from migrator.domain.raid import SCALE, RaidItem, RaidType
from migrator.domain.wording import date_text, plural
from migrator.reports.book import (
    BAND_FILL,
    DATE_FORMAT,
    HEALTH_COLOURS,
    MUTED,
    Column,
    ReportBook,
    solid_fill,
)
from migrator.reports.content import ReportContent
from migrator.reports.layout import (
    FONT_NAME,
    HEADER_HEIGHT,
    HEADER_STYLES,
    SheetCursor,
    Span,
    Tick,
    blank,
    compared_with,
    days_left,
    health_style,
    raid_band,
    scope_name,
    scoped_changes,
    style,
)

TITLE = "RAID"
NO_ITEMS = "The RAID log has no items yet."
NO_TEAM_ITEMS = "No RAID item is owned by this team or linked to its work."
_TICK_EVERY = 200

# The grid: the item's own columns, then six columns each type fills its own way; the five
# equal ones in the middle are the heat map's impact columns.
COLUMNS = (
    Column("Key", 7),
    Column("Title", 36),
    Column("Owner", 15),
    Column("Team", 8),
    Column("Linked work", 18),
    Column("", 11),
    Column("", 11),
    Column("", 11),
    Column("", 11),
    Column("", 11),
    Column("", 34),
)
WIDTHS = tuple(column.width for column in COLUMNS)
_ALL = len(COLUMNS)
_MAP_FIRST = 6  # the heat map's first impact column (1-based)

PROBABILITY_WORDS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_WORDS = {1: "Minimal", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
_MAP_ROW_HEIGHT = 30.0
_PLURALS = {
    RaidType.RISK: "Risks",
    RaidType.ASSUMPTION: "Assumptions",
    RaidType.ISSUE: "Issues",
    RaidType.DECISION: "Decisions",
}

_WHITE_RULE = Side(style="medium", color="FFFFFF")
_CENTRED = Alignment(horizontal="center", vertical="center")
_RIGHT_CENTRED = Alignment(horizontal="right", vertical="center")
_MAP_BANDS = (HealthLevel.GREEN, HealthLevel.AMBER, HealthLevel.RED)
STYLES = (
    HEADER_STYLES
    | {
        "raid_band_note": {**style(size=11, colour=MUTED, italic=True), "fill": solid_fill(BAND_FILL)},
        "raid_axis": {**style(size=9, bold=True, colour=MUTED), "alignment": _CENTRED},
        "raid_axis_right": {**style(size=9, bold=True, colour=MUTED), "alignment": _RIGHT_CENTRED},
        # Dates and day counts centred, so they never run into the text of the next column.
        "raid_days": style(horizontal="center"),
        "raid_overdue": style(bold=True, colour=HEALTH_COLOURS["red"][1], horizontal="center"),
        "raid_date": style(horizontal="center", number_format=DATE_FORMAT),
        "raid_legend": style(size=9, colour=MUTED, wrap=True),
    }
    | {
        f"raid_map_{level.value}": {
            "font": Font(name=FONT_NAME, size=14, bold=True, color=HEALTH_COLOURS[level.value][1]),
            "fill": solid_fill(HEALTH_COLOURS[level.value][0]),
            "alignment": _CENTRED,
            "border": Border(left=_WHITE_RULE, right=_WHITE_RULE, top=_WHITE_RULE, bottom=_WHITE_RULE),
        }
        for level in _MAP_BANDS
    }
)


def write(book: ReportBook, content: ReportContent, tick: Tick) -> None:
    book.define_styles(STYLES)
    ws = book.sheet(TITLE, COLUMNS, fit_width=True)
    cursor = SheetCursor(book, ws, WIDTHS)
    items = content.state.raid_for(content.team)
    team = scope_name(content)
    cursor.write([Span(f"RAID log: {team}" if team else "RAID log", "title", _ALL)], height=24)
    as_of = content.state.as_of
    subtitle = f"Risks, assumptions, issues and decisions as of {date_text(as_of)} · {compared_with(content)}"
    cursor.write([Span(subtitle, "subtitle", _ALL)], height=16)
    if not items:
        cursor.write([Span(NO_TEAM_ITEMS if team else NO_ITEMS, "muted", _ALL)])
        tick(1.0)
        return
    cursor.skip(height=6)
    _heat_map(cursor, content, items)
    tick(0.1)
    line = WorkingDayLine(content.calendar, as_of)
    written = 0
    for kind in RaidType:
        open_items = [item for item in items if item.type is kind and item.is_open]
        cursor.skip(height=8)
        count = plural(len(open_items), "open item") if open_items else "none open"
        cursor.write([Span(_PLURALS[kind], "band", 2), Span(count, "raid_band_note", _ALL - 2)], height=18)
        if not open_items:
            continue
        headers, row = _TYPE_COLUMNS[kind]
        cursor.write([*_COMMON_HEADERS, *headers], least=HEADER_HEIGHT)
        for item in open_items:
            cursor.write([*_common(item), *row(content, line, item)])
            written += 1
            if not written % _TICK_EVERY:
                tick(0.1 + 0.8 * written / len(items))
    _closed_since(cursor, content, items)
    tick(1.0)


# ---------------------------------------------------------------- the heat map


def _heat_map(cursor: SheetCursor, content: ReportContent, items: Sequence[RaidItem]) -> None:
    """Probability (5 at the top) by impact (1 at the left), the counts of open scored risks;
    beside it, what the colours mean and how many risks it holds."""
    counts = heat_map(items)
    bands = content.state.risk_bands
    risks = [item for item in items if item.type is RaidType.RISK and item.is_open]
    scored = [risk for risk in risks if risk.score is not None]
    by_band = {level: sum(1 for r in scored if raid_band(content, r) is level) for level in _MAP_BANDS}
    legend = [
        f"{plural(len(scored), 'open risk')} on the map: "
        + ", ".join(f"{by_band[level]} {level.value}" for level in reversed(_MAP_BANDS)),
        f"Each cell: how many open risks have that probability and impact (score = probability × impact). "
        f"This migration's bands: red at a score of {bands.red_score} or more, "
        f"amber from {bands.amber_score} to {bands.red_score - 1}, green below {bands.amber_score}.",
    ]
    unscored = len(risks) - len(scored)
    if unscored:
        legend.append(
            f"{plural(unscored, 'open risk')} not yet scored (no probability or impact): not on the map."
        )
    cursor.write([Span("Open risks by probability and impact", "section", _ALL)], height=20)
    cursor.write(
        [blank(4), Span("Probability ↓   Impact →", "raid_axis_right"), *_impact_labels(), blank()], height=16
    )
    for row, probability in enumerate(reversed(SCALE)):
        left = Span(legend[row], "raid_legend", 4) if row < len(legend) else blank(4)
        cells = []
        for impact in SCALE:
            level = HealthLevel(bands.band(probability * impact).value)
            count = counts[probability, impact]
            cells.append(Span(count or None, f"raid_map_{level.value}"))
        cursor.write(
            [
                left,
                Span(f"{probability} {PROBABILITY_WORDS[probability]}", "raid_axis_right"),
                *cells,
                blank(),
            ],
            height=_MAP_ROW_HEIGHT,
        )


def _impact_labels() -> list[Span]:
    return [Span(f"{impact} {IMPACT_WORDS[impact]}", "raid_axis") for impact in SCALE]


# ---------------------------------------------------------------- the items by type

_COMMON_HEADERS = (
    Span("Key", "header"),
    Span("Title", "header"),
    Span("Owner", "header"),
    Span("Team", "header"),
    Span("Linked work", "header"),
)


def _common(item: RaidItem) -> list[Span]:
    linked = "\n".join(f"{link.label} ({link.role.value})" for link in item.links)
    return [
        Span(item.key, "bold"),
        Span(item.title, "wrap"),
        Span(item.owner_name or "", "wrap"),
        Span(item.team_code or "", "text"),
        Span(linked, "wrap"),
    ]


def _date(day: date | None) -> Span:
    return Span(day, "raid_date")


def _risk(content: ReportContent, _line: WorkingDayLine, item: RaidItem) -> list[Span]:
    band = raid_band(content, item)
    score = Span(f"{item.score} · {band.label}", health_style(band)) if band else Span("Not scored", "muted")
    response = item.response.value.capitalize() if item.response else ""
    if item.escalated_to is not None:
        on = f" on {date_text(item.escalated_on)}" if item.escalated_on else ""
        response = f"{response}\nEscalated to {item.escalated_to.value}{on}".strip()
    actions = item.actions
    if item.actions_due is not None:
        actions = f"{actions} (due {date_text(item.actions_due)})".strip()
    if item.trigger:
        actions = f"{actions}\nEarly warning: {item.trigger}".strip()
    return [
        score,
        Span(f"{item.probability or '–'} × {item.impact or '–'}", "centre"),
        _date(item.proximity),
        Span(response, "wrap"),
        _date(item.review_date),
        Span(actions, "wrap"),
    ]


def _assumption(_content: ReportContent, _line: WorkingDayLine, item: RaidItem) -> list[Span]:
    return [_date(item.validate_by), _date(item.review_date), Span(item.validation, "wrap", 4)]


def _issue(content: ReportContent, line: WorkingDayLine, item: RaidItem) -> list[Span]:
    days, overdue = days_left(line, content.state.as_of, item.target_date)
    actions = item.actions
    if item.actions_due is not None:
        actions = f"{actions} (due {date_text(item.actions_due)})".strip()
    return [
        Span(item.severity.value.capitalize() if item.severity else "", "text"),
        Span(f"P{item.priority}" if item.priority else "", "centre"),
        _date(item.target_date),
        Span(days, "raid_overdue" if overdue else "raid_days"),
        Span(item.escalated_to.value.capitalize() if item.escalated_to else "", "text"),
        Span(actions, "wrap"),
    ]


def _decision(content: ReportContent, line: WorkingDayLine, item: RaidItem) -> list[Span]:
    days, overdue = days_left(line, content.state.as_of, item.needed_by)
    advice = f"Recommended: {item.recommendation}" if item.recommendation else ""
    if item.options:
        advice = f"{advice}\nOptions: {item.options}".strip()
    return [
        _date(item.needed_by),
        Span(days, "raid_overdue" if overdue else "raid_days"),
        Span(item.decider or "", "wrap", 2),
        Span(advice or item.question, "wrap", 2),
    ]


_TypeRow = Callable[[ReportContent, WorkingDayLine, RaidItem], list[Span]]
_TYPE_COLUMNS: dict[RaidType, tuple[tuple[Span, ...], _TypeRow]] = {
    RaidType.RISK: (
        (
            Span("Score", "header_centre"),
            Span("Probability × impact", "header_centre"),
            Span("Proximity", "header_centre"),
            Span("Response", "header"),
            Span("Next review", "header_centre"),
            Span("Actions", "header"),
        ),
        _risk,
    ),
    RaidType.ASSUMPTION: (
        (
            Span("Validate by", "header_centre"),
            Span("Next review", "header_centre"),
            Span("How it is validated", "header", 4),
        ),
        _assumption,
    ),
    RaidType.ISSUE: (
        (
            Span("Severity", "header"),
            Span("Priority", "header_centre"),
            Span("Target date", "header_centre"),
            Span("Working days left", "header_centre"),
            Span("Escalated to", "header"),
            Span("Actions", "header"),
        ),
        _issue,
    ),
    RaidType.DECISION: (
        (
            Span("Needed by", "header_centre"),
            Span("Working days left", "header_centre"),
            Span("Who decides", "header", 2),
            Span("Recommendation and options", "header", 2),
        ),
        _decision,
    ),
}


# ---------------------------------------------------------------- closed since the last report


def _closed_since(cursor: SheetCursor, content: ReportContent, items: Sequence[RaidItem]) -> None:
    cursor.skip(height=8)
    cursor.write([Span("Closed since the last report", "section", _ALL)], height=20)
    if content.previous_info is None:
        cursor.write([Span(compared_with(content), "muted", _ALL)])
        return
    by_key = {item.key: item for item in items}
    closed = [
        by_key[change.key]
        for change in scoped_changes(content)
        if change.kind is ChangeKind.RAID_CLOSED and change.key in by_key
    ]
    if not closed:
        cursor.write([Span("No item was closed since the last report.", "muted", _ALL)])
        return
    cursor.write(
        [
            *_COMMON_HEADERS[:4],
            Span("Type", "header"),
            Span("Status", "header"),
            Span("Updated", "header_centre"),
            Span("Outcome, or what was done", "header", 4),
        ],
        least=HEADER_HEIGHT,
    )
    for item in closed:
        common = _common(item)[:4]
        cursor.write(
            [
                *common,
                Span(item.type.label, "text"),
                Span(item.status.label, "text"),
                _date(item.decided_on or item.updated),
                Span(closing_note(item), "wrap", 4),
            ]
        )
