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
from migrator.domain.raid import STATUSES_OF, RaidStatus, RaidType

# The fields a team answers for, in the order the workbook shows them.
UPDATE_FIELDS = ("status", "progress", "planned_start", "planned_due", "blocker_note")
FIELD_LABELS = {
    "status": "Status",
    "progress": "Progress",
    "planned_start": "Start",
    "planned_due": "Due",
    "blocker_note": "Blocker note",
}

UpdateValue = Status | RaidStatus | int | date | str | None

# The fields a team answers for each RAID item it owns, in the order the RAID sheet shows them;
# which of them an item's type has (a risk's probability and impact, a decision's outcome).
RAID_FIELDS = ("status", "probability", "impact", "actions", "outcome")
RAID_FIELD_LABELS = {
    "status": "Status",
    "probability": "Probability",
    "impact": "Impact",
    "actions": "Actions",
    "outcome": "Decision outcome",
}
RAID_FIELDS_OF = {
    RaidType.RISK: ("status", "probability", "impact", "actions"),
    RaidType.ASSUMPTION: ("status",),
    RaidType.ISSUE: ("status", "actions"),
    RaidType.DECISION: ("status", "outcome"),
}


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
class RaidSentRow:
    """One RAID item as a request sent it: its id, the version it was read at, its values (those
    its type has no use for are None or "")."""

    item_id: int
    key: str
    type: RaidType
    version: int
    status: RaidStatus
    probability: int | None
    impact: int | None
    actions: str
    outcome: str

    def value(self, field: str) -> UpdateValue:
        value: UpdateValue = getattr(self, field)
        return value

    @property
    def fields(self) -> tuple[str, ...]:
        """The RAID_FIELDS its type answers."""
        return RAID_FIELDS_OF[self.type]

    @property
    def statuses(self) -> tuple[RaidStatus, ...]:
        return STATUSES_OF[self.type]


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
    raid_rows: tuple[RaidSentRow, ...] = ()  # the open RAID items the team owns, by key

    def row(self, workstream_id: int) -> SentRow | None:
        return next((row for row in self.rows if row.workstream_id == workstream_id), None)

    def raid_row(self, item_id: int) -> RaidSentRow | None:
        return next((row for row in self.raid_rows if row.item_id == item_id), None)


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
class RaidRequestLine:
    """One row of the RAID items sheet: the values sent, with the read-only context beside."""

    sent: RaidSentRow
    title: str
    owner: str | None
    measure: str  # a risk's score ("12 (amber)"), a decision's needed-by date, an issue's target date
    linked: str  # the work it is linked to, e.g. "BNK-3 (threatens)", one per line


@dataclass(frozen=True)
class RequestWorkbook:
    """Everything an update workbook shows and carries."""

    request: UpdateRequest
    plan_name: str
    lines: tuple[RequestLine, ...]
    raid_lines: tuple[RaidRequestLine, ...] = ()


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
    item_id: int | None = None  # the RAID item it concerns, when known (RAID items sheet)


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
class ReturnedRaidLine:
    """One row of a returned RAID items sheet, matched to a sent item by its Item id.

    None means no answer (left empty or unreadable); an emptied actions or outcome text ("") is
    an answer. Fields the item's type has no use for stay None.
    """

    row: int
    item_id: int
    key: str
    status: RaidStatus | None = None
    probability: int | None = None
    impact: int | None = None
    actions: str | None = None
    outcome: str | None = None
    comment: str = ""

    def value(self, field: str) -> UpdateValue:
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
    raid_sent: tuple[RaidSentRow, ...] = ()  # the RAID items as the very hidden sheet holds them
    raid_lines: tuple[ReturnedRaidLine, ...] = ()  # the RAID items sheet's rows, in sheet order

    def line(self, workstream_id: int) -> ReturnedLine | None:
        return next((line for line in self.lines if line.workstream_id == workstream_id), None)

    def problems_for(self, workstream_id: int) -> tuple[ReturnedProblem, ...]:
        return tuple(problem for problem in self.problems if problem.workstream_id == workstream_id)

    def problems_for_item(self, item_id: int) -> tuple[ReturnedProblem, ...]:
        return tuple(problem for problem in self.problems if problem.item_id == item_id)


# ---------------------------------------------------------------- the review of collected returns


