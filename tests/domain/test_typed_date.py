"""Dates as people type them: each form read as meant, anything else refused with the text named."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.domain.typed_date import DateTextError, read_typed_date

NEAR = date(2027, 6, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Jan 2027", date(2027, 1, 15)),
        ("15 January 2027", date(2027, 1, 15)),
        ("04 Jan 2027", date(2027, 1, 4)),
        ("12 Jul 2027", date(2027, 7, 12)),
        ("2027-01-15", date(2027, 1, 15)),
        ("2027-01-04", date(2027, 1, 4)),
        ("15.01.2027", date(2027, 1, 15)),
        ("  15 JAN 2027  ", date(2027, 1, 15)),
        ("15 jan. 2027", date(2027, 1, 15)),
        ("Jan 15, 2027", date(2027, 1, 15)),
        ("15-Jan-2027", date(2027, 1, 15)),
        ("15th January 2027", date(2027, 1, 15)),
        ("Fri 15 Jan 2027", date(2027, 1, 15)),
        ("Wed 15 Jan 2027", date(2027, 1, 15)),  # a stale weekday left in the text: the date counts
        ("15 sept 2027", date(2027, 9, 15)),
        ("15 Jan 27", date(2027, 1, 15)),
    ],
)
def test_named_and_iso_forms_read_the_same_whatever_the_locale(text: str, expected: date) -> None:
    assert read_typed_date(text, day_first=True, near=NEAR) == expected
    assert read_typed_date(text, day_first=False, near=NEAR) == expected


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("15/01/2027", True, date(2027, 1, 15)),
        ("01/15/2027", False, date(2027, 1, 15)),
        ("4/1/2027", True, date(2027, 1, 4)),
        ("4/1/2027", False, date(2027, 4, 1)),
        ("25/01/2027", False, date(2027, 1, 25)),  # only one reading is a date
        ("01/25/2027", True, date(2027, 1, 25)),
        ("04.01.2027", False, date(2027, 1, 4)),  # dots: always day first
        ("4/1/27", True, date(2027, 1, 4)),
    ],
)
def test_slashed_dates_follow_the_locale_unless_only_one_reading_exists(
    text: str, day_first: bool, expected: date
) -> None:
    assert read_typed_date(text, day_first=day_first, near=NEAR) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027/01/15", date(2027, 1, 15)),
        ("2027/1/15", date(2027, 1, 15)),
        ("2027.01.15", date(2027, 1, 15)),
        ("2027. 1. 15.", date(2027, 1, 15)),  # as Korea and Hungary write it
        ("2027-01-15", date(2027, 1, 15)),
        ("01/15/2027", date(2027, 1, 15)),
        ("1/15/27", date(2027, 1, 15)),
        ("05/03/2027", date(2027, 5, 3)),  # month then day, as the system writes them after the year
        ("05.03.2027", date(2027, 5, 3)),  # whatever the separator
        ("1. 15.", date(2027, 1, 15)),
        ("15 Jan 2027", date(2027, 1, 15)),
    ],
)
def test_where_the_system_writes_the_year_first_dates_are_read_in_its_order(
    text: str, expected: date
) -> None:
    assert read_typed_date(text, day_first=False, year_first=True, near=NEAR) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "15/01/2027",
            '"15/01/2027" is not a date: there is no month 15 (the month comes before the day here, '
            "as in 01/15/2027 or 2027/01/15).",
        ),
        (
            "25.01.2027",
            '"25.01.2027" is not a date: there is no month 25 (the month comes before the day here, '
            "as in 01/15/2027 or 2027/01/15).",
        ),
        (
            "2027/15/01",
            '"2027/15/01" is not a date: there is no month 15 (the month comes before the day here, '
            "as in 01/15/2027 or 2027/01/15).",
        ),
        ("hello", '"hello" is not a date: type it like 15 Jan 2027, 2027-01-15 or 2027/01/15.'),
    ],
)
def test_where_the_system_writes_the_year_first_a_day_first_date_is_refused(text: str, message: str) -> None:
    with pytest.raises(DateTextError) as refused:
        read_typed_date(text, day_first=False, year_first=True, near=NEAR)
    assert str(refused.value) == message


def test_the_spaced_dotted_form_is_read_in_any_system() -> None:
    assert read_typed_date("2027. 1. 15.", day_first=True, near=NEAR) == date(2027, 1, 15)
    assert read_typed_date("15. 1. 2027", day_first=False, near=NEAR) == date(2027, 1, 15)


@pytest.mark.parametrize(
    ("text", "near", "expected"),
    [
        ("15 jan", date(2027, 6, 10), date(2027, 1, 15)),
        ("15 jan", date(2027, 9, 10), date(2028, 1, 15)),
        ("15 Dec", date(2027, 1, 20), date(2026, 12, 15)),
        ("15/01", date(2027, 6, 10), date(2027, 1, 15)),
        ("29 Feb", date(2027, 11, 1), date(2028, 2, 29)),
    ],
)
def test_a_date_without_a_year_is_the_nearest_one(text: str, near: date, expected: date) -> None:
    assert read_typed_date(text, day_first=True, near=near) == expected


@pytest.mark.parametrize("text", ["", "   ", "—", "-"])
def test_empty_text_is_no_date(text: str) -> None:
    assert read_typed_date(text, day_first=True, near=NEAR) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-02-30", '"2027-02-30" is not a date: February 2027 has 28 days.'),
        ("31 Apr 2027", '"31 Apr 2027" is not a date: April 2027 has 30 days.'),
        ("13/13/2027", '"13/13/2027" is not a date: there is no month 13.'),
        ("30 feb", '"30 feb" is not a date: February has no day 30.'),
        ("hello", '"hello" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.'),
        ("15 Jux 2027", '"15 Jux 2027" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.'),
        ("15 Ju 2027", '"15 Ju 2027" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.'),
        ("2027", '"2027" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.'),
        ("15/01/202", '"15/01/202" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.'),
        ("15/01-2027", '"15/01-2027" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.'),
        (
            "15 Jan 2027 9:00",
            '"15 Jan 2027 9:00" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.',
        ),
        ("0000-01-01", '"0000-01-01" is not a date.'),
    ],
)
def test_anything_else_is_refused_with_the_text_named(text: str, message: str) -> None:
    with pytest.raises(DateTextError) as refused:
        read_typed_date(text, day_first=True, near=NEAR)
    assert str(refused.value) == message


def test_a_date_without_a_year_near_the_last_year_is_one_that_exists() -> None:
    # The nearest 15 January would be in year 10000, which no date can have.
    assert read_typed_date("jan 15", day_first=True, near=date(9999, 12, 1)) == date(9999, 1, 15)
    assert read_typed_date("30 dec", day_first=True, near=date(1, 1, 5)) == date(1, 12, 30)


@pytest.mark.parametrize(
    ("text", "near", "message"),
    [
        ("29 feb", date(9999, 12, 1), '"29 feb" is not a date: February has no day 29.'),
        (
            "1" * 5000 + "/1/2027",
            NEAR,
            '"1111111111111111111111111111111111111111…" is not a date: '
            "type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.",
        ),
        (
            "2027-" + "0" * 4000 + "1-15",
            NEAR,
            '"2027-00000000000000000000000000000000000…" is not a date: '
            "type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.",
        ),
        (
            "15 Jan 99999",
            NEAR,
            '"15 Jan 99999" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.',
        ),
    ],
)
def test_huge_numbers_and_the_last_years_are_refused_plainly(text: str, near: date, message: str) -> None:
    with pytest.raises(DateTextError) as refused:
        read_typed_date(text, day_first=True, near=near)
    assert str(refused.value) == message
