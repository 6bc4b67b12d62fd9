"""The RAID log in the state a report shows and a snapshot keeps, and what changed in it."""

from __future__ import annotations

import dataclasses
import json
import zlib
from datetime import date, datetime

from migrator.analysis.changes import ChangeKind, compare
from migrator.analysis.plan_state import PlanState, capture, from_json, to_json
from migrator.domain.model import HistoryEntry
from migrator.domain.raid import Escalation, LinkRole, RaidItem, RaidStatus, Response, RiskBands, Severity
from tests.analysis.test_plan_state import AS_OF, ledger_plan
from tests.support.plans import Plan
from tests.support.raid_items import raid_item, to_dependency, to_workstream

BANDS = RiskBands(amber_score=6, red_score=12)


def log(plan: Plan) -> list[RaidItem]:
    """A risk on a Bank workstream, a decision on a Bank → Ops link, an Ops issue, a lone assumption."""
    ids = {key: w.id for key, w in plan.items.items()}
    link = next(d for d in plan.links if d.predecessor_id == ids["BNK-2"] and d.successor_id == ids["OPS-2"])
    return [
        raid_item(
            4,
            "D-4",
            "Migrate business customers first?",
            team="BAN",
            needed_by=date(2027, 3, 12),
            decider="Steering committee",
            links=(to_dependency(4, link.id, "BNK-2 → OPS-2", LinkRole.DECIDED_FOR),),
        ),
        raid_item(
            12,
            "R-12",
            "Card bureau can't print 50,000 cards a week",
            probability=4,
            impact=4,
            proximity=date(2027, 4, 1),
            response=Response.REDUCE,
            actions="Second bureau on standby",
            links=(to_workstream(12, ids["BNK-1"], "BNK-1"),),
        ),
        raid_item(7, "I-7", "Test data missing for Ops", team="OPS", severity=Severity.HIGH, priority=1),
        raid_item(3, "A-3", "Branches stay open on the cut-over weekend", validate_by=date(2027, 3, 20)),
    ]


def state(plan: Plan, items: list[RaidItem], as_of: str = AS_OF) -> PlanState:
    return capture(plan.analyse(as_of), list(plan.teams.values()), plan.links, items, BANDS)


def test_the_state_keeps_the_log_by_type_then_key_with_the_bands_and_whom_each_item_concerns() -> None:
    plan = ledger_plan()
    now = state(plan, log(plan))
    assert [item.key for item in now.raid] == ["R-12", "A-3", "I-7", "D-4"]
    assert now.risk_bands == BANDS and now.raid_kept
    assert now.raid_reach == {12: ("BAN",), 3: (), 7: ("OPS",), 4: ("BAN", "OPS")}
    assert [item.key for item in now.raid_for("OPS")] == ["I-7", "D-4"]
    assert [item.key for item in now.raid_for("BAN")] == ["R-12", "D-4"]
    assert len(now.raid_for(None)) == 4


def test_a_snapshot_with_raid_items_reads_back_to_the_same_state() -> None:
    plan = ledger_plan()
    items = log(plan)
    items[0] = dataclasses.replace(items[0], status=RaidStatus.DECIDED, decided_on=date(2027, 2, 26))
    items[1] = dataclasses.replace(items[1], escalated_to=Escalation.STEERING, escalated_on=date(2027, 2, 20))
    now = state(plan, items)
    back = from_json(to_json(now))
    assert back == now
    assert back.raid[0].response is Response.REDUCE and back.raid[0].links[0].role is LinkRole.THREATENS
    assert back.raid[-1].links[0].role is LinkRole.DECIDED_FOR and back.raid[-1].status is RaidStatus.DECIDED
    assert back.raid[2].severity is Severity.HIGH and back.raid[1].response is None
    assert back.raid_reach == now.raid_reach


def test_a_snapshot_without_raid_items_reads_back_too() -> None:
    plan = ledger_plan()
    empty = state(plan, [])
    assert from_json(to_json(empty)) == empty and empty.raid_kept


