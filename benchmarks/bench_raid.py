"""Benchmark health with the RAID log: the analysis with the log's reasons against the same without.

The plan is generated (not timed) and turned into domain dataclasses as ``bench_analysis`` does;
a RAID log is drawn beside it: a quarter each of risks, assumptions, issues and decisions, each
linked to about three workstreams (every link to a workstream, so every one is looked at), with
needed-by and target dates around the as-of date, a spread of probability × impact, and some
items closed or decided. Then, in this process, CPU seconds, best of ``--runs``:

- ``analyse`` (forecast, float, critical path, conflicts, colours, team and overall health)
  without the log and with it;
- the same plus every workstream's reasons and the log's own list of reasons written, without
  and with the log: what a coordinator reads;
- what moves if a decision comes ten working days late (the one that moves the most).

    python -m benchmarks.bench_raid [--workstreams 20000] [--items 2000] [--links 6000] [--runs 7]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

from benchmarks.bench_analysis import DomainPlan, domain_plan
from benchmarks.bench_store import Table, Timed, best_of, seconds
from benchmarks.generate import benchmark_arguments, benchmark_parser
from migrator.analysis import HealthLevel, PlanAnalysis, analyse
from migrator.analysis.collector import collector_paused
from migrator.analysis.raid_health import RaidHealth
from migrator.analysis.schedule import Schedule, ScheduleInputs
from migrator.analysis.working_time import WorkingDayLine
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.raid import (
    LinkRole,
    RaidItem,
    RaidLink,
    RaidStatus,
    RaidType,
    Response,
    RiskBands,
    Severity,
)

RAID_GOAL = 1.2  # the analysis with the log's reasons at most 1.2x the analysis without them
ITEMS = 2_000
LINKS = 6_000
LATE_DAYS = 10
ROLES = {
    RaidType.RISK: (LinkRole.THREATENS,),
    RaidType.ASSUMPTION: (LinkRole.ASSUMED_BY,),
    RaidType.ISSUE: (LinkRole.THREATENS, LinkRole.BLOCKS),
    RaidType.DECISION: (LinkRole.DECIDED_FOR, LinkRole.BLOCKS),
}
OWNERS = ("Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Levi", "Emil Novak", "Fatima Khan")


def raid_log(plan: DomainPlan, items: int = ITEMS, links: int = LINKS, seed: int = 1) -> list[RaidItem]:
    """``items`` RAID items of the four types in turn with ``links`` links to the plan's
    workstreams between them (each item at least one when there are enough), dates within
    eight weeks either side of the as-of date; the same seed, the same log."""
    if items < 0 or links < 0:
        raise ValueError("the RAID log's items and links are not negative")
    if items and not plan.workstreams:
        raise ValueError("a RAID log needs workstreams to link its items to")
    rng = random.Random(seed)
    as_of = plan.as_of
    ids = [w.id for w in plan.workstreams]
    kinds = tuple(RaidType)
    per_item = [0] * items
    for n in range(links):  # every item one before any gets a second
        per_item[n % items if n < items else rng.randrange(items)] += 1

    def near(spread: int = 56) -> date:
        return as_of + timedelta(days=rng.randint(-spread, spread))

    log: list[RaidItem] = []
    numbers = dict.fromkeys(kinds, 0)
    link_id = 0
    for n in range(items):
        kind = kinds[n % len(kinds)]
        numbers[kind] += 1
        item_id = n + 1
        roles = ROLES[kind]
        item_links = []
        for workstream_id in rng.sample(ids, min(per_item[n], len(ids))):
            link_id += 1
            item_links.append(
                RaidLink(link_id, item_id, rng.choice(roles), workstream_id, None, f"W-{workstream_id}", 1)
            )
        closed = rng.random() < 0.2
        fields: dict[str, Any] = {}
        if kind is RaidType.RISK:
            fields = {
                "probability": rng.randint(1, 5),
                "impact": rng.randint(1, 5),
                "proximity": near(),
                "response": rng.choice(tuple(Response)),
            }
        elif kind is RaidType.ASSUMPTION:
            fields = {"validate_by": near()}
        elif kind is RaidType.ISSUE:
            fields = {"severity": rng.choice(tuple(Severity)), "target_date": near()}
        else:
            fields = {"needed_by": near(), "decider": "Steering committee"}
        status = (
            (RaidStatus.DECIDED if kind is RaidType.DECISION else RaidStatus.CLOSED)
            if closed
            else RaidStatus.OPEN
        )
        item = RaidItem(
            id=item_id,
            key=f"{kind.prefix}-{numbers[kind]}",
            type=kind,
            title=f"{kind.label} {numbers[kind]} of the benchmark log",
            description="",
            owner_id=n % len(OWNERS) + 1,
            owner_name=OWNERS[n % len(OWNERS)],
            team_id=None,
            team_code=None,
            status=status,
            created=as_of - timedelta(days=90),
            updated=as_of - timedelta(days=7),
            links=tuple(item_links),
        )
        log.append(dataclasses.replace(item, **fields))
    return log


def analysed(plan: DomainPlan, raid: Sequence[RaidItem]) -> PlanAnalysis:
    return analyse(plan.migration, plan.teams, plan.workstreams, plan.dependencies, plan.as_of, raid=raid)


def timed_analysis(plan: DomainPlan, raid: Sequence[RaidItem]) -> Timed:
    """CPU seconds of ``analyse``: colours, team and overall health."""
    start = time.process_time()
    analysis = analysed(plan, raid)
    spent = time.process_time() - start
    return Timed(spent, counts=(len(analysis.teams),))


def timed_reasons(plan: DomainPlan, raid: Sequence[RaidItem]) -> Timed:
    """CPU seconds of ``analyse`` and every reason written: each workstream's and the log's list."""
    start = time.process_time()
    with collector_paused():  # as ``migrator analyze`` writes them: a million objects, no cycles
        analysis = analysed(plan, raid)
        reasons = sum(len(found.health_reasons) for found in analysis.workstreams.values())
        from_log = len(analysis.raid_reasons())
    return Timed(time.process_time() - start, counts=(reasons, from_log))


def timed_decision(analysis: PlanAnalysis, key: str) -> Timed:
    start = time.process_time()
    impact = analysis.decision_impact(key, LATE_DAYS)
    return Timed(time.process_time() - start, counts=(len(impact.moved), impact.go_live_shift))


def timed_log_alone(schedule: Schedule, raid: Sequence[RaidItem], bands: RiskBands) -> Timed:
    """CPU seconds of the log's own part alone: its one pass over the items' links, then each
    reason it gives written."""
    start = time.process_time()
    health = RaidHealth(schedule, raid, bands)
    found = time.process_time()
    written = sum(len(red) + len(amber) for red, amber in map(health.explain, health.hits))
    return Timed(time.process_time() - start, parts={"pass": found - start}, counts=(written,))


def schedule_of(plan: DomainPlan) -> Schedule:
    """The plan's schedule as ``analyse`` compiles it."""
    migration = plan.migration
    line = WorkingDayLine(
        WorkingCalendar(migration.working_weekdays, migration.non_working_dates), plan.as_of
    )
    inputs = ScheduleInputs(plan.as_of, migration.target_go_live, migration.go_live_milestone_id)
    return Schedule(plan.workstreams, plan.dependencies, line, inputs)


