"""Working days, keys, codes and the value rules shared by the service and the import."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.domain import rules
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import ValidationError
from migrator.domain.model import Status
from migrator.domain.status_moves import implied_by_status_move
from migrator.domain.workstream_state import key_order

EASTER = WorkingCalendar.of(holidays=[date(2027, 3, 26), date(2027, 3, 29)])  # Good Friday, Easter Monday


def test_working_days_skip_weekends_and_holidays() -> None:
    thursday = date(2027, 3, 25)
    assert EASTER.add_working_days(thursday, 1) == date(2027, 3, 30)
    assert EASTER.add_working_days(date(2027, 3, 30), -1) == thursday
    assert EASTER.next_working_day(date(2027, 3, 27)) == date(2027, 3, 30)
    assert EASTER.previous_working_day(date(2027, 3, 29)) == thursday


def test_keys_and_team_codes() -> None:
    assert rules.normalise_key(" bnk-3 ") == "BNK-3"
    assert rules.is_workstream_key("OPS-17") and not rules.is_workstream_key("1.2.3")
    with pytest.raises(ValidationError, match=r"e\.g\. BNK-12"):
        rules.normalise_key("BNK-0")
    assert rules.suggest_team_code("Card Operations & Logistics", set()) == "COL"
    assert rules.suggest_team_code("Finance", set()) == "FIN"
    assert rules.suggest_team_code("Finance", {"FIN"}) == "FIN2"
    with pytest.raises(ValidationError, match="2 to 10 letters"):
        rules.normalise_team_code("B")


def test_dates_progress_and_overrides() -> None:
    with pytest.raises(ValidationError, match="due date 2027-01-01 is before start date 2027-02-01"):
        rules.check_dates(date(2027, 2, 1), date(2027, 1, 1), is_milestone=False)
    assert rules.check_dates(None, date(2027, 6, 30), is_milestone=True) == (date(2027, 6, 30),) * 2
    with pytest.raises(ValidationError, match="not 140"):
        rules.check_progress(140)
    with pytest.raises(ValidationError, match="whole number"):
        rules.check_progress(True)  # type: ignore[arg-type]


def test_status_moves_only_fill_what_is_missing() -> None:
    today = date(2027, 3, 1)
    state = {"planned_start": date(2027, 1, 4), "actual_start": None, "actual_finish": None, "progress": 30}
    assert implied_by_status_move(Status.NOT_STARTED, Status.DONE, state, today) == {
        "actual_start": date(2027, 1, 4),
        "actual_finish": today,
        "progress": 100,
    }
    started = {**state, "actual_start": date(2027, 2, 1)}
    assert implied_by_status_move(Status.IN_PROGRESS, Status.BLOCKED, started, today) == {}
    assert implied_by_status_move(Status.IN_PROGRESS, Status.NOT_STARTED, started, today) == {
        "actual_start": None,
        "progress": 0,  # not started: nothing done yet
    }
    done = {**started, "actual_finish": date(2027, 2, 26), "progress": 100}
    assert implied_by_status_move(Status.DONE, Status.NOT_STARTED, done, today) == {
        "actual_start": None,
        "actual_finish": None,
        "progress": 0,
    }


def test_keys_sort_by_their_number_bnk_2_before_bnk_10() -> None:
    keys = ["BNK-10", "OPS-1", "BNK-2", "BNK-1", "AB-30", "BNK-100"]
    assert sorted(keys, key=key_order) == ["AB-30", "BNK-1", "BNK-2", "BNK-10", "BNK-100", "OPS-1"]
