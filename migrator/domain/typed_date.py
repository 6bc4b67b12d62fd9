"""Reading a date as a person types it: whole text, several common forms, or a reason it is not one."""

from __future__ import annotations

import calendar
import re
from datetime import date

from migrator.domain.errors import ValidationError

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EMPTY = ("", "—", "-")
# At most four digits a part: a longer number is no day, month or year (nor is it read as one).
_NUMERIC = re.compile(r"(\d{1,4})([/.\-])(\d{1,4})(?:\2(\d{1,4}))?")
_QUOTED_AT_MOST = 40
# A space after a separator and a closing dot, as Korea and Hungary write 2027. 1. 15.
_SPACED = re.compile(r"([/.\-]) ")


def date_examples(year_first: bool = False) -> str:
    """Forms to show someone who typed something else: only forms their system's order reads."""
    return f"15 Jan 2027, 2027-01-15 or {'2027/01/15' if year_first else '15/01/2027'}"


class DateTextError(ValidationError):
    """The text is not a date; the message names the text and says why."""


def read_typed_date(text: str, *, day_first: bool, near: date, year_first: bool = False) -> date | None:
    """The date ``text`` stands for, or None for an empty text ("" or "—").

    Forms: ``15 Jan 2027``, ``15 January 2027``, ``Jan 15, 2027``, ``2027-01-15``, ``2027/01/15``,
    ``2027.01.15`` and ``2027. 1. 15.``, ``15.01.2027`` (dots: day first), ``15/01/2027`` or
    ``01/15/2027`` as ``day_first`` says unless only one reading is a date (``25/01/2027``),
    two-digit years as 20xx, a leading weekday (ignored: the date is what counts), any case and
    spacing. Without a year (``15 jan``, ``15/01``) the date is the one nearest to ``near`` (the
    later one on a tie). Raises DateTextError for anything else.

    ``year_first``: the system writes dates year first in its own order (``2027/1/15`` in China
    and Japan, ``27. 1. 15.`` in Korea). A date typed with two numbers first is then read in the
    order the system puts day and month after the year (``day_first``), whatever the separator:
    ``01/15/2027`` is 15 January, and ``15/01/2027`` is refused, not read the other way round.
    """
    cleaned = " ".join(text.lower().replace(",", " ").split())
    if cleaned in _EMPTY:
        return None
    words = cleaned.split(" ")
    if len(words) > 1 and _name_of(words[0].rstrip("."), _WEEKDAYS) is not None:
        words = words[1:]
    compact = _SPACED.sub(r"\1", " ".join(words)).removesuffix(".")
    numeric = _NUMERIC.fullmatch(compact)
    parts = _numeric_parts(numeric, day_first, year_first) if numeric is not None else _named_parts(words)
    if parts is None:
        raise DateTextError(f"{_quoted(text)} is not a date: type it like {date_examples(year_first)}.")
    year, month, day = parts
    if year_first and numeric is not None and not 1 <= month <= 12:
        order = "day comes before the month" if day_first else "month comes before the day"
        raise DateTextError(
            f"{_quoted(text)} is not a date: there is no month {month} (the {order} here, "
            f"as in {'15/01/2027' if day_first else '01/15/2027'} or 2027/01/15)."
        )
    return _checked(text, year, month, day, near)


def _numeric_parts(
    found: re.Match[str], day_first: bool, year_first: bool
) -> tuple[int | None, int, int] | None:
    first, separator, second, third = found.groups()
    if len(first) == 4:  # 2027-01-15, 2027/01/15
        return (int(first), int(second), int(third)) if third and len(third) <= 2 else None
    year = _year(third) if third else None
    if third and year is None:
        return None
    a, b = int(first), int(second)
    if year_first:
        day_first_here = day_first  # the system's own order: 15/01 is refused, not guessed the other way
    elif separator == "." or (a > 12 >= b):
        day_first_here = True
    elif b > 12 >= a:
        day_first_here = False
    else:
        day_first_here = day_first
    return (year, b, a) if day_first_here else (year, a, b)


def _named_parts(words: list[str]) -> tuple[int | None, int, int] | None:
    """15 Jan 2027, Jan 15 2027, 15-jan-2027, 15jan2027, 15th January."""
    tokens = re.findall(r"[a-z]+|\d+", " ".join(words))
    if len("".join(tokens)) != len(re.sub(r"[\s./\-]", "", " ".join(words))):
        return None  # something other than letters, digits and separators
    names = [t for t in tokens if t.isalpha() and t not in ("st", "nd", "rd", "th")]
    numbers = [t for t in tokens if t.isdigit()]
    if len(names) != 1 or not 1 <= len(numbers) <= 2:
        return None
    month = _name_of(names[0], _MONTHS)
    if month is None:
        return None
    if len(numbers) == 1:
        return (None, month, int(numbers[0])) if len(numbers[0]) <= 2 else None
    if len(numbers[0]) == 4:  # 2027 Jan 15
        day_text, year_text = numbers[1], numbers[0]
    else:
        day_text, year_text = numbers
    year = _year(year_text)
    return (year, month, int(day_text)) if year is not None and len(day_text) <= 2 else None


def _name_of(word: str, names: tuple[str, ...]) -> int | None:
    """1-based position of the name ``word`` spells or starts with (at least three letters)."""
    if len(word) < 3:
        return None
    found = [number for number, name in enumerate(names, start=1) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _year(text: str) -> int | None:
    if len(text) == 2:
        return 2000 + int(text)
    return int(text) if len(text) == 4 else None


def _checked(text: str, year: int | None, month: int, day: int, near: date) -> date:
    typed = _quoted(text)
    if not 1 <= month <= 12:
        raise DateTextError(f"{typed} is not a date: there is no month {month}.")
    if year is None:
        candidates = [
            date(y, month, day)
            for y in (near.year - 1, near.year, near.year + 1)
            if 1 <= y <= 9999 and _exists(y, month, day)  # the years a date can have
        ]
        if not candidates:
            raise DateTextError(f"{typed} is not a date: {_MONTHS[month - 1].capitalize()} has no day {day}.")
        return min(candidates, key=lambda d: (abs((d - near).days), -d.toordinal()))
    if not 1 <= year <= 9999 or not _exists(year, month, day):
        days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 0
        raise DateTextError(
            f"{typed} is not a date: {_MONTHS[month - 1].capitalize()} {year} has {days} days."
            if days
            else f"{typed} is not a date."
        )
    return date(year, month, day)


def _quoted(text: str) -> str:
    """The typed text in quotes, its start only when long (a pasted page would drown the reason)."""
    typed = text.strip()
    return f'"{typed}"' if len(typed) <= _QUOTED_AT_MOST else f'"{typed[:_QUOTED_AT_MOST]}…"'


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]
