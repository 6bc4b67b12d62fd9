"""Properties of the analysis on random acyclic plans (hypothesis, derandomised for CI).

Plans mix every status, every link type with lags from -3 to +5, milestones, holidays and
a go-live milestone with (usually) a target. ``tests/support/reference.py`` re-states the
forecast rules naively so the engine's forward pass and its what-ifs can be checked against
an independent computation.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.domain.model import Health, HealthThresholds, Status
from tests.support.plans import Plan
from tests.support.reference import READS_START, START_SIDE, DayList, Reference

BASE = date(2027, 3, 1)  # a Monday
TEAMS = ("Banking & Payments", "Card Operations", "Finance")
TASK_STATUSES = (
    Status.NOT_STARTED,
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.BLOCKED,
    Status.DONE,
    Status.CANCELLED,
)
MILESTONE_STATUSES = (Status.NOT_STARTED, Status.NOT_STARTED, Status.DONE, Status.CANCELLED)

PROPERTY_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass
class Case:
    plan: Plan
    as_of: date
    go_live: str  # key of the go-live milestone the plan was built around
    fixed: bool  # chosen in the migration's settings (else: the latest milestone)

    def analyse(self) -> PlanAnalysis:
        return self.plan.analyse(self.as_of)

    def days(self) -> DayList:
        return DayList(self.plan.calendar, BASE - timedelta(days=120), BASE + timedelta(days=400))

    def reference(self) -> Reference:
        return Reference(self.plan.items, self.plan.links, self.as_of, self.days())


LINK_TYPES = ("FS", "FS", "FS", "SS", "FF", "SF")


@st.composite
def cases(draw: st.DrawFn, *, fixed_go_live: bool | None = True, go_live_open: bool = False) -> Case:
    """A random acyclic plan: each item links only from items placed before it."""
    count = draw(st.integers(min_value=2, max_value=12))
    holidays = draw(st.sets(st.integers(min_value=-10, max_value=60), max_size=5))
    target = draw(st.integers(min_value=5, max_value=45)) if draw(st.integers(0, 4)) else None
    fixed = draw(st.booleans()) if fixed_go_live is None else fixed_go_live
    thresholds = HealthThresholds(
        red_slip_days=draw(st.integers(min_value=0, max_value=10)),
        amber_float_days=draw(st.integers(min_value=0, max_value=6)),
        due_soon_days=draw(st.integers(min_value=0, max_value=6)),
        due_soon_progress=draw(st.sampled_from((0, 50, 100))),
    )
    plan = Plan(
        target=BASE + timedelta(days=target) if target is not None else None,
        holidays=[BASE + timedelta(days=h) for h in holidays],
        thresholds=thresholds,
    )
    as_of = BASE + timedelta(days=draw(st.integers(min_value=-7, max_value=15)))
    go_position = max(0, count - draw(st.integers(min_value=0, max_value=3)))
    keys: list[str] = []
    for position in range(count + 1):
        team = draw(st.sampled_from(TEAMS))
        if position == go_position:
            key = "GO-1"
            status = Status.NOT_STARTED if go_live_open else draw(st.sampled_from(MILESTONE_STATUSES))
            on = BASE + timedelta(days=draw(st.integers(min_value=-5, max_value=25)))
            reached = on + timedelta(days=draw(st.integers(0, 3))) if draw(st.booleans()) else None
            plan.milestone(key, on, go_live=fixed, team=team, status=status, reached=reached)
        elif draw(st.integers(min_value=0, max_value=5)) == 0:
            key = f"{team[:3].upper()}-{position + 1}"
            status = draw(st.sampled_from(MILESTONE_STATUSES))
            on = BASE + timedelta(days=draw(st.integers(min_value=-10, max_value=30)))
            reached = on + timedelta(days=draw(st.integers(0, 3))) if draw(st.booleans()) else None
            plan.milestone(key, on, team=team, status=status, reached=reached)
        else:
            key = f"{team[:3].upper()}-{position + 1}"
            _random_task(draw, plan, key, team)
        for pred in draw(st.lists(st.integers(0, position - 1), max_size=3, unique=True)) if position else []:
            kind = draw(st.sampled_from(LINK_TYPES))
            plan.link(keys[pred], key, kind, draw(st.integers(min_value=-3, max_value=5)))
        keys.append(key)
    return Case(plan, as_of, "GO-1", fixed)


def _random_task(draw: st.DrawFn, plan: Plan, key: str, team: str) -> None:
    status = draw(st.sampled_from(TASK_STATUSES))
    start = BASE + timedelta(days=draw(st.integers(min_value=-10, max_value=20)))
    due = start + timedelta(days=draw(st.integers(min_value=0, max_value=8)))
    shape = draw(st.integers(min_value=0, max_value=9))  # now and then a date or both missing
    planned_start = None if shape in (0, 2) else start
    planned_due = None if shape in (1, 2) else due
    actual_start = actual_finish = None
    if status in (Status.IN_PROGRESS, Status.DONE) and draw(st.booleans()):
        actual_start = start + timedelta(days=draw(st.integers(min_value=-3, max_value=5)))
        if status == Status.DONE and draw(st.booleans()):
            actual_finish = actual_start + timedelta(days=draw(st.integers(min_value=0, max_value=10)))
    plan.task(
        key,
        planned_start,
        planned_due,
        team=team,
        status=status,
        actual_start=actual_start,
        actual_finish=actual_finish,
        progress=draw(st.sampled_from((0, 20, 60, 100))),
        blocker="Waiting" if status == Status.BLOCKED else "",
        override=draw(st.sampled_from((None,) * 7 + ("green", "amber", "red"))),
    )


# Helpers --------------------------------------------------------------------------------------


def instants(case: Case, result: PlanAnalysis, days: DayList, key: str) -> tuple[int, int]:
    """The forecast of ``key`` as instants: a milestone is one instant, the end of its date."""
    found = result.workstream(key)
    assert found.forecast_start is not None and found.forecast_finish is not None
    finish = days.finish_instant(found.forecast_finish)
    if case.plan.items[key].is_milestone:
        assert found.forecast_start == found.forecast_finish
        return finish, finish
    return days.start_instant(found.forecast_start), finish


def active_keys(case: Case) -> list[str]:
    return [k for k, w in case.plan.items.items() if w.status not in (Status.DONE, Status.CANCELLED)]


def target_holds(result: PlanAnalysis) -> bool:
    return (
        result.target_date is not None
        and result.projected_finish is not None
        and result.projected_finish <= result.target_date
    )


# The forecast ---------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None))
def test_the_forecast_is_the_reference_forecast_and_every_active_link_holds(case: Case) -> None:
    result = case.analyse()
    reference = case.reference()
    expected = reference.forecast()
    days = reference.days
    for key, (start, finish) in expected.items():
        assert instants(case, result, days, key) == (start, finish), key
    for link in reference.links:
        if not reference.active(link):
            continue  # into done work
        pred_start, pred_finish = instants(case, result, days, link.pred)
        succ_start, succ_finish = instants(case, result, days, link.succ)
        read = pred_start if link.type in READS_START else pred_finish
        # Started work's start is fixed: an FS or SS link into it binds its finish.
        started = reference.nodes[link.succ].mode == "running"
        bound = succ_start if link.type in START_SIDE and not started else succ_finish
        assert bound >= read + link.lag, link
    for key, w in case.plan.items.items():
        found = result.workstream(key)
        if w.status == Status.CANCELLED:
            assert found.forecast_finish is None and found.total_float is None
        elif w.status == Status.DONE:
            assert found.total_float is None and found.latest_finish is None and not found.critical
        else:
            assert found.total_float is not None and found.latest_finish is not None


def held_milestones(case: Case, result: PlanAnalysis) -> list[str]:
    """The go-live milestone set in the settings while it is live; else every open milestone,
    since whichever ends up latest is the go-live; without milestones, all open work."""
    chosen = [w for w in case.plan.items.values() if w.id == case.plan.go_live_id]
    if chosen and chosen[0].is_milestone and chosen[0].status != Status.CANCELLED:
        return [result.go_live_key] if result.go_live_key else []
    closed = (Status.DONE, Status.CANCELLED)
    if not any(w.is_milestone and w.status != Status.CANCELLED for w in case.plan.items.values()):
        return [
            k for k, w in case.plan.items.items() if w.status not in closed
        ]  # the latest finish goes live
    return [k for k, w in case.plan.items.items() if w.is_milestone and w.status not in closed]


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None))
def test_work_leads_to_go_live_exactly_through_links_that_can_move_it(case: Case) -> None:
    result = case.analyse()
    leading = case.reference().leading(held_milestones(case, result))
    for key in active_keys(case):
        assert result.workstream(key).leads_to_go_live == (key in leading), key


# Float ----------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None, go_live_open=True))
def test_slipping_by_the_float_meets_the_target_and_one_day_more_misses_it(case: Case) -> None:
    result = case.analyse()
    if not target_holds(result):
        return
    assert result.target_date is not None
    for key in active_keys(case):
        found = result.workstream(key)
        if not found.leads_to_go_live:
            continue
        assert found.total_float is not None and found.total_float >= 0, key
        within = result.slip_impact(key, days=found.total_float)
        beyond = result.slip_impact(key, days=found.total_float + 1)
        assert within.projected_finish_after is not None and beyond.projected_finish_after is not None
        assert within.projected_finish_after <= result.target_date, key
        assert beyond.projected_finish_after > result.target_date, key


# The critical path ----------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None, go_live_open=True), st.integers(min_value=1, max_value=6))
def test_slipping_a_critical_item_moves_go_live_by_as_much(case: Case, slip: int) -> None:
    result = case.analyse()
    for key in active_keys(case):
        if result.workstream(key).critical:
            assert result.slip_impact(key, days=slip).go_live_shift == slip, key
        else:  # off every binding chain: one day does not reach go-live
            assert result.slip_impact(key, days=1).go_live_shift == 0, key


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None))
def test_the_critical_path_is_a_chain_of_linked_critical_items_ending_at_go_live(case: Case) -> None:
    result = case.analyse()
    path = result.critical_path
    if result.go_live_key is None:  # no milestone left: the plan goes live with its latest finish
        if not path:
            return
        assert result.workstream(path[-1]).forecast_finish == result.projected_finish
    elif case.plan.items[result.go_live_key].status == Status.DONE:
        assert path == ()
        return
    else:
        assert path[-1] == result.go_live_key
    linked = {(dep.predecessor_key, dep.successor_key) for dep in case.plan.links}
    for before, after in itertools.pairwise(path):
        assert (before, after) in linked, (before, after)
    for key in path:
        found = result.workstream(key)
        assert found.critical and found.health not in ("done", "cancelled"), key
        if result.go_live_key is not None:
            assert found.leads_to_go_live or key == result.go_live_key, key
    assert len(set(path)) == len(path)


# Slip impact ----------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None))
def test_a_slip_of_zero_moves_nothing(case: Case) -> None:
    result = case.analyse()
    for key in active_keys(case):
        impact = result.slip_impact(key, days=0)
        assert impact.moved == () and impact.teams == () and impact.go_live_shift == 0, key
        assert impact.projected_finish_after == impact.projected_finish_before == result.projected_finish


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None), st.integers(min_value=1, max_value=7))
def test_what_moves_is_what_a_full_recomputation_moves(case: Case, slip: int) -> None:
    result = case.analyse()
    reference = case.reference()
    days = reference.days
    base = reference.forecast()
    for key in active_keys(case):
        start, finish = base[key]
        moves_start = reference.nodes[key].mode in ("open", "mark")
        changed = reference.forecast({key: (start + slip if moves_start else start, finish + slip)})
        expected = {
            k: (days.start_date(v[0]), days.finish_date(v[1])) for k, v in changed.items() if v != base[k]
        }
        impact = result.slip_impact(key, days=slip)
        got = {m.key: (m.forecast_start_after, m.forecast_finish_after) for m in impact.moved}
        # Milestones report their date as both start and finish.
        for k in expected:
            if case.plan.items[k].is_milestone:
                expected[k] = (expected[k][1], expected[k][1])
        assert got == expected, key
        assert impact.moved[0].key == key
        for m in impact.moved:
            before = result.workstream(m.key)
            assert (m.forecast_start_before, m.forecast_finish_before) == (
                before.forecast_start,
                before.forecast_finish,
            )
        assert impact.teams == tuple(sorted({m.team for m in impact.moved}))
        projected = _projected(case, {k: v[1] for k, v in changed.items()}, days)
        assert impact.projected_finish_after == projected, key


def _projected(case: Case, finish: dict[str, int], days: DayList) -> date | None:
    """The projected go-live from forecast finish instants, by the README's rule."""
    if not finish:
        return None
    go_live = case.plan.items.get(case.go_live)
    milestones = [k for k, w in case.plan.items.items() if w.is_milestone and k in finish]
    if case.fixed and go_live is not None and case.go_live in finish:
        return days.finish_date(finish[case.go_live])
    if milestones:
        return days.finish_date(max(finish[k] for k in milestones))
    return days.finish_date(max(finish.values()))


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None), st.integers(min_value=0, max_value=6))
def test_a_slip_is_the_same_as_moving_the_planned_dates_where_that_is_exact(case: Case, slip: int) -> None:
    """Where the forecast is the item's own plan, slipping it equals re-planning it N days later."""
    result = case.analyse()
    days = case.days()
    for key in active_keys(case):
        w = case.plan.items[key]
        found = result.workstream(key)
        if w.planned_due is None or found.forecast_finish != w.planned_due:
            continue  # pushed, or floored at the as-of date: moving the plan is not the same
        changed = case.plan.copy()
        new_due = days.shift(w.planned_due, slip)
        if w.is_milestone:
            changed.change(key, planned_start=new_due, planned_due=new_due)
        elif w.status == Status.IN_PROGRESS:
            changed.change(key, planned_due=new_due)
        else:
            if w.planned_start is None or found.forecast_start != w.planned_start:
                continue
            changed.change(key, planned_start=days.shift(w.planned_start, slip), planned_due=new_due)
        after = changed.analyse(case.as_of)
        impact = result.slip_impact(key, days=slip)
        moved = {m.key: (m.forecast_start_after, m.forecast_finish_after) for m in impact.moved}
        for other in case.plan.items:
            now = after.workstream(other)
            then = result.workstream(other)
            expected = moved.get(other, (then.forecast_start, then.forecast_finish))
            assert (now.forecast_start, now.forecast_finish) == expected, (key, other)
        assert impact.projected_finish_after == after.projected_finish, key


