"""Dates and day counts as the reasons and messages write them, independent of the locale."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=4096)  # a plan's reasons name the same few hundred days tens of thousands of times
def day_text(day: date) -> str:
    """``Mon 15 Mar 2027``: unambiguous in every country, whatever locale Qt has set."""
    return f"{_WEEKDAYS[day.weekday()]} {date_text(day)}"


def date_text(day: date) -> str:
    """``15 Mar 2027``, as the reports' date cells show it."""
    return f"{day.day} {month_text(day)} {day.year}"


def month_text(day: date) -> str:
    """``Mar``: the month's short English name."""
    return _MONTHS[day.month - 1]


def working_days(count: int) -> str:
    return plural(abs(count), "working day")


def signed_days(days: int, on_time: str) -> str:
    """``+12 working days`` late, ``−3 working days`` early (a true minus), or the on-time words."""
    return on_time if days == 0 else f"{'+' if days > 0 else '−'}{working_days(days)}"


def plural(count: int, word: str) -> str:
    """``count`` and a regular noun: "1 team", "3 teams"."""
    return f"{count} {word}{'' if count == 1 else 's'}"
