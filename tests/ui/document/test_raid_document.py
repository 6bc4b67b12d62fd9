"""The document's RAID log: every edit one undo step whose undo and redo match the service's
state each time, on a file and on a server; changes made elsewhere reach the window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from migrator.domain.raid import LinkRole, RaidItem, RaidStatus, RaidType
from migrator.services import MigrationService
from migrator.ui.document.plan_document import PlanDocument
from tests.conftest import AS_OF


@pytest.fixture
def ws(service: MigrationService) -> dict[str, int]:
    team = service.create_team("Banking", "BNK")
    return {
        "BNK-1": service.create_workstream("Ledger", team, planned_start=date(2027, 3, 1),
                                          planned_due=date(2027, 3, 31)),
        "BNK-2": service.create_workstream("Cards", team, planned_start=date(2027, 4, 1),
                                          planned_due=date(2027, 4, 16)),
    }  # fmt: skip


@pytest.fixture
def document(service: MigrationService, ws: dict[str, int], qtbot: Any) -> Iterator[PlanDocument]:
    doc = PlanDocument(service, as_of=AS_OF)
    qtbot.waitUntil(lambda: doc.analysis is not None)
    yield doc
    doc.close()


def _same(document: PlanDocument) -> dict[int, RaidItem]:
    """The log the window shows is the file's, item for item (versions included)."""
    stored = {item.id: item for item in document.service.raid.items()}
    assert document.raid_items() == stored
    return stored


def test_create_edit_and_delete_undo_and_redo(document: PlanDocument) -> None:
    heard: list[list[int]] = []
    document.raid_changed.connect(heard.append)
    risk = document.create_raid_item(RaidType.RISK, "Bureau capacity", probability=3, impact=4)
    assert risk is not None
    assert _same(document)[risk].key == "R-1" and heard[-1] == [risk]
    assert document.edit_raid_item(risk, {"impact": 5, "response": None})
    assert document.undo_stack.undoText() == "Change impact of R-1"  # an unchanged field is no change
    assert _same(document)[risk].score == 15
    assert document.delete_raid_items([risk])
    assert risk not in _same(document)
    stack = document.undo_stack
    stack.undo()  # the delete
    assert _same(document)[risk].impact == 5
    stack.undo()  # the edit
    assert _same(document)[risk].impact == 4
    stack.undo()  # the create
    assert _same(document) == {}
    stack.redo()
    stack.redo()
    stack.redo()
    assert risk not in _same(document)
    stack.undo()
    assert _same(document)[risk].key == "R-1"  # the same key back


def test_links_and_their_undo(document: PlanDocument, ws: dict[str, int]) -> None:
    decision = document.create_raid_item(RaidType.DECISION, "Business customers first?",
                                         needed_by=date(2027, 3, 8))  # fmt: skip
    assert decision is not None
    assert document.link_raid_item(decision, LinkRole.DECIDED_FOR, workstream_id=ws["BNK-2"])
    assert document.undo_stack.undoText() == "Link D-1 to BNK-2"
    item = _same(document)[decision]
    assert item.linked_workstreams() == (ws["BNK-2"],)
    assert [i.id for i, _link in document.raid_of_workstream(ws["BNK-2"])] == [decision]
    assert document.unlink_raid_item(item.links[0])
    assert _same(document)[decision].links == ()
    document.undo_stack.undo()
    assert _same(document)[decision].linked_workstreams() == (ws["BNK-2"],)
    document.undo_stack.undo()
    assert _same(document)[decision].links == ()
    document.undo_stack.redo()
    assert _same(document)[decision].linked_workstreams() == (ws["BNK-2"],)