# Health ---------------------------------------------------------------------------------------

RED_REASONS = ("Blocked", "Overdue: ", "Negative float of ")


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None))
def test_each_colour_agrees_with_its_reasons(case: Case) -> None:
    """The colours are decided for the whole plan at once and the reasons written on demand:
    both must apply the same rules."""
    result = case.analyse()
    red_slip = case.plan.thresholds.red_slip_days
    for key, w in case.plan.items.items():
        found = result.workstream(key)
        assert result.health_of(w.id) == found.health, key
        if w.status in (Status.DONE, Status.CANCELLED):
            # Even with an override left on it (see test_health.py).
            expected = HealthLevel.DONE if w.status == Status.DONE else HealthLevel.CANCELLED
            assert (found.health, found.derived_health, found.health_reasons) == (expected, expected, ()), key
            continue
        reasons = list(found.health_reasons)
        if w.health_override is not None:
            assert found.override and found.health == w.health_override.value, key
            assert reasons.pop(0).startswith(f"Set to {w.health_override.value} by hand"), key
        else:
            assert not found.override and found.health == found.derived_health, key
        red = [
            r
            for r in reasons
            if r.startswith(RED_REASONS)
            or (r.startswith("Forecast to ") and found.days_late is not None and found.days_late > red_slip)
        ]
        derived = HealthLevel.RED if red else HealthLevel.AMBER if reasons else HealthLevel.GREEN
        assert found.derived_health == derived, (key, reasons)
        assert reasons == red + [r for r in reasons if r not in red], key  # red reasons come first
    tally: dict[int, dict[HealthLevel, int]] = {}
    for w in case.plan.items.values():
        counts = tally.setdefault(w.team_id, dict.fromkeys(HealthLevel, 0))
        counts[result.workstream(w.key).health] += 1
    for team in result.teams:
        assert team.counts == tally.get(team.team_id, dict.fromkeys(HealthLevel, 0)), team.team
    assert result.conflict_count == len(result.conflicts)


