"""The timeline's geometry: date scale, header ticks, rows, bars, dependency arrows, shading and drags.

Content coordinates: x grows with the date from the scale's origin (day ``origin`` begins at
x = 0), y grows with the row (row ``r`` begins at ``r * ROW_HEIGHT``). The view subtracts its
scroll offsets; nothing here knows about widgets.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import Dependency, DependencyType
from migrator.domain.wording import month_text

ROW_HEIGHT = 28
BAR_TOP = 6  # from the row's top
BAR_HEIGHT = 14
BASELINE_TOP = 22  # the baseline ghost sits under the bar
BASELINE_HEIGHT = 4
DIAMOND_HALF = 7  # a milestone's diamond reaches this far each side of its centre
ARROW_STUB = 8  # an arrow leaves and enters a bar horizontally for at least this long
END_GRIP = 5  # the last pixels of a bar drag its due date
HANDLE_GAP = 11  # the link handle's centre, right of the bar's end (or of its slip)
HANDLE_RADIUS = 5

# Pixels per day, from a year and a half across a laptop screen to single days you can read.
ZOOM_LEVELS = (0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0, 48.0)
_ONE_DAY = timedelta(days=1)


# ---------------------------------------------------------------- the date scale


@dataclass(frozen=True)
class DateScale:
    """Dates to x and back: day ``origin`` spans x in [0, px_per_day)."""

    origin: date
    px_per_day: float

    def x(self, day: date) -> float:
        """Where ``day`` begins."""
        return (day - self.origin).days * self.px_per_day

    def x_end(self, day: date) -> float:
        """Where ``day`` ends (a due date is included in its bar)."""
        return self.x(day) + self.px_per_day

    def x_centre(self, day: date) -> float:
        return self.x(day) + self.px_per_day / 2

    def day_at(self, x: float) -> date:
        """The day under ``x``."""
        return self.origin + timedelta(days=math.floor(x / self.px_per_day))

    def zoomed(self, px_per_day: float) -> DateScale:
        return DateScale(self.origin, clamp_zoom(px_per_day))


def clamp_zoom(px_per_day: float) -> float:
    return min(max(px_per_day, ZOOM_LEVELS[0]), ZOOM_LEVELS[-1])


def zoom_in(px_per_day: float) -> float:
    """The next zoom level closer in (a fitted scale joins the levels here)."""
    return next((level for level in ZOOM_LEVELS if level > px_per_day * 1.001), ZOOM_LEVELS[-1])


def zoom_out(px_per_day: float) -> float:
    return next((level for level in reversed(ZOOM_LEVELS) if level < px_per_day * 0.999), ZOOM_LEVELS[0])


def zoom_offset(offset: float, anchor: float, old_px_per_day: float, new_px_per_day: float) -> float:
    """The scroll offset that keeps the date at viewport x ``anchor`` under it after a zoom."""
    return (offset + anchor) * new_px_per_day / old_px_per_day - anchor


def fit(
    first: date,
    last: date,
    width: float,
    origin: date,
    margin: float = 24,
    captions: Iterable[tuple[date, float]] = (),
) -> tuple[DateScale, float]:
    """The scale and scroll offset that show ``first`` to ``last`` (inclusive) across ``width``,
    with ``margin`` either side; ``captions``, (the last day of a bar, the room its caption takes
    right of it): each ends inside ``width`` too."""
    px = (width - 2 * margin) / max((last - first).days + 1, 1)
    for end, room in captions:
        px = min(px, (width - margin - room) / max((end - first).days + 1, 1))
    scale = DateScale(origin, clamp_zoom(px))
    return scale, scale.x(first) - margin


def chart_span(first: date, last: date) -> tuple[date, date]:
    """The dates the chart can scroll over: the plan with room either side, starting on a Monday."""
    start = first - timedelta(days=28)
    return start - timedelta(days=start.weekday()), last + timedelta(days=84)


# ---------------------------------------------------------------- header ticks


class TickUnit(enum.Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Tick(NamedTuple):
    """One unit of the date header: it begins at ``x`` and is ``width`` wide."""

    day: date
    x: float
    width: float
    label: str


def tick_units(px_per_day: float) -> tuple[TickUnit, TickUnit]:
    """The header's upper and lower bands at a zoom: each lower unit has room for its label."""
    if px_per_day >= 20:
        return TickUnit.MONTH, TickUnit.DAY
    if px_per_day >= 4:
        return TickUnit.MONTH, TickUnit.WEEK
    if px_per_day >= 1.5:
        return TickUnit.YEAR, TickUnit.MONTH
    return TickUnit.YEAR, TickUnit.QUARTER


