"""The dashboard's panel of status updates: per team, when it last answered and who has not."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from migrator.domain.updates import SentRow
from migrator.services import MigrationService
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.views.dashboard_view import DashboardView
from tests.conftest import AS_OF

SENT = datetime(2027, 2, 24, 9, 0, tzinfo=UTC)


def ask(service: MigrationService, code: str, due: date | None) -> int:
    team = next(t for t in service.teams() if t.code == code)
    rows = [
        SentRow(w.id, w.key, w.version, w.status, w.progress, w.planned_start, w.planned_due, w.blocker_note)
        for w in service.workstreams()
        if w.team_id == team.id
    ]
    request = service.update_records.record_request(
        team_id=team.id, team_code=code, team_name=team.name, recipient=f"{team.name} lead",
        recipient_email=None, as_of=AS_OF, due=due, message="", rows=rows,
    )  # fmt: skip
    return request.id


@pytest.fixture
def service(demo_file: Path) -> Iterator[MigrationService]:
    svc = MigrationService.open(demo_file, today=lambda: AS_OF, now=lambda: SENT)
    yield svc
    svc.close()


def open_dashboard(service: MigrationService, qtbot: Any) -> DashboardView:
    document = PlanDocument(service, as_of=AS_OF)
    qtbot.waitUntil(lambda: document.analysis is not None)
    view = DashboardView(document)
    qtbot.addWidget(view)
    view.resize(1100, 1400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.answers_panel.isVisible())
    return view


def texts(view: DashboardView) -> list[list[str]]:
    return [[item.text(c) for c in range(2)] for item in view.answers_list.items()]


def test_no_request_yet_says_how_to_send_one(service: MigrationService, qtbot: Any) -> None:
    view = open_dashboard(service, qtbot)
    assert view.answers_panel.heading.text() == "Status updates from the teams"
    assert view.answers_panel.empty.isVisible()
    assert "File › Request updates…" in view.answers_panel.empty.text()
    assert not view.answers_list.isVisible()
    assert not view.answers_panel.note.isVisible()  # no "every team asked has answered" beside it
    view.document.close()


def test_teams_that_have_not_answered_come_first_with_the_date_they_were_asked(
    service: MigrationService, qtbot: Any
) -> None:
    legal = ask(service, "LEG", due=date(2027, 2, 26))  # overdue as of 1 Mar
    finance = ask(service, "FIN", due=date(2027, 3, 5))
    with service.changing():
        service.update_records.record_return(finance, "Femi Okafor", "Finance.xlsx", "ab" * 32, applied=True)
    ask(service, "SUP", due=None)
    view = open_dashboard(service, qtbot)

    assert texts(view) == [
        ["Legal & Compliance (LEG)", "No update from Legal & Compliance since 24 Feb (overdue since 26 Feb)"],
        ["Support (SUP)", "No update from Support since 24 Feb"],
        ["Finance (FIN)", "Finance answered on 24 Feb (Femi Okafor)"],
    ]
    assert view.answers_panel.heading.text() == "Status updates from the teams (3)"
    assert view.answers_panel.note.text().startswith("2 of 3 teams asked have not answered their latest")
    overdue = view.answers_list.items()[0].foreground(1).color().name()
    assert overdue.lower() != view.answers_list.items()[1].foreground(1).color().name().lower()
    assert legal

    # Legal answers: the panel follows once the document hears of it (a collection applied).
    with service.changing():
        service.update_records.record_return(legal, "Lena Ortiz", "Legal.xlsx", "cd" * 32, applied=True)
    view.document.forget_answers()
    assert texts(view)[0][0] == "Support (SUP)"  # still waiting: first
    assert ["Legal & Compliance (LEG)", "Legal & Compliance answered on 24 Feb (Lena Ortiz)"] in texts(view)
    if folder := os.environ.get("MIGRATOR_SHOTS"):
        qtbot.wait(200)  # the lists fit their rows once laid out
        view.answers_panel.grab().save(str(Path(folder) / "dashboard_answers.png"))
        view.grab().save(str(Path(folder) / "dashboard_whole.png"))
    view.document.close()
