"""The demo's two weekly reports with a RAID log: what the RAID sections' tests read and print."""

from __future__ import annotations

import dataclasses
from datetime import date

from migrator.analysis.changes import change_order, raid_changes
from migrator.analysis.plan_state import PlanState, raid_order
from migrator.domain.raid import Escalation, LinkRole, RaidItem, RaidStatus, Response, RiskBands, Severity
from migrator.reports.content import ReportContent
from tests.reports.conftest import DemoReports
from tests.support.raid_items import raid_item, to_dependency, to_workstream

BANDS = RiskBands(amber_score=8, red_score=15)


def demo_keys(state: PlanState) -> dict[str, tuple[int, str]]:
    """Each demo workstream's key: its id and team code."""
    return {w.key: (w.id, w.team_code) for w in state.workstreams}


def raid_logs(state: PlanState) -> tuple[list[RaidItem], list[RaidItem]]:
    """Last week's log and this week's, over the demo's first workstreams of two teams."""
    teams = list(dict.fromkeys(w.team_code for w in state.workstreams))
    first, second = (next(w for w in state.workstreams if w.team_code == t) for t in teams[:2])
    link = next(k for k in state.links if k.cross_team)
    dependency = f"{link.predecessor} → {link.successor}"
    before = [
        raid_item(
            1, "R-1", "Card bureau can't print 50,000 cards a week", owner="Henrik Lindqvist",
            team=first.team_code, probability=4, impact=5, proximity=date(2027, 3, 22),
            response=Response.REDUCE, actions="Second bureau on standby; weekly capacity check",
            actions_due=date(2027, 3, 5), trigger="Bureau misses a weekly quota",
            review_date=date(2027, 3, 8), links=(to_workstream(1, first.id, first.key),),
        ),
        raid_item(
            2, "R-2", "Core banking freeze moves into the cut-over window", owner="Ana Ruiz",
            probability=3, impact=4, proximity=date(2027, 5, 3), response=Response.AVOID,
            actions="Agree the freeze dates with the bank", links=(to_workstream(2, second.id, second.key),),
        ),
        raid_item(3, "R-3", "Key vendor engineer leaves", owner="Ana Ruiz", probability=2, impact=2,
                  response=Response.ACCEPT),
        raid_item(
            4, "A-4", "Branches stay open on the cut-over weekend", owner="Li Wei", team=second.team_code,
            validation="Ask the branch network's operations lead in writing", validate_by=date(2027, 3, 12),
        ),
        raid_item(
            5, "I-5", "Test data for business customers is missing", owner="Li Wei", team=second.team_code,
            severity=Severity.HIGH, priority=1, target_date=date(2027, 2, 26),
            actions="Mask a production extract", links=(to_workstream(5, second.id, second.key),),
        ),
        raid_item(
            6, "D-6", "Migrate business customers first?", owner="Ana Ruiz", decider="Steering committee",
            question="Business customers before retail, or after?", needed_by=date(2027, 2, 26),
            recommendation="Retail first: fewer special cases", options="Retail first; business first",
            links=(to_dependency(6, 1, dependency, LinkRole.DECIDED_FOR),),
        ),
        raid_item(
            7, "D-7", "Which card design for the new fleet?", owner="Henrik Lindqvist",
            decider="Marketing board", needed_by=date(2027, 3, 10),
            links=(to_workstream(7, first.id, first.key, LinkRole.BLOCKS),),
        ),
        raid_item(8, "I-8", "Printer firmware rejects the new chip", owner="Henrik Lindqvist",
                  team=first.team_code, severity=Severity.MEDIUM, priority=2, target_date=date(2027, 3, 4)),
    ]  # fmt: skip
    now = [dataclasses.replace(item) for item in before if item.key != "R-3"]
    by_key = {item.key: item for item in now}
    by_key["R-1"] = dataclasses.replace(
        by_key["R-1"], escalated_to=Escalation.STEERING, escalated_on=date(2027, 2, 25)
    )
    by_key["I-8"] = dataclasses.replace(
        by_key["I-8"],
        status=RaidStatus.CLOSED,
        actions="Vendor shipped firmware 4.2",
        updated=date(2027, 2, 26),
    )
    by_key["R-2"] = dataclasses.replace(by_key["R-2"], probability=4)
    by_key["R-9"] = raid_item(
        9, "R-9", "Card file format changes late", owner="Li Wei", probability=2, impact=3,
        created=date(2027, 2, 24), response=Response.FALLBACK, actions="Keep the old parser",
    )  # fmt: skip
    by_key["D-10"] = raid_item(
        10, "D-10", "Run the old and new platforms in parallel for a month?", owner="Ana Ruiz",
        decider="Programme board", needed_by=date(2027, 3, 1), created=date(2027, 2, 25),
        links=(to_workstream(10, second.id, second.key, LinkRole.DECIDED_FOR),),
    )  # fmt: skip
    return before, sorted(by_key.values(), key=raid_order)


def with_raid(demo: DemoReports) -> ReportContent:
    """The demo's full report with the RAID logs kept in both weeks' states."""
    content = demo.content
    before_items, now_items = raid_logs(content.state)
    assert content.previous is not None
    before = dataclasses.replace(content.previous, raid=tuple(before_items), risk_bands=BANDS, raid_kept=True)
    now = dataclasses.replace(content.state, raid=tuple(now_items), risk_bands=BANDS, raid_kept=True)
    line = demo.service.analyse(now.as_of).working_days_between
    changes = tuple(sorted((*content.changes, *raid_changes(before, now, [], line)), key=change_order))
    return dataclasses.replace(content, state=now, previous=before, changes=changes)
