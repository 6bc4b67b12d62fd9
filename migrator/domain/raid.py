"""The RAID log: risks, assumptions, issues and decisions, tied to the work they threaten.

One item type with the fields of all four kinds (a risk uses its risk fields, a decision its
decision fields), so an assumption found invalid becomes an issue in one step, keeping its
key history and its links. Plain dataclasses, as the rest of the domain.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model names RiskBands as a migration's setting: Health is read when used
    from migrator.domain.model import Health


class RaidType(enum.StrEnum):
    RISK = "risk"
    ASSUMPTION = "assumption"
    ISSUE = "issue"
    DECISION = "decision"

    @property
    def prefix(self) -> str:
        """The key's letter: R-12, A-3, I-7, D-4."""
        return self.value[0].upper()

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RaidStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # risks, assumptions and issues
    DECIDED = "decided"  # decisions only, as the three below
    DEFERRED = "deferred"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# The statuses each type may take; the first is a new item's.
STATUSES_OF = {
    RaidType.RISK: (RaidStatus.OPEN, RaidStatus.CLOSED),
    RaidType.ASSUMPTION: (RaidStatus.OPEN, RaidStatus.CLOSED),
    RaidType.ISSUE: (RaidStatus.OPEN, RaidStatus.CLOSED),
    RaidType.DECISION: (RaidStatus.OPEN, RaidStatus.DECIDED, RaidStatus.DEFERRED, RaidStatus.SUPERSEDED),
}


class LinkRole(enum.StrEnum):
    """What an item is to the workstream or dependency it is linked to."""

    THREATENS = "threatens"
    BLOCKS = "blocks"
    DECIDED_FOR = "decided for"  # the work a decision gates
    ASSUMED_BY = "assumed by"


class Response(enum.StrEnum):
    """A risk's response strategy."""

    AVOID = "avoid"
    REDUCE = "reduce"
    TRANSFER = "transfer"
    ACCEPT = "accept"
    FALLBACK = "fallback"


class Escalation(enum.StrEnum):
    """Where a risk or issue is escalated to."""

    TEAM = "team"
    PROGRAMME = "programme"
    STEERING = "steering"


class Severity(enum.StrEnum):
    """An issue's severity."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


SCALE = range(1, 6)  # probability and impact, 1 (lowest) to 5


@dataclass(frozen=True)
class RiskBands:
    """When a risk's score (probability × impact, 1–25) is amber or red; the migration's setting."""

    amber_score: int = 8
    red_score: int = 15

    def band(self, score: int) -> Health:
        from migrator.domain.model import Health

        if score >= self.red_score:
            return Health.RED
        if score >= self.amber_score:
            return Health.AMBER
        return Health.GREEN


@dataclass(frozen=True)
class RaidLink:
    """An item linked to one workstream or one dependency (exactly one of the two ids is set)."""

    id: int
    item_id: int
    role: LinkRole
    workstream_id: int | None
    dependency_id: int | None
    label: str  # the workstream's key, or the dependency as "BNK-1 → OPS-3"
    version: int


@dataclass(frozen=True)
class RaidItem:
    id: int
    key: str  # I-7, D-4: the type's letter and a number never reused
    type: RaidType
    title: str
    description: str
    owner_id: int | None
    owner_name: str | None
    team_id: int | None
    team_code: str | None
    status: RaidStatus
    created: date
    updated: date
    # A risk: cause → event → effect, how likely and how bad, and what is done about it.
    cause: str = ""
    event: str = ""
    effect: str = ""
    probability: int | None = None  # 1–5
    impact: int | None = None  # 1–5
    proximity: date | None = None  # when it is expected to happen
    response: Response | None = None
    actions: str = ""
    actions_due: date | None = None
    trigger: str = ""  # the early warning
    review_date: date | None = None
    escalated_to: Escalation | None = None
    escalated_on: date | None = None
    # An assumption: how and by when it is validated.
    validation: str = ""
    validate_by: date | None = None
    # An issue.
    severity: Severity | None = None
    priority: int | None = None  # 1 (highest) to 4
    target_date: date | None = None
    raised_from_id: int | None = None  # the risk (or assumption) it was raised from
    # A decision.
    question: str = ""
    needed_by: date | None = None
    options: str = ""  # the options with their pros and cons, as written
    recommendation: str = ""
    decider: str = ""  # a person or a forum ("Steering committee")
    decided_on: date | None = None
    outcome: str = ""
    rationale: str = ""
    revisit_by: date | None = None
    links: tuple[RaidLink, ...] = ()
    version: int = 1

    @property
    def score(self) -> int | None:
        """A risk's probability × impact (1–25); None until both are set."""
        if self.probability is None or self.impact is None:
            return None
        return self.probability * self.impact

    @property
    def is_open(self) -> bool:
        return self.status is RaidStatus.OPEN

    def linked_workstreams(self) -> tuple[int, ...]:
        return tuple(link.workstream_id for link in self.links if link.workstream_id is not None)


# The fields each type shows and edits besides the common ones (key, type, title, description,
# owner, team, status): what a details pane, an import and an export go by.
COMMON_FIELDS = ("title", "description", "owner_id", "team_id", "status")
TYPE_FIELDS = {
    RaidType.RISK: (
        "cause", "event", "effect", "probability", "impact", "proximity", "response", "actions",
        "actions_due", "trigger", "review_date", "escalated_to", "escalated_on",
    ),
    RaidType.ASSUMPTION: ("validation", "validate_by", "review_date"),
    RaidType.ISSUE: (
        "severity", "priority", "target_date", "raised_from_id", "actions", "actions_due", "escalated_to",
        "escalated_on",
    ),
    RaidType.DECISION: (
        "question", "needed_by", "options", "recommendation", "decider", "decided_on", "outcome",
        "rationale", "revisit_by",
    ),
}  # fmt: skip


_TYPE_ORDER = {kind: index for index, kind in enumerate(RaidType)}


def raid_key_number(key: str) -> int:
    """The number of a RAID key ("R-12" → 12), 0 for a key another program wrote without one."""
    number = key.rsplit("-", 1)[-1]
    return int(number) if number.isdecimal() else 0


def raid_order(item: RaidItem) -> tuple[int, int, str]:
    """The log's one order, wherever items are listed: risks, assumptions, issues, decisions;
    within a type by number (R-2 before R-10)."""
    return raid_order_of(item.type, item.key)


def raid_order_of(kind: RaidType, key: str) -> tuple[int, int, str]:
    """``raid_order`` of an item known by its type and key (a row of an update workbook)."""
    return _TYPE_ORDER[kind], raid_key_number(key), key
