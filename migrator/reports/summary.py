"""The Summary sheet: the one printed page an executive reads instead of opening Migrator.

Landscape A4, fitted to one page, in bands of two areas side by side: the headline figures,
the teams beside a chart of their work by status, what needs attention, the decisions needed
beside the top risks (with what the RAID log gained, closed and escalated since the last
report), then the milestones beside what falls due in the next two working weeks. Long lists
are capped so the page never spills onto a second one; the cap says how many more there are
and where to find them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.utils import get_column_letter

from migrator.analysis.changes import Change, ChangeKind
from migrator.analysis.figures import (
    due_horizon,
    due_soon,
    go_live_workstream,
    health_counts,
    milestones,
    needs_attention,
    status_counts,
    trend_word,
)
from migrator.analysis.ledger import LinkHealth, LinkState
from migrator.analysis.plan_state import PlanState, TeamState, WorkstreamState
from migrator.analysis.raid_figures import decisions_needed, gated_work, top_risks
from migrator.analysis.results import HealthLevel
from migrator.analysis.working_time import WorkingDayLine
from migrator.domain.model import Status, StatusComment
from migrator.domain.raid import RaidItem
from migrator.domain.updates import answer_line
from migrator.domain.wording import date_text, day_text, plural, signed_days, working_days
from migrator.reports import raid_sheet
from migrator.reports.book import DATE_FORMAT, HEALTH_COLOURS, MUTED, Column, ReportBook
from migrator.reports.content import Audience, ReportContent
from migrator.reports.layout import (
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
from migrator.reports.text_fit import one_line

TITLE = "Summary"
LIST_LIMIT = 12  # rows per list, so the page stays one page
ATTENTION_LIMIT = 8  # items in the attention list, which take several lines each
REASONS_SHOWN = 2  # reasons per attention item, the most important first
COMMENT_SHOWN = 240  # characters of a status comment on the one-page summary (all of it elsewhere)
RAID_LIMIT = 5  # decisions needed, and top risks, on the page
RAID_NAMED = 6  # items named per line of "since the last report"

# The page's grid, in Excel width units. The left area holds the team table and the
# milestones; the right area the chart and what falls due; the attention list spans both.
_LEFT = (25.5, 17.5, 8.5, 10.0, 9.5, 8.5, 7.0, 7.0, 8.5, 9.0)
_GAP = (2.0,)
_RIGHT = (12.0, 9.0, 37.0, 16.0, 7.0, 9.0)
WIDTHS = _LEFT + _GAP + _RIGHT
_LEFT_COLUMNS, _RIGHT_COLUMNS, _ALL_COLUMNS = len(_LEFT), len(_RIGHT), len(WIDTHS)
_RIGHT_FIRST = _LEFT_COLUMNS + len(_GAP) + 1  # the right area's first column number

_TEAM_ROW_HEIGHT = 13.5
_LIST_ROW_HEIGHT = 13.0  # a one-line row of 10 pt text in a list
_HEADER_ROW_HEIGHT = 16.0
_POINTS_PER_CM = 72 / 2.54
_PIXELS_PER_CM = 96 / 2.54

# Bar colours per status: distinct in colour and in grey print, done at the left of each bar.
_STATUS_BARS = (
    (Status.DONE, "6A9F78"),
    (Status.IN_PROGRESS, "4F7FC4"),
    (Status.BLOCKED, "C0504D"),
    (Status.NOT_STARTED, "C5CED9"),
)
_TEAM_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE)
_OPEN_LINK_STATES = frozenset(LinkHealth) - {LinkHealth.DELIVERED, LinkHealth.CANCELLED}

STYLES = (
    HEADER_STYLES
    | {
        "kpi_label": style(size=9, bold=True, colour=MUTED, top_rule=True),
        "kpi_figure": style(size=16, bold=True),
        "kpi_figure_date": style(size=16, bold=True, number_format=DATE_FORMAT),
        "kpi_figure_percent": style(size=16, bold=True, number_format="0%"),
        "kpi_detail": style(size=9, colour=MUTED, wrap=True),
        "date_centre": style(horizontal="center", number_format=DATE_FORMAT),
        "generated": style(size=9, colour=MUTED, horizontal="right"),
        "item": style(bold=True, wrap=True),
        "total": style(bold=True, top_rule=True),
        "total_number": style(bold=True, top_rule=True, horizontal="right", number_format="0"),
        "total_blank": style(top_rule=True),
        "trend_worse": style(bold=True, colour=HEALTH_COLOURS["red"][1], horizontal="center"),
        "trend_improved": style(bold=True, colour=HEALTH_COLOURS["green"][1], horizontal="center"),
        "trend_same": style(colour=MUTED, horizontal="center"),
        "note": style(size=9, colour=MUTED, italic=True, wrap=True),
        "heading_note": style(size=9, colour=MUTED, italic=True, horizontal="right", bottom_rule=True),
        "days_left": style(horizontal="right"),
        "days_overdue": style(bold=True, colour=HEALTH_COLOURS["red"][1], horizontal="right"),
        "since_label": style(bold=True, wrap=True),
    }
    | {f"kpi_{level.value}": style(size=16, bold=True, health=level.value) for level in HealthLevel}
)
_TREND_STYLES = {"Worse": "trend_worse", "Improved": "trend_improved"}


@dataclass(frozen=True)
class _Page:
    """What the page is about, worked out once: its scope, the compared report and the calendar."""

    content: ReportContent
    workstreams: tuple[WorkstreamState, ...]  # in scope
    teams: tuple[TeamState, ...]  # in scope
    previous_by_id: dict[int, WorkstreamState]
    line: WorkingDayLine

    @property
    def state(self) -> PlanState:
        return self.content.state

    @property
    def previous(self) -> PlanState | None:
        return self.content.previous

    @property
    def full_report(self) -> bool:
        """Whether the workbook has the detailed sheets a capped list can point to."""
        return self.content.audience is not Audience.EXECUTIVE


def write(book: ReportBook, content: ReportContent, tick: Tick) -> None:
    book.define_styles(STYLES)
    ws = book.sheet(TITLE, [Column("", width) for width in WIDTHS], fit_width=True, fit_height=True)
    page = _page(content)
    cursor = SheetCursor(book, ws, WIDTHS)
    _title(cursor, page)
    _headline(cursor, page)
    tick(0.3)
    _teams(cursor, page)
    _answers(cursor, page)
    tick(0.5)
    _attention(cursor, page)
    tick(0.6)
    _raid(cursor, page)
    tick(0.7)
    _milestones_and_due_soon(cursor, page)
    ws.print_area = f"A1:{get_column_letter(_ALL_COLUMNS)}{cursor.row}"
    ws.page_setup.horizontalCentered = True
    tick(1.0)


def _page(content: ReportContent) -> _Page:
    state = content.state
    previous = content.previous
    return _Page(
        content=content,
        workstreams=tuple(w for w in state.workstreams if content.in_scope(w)),
        teams=tuple(t for t in state.teams if content.team is None or t.code == content.team),
        previous_by_id={w.id: w for w in previous.workstreams} if previous else {},
        line=WorkingDayLine(content.calendar, state.as_of),
    )


# ---------------------------------------------------------------- the title


def _title(cursor: SheetCursor, page: _Page) -> None:
    content, state = page.content, page.state
    generated = f"Generated {day_text(content.generated_at.date())} {content.generated_at:%H:%M}"
    by = f" by {content.generated_by}" if content.generated_by else ""
    cursor.write(
        [Span(state.migration, "title", _ALL_COLUMNS - 4), Span(generated + by, "generated", 4)], height=22
    )
    team = scope_name(content)
    what = f"Team status report: {team}" if team else "Status report"
    label = f" · {content.label}" if content.label else ""
    cursor.write(
        [Span(f"{what} as of {day_text(state.as_of)}{label}", "subtitle", _ALL_COLUMNS)], height=14.5
    )
    cursor.write([Span(compared_with(content), "muted", _ALL_COLUMNS)], least=_LIST_ROW_HEIGHT)
    cursor.skip(height=4)


# ---------------------------------------------------------------- the headline figures


@dataclass(frozen=True)
class _Card:
    """One headline figure: a label above it and a line of detail below, ``columns`` wide."""

    label: str
    figure: Span
    detail: str
    columns: int

    def label_span(self) -> Span:
        return Span(self.label, "kpi_label", self.columns)

    def figure_span(self) -> Span:
        return Span(self.figure.value, self.figure.style, self.columns)

    def detail_span(self) -> Span:
        return Span(self.detail, "kpi_detail", self.columns)


def _headline(cursor: SheetCursor, page: _Page) -> None:
    """The figures a reader takes in first, as cards across both areas."""
    left = (_health_card(page, 1), _go_live_card(page, 2), _target_card(page, 3), _baseline_card(page, 4))
    right = (_complete_card(page, 2), _status_card(page, 1), _open_health_card(page, 3))

    def row(part: Callable[[_Card], Span]) -> list[Span]:
        return [*map(part, left), blank(len(_GAP)), *map(part, right)]

    cursor.write(row(_Card.label_span), height=13.5)
    cursor.write(row(_Card.figure_span), height=22)
    cursor.write(row(_Card.detail_span), least=_LIST_ROW_HEIGHT)
    cursor.skip(height=6)


def _health_card(page: _Page, columns: int) -> _Card:
    content = page.content
    now: HealthLevel
    before: HealthLevel | None
    if content.team is not None and page.teams:
        now = page.teams[0].health
        previous_team = page.previous.same_team(page.teams[0]) if page.previous else None
        before = previous_team.health if previous_team else None
        label = "Team health"
    else:
        now = page.state.overall_health
        before = page.previous.overall_health if page.previous else None
        label = "Overall health"
    change = trend_word(before, now)
    if before is None:
        detail = "No earlier report to compare with"
    elif change == "Same":
        detail = "Same as the last report"
    else:
        detail = f"{change} since the last report (was {before.label.lower()})"
    return _Card(label, Span(now.label, f"kpi_{now.value}"), detail, columns)


def _go_live_card(page: _Page, columns: int) -> _Card:
    state, previous = page.state, page.previous
    projected = state.projected_go_live
    figure = Span(projected, "kpi_figure_date") if projected else Span("Not forecast", "kpi_figure")
    before = previous.projected_go_live if previous else None
    if previous is None:
        detail = "No earlier report to compare with"
    elif before is None:
        detail = "Not forecast in the last report"
    elif projected is None:
        detail = f"Last report: {date_text(before)}"
    else:
        moved = page.line.working_days_between(before, projected)
        detail = f"Last report: {date_text(before)} ({_moved_words(moved)})"
    return _Card("Projected go-live", figure, detail, columns)


def _target_card(page: _Page, columns: int) -> _Card:
    state = page.state
    if state.target_go_live is None:
        return _Card("Against target", Span("No target", "kpi_figure"), "No go-live target is set", columns)
    return _Card(
        "Against target",
        Span(signed_days(state.slip_days, "On target"), "kpi_figure"),
        f"{_late_or_early(state.slip_days, 'the target')} {date_text(state.target_go_live)}",
        columns,
    )


def _baseline_card(page: _Page, columns: int) -> _Card:
    go_live = go_live_workstream(page.state)
    if go_live is None or go_live.baseline_due is None or go_live.baseline_variance is None:
        return _Card("Against baseline", Span("No baseline", "kpi_figure"), "No baseline go-live", columns)
    variance = go_live.baseline_variance
    return _Card(
        "Against baseline",
        Span(signed_days(variance, "On baseline"), "kpi_figure"),
        f"{_late_or_early(variance, 'the baseline')} {date_text(go_live.baseline_due)} ({go_live.key})",
        columns,
    )


def _complete_card(page: _Page, columns: int) -> _Card:
    now = _percent_complete(page, page.state)
    if page.previous is None:
        detail = "Weighted by planned working days"
    else:
        detail = f"Last report: {_percent_complete(page, page.previous)}%"
    return _Card("Complete", Span(now / 100, "kpi_figure_percent"), detail, columns)


def _status_card(page: _Page, columns: int) -> _Card:
    counts = status_counts(page.workstreams)
    detail = " · ".join(f"{counts[status]} {status.label.lower()}" for status in Status if counts[status])
    return _Card("Workstreams", Span(len(page.workstreams), "kpi_figure"), detail, columns)


def _open_health_card(page: _Page, columns: int) -> _Card:
    counts = health_counts(page.workstreams)
    figure = f"{counts[HealthLevel.RED]} red · {counts[HealthLevel.AMBER]} amber"
    detail = (
        f"{counts[HealthLevel.GREEN]} green · closed: {counts[HealthLevel.DONE]} done, "
        f"{counts[HealthLevel.CANCELLED]} cancelled"
    )
    return _Card("Health of open work", Span(figure, "kpi_figure"), detail, columns)


def _percent_complete(page: _Page, state: PlanState) -> int:
    """The analysis's figure for the plan, or for the report's team (in an earlier state: the
    same team, whatever its code was then)."""
    if page.content.team is None:
        return state.percent_complete
    team = state.same_team(page.teams[0]) if page.teams else None
    return team.percent_complete if team is not None else 0


def _late_or_early(days: int, what: str) -> str:
    if days == 0:
        return f"Meets {what}"
    return f"{'Later' if days > 0 else 'Earlier'} than {what}"


def _moved_words(days: int) -> str:
    if days == 0:
        return "unchanged"
    return f"{working_days(days)} {'later' if days > 0 else 'earlier'}"


# ---------------------------------------------------------------- teams and the chart

_TEAM_HEADERS = (
    Span("Team", "header"),
    Span("Lead", "header"),
    Span("Total", "header_right"),
    *(Span(status.label, "header_right") for status in _TEAM_STATUSES),
    Span("Late", "header_right"),
    Span("Health", "header_centre"),
    Span("Trend", "header_centre"),
)


def _teams(cursor: SheetCursor, page: _Page) -> None:
    team_scope = page.content.team is not None
    heading = "Team" if team_scope else "Teams"
    right_heading = "Links with other teams" if team_scope else "Workstreams by status per team"
    left: list[list[Span]] = [
        [Span(heading, "section", _LEFT_COLUMNS)],
        list(_TEAM_HEADERS),
    ]
    left += [_team_row(page, team) for team in page.teams]
    if len(page.teams) > 1:
        left.append(_total_row(page))
    right: list[list[Span]] = [[Span(right_heading, "section", _RIGHT_COLUMNS)]]
    if team_scope:
        right += _link_table(page)
    first = cursor.next_row
    _band(cursor, left, right, least=(0.0, _HEADER_ROW_HEIGHT), rows=_TEAM_ROW_HEIGHT)
    if not team_scope:
        header_row = first + 1
        _add_status_chart(cursor, header_row, header_row + len(page.teams))
    cursor.skip(height=8)


def _team_row(page: _Page, team: TeamState) -> list[Span]:
    before = page.previous.same_team(team) if page.previous else None
    change = trend_word(before.health if before else None, team.health)
    return [
        Span(team.name, "wrap"),
        Span(team.lead or "", "wrap"),
        Span(team.workstreams, "number"),
        *(Span(team.by_status.get(status, 0), "number") for status in _TEAM_STATUSES),
        Span(team.late, "number"),
        Span(team.health.label, health_style(team.health)),
        Span(change, _TREND_STYLES.get(change, "trend_same")),
    ]


def _total_row(page: _Page) -> list[Span]:
    counts = status_counts(page.workstreams)
    state = page.state
    before = page.previous.overall_health if page.previous else None
    change = trend_word(before, state.overall_health)
    return [
        Span("All teams", "total"),
        Span(None, "total_blank"),
        Span(len(page.workstreams), "total_number"),
        *(Span(counts[status], "total_number") for status in _TEAM_STATUSES),
        Span(sum(1 for w in page.workstreams if w.is_late), "total_number"),
        Span(state.overall_health.label, health_style(state.overall_health)),
        Span(change, _TREND_STYLES.get(change, "trend_same")),
    ]


def _link_table(page: _Page) -> list[list[Span]]:
    """For a team's page: its links with other teams by state, both ways."""
    team = page.content.team
    waits: dict[LinkHealth, int] = dict.fromkeys(LinkHealth, 0)
    gives: dict[LinkHealth, int] = dict.fromkeys(LinkHealth, 0)
    for link in page.state.links:
        if not link.cross_team:
            continue
        if link.successor_team == team:
            waits[link.state] += 1
        elif link.predecessor_team == team:
            gives[link.state] += 1
    rows = [
        [
            Span("Link state", "header", 2),
            Span("This team waits on others", "header_centre"),
            Span("Others wait on this team", "header_centre", 3),
        ]
    ]
    for state in LinkHealth:
        rows.append(
            [
                Span(state.label, "text", 2),
                Span(waits[state], "centre"),
                Span(gives[state], "centre", 3),
            ]
        )
    return rows


