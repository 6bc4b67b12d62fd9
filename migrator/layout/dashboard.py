"""The dashboard's figures: team cards, the go-live headline and its trail, and the short lists."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from migrator.analysis import HealthLevel, PlanAnalysis, figures
from migrator.analysis.figures import Trend, milestone_order, red_rank, trend
from migrator.analysis.plan_state import SnapshotInfo, last_report, progress_weight
from migrator.domain.model import Status, Team, Workstream

NO_COLOUR = "#90A4AE"  # a team the analysis knows but the plan no longer has
_OPEN_HEALTH = (HealthLevel.RED, HealthLevel.AMBER, HealthLevel.GREEN)

T = TypeVar("T")


@dataclass(frozen=True)
class Milestone:
    workstream_id: int
    key: str
    title: str
    forecast: date | None
    planned: date | None

    @property
    def day(self) -> date | None:
        """The date to show: the forecast, which is where the plan now expects it."""
        return self.forecast or self.planned


@dataclass(frozen=True)
class TeamCard:
    team_id: int
    name: str
    code: str
    colour: str
    health: HealthLevel
    by_status: dict[Status, int]
    by_health: dict[HealthLevel, int]
    late: int  # open work forecast to finish after its due date
    percent_complete: int  # weighted by planned working days, as the status report does
    next_milestone: Milestone | None

    @property
    def workstreams(self) -> int:
        return sum(self.by_status.values())

    @property
    def blocked(self) -> int:
        return self.by_status[Status.BLOCKED]

    @property
    def red(self) -> int:
        return self.by_health[HealthLevel.RED]


@dataclass(frozen=True)
class Headline:
    """The migration's go-live against its target and baseline, and its health against the last report."""

    name: str
    as_of: date
    projected: date | None
    target: date | None
    slip_days: int  # working days the projected go-live is past the target
    go_live_key: str | None
    baseline: date | None
    baseline_from: str  # where the baseline date comes from, in words ("" without one)
    baseline_slip: int | None  # working days the projected go-live is past the baseline
    health: HealthLevel
    last_report: SnapshotInfo | None
    trend: Trend | None  # None without a report to compare with
    moved_since_report: int | None  # working days the projected go-live moved since that report


@dataclass(frozen=True)
class TrailPoint:
    """One point of the projected go-live's trail: a snapshot, or the plan now."""

    as_of: date
    projected: date
    health: HealthLevel
    label: str  # the snapshot's label, "Baseline", or "Now"
    snapshot_id: int | None  # None for now


@dataclass(frozen=True)
class DueItem:
    workstream_id: int
    key: str
    title: str
    team_code: str
    owner: str | None
    due: date
    progress: int
    is_milestone: bool
    health: HealthLevel


@dataclass(frozen=True)
class RedItem:
    workstream_id: int
    key: str
    title: str
    team_code: str
    days_late: int  # working days, 0 when on time (red for another reason)
    critical: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ConflictItem:
    predecessor_id: int
    successor_id: int
    predecessor_key: str
    successor_key: str
    predecessor_team: str  # codes
    successor_team: str
    violation_days: int
    message: str


@dataclass(frozen=True)
class Capped(Generic[T]):
    """The first items of a list, worst or soonest first, and how many there are in all."""

    items: tuple[T, ...]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.items)


# ---------------------------------------------------------------- team cards