def best_pair(
    runs: int, first: Callable[[], Timed], second: Callable[[], Timed]
) -> tuple[Timed, Timed, float]:
    """The fastest of ``runs`` runs of each, taken in turn (first, second, first, ...), so that a
    busy spell of a shared machine weighs on both sides alike rather than on one; and the median
    of each turn's second / first, the ratio least moved by such a spell."""
    best: list[Timed] = []
    ratios = []
    for _ in range(runs):
        found = [best_of(1, first), best_of(1, second)]
        ratios.append(found[1].seconds / found[0].seconds if found[0].seconds else 1.0)
        best = (
            found
            if not best
            else [min(b, f, key=lambda t: t.seconds) for b, f in zip(best, found, strict=True)]
        )
    return best[0], best[1], statistics.median(ratios)


def moving_most(analysis: PlanAnalysis, raid: Sequence[RaidItem]) -> str | None:
    """The undecided decision whose coming late moves the most work (found untimed)."""
    best: tuple[int, str] | None = None
    for item in raid:
        if item.type is RaidType.DECISION and item.is_open and item.needed_by is not None:
            moved = len(analysis.decision_impact(item.key, LATE_DAYS).moved)
            if best is None or moved > best[0]:
                best = (moved, item.key)
    return best[1] if best is not None else None