def _add_status_chart(cursor: SheetCursor, header_row: int, last_row: int) -> None:
    """A stacked bar per team, read from the team table so the two always agree."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 45
    chart.style = 2
    chart.legend.position = "b"
    status_column = {status: 4 + index for index, status in enumerate(_TEAM_STATUSES)}
    for status, colour in _STATUS_BARS:
        column = status_column[status]
        values = Reference(cursor.ws, min_col=column, min_row=header_row, max_row=last_row)
        series = Series(values, title_from_data=True)
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = "FFFFFF"
        chart.series.append(series)
    chart.set_categories(Reference(cursor.ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    chart.x_axis.scaling.orientation = "maxMin"  # the first team on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # with the categories reversed, keeps the numbers below the bars
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = "0"
    chart.x_axis.txPr = chart.y_axis.txPr = None
    chart.height = cursor.points(header_row, cursor.row) / _POINTS_PER_CM
    chart.width = sum(_column_pixels(width) for width in _RIGHT) / _PIXELS_PER_CM
    cursor.ws.add_chart(chart, f"{get_column_letter(_RIGHT_FIRST)}{header_row}")


def _column_pixels(width: float) -> float:
    """Excel's screen width of a column ``width`` units wide (7-pixel digits, 5 pixels of padding)."""
    return width * 7 + 5