def test_an_assumption_found_invalid_and_its_undo(document: PlanDocument, ws: dict[str, int]) -> None:
    assumption = document.create_raid_item(RaidType.ASSUMPTION, "The bank signs off by March")
    assert assumption is not None
    document.link_raid_item(assumption, LinkRole.ASSUMED_BY, workstream_id=ws["BNK-1"])
    issue = document.assumption_to_issue(assumption)
    assert issue is not None
    items = _same(document)
    assert items[issue].key == "I-1" and items[issue].raised_from_id == assumption
    assert items[assumption].status is RaidStatus.CLOSED
    document.undo_stack.undo()
    items = _same(document)
    assert issue not in items and items[assumption].status is RaidStatus.OPEN
    document.undo_stack.redo()
    items = _same(document)
    assert items[issue].key == "I-1" and items[assumption].status is RaidStatus.CLOSED
    assert items[issue].linked_workstreams() == (ws["BNK-1"],)


def test_a_refused_edit_is_said_and_changes_nothing(document: PlanDocument) -> None:
    heard: list[str] = []
    document.refused.connect(heard.append)
    risk = document.create_raid_item(RaidType.RISK, "Bureau capacity")
    assert risk is not None
    steps = document.undo_stack.count()
    assert not document.edit_raid_item(risk, {"status": RaidStatus.DECIDED})  # not a risk's status
    assert heard and document.undo_stack.count() == steps
    assert _same(document)[risk].status is RaidStatus.OPEN


def test_a_workstream_deleted_and_restored_takes_its_links_along(
    document: PlanDocument, ws: dict[str, int]
) -> None:
    risk = document.create_raid_item(RaidType.RISK, "Ledger vendor late")
    assert risk is not None
    document.link_raid_item(risk, LinkRole.THREATENS, workstream_id=ws["BNK-1"])
    assert document.delete_workstreams([ws["BNK-1"]])
    assert _same(document)[risk].links == ()
    document.undo_stack.undo()
    assert _same(document)[risk].linked_workstreams() == (ws["BNK-1"],)


def test_an_item_changed_elsewhere_reaches_the_window(document: PlanDocument, qtbot: Any) -> None:
    risk = document.create_raid_item(RaidType.RISK, "Bureau capacity")
    assert risk is not None
    with document.service.open_again() as other:
        other.raid.update(risk, {"title": "Bureau capacity in April"})
    notices: list[str] = []
    document.changed_elsewhere.connect(notices.append)
    with qtbot.waitSignal(document.raid_changed, timeout=15_000):
        document.look_for_changes_elsewhere()
    assert document.raid_item(risk).title == "Bureau capacity in April"  # type: ignore[union-attr]
    assert notices and notices[-1].endswith("changed R-1 in the RAID log")


def test_undo_is_refused_when_someone_else_changed_the_field_since(
    document: PlanDocument, qtbot: Any
) -> None:
    heard: list[str] = []
    document.refused.connect(heard.append)
    risk = document.create_raid_item(RaidType.RISK, "Bureau capacity")
    assert risk is not None
    assert document.edit_raid_item(risk, {"title": "Bureau capacity in April"})
    with document.service.open_again() as other:
        other.raid.update(risk, {"title": "Bureau capacity in May"})
    document.look_for_changes_elsewhere()
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(heard))
    assert _same(document)[risk].title == "Bureau capacity in May"  # their change is kept


def test_the_log_keeps_the_order_it_is_read_in_after_edits_risks_first_r_2_before_r_10(
    document: PlanDocument, service: MigrationService
) -> None:
    for n in range(10):
        document.create_raid_item(RaidType.RISK, f"Risk {n + 1}", probability=2, impact=2)
    document.create_raid_item(RaidType.DECISION, "Which bureau", needed_by=date(2027, 3, 15))
    document.create_raid_item(RaidType.ASSUMPTION, "Bureau keeps its slot", validate_by=date(2027, 3, 10))
    document.create_raid_item(RaidType.ISSUE, "Print run late", severity="high")
    expected = ["R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-7", "R-8", "R-9", "R-10", "A-1", "I-1", "D-1"]
    assert [item.key for item in document.raid_items().values()] == expected
    read_again = PlanDocument(service, as_of=AS_OF)  # another window, the plan as read
    assert [item.key for item in read_again.raid_items().values()] == expected
    read_again.close()