# Determinism ----------------------------------------------------------------------------------


def _shuffled(case: Case, seed: int) -> PlanAnalysis:
    rng = random.Random(seed)
    items = list(case.plan.items.values())
    links = list(case.plan.links)
    rng.shuffle(items)
    rng.shuffle(links)
    return case.plan.analyse(case.as_of, workstreams=items, dependencies=links)


_ORDER_FREE = {"pushed_by", "health_reasons"}


def _snapshot(result: PlanAnalysis, *, everything: bool) -> Any:
    per_item = {
        a.key: tuple(getattr(a, f.name) for f in fields(a) if everything or f.name not in _ORDER_FREE)
        for a in result.workstreams.values()
    }
    summary = (
        result.projected_finish,
        result.slip_days,
        result.critical_path,
        result.conflicts,
        result.teams,
        result.overall_health,
    )
    return (per_item, summary, result.go_live_key) if everything else (per_item, summary)


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=True, go_live_open=True), st.integers(min_value=0, max_value=10**6))
def test_dates_float_critical_path_conflicts_and_health_do_not_depend_on_input_order(
    case: Case, seed: int
) -> None:
    assert _snapshot(case.analyse(), everything=False) == _snapshot(_shuffled(case, seed), everything=False)


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None), st.integers(min_value=0, max_value=10**6))
def test_results_are_deterministic_whatever_the_input_order(case: Case, seed: int) -> None:
    # The service loads workstreams by team name then key and links by id, so renaming a team
    # or re-creating a link must not change any answer: ties (the go-live among milestones
    # sharing the latest forecast, the upstream item named in "pushed by ...") go by key.
    assert _snapshot(case.analyse(), everything=True) == _snapshot(_shuffled(case, seed), everything=True)


