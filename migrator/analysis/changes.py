"""What changed between two states of a plan: the "since the last report" a stakeholder reads first.

Edits (status, dates, owners, progress...) carry who made them and when, from the file's
history; what the analysis derives (forecast moves, health flips, conflicts) has no author,
only the report that noticed it.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from migrator.analysis.plan_state import ConflictState, PlanState, WorkstreamState
from migrator.domain.model import HistoryEntry
from migrator.domain.raid import RaidItem, RaidType
from migrator.domain.raid_rules import label as raid_field_label
from migrator.domain.wording import date_text
from migrator.domain.workstream_state import key_order

ChangeValue = date | int | str | None


class ChangeKind(enum.StrEnum):
    """Kinds of change, in the order the Changes sheet lists them."""

    ADDED = "Added"
    REMOVED = "Removed"
    STATUS = "Status"
    DATES = "Date moved"
    FORECAST = "Forecast moved"
    HEALTH = "Health"
    OWNER = "Owner"
    PROGRESS = "Progress"
    COMMENT = "Comment"  # the latest status comment since the compared report
    DETAILS = "Details"
    NEW_CONFLICT = "New conflict"
    RESOLVED_CONFLICT = "Resolved conflict"
    # The RAID log's items (the key is the item's: R-12, D-4).
    RAID_NEW = "RAID: new"
    RAID_CLOSED = "RAID: closed"  # left "open": closed, or a decision decided, deferred, superseded
    RAID_ESCALATED = "RAID: escalated"
    RAID_STATUS = "RAID: status"  # any other status change, such as reopened
    RAID_SCORE = "RAID: score"  # a risk's probability × impact
    RAID_DATE = "RAID: date"  # a decision's needed-by, an issue's target, a risk's proximity
    RAID_OWNER = "RAID: owner"
    RAID_REMOVED = "RAID: removed"

    @property
    def rank(self) -> int:
        return _KIND_RANKS[self]


_KIND_RANKS = {kind: rank for rank, kind in enumerate(ChangeKind)}


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    key: str  # the workstream's, "PROVIDER → CONSUMER" for a conflict, a RAID item's
    team_codes: tuple[str, ...]  # the workstream's team; both teams of a conflict; a RAID item's reach
    title: str
    field: str  # what changed, in words: "Status", "Planned due", ...
    old: ChangeValue
    new: ChangeValue
    days: int | None  # working days a date moved; positive is later
    note: str  # the edit's comment, the new health's first reason, a conflict's message
    who: str  # "" for what the analysis derives
    when: datetime | None

    @property
    def team_code(self) -> str:
        return self.team_codes[0] if self.team_codes else ""


# Workstream fields a stakeholder cares about, with the history's name for each.
_DETAILS = (("key", "key", "Key"), ("title", "title", "Title"), ("team_code", "team", "Team"))
_DATES = (("planned_start", "planned_start", "Planned start"), ("planned_due", "planned_due", "Planned due"))


def compare(
    before: PlanState,
    after: PlanState,
    history: Iterable[HistoryEntry],
    working_days_between: Callable[[date, date], int],
) -> tuple[Change, ...]:
    """Every change from ``before`` to ``after``; ``history`` holds the edits made in between."""
    edits = _Edits(history)
    old_by_id = {w.id: w for w in before.workstreams}
    new_by_id = {w.id: w for w in after.workstreams}
    changes: list[Change] = []

    def add(
        kind: ChangeKind,
        w: WorkstreamState,
        field: str,
        old: ChangeValue = None,
        new: ChangeValue = None,
        *,
        days: int | None = None,
        note: str = "",
        edit: HistoryEntry | None = None,
    ) -> None:
        changes.append(
            Change(
                kind,
                w.key,
                (w.team_code,),
                w.title,
                field,
                old,
                new,
                days,
                note or (edit.comment if edit else ""),
                edit.actor if edit else "",
                edit.at if edit else None,
            )
        )

    # A file can give a new workstream the id of one deleted since: created since means new.
    reborn = {w.id for w in after.workstreams if w.id in old_by_id and edits.any_field(w.id, "created")}
    for w in after.workstreams:
        was = old_by_id.get(w.id)
        if was is None or w.id in reborn:
            add(ChangeKind.ADDED, w, "Workstream", edit=edits.any_field(w.id, "created"))
            continue
        # A team whose code changed renamed its work's team, it did not move it.
        moved = was.team_code != w.team_code and (was.team_id is None or was.team_id != w.team_id)
        for attribute, history_field, label in _DETAILS:
            old, new = getattr(was, attribute), getattr(w, attribute)
            if old != new and (attribute != "team_code" or moved):
                add(ChangeKind.DETAILS, w, label, old, new, edit=edits.latest(w.id, history_field))
        if moved:  # the team it left sees the move in its own report too
            change = changes[-1]
            changes[-1] = dataclasses.replace(change, team_codes=(w.team_code, was.team_code))
        if was.status != w.status:
            add(
                ChangeKind.STATUS,
                w,
                "Status",
                was.status.label,
                w.status.label,
                edit=edits.latest(w.id, "status"),
            )
        for attribute, history_field, label in _DATES:
            old, new = getattr(was, attribute), getattr(w, attribute)
            if old != new:
                days = working_days_between(old, new) if old and new else None
                add(ChangeKind.DATES, w, label, old, new, days=days, edit=edits.latest(w.id, history_field))
        follows_due = (
            was.planned_due != w.planned_due
            and w.planned_due is not None
            and w.forecast_finish is not None
            and working_days_between(w.planned_due, w.forecast_finish) == 0
        )
        if w.is_open and was.forecast_finish != w.forecast_finish and not follows_due:
            old_day, new_day = was.forecast_finish, w.forecast_finish
            days = working_days_between(old_day, new_day) if old_day and new_day else None
            add(ChangeKind.FORECAST, w, "Forecast finish", old_day, new_day, days=days)
        if was.health != w.health:
            reason = w.health_reasons[0] if w.health_reasons else ""
            old_health, new_health = was.health.label, w.health.label
            add(ChangeKind.HEALTH, w, "Health", old_health, new_health, note=reason)
        if was.owner != w.owner:
            add(ChangeKind.OWNER, w, "Owner", was.owner, w.owner, edit=edits.latest(w.id, "owner"))
        if was.progress != w.progress:
            edit = edits.latest(w.id, "progress")
            add(ChangeKind.PROGRESS, w, "Progress", was.progress, w.progress, edit=edit)
    for w in after.workstreams:  # new work's comments too; a comment given with an edit is its note
        if said := edits.any_field(w.id, "commented"):
            add(ChangeKind.COMMENT, w, "Comment", edit=said)
    # What the earlier state names by a team code goes under the code that team has now, so a
    # team whose code changed still sees its removed work and resolved conflicts.
    code_now = {t.id: t.code for t in after.teams if t.id is not None}
    recoded = {t.code: code_now[t.id] for t in before.teams if t.id in code_now}
    for was in before.workstreams:
        if was.id not in new_by_id or was.id in reborn:
            add(ChangeKind.REMOVED, was, "Workstream", edit=edits.any_field(was.id, "deleted"))
            code = recoded.get(was.team_code, was.team_code)
            changes[-1] = dataclasses.replace(changes[-1], team_codes=(code,))

    old_conflicts = {c.dependency_id: c for c in before.conflicts}  # keys may be renamed since
    new_conflicts = {c.dependency_id: c for c in after.conflicts}
    titles = {w.key: w.title for w in after.workstreams} | {
        w.key: w.title for w in before.workstreams if w.id not in new_by_id
    }
    for link, c in new_conflicts.items():
        if link not in old_conflicts:
            changes.append(_conflict_change(ChangeKind.NEW_CONFLICT, c, titles, c.violation_days))
    for link, c in old_conflicts.items():
        if link not in new_conflicts:
            c = dataclasses.replace(
                c,
                predecessor_team=recoded.get(c.predecessor_team, c.predecessor_team),
                successor_team=recoded.get(c.successor_team, c.successor_team),
            )
            changes.append(_conflict_change(ChangeKind.RESOLVED_CONFLICT, c, titles, None))

    changes += raid_changes(before, after, history, working_days_between)
    changes.sort(key=change_order)
    return tuple(changes)


def change_order(change: Change) -> tuple[int, str, tuple[str, int, str], str]:
    """How the Changes sheet lists changes: by kind, then team, key (R-2 before R-10) and field."""
    return change.kind.rank, change.team_code, key_order(change.key), change.field


# The dates of a RAID item a stakeholder plans by, with their names on the Changes sheet.
_RAID_DATES = (
    ("needed_by", "Needed by"),
    ("target_date", "Target date"),
    ("proximity", "Proximity"),
    ("validate_by", "Validate by"),
)


def raid_changes(
    before: PlanState,
    after: PlanState,
    history: Iterable[HistoryEntry],
    working_days_between: Callable[[date, date], int],
) -> list[Change]:
    """What changed in the RAID log: new, closed and escalated items first of all.

    A state kept before the log existed has none of its items, so there what is new, closed
    or escalated is told by the items' own dates after the earlier state's as-of day.
    """
    edits = _Edits(history, entity="raid")
    old_by_id = {item.id: item for item in before.raid}
    new_by_id = {item.id: item for item in after.raid}
    changes: list[Change] = []
    since = before.as_of

    def edited(item: RaidItem, attribute: str) -> HistoryEntry | None:
        """The latest edit of the item's field: history names the field as messages do."""
        return edits.latest(item.id, raid_field_label(attribute))

    def add(
        kind: ChangeKind,
        state: PlanState,
        item: RaidItem,
        field: str,
        old: ChangeValue = None,
        new: ChangeValue = None,
        *,
        days: int | None = None,
        note: str = "",
        edit: HistoryEntry | None = None,
    ) -> None:
        who, when = (edit.actor, edit.at) if edit else ("", None)
        note = note or (edit.comment if edit else "")
        reach = state.raid_reach.get(item.id, ())
        changes.append(Change(kind, item.key, reach, item.title, field, old, new, days, note, who, when))

    for item in after.raid:
        was = old_by_id.get(item.id)
        if was is None:
            if before.raid_kept or item.created > since:
                edit = edits.any_field(item.id, "created")
                add(ChangeKind.RAID_NEW, after, item, item.type.label, note=raid_line(item, after), edit=edit)
                continue
            if not before.raid_kept:  # the earlier state has no log: judge by the item's dates
                if not item.is_open and item.updated > since:
                    add(ChangeKind.RAID_CLOSED, after, item, "Status", None, item.status.label,
                        note=closing_note(item), edit=edited(item, "status"))  # fmt: skip
                if (
                    item.escalated_to is not None
                    and item.escalated_on is not None
                    and item.escalated_on > since
                ):
                    to = item.escalated_to.value.capitalize()
                    add(ChangeKind.RAID_ESCALATED, after, item, "Escalated to", None, to,
                        edit=edited(item, "escalated_to"))  # fmt: skip
            continue
        if was.status != item.status:
            kind = ChangeKind.RAID_CLOSED if was.is_open and not item.is_open else ChangeKind.RAID_STATUS
            note = closing_note(item) if kind is ChangeKind.RAID_CLOSED else ""
            add(kind, after, item, "Status", was.status.label, item.status.label, note=note,
                edit=edited(item, "status"))  # fmt: skip
        if item.escalated_to is not None and item.escalated_to != was.escalated_to:
            old = was.escalated_to.value.capitalize() if was.escalated_to else None
            to = item.escalated_to.value.capitalize()
            add(ChangeKind.RAID_ESCALATED, after, item, "Escalated to", old, to,
                edit=edited(item, "escalated_to"))  # fmt: skip
        if was.score != item.score:
            band = f"now {after.risk_bands.band(item.score).value}" if item.score is not None else ""
            edit = edited(item, "probability") or edited(item, "impact")
            add(ChangeKind.RAID_SCORE, after, item, "Score", was.score, item.score, note=band, edit=edit)
        for attribute, label in _RAID_DATES:
            old_day, new_day = getattr(was, attribute), getattr(item, attribute)
            if old_day != new_day:
                days = working_days_between(old_day, new_day) if old_day and new_day else None
                add(ChangeKind.RAID_DATE, after, item, label, old_day, new_day, days=days,
                    edit=edited(item, attribute))  # fmt: skip
        if was.owner_name != item.owner_name:
            add(ChangeKind.RAID_OWNER, after, item, "Owner", was.owner_name, item.owner_name,
                edit=edited(item, "owner_id"))  # fmt: skip
    for was in before.raid:
        if was.id not in new_by_id:
            add(ChangeKind.RAID_REMOVED, before, was, was.type.label, edit=edits.any_field(was.id, "deleted"))
    return changes


