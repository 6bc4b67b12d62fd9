"""The analysis of a plan: one call turns plain plan data into what a coordinator needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from migrator.analysis.conflicts import find_conflicts
from migrator.analysis.health import assess
from migrator.analysis.results import (
    Conflict,
    HealthLevel,
    MovedWorkstream,
    SlipImpact,
    TeamHealth,
    WorkstreamAnalysis,
)
from migrator.analysis.schedule import DONE, NO_DRIVER, Overlay, Schedule, ScheduleInputs
from migrator.analysis.working_time import WorkingDayLine
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import NotFoundError, ValidationError
from migrator.domain.model import Dependency, Migration, Status, Team, Workstream


def analyse(
    migration: Migration,
    teams: Iterable[Team],
    workstreams: Sequence[Workstream],
    dependencies: Iterable[Dependency],
    as_of: date,
) -> PlanAnalysis:
    """Forecast, latest dates, float, critical path, conflicts and health, as of ``as_of``."""
    calendar = WorkingCalendar(migration.working_weekdays, migration.non_working_dates)
    line = WorkingDayLine(calendar, as_of)
    schedule = Schedule(
        workstreams,
        dependencies,
        line,
        ScheduleInputs(as_of, migration.target_go_live, migration.go_live_milestone_id),
    )
    return PlanAnalysis(migration, list(teams), workstreams, schedule)


class PlanAnalysis:
    """The results, plus the compiled schedule so a what-if costs only what it moves."""

    def __init__(
        self, migration: Migration, teams: list[Team], workstreams: Sequence[Workstream], schedule: Schedule
    ) -> None:
        self.migration_name = migration.name
        self.as_of = schedule.as_of
        self.target_date = migration.target_go_live
        self._schedule = schedule
        line = schedule.line
        team_names = {t.id: t.name for t in teams}
        assessments = assess(schedule, migration.health_thresholds, team_names, migration.target_go_live)

        projected = schedule.projected_instant(schedule.ef)
        self.projected_finish: date | None = line.finish_date(projected) if projected is not None else None
        self.slip_days = (
            line.working_days_between(self.target_date, self.projected_finish)
            if self.target_date is not None and self.projected_finish is not None
            else 0
        )
        go_live = schedule.go_live
        self.go_live_key: str | None = schedule.workstreams[go_live].key if go_live != NO_DRIVER else None
        self.critical_path: tuple[str, ...] = tuple(
            schedule.workstreams[n].key for n in schedule.critical_path
        )

        self.workstreams: dict[int, WorkstreamAnalysis] = {}
        for w in workstreams:
            node = schedule.node_of.get(w.id)
            if node is None:
                self.workstreams[w.id] = _cancelled(w)
                continue
            done = schedule.mode[node] == DONE
            found = assessments[node]
            pushed = found.pushed_by
            self.workstreams[w.id] = WorkstreamAnalysis(
                workstream_id=w.id,
                key=w.key,
                forecast_start=line.start_date(schedule.es[node])
                if not w.is_milestone
                else line.finish_date(schedule.es[node]),
                forecast_finish=line.finish_date(schedule.ef[node]),
                latest_finish=None if done else line.finish_date(schedule.lf[node]),
                total_float=None if done else schedule.lf[node] - schedule.ef[node],
                slip_days=found.slip_days,
                critical=schedule.critical[node],
                leads_to_go_live=schedule.leads_to_go_live[node],
                health=found.health,
                derived_health=found.derived,
                health_reasons=found.reasons,
                override=found.override,
                pushed_by=schedule.workstreams[pushed].key if pushed != NO_DRIVER else None,
            )
        self._by_key = {a.key: a for a in self.workstreams.values()}
        self.conflicts: tuple[Conflict, ...] = tuple(find_conflicts(schedule))
        self.teams: tuple[TeamHealth, ...] = tuple(self._team_health(teams, workstreams))
        worst = [t.health for t in self.teams if sum(t.counts.values())]
        self.overall_health = max(worst, key=lambda h: h.severity) if worst else HealthLevel.GREEN
        self._team_name = team_names

    def workstream(self, key: str) -> WorkstreamAnalysis:
        found = self._by_key.get(key.strip().upper())
        if found is None:
            raise NotFoundError(f"There is no workstream {key} in this migration.")
        return found

    def _team_health(self, teams: Iterable[Team], workstreams: Sequence[Workstream]) -> list[TeamHealth]:
        counts: dict[int, dict[HealthLevel, int]] = {}
        for w in workstreams:
            tally = counts.setdefault(w.team_id, dict.fromkeys(HealthLevel, 0))
            tally[self.workstreams[w.id].health] += 1
        result = []
        for team in teams:
            tally = counts.get(team.id, dict.fromkeys(HealthLevel, 0))
            present = [level for level, n in tally.items() if n]
            health = max(present, key=lambda h: h.severity) if present else HealthLevel.GREEN
            result.append(TeamHealth(team.id, team.name, health, tally))
        return result

    # What if ---------------------------------------------------------------------------------

    def slip_impact(self, key: str, days: int | None = None, new_due: date | None = None) -> SlipImpact:
        """What moves if ``key`` finishes ``days`` working days later (or on ``new_due``).

        Nothing is saved; only the work downstream of ``key`` is recomputed.
        """
        schedule, line = self._schedule, self._schedule.line
        analysed = self.workstream(key)
        node = schedule.node_of.get(analysed.workstream_id)
        if node is None:
            raise ValidationError(f"{analysed.key} is cancelled; only open work can slip.")
        if (days is None) == (new_due is None):
            raise ValidationError("Say how far it slips: a number of working days or a new due date.")
        if new_due is not None:
            days = line.finish_instant(new_due) - schedule.ef[node]
        assert days is not None
        new_es, new_ef = schedule.slipped(node, days)
        before = schedule.projected_instant(schedule.ef)
        after = schedule.projected_instant(Overlay(schedule.ef, new_ef))
        moved = []
        for changed in sorted(new_ef.keys() | new_es.keys()):
            old_start, old_finish = schedule.es[changed], schedule.ef[changed]
            start, finish = new_es.get(changed, old_start), new_ef.get(changed, old_finish)
            if (start, finish) == (old_start, old_finish):
                continue
            w = schedule.workstreams[changed]
            moved.append(
                MovedWorkstream(
                    workstream_id=w.id,
                    key=w.key,
                    team=self._team_name.get(w.team_id, w.team_name),
                    is_milestone=w.is_milestone,
                    forecast_start_before=self._start_date(w, old_start),
                    forecast_start_after=self._start_date(w, start),
                    forecast_finish_before=line.finish_date(old_finish),
                    forecast_finish_after=line.finish_date(finish),
                )
            )
        moved.sort(key=lambda m: (m.key != analysed.key, m.forecast_finish_after, m.key))
        return SlipImpact(
            key=analysed.key,
            slip_days=days,
            projected_finish_before=line.finish_date(before) if before is not None else None,
            projected_finish_after=line.finish_date(after) if after is not None else None,
            go_live_shift=(after - before) if before is not None and after is not None else 0,
            moved=tuple(moved),
            teams=tuple(sorted({m.team for m in moved})),
        )

    def _start_date(self, w: Workstream, instant: int) -> date:
        line = self._schedule.line
        return line.finish_date(instant) if w.is_milestone else line.start_date(instant)


def _cancelled(w: Workstream) -> WorkstreamAnalysis:
    assert w.status == Status.CANCELLED
    return WorkstreamAnalysis(
        workstream_id=w.id,
        key=w.key,
        forecast_start=None,
        forecast_finish=None,
        latest_finish=None,
        total_float=None,
        slip_days=None,
        critical=False,
        leads_to_go_live=False,
        health=HealthLevel.CANCELLED,
        derived_health=HealthLevel.CANCELLED,
        health_reasons=(),
        override=False,
        pushed_by=None,
    )
