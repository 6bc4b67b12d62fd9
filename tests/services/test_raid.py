"""The RAID log: items of four types with their keys, checks, links, history and undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from migrator.domain.errors import ConcurrentEditError, NotFoundError, ValidationError
from migrator.domain.model import Health
from migrator.domain.raid import LinkRole, RaidStatus, RaidType, Response, RiskBands
from migrator.services import MigrationService


@dataclass(frozen=True)
class Plan:
    bank: int
    ana: int
    contract: int  # BNK-1
    cutover: int  # BNK-2
    link: int  # BNK-1 → BNK-2


@pytest.fixture
def plan(service: MigrationService) -> Plan:
    bank = service.create_team("Banking", "BNK")
    ana = service.create_person("Ana Ruiz", team_id=bank)
    contract = service.create_workstream("Issuer contract", bank)
    cutover = service.create_workstream("Cutover", bank)
    link = service.add_dependency(contract, cutover)
    return Plan(bank, ana, contract, cutover, link)


def _raid_history(
    service: MigrationService, item_id: int
) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(h.action, h.field, h.old_value, h.new_value) for h in reversed(service.history("raid", item_id))]


def test_each_type_hands_out_its_own_keys_and_never_reuses_one(service: MigrationService) -> None:
    first = service.raid.create("risk", "Bank sign-off comes late")
    service.raid.create(RaidType.DECISION, "Migrate business customers first?")
    second = service.raid.create("risk", "Bureau capacity")
    service.raid.delete_many([second])
    third = service.raid.create("r", "Card stock")
    assert [i.key for i in service.raid.items()] == ["R-1", "R-3", "D-1"]
    assert service.raid.item(third).key == "R-3"
    assert service.raid.item(first).status is RaidStatus.OPEN
    assert service.raid.item_by_key(" r-3 ").id == third
    with pytest.raises(NotFoundError, match="There is no RAID item R-2"):
        service.raid.item_by_key("R-2")


def test_a_risk_keeps_its_fields_and_is_scored_by_the_migrations_bands(
    service: MigrationService, plan: Plan
) -> None:
    risk = service.raid.create(
        "risk", "Bank sign-off comes late", owner_id=plan.ana, team_id=plan.bank,
        cause="Bank legal is short-staffed", event="Sign-off after 15 Mar", effect="Cutover slips",
        probability=3, impact=5, proximity=date(2027, 3, 15), response="reduce",
        actions="Weekly call with bank legal", actions_due=date(2027, 3, 8), review_date=date(2027, 3, 5),
    )  # fmt: skip
    item = service.raid.item(risk)
    assert (item.key, item.owner_name, item.team_code, item.response) == (
        "R-1",
        "Ana Ruiz",
        "BNK",
        Response.REDUCE,
    )
    assert (item.score, item.created, item.updated) == (15, date(2027, 3, 1), date(2027, 3, 1))
    assert service.migration().risk_bands == RiskBands(8, 15)
    assert item.score is not None and service.migration().risk_bands.band(item.score) is Health.RED

    service.update_migration({"risk_bands": RiskBands(amber_score=10, red_score=20)})
    assert service.migration().risk_bands.band(15) is Health.AMBER
    assert [(h.field, h.old_value, h.new_value) for h in service.history("migration", 1)[:2]] == [
        ("risk_red_score", "15", "20"),
        ("risk_amber_score", "8", "10"),
    ]
    with pytest.raises(ValidationError, match="red 9 is not above amber 10"):
        service.update_migration({"risk_bands": RiskBands(amber_score=10, red_score=9)})
    with pytest.raises(ValidationError, match="from 1 to 25, not 30"):
        service.update_migration({"risk_bands": RiskBands(amber_score=10, red_score=30)})
    assert service.migration().risk_bands == RiskBands(10, 20)


def test_every_change_is_recorded_under_the_items_key(service: MigrationService, plan: Plan) -> None:
    risk = service.raid.create("risk", "Bank sign-off comes late", probability=2, impact=4)
    changed = service.raid.update(risk, {"probability": 4, "owner_id": plan.ana, "response": Response.ACCEPT})
    assert sorted(changed) == ["owner_id", "probability", "response"]
    assert service.raid.update(risk, {"probability": 4}) == []  # nothing moved: nothing recorded
    assert _raid_history(service, risk) == [
        ("created", None, None, "Bank sign-off comes late"),
        ("changed", "owner", None, "Ana Ruiz"),
        ("changed", "probability", "2", "4"),
        ("changed", "response", None, "accept"),
    ]
    assert {h.entity_label for h in service.history("raid", risk)} == {"R-1"}
    assert service.raid.item(risk).version == 2


@pytest.mark.parametrize(
    ("type", "fields", "message"),
    [
        ("risk", {"probability": 7}, r"R-1: probability must be a whole number from 1 to 5, not 7\."),
        ("risk", {"impact": 0}, r"R-1: impact must be a whole number from 1 to 5, not 0\."),
        ("risk", {"probability": True}, r"probability must be a whole number from 1 to 5, not True"),
        ("risk", {"status": "decided"}, r"R-1: a risk cannot be decided; it is open, closed\."),
        (
            "decision",
            {"status": "closed"},
            r"D-1: a decision cannot be closed; it is open, decided, deferred, superseded",
        ),
        ("risk", {"needed_by": date(2027, 4, 1)}, r"R-1: a risk has no needed by\."),
        ("risk", {"colour": "red"}, r"R-1: a RAID item has no field\(s\) colour\."),
        ("risk", {"proximity": date(3027, 4, 1)}, r"R-1: proximity 3027-04-01 looks like a typo"),
        (
            "decision",
            {"decided_on": date(2027, 3, 2)},
            r"D-1: decided on 2027-03-02 is after today \(2027-03-01\)",
        ),
        (
            "risk",
            {"response": "ignore"},
            r"R-1: response 'ignore' is not one of avoid, reduce, transfer, accept, fallback",
        ),
        ("issue", {"priority": 5}, r"I-1: priority must be a whole number from 1 to 4, not 5"),
        ("risk", {"title": " "}, r"R-1: title cannot be empty"),
        ("risk", {"title": "x" * 201}, r"R-1: title is longer than 200 characters"),
        ("risk", {"owner_id": 999}, r"R-1: the owner \(person id 999\) is not in the plan"),
        ("risk", {"team_id": 999}, r"R-1: the team \(id 999\) is not in the plan"),
        ("risk", {"proximity": "2027-04-01"}, r"R-1: proximity cannot be '2027-04-01': it is a date"),
    ],
)
def test_a_bad_edit_is_refused_naming_the_field_and_changes_nothing(
    service: MigrationService, type: str, fields: dict[str, object], message: str
) -> None:
    item = service.raid.create(type, "Something to watch")
    before, last = service.raid.items(), service.last_history_id()
    with pytest.raises(ValidationError, match=message):
        service.raid.update(item, fields)
    assert (service.raid.items(), service.last_history_id()) == (before, last)


def test_a_bad_new_item_is_refused_and_uses_up_no_key(service: MigrationService) -> None:
    with pytest.raises(ValidationError, match="R-1: probability must be a whole number from 1 to 5, not 7"):
        service.raid.create("risk", "Bank sign-off comes late", probability=7)
    with pytest.raises(ValidationError, match="'hazard' is not a RAID type"):
        service.raid.create("hazard", "Bank sign-off comes late")
    assert service.raid.items() == []
    assert service.raid.item(service.raid.create("risk", "Bank sign-off comes late")).key == "R-1"


def test_a_decision_decided_gets_todays_date_unless_given(service: MigrationService) -> None:
    decision = service.raid.create(
        "decision", "Business customers first?", question="Migrate business customers first?",
        needed_by=date(2027, 3, 12), decider="Steering committee",
    )  # fmt: skip
    service.raid.update(decision, {"status": "decided", "outcome": "Retail first", "rationale": "Lower risk"})
    item = service.raid.item(decision)
    assert (item.status, item.decided_on, item.outcome) == (
        RaidStatus.DECIDED,
        date(2027, 3, 1),
        "Retail first",
    )
    other = service.raid.create("decision", "Card design", status="decided", decided_on=date(2027, 2, 20))
    assert service.raid.item(other).decided_on == date(2027, 2, 20)


def test_an_edit_from_an_old_view_is_refused(service: MigrationService) -> None:
    risk = service.raid.create("risk", "Bank sign-off comes late")
    service.raid.update(risk, {"probability": 3}, expected_version=1)
    with pytest.raises(ConcurrentEditError, match="R-1 was changed"):
        service.raid.update(risk, {"probability": 4}, expected_version=1)
    assert service.raid.item(risk).probability == 3


def test_links_to_workstreams_and_dependencies_are_labelled_and_recorded(
    service: MigrationService, plan: Plan
) -> None:
    risk = service.raid.create("risk", "Bank sign-off comes late")
    on_work = service.raid.link(risk, "threatens", workstream_id=plan.contract)
    on_link = service.raid.link(risk, LinkRole.BLOCKS, dependency_id=plan.link)
    item = service.raid.item(risk)
    assert [(link.id, link.role, link.label) for link in item.links] == [
        (on_work, LinkRole.THREATENS, "BNK-1"),
        (on_link, LinkRole.BLOCKS, "BNK-1 → BNK-2"),
    ]
    assert item.linked_workstreams() == (plan.contract,)
    with pytest.raises(ValidationError, match="R-1 is already linked to BNK-1"):
        service.raid.link(risk, "blocks", workstream_id=plan.contract)
    with pytest.raises(ValidationError, match="'gates' is not a link role"):
        service.raid.link(risk, "gates", workstream_id=plan.cutover)
    with pytest.raises(ValidationError, match="one workstream or one dependency"):
        service.raid.link(risk, "threatens", workstream_id=plan.cutover, dependency_id=plan.link)

    removed = service.raid.unlink(on_work)
    assert [link.label for link in service.raid.item(risk).links] == ["BNK-1 → BNK-2"]
    service.raid.relink(removed)
    assert [link.id for link in service.raid.item(risk).links] == [on_work, on_link]
    assert _raid_history(service, risk)[1:] == [
        ("linked", "link", None, "threatens BNK-1"),
        ("linked", "link", None, "blocks BNK-1 → BNK-2"),
        ("unlinked", "link", "threatens BNK-1", None),
        ("linked", "link", None, "threatens BNK-1"),
    ]


def test_a_link_to_a_deleted_workstream_is_refused_and_changes_nothing(
    service: MigrationService, plan: Plan
) -> None:
    risk = service.raid.create("risk", "Bank sign-off comes late")
    service.delete_workstream(plan.cutover)
    last = service.last_history_id()
    with pytest.raises(NotFoundError, match=f"There is no workstream with id {plan.cutover}"):
        service.raid.link(risk, "threatens", workstream_id=plan.cutover)
    with pytest.raises(NotFoundError, match=f"There is no dependency with id {plan.link}"):
        service.raid.link(risk, "threatens", dependency_id=plan.link)
    assert service.raid.item(risk).links == ()
    assert service.last_history_id() == last


def test_deleting_a_workstream_removes_its_raid_links_and_undo_brings_them_back(
    service: MigrationService, plan: Plan
) -> None:
    risk = service.raid.create("risk", "Bank sign-off comes late")
    decision = service.raid.create("decision", "Business customers first?")
    service.raid.link(risk, "threatens", workstream_id=plan.contract)
    service.raid.link(risk, "threatens", workstream_id=plan.cutover)
    service.raid.link(decision, "blocks", dependency_id=plan.link)  # goes with BNK-1's link
    before = {item.key: item.links for item in service.raid.items()}

    deleted = service.delete_workstream(plan.contract)
    assert [(link.item_id, link.label) for link in deleted.raid_links] == [
        (risk, "BNK-1"),
        (decision, "BNK-1 → BNK-2"),
    ]
    assert [link.label for link in service.raid.item(risk).links] == ["BNK-2"]
    assert service.raid.item(decision).links == ()
    assert service.history("raid", decision)[0].comment == "its workstream was deleted"

    service.restore_workstream(deleted)
    assert {item.key: item.links for item in service.raid.items()} == before
    assert (service.history("raid", risk)[0].action, service.history("raid", risk)[0].comment) == (
        "linked",
        "its workstream came back",
    )


def test_removing_a_dependency_removes_its_raid_links_and_undo_brings_them_back(
    service: MigrationService, plan: Plan
) -> None:
    issue = service.raid.create("issue", "Test cards not delivered", severity="high", priority=1)
    service.raid.link(issue, "blocks", dependency_id=plan.link)
    before = service.raid.item(issue).links
    assert service.raid.links(dependency_ids=[plan.link]) == list(before)

    link = service.remove_dependency(plan.link)
    assert service.raid.item(issue).links == ()
    service.restore_dependency(link)
    assert service.raid.item(issue).links == before


def test_deleted_items_come_back_with_their_ids_keys_and_links(service: MigrationService, plan: Plan) -> None:
    risk = service.raid.create("risk", "Bank sign-off comes late", owner_id=plan.ana, probability=4, impact=4)
    assumption = service.raid.create(
        "assumption", "Bureau prints 50,000 cards a week", validate_by=date(2027, 3, 20)
    )
    service.raid.link(risk, "threatens", workstream_id=plan.contract)
    service.raid.link(assumption, "assumed by", workstream_id=plan.cutover)
    before = service.raid.items()

    deleted = service.raid.delete_many([risk, assumption])
    assert service.raid.items() == []
    assert service.raid.links(workstream_ids=[plan.contract, plan.cutover]) == []
    assert [h.action for h in service.history("raid", risk)[:2]] == ["deleted", "unlinked"]

    service.raid.restore_many(deleted)
    assert service.raid.items() == before
    assert service.history("raid", risk)[0].action == "linked"
    assert service.raid.item(service.raid.create("risk", "Another")).key == "R-2"
    with pytest.raises(ValidationError, match="R-1 already exists"):
        service.raid.restore_many(deleted)


def test_an_assumption_found_invalid_becomes_an_issue_in_one_step_keeping_its_links(
    service: MigrationService, plan: Plan
) -> None:
    assumption = service.raid.create(
        "assumption", "Bureau prints 50,000 cards a week", description="Per the bureau's offer",
        owner_id=plan.ana, team_id=plan.bank, validation="Trial run in February",
    )  # fmt: skip
    service.raid.link(assumption, "assumed by", workstream_id=plan.cutover)
    service.raid.link(assumption, "blocks", dependency_id=plan.link)
    last = service.last_history_id()

    issue_id = service.raid.assumption_to_issue(assumption)
    issue, closed = service.raid.item(issue_id), service.raid.item(assumption)
    assert (issue.key, issue.type, issue.status, issue.raised_from_id) == (
        "I-1",
        RaidType.ISSUE,
        RaidStatus.OPEN,
        assumption,
    )
    assert (issue.title, issue.description, issue.owner_name, issue.team_code) == (
        "Bureau prints 50,000 cards a week", "Per the bureau's offer", "Ana Ruiz", "BNK",
    )  # fmt: skip
    assert [(link.role, link.label) for link in issue.links] == [
        (LinkRole.THREATENS, "BNK-2"),
        (LinkRole.BLOCKS, "BNK-1 → BNK-2"),
    ]
    assert closed.status is RaidStatus.CLOSED and len(closed.links) == 2
    changes = service.history_since(last)
    assert len({entry.change_id for entry in changes}) == 1  # one action
    assert [(e.entity_label, e.action, e.field, e.new_value) for e in changes if e.field != "link"] == [
        ("I-1", "created", None, "Bureau prints 50,000 cards a week"),
        ("A-1", "changed", "status", "closed"),
    ]
    assert service.history("raid", assumption)[0].comment == "A-1 found invalid: raised as I-1"

    with pytest.raises(ValidationError, match="A-1 is closed already"):
        service.raid.assumption_to_issue(assumption)
    risk = service.raid.create("risk", "Bank sign-off comes late")
    with pytest.raises(ValidationError, match="R-1 is a risk, not an assumption"):
        service.raid.assumption_to_issue(risk)


def test_the_plan_read_and_the_analysed_plan_carry_the_raid_log(
    service: MigrationService, plan: Plan
) -> None:
    service.raid.create("decision", "Business customers first?", needed_by=date(2027, 3, 12))
    risk = service.raid.create("risk", "Bank sign-off comes late", probability=4, impact=4)
    service.raid.link(risk, "threatens", workstream_id=plan.contract)
    assert [item.key for item in service.read_plan().raid] == ["R-1", "D-1"]
    analysed = service.analyse_plan()
    assert [(item.key, item.linked_workstreams()) for item in analysed.raid] == [
        ("R-1", (plan.contract,)),
        ("D-1", ()),
    ]


def test_people_and_teams_removed_leave_the_items_without_owner_or_team(
    service: MigrationService, plan: Plan
) -> None:
    support = service.create_team("Support", "SUP")
    lee = service.create_person("Lee Chan", team_id=support)
    risk = service.raid.create("risk", "Call volumes", owner_id=lee, team_id=support)
    service.delete_person(lee)
    service.delete_team(support)
    item = service.raid.item(risk)
    assert (item.owner_id, item.owner_name, item.team_id, item.team_code) == (None, None, None, None)
