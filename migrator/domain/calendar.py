"""The migration's working calendar: which days count as working days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MONDAY_TO_FRIDAY = frozenset(range(5))


@dataclass(frozen=True)
class WorkingCalendar:
    working_weekdays: frozenset[int] = MONDAY_TO_FRIDAY  # 0 = Monday
    non_working_dates: frozenset[date] = frozenset()

    @classmethod
    def of(cls, weekdays: Iterable[int] = MONDAY_TO_FRIDAY, holidays: Iterable[date] = ()) -> WorkingCalendar:
        return cls(frozenset(weekdays), frozenset(holidays))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_weekdays and day not in self.non_working_dates

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """Move ``count`` working days from the working day at or after ``day``."""
        day = self.next_working_day(day)
        step = timedelta(days=1 if count >= 0 else -1)
        for _ in range(abs(count)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day