# ---------------------------------------------------------------- status updates


def _answers(cursor: SheetCursor, page: _Page) -> None:
    """Per team asked for status updates: when it last answered, or since when it has not."""
    content = page.content
    answers = [a for a in content.team_answers if content.team is None or a.team_code == content.team]
    if not answers:
        return
    waiting = sum(1 for a in answers if a.waiting_since is not None)
    note = f"{waiting} team(s) have not answered" if waiting else "every team asked has answered"
    cursor.write([Span("Status updates", "section", 9), Span(note, "heading_note", _ALL_COLUMNS - 9)])
    for team in answers:
        style = "wrap" if team.waiting_since is not None else "muted"
        cursor.write([Span(answer_line(team, page.state.as_of), style, _ALL_COLUMNS)], least=_LIST_ROW_HEIGHT)
    cursor.skip(height=8)


# ---------------------------------------------------------------- what needs attention


def _attention(cursor: SheetCursor, page: _Page) -> None:
    items = needs_attention(page.workstreams)
    count = f"{len(items)} red or blocked" if items else "nothing red or blocked"
    cursor.write([Span("Needs attention", "section", 9), Span(count, "heading_note", _ALL_COLUMNS - 9)])
    if not items:
        cursor.write([Span("No workstream is red or blocked.", "muted", _ALL_COLUMNS)])
        cursor.skip(height=8)
        return
    cursor.write(
        [
            Span("Workstream", "header", 2),
            Span("Team · owner", "header", 2),
            Span("Health", "header_centre", 1),
            Span("Why", "header", 9),
            Span("Waits on (open links)", "header", 3),
        ],
        least=_HEADER_ROW_HEIGHT,
    )
    by_key = {w.key: w for w in page.state.workstreams}
    comments = page.content.latest_comments
    for w in items[:ATTENTION_LIMIT]:
        cursor.write(
            [
                Span(f"{w.key}  {w.title}", "item", 2),
                Span(_team_and_owner(w), "wrap", 2),
                Span(w.health.label, health_style(w.health)),
                Span(_why(w) + latest_comment_line(comments.get(w.id)), "wrap", 9),
                Span(
                    "\n".join(_provider(link, by_key) for link in open_providers(page.state, w.key)),
                    "wrap",
                    3,
                ),
            ]
        )
    _more(cursor, len(items), ATTENTION_LIMIT, page)
    cursor.skip(height=8)


