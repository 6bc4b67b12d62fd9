"""The working-day line: dates to numbered working days and instants, and back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from migrator.analysis.working_time import WorkingDayLine
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import ValidationError

MON_TO_FRI = WorkingCalendar.of()
# Good Friday and Easter Monday 2027.
EASTER = WorkingCalendar.of(holidays=[date(2027, 3, 26), date(2027, 3, 29)])

MON_1_MAR = date(2027, 3, 1)


def test_origin_is_day_zero_and_days_count_both_ways() -> None:
    line = WorkingDayLine(MON_TO_FRI, MON_1_MAR)
    assert line.day(0) == MON_1_MAR
    assert line.day(4) == date(2027, 3, 5)  # Friday
    assert line.day(5) == date(2027, 3, 8)  # the Monday after: the weekend has no number
    assert line.day(-1) == date(2027, 2, 26)  # the Friday before
    assert line.day(-5) == date(2027, 2, 22)
    assert line.day(-6) == date(2027, 2, 19)
    assert line.index_on_or_after(date(2027, 3, 8)) == 5
    assert line.index_on_or_before(date(2027, 2, 22)) == -5


def test_an_origin_on_a_weekend_numbers_from_the_next_working_day() -> None:
    line = WorkingDayLine(MON_TO_FRI, date(2027, 3, 6))  # a Saturday
    assert line.day(0) == date(2027, 3, 8)
    assert line.day(-1) == date(2027, 3, 5)
    assert line.index_on_or_before(date(2027, 3, 6)) == -1
    assert line.index_on_or_after(date(2027, 3, 7)) == 0


def test_a_start_on_a_weekend_counts_from_monday() -> None:
    line = WorkingDayLine(MON_TO_FRI, MON_1_MAR)
    for weekend_day in (date(2027, 3, 6), date(2027, 3, 7)):
        assert line.start_instant(weekend_day) == line.start_instant(date(2027, 3, 8)) == 5
        assert line.start_date(line.start_instant(weekend_day)) == date(2027, 3, 8)


def test_a_due_date_on_a_weekend_counts_as_friday() -> None:
    line = WorkingDayLine(MON_TO_FRI, MON_1_MAR)
    friday_end = line.finish_instant(date(2027, 3, 5))
    assert friday_end == 5  # the end of day 4 is the beginning of day 5
    assert line.finish_instant(date(2027, 3, 6)) == friday_end
    assert line.finish_instant(date(2027, 3, 7)) == friday_end
    assert line.finish_date(friday_end) == date(2027, 3, 5)


def test_a_due_date_on_a_holiday_counts_as_the_previous_working_day() -> None:
    line = WorkingDayLine(EASTER, MON_1_MAR)
    maundy_thursday = date(2027, 3, 25)
    for holiday in (date(2027, 3, 26), date(2027, 3, 27), date(2027, 3, 28), date(2027, 3, 29)):
        assert line.finish_instant(holiday) == line.finish_instant(maundy_thursday)
        assert line.finish_date(line.finish_instant(holiday)) == maundy_thursday
        # ... and a start on any of them counts from the Tuesday after Easter.
        assert line.start_date(line.start_instant(holiday)) == date(2027, 3, 30)
    assert line.index_on_or_after(date(2027, 3, 30)) - line.index_on_or_before(maundy_thursday) == 1


def test_duration_is_working_days_from_start_to_due_inclusive() -> None:
    line = WorkingDayLine(EASTER, MON_1_MAR)

    def duration(start: date, due: date) -> int:
        return line.finish_instant(due) - line.start_instant(start)

    assert duration(date(2027, 3, 1), date(2027, 3, 1)) == 1
    assert duration(date(2027, 3, 1), date(2027, 3, 5)) == 5
    assert duration(date(2027, 3, 4), date(2027, 3, 9)) == 4  # Thu, Fri, Mon, Tue
    assert duration(date(2027, 3, 25), date(2027, 3, 30)) == 2  # Thursday and Tuesday: Easter between
    assert duration(date(2027, 3, 6), date(2027, 3, 7)) == 0  # a weekend holds no working time


def test_working_days_between_is_signed() -> None:
    line = WorkingDayLine(EASTER, date(2027, 3, 15))
    assert line.working_days_between(date(2027, 3, 22), date(2027, 3, 30)) == 4
    assert line.working_days_between(date(2027, 3, 30), date(2027, 3, 22)) == -4
    assert line.working_days_between(date(2027, 3, 26), date(2027, 3, 25)) == 0  # Good Friday is Thursday
    assert line.working_days_between(date(2027, 3, 1), date(2027, 3, 1)) == 0


def test_negative_indices_skip_weekends_and_holidays_behind_the_origin() -> None:
    line = WorkingDayLine(EASTER, date(2027, 4, 1))  # Thursday after Easter
    assert [line.day(i) for i in range(-4, 1)] == [
        date(2027, 3, 24),
        date(2027, 3, 25),
        date(2027, 3, 30),
        date(2027, 3, 31),
        date(2027, 4, 1),
    ]
    assert line.index_on_or_before(date(2027, 3, 29)) == -3
    assert line.index_on_or_after(date(2027, 3, 26)) == -2


def test_the_line_grows_far_ahead_and_far_behind_in_any_order() -> None:
    line = WorkingDayLine(EASTER, MON_1_MAR)
    far_ahead = date(2035, 7, 4)  # a Wednesday, eight years on
    far_behind = date(2019, 1, 1)  # a Tuesday
    ahead_index = line.index_on_or_after(far_ahead)  # asked before anything in between
    behind_index = line.index_on_or_before(far_behind)
    assert line.day(ahead_index) == far_ahead
    assert line.day(behind_index) == far_behind
    assert EASTER.add_working_days(MON_1_MAR, ahead_index) == far_ahead
    assert EASTER.add_working_days(MON_1_MAR, behind_index) == far_behind
    assert line.day(3000) == EASTER.add_working_days(MON_1_MAR, 3000)
    assert line.day(-3000) == EASTER.add_working_days(MON_1_MAR, -3000)
    # Every number in between still round-trips after the line grew in jumps.
    for index in range(behind_index, ahead_index + 1, 97):
        assert line.index_on_or_after(line.day(index)) == index
        assert line.index_on_or_before(line.day(index)) == index


def test_every_calendar_day_maps_consistently() -> None:
    line = WorkingDayLine(EASTER, date(2027, 3, 20))
    day = date(2027, 2, 1)
    while day < date(2027, 5, 1):
        after, before = line.index_on_or_after(day), line.index_on_or_before(day)
        assert line.day(after) == EASTER.next_working_day(day)
        assert line.day(before) == EASTER.previous_working_day(day)
        assert after == before + (0 if EASTER.is_working_day(day) else 1)
        assert line.finish_date(line.finish_instant(day)) == EASTER.previous_working_day(day)
        assert line.start_date(line.start_instant(day)) == EASTER.next_working_day(day)
        day += timedelta(days=1)


def test_other_working_weeks() -> None:
    sunday_to_thursday = WorkingCalendar.of(weekdays=[6, 0, 1, 2, 3])
    line = WorkingDayLine(sunday_to_thursday, date(2027, 3, 5))  # a Friday: numbered from Sunday
    assert line.day(0) == date(2027, 3, 7)
    assert line.day(-1) == date(2027, 3, 4)
    assert line.finish_date(line.finish_instant(date(2027, 3, 6))) == date(2027, 3, 4)


def test_a_calendar_without_working_weekdays_is_refused() -> None:
    with pytest.raises(ValidationError, match="no working weekdays"):
        WorkingDayLine(WorkingCalendar(frozenset(), frozenset()), MON_1_MAR)