@dataclass(frozen=True)
class ReviewProblem:
    """Something in a returned file that is not applied, said in one line naming file and row
    ("Updates row 7 (LEG-3): ..." in ``message``)."""

    file_name: str
    message: str
    row: int | None = None  # the row of the Updates sheet, when the problem is one row's
    column: str | None = None  # the heading of the column, when it is one cell's
    key: str | None = None  # the workstream concerned, when known

    @property
    def text(self) -> str:
        """The line a coordinator reads: the file, then the message (which names sheet and row)."""
        if self.message.startswith(self.file_name):
            return self.message
        return f"{self.file_name}: {self.message}"


@dataclass(frozen=True)
class FieldUpdate:
    """One returned field compared three ways: sent, returned, in the plan now.

    A workstream's field, or (``raid_type`` set) a RAID item's: then ``workstream_id`` holds the
    item's id (``item_id``) and ``field`` is one of RAID_FIELDS."""

    request_id: int
    workstream_id: int
    key: str
    field: str  # one of UPDATE_FIELDS (a RAID item's: one of RAID_FIELDS)
    sent: UpdateValue
    returned: UpdateValue
    current: UpdateValue
    verdict: Verdict
    answered_by: str  # who answered the request (history credits them)
    changed_by: str | None = None  # who changed the plan's side since the request was sent
    changed_at: datetime | None = None  # and when (UTC)
    raid_type: RaidType | None = None  # a RAID item's field (None: a workstream's)

    @property
    def item_id(self) -> int | None:
        """The RAID item's id, for a RAID item's field."""
        return self.workstream_id if self.raid_type is not None else None

    @property
    def ref(self) -> tuple[int, int, str]:
        """What identifies this update among a review's (what a dialog accepts or rejects)."""
        if self.raid_type is not None:
            return (self.request_id, self.workstream_id, f"raid {self.field}")
        return (self.request_id, self.workstream_id, self.field)

    @property
    def label(self) -> str:
        return RAID_FIELD_LABELS[self.field] if self.raid_type is not None else FIELD_LABELS[self.field]

    @property
    def applicable(self) -> bool:
        """Would change the plan if accepted (clean updates and conflicts)."""
        return self.verdict in (Verdict.CLEAN, Verdict.CONFLICT)

    def shown(self, value: UpdateValue) -> str:
        """One of its values as a review reads it: "In progress", "40 %", "4 of 5", "Decided"."""
        if self.raid_type is not None and isinstance(value, int) and not isinstance(value, bool):
            return f"{value} of 5"
        return value_text(value)


@dataclass(frozen=True)
class CommentUpdate:
    """A comment for the report returned for one workstream; recorded as a status comment (for a
    RAID item, ``raid_type`` set: a comment in the item's history; ``workstream_id`` is its id)."""

    request_id: int
    workstream_id: int
    key: str
    text: str
    answered_by: str
    request_sent: date  # the request's date, as the comment's credit names it
    raid_type: RaidType | None = None

    @property
    def ref(self) -> tuple[int, int, str]:
        return (self.request_id, self.workstream_id, "raid comment" if self.raid_type else "comment")

    @property
    def credit(self) -> str:
        """Who the comment is credited to, as history and the report show it."""
        return f"{self.answered_by} via update request of {request_date(self.request_sent)}"


@dataclass(frozen=True)
class RowReview:
    """One workstream of a returned file (or, ``raid_type`` set, one RAID item of its RAID items
    sheet, ``workstream_id`` then holding the item's id): its fields, its comment, its problems."""

    workstream_id: int
    key: str
    title: str
    row: int  # the row of the Updates sheet it came in
    version: int | None  # the workstream's version the comparison was made with (None: gone)
    fields: tuple[FieldUpdate, ...]  # every update field, UNCHANGED ones included
    comment: CommentUpdate | None
    problems: tuple[ReviewProblem, ...] = ()
    raid_type: RaidType | None = None  # a RAID item's row (the RAID items sheet's): its type

    @property
    def changes(self) -> tuple[FieldUpdate, ...]:
        """The fields the team changed (everything but UNCHANGED)."""
        return tuple(update for update in self.fields if update.verdict is not Verdict.UNCHANGED)


@dataclass(frozen=True)
class ReturnReview:
    """One returned file as collected: the request it answers, its rows, what is wrong with it."""

    file_name: str
    file_digest: str
    request: UpdateRequest | None  # None: the file matched no request of this plan
    answered_by: str
    rows: tuple[RowReview, ...]
    problems: tuple[ReviewProblem, ...]  # the file's own and its rows', in row order
    refused: bool  # nothing from this file is applied (another plan's, a duplicate, unreadable)
    raid_rows: tuple[RowReview, ...] = ()  # the RAID items it answers for (raid_type set)

    @property
    def all_rows(self) -> tuple[RowReview, ...]:
        """The workstreams' rows, then the RAID items'."""
        return (*self.rows, *self.raid_rows)

    @property
    def team_name(self) -> str:
        return self.request.team_name if self.request is not None else ""


