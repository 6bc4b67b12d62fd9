"""The plan's memory of status collection: requests sent with their rows, and returns collected."""

from __future__ import annotations

from datetime import date, datetime

from migrator.domain.model import Status
from migrator.domain.updates import SentRow
from migrator.services import MigrationService


def _sent(service: MigrationService, team_id: int) -> list[SentRow]:
    return [
        SentRow(w.id, w.key, w.version, w.status, w.progress, w.planned_start, w.planned_due, w.blocker_note)
        for w in service.workstreams()
        if w.team_id == team_id
    ]


def test_a_request_keeps_the_rows_it_sent_and_who_sent_it(service: MigrationService) -> None:
    team = service.create_team("Legal & Compliance", "LEG")
    service.create_workstream("Card terms", team, planned_due=date(2027, 3, 31), progress=20)
    service.create_workstream(
        "Regulator notice", team, status=Status.IN_PROGRESS, blocker_note="Waits on bank"
    )
    request = service.update_records.record_request(
        team_id=team, team_code="LEG", team_name="Legal & Compliance", recipient="Lena Ortiz",
        recipient_email="lena@example.com", as_of=date(2027, 3, 1), due=date(2027, 3, 5),
        message="Please answer by Friday", rows=_sent(service, team),
    )  # fmt: skip

    [kept] = service.update_records.requests()
    assert kept == request
    assert len(kept.token) == 36 and kept.plan_identity == service.update_records.plan_identity()
    assert (kept.recipient, kept.due, kept.sent_by) == ("Lena Ortiz", date(2027, 3, 5), "tester")
    assert [(row.key, row.progress, row.blocker_note) for row in kept.rows] == [
        ("LEG-1", 20, ""),
        ("LEG-2", 0, "Waits on bank"),
    ]
    assert service.update_records.request_by_token(kept.token) == kept
    assert service.update_records.request_by_token("not a token") is None


def test_a_team_that_has_not_answered_is_waiting_since_its_oldest_open_request(
    service: MigrationService,
) -> None:
    legal = service.create_team("Legal & Compliance", "LEG")
    finance = service.create_team("Finance", "FIN")
    asked = {}
    for team, code, name in ((legal, "LEG", "Legal & Compliance"), (finance, "FIN", "Finance")):
        asked[code] = service.update_records.record_request(
            team_id=team, team_code=code, team_name=name, recipient="Lead", recipient_email=None,
            as_of=date(2027, 2, 24), due=None, message="", rows=[],
        )  # fmt: skip
    with service.changing():
        service.update_records.record_return(
            asked["FIN"].id, "Femi Okafor", "Finance.xlsx", "ab" * 32, applied=False
        )

    answers = {answer.team_code: answer for answer in service.update_records.team_answers()}
    assert answers["FIN"].last_answered_by == "Femi Okafor" and answers["FIN"].waiting_since is None
    assert answers["LEG"].last_answered is None
    assert isinstance(answers["LEG"].waiting_since, datetime)
    [collected] = service.update_records.returns()
    assert (collected.file_name, collected.collected_by, collected.change_id) == (
        "Finance.xlsx",
        "tester",
        None,
    )

    service.update_records.forget_returns([collected.id])
    assert service.update_records.returns() == []
