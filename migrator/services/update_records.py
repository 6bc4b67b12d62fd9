"""What the plan keeps of status collection: the update requests sent and the returns collected.

The workbooks themselves are written and read elsewhere (services/status_requests.py and
services/status_collection.py); this is the plan's memory of them, inside the plan's own
transactions, so a request that could not be written is not recorded and vice versa.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from migrator.domain import rules
from migrator.domain.updates import CollectedReturn, RaidSentRow, SentRow, TeamAnswers, UpdateRequest
from migrator.store.repositories.update_requests import UpdateRequestRepository
from migrator.store.unit_of_work import UnitOfWorkFactory


class UpdateRecordService:
    def __init__(self, units: UnitOfWorkFactory) -> None:
        self._units = units
        self._requests = UpdateRequestRepository(units)

    def plan_identity(self) -> str:
        return self._requests.plan_identity()

    def requests(self, ids: Iterable[int] | None = None) -> list[UpdateRequest]:
        """The update requests sent (or those named), oldest first, each with its rows."""
        return self._requests.requests(ids)

    def requests_sent(self) -> list[UpdateRequest]:
        """Every request sent, oldest first, without its rows (which request is the newest)."""
        return self._requests.requests_sent()

    def request_by_token(self, token: str) -> UpdateRequest | None:
        return self._requests.request_by_token(token)

    def returns(self, request_ids: Iterable[int] | None = None) -> list[CollectedReturn]:
        return self._requests.returns(request_ids)

    def team_answers(self) -> list[TeamAnswers]:
        """Per team asked: when it last answered, and since when a request waits for an answer."""
        return self._requests.team_answers()

    def record_request(
        self,
        *,
        team_id: int | None,
        team_code: str,
        team_name: str,
        recipient: str,
        recipient_email: str | None,
        as_of: date,
        due: date | None,
        message: str,
        rows: Sequence[SentRow],
        raid_rows: Sequence[RaidSentRow] = (),
    ) -> UpdateRequest:
        """Keep a request about to be sent, with the workstreams and RAID items it sends (joins
        the open action, or is one of its own)."""
        message = rules.optional_text(message, "The message")
        recipient = rules.require_text(recipient, "Who answers")
        with self._units.changing():
            return self._requests.record_request(
                team_id=team_id, team_code=team_code, team_name=team_name, recipient=recipient,
                recipient_email=recipient_email, as_of=as_of, due=due, message=message, rows=rows,
                raid_rows=raid_rows,
            )  # fmt: skip

    def record_return(
        self, request_id: int, answered_by: str, file_name: str, file_digest: str, *, applied: bool
    ) -> CollectedReturn:
        """Keep a collected return in the open action (``applied``: its updates are in it)."""
        with self._units.changing():
            return self._requests.record_return(request_id, answered_by, file_name, file_digest, applied)

    def forget_returns(self, return_ids: Iterable[int]) -> None:
        with self._units.changing():
            self._requests.forget_returns(return_ids)
