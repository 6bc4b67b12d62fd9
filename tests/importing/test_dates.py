"""Dates and durations as MS Project, Jira and Smartsheet write them, and the day/month order of a file."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from migrator.importing.dates import (
    AmbiguousDateError,
    Duration,
    NumericDate,
    find_date_order,
    read_date,
    read_duration,
    scan_date,
)
from migrator.importing.plan import CellProblemError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-04", date(2027, 1, 4)),
        ("2027-01-04T08:00:00", date(2027, 1, 4)),
        ("2027/01/04", date(2027, 1, 4)),
        ("15/Jan/27", date(2027, 1, 15)),  # Jira
        ("15/Jan/27 9:00 AM", date(2027, 1, 15)),
        ("26/Feb/27 12:00 AM", date(2027, 2, 26)),
        ("15-Jan-2027", date(2027, 1, 15)),
        ("4 janv. 2027", date(2027, 1, 4)),  # French MS Project
        ("4 févr. 2027", date(2027, 2, 4)),
        ("1 août 2027", date(2027, 8, 1)),
        ("lundi 4 janvier 2027", date(2027, 1, 4)),
        ("4 Jan 2027", date(2027, 1, 4)),
        ("January 4, 2027", date(2027, 1, 4)),
        ("Mon, January 4, 2027", date(2027, 1, 4)),
        ("Sep 30 2027", date(2027, 9, 30)),
        ("4. Januar 2027", date(2027, 1, 4)),  # German
        ("3. März 2027", date(2027, 3, 3)),
        ("4 Dez 2027", date(2027, 12, 4)),
        ("4 enero 2027", date(2027, 1, 4)),  # Spanish
        ("4 de diciembre de 2027", date(2027, 12, 4)),
        ("04.01.2027", date(2027, 1, 4)),  # dots: day first
        ("Mo 04.01.27", date(2027, 1, 4)),
        ("04.01.2027 08:00", date(2027, 1, 4)),
        ("13/01/2027", date(2027, 1, 13)),  # only day/month gives a date
        ("1/13/27 8:00 AM", date(2027, 1, 13)),  # only month/day does
        ("5/5/2027", date(2027, 5, 5)),  # both orders give the same date
    ],
)
def test_a_date_any_of_the_tools_writes_is_read(text: str, expected: date) -> None:
    assert read_date(text) == expected


def test_a_weekday_decides_the_order_of_an_ms_project_date() -> None:
    # 1/4/27 is Monday 4 January as month/day, Thursday 1 April as day/month.
    assert read_date("Mon 1/4/27") == date(2027, 1, 4)
    assert read_date("Thu 1/4/27") == date(2027, 4, 1)
    assert read_date("lun. 04/01/27") == date(2027, 1, 4)
    assert find_date_order(["Mon 1/4/27"]).proven == "mdy"


def test_a_workbook_date_is_taken_as_it_is() -> None:
    assert read_date(datetime(2027, 1, 4, 8, 0)) == date(2027, 1, 4)
    assert read_date(date(2027, 1, 4)) == date(2027, 1, 4)
    assert read_date(None) is None
    assert read_date("  ") is None


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("1/4/2027", "mdy", date(2027, 1, 4)),
        ("1/4/2027", "dmy", date(2027, 4, 1)),
        ("04/01/2027 08:00", "dmy", date(2027, 1, 4)),
        ("04/01/2027 08:00", "mdy", date(2027, 4, 1)),
        ("1/4/27 8:00 AM", "mdy", date(2027, 1, 4)),
        ("01-04-27", "dmy", date(2027, 4, 1)),
    ],
)
def test_an_ambiguous_date_is_read_in_the_order_given(text: str, order: str, expected: date) -> None:
    assert read_date(text, order) == expected  # type: ignore[arg-type]


def test_an_ambiguous_date_without_an_order_asks_for_one() -> None:
    with pytest.raises(AmbiguousDateError) as caught:
        read_date("1/4/2027")
    assert str(caught.value) == (
        '"1/4/2027" can be read day/month or month/day; choose the order '
        "(--date-order dmy or mdy, or Day/month order in the preview)."
    )


def test_a_date_against_the_order_of_the_file_is_a_problem() -> None:
    with pytest.raises(CellProblemError) as caught:
        read_date("1/13/2027", "dmy")
    assert str(caught.value) == '"1/13/2027" cannot be read day/month as the other dates of the file are.'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/31/2027", '"31/31/2027" is not a real date.'),
        ("30 Feb 2027", '"30 Feb 2027" is not a real date.'),
        ("4 Brumaire 2027", '"4 Brumaire 2027" is not a date: "Brumaire" is not a month.'),
        ("Fri 04.01.2027", '"Fri 04.01.2027" is not a real date: 2027-01-04 is another weekday.'),
        ("Fri 4 Jan 2027", '"Fri 4 Jan 2027" is not a real date: 2027-01-04 is another weekday.'),
        ("Someday 1/4/27", '"Someday 1/4/27" is not a date: "Someday" is not a weekday.'),
        (
            "next week",
            '"next week" is not a date (write it as YYYY-MM-DD, 04/01/2027, 4 Jan 2027 or January 4, 2027).',
        ),
        ("4 Jan 2207", "2207-01-04 looks like a typo: plan dates fall between 2000 and 2099."),
    ],
)
def test_what_is_not_a_date_says_why(text: str, message: str) -> None:
    with pytest.raises(CellProblemError) as caught:
        read_date(text)
    assert str(caught.value) == message


def test_a_number_is_not_a_date() -> None:
    with pytest.raises(CellProblemError) as caught:
        scan_date(46391.0)
    assert str(caught.value) == '"46391" is a number, not a date.'


def test_two_digit_years_are_this_century() -> None:
    assert read_date("15/Jan/99") == date(2099, 1, 15)
    assert scan_date("1/4/27") == NumericDate("1/4/27", 1, 4, 2027)


def test_one_date_above_12_proves_the_order_of_the_whole_file() -> None:
    finding = find_date_order(["04/01/2027", "05/01/2027", None, "not a date", "18/01/2027", "4 Jan 2027"])
    assert finding.proven == "dmy"
    assert finding.ambiguous == "04/01/2027"
    assert finding.needs_choice is False
    assert finding.conflicting is False


def test_dates_that_prove_nothing_need_a_choice() -> None:
    finding = find_date_order(["04/01/2027", "05/01/2027", "5/5/2027"])
    assert finding.proven is None
    assert finding.ambiguous == "04/01/2027"
    assert finding.needs_choice is True


def test_dates_proving_both_orders_conflict() -> None:
    finding = find_date_order(["13/01/2027", "1/14/2027"])
    assert finding.proven is None
    assert finding.proofs == {"dmy": "13/01/2027", "mdy": "1/14/2027"}
    assert finding.conflicting is True


def test_dates_written_with_month_names_need_no_order() -> None:
    finding = find_date_order(["15/Jan/27", "4 janv. 2027", "2027-01-04", "04.01.2027"])
    assert finding.proven is None
    assert finding.ambiguous is None
    assert finding.needs_choice is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 days", Duration(10)),
        ("10d", Duration(10)),
        ("10 d", Duration(10)),
        ("1 day", Duration(1)),
        ("0 days", Duration(0)),
        ("0d", Duration(0)),
        ("0", Duration(0)),
        ("5", Duration(5)),
        ("2 wks", Duration(10)),
        ("2w", Duration(10)),
        ("1 mon", Duration(20)),
        ("16 hrs", Duration(2)),
        ("10 days?", Duration(10, estimated=True)),
        ("10 jours", Duration(10)),
        ("10 Tage", Duration(10)),
        ("3 días", Duration(3)),
        ("5 edays", Duration(4, approximated='"5 edays" is calendar time: taken as 4 working days')),
        ("14 edays", Duration(10, approximated='"14 edays" is calendar time: taken as 10 working days')),
        ("1 ew", Duration(5, approximated='"1 ew" is calendar time: taken as 5 working days')),
        (
            "1.5 days",
            Duration(2, approximated='"1.5 days" is not a whole number of working days: taken as 2'),
        ),
        ("2,5d", Duration(3, approximated='"2,5d" is not a whole number of working days: taken as 3')),
        ("4 hrs", Duration(1, approximated='"4 hrs" is not a whole number of working days: taken as 1')),
    ],
)
def test_durations_are_whole_working_days(text: str, expected: Duration) -> None:
    assert read_duration(text) == expected


def test_an_unknown_duration_is_none_and_a_number_cell_is_days() -> None:
    assert read_duration("?") is None
    assert read_duration(None) is None
    assert read_duration(3) == Duration(3)
    assert read_duration(0.0) == Duration(0)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ten days", '"ten days" is not a duration (such as 10 days, 10d, 2 wks or 0d).'),
        ("3 fortnights", '"3 fortnights": "fortnights" is not a unit of time (days, weeks, hours, months).'),
        (-2, '"-2" is not a duration.'),
        (True, '"yes" is not a duration.'),
    ],
)
def test_what_is_not_a_duration_says_why(value: object, message: str) -> None:
    with pytest.raises(CellProblemError) as caught:
        read_duration(value)  # type: ignore[arg-type]
    assert str(caught.value) == message