def test_a_snapshot_kept_before_the_raid_log_still_reads_with_an_empty_log_not_kept() -> None:
    plan = ledger_plan()
    now = state(plan, log(plan))
    document = json.loads(zlib.decompress(to_json(now)))
    names = document["fields"]["PlanState"]
    row = document["state"]
    for name in ("raid", "risk_bands", "raid_kept"):
        del row[names.index(name)]
        names.remove(name)
    for kind in ("RiskBands", "RaidItem", "RaidLink"):
        del document["fields"][kind]
    old = from_json(zlib.compress(json.dumps(document).encode()))
    assert old.raid == () and not old.raid_kept and old.risk_bands == RiskBands()
    assert old == dataclasses.replace(now, raid=(), risk_bands=RiskBands(), raid_kept=False)


def _entry(number: int, item: RaidItem, action: str, field: str | None = None) -> HistoryEntry:
    at = datetime(2027, 2, 24, 9, number)
    return HistoryEntry(number, number, at, "Ana", "raid", item.id, item.key, action, field, None, None, "")


def test_raid_changes_list_new_closed_escalated_rescored_moved_and_removed_items() -> None:
    plan = ledger_plan()
    before_items = log(plan)
    before = state(plan, before_items, "2027-02-22")
    decision, risk, issue, _assumption = before_items
    new_risk = raid_item(13, "R-13", "Vendor late with the card file", probability=2, impact=3, team="OPS")
    after_items = [
        dataclasses.replace(
            decision, status=RaidStatus.DECIDED, outcome="Retail first", needed_by=date(2027, 3, 19)
        ),
        dataclasses.replace(
            risk, impact=5, escalated_to=Escalation.PROGRAMME, escalated_on=date(2027, 2, 24)
        ),
        issue,
        new_risk,
    ]
    history = [
        _entry(1, new_risk, "created"),
        _entry(2, after_items[0], "changed", "status"),
        _entry(3, after_items[1], "changed", "escalated to"),
    ]
    after = state(plan, after_items)
    changes = [c for c in compare(before, after, history, plan.analyse(AS_OF).working_days_between)
               if c.kind.value.startswith("RAID")]  # fmt: skip
    seen = [(c.kind, c.key, c.team_codes, c.field, c.old, c.new, c.days, c.note, c.who) for c in changes]
    assert seen == [
        (
            ChangeKind.RAID_NEW,
            "R-13",
            ("OPS",),
            "Risk",
            None,
            None,
            None,
            "Score 6 (amber) · owner Ana Ruiz",
            "Ana",
        ),
        (
            ChangeKind.RAID_CLOSED,
            "D-4",
            ("BAN", "OPS"),
            "Status",
            "Open",
            "Decided",
            None,
            "Retail first",
            "Ana",
        ),
        (ChangeKind.RAID_ESCALATED, "R-12", ("BAN",), "Escalated to", None, "Programme", None, "", "Ana"),
        (ChangeKind.RAID_SCORE, "R-12", ("BAN",), "Score", 16, 20, None, "now red", ""),
        (
            ChangeKind.RAID_DATE,
            "D-4",
            ("BAN", "OPS"),
            "Needed by",
            date(2027, 3, 12),
            date(2027, 3, 19),
            5,
            "",
            "",
        ),
        (ChangeKind.RAID_REMOVED, "A-3", (), "Assumption", None, None, None, "", ""),
    ]


def test_compared_with_a_snapshot_kept_before_the_log_the_items_own_dates_tell_what_is_new() -> None:
    plan = ledger_plan()
    old = dataclasses.replace(state(plan, [], "2027-02-22"), raid_kept=False)
    items = [
        raid_item(1, "R-1", "Known for months", created=date(2027, 1, 4)),
        raid_item(2, "R-2", "Raised this week", created=date(2027, 2, 24)),
        raid_item(3, "I-3", "Fixed this week", status=RaidStatus.CLOSED, updated=date(2027, 2, 25)),
        raid_item(
            4, "R-4", "Escalated this week", escalated_to=Escalation.STEERING, escalated_on=date(2027, 2, 23)
        ),
    ]
    changes = compare(old, state(plan, items), [], plan.analyse(AS_OF).working_days_between)
    assert [(c.kind, c.key) for c in changes if c.kind.value.startswith("RAID")] == [
        (ChangeKind.RAID_NEW, "R-2"),
        (ChangeKind.RAID_CLOSED, "I-3"),
        (ChangeKind.RAID_ESCALATED, "R-4"),
    ]