def unit_start(unit: TickUnit, day: date) -> date:
    """The beginning of the unit ``day`` falls in."""
    if unit is TickUnit.DAY:
        return day
    if unit is TickUnit.WEEK:
        return day - timedelta(days=day.weekday())
    if unit is TickUnit.MONTH:
        return day.replace(day=1)
    if unit is TickUnit.QUARTER:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def next_unit(unit: TickUnit, day: date) -> date:
    """The beginning of the unit after the one starting on ``day``."""
    if unit is TickUnit.DAY:
        return day + _ONE_DAY
    if unit is TickUnit.WEEK:
        return day + timedelta(days=7)
    months = {TickUnit.MONTH: 1, TickUnit.QUARTER: 3, TickUnit.YEAR: 12}[unit]
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def tick_label(unit: TickUnit, day: date, upper: bool) -> str:
    if unit is TickUnit.YEAR:
        return str(day.year)
    if unit is TickUnit.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1}"
    if unit is TickUnit.MONTH:
        return f"{month_text(day)} {day.year}" if upper else month_text(day)
    return str(day.day)


def ticks(scale: DateScale, unit: TickUnit, first: date, last: date, upper: bool = False) -> list[Tick]:
    """The units from the one holding ``first`` to the one holding ``last``."""
    found = []
    day = unit_start(unit, first)
    while day <= last:
        following = next_unit(unit, day)
        x = scale.x(day)
        found.append(Tick(day, x, scale.x(following) - x, tick_label(unit, day, upper)))
        day = following
    return found


def header_ticks(scale: DateScale, first: date, last: date) -> tuple[list[Tick], list[Tick]]:
    """The upper and lower bands of the date header over ``first`` to ``last``."""
    upper, lower = tick_units(scale.px_per_day)
    return ticks(scale, upper, first, last, upper=True), ticks(scale, lower, first, last)


# ---------------------------------------------------------------- non-working days


def non_working_runs(calendar: WorkingCalendar, first: date, last: date) -> list[tuple[date, int]]:
    """Runs of consecutive non-working days from ``first`` to ``last``: (first day, length)."""
    runs: list[tuple[date, int]] = []
    day, run_start = first, None
    while day <= last:
        if not calendar.is_working_day(day):
            run_start = run_start or day
        elif run_start is not None:
            runs.append((run_start, (day - run_start).days))
            run_start = None
        day += _ONE_DAY
    if run_start is not None:
        runs.append((run_start, (day - run_start).days))
    return runs


# ---------------------------------------------------------------- rows


class Row(NamedTuple):
    team_id: int
    workstream_id: int | None  # None: the team's header row


def group_by_team(ids: Iterable[int], team_of: Mapping[int, int]) -> list[tuple[int, list[int]]]:
    """The workstreams under their teams, teams in the order they first appear, rows as given."""
    groups: dict[int, list[int]] = {}
    for workstream_id in ids:
        team_id = team_of[workstream_id]
        members = groups.get(team_id)
        if members is None:
            members = groups[team_id] = []
        members.append(workstream_id)
    return list(groups.items())


