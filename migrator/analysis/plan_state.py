"""The state of a plan as a report shows it and a snapshot keeps it.

A ``PlanState`` is everything a stakeholder reads in one status report: the plan's rows,
the analysis of them (forecasts, float, health with reasons, the dependency ledger) and
the migration's headline figures. Exports write it to the workbook and store it in the
file, so a later report can say what changed since; it is plain data with a stable JSON
form (``to_json``/``from_json``), so old snapshots stay readable.
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from operator import attrgetter
from typing import Any

from migrator.analysis.engine import PlanAnalysis
from migrator.analysis.ledger import LinkHealth, LinkState
from migrator.analysis.results import HealthLevel
from migrator.domain.errors import MigrationFileError
from migrator.domain.model import Dependency, HealthThresholds, Status, Team, Workstream
from migrator.domain.raid import (
    Escalation,
    LinkRole,
    RaidItem,
    RaidLink,
    RaidStatus,
    RaidType,
    Response,
    RiskBands,
    Severity,
)
from migrator.domain.workstream_state import key_order

# Bumped when the JSON form changes in a way older readers can't follow. A field added to a
# row later needs a default: snapshots stored before it lack it (see _RowReader).
STATE_FORMAT = 1
DEFAULT_RISK_BANDS = RiskBands()  # a migration's until it sets its own


@dataclass(frozen=True)
class WorkstreamState:
    id: int
    key: str
    title: str
    team_code: str
    owner: str | None
    status: Status
    is_milestone: bool
    planned_start: date | None
    planned_due: date | None
    progress: int
    forecast_start: date | None  # None for cancelled work
    forecast_finish: date | None
    total_float: int | None  # working days; None for done and cancelled work
    days_late: int | None  # working days the forecast finish is past the planned due date
    critical: bool
    health: HealthLevel
    health_reasons: tuple[str, ...]
    baseline_start: date | None
    baseline_due: date | None
    baseline_variance: int | None  # working days the forecast finish is past the baseline due date
    blocker_note: str
    team_id: int | None = None  # None in snapshots kept before teams were known by id

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.DONE, Status.CANCELLED)

    @property
    def is_late(self) -> bool:
        return self.is_open and (self.days_late or 0) > 0


@dataclass(frozen=True)
class TeamState:
    code: str
    name: str
    lead: str | None
    colour: str
    health: HealthLevel
    by_status: dict[Status, int]
    late: int  # open work forecast past its due date
    red: int
    amber: int
    percent_complete: int  # as the plan's, over the team's work
    id: int | None = None  # None in snapshots kept before teams were known by id

    @property
    def workstreams(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class ConflictState:
    dependency_id: int
    predecessor: str
    successor: str
    predecessor_team: str  # team codes
    successor_team: str
    violation_days: int
    message: str


@dataclass(frozen=True)
class PlanState:
    migration: str
    as_of: date
    target_go_live: date | None
    projected_go_live: date | None
    slip_days: int  # working days the projected go-live is past the target
    go_live_key: str | None
    overall_health: HealthLevel
    percent_complete: int  # open and done work, weighted by planned working days
    thresholds: HealthThresholds
    teams: tuple[TeamState, ...]  # by name
    workstreams: tuple[WorkstreamState, ...]  # by team name, forecast start, key (BNK-2 before BNK-10)
    links: tuple[LinkState, ...]  # as the ledger orders them: cross-team first, worst first
    conflicts: tuple[ConflictState, ...]  # worst first
    # The RAID log as it stood, by type (risks, assumptions, issues, decisions) then key number,
    # and the migration's risk bands. ``raid_kept`` is False in snapshots kept before the log
    # existed: "new since the last report" can't be told from their (empty) log.
    raid: tuple[RaidItem, ...] = ()
    risk_bands: RiskBands = DEFAULT_RISK_BANDS
    raid_kept: bool = False

    @cached_property
    def raid_reach(self) -> Mapping[int, tuple[str, ...]]:
        """Per RAID item (by id), the teams it concerns: its own team first, then the teams of
        the work it is linked to (a linked dependency's both ends), in the plan's team order."""
        team_of_id = {w.id: w.team_code for w in self.workstreams}
        ends = {f"{k.predecessor}{DEPENDENCY_ARROW}{k.successor}": (k.predecessor_team, k.successor_team)
                for k in self.links}  # fmt: skip
        reach: dict[int, tuple[str, ...]] = {}
        for item in self.raid:
            codes = [item.team_code] if item.team_code else []
            for link in item.links:
                if link.workstream_id is not None:
                    code = team_of_id.get(link.workstream_id)
                    if code is not None:
                        codes.append(code)
                else:
                    codes.extend(ends.get(link.label, ()))
            reach[item.id] = tuple(dict.fromkeys(codes))
        return reach

    def raid_for(self, team: str | None) -> tuple[RaidItem, ...]:
        """The RAID items a report for ``team`` lists (all of them for no team): those the team
        owns or that are linked to its work."""
        if team is None:
            return self.raid
        reach = self.raid_reach
        return tuple(item for item in self.raid if team in reach.get(item.id, ()))

    def team(self, code: str) -> TeamState | None:
        return next((team for team in self.teams if team.code == code), None)

    def same_team(self, team: TeamState) -> TeamState | None:
        """``team`` (of another state of the plan) in this one: by id, so a team whose code
        changed keeps its trend; by code in snapshots kept before teams had ids."""
        if team.id is not None and any(t.id is not None for t in self.teams):
            return next((t for t in self.teams if t.id == team.id), None)
        return self.team(team.code)


@dataclass(frozen=True)
class SnapshotInfo:
    """A stored snapshot as listed: when, as of when, what for, by whom, and its headline."""

    id: int
    taken_at: datetime
    as_of: date
    label: str
    actor: str
    audience: str
    projected_go_live: date | None
    overall_health: HealthLevel

    @property
    def is_baseline(self) -> bool:
        """A baseline taken to measure against, not a report that was sent."""
        return self.audience == BASELINE_AUDIENCE


DEPENDENCY_ARROW = " → "  # a dependency as a RAID link labels it: "BNK-1 → OPS-3"
BASELINE_AUDIENCE = "baseline"  # the audience a baseline snapshot is stored under
DUE_SOON_WORKING_DAYS = 10  # "the next two working weeks" the report and the dashboard list


def last_report(snapshots: Iterable[SnapshotInfo], as_of: date) -> SnapshotInfo | None:
    """The report that "what changed since the last report" counts from, as of ``as_of``: the
    one describing the latest day up to it (a baseline is not a report, and a report as of a
    later day would list the changes backwards). The table's filter, the dashboard and the
    export all ask this."""
    reports = [s for s in snapshots if not s.is_baseline and s.as_of <= as_of]
    return max(reports, key=lambda s: (s.as_of, s.taken_at, s.id)) if reports else None


def report_before(snapshots: Iterable[SnapshotInfo], as_of: date) -> SnapshotInfo | None:
    """The report a new export as of ``as_of`` compares with: the last one as of an earlier
    day. A report kept as of the same day is an earlier copy of this one (a re-export after a
    fix, another audience), so comparing with it would list nothing, or only the fix."""
    return last_report((s for s in snapshots if s.as_of < as_of), as_of)


def capture(
    analysis: PlanAnalysis,
    teams: Iterable[Team],
    dependencies: Sequence[Dependency],
    raid: Iterable[RaidItem] | None = None,
    risk_bands: RiskBands | None = None,
) -> PlanState:
    """The state of the analysed plan: its rows, their analysis, the ledger, the headlines and
    the RAID log (the one analysed with the migration's risk bands, unless given)."""
    teams = sorted(teams, key=lambda t: t.name)
    team_rank = {t.code: rank for rank, t in enumerate(teams)}
    results = analysis.workstreams
    working_days_between = analysis.working_days_between
    rows: list[WorkstreamState] = []
    done_days: dict[str, int] = {}  # per team code, and "" for the whole plan
    planned_days: dict[str, int] = {}
    for w in analysis.plan_workstreams:
        r = results[w.id]
        variance = (
            working_days_between(w.baseline_due, r.forecast_finish)
            if w.baseline_due is not None and r.forecast_finish is not None
            else None
        )
        rows.append(
            WorkstreamState(
                id=w.id,
                key=w.key,
                title=w.title,
                team_code=w.team_code,
                owner=w.owner_name,
                status=w.status,
                is_milestone=w.is_milestone,
                planned_start=w.planned_start,
                planned_due=w.planned_due,
                progress=w.progress,
                forecast_start=r.forecast_start,
                forecast_finish=r.forecast_finish,
                total_float=r.total_float,
                days_late=r.days_late,
                critical=r.critical,
                health=r.health,
                health_reasons=r.health_reasons,
                baseline_start=w.baseline_start,
                baseline_due=w.baseline_due,
                baseline_variance=variance,
                blocker_note=w.blocker_note,
                team_id=w.team_id,
            )
        )
        days, done = progress_weight(analysis, w)
        if days:
            for scope in ("", w.team_code):
                planned_days[scope] = planned_days.get(scope, 0) + days
                done_days[scope] = done_days.get(scope, 0) + done
    rows.sort(
        key=lambda s: (
            team_rank.get(s.team_code, len(team_rank)),
            s.forecast_start or date.max,
            key_order(s.key),
        )
    )
    teams_by_id = {t.team_id: t for t in analysis.teams}
    team_states = []
    by_team: dict[str, list[WorkstreamState]] = {}
    for row in rows:
        by_team.setdefault(row.team_code, []).append(row)
    for team in teams:
        mine = by_team.get(team.code, [])
        by_status = {status: 0 for status in Status}
        for s in mine:
            by_status[s.status] += 1
        health = teams_by_id[team.id].health if team.id in teams_by_id else HealthLevel.GREEN
        team_states.append(
            TeamState(
                code=team.code,
                name=team.name,
                lead=team.lead_name,
                colour=team.colour,
                health=health,
                by_status=by_status,
                late=sum(1 for s in mine if s.is_late),
                red=sum(1 for s in mine if s.health is HealthLevel.RED),
                amber=sum(1 for s in mine if s.health is HealthLevel.AMBER),
                percent_complete=_percent(done_days, planned_days, team.code),
                id=team.id,
            )
        )
    team_of_key = {w.key: w.team_code for w in analysis.plan_workstreams}
    conflicts = tuple(
        ConflictState(
            c.dependency_id,
            c.predecessor,
            c.successor,
            team_of_key[c.predecessor],
            team_of_key[c.successor],
            c.violation_days,
            c.message,
        )
        for c in analysis.conflicts
    )
    return PlanState(
        migration=analysis.migration_name,
        as_of=analysis.as_of,
        target_go_live=analysis.target_date,
        projected_go_live=analysis.projected_finish,
        slip_days=analysis.slip_days,
        go_live_key=analysis.go_live_key,
        overall_health=analysis.overall_health,
        percent_complete=_percent(done_days, planned_days, ""),
        thresholds=analysis.thresholds,
        teams=tuple(team_states),
        workstreams=tuple(rows),
        links=analysis.link_ledger(dependencies),
        conflicts=conflicts,
        raid=tuple(sorted(analysis.raid if raid is None else raid, key=raid_order)),
        risk_bands=analysis.risk_bands if risk_bands is None else risk_bands,
        raid_kept=True,
    )


_TYPE_RANK = {kind: rank for rank, kind in enumerate(RaidType)}


def raid_order(item: RaidItem) -> tuple[int, tuple[str, int, str]]:
    """Risks, assumptions, issues, decisions; within a type by key (R-2 before R-10)."""
    return _TYPE_RANK[item.type], key_order(item.key)


def progress_weight(analysis: PlanAnalysis, w: Workstream) -> tuple[int, int]:
    """What ``w`` adds to a percent complete weighted by planned working days (a long task
    counts for more than a short one): its planned days, and those days times its percent
    done. Milestones and cancelled work add nothing. The report and the dashboard share it."""
    if w.status is Status.CANCELLED or w.is_milestone:
        return 0, 0
    days = analysis.planned_days(w.id)
    return days, days * (100 if w.status is Status.DONE else w.progress)


def _percent(done_days: dict[str, int], planned_days: dict[str, int], scope: str) -> int:
    """Progress weighted by planned working days: a long task counts for more than a short one."""
    planned = planned_days.get(scope, 0)
    return round(done_days[scope] / planned) if planned else 0


# ---------------------------------------------------------------- JSON form
#
# Rows are stored as lists under their field names ({"fields": {...}, "state": [...]}), so a
# 20,000-workstream state encodes and decodes in a fraction of a second, and a later version
# reads an older snapshot: fields it dropped are skipped, fields it added take their defaults.

_ROW_TYPES: tuple[type[Any], ...] = (
    PlanState, HealthThresholds, TeamState, WorkstreamState, LinkState, ConflictState, RiskBands, RaidItem,
    RaidLink,
)  # fmt: skip
# Row types a snapshot kept before they existed lacks: its PlanState then takes their defaults.
_LATER_ROW_TYPES = frozenset((RiskBands, RaidItem, RaidLink))


def to_json(state: PlanState) -> bytes:
    """The state as compressed JSON: a 20,000-workstream plan fits in about a megabyte."""
    fields = {kind.__name__: [f.name for f in dataclasses.fields(kind)] for kind in _ROW_TYPES}
    getters = {kind: attrgetter(*names) for kind, names in zip(_ROW_TYPES, fields.values(), strict=True)}

    def encode(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        return getters[type(value)](value)  # a row: its fields' values, in order

    document = {"format": STATE_FORMAT, "fields": fields, "state": state}
    return zlib.compress(json.dumps(document, default=encode, separators=(",", ":")).encode(), 1)


def from_json(data: bytes) -> PlanState:
    """Read a stored state; anything unreadable is a damaged file, said as such."""
    try:
        document = json.loads(zlib.decompress(data))
        if document.get("format", 0) > STATE_FORMAT:
            raise MigrationFileError(
                "This snapshot was stored by a newer version of Migrator; update Migrator to read it."
            )
        stored = document["fields"]
        readers = {
            kind: _RowReader(kind, stored[kind.__name__])
            for kind in _ROW_TYPES
            if kind not in _LATER_ROW_TYPES or kind.__name__ in stored
        }
        plan = readers[PlanState].values(document["state"])
        plan["thresholds"] = readers[HealthThresholds].make(plan["thresholds"])
        for name, kind in _ROWS.items():
            plan[name] = tuple(map(readers[kind].make, plan[name]))
        if "risk_bands" in plan:
            plan["risk_bands"] = readers[RiskBands].make(plan["risk_bands"])
        if "raid" in plan:
            links = readers[RaidLink]
            items = []
            for item in map(readers[RaidItem].make, plan["raid"]):
                item.__dict__["links"] = tuple(map(links.make, item.links))  # see _RowReader.make
                items.append(item)
            plan["raid"] = tuple(items)
        return PlanState(**plan)
    except MigrationFileError:
        raise
    except (zlib.error, ValueError, KeyError, TypeError, AttributeError) as error:
        raise MigrationFileError(f"A snapshot in this file is damaged and can't be read ({error}).") from None


_ROWS = {"teams": TeamState, "workstreams": WorkstreamState, "links": LinkState, "conflicts": ConflictState}


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _optional(kind: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        return None if value is None else kind(value)

    return convert


def _by_status(counts: dict[str, int]) -> dict[Status, int]:
    return {Status(key): value for key, value in counts.items()}


# How a JSON value becomes a field's value, by the field's declared type.
_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "date": date.fromisoformat,
    "date | None": _day,
    "Status": Status,
    "HealthLevel": HealthLevel,
    "LinkHealth": LinkHealth,
    "tuple[str, ...]": tuple,
    "dict[Status, int]": _by_status,
    "RaidType": RaidType,
    "RaidStatus": RaidStatus,
    "LinkRole": LinkRole,
    "Response | None": _optional(Response),
    "Escalation | None": _optional(Escalation),
    "Severity | None": _optional(Severity),
}


class _RowReader:
    """Turns a stored row (a list under the stored field names) back into a dataclass."""

    def __init__(self, kind: type[Any], stored: list[str]) -> None:
        fields = dataclasses.fields(kind)
        types = {f.name: f.type for f in fields}
        missing = [f for f in fields if f.name not in stored]
        if any(f.default is dataclasses.MISSING for f in missing):
            raise KeyError(f"{kind.__name__} without {', '.join(f.name for f in missing)}")
        self.kind = kind
        self.defaults = {f.name: f.default for f in missing}  # fields added since it was stored
        self.names = [name for name in stored if name in types]  # fields since removed are skipped
        self.keep = [i for i, name in enumerate(stored) if name in types]
        self.converters = [(i, _CONVERTERS[str(types[name])]) for i, name in enumerate(self.names)
                           if str(types[name]) in _CONVERTERS]  # fmt: skip

    def values(self, row: list[Any]) -> dict[str, Any]:
        kept = [row[i] for i in self.keep]
        for i, convert in self.converters:
            kept[i] = convert(kept[i])
        return dict(zip(self.names, kept, strict=True))

    def make(self, row: list[Any]) -> Any:
        # The stored values were checked when the row was made; filling the frozen instance's
        # dict directly skips one object.__setattr__ per field (half the time of a big state).
        made = object.__new__(self.kind)
        made.__dict__.update(self.defaults)
        made.__dict__.update(self.values(row))
        return made
