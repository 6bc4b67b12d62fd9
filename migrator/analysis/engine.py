"""The analysis of a plan: one call turns plain plan data into what a coordinator needs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from migrator.analysis.collector import collector_paused
from migrator.analysis.conflicts import describe, find_conflicts
from migrator.analysis.health import CANCELLED_LEVEL, HealthJudge
from migrator.analysis.ledger import LinkState, link_ledger
from migrator.analysis.raid_health import GATING, UNDECIDED, key_order
from migrator.analysis.results import (
    LEVELS,
    Conflict,
    DecisionImpact,
    HealthLevel,
    MovedWorkstream,
    RaidReason,
    SlipImpact,
    TeamHealth,
    WaitingWorkstream,
    WorkstreamAnalysis,
)
from migrator.analysis.schedule import (
    DONE,
    FS,
    MARK,
    NO_NODE,
    OPEN,
    RUNNING,
    SS,
    Schedule,
    ScheduleInputs,
    link_transmits,
)
from migrator.analysis.working_time import WorkingDayLine
from migrator.domain import rules
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import NotFoundError, ValidationError
from migrator.domain.model import Dependency, Migration, Status, Team, Workstream
from migrator.domain.raid import RaidItem, RaidType
from migrator.domain.raid_rules import a
from migrator.domain.wording import day_text, working_days
from migrator.domain.workstream_state import link_type_text


def analyse(
    migration: Migration,
    teams: Iterable[Team],
    workstreams: Sequence[Workstream],
    dependencies: Iterable[Dependency],
    as_of: date,
    previous: PlanAnalysis | None = None,
    raid: Sequence[RaidItem] = (),
) -> PlanAnalysis:
    """Forecast, latest dates, float, critical path, conflicts and health, as of ``as_of``;
    ``raid``, the plan's RAID log, adds the reasons its decisions, risks and issues give.

    ``previous``, an analysis of an earlier state of the same plan, saves compiling the
    network again when an edit left the workstreams and links the same ones (a status,
    a date, progress): the answers are the same either way."""
    rules.check_year(as_of, "The as-of date")
    calendar = WorkingCalendar(migration.working_weekdays, migration.non_working_dates)
    line = WorkingDayLine(calendar, as_of)
    with collector_paused():
        schedule = Schedule(
            workstreams,
            dependencies,
            line,
            ScheduleInputs(as_of, migration.target_go_live, migration.go_live_milestone_id),
            previous._schedule if previous is not None else None,
        )
        return PlanAnalysis(migration, list(teams), workstreams, schedule, raid)


class Glance(NamedTuple):
    health: HealthLevel
    days_late: int | None
    total_float: int | None
    critical: bool
    forecast_finish: date | None
    started_before: tuple[str, ...] = ()  # FS or SS predecessors it started before

    @property
    def is_late(self) -> bool:
        """Forecast to finish after its due date (a forecast ahead of it is not "late")."""
        return (self.days_late or 0) > 0


class PlanAnalysis:
    """The results, plus the compiled schedule so a what-if costs only what it moves.

    Everything is decided when the analysis is made: dates, float, the critical path,
    colours, team health. The conflicts are found, and the texts (reasons, conflict
    messages) and the per-workstream result objects written, the first time someone reads
    them, so a 20,000-workstream plan is analysed in a fraction of a second.
    """

    def __init__(
        self,
        migration: Migration,
        teams: list[Team],
        workstreams: Sequence[Workstream],
        schedule: Schedule,
        raid: Sequence[RaidItem] = (),
    ) -> None:
        self.migration_name = migration.name
        self.as_of = schedule.as_of
        self.target_date = migration.target_go_live
        self.thresholds = migration.health_thresholds
        self.calendar = schedule.line.calendar
        self._schedule = schedule
        line = schedule.line
        self.raid: tuple[RaidItem, ...] = tuple(raid)  # the RAID log as analysed
        self.risk_bands = migration.risk_bands
        self._judge = HealthJudge(
            schedule, migration.health_thresholds, self.target_date, self.raid, migration.risk_bands
        )

        projected = schedule.projected_instant(schedule.ef)
        self.projected_finish: date | None = line.finish_date(projected) if projected is not None else None
        self.slip_days = (
            line.working_days_between(self.target_date, self.projected_finish)
            if self.target_date is not None and self.projected_finish is not None
            else 0
        )
        go_live = schedule.go_live
        self.go_live_key: str | None = schedule.workstreams[go_live].key if go_live != NO_NODE else None
        self.went_live = go_live != NO_NODE and schedule.mode[go_live] == DONE
        self.plan_workstreams: tuple[Workstream, ...] = tuple(workstreams)  # as analysed, in plan order
        self.critical_path = tuple(schedule.workstreams[n].key for n in schedule.critical_path)
        self._ids_by_key: dict[str, int] | None = None  # made on the first lookup by key
        self.workstreams: Mapping[int, WorkstreamAnalysis] = _Results(
            schedule, self._judge, self.plan_workstreams
        )
        self._conflicts_found: list[tuple[int, int]] | None = None  # (link, violation), when first asked
        self._conflicts: tuple[Conflict, ...] | None = None
        self.teams: tuple[TeamHealth, ...] = tuple(self._team_health(teams))
        worst = [t.health for t in self.teams if sum(t.counts.values())]
        self.overall_health = max(worst, key=lambda h: h.severity) if worst else HealthLevel.GREEN

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        """Broken links, worst first, each with a message naming both sides."""
        if self._conflicts is None:
            self._conflicts = tuple(describe(self._schedule, link, v) for link, v in self._broken_links())
        return self._conflicts

    @property
    def conflict_count(self) -> int:
        return len(self._broken_links())

    def conflict_sides(self) -> list[tuple[int, int]]:
        """(predecessor id, successor id) of each broken link, in the order of ``conflicts``,
        without writing their messages: to pick a few of 3,000 before describing them."""
        schedule = self._schedule
        nodes = schedule.workstreams
        return [
            (nodes[schedule.link_pred[link]].id, nodes[schedule.link_succ[link]].id)
            for link, _ in self._broken_links()
        ]

    def conflict(self, index: int) -> Conflict:
        """The ``index``-th of ``conflicts``, described alone."""
        if self._conflicts is not None:
            return self._conflicts[index]
        return describe(self._schedule, *self._broken_links()[index])

    def _broken_links(self) -> list[tuple[int, int]]:
        """find_conflicts' answer, worked out the first time conflicts are read: most views,
        the table among them, never read them."""
        if self._conflicts_found is None:
            self._conflicts_found = find_conflicts(self._schedule)
        return self._conflicts_found

    def link_ledger(self, dependencies: Sequence[Dependency]) -> tuple[LinkState, ...]:
        """Each of ``dependencies`` (the analysed plan's) with its slack and state, worst first."""
        return link_ledger(self._schedule, self._judge.effective, self.plan_workstreams, dependencies)

    def planned_days(self, workstream_id: int) -> int:
        """Working days a task is planned to take, as the schedule counts them (0 if cancelled)."""
        node = self._schedule.node_of.get(workstream_id)
        return 0 if node is None else self._schedule.duration[node]

    def working_days_between(self, earlier: date, later: date) -> int:
        """Working days from ``earlier`` to ``later`` in the migration's calendar."""
        return self._schedule.line.working_days_between(earlier, later)

    def workstream(self, key: str) -> WorkstreamAnalysis:
        return self.workstreams[self._id_of(key)]

    def health_of(self, workstream_id: int) -> HealthLevel:
        """The colour alone, without writing the reasons (for colouring 20,000 rows)."""
        node = self._schedule.node_of.get(workstream_id)
        return HealthLevel.CANCELLED if node is None else LEVELS[self._judge.effective[node]]

    def glance(self, workstream_id: int) -> Glance:
        """Health, lateness, float, critical flag and forecast finish without the reasons' text,
        for filtering and sorting 20,000 rows."""
        schedule = self._schedule
        node = schedule.node_of.get(workstream_id)
        if node is None:
            return Glance(HealthLevel.CANCELLED, None, None, False, None)
        done = schedule.mode[node] == DONE
        planned, ef = schedule.planned_finish[node], schedule.ef[node]
        return Glance(
            health=LEVELS[self._judge.effective[node]],
            days_late=None if done or planned is None else ef - planned,
            total_float=None if done else schedule.lf[node] - ef,
            critical=schedule.critical[node],
            forecast_finish=schedule.line.finish_date(ef),
            started_before=_started_before(schedule, self._judge, node),
        )

    def _id_of(self, key: str) -> int:
        if self._ids_by_key is None:
            self._ids_by_key = {w.key: w.id for w in self.plan_workstreams}
        found = self._ids_by_key.get(key.strip().upper())
        if found is None:
            raise NotFoundError(f"There is no workstream {key} in this migration.")
        return found

    def _team_health(self, teams: Iterable[Team]) -> list[TeamHealth]:
        schedule, effective = self._schedule, self._judge.effective
        team_of, mode, ef, planned = schedule.team_of, schedule.mode, schedule.ef, schedule.planned_finish
        # (team id, level) → items, from the lists the schedule holds by node, plus cancelled work.
        tallies = Counter(zip(team_of, effective, strict=True))
        tallies.update((w.team_id, CANCELLED_LEVEL) for w in schedule.cancelled)
        late = Counter(
            team
            for team, node_mode, finish, due in zip(team_of, mode, ef, planned, strict=True)
            if node_mode != DONE and due is not None and finish > due
        )
        result = []
        for team in teams:
            tally = [tallies[team.id, level] for level in range(len(LEVELS))]
            worst = max((level for level, n in enumerate(tally) if n), default=None)
            health = LEVELS[worst] if worst is not None else HealthLevel.GREEN
            counts = {LEVELS[level]: n for level, n in enumerate(tally)}
            result.append(TeamHealth(team.id, team.name, health, counts, late[team.id]))
        return result

    # The RAID log ------------------------------------------------------------------------------

    def raid_reasons(self) -> tuple[RaidReason, ...]:
        """Every reason the RAID log gives, by item key then workstream key: each item with the
        work it holds back (``migrator analyze --json``, the reports)."""
        judge, nodes = self._judge, self._schedule.workstreams
        found = []
        for node, hits in judge.raid.hits.items():
            w = nodes[node]
            for hit in hits:
                item = hit.item
                found.append(
                    RaidReason(
                        item.id,
                        item.key,
                        item.type.value,
                        w.id,
                        w.key,
                        LEVELS[hit.level],
                        judge.raid.reason(node, hit),
                    )
                )
        found.sort(key=lambda reason: (key_order(reason.item_key), reason.workstream_key))
        return tuple(found)

    # What if ---------------------------------------------------------------------------------

    def decision_impact(self, key: str, days: int) -> DecisionImpact:
        """What moves if decision ``key`` comes ``days`` working days after its needed-by date.

        The work it gates (linked "decided for" or "blocks", not started yet) can't start before
        the end of the day it comes, and neither can anything after that work; the answer is
        compared with the current forecast. Nothing is saved."""
        item = self._raid_item(key)
        if item.type is not RaidType.DECISION:
            raise ValidationError(
                f"{item.key} is {a(item.type)}, not a decision; only a decision comes late."
            )
        if item.status not in UNDECIDED:
            raise ValidationError(
                f"{item.key} is {item.status.value}; only an open or deferred decision can come late."
            )
        if item.needed_by is None:
            raise ValidationError(f"{item.key} has no needed-by date; set one to see what coming late moves.")
        if days < 0:
            raise ValidationError(
                f"A late decision comes after its needed-by date: {days} is not a number of days late."
            )
        schedule, line = self._schedule, self._schedule.line
        day = max(line.index_on_or_before(item.needed_by) + days, line.index_on_or_before(self.as_of))
        decided_on = line.day(day)
        gate = day + 1  # the end of the day it comes
        floors: dict[int, int] = {}
        for link in item.links:
            node = schedule.node_of.get(link.workstream_id) if link.workstream_id is not None else None
            if node is not None and link.role in GATING and schedule.mode[node] in (OPEN, MARK):
                floors[node] = gate
        gated = tuple(sorted({schedule.workstreams[node].key for node in floors}))
        new_es, new_ef, changed = schedule.held_back(floors)
        before = schedule.projected_instant(schedule.ef)
        after = schedule.projected_instant(new_ef)
        moved = self._moved(changed, new_es, new_ef)
        moved.sort(key=lambda m: (m.key not in gated, m.forecast_finish_after, m.key))
        return DecisionImpact(
            key=item.key,
            title=item.title,
            owner=item.owner_name,
            needed_by=item.needed_by,
            late_days=days,
            decided_on=decided_on,
            gated=gated,
            projected_finish_before=line.finish_date(before) if before is not None else None,
            projected_finish_after=line.finish_date(after) if after is not None else None,
            go_live_shift=(after - before) if before is not None and after is not None else 0,
            moved=tuple(moved),
            teams=tuple(sorted({m.team for m in moved})),
        )

    def _raid_item(self, key: str) -> RaidItem:
        wanted = key.strip().upper()
        for item in self.raid:
            if item.key.upper() == wanted:
                return item
        raise NotFoundError(f"There is no RAID item {wanted} in this migration.")

    def _moved(
        self, changed: set[int], new_es: Sequence[int], new_ef: Sequence[int]
    ) -> list[MovedWorkstream]:
        """The nodes of ``changed`` whose forecast moves, before and after."""
        schedule, line = self._schedule, self._schedule.line
        moved = []
        for n in sorted(changed):
            old_start, old_finish, start, finish = schedule.es[n], schedule.ef[n], new_es[n], new_ef[n]
            if start == old_start and finish == old_finish:
                continue
            w = schedule.workstreams[n]
            moved.append(
                MovedWorkstream(
                    w.id,
                    w.key,
                    w.team_name,
                    w.is_milestone,
                    forecast_start_before=_start_date(line, old_start, w.is_milestone),
                    forecast_start_after=_start_date(line, start, w.is_milestone),
                    forecast_finish_before=line.finish_date(old_finish),
                    forecast_finish_after=line.finish_date(finish),
                )
            )
        return moved

    def slip_impact(self, key: str, days: int | None = None, new_due: date | None = None) -> SlipImpact:
        """What moves if ``key`` finishes ``days`` working days later (or on ``new_due``).

        Nothing is saved; only the work downstream of ``key`` is recomputed.
        """
        schedule, line = self._schedule, self._schedule.line
        node = schedule.node_of.get(self._id_of(key))
        if node is None:
            raise ValidationError(f"{key.strip().upper()} is cancelled; only open work can slip.")
        analysed = schedule.workstreams[node]
        if (days is None) == (new_due is None):
            raise ValidationError("Say how far it slips: a number of working days or a new due date.")
        forecast = line.finish_date(schedule.ef[node])
        if new_due is not None:
            days = line.finish_instant(new_due) - schedule.ef[node]
            if days < 0:  # the forecast is already the earliest its links and the as-of date allow
                raise ValidationError(
                    f"{analysed.key} is forecast to finish {day_text(forecast)}; a slip needs a date "
                    f"on or after that, not {day_text(new_due)}."
                )
        assert days is not None
        if days < 0:
            raise ValidationError(
                f"A slip is a delay: {analysed.key} can't finish {working_days(days)} before its "
                f"forecast {day_text(forecast)}, the earliest its links and the as-of date allow."
            )
        new_es, new_ef, changed = schedule.slipped(node, days)
        before = schedule.projected_instant(schedule.ef)
        after = schedule.projected_instant(new_ef)
        moved = self._moved(changed, new_es, new_ef)
        moved.sort(key=lambda m: (m.key != analysed.key, m.forecast_finish_after, m.key))
        return SlipImpact(
            key=analysed.key,
            slip_days=days,
            projected_finish_before=line.finish_date(before) if before is not None else None,
            projected_finish_after=line.finish_date(after) if after is not None else None,
            go_live_shift=(after - before) if before is not None and after is not None else 0,
            moved=tuple(moved),
            teams=tuple(sorted({m.team for m in moved})),
            waiting=self._left_waiting(changed, new_es, new_ef),
        )

    def _left_waiting(
        self, changed: set[int], es: Sequence[int], ef: Sequence[int]
    ) -> tuple[WaitingWorkstream, ...]:
        """Work in progress with an FS or SS link from an item the slip moves, which now waits on
        it past its own start: it started early, and the slip makes it wait longer. Its forecast
        may not move (it may finish later anyway); it is listed all the same."""
        schedule, line = self._schedule, self._schedule.line
        mode, keys = schedule.mode, schedule.workstreams
        found: dict[int, WaitingWorkstream] = {}
        for pred in sorted(changed, key=lambda n: keys[n].key):
            for _, succ, kind, lag in schedule.succs[pred]:
                if mode[succ] != RUNNING or kind not in (FS, SS) or not link_transmits(mode[pred], kind):
                    continue
                until = (ef[pred] if kind == FS else es[pred]) + lag
                if until <= schedule.es[succ] or succ in found:
                    continue
                w = keys[succ]
                found[succ] = WaitingWorkstream(
                    w.id,
                    w.key,
                    w.team_name,
                    predecessor=keys[pred].key,
                    link_type=link_type_text("FS" if kind == FS else "SS", lag),
                    waits_until=line.finish_date(until) if kind == FS else line.start_date(until),
                )
        return tuple(sorted(found.values(), key=lambda waiting: waiting.key))


def _start_date(line: WorkingDayLine, instant: int, is_milestone: bool) -> date:
    """A forecast start as a date: a milestone's one instant is the end of its day."""
    return line.finish_date(instant) if is_milestone else line.start_date(instant)


def _result(schedule: Schedule, judge: HealthJudge, w: Workstream) -> WorkstreamAnalysis:
    line = schedule.line
    node = schedule.node_of.get(w.id)
    if node is None:
        return _cancelled(w)
    done = schedule.mode[node] == DONE
    pushed = judge.drivers.driver(node)
    planned = schedule.planned_finish[node]
    es, ef = schedule.es[node], schedule.ef[node]
    return WorkstreamAnalysis(
        workstream_id=w.id,
        key=w.key,
        forecast_start=_start_date(line, es, w.is_milestone),
        forecast_finish=line.finish_date(ef),
        latest_finish=None if done else line.finish_date(schedule.lf[node]),
        total_float=None if done else schedule.lf[node] - ef,
        days_late=None if done or planned is None else ef - planned,
        critical=schedule.critical[node],
        leads_to_go_live=schedule.leads_to_go_live[node],
        health=LEVELS[judge.effective[node]],
        derived_health=LEVELS[judge.derived[node]],
        health_reasons=judge.reasons(node),
        override=w.health_override is not None and not done,
        pushed_by=schedule.workstreams[pushed].key if pushed != NO_NODE else None,
        started_before=_started_before(schedule, judge, node),
    )


def _started_before(schedule: Schedule, judge: HealthJudge, node: int) -> tuple[str, ...]:
    links = judge.started_early.get(node)
    if not links:  # nearly every item: no generator made for nothing
        return ()
    return tuple(schedule.workstreams[schedule.link_pred[link]].key for link in links)


def _cancelled(w: Workstream) -> WorkstreamAnalysis:
    assert w.status == Status.CANCELLED
    return WorkstreamAnalysis(
        workstream_id=w.id,
        key=w.key,
        forecast_start=None,
        forecast_finish=None,
        latest_finish=None,
        total_float=None,
        days_late=None,
        critical=False,
        leads_to_go_live=False,
        health=HealthLevel.CANCELLED,
        derived_health=HealthLevel.CANCELLED,
        health_reasons=(),
        override=False,
        pushed_by=None,
    )


class _Results(Mapping[int, WorkstreamAnalysis]):
    """Workstream results by id, in plan order, each written on first read."""

    def __init__(self, schedule: Schedule, judge: HealthJudge, workstreams: Sequence[Workstream]) -> None:
        # Not the analysis itself: without a cycle back to it, the analysis and its 20,000
        # results are freed the moment the last reference goes, not by a collector's walk.
        self._schedule, self._judge = schedule, judge
        self._plan_order = workstreams
        self._by_id: dict[int, Workstream] | None = None  # made on first use: many never look
        self._made: dict[int, WorkstreamAnalysis] = {}

    @property
    def _workstreams(self) -> dict[int, Workstream]:
        if self._by_id is None:
            self._by_id = {w.id: w for w in self._plan_order}
        return self._by_id

    def __getitem__(self, workstream_id: int) -> WorkstreamAnalysis:
        found = self._made.get(workstream_id)
        if found is None:
            # A live one through the schedule's own index: the first lookup (the details pane's,
            # as the window opens) does not wait for a map of all 20,000.
            node = self._schedule.node_of.get(workstream_id)
            w = self._schedule.workstreams[node] if node is not None else self._workstreams[workstream_id]
            found = self._made[workstream_id] = _result(self._schedule, self._judge, w)
        return found

    def __contains__(self, workstream_id: object) -> bool:
        # Without writing the result; a live one found through the schedule's index (the table's
        # first paint asks for its rows before anything has made the map of all 20,000).
        return workstream_id in self._schedule.node_of or workstream_id in self._workstreams

    def __iter__(self) -> Iterator[int]:
        return iter(self._workstreams)

    def __len__(self) -> int:
        return len(self._workstreams)
