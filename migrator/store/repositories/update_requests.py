"""Update requests sent to teams, the rows each sent, and the returns collected for them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select

from migrator.domain import rules
from migrator.domain.model import Status
from migrator.domain.raid import RaidStatus, RaidType
from migrator.domain.updates import CollectedReturn, RaidSentRow, SentRow, TeamAnswers, UpdateRequest
from migrator.store.repositories.common import Repository
from migrator.store.schema import (
    MigrationRow,
    UpdateRequestLineRow,
    UpdateRequestRaidLineRow,
    UpdateRequestRow,
    UpdateReturnRow,
)

_LINE_COLUMNS = (
    "workstream_id", "key", "version", "status", "progress", "planned_start", "planned_due", "blocker_note",
)  # fmt: skip
_RAID_LINE_COLUMNS = (
    "item_id", "key", "type", "version", "status", "probability", "impact", "actions", "outcome",
)  # fmt: skip
_RETURN_COLUMNS = (
    "id", "request_id", "answered_by", "collected_at", "collected_by", "file_name", "file_digest",
    "change_id",
)  # fmt: skip


class UpdateRequestRepository(Repository):
    # ------------------------------------------------------------ reading

    def plan_identity(self) -> str:
        """The plan's own identity (kept by its copies)."""
        with self.reading() as session:
            return str(session.scalar(select(MigrationRow.identity).where(MigrationRow.id == 1)) or "")

    def requests(self, ids: Iterable[int] | None = None) -> list[UpdateRequest]:
        """Every request (or those named), oldest first, with the rows each sent."""
        query = select(UpdateRequestRow).order_by(UpdateRequestRow.id)
        if ids is not None:
            query = query.where(UpdateRequestRow.id.in_(sorted(set(ids))))
        with self.reading() as session:
            identity = str(session.scalar(select(MigrationRow.identity).where(MigrationRow.id == 1)) or "")
            headers = session.scalars(query).all()
            lines: dict[int, list[SentRow]] = {header.id: [] for header in headers}
            line_query = select(UpdateRequestLineRow.request_id, *self._line_columns()).order_by(
                UpdateRequestLineRow.request_id, UpdateRequestLineRow.key
            )
            if ids is not None:
                line_query = line_query.where(UpdateRequestLineRow.request_id.in_(sorted(lines)))
            for line in session.execute(line_query):
                if line[0] in lines:
                    lines[line[0]].append(_sent_row(tuple(line[1:])))
            raid: dict[int, list[RaidSentRow]] = {header.id: [] for header in headers}
            raid_query = select(
                UpdateRequestRaidLineRow.request_id,
                *(getattr(UpdateRequestRaidLineRow, name) for name in _RAID_LINE_COLUMNS),
            ).order_by(UpdateRequestRaidLineRow.request_id, UpdateRequestRaidLineRow.item_id)
            if ids is not None:
                raid_query = raid_query.where(UpdateRequestRaidLineRow.request_id.in_(sorted(raid)))
            for line in session.execute(raid_query):
                if line[0] in raid:
                    raid[line[0]].append(_raid_sent_row(tuple(line[1:])))
            return [_request(header, identity, lines[header.id], raid[header.id]) for header in headers]

    def requests_sent(self) -> list[UpdateRequest]:
        """Every request, oldest first, without the rows each sent (a light list)."""
        with self.reading() as session:
            identity = str(session.scalar(select(MigrationRow.identity).where(MigrationRow.id == 1)) or "")
            headers = session.scalars(select(UpdateRequestRow).order_by(UpdateRequestRow.id)).all()
            return [_request(header, identity, []) for header in headers]

    def request_by_token(self, token: str) -> UpdateRequest | None:
        with self.reading() as session:
            found = session.scalar(select(UpdateRequestRow.id).where(UpdateRequestRow.token == token))
        if found is None:
            return None
        return self.requests([found])[0]

    def returns(self, request_ids: Iterable[int] | None = None) -> list[CollectedReturn]:
        """The returns collected (for the requests named), oldest first."""
        query = select(*(getattr(UpdateReturnRow, name) for name in _RETURN_COLUMNS)).order_by(
            UpdateReturnRow.id
        )
        if request_ids is not None:
            query = query.where(UpdateReturnRow.request_id.in_(sorted(set(request_ids))))
        with self.reading() as session:
            return [CollectedReturn(*row) for row in session.execute(query)]

    def team_answers(self) -> list[TeamAnswers]:
        """Per team asked: when it last answered and the oldest request it has not answered."""
        with self.reading() as session:
            answered = {
                request_id: (at, by)
                for request_id, at, by in session.execute(
                    select(
                        UpdateReturnRow.request_id, UpdateReturnRow.collected_at, UpdateReturnRow.answered_by
                    ).order_by(UpdateReturnRow.id)
                )
            }
            requests = session.execute(
                select(
                    UpdateRequestRow.id, UpdateRequestRow.team_id, UpdateRequestRow.team_code,
                    UpdateRequestRow.team_name, UpdateRequestRow.sent_at, UpdateRequestRow.due,
                ).order_by(UpdateRequestRow.id)
            ).all()  # fmt: skip
        teams: dict[str, TeamAnswers] = {}
        for request_id, team_id, code, name, sent_at, due in requests:
            known = teams.get(code) or TeamAnswers(team_id, code, name, None, None, None, None)
            if request_id in answered:
                at, by = answered[request_id]
                if known.last_answered is None or at >= known.last_answered:
                    known = TeamAnswers(team_id, code, name, at, by, None, None)
            elif known.waiting_since is None:
                known = TeamAnswers(
                    team_id, code, name, known.last_answered, known.last_answered_by, sent_at, due
                )
            teams[code] = known
        return sorted(teams.values(), key=lambda answers: answers.team_name.casefold())

    # ------------------------------------------------------------ writing (in the open unit of work)

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
        """Keep a request about to be sent, with the rows (and RAID items) it sends, and return it
        with its token."""
        unit = self.unit
        header = UpdateRequestRow(
            token=str(uuid.uuid4()), sent_at=unit.at, sent_by=unit.actor, as_of=as_of, due=due,
            message=message, team_id=team_id, team_code=team_code, team_name=team_name,
            recipient=recipient, recipient_email=recipient_email,
        )  # fmt: skip
        self.session.add(header)
        self.session.flush()
        if rows:
            self.session.connection().execute(
                insert(UpdateRequestLineRow),
                [{"request_id": header.id, **_line_values(row)} for row in rows],
            )
        if raid_rows:
            self.session.connection().execute(
                insert(UpdateRequestRaidLineRow),
                [
                    {"request_id": header.id, **{name: getattr(row, name) for name in _RAID_LINE_COLUMNS}}
                    | {"type": row.type.value, "status": row.status.value}
                    for row in raid_rows
                ],
            )
        identity = self.session.scalar(select(MigrationRow.identity).where(MigrationRow.id == 1)) or ""
        return _request(header, str(identity), list(rows), list(raid_rows))

    def record_return(
        self, request_id: int, answered_by: str, file_name: str, file_digest: str, applied: bool
    ) -> CollectedReturn:
        """Keep a collected return; ``applied``: its updates are part of the open unit's change."""
        unit = self.unit
        row = UpdateReturnRow(
            request_id=request_id, answered_by=answered_by, collected_at=unit.at, collected_by=unit.actor,
            file_name=file_name[-260:], file_digest=file_digest,
            change_id=unit.change_id if applied else None,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return CollectedReturn(*(getattr(row, name) for name in _RETURN_COLUMNS))

    def forget_returns(self, return_ids: Iterable[int]) -> None:
        """Undo of a collection: its returns no longer count as answered."""
        wanted = sorted(set(return_ids))
        if wanted:
            self.session.query(UpdateReturnRow).filter(UpdateReturnRow.id.in_(wanted)).delete(
                synchronize_session=False
            )

    def count_requests(self) -> int:
        with self.reading() as session:
            return int(session.scalar(select(func.count()).select_from(UpdateRequestRow)) or 0)

    @staticmethod
    def _line_columns() -> list[object]:
        return [getattr(UpdateRequestLineRow, name) for name in _LINE_COLUMNS]


def _line_values(row: SentRow) -> dict[str, object]:
    return {
        "workstream_id": row.workstream_id, "key": row.key, "version": row.version,
        "status": row.status.value, "progress": row.progress, "planned_start": row.planned_start,
        "planned_due": row.planned_due, "blocker_note": row.blocker_note,
    }  # fmt: skip


def _sent_row(values: Sequence[Any]) -> SentRow:
    workstream_id, key, version, status, progress, start, due, note = values
    return SentRow(workstream_id, key, version, Status(status), progress, start, due, note or "")


def _raid_sent_row(values: Sequence[Any]) -> RaidSentRow:
    item_id, key, kind, version, status, probability, impact, actions, outcome = values
    return RaidSentRow(
        item_id, key, RaidType(kind), version, RaidStatus(status), probability, impact, actions or "",
        outcome or "",
    )  # fmt: skip


def _request(
    header: UpdateRequestRow, identity: str, rows: list[SentRow], raid_rows: Sequence[RaidSentRow] = ()
) -> UpdateRequest:
    rows = in_key_order(rows)
    return UpdateRequest(
        header.id, header.token, identity, header.team_id, header.team_code, header.team_name,
        header.recipient, header.recipient_email, header.sent_at, header.sent_by, header.as_of,
        header.due, header.message, tuple(rows), tuple(raid_rows),
    )  # fmt: skip


def in_key_order(rows: Iterable[SentRow]) -> list[SentRow]:
    """BNK-2 before BNK-10, as the plan lists them."""
    return sorted(rows, key=lambda row: (row.key.rsplit("-", 1)[0], rules.key_number(row.key), row.key))
