"""Public holidays that move with Easter, and Berlin's calendar of them (the demo's office)."""

from __future__ import annotations

from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def berlin_holidays(year: int) -> dict[date, str]:
    """Public holidays in Berlin, plus the two days the office closes at year end."""
    easter = easter_sunday(year)
    return {
        date(year, 1, 1): "Neujahr (New Year's Day)",
        date(year, 3, 8): "Internationaler Frauentag (International Women's Day)",
        easter - timedelta(days=2): "Karfreitag (Good Friday)",
        easter + timedelta(days=1): "Ostermontag (Easter Monday)",
        date(year, 5, 1): "Tag der Arbeit (Labour Day)",
        easter + timedelta(days=39): "Christi Himmelfahrt (Ascension Day)",
        easter + timedelta(days=50): "Pfingstmontag (Whit Monday)",
        date(year, 10, 3): "Tag der Deutschen Einheit (German Unity Day)",
        date(year, 12, 24): "Heiligabend (Christmas Eve, office closed)",
        date(year, 12, 25): "1. Weihnachtstag (Christmas Day)",
        date(year, 12, 26): "2. Weihnachtstag (St Stephen's Day)",
        date(year, 12, 31): "Silvester (New Year's Eve, office closed)",
    }
