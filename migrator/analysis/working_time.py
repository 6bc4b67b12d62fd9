"""Working time as a line of numbered working days.

Working day ``n`` begins at instant ``n`` and ends at instant ``n + 1``, so a workstream
from day ``s`` to day ``d`` occupies instants ``[s, d + 1)`` and lasts ``d - s + 1`` working
days, and a lag of ``k`` working days is ``+ k`` on an instant. All scheduling maths is
integer arithmetic on these instants; dates appear only at the edges.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import ValidationError

_ONE_DAY = timedelta(days=1)


class WorkingDayLine:
    """Numbers the working days of a calendar around an origin and converts both ways.

    The line grows on demand in both directions, so any date or index can be asked for.
    """

    def __init__(self, calendar: WorkingCalendar, origin: date) -> None:
        if not calendar.working_weekdays:
            raise ValidationError("The working calendar has no working weekdays; pick at least one.")
        self._calendar = calendar
        first = calendar.next_working_day(origin)
        self._ahead: list[date] = [first]  # index 0, 1, 2, ...
        self._behind: list[date] = []  # index -1, -2, ...
        self._index: dict[date, int] = {first: 0}
        # start_instant and finish_instant as mappings that keep each answer: a plan repeats its
        # dates, and a dictionary lookup costs a fraction of two method calls per date. (They refer
        # back to the line: a small cycle, left to the collector, that holds nothing else.)
        self.starts: dict[date, int] = _Instants(self.start_instant)
        self.finishes: dict[date, int] = _Instants(self.finish_instant)

    @property
    def calendar(self) -> WorkingCalendar:
        return self._calendar

    def day(self, index: int) -> date:
        """The working day numbered ``index``."""
        if index >= 0:
            while index >= len(self._ahead):
                self._grow_ahead()
            return self._ahead[index]
        while -index > len(self._behind):
            self._grow_behind()
        return self._behind[-index - 1]

    def index_on_or_after(self, day: date) -> int:
        """Index of ``day``, or of the next working day when ``day`` is not one (a start)."""
        found = self._index.get(day)
        return found if found is not None else self._find(self._calendar.next_working_day(day))

    def index_on_or_before(self, day: date) -> int:
        """Index of ``day``, or of the previous working day when ``day`` is not one (a due date)."""
        found = self._index.get(day)
        return found if found is not None else self._find(self._calendar.previous_working_day(day))

    # Instants ---------------------------------------------------------------------------

    def start_instant(self, day: date) -> int:
        """The beginning of the working day a start on ``day`` counts from."""
        return self.index_on_or_after(day)

    def finish_instant(self, day: date) -> int:
        """The end of the working day a due date (or milestone) on ``day`` counts as."""
        return self.index_on_or_before(day) + 1

    def start_date(self, instant: int) -> date:
        return self.day(instant)

    def finish_date(self, instant: int) -> date:
        return self.day(instant - 1)

    def working_days_between(self, earlier: date, later: date) -> int:
        """Working days from ``earlier`` to ``later`` (negative when ``later`` is earlier)."""
        return self.index_on_or_before(later) - self.index_on_or_before(earlier)

    # Growing ---------------------------------------------------------------------------

    def _find(self, working_day: date) -> int:
        while working_day not in self._index:
            if working_day > self._ahead[-1]:
                self._grow_ahead()
            else:
                self._grow_behind()
        return self._index[working_day]

    def _grow_ahead(self) -> None:
        day = self._ahead[-1] + _ONE_DAY
        while not self._calendar.is_working_day(day):
            day += _ONE_DAY
        self._index[day] = len(self._ahead)
        self._ahead.append(day)

    def _grow_behind(self) -> None:
        day = (self._behind[-1] if self._behind else self._ahead[0]) - _ONE_DAY
        while not self._calendar.is_working_day(day):
            day -= _ONE_DAY
        self._behind.append(day)
        self._index[day] = -len(self._behind)


class _Instants(dict[date, int]):
    """Instants by date, each worked out on first lookup (an index, once given, never changes)."""

    def __init__(self, convert: Callable[[date], int]) -> None:
        super().__init__()
        self._convert = convert

    def __missing__(self, day: date) -> int:
        instant = self[day] = self._convert(day)
        return instant