def open_providers(state: PlanState, key: str) -> list[LinkState]:
    """The links into ``key`` whose providers have not delivered yet: what the item waits on."""
    return [link for link in state.links if link.successor == key and link.state in _OPEN_LINK_STATES]


def _why(w: WorkstreamState) -> str:
    """The item's most important reasons (a blocker first), and how many more there are."""
    reasons = list(w.health_reasons)
    if w.status is Status.BLOCKED and not any(reason.startswith("Blocked") for reason in reasons):
        reasons.insert(0, f"Blocked: {w.blocker_note}" if w.blocker_note else "Blocked, with no blocker note")
    if len(reasons) == 1:
        return reasons[0]
    lines = [f"• {reason}" for reason in reasons[:REASONS_SHOWN]]
    hidden = len(reasons) - REASONS_SHOWN
    if hidden > 0:
        lines.append(f"+{hidden} more {'reason' if hidden == 1 else 'reasons'}")
    return "\n".join(lines)


def latest_comment_line(said: StatusComment | None) -> str:
    """The line under an item's reasons: Latest comment, Ana Silva, Mon 1 Mar 2027 09:30: “…”."""
    if said is None:
        return ""
    text = " ".join(said.text.split())  # one paragraph: the row's height is estimated from it
    if len(text) > COMMENT_SHOWN:
        text = text[: COMMENT_SHOWN - 1].rstrip() + "…"
    return f"\nLatest comment, {said.who}, {day_text(said.at.date())} {said.at:%H:%M}: “{text}”"


