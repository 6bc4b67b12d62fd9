"""The state a report shows: the dependency ledger, headline figures, the stored form, and changes."""

from __future__ import annotations

import json
import zlib
from datetime import date

import pytest

from migrator.analysis.changes import ChangeKind, compare
from migrator.analysis.ledger import LinkHealth
from migrator.analysis.plan_state import PlanState, capture, from_json, to_json
from migrator.domain.errors import MigrationFileError
from migrator.domain.model import Status
from tests.support.plans import Plan

AS_OF = "2027-03-01"  # a Monday


def ledger_plan() -> Plan:
    """One link in each state a stakeholder can meet, across two teams."""
    plan = Plan(target="2027-06-30")
    plan.task("BNK-1", "2027-02-01", "2027-03-12", team="Bank", status=Status.IN_PROGRESS)  # on plan
    plan.task("OPS-1", "2027-03-15", "2027-03-19", team="Ops")  # needs BNK-1 by Fri 12 Mar: slack 0
    plan.task("BNK-2", "2027-02-01", "2027-02-26", team="Bank", status=Status.IN_PROGRESS)  # late, red
    plan.task("OPS-2", "2027-03-01", "2027-03-10", team="Ops")  # needed it by Fri 26 Feb
    plan.task("BNK-3", "2027-03-01", "2027-03-05", team="Bank", status=Status.BLOCKED, blocker="vendor")
    plan.task("OPS-3", "2027-04-12", "2027-04-16", team="Ops")  # plenty of room
    plan.task(
        "BNK-4", "2027-01-04", "2027-01-29", team="Bank", status=Status.DONE, actual_finish="2027-01-29"
    )
    plan.task("OPS-4", "2027-04-19", "2027-04-23", team="Ops")
    plan.task("BNK-5", "2027-03-01", "2027-03-05", team="Bank", status=Status.CANCELLED)
    plan.task("BNK-6", "2027-05-03", "2027-05-07", team="Bank")  # same team as its provider
    plan.task("OPS-5", "2027-05-10", "2027-05-14", team="Ops")
    for pred, succ in [
        ("BNK-1", "OPS-1"),
        ("BNK-2", "OPS-2"),
        ("BNK-3", "OPS-3"),
        ("BNK-4", "OPS-4"),
        ("BNK-5", "OPS-5"),
        ("BNK-1", "BNK-6"),
    ]:
        plan.link(pred, succ)
    return plan


def state_of(plan: Plan, as_of: str = AS_OF) -> PlanState:
    return capture(plan.analyse(as_of), list(plan.teams.values()), plan.links)


def test_the_ledger_gives_each_link_its_slack_and_state_cross_team_and_worst_first() -> None:
    links = state_of(ledger_plan()).links
    order = [(link.predecessor, link.successor, link.state, link.slack) for link in links]
    assert order == [
        ("BNK-2", "OPS-2", LinkHealth.VIOLATED, -1),  # still running on the as-of day: one day late
        ("BNK-3", "OPS-3", LinkHealth.PROVIDER_BLOCKED, 25),
        ("BNK-1", "OPS-1", LinkHealth.OK, 0),  # back to back: no slack, but on plan
        ("BNK-4", "OPS-4", LinkHealth.DELIVERED, 55),
        ("BNK-5", "OPS-5", LinkHealth.CANCELLED, None),
        ("BNK-1", "BNK-6", LinkHealth.OK, 35),  # within a team: after every cross-team link
    ]
    late = links[0]
    assert (late.provider_forecast, late.needed_by) == (date(2027, 3, 1), date(2027, 2, 26))
    on_plan = links[2]
    assert on_plan.provider_forecast == on_plan.needed_by == date(2027, 3, 12)
    assert [link.cross_team for link in links] == [True] * 5 + [False]


def test_a_red_provider_puts_its_links_at_risk_even_with_slack() -> None:
    plan = Plan(target="2027-06-30")
    plan.task("BNK-1", "2027-01-04", "2027-02-26", team="Bank", status=Status.IN_PROGRESS, override="red")
    plan.task("OPS-1", "2027-05-03", "2027-05-07", team="Ops")
    plan.link("BNK-1", "OPS-1")
    [link] = state_of(plan).links
    assert link.state is LinkHealth.AT_RISK and link.slack is not None and link.slack > 20


def test_headlines_teams_and_percent_complete_weighted_by_planned_days() -> None:
    plan = Plan(target="2027-06-30")
    plan.task(
        "A-1", "2027-03-01", "2027-03-12", team="Alpha", status=Status.IN_PROGRESS, progress=50
    )  # 10 days
    plan.task("A-2", "2027-03-15", "2027-03-19", team="Alpha", status=Status.DONE, actual_finish="2027-03-19")
    plan.task("B-1", "2027-03-22", "2027-04-02", team="Beta")  # 10 days, 0%
    plan.task("B-2", "2027-03-22", "2027-03-26", team="Beta", status=Status.CANCELLED)  # counts for nothing
    plan.milestone("B-3", "2027-06-30", team="Beta", go_live=True)
    state = state_of(plan)
    assert state.percent_complete == round((10 * 50 + 5 * 100 + 10 * 0) / 25)
    assert state.projected_go_live == state.target_go_live == date(2027, 6, 30)
    assert state.go_live_key == "B-3" and state.slip_days == 0
    alpha, beta = state.teams
    assert (alpha.percent_complete, beta.percent_complete) == (round((10 * 50 + 5 * 100) / 15), 0)
    assert (alpha.code, alpha.workstreams, alpha.by_status[Status.DONE]) == ("ALP", 2, 1)
    assert beta.by_status[Status.CANCELLED] == 1 and beta.workstreams == 3
    assert [w.team_code for w in state.workstreams] == ["ALP", "ALP", "BET", "BET", "BET"]