def team_cards(analysis: PlanAnalysis, teams: Iterable[Team]) -> list[TeamCard]:
    """One card per analysed team, worst health first, then most red, then by name.

    Everything comes from the analysis and the rows it analysed, so the cards agree with
    each other even while a newer analysis is on its way.
    """
    plan_teams = {team.id: team for team in teams}
    by_status: dict[int, dict[Status, int]] = {}
    planned_days: dict[int, int] = {}
    done_days: dict[int, int] = {}
    milestones: dict[int, Milestone] = {}
    for w in analysis.plan_workstreams:
        statuses = by_status.get(w.team_id)
        if statuses is None:
            statuses = by_status[w.team_id] = dict.fromkeys(Status, 0)
        statuses[w.status] += 1
        if w.status is Status.CANCELLED:
            continue
        if w.is_milestone:
            if w.status is not Status.DONE:
                found = Milestone(w.id, w.key, w.title, analysis.glance(w.id).forecast_finish, w.planned_due)
                if _sooner(found, milestones.get(w.team_id)):
                    milestones[w.team_id] = found
            continue
        days, done = progress_weight(analysis, w)
        planned_days[w.team_id] = planned_days.get(w.team_id, 0) + days
        done_days[w.team_id] = done_days.get(w.team_id, 0) + done
    cards = []
    for health in analysis.teams:
        team = plan_teams.get(health.team_id)
        planned = planned_days.get(health.team_id, 0)
        cards.append(
            TeamCard(
                team_id=health.team_id,
                name=health.team,
                code=team.code if team else "",
                colour=team.colour if team else NO_COLOUR,
                health=health.health,
                by_status=by_status.get(health.team_id, dict.fromkeys(Status, 0)),
                by_health={level: health.counts.get(level, 0) for level in HealthLevel},
                late=health.late,
                percent_complete=round(done_days[health.team_id] / planned) if planned else 0,
                next_milestone=milestones.get(health.team_id),
            )
        )
    cards.sort(key=lambda c: (-c.health.severity, -c.red, c.name.casefold(), c.team_id))
    return cards


def _sooner(found: Milestone, known: Milestone | None) -> bool:
    if known is None:
        return True
    return milestone_order(found.forecast, found.planned, found.key) < milestone_order(
        known.forecast, known.planned, known.key
    )


# ---------------------------------------------------------------- the headline and its trail


def headline(analysis: PlanAnalysis, snapshots: Sequence[SnapshotInfo]) -> Headline:
    """The go-live against target and baseline, and the health's trend since the last report.

    The baseline is the go-live milestone's baseline due date (what taking a baseline sets);
    without one, the projected go-live kept by the latest baseline snapshot.
    """
    projected = analysis.projected_finish
    go_live = next((w for w in analysis.plan_workstreams if w.key == analysis.go_live_key), None)
    baseline, baseline_from = None, ""
    if go_live is not None and go_live.baseline_due is not None:
        baseline, baseline_from = go_live.baseline_due, f"the baseline due date of {go_live.key}"
    else:
        kept = [s for s in snapshots if s.is_baseline and s.projected_go_live is not None]
        if kept:
            latest = max(kept, key=lambda s: (s.taken_at, s.id))
            baseline, baseline_from = latest.projected_go_live, f"baseline snapshot #{latest.id}"
    report = last_report(snapshots, analysis.as_of)
    between = analysis.working_days_between
    return Headline(
        name=analysis.migration_name,
        as_of=analysis.as_of,
        projected=projected,
        target=analysis.target_date,
        slip_days=analysis.slip_days,
        go_live_key=analysis.go_live_key,
        baseline=baseline,
        baseline_from=baseline_from,
        baseline_slip=between(baseline, projected) if baseline and projected else None,
        health=analysis.overall_health,
        last_report=report,
        trend=trend(report.overall_health, analysis.overall_health) if report else None,
        moved_since_report=(
            between(report.projected_go_live, projected)
            if report is not None and report.projected_go_live is not None and projected is not None
            else None
        ),
    )


def go_live_trail(analysis: PlanAnalysis, snapshots: Iterable[SnapshotInfo]) -> list[TrailPoint]:
    """Each snapshot's projected go-live by its as-of date, then the plan now.

    Only snapshots as of the analysis's as-of date or earlier count, as for the last report,
    so "Now" is always the latest point. A snapshot that had no forecast (no open work to
    project) has no point.
    """
    points = [
        TrailPoint(
            s.as_of,
            s.projected_go_live,
            s.overall_health,
            "Baseline" if s.is_baseline else s.label,
            s.id,
        )
        for s in sorted(snapshots, key=lambda s: (s.as_of, s.taken_at, s.id))
        if s.projected_go_live is not None and s.as_of <= analysis.as_of
    ]
    if analysis.projected_finish is not None:
        points.append(
            TrailPoint(analysis.as_of, analysis.projected_finish, analysis.overall_health, "Now", None)
        )
    return points