def _team_and_owner(w: WorkstreamState) -> str:
    return f"{w.team_code} · {w.owner}" if w.owner else w.team_code


def _provider(link: LinkState, by_key: dict[str, WorkstreamState]) -> str:
    provider = by_key.get(link.predecessor)
    owner = f" · {provider.owner}" if provider and provider.owner else ""
    return f"{link.predecessor} · {link.predecessor_team}{owner} ({link.state.label.lower()})"


def _more(cursor: SheetCursor, total: int, limit: int, page: _Page) -> None:
    if total > limit:
        line = more_line(total - limit, page.full_report)
        cursor.write([Span(line, "note", _ALL_COLUMNS)], least=_LIST_ROW_HEIGHT)


def more_line(hidden: int, full_report: bool) -> str:
    where = "see Workstreams" if full_report else "see the full report"
    return f"…and {hidden} more — {where}"


# ---------------------------------------------------------------- the RAID log

_DECISION_HEADERS = (
    Span("Decision", "header", 2),
    Span("Who decides", "header", 2),
    Span("Gates", "header", 2),
    Span("Needed by", "header_right", 2),
    Span("Working days left", "header_right", 2),
)
_RISK_HEADERS = (
    Span("Score", "header_centre"),
    Span("Risk", "header", 2),
    Span("Owner", "header"),
    Span("Response", "header", 2),
)
# What "since the last report" lists, in its order, with the line's label.
_SINCE = (
    (ChangeKind.RAID_NEW, "New"),
    (ChangeKind.RAID_CLOSED, "Closed"),
    (ChangeKind.RAID_ESCALATED, "Escalated"),
)


