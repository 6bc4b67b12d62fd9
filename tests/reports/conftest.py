"""The demo migration as two weekly reports: what the workbook tests read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from migrator.analysis.changes import compare
from migrator.analysis.plan_state import PlanState, capture
from migrator.domain.model import Status
from migrator.reports.content import Audience, ReportContent, SnapshotInfo
from migrator.services import MigrationService
from tests.conftest import AS_OF, copy_of_demo

PREVIOUS = date(2027, 2, 22)  # last week's report; this week's is AS_OF


@dataclass
class DemoReports:
    service: MigrationService
    previous: PlanState
    previous_info: SnapshotInfo
    current: PlanState
    content: ReportContent  # the full audience, compared with last week

    def for_audience(self, audience: Audience, team: str | None = None) -> ReportContent:
        return ReportContent(**{**self.content.__dict__, "audience": audience, "team": team})


def capture_now(service: MigrationService, as_of: date) -> PlanState:
    analysis = service.analyse(as_of)
    return capture(analysis, service.teams(), service.dependencies())


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory: pytest.TempPathFactory, session_demo_file: Path) -> Iterator[DemoReports]:
    """Last week's state of the demo, then a week of edits, then this week's state."""
    path = copy_of_demo(session_demo_file, tmp_path_factory.mktemp("demo"))
    clock = iter(datetime(2027, 2, 23 + n % 5, 9 + n) for n in range(1000))
    with MigrationService.open(path, today=lambda: AS_OF, actor="Ana", now=lambda: next(clock)) as service:
        previous = capture_now(service, PREVIOUS)
        since = service.history_since()[-1].id
        by_title = {w.title: w for w in service.workstreams()}
        people = {p.name: p.id for p in service.people()}
        # A week of stand-ups: a status change, a moved due date, a new owner, progress.
        first_open = next(w for w in service.workstreams() if w.status is Status.NOT_STARTED)
        service.update_workstream(first_open.id, {"status": Status.IN_PROGRESS}, comment="Kick-off held")
        # Work nothing waits on, so the later date moves no one else's forecast.
        waited_on = {d.predecessor_id for d in service.dependencies()}
        dated = next(
            w
            for w in service.workstreams()
            if w.status is Status.IN_PROGRESS and w.planned_due and w.id not in waited_on
        )
        assert dated.planned_due is not None
        service.update_workstream(dated.id, {"planned_due": date(2027, 4, 30), "progress": 35})
        other = next(name for name in people if name != dated.owner_name)
        service.update_workstream(dated.id, {"owner_id": people[other]})
        current = capture_now(service, AS_OF)
        changes = compare(
            previous, current, service.history_since(since), service.analyse(AS_OF).working_days_between
        )
        info = SnapshotInfo(
            id=1,
            taken_at=datetime(2027, 2, 22, 17, 0),
            as_of=PREVIOUS,
            label="Week 8",
            actor="Ana",
            audience="full",
            projected_go_live=previous.projected_go_live,
            overall_health=previous.overall_health,
        )
        content = ReportContent(
            state=current,
            audience=Audience.FULL,
            calendar=service.calendar(),
            generated_at=datetime(2027, 3, 1, 8, 0),
            generated_by="Ana",
            label="Week 9",
            previous=previous,
            previous_info=info,
            changes=changes,
            last_updates=service.last_updates(),
        )
        assert by_title  # the demo has workstreams
        yield DemoReports(service, previous, info, current, content)