def raid_line(item: RaidItem, state: PlanState) -> str:
    """What a reader needs first about an item: a risk's score, a decision's date and decider."""
    parts = []
    if item.type is RaidType.RISK and item.score is not None:
        parts.append(f"Score {item.score} ({state.risk_bands.band(item.score).value})")
    if item.type is RaidType.DECISION and item.needed_by is not None:
        parts.append(f"needed by {date_text(item.needed_by)}")
    if item.type is RaidType.DECISION and item.decider:
        parts.append(f"decided by {item.decider}")
    if item.type is RaidType.ISSUE and item.target_date is not None:
        parts.append(f"target {date_text(item.target_date)}")
    if item.owner_name:
        parts.append(f"owner {item.owner_name}")
    line = " · ".join(parts)
    return line[:1].upper() + line[1:]


def closing_note(item: RaidItem) -> str:
    """Why an item left the open list: a decision's outcome, or what was done."""
    if item.type is RaidType.DECISION:
        return item.outcome or item.rationale
    return item.actions


def _conflict_change(
    kind: ChangeKind, conflict: ConflictState, titles: dict[str, str], days: int | None
) -> Change:
    return Change(
        kind=kind,
        key=f"{conflict.predecessor} → {conflict.successor}",
        team_codes=tuple(dict.fromkeys((conflict.successor_team, conflict.predecessor_team))),
        title=titles.get(conflict.successor, ""),
        field="Dependency",
        old=None,
        new=None,
        days=days,
        note=conflict.message,
        who="",
        when=None,
    )


class _Edits:
    """The latest history entry per workstream (or other entity) and field (or action), for who and when."""

    def __init__(self, history: Iterable[HistoryEntry], entity: str = "workstream") -> None:
        self._latest: dict[tuple[int, str, str], HistoryEntry] = {}
        self._by_action: dict[tuple[int, str], HistoryEntry] = {}
        for entry in history:
            if entry.entity != entity:
                continue
            slot = (entry.entity_id, entry.action, entry.field or "")
            if slot not in self._latest or entry.id > self._latest[slot].id:
                self._latest[slot] = entry
            action = (entry.entity_id, entry.action)
            if action not in self._by_action or entry.id > self._by_action[action].id:
                self._by_action[action] = entry

    def latest(self, workstream_id: int, field: str = "", *, action: str = "changed") -> HistoryEntry | None:
        return self._latest.get((workstream_id, action, field))

    def any_field(self, workstream_id: int, action: str) -> HistoryEntry | None:
        """The latest entry of ``action`` whatever its field (a delete records one per field)."""
        return self._by_action.get((workstream_id, action))
