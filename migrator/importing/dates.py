"""Dates and durations as MS Project, Jira and Smartsheet write them ("Mon 1/4/27", "15/Jan/27",
"4 janv. 2027", "10 days?"), read with the day/month order a whole file proves, never guessed."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from migrator.importing.plan import ISO_DATE, CellProblemError, cell_text, plausible
from migrator.importing.readers import CellValue
from migrator.importing.source_plan import DateOrder

ORDER_WORDS: dict[DateOrder, str] = {"dmy": "day/month", "mdy": "month/day"}


def _fold(text: str) -> str:
    """Lower case without accents: "Févr." and "fevr" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")


def _words(month: int, *names: str) -> dict[str, int]:
    return {_fold(name): month for name in names}


# Month names and the abbreviations the tools write, in English, French, German and Spanish.
MONTHS: dict[str, int] = {
    **_words(1, "january", "jan", "janvier", "janv", "januar", "jänner", "jän", "enero", "ene"),
    **_words(2, "february", "feb", "février", "févr", "fév", "februar", "febrero"),
    **_words(3, "march", "mar", "mars", "märz", "mär", "mrz", "marzo"),
    **_words(4, "april", "apr", "avril", "avr", "abril", "abr"),
    **_words(5, "may", "mai", "mayo"),
    **_words(6, "june", "jun", "juin", "juni", "junio"),
    **_words(7, "july", "jul", "juillet", "juil", "juli", "julio"),
    **_words(8, "august", "aug", "août", "aout", "agosto", "ago"),
    **_words(9, "september", "sep", "sept", "septembre", "septiembre", "setiembre", "set"),
    **_words(10, "october", "oct", "octobre", "oktober", "okt", "octubre"),
    **_words(11, "november", "nov", "novembre", "noviembre"),
    **_words(12, "december", "dec", "décembre", "déc", "dezember", "dez", "diciembre", "dic"),
}

# Weekday names as date formats prefix them ("Mon 1/4/27", "lun. 04/01/27", "Mo 04.01.27").
WEEKDAYS: dict[str, int] = {
    **_words(0, "monday", "mon", "mo", "lundi", "lun", "montag", "lunes", "lu"),
    **_words(1, "tuesday", "tue", "tues", "tu", "mardi", "mar", "dienstag", "di", "martes"),
    **_words(2, "wednesday", "wed", "we", "mercredi", "mer", "mittwoch", "mi", "miércoles", "mié"),
    **_words(3, "thursday", "thu", "thur", "thurs", "th", "jeudi", "jeu", "donnerstag", "do", "jueves",
             "jue", "ju"),
    **_words(4, "friday", "fri", "fr", "vendredi", "ven", "freitag", "viernes", "vie", "vi"),
    **_words(5, "saturday", "sat", "sa", "samedi", "sam", "samstag", "sábado", "sáb"),
    **_words(6, "sunday", "sun", "su", "dimanche", "dim", "sonntag", "so", "domingo", "dom"),
}  # fmt: skip

_TIME = r"(?:[ T,]+\d{1,2}[:h.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?)?"
_WEEKDAY = r"(?:(?P<weekday>[^\W\d_]{2,12})\.?,?\s+)?"
NUMERIC = re.compile(
    rf"^{_WEEKDAY}(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}|\d{{2}}){_TIME}$"
)
YEAR_FIRST = re.compile(rf"^(?P<year>\d{{4}})/(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}}){_TIME}$")
_MONTH = r"(?P<month>[^\W\d_]{3,12}\.?)"
DAY_MONTH_YEAR = re.compile(  # 15/Jan/27, 15-Jan-2027, 4 janv. 2027, 4. Januar 2027, 4 de enero de 2027
    rf"^{_WEEKDAY}(?P<day>\d{{1,2}})\.?(?:[\s/-]+(?:de\s+)?){_MONTH}(?:[\s/-]+(?:de\s+)?)(?P<year>\d{{4}}|\d{{2}}){_TIME}$"
)
MONTH_DAY_YEAR = re.compile(  # January 4, 2027; Jan 4 2027
    rf"^{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}|\d{{2}}){_TIME}$"
)


class AmbiguousDateError(CellProblemError):
    """A date such as 03/04/2027 whose day/month order neither it nor the file proves."""


@dataclass(frozen=True)
class NumericDate:
    """A date written in numbers: ``first``/``second`` are day and month in an order to be decided."""

    text: str
    first: int
    second: int
    year: int
    weekday: int | None = None  # the weekday it was written with, when it names one surely

    def reading(self, order: DateOrder) -> date | None:
        """The date in that order, None when that order gives no real date (or the wrong weekday)."""
        day, month = (self.first, self.second) if order == "dmy" else (self.second, self.first)
        try:
            found = date(self.year, month, day)
        except ValueError:
            return None
        if self.weekday is not None and found.weekday() != self.weekday:
            return None
        return found

    @functools.cached_property
    def orders(self) -> frozenset[DateOrder]:
        """The orders this date can be read in, when they give different dates: one proves the
        order, two mean it is ambiguous; none when the order does not matter (5/5/2027)."""
        dmy, mdy = self.reading("dmy"), self.reading("mdy")
        if dmy is not None and dmy == mdy:
            return frozenset()
        found: set[DateOrder] = set()
        if dmy is not None:
            found.add("dmy")
        if mdy is not None:
            found.add("mdy")
        return frozenset(found)


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _weekday(word: str | None, text: str) -> int | None:
    if word is None:
        return None
    folded = _fold(word)
    if folded not in WEEKDAYS:
        raise CellProblemError(f'"{text}" is not a date: "{word}" is not a weekday.')
    return WEEKDAYS[folded]