def test_go_live_among_milestones_tied_for_latest_does_not_depend_on_input_order() -> None:
    # No go-live in the settings: the latest milestone is the go-live, a tie goes to the lower key.
    plan = Plan()
    plan.milestone("M-1", "2027-03-05")
    plan.milestone("M-2", "2027-03-05")
    forward = plan.analyse("2027-02-22")
    backward = plan.analyse("2027-02-22", workstreams=list(reversed(plan.items.values())))
    assert (forward.go_live_key, forward.critical_path) == (backward.go_live_key, backward.critical_path)
    assert forward.go_live_key == "M-1"


def test_the_upstream_item_named_does_not_depend_on_link_order() -> None:
    # A-1 and B-1 both finish Wed 3 and both push C-1 (FS) to Thu 4: the lower key is named.
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-03", team="Alpha")
    plan.task("B-1", "2027-03-01", "2027-03-03", team="Beta")
    plan.task("C-1", "2027-03-01", "2027-03-01", team="Gamma")
    plan.link("A-1", "C-1")
    plan.link("B-1", "C-1")
    forward = plan.analyse("2027-02-22").workstream("C-1")
    backward = plan.analyse("2027-02-22", dependencies=list(reversed(plan.links))).workstream("C-1")
    assert forward.forecast_start == backward.forecast_start == date(2027, 3, 4)
    assert (forward.pushed_by, forward.health_reasons) == (backward.pushed_by, backward.health_reasons)
    assert forward.pushed_by == "A-1"