class TimelineRows:
    """A header row per team, then its workstreams unless the team is collapsed; all one height."""

    def __init__(self, groups: Sequence[tuple[int, Sequence[int]]], collapsed: Collection[int] = ()) -> None:
        folded = frozenset(collapsed)
        self._teams: list[int] = []  # per row
        self._workstreams: list[int | None] = []  # per row
        self._row_of: dict[int, int] = {}
        for team_id, members in groups:
            self._teams.append(team_id)
            self._workstreams.append(None)
            if team_id in folded:
                continue
            first = len(self._teams)
            self._row_of.update(zip(members, range(first, first + len(members)), strict=True))
            self._teams.extend([team_id] * len(members))
            self._workstreams.extend(members)

    def __len__(self) -> int:
        return len(self._teams)

    def __getitem__(self, row: int) -> Row:
        return Row(self._teams[row], self._workstreams[row])

    @property
    def height(self) -> int:
        return len(self._teams) * ROW_HEIGHT

    def row_of(self, workstream_id: int) -> int | None:
        """The workstream's row, or None when it is not shown or its team is collapsed."""
        return self._row_of.get(workstream_id)

    def workstream_ids(self) -> list[int]:
        """The workstreams with a row, top to bottom."""
        return [i for i in self._workstreams if i is not None]

    @staticmethod
    def y(row: int) -> int:
        return row * ROW_HEIGHT

    def row_at(self, y: float) -> int | None:
        row = math.floor(y / ROW_HEIGHT)
        return row if 0 <= row < len(self._teams) else None

    def visible(self, top: float, bottom: float) -> range:
        """The rows any part of which lies between ``top`` and ``bottom``."""
        first = max(math.floor(top / ROW_HEIGHT), 0)
        return range(first, min(math.ceil(bottom / ROW_HEIGHT), len(self._teams)))


def team_span(dates: Iterable[tuple[date | None, date | None]]) -> tuple[date, date] | None:
    """From the earliest start to the latest due of a team's (start, due) pairs."""
    first: date | None = None
    last: date | None = None
    for start, due in dates:
        start, due = start or due, due or start
        if start is None or due is None:
            continue
        first = start if first is None or start < first else first
        last = due if last is None or due > last else last
    return (first, last) if first is not None and last is not None else None


# ---------------------------------------------------------------- bars


@dataclass(frozen=True)
class Bar:
    """A workstream's shapes on its row, as x in content coordinates.

    A milestone's ``left`` and ``right`` are its diamond's tips, so arrows meet them.
    """

    left: float
    right: float
    progress_right: float  # the done part runs from ``left`` to here
    slip_right: float | None  # forecast past the due date: from ``right`` to here
    baseline: tuple[float, float] | None  # a milestone's is one point, given twice
    milestone: bool
    resizable: bool = True  # it has a due date to drag (a milestone's date moves with the whole)

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    @property
    def reach(self) -> float:
        """Where the bar's drawing ends on the right, slip included."""
        return self.right if self.slip_right is None else max(self.right, self.slip_right)


def bar_for(
    scale: DateScale,
    start: date | None,
    due: date | None,
    *,
    progress: int = 0,
    forecast_finish: date | None = None,
    baseline_start: date | None = None,
    baseline_due: date | None = None,
    milestone: bool = False,
) -> Bar | None:
    """The bar of a workstream planned from ``start`` to ``due`` (inclusive); None without dates."""
    resizable = due is not None and not milestone
    start, due = start or due, due or start
    if start is None or due is None:
        return None
    start, due = min(start, due), max(start, due)
    late = forecast_finish is not None and forecast_finish > due
    if milestone:
        centre = scale.x_centre(due)
        return Bar(
            left=centre - DIAMOND_HALF,
            right=centre + DIAMOND_HALF,
            progress_right=centre + DIAMOND_HALF if progress >= 100 else centre - DIAMOND_HALF,
            slip_right=scale.x_centre(forecast_finish) if late and forecast_finish else None,
            baseline=((scale.x_centre(baseline_due), scale.x_centre(baseline_due)) if baseline_due else None),
            milestone=True,
            resizable=False,
        )
    left, right = scale.x(start), scale.x_end(due)
    baseline_start, baseline_due = baseline_start or baseline_due, baseline_due or baseline_start
    return Bar(
        left=left,
        right=right,
        progress_right=left + (right - left) * min(max(progress, 0), 100) / 100,
        slip_right=scale.x_end(forecast_finish) if late and forecast_finish else None,
        baseline=(
            (scale.x(baseline_start), scale.x_end(baseline_due)) if baseline_start and baseline_due else None
        ),
        milestone=False,
        resizable=resizable,
    )


