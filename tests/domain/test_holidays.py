"""Easter and Berlin's holidays land on the dates the published calendars give."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.domain.holidays import berlin_holidays, easter_sunday


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),  # the latest possible Easter
        (2285, date(2285, 3, 22)),  # the earliest possible Easter
        (2000, date(2000, 4, 23)),
    ],
)
def test_easter_sunday_is_the_published_date(year: int, sunday: date) -> None:
    assert easter_sunday(year) == sunday


def test_berlin_2027_has_its_twelve_days_with_easter_ones_on_their_dates() -> None:
    holidays = berlin_holidays(2027)
    assert sorted(holidays) == [
        date(2027, 1, 1),
        date(2027, 3, 8),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 1),
        date(2027, 5, 6),
        date(2027, 5, 17),
        date(2027, 10, 3),
        date(2027, 12, 24),
        date(2027, 12, 25),
        date(2027, 12, 26),
        date(2027, 12, 31),
    ]
    assert holidays[date(2027, 3, 26)] == "Karfreitag (Good Friday)"
    assert holidays[date(2027, 5, 17)] == "Pfingstmontag (Whit Monday)"
    assert holidays[date(2027, 12, 24)] == "Heiligabend (Christmas Eve, office closed)"
