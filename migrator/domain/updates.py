"""Status collection: what an update request sent a team, and how what came back compares.

A request sends each row's values as they were; what the team returns is compared field by
field with what was sent and with what the plan holds now (a three-way comparison), so a
coordinator's edit made meanwhile is never overwritten without being seen.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from migrator.domain.model import Status

# The fields a team answers for, in the order the workbook shows them.
UPDATE_FIELDS = ("status", "progress", "planned_start", "planned_due", "blocker_note")
FIELD_LABELS = {
    "status": "Status",
    "progress": "Progress",
    "planned_start": "Start",
    "planned_due": "Due",
    "blocker_note": "Blocker note",
}

UpdateValue = Status | int | date | str | None


@dataclass(frozen=True)
class SentRow:
    """One workstream as a request sent it: its id, the version it was read at, its values."""

    workstream_id: int
    key: str
    version: int
    status: Status
    progress: int
    planned_start: date | None
    planned_due: date | None
    blocker_note: str

    def value(self, field: str) -> UpdateValue:
        value: UpdateValue = getattr(self, field)
        return value


@dataclass(frozen=True)
class UpdateRequest:
    """A workbook sent to a team (or one owner) asking for the status of its open work."""

    id: int
    token: str  # written into the workbook: what matches a returned file to this request
    plan_identity: str  # the plan's own identity: a file from another plan is refused
    team_id: int | None
    team_code: str
    team_name: str
    recipient: str  # who answers: the team lead or the owner asked
    recipient_email: str | None
    sent_at: datetime  # UTC
    sent_by: str
    as_of: date
    due: date | None
    message: str
    rows: tuple[SentRow, ...]

    def row(self, workstream_id: int) -> SentRow | None:
        return next((row for row in self.rows if row.workstream_id == workstream_id), None)


@dataclass(frozen=True)
class CollectedReturn:
    """A returned workbook once collected: by whom, when, and the file it came in."""

    id: int
    request_id: int
    answered_by: str
    collected_at: datetime  # UTC
    collected_by: str
    file_name: str
    file_digest: str  # SHA-256 of the file's bytes: the same file collected twice is named
    change_id: int | None  # the history change its updates were applied in (None: nothing applied)


@dataclass(frozen=True)
class TeamAnswers:
    """How a team answers update requests: when it last did, and what it has not answered."""

    team_id: int | None
    team_code: str
    team_name: str
    last_answered: datetime | None  # UTC
    last_answered_by: str | None
    waiting_since: datetime | None  # the oldest request it has not answered (None: none open)
    waiting_due: date | None  # that request's due date


@dataclass(frozen=True)
class RequestLine:
    """One row of an update workbook: the values sent, with the read-only context shown beside."""

    sent: SentRow
    title: str
    owner: str | None
    forecast_finish: date | None
    waits_on: str  # e.g. "BNK-3 Bank sign-off (Banking & Payments)", one per line
    waited_on_by: str


@dataclass(frozen=True)
class RequestWorkbook:
    """Everything an update workbook shows and carries."""

    request: UpdateRequest
    plan_name: str
    lines: tuple[RequestLine, ...]


class Verdict(enum.StrEnum):
    """How one returned field compares with what was sent and what the plan holds now."""

    UNCHANGED = "unchanged"  # left as sent: no change
    CLEAN = "clean"  # changed by the team; the plan still holds what was sent
    ALREADY = "already"  # the plan already holds the returned value
    CONFLICT = "conflict"  # changed on both sides, differently: never applied silently


def verdict(sent: UpdateValue, returned: UpdateValue, current: UpdateValue) -> Verdict:
    """The three-way comparison of one field."""
    if returned == sent:
        return Verdict.UNCHANGED
    if current == returned:
        return Verdict.ALREADY
    if current == sent:
        return Verdict.CLEAN
    return Verdict.CONFLICT


# ---------------------------------------------------------------- what a returned workbook holds


class ProblemKind(enum.StrEnum):
    """What is wrong with part of a returned workbook (the file itself was still read)."""

    CELL = "cell"  # a value that is not one (a formula, "soon" as a date): that cell is not read
    DATES = "dates"  # the due date before the start: neither date of the row is read
    LOCKED = "locked"  # a locked context cell was changed: the change is ignored
    NO_ID = "no id"  # a row without a Row id (added by hand, a key typed in): never matched
    UNKNOWN_ID = "unknown id"  # a Row id the request did not send: not read
    DUPLICATE_ID = "duplicate id"  # two rows with one Row id (a row copied): neither is read
    MISSING = "missing"  # a row the request sent is not in the sheet (deleted): nothing for it
    SHEET = "sheet"  # the Updates sheet was renamed (it is still read)


@dataclass(frozen=True)
class ReturnedProblem:
    """One thing in a returned workbook that was not read as it stands, and why.

    ``text`` names the sheet, row and column, e.g. 'Updates row 7 (BNK-3), New due: "31/02/2027"
    is not a real date; the cell is not read.'
    """

    kind: ProblemKind
    text: str
    row: int | None = None  # the sheet row, as the spreadsheet numbers it
    column: str | None = None  # the column's heading
    workstream_id: int | None = None  # the workstream it concerns, when known
    key: str = ""


@dataclass(frozen=True)
class ReturnedLine:
    """One row of a returned workbook, matched to a sent row by its Row id (never by key or order).

    Each field holds the answer as read; None means no answer (left empty, or a cell that could
    not be read: see the workbook's problems), so it is never applied. The blocker note is the
    exception: an emptied note ("") is an answer, the blocker is gone.
    """

    row: int  # the sheet row, as the spreadsheet numbers it
    workstream_id: int
    key: str  # the key the request sent (not what the Key cell may now say)
    status: Status | None = None
    progress: int | None = None
    planned_start: date | None = None
    planned_due: date | None = None
    blocker_note: str | None = None
    comment: str = ""  # for the status report; "" when none

    def value(self, field: str) -> UpdateValue:
        """The answer for one of UPDATE_FIELDS (None: no answer)."""
        value: UpdateValue = getattr(self, field)
        return value


@dataclass(frozen=True)
class ReturnedWorkbook:
    """A returned update workbook as read: what identifies it, its rows, and what was not read."""

    file_name: str
    digest: str  # SHA-256 of the file's bytes: the same file collected twice is named
    format: int
    token: str  # the request's token, from the very hidden sheet (and the document properties)
    plan_identity: str
    team_code: str
    sent_at: datetime  # UTC, as the workbook says the request was sent
    sent: tuple[SentRow, ...]  # the rows as the workbook's very hidden sheet holds them
    lines: tuple[ReturnedLine, ...]  # in sheet order
    problems: tuple[ReturnedProblem, ...]  # in sheet order; the file-wide ones first
    sheet_name: str = "Updates"  # the Updates sheet's name as found (renamed: a problem says so)

    def line(self, workstream_id: int) -> ReturnedLine | None:
        return next((line for line in self.lines if line.workstream_id == workstream_id), None)

    def problems_for(self, workstream_id: int) -> tuple[ReturnedProblem, ...]:
        return tuple(problem for problem in self.problems if problem.workstream_id == workstream_id)