@dataclass(frozen=True)
class Review:
    """Every returned file collected at once, compared with the plan as it was read."""

    returns: tuple[ReturnReview, ...]  # grouped by team (name order), then file name
    history_id: int  # the last history entry of the plan the review was made from
    reviewed_at: datetime  # UTC

    @property
    def updates(self) -> tuple[FieldUpdate, ...]:
        """Every changed field of every accepted file (clean, already applied, conflicts)."""
        return tuple(
            update
            for returned in self.returns
            if not returned.refused
            for row in returned.all_rows
            for update in row.changes
        )

    @property
    def clean(self) -> tuple[FieldUpdate, ...]:
        """What "Accept all clean updates" accepts."""
        return tuple(update for update in self.updates if update.verdict is Verdict.CLEAN)

    @property
    def conflicts(self) -> tuple[FieldUpdate, ...]:
        return tuple(update for update in self.updates if update.verdict is Verdict.CONFLICT)

    @property
    def comments(self) -> tuple[CommentUpdate, ...]:
        return tuple(
            row.comment
            for returned in self.returns
            if not returned.refused
            for row in returned.all_rows
            if row.comment is not None
        )

    @property
    def problems(self) -> tuple[ReviewProblem, ...]:
        return tuple(problem for returned in self.returns for problem in returned.problems)


@dataclass(frozen=True)
class AppliedUpdates:
    """What apply_updates did, with what undo_applied needs to take it back (and redo again)."""

    change_id: int | None  # the history change the updates were recorded in
    applied: tuple[FieldUpdate, ...]  # the field updates written
    comments: tuple[CommentUpdate, ...]  # recorded as status comments (history: kept by undo)
    before: tuple[tuple[int, tuple[tuple[str, UpdateValue], ...]], ...]  # per workstream: old values
    after: tuple[tuple[int, tuple[tuple[str, UpdateValue], ...]], ...]  # per workstream: new values
    versions: tuple[tuple[int, int], ...]  # per workstream: its version once written
    return_ids: tuple[int, ...]  # the returns recorded (undo forgets them)
    returns: tuple[tuple[int, str, str, str], ...]  # (request id, answered by, file name, digest)
    raid_before: tuple[tuple[int, tuple[tuple[str, UpdateValue], ...]], ...] = ()  # per RAID item
    raid_after: tuple[tuple[int, tuple[tuple[str, UpdateValue], ...]], ...] = ()
    raid_versions: tuple[tuple[int, int], ...] = ()  # per RAID item: its version once written

    @property
    def workstream_ids(self) -> tuple[int, ...]:
        return tuple(workstream_id for workstream_id, _ in self.after)


def request_date(day: date) -> str:
    """How a request's date reads in credits and summaries: "3 Mar 2027"."""
    return f"{day.day} {day:%b %Y}"


def value_text(value: UpdateValue) -> str:
    """How an update's value reads in a review: "In progress", "40 %", "3 Mar 2027", "(empty)"."""
    if isinstance(value, Status | RaidStatus):
        return value.label
    if isinstance(value, date):
        return request_date(value)
    if isinstance(value, int):
        return f"{value} %"
    if value is None or value == "":
        return "(empty)"
    return f'"{value}"'


def answer_line(answers: TeamAnswers, as_of: date) -> str:
    """What the report's Summary and the dashboard say of a team asked for updates: "No update
    from Legal & Compliance since 24 Feb" while a request waits, else "Finance answered on 3 Mar"."""

    def day(when: date) -> str:
        return f"{when.day} {when:%b}" if when.year == as_of.year else request_date(when)

    if answers.waiting_since is not None:
        said = f"No update from {answers.team_name} since {day(answers.waiting_since.date())}"
        if answers.waiting_due is not None:
            overdue = "overdue since" if answers.waiting_due < as_of else "due"
            said += f" ({overdue} {day(answers.waiting_due)})"
        if answers.last_answered is not None:
            said += f"; last answered on {day(answers.last_answered.date())}"
        return said
    if answers.last_answered is not None:
        by = f" ({answers.last_answered_by})" if answers.last_answered_by else ""
        return f"{answers.team_name} answered on {day(answers.last_answered.date())}{by}"
    return f"{answers.team_name} has not been asked for an update"
