"""Health with reasons: green, amber or red per workstream, each colour explained.

The rules are the README's ("Health"); thresholds are the migration's settings so that
amber means the same thing in every team. Colours are worked out for the whole plan at
once with numbers only (``judge``); the reasons, which name dates, teams and upstream
items, are written for one workstream when someone reads them (``explain``). The two
apply the same rules in the same order, and the tests hold them to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from migrator.analysis.conflicts import started_early
from migrator.analysis.drivers import Drivers
from migrator.analysis.raid_health import RaidHealth
from migrator.analysis.results import LEVELS
from migrator.analysis.schedule import DONE, FS, NO_NODE, OPEN, RUNNING, Schedule
from migrator.domain.model import Health, HealthThresholds, Status, Workstream
from migrator.domain.raid import RaidItem, RiskBands
from migrator.domain.wording import day_text, working_days
from migrator.domain.workstream_state import link_type_text

# Health as indices into LEVELS, in the order of severity, so "worst" is max().
CANCELLED_LEVEL, DONE_LEVEL, GREEN, AMBER, RED = (LEVELS.index(level) for level in LEVELS)
_OVERRIDE = {Health.GREEN.value: GREEN, Health.AMBER.value: AMBER, Health.RED.value: RED}
_MAX_NAMED_PREDECESSORS = 3
_DEFAULT_BANDS = RiskBands()


class HealthJudge:
    def __init__(
        self,
        schedule: Schedule,
        thresholds: HealthThresholds,
        target: date | None,
        raid: Sequence[RaidItem] = (),
        risk_bands: RiskBands = _DEFAULT_BANDS,
    ) -> None:
        self.schedule = schedule
        self.thresholds = thresholds
        self.target = target
        self.as_of_day = schedule.line.index_on_or_before(schedule.as_of)
        self.derived: list[int] = []  # what the plan alone says, per node
        self.effective: list[int] = []  # with manual overrides
        self._red_of_other_teams: dict[int, list[int]] | None = None  # when explaining
        # Work in progress that started before an FS or SS predecessor allowed: node → links.
        self.started_early = started_early(schedule)
        self.drivers = Drivers(schedule)  # who pushed whom, kept as the reasons are written
        self._names: dict[int, str] = {}
        # The decisions, risks and issues holding work back.
        self.raid = RaidHealth(schedule, raid, risk_bands)
        self._judge()

    # Colours, for the whole plan ----------------------------------------------------------------

    def _judge(self) -> None:
        schedule, t = self.schedule, self.thresholds
        as_of, as_of_day = schedule.as_of, self.as_of_day
        as_of_start = schedule.line.start_instant(as_of)
        start_instant = schedule.line.starts
        mode, ef, lf = schedule.mode, schedule.ef, schedule.lf
        leads, planned_finish = schedule.leads_to_go_live, schedule.planned_finish
        targeted = self.target is not None
        blocked, not_started = Status.BLOCKED, Status.NOT_STARTED
        red_slip, amber_float = t.red_slip_days, t.amber_float_days
        due_soon, due_progress = t.due_soon_days, t.due_soon_progress
        early = self.started_early
        derived = [DONE_LEVEL] * len(mode)
        effective = [DONE_LEVEL] * len(mode)
        for node, w in enumerate(schedule.workstreams):
            if mode[node] == DONE:
                continue
            finish = ef[node]
            planned = planned_finish[node]
            slip = finish - planned if planned is not None else 0
            total_float = lf[node] - finish
            due = w.planned_due
            if (
                w.status is blocked
                or (due is not None and due < as_of)
                or (targeted and total_float < 0)
                or slip > red_slip
            ):
                colour = RED
            elif (
                slip > 0
                or (targeted and leads[node] and total_float <= amber_float)
                or node in early
                or (
                    w.status is not_started
                    and not w.is_milestone
                    and w.planned_start is not None
                    and start_instant[w.planned_start] < as_of_start
                )
                or (
                    not w.is_milestone
                    and planned is not None
                    and planned - 1 - as_of_day <= due_soon
                    and w.progress < due_progress
                )
            ):
                colour = AMBER
            else:
                colour = GREEN
            derived[node] = colour
            override = w.health_override
            effective[node] = colour if override is None else _OVERRIDE[override.value]
        # The RAID log's items raise the colour of the work they hold back (never lower it), before
        # red is passed on to other teams' successors.
        workstreams, team_of = schedule.workstreams, schedule.team_of
        for node in self.raid.hits:
            level = self.raid.level(node)
            if derived[node] < level:
                derived[node] = level
                if workstreams[node].health_override is None:
                    effective[node] = level
        # Amber when a predecessor of another team is red. Only red predecessors count and
        # this rule never makes anything red, so one look at the links out of red work settles
        # it (the links into done work are not listed there: done work is never green).
        succs = schedule.succs
        for pred in [node for node, level in enumerate(effective) if level == RED]:
            for _, succ, _kind, _lag in succs[pred]:
                if derived[succ] == GREEN and team_of[pred] != team_of[succ]:
                    derived[succ] = AMBER
                    if workstreams[succ].health_override is None:
                        effective[succ] = AMBER
        self.derived, self.effective = derived, effective

    # Reasons, for one workstream ----------------------------------------------------------------

    def explain(self, node: int) -> tuple[list[str], list[str]]:
        """The red and the amber reasons of ``node``, as the rules found them."""
        schedule, t = self.schedule, self.thresholds
        line, w = schedule.line, schedule.workstreams[node]
        red: list[str] = []
        amber: list[str] = []
        if schedule.mode[node] == DONE:
            return red, amber
        as_of, target = schedule.as_of, self.target
        finish = schedule.ef[node]
        planned = schedule.planned_finish[node]
        slip = finish - planned if planned is not None else 0
        total_float = schedule.lf[node] - finish

        if w.status is Status.BLOCKED:
            red.append(f"Blocked: {w.blocker_note}" if w.blocker_note else "Blocked, with no blocker note")
        if w.planned_due is not None and w.planned_due < as_of:
            ago = self.as_of_day - line.index_on_or_before(w.planned_due)
            what = "planned for" if w.is_milestone else "due"
            late = f", {working_days(ago)} ago" if ago > 0 else ""
            red.append(f"Overdue: {what} {day_text(w.planned_due)}{late}")
        reach = "be reached" if w.is_milestone else "finish"
        if target is not None and total_float < 0:
            red.append(
                f"Negative float of {working_days(total_float)}: go-live is forecast that much after "
                f"its target {day_text(target)}"
                if node == schedule.go_live
                else f"Negative float of {working_days(total_float)}: to meet the go-live target "
                f"{day_text(target)} it must {reach} by {day_text(line.finish_date(schedule.lf[node]))}"
            )
        if slip > 0 and w.planned_due is not None:
            text = (
                f"Forecast to {reach} {day_text(line.finish_date(finish))}, {working_days(slip)} after "
                f"its {'planned date' if w.is_milestone else 'due date'} {day_text(w.planned_due)}"
                f"{self._cause(node)}"
            )
            (red if slip > t.red_slip_days else amber).append(text)
        if target is not None and schedule.leads_to_go_live[node] and 0 <= total_float <= t.amber_float_days:
            amber.append(
                f"No float: it must not slip for go-live to meet the target {day_text(target)}"
                if total_float == 0
                else f"Only {working_days(total_float)} of float before the go-live target {day_text(target)}"
            )
        if node in self.started_early:
            amber += self._started_early(node)
        if (
            w.status is Status.NOT_STARTED
            and not w.is_milestone  # a milestone is reached, not started; overdue says it
            and w.planned_start is not None
            and line.start_instant(w.planned_start)
            < line.start_instant(as_of)  # a weekend start counts Monday
        ):
            amber.append(f"Not started, although planned to start {day_text(w.planned_start)}")
        due = w.planned_due
        if not w.is_milestone and planned is not None and due is not None and due >= as_of:
            left = planned - 1 - self.as_of_day
            if left <= t.due_soon_days and w.progress < t.due_soon_progress:
                when = "today" if left <= 0 else f"in {working_days(left)}"
                done = f"only {w.progress}% done" if w.progress else "no progress recorded"
                amber.append(f"Due {day_text(due)} ({when}) with {done}")
        if node in self.raid.hits:
            raid_red, raid_amber = self.raid.explain(node)
            red += raid_red
            amber += raid_amber
        red_upstream = self._red_upstream().get(node, ())
        for pred in red_upstream[:_MAX_NAMED_PREDECESSORS]:
            amber.append(f"Waits on {self._named(pred)}, which is red")
        if len(red_upstream) > _MAX_NAMED_PREDECESSORS:
            amber.append(f"… and {len(red_upstream) - _MAX_NAMED_PREDECESSORS} more red items of other teams")
        return red, amber

    def reasons(self, node: int) -> tuple[str, ...]:
        """Every reason, the override's first: what a coordinator reads beside the colour."""
        red, amber = self.explain(node)
        w = self.schedule.workstreams[node]
        if w.health_override is None or self.schedule.mode[node] == DONE:
            return (*red, *amber)
        colour, plan_says = w.health_override.value, LEVELS[self.derived[node]].value
        agreeing = f"{plan_says} too" if plan_says == colour else plan_says
        given = f": {w.health_override_reason}" if w.health_override_reason else ""
        return (f"Set to {colour} by hand (the plan alone says {agreeing}){given}", *red, *amber)

    def _started_early(self, node: int) -> list[str]:
        """ "Started before BNK-3 (Card bureau contract, OPS) finished; FS link", per such link."""
        schedule = self.schedule
        links = self.started_early.get(node, [])
        texts = []
        for link in links[:_MAX_NAMED_PREDECESSORS]:
            pred = schedule.link_pred[link]
            p, dep = schedule.workstreams[pred], schedule.link_dep[link]
            event = "finished" if schedule.link_kind[link] == FS else "started"
            event = "was reached" if p.is_milestone else event
            texts.append(
                f"Started before {p.key} ({p.title}, {p.team_code}) {event}; "
                f"{link_type_text(dep.type.value, dep.lag)} link"
            )
        if len(links) > _MAX_NAMED_PREDECESSORS:
            more = len(links) - _MAX_NAMED_PREDECESSORS
            texts.append(f"… and started before {more} more of its predecessors")
        return texts

    def _red_upstream(self) -> dict[int, list[int]]:
        """The red predecessors of other teams per node, by key: one pass over the links when the
        first reason is written, not a look at every predecessor of every item explained."""
        if self._red_of_other_teams is None:
            workstreams, effective = self.schedule.workstreams, self.effective
            team_of = self.schedule.team_of
            found: dict[int, list[int]] = {}
            for pred, succ in zip(self.schedule.link_pred, self.schedule.link_succ, strict=True):
                if effective[pred] == RED and team_of[pred] != team_of[succ]:
                    found.setdefault(succ, []).append(pred)
            for preds in found.values():
                preds.sort(key=lambda pred: workstreams[pred].key)
            self._red_of_other_teams = found
        return self._red_of_other_teams

    def _named(self, node: int) -> str:
        """ "OPS-3 (Card Operations)"; the same few items are named by the thousand down a chain."""
        named = self._names.get(node)
        if named is None:
            w = self.schedule.workstreams[node]
            named = self._names[node] = f"{w.key} ({w.team_name})"
        return named

    def _cause(self, node: int) -> str:
        """ ", pushed by OPS-3 (Card Operations), which waits on BNK-2 (Banking & Payments)"."""
        schedule = self.schedule
        driver = self.drivers.driver(node)
        if driver != NO_NODE:
            text = f", pushed by {self._named(driver)}"
            root = self.drivers.origin(node)
            if root != driver:
                text += f", which waits on {self._named(root)}"
            return text
        w: Workstream = schedule.workstreams[node]
        mode = schedule.mode[node]
        if w.status is Status.BLOCKED:
            return ", because it is blocked"
        if mode == OPEN:
            return ", because it has not started"
        if mode == RUNNING:
            return ", because it is still in progress"
        return ""  # a milestone not reached by its date: "Overdue" already says so