def _month(word: str, text: str) -> int:
    folded = _fold(word)
    if folded not in MONTHS:
        raise CellProblemError(f'"{text}" is not a date: "{word}" is not a month.')
    return MONTHS[folded]


def _real(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellProblemError(f'"{text}" is not a real date.') from None


def scan_date(value: CellValue) -> date | NumericDate | None:
    """The date a cell holds, or a NumericDate when its day/month order is still to be decided;
    None when blank. Raises CellProblemError for anything that is not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool | int | float):
        raise CellProblemError(f'"{cell_text(value)}" is a number, not a date.')
    text = cell_text(value)
    return None if text is None else _scan_text(text)


@functools.lru_cache(maxsize=4096)  # a plan's dates repeat: each is read once
def _scan_text(text: str) -> date | NumericDate:
    cleaned = " ".join(text.split())
    if ISO_DATE.match(cleaned):
        try:
            return (
                datetime.fromisoformat(cleaned).date() if len(cleaned) > 10 else date.fromisoformat(cleaned)
            )
        except ValueError:
            raise CellProblemError(f'"{text}" is not a real date.') from None
    if found := YEAR_FIRST.match(cleaned):
        return _real(text, int(found["year"]), int(found["month"]), int(found["day"]))
    if found := NUMERIC.match(cleaned):
        weekday = _weekday(found["weekday"], text)
        year = _year(found["year"])
        first, second = int(found["a"]), int(found["b"])
        if found["sep"] == ".":  # 04.01.2027: dots are written day first, in every locale that uses them
            day = _real(text, year, second, first)
            if weekday is not None and day.weekday() != weekday:
                raise CellProblemError(f'"{text}" is not a real date: {day.isoformat()} is another weekday.')
            return day
        numeric = NumericDate(text, first, second, year, weekday)
        if numeric.reading("dmy") is None and numeric.reading("mdy") is None:
            raise CellProblemError(f'"{text}" is not a real date.')
        return numeric
    if found := DAY_MONTH_YEAR.match(cleaned) or MONTH_DAY_YEAR.match(cleaned):
        weekday = _weekday(found["weekday"], text)
        day = _real(text, _year(found["year"]), _month(found["month"], text), int(found["day"]))
        if weekday is not None and day.weekday() != weekday:
            raise CellProblemError(f'"{text}" is not a real date: {day.isoformat()} is another weekday.')
        return day
    raise CellProblemError(
        f'"{text}" is not a date (write it as YYYY-MM-DD, 04/01/2027, 4 Jan 2027 or January 4, 2027).'
    )


def read_date(value: CellValue, order: DateOrder | None = None) -> date | None:
    """The date a cell holds, in ``order`` when it is written in numbers that could be either;
    None when blank. Raises AmbiguousDateError when the order matters and is not given."""
    if isinstance(value, str):
        return _read_text(value, order) if value.strip() else None
    return _read_found(scan_date(value), order)


@functools.lru_cache(maxsize=4096)
def _read_text(text: str, order: DateOrder | None) -> date | None:
    return _read_found(_scan_text(text), order)


def _read_found(found: date | NumericDate | None, order: DateOrder | None) -> date | None:
    if found is None:
        return None
    if isinstance(found, NumericDate):
        orders = found.orders
        if not orders:
            day = found.reading("dmy")
        elif len(orders) == 1:
            (only,) = orders
            if order is not None and order != only:
                raise CellProblemError(
                    f'"{found.text}" cannot be read {ORDER_WORDS[order]} as the other dates of the file are.'
                )
            day = found.reading(only)
        elif order is None:
            raise AmbiguousDateError(
                f'"{found.text}" can be read day/month or month/day; choose the order '
                "(--date-order dmy or mdy, or Day/month order in the preview)."
            )
        else:
            day = found.reading(order)
        assert day is not None  # orders names only the orders giving a date
        return plausible(day)
    return plausible(found)


@dataclass(frozen=True)
class OrderFinding:
    """What a file's dates say about their day/month order."""

    proven: DateOrder | None  # the order some date proves (a day above 12, a weekday that fits)
    ambiguous: str | None  # the first date that reads two ways, when there is one
    proofs: dict[DateOrder, str]  # each order proven → the first date that proves it

    @property
    def conflicting(self) -> bool:
        """Some dates are day/month and others month/day: no order reads them all."""
        return len(self.proofs) > 1

    @property
    def needs_choice(self) -> bool:
        """Dates read two ways and none proves the order: the coordinator must say."""
        return self.ambiguous is not None and not self.proofs


def find_date_order(values: Iterable[CellValue]) -> OrderFinding:
    """Read the order from every date of a file together; values that are no date are passed over
    (reading them later names the problem)."""
    proofs: dict[DateOrder, str] = {}
    ambiguous: str | None = None
    for value in values:
        if value is None or not isinstance(value, str):
            continue
        try:
            found = scan_date(value)
        except CellProblemError:
            continue
        if not isinstance(found, NumericDate):
            continue
        orders = found.orders
        if len(orders) == 1:
            proofs.setdefault(next(iter(orders)), found.text)
        elif len(orders) == 2 and ambiguous is None:
            ambiguous = found.text
    proven = next(iter(proofs)) if len(proofs) == 1 else None
    return OrderFinding(proven, ambiguous, proofs)


# ---------------------------------------------------------------- durations

HOURS_PER_DAY = 8
DAYS_PER_WEEK = 5
DAYS_PER_MONTH = 20  # MS Project's default
# Each unit → the working days it is worth, and the calendar days it is worth as elapsed time
# ("edays": elapsed time runs every day and all day).
_UNITS: dict[str, tuple[float, float]] = {
    **dict.fromkeys(("", "d", "day", "days", "dy", "dys", "j", "jour", "jours", "jr", "jrs", "t",
                     "tag", "tage", "tg", "dia", "dias"), (1.0, 1.0)),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "sem", "semaine", "semaines", "sems",
                     "wo", "woche", "wochen", "semana", "semanas"), (float(DAYS_PER_WEEK), 7.0)),
    **dict.fromkeys(("mo", "mon", "mons", "month", "months", "mois", "monat", "monate", "mes",
                     "meses"), (float(DAYS_PER_MONTH), 30.0)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "heure", "heures", "std", "stunde",
                     "stunden", "hora", "horas"), (1 / HOURS_PER_DAY, 1 / 24)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "minuten", "minutos"),
                    (1 / (60 * HOURS_PER_DAY), 1 / (24 * 60))),
}  # fmt: skip
DURATION = re.compile(r"^(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>[^\W\d_]*\.?)\s*(?P<estimated>\?)?$")