def test_the_stored_form_reads_back_to_the_same_state() -> None:
    state = state_of(ledger_plan())
    data = to_json(state)
    assert from_json(data) == state
    assert len(data) < 4_000  # compressed


def test_a_state_stored_before_a_field_was_added_or_after_one_was_dropped_still_reads() -> None:
    state = state_of(ledger_plan())
    document = json.loads(zlib.decompress(to_json(state)))
    names = document["fields"]["WorkstreamState"]
    position = names.index("blocker_note")
    names[position] = "a_field_this_version_dropped"
    data = zlib.compress(json.dumps(document).encode())
    with pytest.raises(MigrationFileError, match="damaged"):  # a field this version needs is missing
        from_json(data)
    names[position] = "blocker_note"
    names.append("a_field_added_later")
    for row in document["state"][document["fields"]["PlanState"].index("workstreams")]:
        row.append("ignored")
    assert from_json(zlib.compress(json.dumps(document).encode())) == state


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not compressed", "damaged"),
        (zlib.compress(b"{not json"), "damaged"),
        (zlib.compress(b'{"format": 99}'), "newer version of Migrator"),
        (zlib.compress(b'{"format": 1, "fields": {}}'), "damaged"),
    ],
)
def test_unreadable_states_are_named_as_such(data: bytes, message: str) -> None:
    with pytest.raises(MigrationFileError, match=message):
        from_json(data)


def test_changes_between_two_states_of_a_plan() -> None:
    before_plan = ledger_plan()
    before = state_of(before_plan)
    after_plan = before_plan.copy()
    after_plan.change("OPS-3", planned_start="2027-04-19", planned_due="2027-04-23")
    after_plan.change("BNK-1", progress=70)
    after_plan.task("OPS-9", "2027-05-03", "2027-05-07", team="Ops")
    del after_plan.items["OPS-5"]
    after_plan.links = [link for link in after_plan.links if link.successor_key != "OPS-5"]
    after = state_of(after_plan, "2027-03-08")
    changes = compare(before, after, [], after_plan.analyse("2027-03-08").working_days_between)
    found = {(c.kind, c.key, c.field): c for c in changes}
    assert found[(ChangeKind.ADDED, "OPS-9", "Workstream")].who == ""
    assert (ChangeKind.REMOVED, "OPS-5", "Workstream") in found
    due = found[(ChangeKind.DATES, "OPS-3", "Planned due")]
    assert (due.old, due.new, due.days) == (date(2027, 4, 16), date(2027, 4, 23), 5)
    assert found[(ChangeKind.PROGRESS, "BNK-1", "Progress")].new == 70
    kinds = [c.kind for c in changes]
    assert kinds == sorted(kinds, key=lambda k: k.rank)  # listed in the sheet's order
    assert all(c.when is None for c in changes)  # no history given: nobody to name


def test_a_team_whose_code_changed_keeps_its_trend_and_its_work_is_not_listed_as_moved() -> None:
    before_plan = ledger_plan()
    before_plan.change("OPS-3", planned_start="2027-03-03", planned_due="2027-03-10")  # before BNK-3 ends
    before = state_of(before_plan)
    assert [(c.predecessor, c.successor) for c in before.conflicts] == [("BNK-3", "OPS-3")]
    after_plan = before_plan.recoded("Bank", "BKG")
    bank = after_plan.teams["Bank"]
    after_plan.change("OPS-1", team_id=bank.id, team_code=bank.code, team_name=bank.name)  # a real move
    after_plan.change("OPS-3", planned_start="2027-04-12", planned_due="2027-04-16")  # the conflict resolved
    del after_plan.items["BNK-6"]  # removed from the team
    after_plan.links = [link for link in after_plan.links if link.successor_key != "BNK-6"]
    after = state_of(after_plan)
    bkg = after.team("BKG")
    assert bkg is not None and before.same_team(bkg) == before.team("BAN")
    changes = compare(before, after, [], after_plan.analyse(AS_OF).working_days_between)
    moves = [(c.key, c.old, c.new, c.team_codes) for c in changes if c.field == "Team"]
    assert moves == [("OPS-1", "OPS", "BKG", ("BKG", "OPS"))]
    # The team's own report lists, under its new code, its removed work and its resolved conflict.
    found = {(c.kind, c.key): c.team_codes for c in changes}
    assert found[(ChangeKind.REMOVED, "BNK-6")] == ("BKG",)
    assert found[(ChangeKind.RESOLVED_CONFLICT, "BNK-3 → OPS-3")] == ("OPS", "BKG")


def test_a_state_kept_before_teams_had_ids_finds_its_teams_by_code() -> None:
    document = json.loads(zlib.decompress(to_json(state_of(ledger_plan()))))
    fields = document["fields"]
    for kind, name in (("TeamState", "id"), ("WorkstreamState", "team_id")):
        position = fields[kind].index(name)
        del fields[kind][position]
        rows = document["state"][fields["PlanState"].index("teams" if kind == "TeamState" else "workstreams")]
        for row in rows:
            del row[position]
    old = from_json(zlib.compress(json.dumps(document).encode()))
    assert all(team.id is None for team in old.teams)
    now = state_of(ledger_plan().recoded("Bank", "BKG"))
    ops, bkg = now.team("OPS"), now.team("BKG")
    assert ops is not None and bkg is not None
    assert old.same_team(ops) == old.team("OPS")
    assert old.same_team(bkg) is None  # nothing tells an old snapshot's BAN is BKG
