"""The tables of a migration file, as SQLAlchemy ORM classes (used by the services only)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from migrator.domain.model import HealthThresholds
from migrator.domain.raid import LinkRole, RaidStatus, RaidType, RiskBands

# Named constraints, so later batch revisions can find and drop them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STATUSES = ("not_started", "in_progress", "blocked", "done", "cancelled")
HEALTHS = ("green", "amber", "red")
DEPENDENCY_TYPES = ("FS", "SS", "FF", "SF")
RAID_TYPES = tuple(t.value for t in RaidType)
RAID_STATUSES = tuple(s.value for s in RaidStatus)
RAID_ROLES = tuple(r.value for r in LinkRole)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _threshold(name: str) -> Mapped[int]:
    """A health threshold column defaulting, in Python and in SQL, to the domain's value."""
    value: int = getattr(HealthThresholds(), name)
    return mapped_column(Integer, nullable=False, default=value, server_default=text(str(value)))


def _band(name: str) -> Mapped[int]:
    """A risk band's score column defaulting, in Python and in SQL, to the domain's value."""
    value: int = getattr(RiskBands(), name)
    return mapped_column(Integer, nullable=False, default=value, server_default=text(str(value)))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """A version counter per row: a shared-database mode detects concurrent edits with it."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class MigrationRow(Versioned, Base):
    __tablename__ = "migration"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    target_go_live: Mapped[date | None] = mapped_column(Date)
    go_live_milestone_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id", ondelete="SET NULL"))
    # Digits of the working weekdays, 0 = Monday: "01234" is Monday to Friday.
    working_weekdays: Mapped[str] = mapped_column(String(7), nullable=False, default="01234")
    # When the analysis turns a workstream amber or red (migrator.domain.model.HealthThresholds).
    red_slip_days: Mapped[int] = _threshold("red_slip_days")
    amber_float_days: Mapped[int] = _threshold("amber_float_days")
    due_soon_days: Mapped[int] = _threshold("due_soon_days")
    due_soon_progress: Mapped[int] = _threshold("due_soon_progress")
    # The plan's own identity, kept by its copies: an update workbook names the plan it came from.
    identity: Mapped[str] = mapped_column(
        String(36), nullable=False, default=lambda: str(uuid.uuid4()), server_default=""
    )
    # When a RAID risk's score is amber or red (migrator.domain.raid.RiskBands).
    risk_amber_score: Mapped[int] = _band("amber_score")
    risk_red_score: Mapped[int] = _band("red_score")

    __mapper_args__ = {"version_id_col": Versioned.version}


class NonWorkingDayRow(Base):
    __tablename__ = "non_working_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")


# Ids of rows history talks about are never handed out twice (SQLite would reuse the highest
# freed id): a workstream made after an undone one must not inherit its history.
NEVER_REUSED = {"sqlite_autoincrement": True}


class TeamRow(Versioned, Base):
    __tablename__ = "team"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    code: Mapped[str] = mapped_column(String(10), nullable=False, unique=True)
    colour: Mapped[str] = mapped_column(String(7), nullable=False, default="#607D8B")
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL", use_alter=True))
    # Next number for generated keys: never reused, so a deleted key stays unique in history.
    next_key_number: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": Versioned.version}


class PersonRow(Versioned, Base):
    __tablename__ = "person"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str | None] = mapped_column(String(320))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))

    __mapper_args__ = {"version_id_col": Versioned.version}


class WorkstreamRow(Versioned, Base):
    __tablename__ = "workstream"
    __table_args__ = (
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        CheckConstraint(
            f"health_override IS NULL OR {_one_of('health_override', HEALTHS)}",
            name="health_override",
        ),
        Index(None, "team_id"),
        Index(None, "owner_id"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(24), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="RESTRICT"), nullable=False)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="not_started")
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_due: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_finish: Mapped[date | None] = mapped_column(Date)
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_milestone: Mapped[bool] = mapped_column(nullable=False, default=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    blocker_note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    health_override: Mapped[str | None] = mapped_column(String(10))
    health_override_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    baseline_start: Mapped[date | None] = mapped_column(Date)
    baseline_due: Mapped[date | None] = mapped_column(Date)
    # The identifier the row had in an imported plan (an MS Project ID, a WBS code...).
    source_ref: Mapped[str | None] = mapped_column(String(100), index=True)

    __mapper_args__ = {"version_id_col": Versioned.version}


class DependencyRow(Versioned, Base):
    __tablename__ = "dependency"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id"),
        CheckConstraint("predecessor_id <> successor_id", name="not_self"),
        CheckConstraint(_one_of("type", DEPENDENCY_TYPES), name="type"),
        Index(None, "successor_id"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("workstream.id", ondelete="CASCADE"), nullable=False
    )
    successor_id: Mapped[int] = mapped_column(ForeignKey("workstream.id", ondelete="CASCADE"), nullable=False)
    type: Mapped[str] = mapped_column(String(2), nullable=False, default="FS")
    lag: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __mapper_args__ = {"version_id_col": Versioned.version}


class HistoryRow(Base):
    """One changed field (or a comment). No foreign keys: history outlives what it describes."""

    __tablename__ = "history"
    __table_args__ = (Index(None, "entity", "entity_id"), Index(None, "change_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change_id: Mapped[int] = mapped_column(Integer, nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    entity: Mapped[str] = mapped_column(String(20), nullable=False)
    entity_id: Mapped[int] = mapped_column(Integer, nullable=False)
    entity_label: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    field: Mapped[str | None] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")


class SnapshotRow(Base):
    """The state a status report showed, kept so later reports can say what changed since.

    Never changed once written (a trigger refuses updates): a report sent is a fact.
    """

    __tablename__ = "snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    as_of: Mapped[date] = mapped_column(Date, nullable=False)
    label: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    audience: Mapped[str] = mapped_column(String(20), nullable=False, default="full")
    # The last history entry when it was taken: edits after it are "since this report".
    history_id: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    projected_go_live: Mapped[date | None] = mapped_column(Date)
    overall_health: Mapped[str] = mapped_column(String(10), nullable=False)
    # migrator.analysis.plan_state.to_json: compressed JSON of the whole plan state.
    state: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class UpdateRequestRow(Base):
    """An update request sent to a team or an owner (migrator.domain.updates.UpdateRequest).
    No foreign key to the team: the request stays a fact after the team is gone."""

    __tablename__ = "update_request"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    sent_by: Mapped[str] = mapped_column(String(200), nullable=False)
    as_of: Mapped[date] = mapped_column(Date, nullable=False)
    due: Mapped[date | None] = mapped_column(Date)
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    team_id: Mapped[int | None] = mapped_column(Integer)
    team_code: Mapped[str] = mapped_column(String(10), nullable=False)
    team_name: Mapped[str] = mapped_column(String(200), nullable=False)
    recipient: Mapped[str] = mapped_column(String(200), nullable=False)
    recipient_email: Mapped[str | None] = mapped_column(String(320))


class UpdateRequestLineRow(Base):
    """One workstream as a request sent it: the version it was read at and the values shown.
    No foreign key to the workstream: a row deleted since is named when the answer comes."""

    __tablename__ = "update_request_line"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("update_request.id", ondelete="CASCADE"), primary_key=True
    )
    workstream_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(24), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    progress: Mapped[int] = mapped_column(Integer, nullable=False)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_due: Mapped[date | None] = mapped_column(Date)
    blocker_note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class UpdateRequestRaidLineRow(Base):
    """One RAID item as a request sent it: the version it was read at and the values shown.
    No foreign key to the item: one deleted since is named when the answer comes."""

    __tablename__ = "update_request_raid_line"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("update_request.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(12), nullable=False)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    probability: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    actions: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome: Mapped[str] = mapped_column(Text, nullable=False, default="")


class UpdateReturnRow(Base):
    """A returned update workbook, once collected (migrator.domain.updates.CollectedReturn)."""

    __tablename__ = "update_return"
    __table_args__ = (Index(None, "request_id"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("update_request.id", ondelete="CASCADE"), nullable=False
    )
    answered_by: Mapped[str] = mapped_column(String(200), nullable=False)
    collected_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    collected_by: Mapped[str] = mapped_column(String(200), nullable=False)
    file_name: Mapped[str] = mapped_column(String(260), nullable=False)
    file_digest: Mapped[str] = mapped_column(String(64), nullable=False)
    change_id: Mapped[int | None] = mapped_column(Integer)


class RaidKeyRow(Base):
    """The next number of each RAID type's keys: never reused, so R-12 names one risk forever."""

    __tablename__ = "raid_key"
    __table_args__ = (CheckConstraint(_one_of("type", RAID_TYPES), name="type"),)

    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_number: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class RaidItemRow(Versioned, Base):
    """A risk, assumption, issue or decision (migrator.domain.raid.RaidItem): one wide row for all
    four, so an assumption found invalid becomes an issue in place."""

    __tablename__ = "raid_item"
    __table_args__ = (
        CheckConstraint(_one_of("type", RAID_TYPES), name="type"),
        CheckConstraint(_one_of("status", RAID_STATUSES), name="status"),
        CheckConstraint("probability IS NULL OR probability BETWEEN 1 AND 5", name="probability"),
        CheckConstraint("impact IS NULL OR impact BETWEEN 1 AND 5", name="impact"),
        CheckConstraint("priority IS NULL OR priority BETWEEN 1 AND 4", name="priority"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(12), nullable=False, unique=True)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="open")
    created: Mapped[date] = mapped_column(Date, nullable=False)
    updated: Mapped[date] = mapped_column(Date, nullable=False)
    cause: Mapped[str] = mapped_column(Text, nullable=False, default="")
    event: Mapped[str] = mapped_column(Text, nullable=False, default="")
    effect: Mapped[str] = mapped_column(Text, nullable=False, default="")
    probability: Mapped[int | None] = mapped_column(Integer)
    impact: Mapped[int | None] = mapped_column(Integer)
    proximity: Mapped[date | None] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(String(20))
    actions: Mapped[str] = mapped_column(Text, nullable=False, default="")
    actions_due: Mapped[date | None] = mapped_column(Date)
    trigger: Mapped[str] = mapped_column(Text, nullable=False, default="")
    review_date: Mapped[date | None] = mapped_column(Date)
    escalated_to: Mapped[str | None] = mapped_column(String(20))
    escalated_on: Mapped[date | None] = mapped_column(Date)
    validation: Mapped[str] = mapped_column(Text, nullable=False, default="")
    validate_by: Mapped[date | None] = mapped_column(Date)
    severity: Mapped[str | None] = mapped_column(String(20))
    priority: Mapped[int | None] = mapped_column(Integer)
    target_date: Mapped[date | None] = mapped_column(Date)
    # No foreign key: the risk an issue came from may be deleted, and the issue keeps its word.
    raised_from_id: Mapped[int | None] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text, nullable=False, default="")
    needed_by: Mapped[date | None] = mapped_column(Date)
    options: Mapped[str] = mapped_column(Text, nullable=False, default="")
    recommendation: Mapped[str] = mapped_column(Text, nullable=False, default="")
    decider: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, nullable=False, default="")
    rationale: Mapped[str] = mapped_column(Text, nullable=False, default="")
    revisit_by: Mapped[date | None] = mapped_column(Date)

    __mapper_args__ = {"version_id_col": Versioned.version}


class RaidLinkRow(Versioned, Base):
    """A RAID item tied to one workstream or one dependency, with its role; gone with either end."""

    __tablename__ = "raid_link"
    __table_args__ = (
        CheckConstraint(_one_of("role", RAID_ROLES), name="role"),
        CheckConstraint("(workstream_id IS NULL) <> (dependency_id IS NULL)", name="one_end"),
        UniqueConstraint("item_id", "workstream_id"),
        UniqueConstraint("item_id", "dependency_id"),
        Index(None, "workstream_id"),
        Index(None, "dependency_id"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("raid_item.id", ondelete="CASCADE"), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    workstream_id: Mapped[int | None] = mapped_column(ForeignKey("workstream.id", ondelete="CASCADE"))
    dependency_id: Mapped[int | None] = mapped_column(ForeignKey("dependency.id", ondelete="CASCADE"))

    __mapper_args__ = {"version_id_col": Versioned.version}