# ---------------------------------------------------------------- the lists


def due_horizon(analysis: PlanAnalysis) -> date:
    """The last day of the next two working weeks from the as-of date."""
    return figures.due_horizon(analysis.calendar, analysis.as_of)


def due_soon(
    analysis: PlanAnalysis, shown: Collection[int] | None = None, limit: int = 20
) -> Capped[DueItem]:
    """Open work planned to finish from the as-of date to the horizon, soonest first: the
    report's list (``figures.due_soon``), of the shown work."""
    rows: Iterable[Workstream] = analysis.plan_workstreams
    if shown is not None:
        rows = (w for w in rows if w.id in shown)
    found = figures.due_soon(rows, analysis.as_of, due_horizon(analysis))
    items = tuple(
        DueItem(
            workstream_id=w.id,
            key=w.key,
            title=w.title,
            team_code=w.team_code,
            owner=w.owner_name,
            due=w.planned_due,
            progress=w.progress,
            is_milestone=w.is_milestone,
            health=analysis.health_of(w.id),
        )
        for w in found[:limit]
        if w.planned_due is not None  # always: the list holds work due by the horizon
    )
    return Capped(items, len(found))


def red_items(
    analysis: PlanAnalysis, shown: Collection[int] | None = None, limit: int = 15
) -> Capped[RedItem]:
    """Open red work, worst first: the latest, then on the critical path, then the least float."""
    ranked = []
    for w in analysis.plan_workstreams:
        if (shown is None or w.id in shown) and analysis.health_of(w.id) is HealthLevel.RED:
            glance = analysis.glance(w.id)
            late = max(glance.days_late or 0, 0)
            rank = red_rank(late, glance.critical, glance.total_float, w.key)
            ranked.append((rank, late, w))
    ranked.sort(key=lambda entry: entry[0])
    results = analysis.workstreams  # the reasons are written here, for the few items listed
    items = tuple(
        RedItem(
            workstream_id=w.id,
            key=w.key,
            title=w.title,
            team_code=w.team_code,
            days_late=late,
            critical=results[w.id].critical,
            reasons=results[w.id].health_reasons,
        )
        for _rank, late, w in ranked[:limit]
    )
    return Capped(items, len(ranked))


def open_conflicts(
    analysis: PlanAnalysis, shown: Collection[int] | None = None, limit: int = 15
) -> Capped[ConflictItem]:
    """Broken links whose successor is not done yet, worst first, touching the shown work."""
    sides = analysis.conflict_sides()
    picked = [i for i, (pred, succ) in enumerate(sides) if shown is None or pred in shown or succ in shown]
    rows = {w.id: w for w in analysis.plan_workstreams}
    found = []
    for index in picked[:limit]:  # only the listed ones are described: a plan can have thousands
        conflict = analysis.conflict(index)
        pred, succ = rows[sides[index][0]], rows[sides[index][1]]
        found.append(
            ConflictItem(
                predecessor_id=pred.id,
                successor_id=succ.id,
                predecessor_key=conflict.predecessor,
                successor_key=conflict.successor,
                predecessor_team=pred.team_code,
                successor_team=succ.team_code,
                violation_days=conflict.violation_days,
                message=conflict.message,
            )
        )
    return Capped(tuple(found), len(picked))


def open_health(card: TeamCard) -> list[tuple[HealthLevel, int]]:
    """Red, amber and green counts of a card's open work, worst first."""
    return [(level, card.by_health[level]) for level in _OPEN_HEALTH]