def run(args: argparse.Namespace, plan: DomainPlan, generated: float) -> int:
    raid = raid_log(plan, args.items, args.links, args.seed)
    links = sum(len(item.links) for item in raid)
    with_log = analysed(plan, raid)
    without = analysed(plan, ())
    moved = {
        level: sum(
            1
            for w in plan.workstreams
            if with_log.health_of(w.id) is level and without.health_of(w.id) is not level
        )
        for level in (HealthLevel.AMBER, HealthLevel.RED)
    }
    reasons = with_log.raid_reasons()
    print(
        f"{len(plan.workstreams):,} workstreams, {len(plan.dependencies):,} dependencies, "
        f"as of {plan.as_of}; a RAID log of {len(raid):,} items with {links:,} links "
        f"(generated in {generated:.1f} s, not timed)"
    )
    print(
        f"The log gives {len(reasons):,} reasons; {moved[HealthLevel.RED]:,} workstreams turn red and "
        f"{moved[HealthLevel.AMBER]:,} amber because of it; overall "
        f"{without.overall_health.value} without it, {with_log.overall_health.value} with it\n"
    )
    del with_log, without
    table = Table()
    baseline = 0.0  # the analysis without the log: what the log's own part is set against
    for title, timed in (
        ("analyse: forecast, float, conflicts, colours, team and overall health", timed_analysis),
        ("analyse and write every reason (each workstream's, the log's list)", timed_reasons),
    ):
        table.add(title)
        bare, full, paired = best_pair(args.runs, partial(timed, plan, ()), partial(timed, plan, raid))
        baseline = baseline or bare.seconds
        ratio = full.seconds / bare.seconds if bare.seconds else 1.0
        table.add("  without the RAID log", seconds(bare.seconds), "1.00x", "baseline")
        table.add(
            "  with the RAID log's reasons",
            seconds(full.seconds),
            f"{ratio:.2f}x",
            f"goal <= {RAID_GOAL}x: {'PASS' if ratio <= RAID_GOAL else 'ABOVE GOAL'}; "
            f"median of the {args.runs} turns' ratios {paired:.2f}x",
        )
    alone = best_of(args.runs, partial(timed_log_alone, schedule_of(plan), raid, plan.migration.risk_bands))
    table.add(
        "the log's own part alone: one pass over its links",
        seconds(alone.parts["pass"]),
        f"{alone.parts['pass'] / max(baseline, 1e-9):.3f}x",
        "of the analysis without the log",
    )
    table.add(
        "  and every reason it gives written",
        seconds(alone.seconds),
        f"{alone.seconds / max(baseline, 1e-9):.3f}x",
        f"{alone.counts[0]:,} reasons",
    )
    analysis = analysed(plan, raid)
    key = moving_most(analysis, raid)
    if key is not None:
        late = best_of(args.runs, lambda: timed_decision(analysis, key))
        table.add(
            f"what moves if {key} comes {LATE_DAYS} working days late",
            seconds(late.seconds),
            "",
            f"{late.counts[0]:,} workstreams move, go-live {late.counts[1]:+d} working days",
        )
    print(table.render())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = benchmark_parser("bench_raid", __doc__, runs=7)
    parser.add_argument("--items", type=int, default=ITEMS, metavar="N", help=f"RAID items (default {ITEMS})")
    parser.add_argument(
        "--links", type=int, default=LINKS, metavar="M", help=f"their links (default {LINKS})"
    )
    start = time.perf_counter()
    args, generated = benchmark_arguments(parser, argv)
    if args.items < 0 or args.links < 0:
        parser.error("--items and --links are not negative")
    plan = domain_plan(generated)
    print(
        f"Migrator RAID health benchmark: CPU seconds, best of {args.runs}; Python {sys.version.split()[0]}\n"
    )
    return run(args, plan, time.perf_counter() - start)


if __name__ == "__main__":
    sys.exit(main())