# An analysis after an edit, lent the one before it -------------------------------------------


def _edit(plan: Plan, chance: random.Random) -> bool:
    """One edit a coordinator makes; whether it keeps the same live workstreams and links."""
    key = chance.choice(list(plan.items))
    item = plan.items[key]
    what = chance.randrange(6)
    if what == 0:
        choices = MILESTONE_STATUSES if item.is_milestone else TASK_STATUSES
        status = chance.choice([s for s in choices if s is not item.status] or [item.status])
        plan.change(key, status=status)
        return Status.CANCELLED not in (status, item.status)
    if what == 1:
        shift = timedelta(days=chance.randint(-6, 6))
        plan.change(
            key,
            planned_start=item.planned_start and item.planned_start + shift,
            planned_due=item.planned_due and item.planned_due + shift,
        )
    elif what == 2:
        plan.change(key, progress=chance.choice((0, 40, 100)))
    elif what == 3:
        plan.change(key, health_override=chance.choice((None, *Health)))
    elif what == 4 and plan.links:
        at = chance.randrange(len(plan.links))
        plan.links[at] = replace(plan.links[at], lag=plan.links[at].lag + chance.choice((-2, 1, 3)))
        return False
    else:
        plan.change(key, title=f"{item.title} (renamed)")
    return True


@PROPERTY_SETTINGS
@given(cases(fixed_go_live=None), st.integers(min_value=0, max_value=10**6))
def test_an_analysis_lent_the_previous_one_gives_the_same_answers_as_one_from_scratch(
    case: Case, seed: int
) -> None:
    chance = random.Random(seed)
    plan, before = case.plan.copy(), case.analyse()
    for _ in range(3):
        same_network = all([_edit(plan, chance) for _ in range(chance.randint(1, 3))])
        shown = _snapshot(before, everything=True)
        lent, scratch = plan.analyse(case.as_of, previous=before), plan.analyse(case.as_of)
        assert _snapshot(lent, everything=True) == _snapshot(scratch, everything=True)
        assert (lent._schedule.preds, lent._schedule.succs) == (
            scratch._schedule.preds,
            scratch._schedule.succs,
        )
        assert _snapshot(before, everything=True) == shown  # the analysis on screen is left as it was
        for key in plan.items:
            if plan.items[key].status not in (Status.DONE, Status.CANCELLED):
                assert lent.slip_impact(key, 2) == scratch.slip_impact(key, 2)
                break
        # The network is reused exactly when the edits kept it.
        assert (lent._schedule.order is before._schedule.order) == same_network
        before = lent