def bar_middle(row: int) -> float:
    """The y of a bar's middle line in ``row``: where arrows meet it."""
    return row * ROW_HEIGHT + BAR_TOP + BAR_HEIGHT / 2


class BarPart(enum.Enum):
    BODY = "body"  # drag to move
    END = "end"  # drag to change the due date
    LINK_HANDLE = "link handle"  # drag onto another bar to link them


def handle_centre(bar: Bar) -> float:
    return bar.reach + HANDLE_GAP


def part_at(bar: Bar, x: float) -> BarPart | None:
    """What a press at ``x`` on the bar's row would grab."""
    if abs(x - handle_centre(bar)) <= HANDLE_RADIUS + 1:
        return BarPart.LINK_HANDLE
    # A milestone has one date, a bar without a due date has none to drag, and a bar too short
    # to hold both grips is moved, not resized.
    grip = bar.resizable and bar.right - bar.left >= 3 * END_GRIP
    if grip and bar.right - END_GRIP <= x <= bar.right + 2:
        return BarPart.END
    if bar.left - 1 <= x <= bar.right + 1:
        return BarPart.BODY
    return None


# ---------------------------------------------------------------- dependency arrows


class Route(NamedTuple):
    """An arrow's polyline; its last segment is horizontal and ends at the successor."""

    points: tuple[tuple[float, float], ...]

    @property
    def heading(self) -> int:
        """+1 when the head points right (it enters a left end), -1 when it points left."""
        (x0, _), (x1, _) = self.points[-2:]
        return 1 if x1 >= x0 else -1


# Which end of the predecessor a link leaves and which end of the successor it enters:
# (leaves the predecessor's right end, enters the successor's left end).
LINK_ENDS = {
    DependencyType.FS: (True, True),
    DependencyType.SS: (False, True),
    DependencyType.FF: (True, False),
    DependencyType.SF: (False, False),
}


def arrow_route(kind: DependencyType, before: Bar, before_row: int, after: Bar, after_row: int) -> Route:
    """An elbow connector from ``before`` (predecessor) to ``after`` (successor).

    It leaves and enters horizontally, going out of the predecessor and into the successor;
    when the successor's end lies behind the way out (an FS successor starting before its
    predecessor ends, an SF one ending after it starts) it goes round between the rows."""
    from_right, into_left = LINK_ENDS[kind]
    out = 1 if from_right else -1
    heading = 1 if into_left else -1
    sx, sy = (before.right if from_right else before.left), bar_middle(before_row)
    tx, ty = (after.left if into_left else after.right), bar_middle(after_row)
    leave, arrive = sx + out * ARROW_STUB, tx - heading * ARROW_STUB
    if out != heading:  # SS or FF: turn at the outermost of both stubs
        turn = min(leave, arrive) if out < 0 else max(leave, arrive)
        return Route(((sx, sy), (turn, sy), (turn, ty), (tx, ty)))
    if (arrive - leave) * out >= 0:  # FS or SF with room between the ends
        return Route(((sx, sy), (leave, sy), (leave, ty), (tx, ty)))
    # Round the back: along the edge of the predecessor's row that faces the successor.
    between = before_row * ROW_HEIGHT + (ROW_HEIGHT if after_row > before_row else 0)
    return Route(((sx, sy), (leave, sy), (leave, between), (arrive, between), (arrive, ty), (tx, ty)))