def _raid(cursor: SheetCursor, page: _Page) -> None:
    """The decisions needed beside the top risks, then what changed in the log since the last
    report; a plan that keeps no RAID log (in the report's scope) shows none of it."""
    content = page.content
    items = page.state.raid_for(content.team)
    changes = [c for c in scoped_changes(content) if c.kind in dict(_SINCE)]
    if not items and not changes:
        return
    decisions, risks = decisions_needed(items), top_risks(items)
    overdue = sum(1 for d in decisions if d.needed_by is not None and d.needed_by < page.state.as_of)
    decisions_note = (
        f"{plural(len(decisions), 'open decision')}, {overdue} overdue" if decisions else "none open"
    )
    red = sum(1 for r in risks if raid_band(content, r) is HealthLevel.RED)
    risks_note = f"{plural(len(risks), 'open risk')}, {red} red" if risks else "none open"
    left: list[list[Span]] = [
        [Span("Decisions needed", "section", 6), Span(decisions_note, "heading_note", _LEFT_COLUMNS - 6)],
        list(_DECISION_HEADERS),
    ]
    left += [_decision_row(page, d) for d in decisions[:RAID_LIMIT]]
    if not decisions:
        left.append([Span("No decision is waiting to be made.", "muted", _LEFT_COLUMNS)])
    if len(decisions) > RAID_LIMIT:
        left.append([Span(_more_raid(len(decisions) - RAID_LIMIT, page), "note", _LEFT_COLUMNS)])
    right: list[list[Span]] = [
        [Span("Top risks", "section", 3), Span(risks_note, "heading_note", _RIGHT_COLUMNS - 3)],
        list(_RISK_HEADERS),
    ]
    right += [_risk_row(page, r) for r in risks[:RAID_LIMIT]]
    if not risks:
        right.append([Span("No open risk is scored.", "muted", _RIGHT_COLUMNS)])
    if len(risks) > RAID_LIMIT:
        right.append([Span(_more_raid(len(risks) - RAID_LIMIT, page), "note", _RIGHT_COLUMNS)])
    _band(cursor, left, right, least=(0.0, _HEADER_ROW_HEIGHT), rows=_LIST_ROW_HEIGHT)
    if content.previous_info is not None:
        cursor.skip(height=4)
        for kind, label in _SINCE:
            listed = [c for c in changes if c.kind is kind]
            cursor.write(
                [
                    Span(f"{label} since the last report ({len(listed)})", "since_label", 2),
                    Span(_since_line(listed, kind, page), "wrap" if listed else "muted", _ALL_COLUMNS - 2),
                ],
                least=_LIST_ROW_HEIGHT,
            )
    cursor.skip(height=8)


