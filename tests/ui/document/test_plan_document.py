"""The plan document: every edit is one undo step that puts the file and the plan in memory back."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest

from migrator.analysis import analyse
from migrator.domain.model import DependencyType, Health, HealthThresholds, Status
from migrator.services import MigrationService
from migrator.store import plan_images as plan_image
from migrator.ui.document import plan_document
from migrator.ui.document.plan_document import Plan, PlanDocument
from tests.conftest import AS_OF

T = TypeVar("T")
# Where the window says it read the plan again, on each engine.
IN_PLACE = {"file": "in the file", "server": "on the server"}
FROM_PLACE = {"file": "file", "server": "server"}


@dataclasses.dataclass
class Ids:
    bnk: int
    ops: int
    ann: int
    bob: int
    ws: dict[str, int]  # by key


@pytest.fixture
def ids(service: MigrationService) -> Ids:
    """BNK-1 → BNK-2 → (SS+2) BNK-3 → OPS-2 (the go-live milestone) ← OPS-1; Ann leads Banking."""
    bnk, ops = service.create_team("Banking", "BNK"), service.create_team("Card Operations", "OPS")
    ann = service.create_person("Ann Smith", "ann@example.com", bnk)
    bob = service.create_person("Bob Jones", None, ops)
    service.update_team(bnk, {"lead_id": ann})
    make = service.create_workstream
    ws = {
        "BNK-1": make("Ledger", bnk, owner_id=ann, status=Status.IN_PROGRESS, progress=40,
                      planned_start=date(2027, 2, 1), planned_due=date(2027, 3, 31)),
        "BNK-2": make("Cards", bnk, owner_id=ann,
                      planned_start=date(2027, 4, 1), planned_due=date(2027, 4, 16)),
        "BNK-3": make("Branches", bnk, planned_start=date(2027, 4, 12), planned_due=date(2027, 4, 30)),
        "OPS-1": make("Card stock", ops, owner_id=bob,
                      planned_start=date(2027, 3, 8), planned_due=date(2027, 4, 2)),
        "OPS-2": make("Go live", ops, is_milestone=True, planned_due=date(2027, 6, 1)),
    }  # fmt: skip
    service.update_migration({"go_live_milestone_id": ws["OPS-2"]})
    service.add_dependency(ws["BNK-1"], ws["BNK-2"])
    service.add_dependency(ws["BNK-2"], ws["BNK-3"], DependencyType.SS, 2)
    service.add_dependency(ws["BNK-3"], ws["OPS-2"])
    service.add_dependency(ws["OPS-1"], ws["OPS-2"], note="stock before launch")
    return Ids(bnk, ops, ann, bob, ws)


@pytest.fixture
def document(service: MigrationService, ids: Ids, qtbot: Any) -> Iterator[PlanDocument]:
    doc = PlanDocument(service)
    qtbot.waitUntil(lambda: doc.analysis is not None)
    yield doc
    doc.close()


@pytest.fixture
def refusals(document: PlanDocument) -> list[str]:
    heard: list[str] = []
    document.refused.connect(heard.append)
    return heard


def _plain(items: Any) -> dict[int, Any]:
    return {item.id: dataclasses.replace(item, version=0) for item in items}


def service_state(service: MigrationService) -> dict[str, Any]:
    """The plan as the file holds it, without the version counters that every write moves."""
    return {
        "migration": dataclasses.replace(service.migration(), version=0),
        "teams": _plain(service.teams()),
        "people": _plain(service.people()),
        "workstreams": _plain(service.workstreams()),
        "dependencies": _plain(service.dependencies()),
    }


def document_state(plan: Plan) -> dict[str, Any]:
    """The same, as the document holds it in memory."""
    return {
        "migration": dataclasses.replace(plan.migration, version=0),
        "teams": _plain(plan.teams),
        "people": _plain(plan.people),
        "workstreams": _plain(plan.workstreams.values()),
        "dependencies": _plain(plan.dependencies.values()),
    }


def assert_plan_is(document: PlanDocument, expected: dict[str, Any]) -> None:
    assert service_state(document.service) == expected
    assert document_state(document.plan) == expected


def undoable(document: PlanDocument, refusals: list[str], edit: Callable[[], T]) -> T:
    """Do ``edit``: one step on the stack; undo puts the plan back as before, redo as after."""
    before = service_state(document.service)
    assert document_state(document.plan) == before
    steps = document.undo_stack.count()
    result = edit()
    assert result
    after = service_state(document.service)
    assert after != before
    assert document_state(document.plan) == after
    assert document.undo_stack.count() == steps + 1

    document.undo_stack.undo()
    assert_plan_is(document, before)
    document.undo_stack.redo()
    assert_plan_is(document, after)
    assert refusals == []
    return result


# ---------------------------------------------------------------- workstreams


def test_a_field_edit_is_undone_and_redone(document: PlanDocument, ids: Ids, refusals: list[str]) -> None:
    cards = ids.ws["BNK-2"]
    undoable(
        document, refusals,
        lambda: document.edit_workstreams(
            {cards: {"title": "Debit cards", "planned_due": date(2027, 4, 23)}}, "Edit BNK-2"
        ),
    )  # fmt: skip
    edited = document.service.workstream(cards)
    assert (edited.title, edited.planned_due) == ("Debit cards", date(2027, 4, 23))
    assert document.undo_stack.undoText() == "Edit BNK-2"


def test_undoing_a_status_move_clears_the_actual_dates_it_filled(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    cards = ids.ws["BNK-2"]
    undoable(document, refusals, lambda: document.edit_workstreams({cards: {"status": Status.DONE}}, "Done"))
    done = document.service.workstream(cards)
    assert (done.status, done.actual_start, done.actual_finish, done.progress) == (
        Status.DONE,
        AS_OF,
        AS_OF,
        100,
    )
    document.undo_stack.undo()
    undone = document.service.workstream(cards)
    assert (undone.status, undone.actual_start, undone.actual_finish, undone.progress) == (
        Status.NOT_STARTED, None, None, 0,
    )  # fmt: skip


def test_a_bulk_edit_of_three_workstreams_is_one_step(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    chosen = [ids.ws["BNK-2"], ids.ws["BNK-3"], ids.ws["OPS-1"]]
    changes = {i: {"owner_id": ids.bob, "health_override": Health.AMBER,
                   "health_override_reason": "Vendor late"} for i in chosen}  # fmt: skip
    undoable(document, refusals, lambda: document.edit_workstreams(changes, "Set owner of 3 workstreams"))
    assert {w.owner_name for w in document.service.workstreams_by_id(chosen)} == {"Bob Jones"}
    assert document.undo_stack.count() == 1


def test_a_bulk_edit_with_one_bad_change_is_refused_and_changes_nothing(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    before = service_state(document.service)
    changes = {ids.ws["BNK-1"]: {"progress": 60}, ids.ws["BNK-2"]: {"planned_due": date(2027, 3, 1)}}
    assert not document.edit_workstreams(changes, "Move dates")
    assert refusals == ["BNK-2: due date 2027-03-01 is before start date 2027-04-01."]
    assert_plan_is(document, before)
    assert document.undo_stack.count() == 0


def test_a_new_workstream_comes_back_on_redo_with_the_same_id_and_key(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    new = undoable(
        document, refusals,
        lambda: document.create_workstream(ids.bnk, "Settlement", planned_start=date(2027, 5, 3),
                                           planned_due=date(2027, 5, 14)),
    )  # fmt: skip
    assert new is not None and document.plan.workstreams[new].key == "BNK-4"
    assert document.undo_stack.undoText() == "Add BNK-4"


def test_deleted_workstreams_come_back_with_their_links(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    # The link between them and links to the rest of the plan on both sides.
    undoable(document, refusals, lambda: document.delete_workstreams([ids.ws["BNK-2"], ids.ws["BNK-3"]]))
    assert set(document.plan.workstreams) == {ids.ws["BNK-1"], ids.ws["OPS-1"], ids.ws["OPS-2"]}
    assert document.undo_stack.undoText() == "Delete 2 workstreams"
    document.undo_stack.undo()
    assert [(d.predecessor_key, d.successor_key) for d in document.service.dependencies()] == [
        ("BNK-1", "BNK-2"), ("BNK-2", "BNK-3"), ("BNK-3", "OPS-2"), ("OPS-1", "OPS-2"),
    ]  # fmt: skip


# ---------------------------------------------------------------- dependencies


def test_an_added_link_is_undone_and_comes_back_with_its_id(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    undoable(
        document, refusals,
        lambda: document.add_dependency(ids.ws["BNK-1"], ids.ws["OPS-1"], DependencyType.SS, 1, "same week"),
    )  # fmt: skip
    (link,) = [d for d in document.service.dependencies() if d.successor_key == "OPS-1"]
    assert (link.predecessor_key, link.type, link.lag, link.note) == (
        "BNK-1",
        DependencyType.SS,
        1,
        "same week",
    )
    assert document.undo_stack.undoText() == "Link BNK-1 → OPS-1"


def test_a_changed_link_is_undone_and_redone(document: PlanDocument, ids: Ids, refusals: list[str]) -> None:
    link = next(d for d in document.plan.dependencies.values() if d.successor_key == "BNK-3")
    undoable(
        document, refusals,
        lambda: document.edit_dependency(link.id, type=DependencyType.FF, lag=-2, note="finish together"),
    )  # fmt: skip
    changed = document.service.dependency(link.id)
    assert (changed.type, changed.lag, changed.note) == (DependencyType.FF, -2, "finish together")


def test_saving_a_link_unchanged_is_not_an_undo_step(document: PlanDocument) -> None:
    link = next(d for d in document.plan.dependencies.values() if d.successor_key == "BNK-3")
    assert document.edit_dependency(link.id, type=link.type, lag=link.lag, note=link.note)
    assert document.undo_stack.count() == 0
    assert document.service.dependency(link.id).version == link.version


def test_a_removed_link_comes_back(document: PlanDocument, ids: Ids, refusals: list[str]) -> None:
    link = next(d for d in document.plan.dependencies.values() if d.note == "stock before launch")
    undoable(document, refusals, lambda: document.remove_dependency(link.id))
    assert link.id not in {d.id for d in document.service.dependencies()}
    document.undo_stack.undo()
    assert document.plan.dependencies[link.id].note == "stock before launch"


def test_a_link_closing_a_loop_is_refused_naming_the_loop(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    before = service_state(document.service)
    assert not document.add_dependency(ids.ws["OPS-2"], ids.ws["BNK-1"])
    assert refusals == ["This dependency would close a loop: OPS-2 → BNK-1 → BNK-2 → BNK-3 → OPS-2"]
    assert_plan_is(document, before)
    assert document.undo_stack.count() == 0


# ---------------------------------------------------------------- wide edits (plan images)


def test_removing_a_team_that_hands_its_work_to_another_is_undone(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    undoable(document, refusals, lambda: document.delete_team(ids.ops, move_workstreams_to=ids.bnk))
    service = document.service
    assert [t.code for t in service.teams()] == ["BNK"]
    assert {w.team_code for w in service.workstreams()} == {"BNK"}
    assert next(p for p in service.people() if p.id == ids.bob).team_id is None
    document.undo_stack.undo()
    assert document.service.workstream(ids.ws["OPS-1"]).team_name == "Card Operations"


def test_removing_a_lead_and_owner_is_undone(document: PlanDocument, ids: Ids, refusals: list[str]) -> None:
    undoable(document, refusals, lambda: document.delete_person(ids.ann))
    assert document.service.team(ids.bnk).lead_id is None
    document.undo_stack.undo()
    assert document.service.team(ids.bnk).lead_name == "Ann Smith"
    assert document.service.workstream(ids.ws["BNK-1"]).owner_name == "Ann Smith"


@pytest.mark.parametrize(
    "edit",
    [
        lambda doc, ids: doc.create_team("Payments", "PAY", "#336699"),
        lambda doc, ids: doc.update_team(ids.ops, {"name": "Operations", "code": "OPR", "lead_id": ids.bob}),
        lambda doc, ids: doc.create_person("Cara Diaz", "cara@example.com", ids.ops),
        lambda doc, ids: doc.update_person(ids.bob, {"name": "Robert Jones", "team_id": ids.bnk}),
    ],
    ids=["create team", "change team", "create person", "change person"],
)
def test_team_and_people_edits_are_undone_and_redone(
    document: PlanDocument, ids: Ids, refusals: list[str], edit: Callable[[PlanDocument, Ids], Any]
) -> None:
    undoable(document, refusals, lambda: edit(document, ids))


def test_a_renamed_team_takes_its_work_to_its_new_place_in_plan_order(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    def order_in_file() -> list[int]:
        return [w.id for w in document.service.workstreams()]

    before = order_in_file()
    undoable(document, refusals, lambda: document.update_team(ids.bnk, {"name": "Zeta Banking"}))
    assert order_in_file() != before and list(document.plan.workstreams) == order_in_file()
    document.undo_stack.undo()
    assert list(document.plan.workstreams) == order_in_file() == before


def test_an_import_is_undone_and_redone(
    document: PlanDocument, ids: Ids, refusals: list[str], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Key,Team,Workstream,Owner,Start,Due,Depends on\n"
        "BNK-3,Banking,Branches,Bob Jones,2027-04-12,2027-05-14,BNK-1\n"
        ",Payments,Settlement account,Cara Diaz,2027-04-01,2027-04-30,BNK-3\n",
        encoding="utf-8",
    )
    report = undoable(document, refusals, lambda: document.import_plan(plan))
    assert report is not None
    assert (report.teams_created, report.people_created, report.workstreams_created) == (
        ["Payments"], ["Cara Diaz"], ["PAY-1"],
    )  # fmt: skip
    assert report.dependencies_removed == ["BNK-2 → BNK-3 SS+2"]
    assert document.undo_stack.undoText() == "Import plan.csv"
    document.undo_stack.undo()
    assert "PAY-1" not in {w.key for w in document.plan.workstreams.values()}


# Undo reads the rows it restores by id, or the whole table when it restores many: both ways.
@pytest.mark.parametrize("whole_table", [plan_image._WHOLE_TABLE, 2])
def test_a_baseline_is_undone_and_redone_but_its_snapshot_is_kept(
    document: PlanDocument, ids: Ids, refusals: list[str], monkeypatch: pytest.MonkeyPatch, whole_table: int
) -> None:
    monkeypatch.setattr(plan_image, "_WHOLE_TABLE", whole_table)
    result = undoable(document, refusals, document.take_baseline)
    assert result is not None and result.changed == 5
    taken = (date(2027, 2, 1), date(2027, 3, 31))
    ledger = document.service.workstream(ids.ws["BNK-1"])
    assert (ledger.baseline_start, ledger.baseline_due) == taken
    document.undo_stack.undo()
    assert document.service.workstream(ids.ws["BNK-1"]).baseline_due is None
    assert document.plan.workstreams[ids.ws["BNK-1"]].baseline_due is None
    assert [s.id for s in document.service.snapshots()] == [result.snapshot.id]
    document.undo_stack.redo()
    again = document.service.workstream(ids.ws["BNK-1"])
    assert (again.baseline_start, again.baseline_due) == taken
    assert document.plan.workstreams[ids.ws["BNK-1"]] == again
    assert [e.comment for e in document.service.history_since(0) if e.field == "baseline_due"][-1] == (
        "Redo: Take baseline"
    )


def test_migration_settings_and_calendar_are_one_step(
    document: PlanDocument, ids: Ids, refusals: list[str]
) -> None:
    changes = {
        "name": "Debit for everyone",
        "target_go_live": date(2027, 7, 30),
        "working_weekdays": frozenset({0, 1, 2, 3}),
        "health_thresholds": HealthThresholds(red_slip_days=3),
    }
    holidays = {date(2027, 3, 26): "Good Friday", date(2027, 3, 29): "Easter Monday"}
    undoable(document, refusals, lambda: document.update_migration(changes, holidays))
    migration = document.service.migration()
    assert (migration.name, migration.health_thresholds.red_slip_days) == ("Debit for everyone", 3)
    assert document.service.non_working_days() == holidays
    document.undo_stack.undo()
    assert document.service.non_working_days() == {}
    assert document.undo_stack.count() == 1


# ---------------------------------------------------------------- analysis


def test_the_analysis_follows_an_edit(document: PlanDocument, ids: Ids, qtbot: Any) -> None:
    branches = ids.ws["BNK-3"]
    assert document.analysis is not None
    earlier = document.analysis.workstreams[branches].forecast_finish
    with qtbot.waitSignal(document.analysed):
        document.edit_workstreams({branches: {"planned_due": date(2027, 5, 14)}}, "Move BNK-3")
    fresh = document.service.analyse(AS_OF).workstreams[branches].forecast_finish
    assert document.analysis.workstreams[branches].forecast_finish == fresh != earlier


def test_an_older_analysis_is_dropped_when_a_newer_one_was_asked_for(
    document: PlanDocument, ids: Ids, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    sizes: list[int] = []

    def held_back_once(*plan: Any) -> Any:
        sizes.append(len(plan[2]))
        if len(sizes) == 1:
            gate.wait(timeout=30)  # the first edit's analysis ends only after the second edit
        return analyse(*plan)

    monkeypatch.setattr(plan_document, "analyse", held_back_once)
    heard: list[Any] = []
    document.analysed.connect(lambda: heard.append(document.analysis))
    document.edit_workstreams({ids.ws["BNK-3"]: {"title": "Branch roll-out"}}, "Rename BNK-3")
    new = document.create_workstream(ids.bnk, "Settlement")
    with qtbot.waitSignal(document.analysed):
        gate.set()
    assert sizes == [5, 6]
    assert len(heard) == 1 and heard[0] is document.analysis
    assert document.analysis is not None and new in document.analysis.workstreams


# ---------------------------------------------------------------- undo that can no longer be done


def test_an_undo_made_impossible_underneath_is_refused_and_the_plan_reloaded(
    document: PlanDocument, qtbot: Any, engine: str
) -> None:
    service = document.service
    temporary = service.create_team("Pop-up shop", "POP")
    lone = service.create_workstream("Pop-up card desk", temporary)
    document.reload()
    assert document.delete_workstreams([lone])
    service.delete_team(temporary)  # not through the document: its undo cannot know

    with qtbot.waitSignal(document.refused) as refused, qtbot.waitSignal(document.reloaded):
        document.undo_stack.undo()
    assert refused.args == [
        "POP-1 cannot come back: its team Pop-up shop was removed. "
        f"The plan was reloaded as it is {IN_PLACE[engine]}; the undo history starts again here."
    ]
    assert document_state(document.plan) == service_state(service)
    assert "POP" not in {t.code for t in document.plan.teams}
    # Nothing builds on the step that did not happen: no redo of it, no undo past it.
    qtbot.waitUntil(lambda: document.undo_stack.count() == 0)
    assert not document.undo_stack.canRedo() and not document.undo_stack.canUndo()


# ---------------------------------------------------------------- found in review


def test_undoing_a_status_move_keeps_an_actual_start_given_before(
    document: PlanDocument, ids: Ids, service: MigrationService
) -> None:
    key = ids.ws["BNK-2"]
    document.edit_workstreams({key: {"actual_start": date(2027, 2, 3)}}, "Actual start")
    document.edit_workstreams({key: {"status": Status.IN_PROGRESS}}, "Start")
    document.undo_stack.undo()
    kept = service.workstream(key)
    assert (kept.status, kept.actual_start) == (Status.NOT_STARTED, date(2027, 2, 3))


def test_undoing_a_milestone_made_ordinary_gives_the_go_live_back(
    document: PlanDocument, ids: Ids, service: MigrationService
) -> None:
    go_live = ids.ws["OPS-2"]
    document.edit_workstreams({go_live: {"is_milestone": False}}, "Not a milestone")
    assert service.migration().go_live_milestone_id is None
    assert document.plan.migration.go_live_milestone_id is None  # the analysis sees it too
    document.undo_stack.undo()
    assert service.migration().go_live_milestone_id == go_live
    assert document.plan.migration.go_live_milestone_id == go_live


def test_a_comment_without_changes_is_history_not_an_undo_step(
    document: PlanDocument, ids: Ids, service: MigrationService
) -> None:
    key = ids.ws["BNK-1"]
    same = document.plan.workstreams[key].progress
    assert document.edit_workstreams({key: {"progress": same}}, "Progress", comment="Checked at stand-up")
    assert document.undo_stack.count() == 0
    assert service.workstream_history(key)[0].comment == "Checked at stand-up"


def test_keys_and_ids_are_not_reused_after_undo_and_redo(
    document: PlanDocument, ids: Ids, service: MigrationService
) -> None:
    team = document.create_team("Payments", "PAY")
    assert team is not None
    first = document.create_workstream(team, "Scheme onboarding")
    assert first is not None and service.workstream(first).key == "PAY-1"
    document.undo_stack.undo()
    document.undo_stack.undo()
    document.undo_stack.redo()
    document.undo_stack.redo()
    assert service.workstream(first).key == "PAY-1"
    document.delete_workstreams([first])
    second = document.create_workstream(team, "Tokenisation")
    assert second is not None and second != first
    assert service.workstream(second).key == "PAY-2"
    assert all(entry.entity_id == second for entry in service.history("workstream", second))
    assert [e.action for e in service.history("workstream", second)] == ["created"]


def test_links_follow_a_renamed_key_and_a_deleted_end(document: PlanDocument, ids: Ids) -> None:
    document.edit_workstreams({ids.ws["BNK-1"]: {"key": "BNK-99"}}, "Rename")
    assert [
        d.predecessor_key for d in document.plan.dependencies.values() if d.predecessor_id == ids.ws["BNK-1"]
    ] == ["BNK-99"]
    document.delete_workstreams([ids.ws["OPS-1"]])
    assert all(
        ids.ws["OPS-1"] not in (d.predecessor_id, d.successor_id) for d in document.plan.dependencies.values()
    )
    document.undo_stack.undo()
    assert any(d.predecessor_id == ids.ws["OPS-1"] for d in document.plan.dependencies.values())


def test_whoever_hears_of_an_edit_knows_the_analysis_is_behind_until_the_next_arrives(
    document: PlanDocument, ids: Ids, qtbot: Any
) -> None:
    qtbot.waitUntil(lambda: document.analysis_is_current)
    heard: list[bool] = []
    document.workstreams_changed.connect(lambda _ids: heard.append(document.analysis_is_current))
    document.dependencies_changed.connect(lambda: heard.append(document.analysis_is_current))
    with qtbot.waitSignal(document.analysed):
        assert document.edit_workstreams({ids.ws["BNK-1"]: {"title": "Issuer shortlist"}}, "Rename")
        assert document.add_dependency(ids.ws["BNK-1"], ids.ws["OPS-1"], DependencyType.FS, 0, "")
    assert heard and not any(heard)
    assert document.analysis_is_current


def test_an_edit_of_work_another_window_removed_says_so_and_catches_up(
    document: PlanDocument, ids: Ids, refusals: list[str], qtbot: Any, engine: str
) -> None:
    gone = ids.ws["OPS-1"]
    document.service.delete_workstream(gone)  # in another window
    assert not document.edit_workstreams({gone: {"progress": 10}}, "Change progress of OPS-1")
    said = {
        "file": "in the file; it may have been removed in another window",
        "server": "in the plan; another coordinator may have removed it",
    }[engine]
    assert refusals == [
        f"There is no workstream with id {gone} {said}. The plan is read again from the {FROM_PLACE[engine]}."
    ]
    qtbot.waitUntil(lambda: gone not in document.plan.workstreams)  # read again once the edit is done
    assert document.undo_stack.count() == 0


def test_each_write_says_whose_history_grew_and_the_history_is_read_through_the_document(
    document: PlanDocument, ids: Ids
) -> None:
    heard: list[list[int] | None] = []
    document.history_changed.connect(heard.append)
    bnk1, ops1 = ids.ws["BNK-1"], ids.ws["OPS-1"]

    assert document.edit_workstreams({bnk1: {"progress": 50}}, "Progress")
    assert document.add_comment(ops1, "Stock ordered")
    assert document.add_dependency(bnk1, ops1)  # a link is history of both its ends
    document.undo_stack.undo()
    document.reload()  # read again: anyone's history may have grown

    assert heard == [[bnk1], [ops1], [bnk1, ops1], [bnk1, ops1], None]
    newest = document.workstream_history(ops1)
    assert [(e.action, e.entity_label) for e in newest[:3]] == [
        ("deleted", "BNK-1 → OPS-1"), ("created", "BNK-1 → OPS-1"), ("commented", "OPS-1"),
    ]  # fmt: skip
    assert newest[2].comment == "Stock ordered"


def test_snapshots_and_the_calendar_are_read_through_the_document(document: PlanDocument) -> None:
    assert document.snapshots() == []
    assert document.update_migration({}, {date(2027, 5, 3): "Bank holiday"})
    assert document.non_working_days() == {date(2027, 5, 3): "Bank holiday"}
    baseline = document.take_baseline()
    assert baseline is not None
    assert [(s.id, s.label) for s in document.snapshots()] == [(1, "Baseline")]


# ---------------------------------------------------------------- status updates collected


def test_collected_status_updates_are_one_step_undone_and_redone_with_their_returns(
    document: PlanDocument, ids: Ids, refusals: list[str], tmp_path: Path
) -> None:
    import openpyxl

    from migrator.domain.update_form import FIRST_ROW, HEADER_ROW, UPDATES_SHEET
    from migrator.services.status_requests import RequestSpec, request_updates

    with document.service.open_again() as other:
        sent = request_updates(other, RequestSpec(out=tmp_path, teams=("BNK",), as_of=AS_OF))
    book = openpyxl.load_workbook(sent.sent[0].workbook)
    sheet = book[UPDATES_SHEET]
    column = {cell.value: cell.column for cell in sheet[HEADER_ROW]}
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, column["Key"]).value == "BNK-1":
            sheet.cell(row, column["Progress %"]).value = 75
            sheet.cell(row, column["Comment for the report"]).value = "Ledger tests green."
    book.save(sent.sent[0].workbook)
    heard: list[bool] = []
    document.answers_changed.connect(lambda: heard.append(True))

    review = document.collect_worker()([sent.sent[0].workbook], lambda _fraction, _message: None)
    assert [(u.key, u.field, u.returned) for u in review.clean] == [("BNK-1", "progress", 75)]
    assert undoable(
        document, refusals, lambda: document.apply_collected(review, review.clean, review.comments)
    )
    assert document.plan.workstreams[ids.ws["BNK-1"]].progress == 75
    assert document.undo_stack.undoText() == "Apply status updates from Banking"
    assert heard  # the dashboard hears that Banking answered, and again on undo and redo
    answers = document.team_answers()
    assert answers is not None and answers[0].last_answered_by == "Ann Smith"
    document.undo_stack.undo()
    assert document.service.update_records.returns() == []
    answers = document.team_answers()
    assert answers is not None and answers[0].last_answered is None