@dataclass(frozen=True)
class Duration:
    """A duration (or lag) in whole working days, and how it was converted when not exactly."""

    days: int
    estimated: bool = False  # MS Project's "10 days?"
    approximated: str | None = None  # "3 edays (calendar days) taken as 2 working days"


@functools.lru_cache(maxsize=256)
def _unit(word: str) -> tuple[float, bool] | None:
    """Working days per unit, and whether the unit is elapsed (calendar) time."""
    folded = _fold(word)
    if folded in _UNITS:
        return _UNITS[folded][0], False
    if folded.startswith("e") and folded[1:] in _UNITS and folded[1:]:
        # An elapsed week is 7 calendar days, of which 5 are working days.
        return _UNITS[folded[1:]][1] * DAYS_PER_WEEK / 7, True
    return None


def whole_days(days: float) -> int:
    """Rounded half away from zero, as a coordinator would: 2.5 days → 3, -1.5 → -2."""
    return math.floor(abs(days) + 0.5) * (-1 if days < 0 else 1)


def amount_in_days(amount: float, unit: str, text: str) -> Duration:
    """``amount`` of ``unit`` ("3", "edays") in whole working days; refuses units it does not know."""
    found = _unit(unit)
    if found is None:
        raise CellProblemError(f'"{text}": "{unit}" is not a unit of time (days, weeks, hours, months).')
    per, elapsed = found
    exact = amount * per
    days = whole_days(exact)
    approximated = None
    if elapsed:
        approximated = f'"{text}" is calendar time: taken as {days} working days'
    elif not math.isclose(exact, days, abs_tol=1e-9):
        approximated = f'"{text}" is not a whole number of working days: taken as {days}'
    return Duration(days, False, approximated)


def read_duration(value: CellValue) -> Duration | None:
    """ "10 days", "10d", "0 days", "5 edays", "2 wks", "16 hrs", "1 mon", "10 days?" → whole
    working days (8 hours a day, 5 days a week, 20 a month); None when blank."""
    if isinstance(value, bool):
        raise CellProblemError(f'"{cell_text(value)}" is not a duration.')
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0:
            raise CellProblemError(f'"{cell_text(value)}" is not a duration.')
        return amount_in_days(float(value), "", cell_text(value) or "")
    text = cell_text(value)
    return None if text is None else _read_duration_text(text)


@functools.lru_cache(maxsize=1024)  # a plan's durations repeat: each is read once
def _read_duration_text(text: str) -> Duration | None:
    cleaned = " ".join(text.split())
    if cleaned == "?":
        return None
    found = DURATION.match(cleaned)
    if found is None:
        raise CellProblemError(f'"{text}" is not a duration (such as 10 days, 10d, 2 wks or 0d).')
    amount = float(found["amount"].replace(",", "."))
    duration = amount_in_days(amount, found["unit"], text)
    return Duration(duration.days, found["estimated"] is not None, duration.approximated)