class LinkIndex:
    """The links of each workstream, so only those touching the visible rows are looked at.

    Kept by workstream id, not by row: collapsing a team or filtering leaves it as it is."""

    def __init__(self, links: Iterable[tuple[int, int, int]]) -> None:
        """``links``: (link id, predecessor id, successor id)."""
        self.ends: dict[int, tuple[int, int]] = {}
        self._of: dict[int, list[int]] = {}
        for link in links:
            self._add(*link)

    def _add(self, link_id: int, before: int, after: int) -> None:
        self.ends[link_id] = (before, after)
        for end in (before, after):
            found = self._of.get(end)
            if found is None:
                self._of[end] = [link_id]
            else:
                found.append(link_id)

    def sync(self, dependencies: Mapping[int, Dependency]) -> None:
        """Follow an edit of the plan's links: drop the removed ones, add the new ones.

        A link keeps its ends for life (an edit changes its type or lag), so nothing else moves."""
        for link_id in self.ends.keys() - dependencies.keys():
            for end in self.ends.pop(link_id):
                self._of[end].remove(link_id)
        for link_id in dependencies.keys() - self.ends.keys():
            link = dependencies[link_id]
            self._add(link_id, link.predecessor_id, link.successor_id)

    def touching(self, rows: TimelineRows, visible: range) -> list[int]:
        """Links with an end in the ``visible`` rows and both ends on a row, each once."""
        found: dict[int, None] = {}
        for row in visible:
            workstream_id = rows[row].workstream_id
            if workstream_id is None:
                continue
            for link_id in self._of.get(workstream_id, ()):
                before, after = self.ends[link_id]
                if rows.row_of(before) is not None and rows.row_of(after) is not None:
                    found[link_id] = None
        return list(found)


# ---------------------------------------------------------------- dragging


def days_dragged(dx: float, px_per_day: float) -> int:
    """Whole days for a drag of ``dx`` pixels (to the nearest day, halves away from zero)."""
    days = abs(dx) / px_per_day
    return int(math.copysign(math.floor(days + 0.5), dx))


def working_shift(calendar: WorkingCalendar, day: date, days: int) -> int:
    """The whole working days a drag of ``days`` calendar days from ``day`` moves it.

    A drop on a non-working day goes on to the next working day in the drag's direction, so any
    drag of a day or more moves the work."""
    if days > 0:
        target = calendar.next_working_day(day + timedelta(days=days))
        return working_days_in(calendar, day + _ONE_DAY, target)
    if days < 0:
        target = calendar.previous_working_day(day + timedelta(days=days))
        return -working_days_in(calendar, target, day - _ONE_DAY)
    return 0


def working_days_in(calendar: WorkingCalendar, first: date, last: date) -> int:
    """The working days from ``first`` to ``last``, both included (0 when ``last`` is earlier)."""
    count, day = 0, first
    while day <= last:
        count += calendar.is_working_day(day)
        day += _ONE_DAY
    return count


def moved(
    calendar: WorkingCalendar, start: date | None, due: date | None, shift: int
) -> tuple[date | None, date | None]:
    """Both dates ``shift`` working days later (see working_shift): they land on working days and
    the working duration stays."""
    if start is None or due is None:
        return (
            calendar.add_working_days(start, shift) if start else None,
            calendar.add_working_days(due, shift) if due else None,
        )
    new_start = calendar.add_working_days(start, shift)
    duration = max(working_days_in(calendar, start, due), 1)
    return new_start, calendar.add_working_days(new_start, duration - 1)


def resized_due(calendar: WorkingCalendar, start: date | None, due: date, days: int) -> date:
    """The due date dragged ``days`` later, on the working day it reaches in the drag's direction,
    never before the start."""
    new_due = due + timedelta(days=days)
    new_due = calendar.next_working_day(new_due) if days >= 0 else calendar.previous_working_day(new_due)
    return max(new_due, calendar.next_working_day(start)) if start else new_due