def _decision_row(page: _Page, decision: RaidItem) -> list[Span]:
    needed_by = decision.needed_by
    days, overdue = days_left(page.line, page.state.as_of, needed_by)
    return [
        Span(f"{decision.key}  {decision.title}", "wrap", 2),
        Span(decision.decider or decision.owner_name or "Not named", "wrap", 2),
        Span(", ".join(gated_work(decision)) or "No linked work", "wrap", 2),
        Span(needed_by if needed_by is not None else "Not set", "date" if needed_by else "muted", 2),
        Span(days, "days_overdue" if overdue else "days_left", 2),
    ]


def _risk_row(page: _Page, risk: RaidItem) -> list[Span]:
    score = risk.score or 0
    band = raid_band(page.content, risk) or HealthLevel.GREEN
    proximity = f" (expected by {date_text(risk.proximity)})" if risk.proximity else ""
    response = risk.response.value.capitalize() if risk.response else "No response yet"
    if risk.escalated_to is not None:
        response += f"; escalated to {risk.escalated_to.value}"
    return [
        Span(f"{score} · {band.label}", health_style(band)),
        Span(f"{risk.key}  {risk.title}{proximity}", "wrap", 2),
        Span(risk.owner_name or "No owner", "wrap"),
        Span(response, "wrap", 2),
    ]


def _more_raid(hidden: int, page: _Page) -> str:
    where = f"see {raid_sheet.TITLE}" if page.full_report else "see the full report"
    return f"…and {hidden} more — {where}"


def _since_line(changes: Sequence[Change], kind: ChangeKind, page: _Page) -> str:
    """``R-13 Vendor late · D-4 Migrate business customers first? (decided)``, capped."""
    if not changes:
        return "None"
    named = []
    for change in changes[:RAID_NAMED]:
        detail = ""
        if kind is ChangeKind.RAID_CLOSED and isinstance(change.new, str):
            detail = f" ({change.new.lower()})"
        elif kind is ChangeKind.RAID_ESCALATED and isinstance(change.new, str):
            detail = f" (to {change.new.lower()})"
        named.append(f"{change.key} {change.title}{detail}")
    hidden = len(changes) - RAID_NAMED
    more = (
        f" · and {hidden} more — see {'Changes' if page.full_report else 'the full report'}"
        if hidden > 0
        else ""
    )
    return " · ".join(named) + more


# ---------------------------------------------------------------- milestones and what falls due

