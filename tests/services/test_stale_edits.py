"""A refused edit says when the other person changed the row in the time people read: local."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from migrator.domain.errors import ConcurrentEditError
from migrator.domain.places import Place
from migrator.services import MigrationService, NewMigration
from tests.conftest import Places, changed_by


@pytest.fixture
def one_hour_east_of_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "CET-1")  # POSIX rule: UTC+1, no daylight saving
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _refusal(place: Place, edited_at: datetime, refused_at: datetime) -> str:
    clock = iter([edited_at] * 4)  # creating and Ben's edit; then the refusal's moment
    with MigrationService.create(
        place,
        NewMigration("Card fleet replacement", date(2027, 1, 4), date(2027, 6, 30)),
        actor="Ben",
        now=lambda: next(clock, refused_at),
    ) as service:
        ws = service.create_workstream("Issuer contract", service.create_team("Banking", "BNK"))
        read = service.workstream(ws).version
        service.update_workstream(ws, {"progress": 40})
        with pytest.raises(ConcurrentEditError) as refused:
            service.update_workstream(ws, {"progress": 10}, expected_version=read)
    return str(refused.value)


@pytest.mark.usefixtures("one_hour_east_of_utc")
def test_the_refusal_gives_the_local_time_as_history_does(places: Places, engine: str) -> None:
    message = _refusal(places("a", user="Ben"), datetime(2027, 3, 1, 9, 30), datetime(2027, 3, 1, 9, 45))
    assert message == (f"BNK-1 {changed_by(engine)} Ben at 10:30: progress 40. Your change was not saved.")


@pytest.mark.usefixtures("one_hour_east_of_utc")
def test_today_is_the_local_day(places: Places) -> None:
    # 23:30 and 00:15 UTC are on two UTC days but both on 2 March local time: no day is named.
    message = _refusal(places("a", user="Ben"), datetime(2027, 3, 1, 23, 30), datetime(2027, 3, 2, 0, 15))
    assert "by Ben at 00:30: progress 40." in message
    # 22:30 UTC on 1 March is 23:30 local that day; at 23:10 UTC it is already 2 March locally.
    message = _refusal(places("b", user="Ben"), datetime(2027, 3, 1, 22, 30), datetime(2027, 3, 1, 23, 10))
    assert "by Ben at 23:30 on 01 Mar 2027: progress 40." in message
