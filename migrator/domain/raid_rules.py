"""What a RAID item may hold: each field's kind and limits, the statuses of its type, plausible dates.

Plain functions over field values, used by the service for every change and by the RAID sheet
import for each row (whose messages then name the row and the field).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from migrator.domain import rules
from migrator.domain.errors import ValidationError
from migrator.domain.raid import (
    COMMON_FIELDS,
    SCALE,
    STATUSES_OF,
    TYPE_FIELDS,
    Escalation,
    LinkRole,
    RaidItem,
    RaidStatus,
    RaidType,
    Response,
    RiskBands,
    Severity,
)

MAX_SCORE = max(SCALE) * max(SCALE)  # 25
PRIORITIES = range(1, 5)  # an issue's priority, 1 (highest) to 4

# Every field a caller may set, and its kind: text (with its longest), a number (with its
# range), a date, one of an enum, or the id of a person, team or item.
TEXTS = {
    "title": rules.MAX_NAME, "decider": rules.MAX_NAME,
    **{
        name: rules.MAX_TEXT
        for name in (
            "description", "cause", "event", "effect", "actions", "trigger", "validation", "question",
            "options", "recommendation", "outcome", "rationale",
        )
    },
}  # fmt: skip
NUMBERS = {"probability": SCALE, "impact": SCALE, "priority": PRIORITIES}
DATES = (
    "proximity", "actions_due", "review_date", "escalated_on", "validate_by", "target_date", "needed_by",
    "decided_on", "revisit_by",
)  # fmt: skip
ENUMS: dict[str, type[enum.Enum]] = {
    "status": RaidStatus, "response": Response, "escalated_to": Escalation, "severity": Severity,
}  # fmt: skip
IDS = ("owner_id", "team_id", "raised_from_id")
# Dates of what has happened: they cannot be after today.
PAST_DATES = ("escalated_on", "decided_on")
_ALL = frozenset((*TEXTS, *NUMBERS, *DATES, *ENUMS, *IDS))
# In the item's field order: history records a change's fields in it.
EDITABLE = tuple(f.name for f in dataclasses.fields(RaidItem) if f.name in _ALL)

LABELS = {
    "owner_id": "owner", "team_id": "team", "raised_from_id": "raised from", "actions_due": "actions due",
    "review_date": "next review", "escalated_to": "escalated to", "escalated_on": "escalated on",
    "validate_by": "validate by", "target_date": "target date", "needed_by": "needed by",
    "decided_on": "decided on", "revisit_by": "revisit by",
}  # fmt: skip


def a(kind: RaidType) -> str:
    """The type with its article: "a risk", "an issue"."""
    return f"{'an' if kind.value[0] in 'aeiou' else 'a'} {kind.value}"


def label(field: str) -> str:
    """How messages and history name a field: "needed by", "owner"."""
    return LABELS.get(field, field.replace("_", " "))


def fields_of(kind: RaidType) -> frozenset[str]:
    """The fields an item of ``kind`` shows and edits (besides its key and type)."""
    return frozenset((*COMMON_FIELDS, *TYPE_FIELDS[kind]))


def raid_type(value: RaidType | str) -> RaidType:
    if isinstance(value, RaidType):
        return value
    text = str(value).strip().lower()
    for kind in RaidType:
        if text in (kind.value, kind.prefix.lower()):
            return kind
    raise ValidationError(f"'{value}' is not a RAID type: say risk, assumption, issue or decision.")


def link_role(value: LinkRole | str) -> LinkRole:
    if isinstance(value, LinkRole):
        return value
    text = " ".join(str(value).strip().lower().replace("_", " ").split())
    try:
        return LinkRole(text)
    except ValueError:
        allowed = ", ".join(role.value for role in LinkRole)
        raise ValidationError(f"'{value}' is not a link role: say {allowed}.") from None


def checked_value(field: str, value: Any, where: str = "") -> Any:
    """``value`` as ``field`` keeps it (text stripped of NULs, enums from their words), or a
    ValidationError naming the field (and ``where``: "R-3", "row 4")."""
    name = f"{where}: {label(field)}" if where else label(field).capitalize()
    if field in TEXTS:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(f"{name} cannot be {value!r}: it is text.")
        if field == "title":
            return rules.require_text(value, name, max_length=TEXTS[field])
        return rules.optional_text(
            value.strip() if field == "decider" else value, name, max_length=TEXTS[field]
        )
    if field in NUMBERS:
        scale = NUMBERS[field]
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value not in scale:
            raise ValidationError(
                f"{name} must be a whole number from {scale.start} to {scale.stop - 1}, not {value!r}."
            )
        return value
    if field in DATES:
        if value is None:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise ValidationError(f"{name} cannot be {value!r}: it is a date.")
        rules.check_year(value, name)
        return value
    if field in ENUMS:
        kind = ENUMS[field]
        if value is None and field != "status":
            return None
        try:
            return kind(value.strip().lower() if isinstance(value, str) else value)
        except ValueError:
            words = ", ".join(str(member.value) for member in kind)
            raise ValidationError(f"{name} '{value}' is not one of {words}.") from None
    if field in IDS:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValidationError(f"{name} cannot be {value!r}.")
        return value
    raise ValidationError(f"A RAID item has no field {field}.")


def checked_item(kind: RaidType, state: Mapping[str, Any], today: date, where: str) -> dict[str, Any]:
    """An item's whole state checked as its type asks: each field's kind, the status of the
    type, dates of what happened not after ``today``; a decision that is decided has a
    decided date (today, unless given)."""
    checked = {field: checked_value(field, state.get(field), where) for field in EDITABLE}
    status = checked["status"]
    if status not in STATUSES_OF[kind]:
        allowed = ", ".join(s.value for s in STATUSES_OF[kind])
        raise ValidationError(f"{where}: {a(kind)} cannot be {status.value}; it is {allowed}.")
    for field in PAST_DATES:
        if checked[field] is not None and checked[field] > today:
            raise ValidationError(
                f"{where}: {label(field)} {checked[field].isoformat()} is after today ({today.isoformat()})."
            )
    if kind is RaidType.DECISION and status is RaidStatus.DECIDED and checked["decided_on"] is None:
        checked["decided_on"] = today
    return checked


def reject_other_types(kind: RaidType, fields: Mapping[str, Any], where: str) -> None:
    """Refuse fields another type keeps ("A decision has no probability")."""
    foreign = sorted(field for field in fields if field in EDITABLE and field not in fields_of(kind))
    if foreign:
        names = ", ".join(label(field) for field in foreign)
        raise ValidationError(f"{where}: {a(kind)} has no {names}.")


def check_risk_bands(bands: RiskBands) -> RiskBands:
    """Amber from a score, red from a higher one, both within 1–25."""
    for value in (bands.amber_score, bands.red_score):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SCORE:
            raise ValidationError(
                f"A risk band's score must be a whole number from 1 to {MAX_SCORE}, not {value!r}."
            )
    if bands.red_score <= bands.amber_score:
        raise ValidationError(
            f"Risks turn red at a higher score than amber: red {bands.red_score} is not above amber "
            f"{bands.amber_score}."
        )
    return bands


# ---------------------------------------------------------------- the RAID sheet

# The columns of a RAID sheet as the export writes them and the import reads them: (what the
# column holds, its header, other headers teams' own sheets give it). "owner", "team",
# "raised_from" and "links" hold names and keys, not ids.
SHEET_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("key", "Key", ("id", "ref", "reference", "raid id")),
    ("type", "Type", ("kind", "category", "raid type")),
    ("title", "Title", ("summary", "name", "item")),
    ("description", "Description", ("details", "notes")),
    ("owner", "Owner", ("owned by", "assignee", "action owner")),
    ("team", "Team", ()),
    ("status", "Status", ()),
    ("cause", "Cause", ()),
    ("event", "Event", ()),
    ("effect", "Effect", ("consequence",)),
    ("probability", "Probability", ("likelihood",)),
    ("impact", "Impact", ()),
    ("proximity", "Proximity", ("expected date",)),
    ("response", "Response", ("strategy", "response strategy")),
    ("actions", "Actions", ("mitigation", "mitigating actions")),
    ("actions_due", "Actions due", ("actions due date",)),
    ("trigger", "Trigger", ("early warning",)),
    ("review_date", "Next review", ("review date", "review by")),
    ("escalated_to", "Escalated to", ("escalation",)),
    ("escalated_on", "Escalated on", ("escalation date",)),
    ("validation", "Validation", ("how validated",)),
    ("validate_by", "Validate by", ("validation date",)),
    ("severity", "Severity", ()),
    ("priority", "Priority", ()),
    ("target_date", "Target date", ("target", "resolve by")),
    ("raised_from", "Raised from", ()),
    ("question", "Question", ()),
    ("needed_by", "Needed by", ("decision needed by", "decision due")),
    ("options", "Options", ()),
    ("recommendation", "Recommendation", ()),
    ("decider", "Who decides", ("decider", "decision maker", "decision by")),
    ("decided_on", "Decided on", ("decision date", "date decided")),
    ("outcome", "Outcome", ("decision",)),
    ("rationale", "Rationale", ()),
    ("revisit_by", "Revisit by", ("revisit",)),
    ("links", "Linked work", ("links", "linked workstreams", "affects")),
)
# Columns the export adds for the reader, which an import leaves alone (they follow from others).
SHEET_EXTRAS = ("Score", "Band", "Created", "Updated")
# The role a link written without one takes, by the item's type.
DEFAULT_ROLE = {
    RaidType.RISK: LinkRole.THREATENS,
    RaidType.ASSUMPTION: LinkRole.ASSUMED_BY,
    RaidType.ISSUE: LinkRole.THREATENS,
    RaidType.DECISION: LinkRole.DECIDED_FOR,
}


def sheet_field(field: str) -> str:
    """The item's field a sheet column fills: the owner's name fills owner_id."""
    return {"owner": "owner_id", "team": "team_id", "raised_from": "raised_from_id"}.get(field, field)