_MILESTONE_HEADERS = (
    Span("Milestone", "header", 2),
    Span("Baseline", "header_right", 2),
    Span("Last report", "header_right", 2),
    Span("Forecast", "header_right", 2),
    Span("Variance", "header_right"),
    Span("Moved", "header_right"),
)
_DUE_HEADERS = (
    Span("Due", "header_centre"),
    Span("Workstream", "header", 2),
    Span("Owner", "header"),
    Span("Done", "header_right"),
    Span("Health", "header_centre"),
)


def _milestones_and_due_soon(cursor: SheetCursor, page: _Page) -> None:
    horizon = due_horizon(page.content.calendar, page.state.as_of)
    listed = milestones(page.workstreams)
    due = due_soon(page.workstreams, page.state.as_of, horizon)

    left: list[list[Span]] = [
        [Span("Milestones", "section", _LEFT_COLUMNS)],
        list(_MILESTONE_HEADERS),
    ]
    left += [_milestone_row(page, w) for w in listed[:LIST_LIMIT]]
    if not listed:
        whose = "this team's work" if page.content.team else "this plan"
        left.append([Span(f"No milestones in {whose}.", "muted", _LEFT_COLUMNS)])
    if len(listed) > LIST_LIMIT:
        left.append([Span(more_line(len(listed) - LIST_LIMIT, page.full_report), "note", _LEFT_COLUMNS)])
    left.append(
        [
            Span(
                "Variance: working days the forecast is past the baseline. "
                "Moved: working days the forecast moved since the last report.",
                "note",
                _LEFT_COLUMNS,
            )
        ]
    )

    right: list[list[Span]] = [
        [Span(f"Due by {day_text(horizon)} (next two working weeks)", "section", _RIGHT_COLUMNS)],
        list(_DUE_HEADERS),
    ]
    right += [_due_row(w) for w in due[:LIST_LIMIT]]
    if not due:
        right.append([Span("Nothing open falls due in the next two working weeks.", "muted", _RIGHT_COLUMNS)])
    if len(due) > LIST_LIMIT:
        right.append([Span(more_line(len(due) - LIST_LIMIT, page.full_report), "note", _RIGHT_COLUMNS)])
    _band(cursor, left, right, least=(0.0, _HEADER_ROW_HEIGHT), rows=_LIST_ROW_HEIGHT)


def _milestone_row(page: _Page, w: WorkstreamState) -> list[Span]:
    before = page.previous_by_id.get(w.id)
    was = before.forecast_finish if before else None
    moved = (
        page.line.working_days_between(was, w.forecast_finish)
        if was is not None and w.forecast_finish is not None
        else None
    )
    return [
        Span(one_line(f"{w.key}  {w.title}", sum(_LEFT[:2])), "text", 2),
        Span(w.baseline_due, "date", 2),
        Span(was, "date", 2),
        Span(w.forecast_finish, "date", 2),
        Span(w.baseline_variance, "signed"),
        Span(moved, "signed"),
    ]


def _due_row(w: WorkstreamState) -> list[Span]:
    return [
        Span(w.planned_due, "date_centre"),
        Span(one_line(f"{w.key}  {w.title}", sum(_RIGHT[1:3])), "text", 2),
        Span(one_line(w.owner or "", _RIGHT[3]), "text"),
        Span(None if w.is_milestone else w.progress / 100, "percent"),
        Span(w.health.label, health_style(w.health)),
    ]


# ---------------------------------------------------------------- bands


def _band(
    cursor: SheetCursor,
    left: Sequence[Sequence[Span]],
    right: Sequence[Sequence[Span]],
    least: Sequence[float],
    rows: float = 0.0,
) -> None:
    """Rows that hold a left and a right block side by side, each padded to its area.

    Each row is at least as tall as ``least`` gives for its place, and rows past the end of
    ``least`` at least ``rows`` points.
    """
    for index in range(max(len(left), len(right))):
        spans = [
            *_padded(left[index] if index < len(left) else (), _LEFT_COLUMNS),
            blank(len(_GAP)),
            *_padded(right[index] if index < len(right) else (), _RIGHT_COLUMNS),
        ]
        cursor.write(spans, least=least[index] if index < len(least) else rows)


def _padded(spans: Sequence[Span], columns: int) -> list[Span]:
    used = sum(span.columns for span in spans)
    return [*spans, blank(columns - used)] if used < columns else list(spans)
