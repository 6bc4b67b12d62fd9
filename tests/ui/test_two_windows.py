"""Two windows on one file: a stale edit or undo is refused naming who changed the row and
when, nothing is silently overwritten, and each window hears of the other's changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from migrator.domain.model import DependencyType, Status
from migrator.services import MigrationService, NewMigration
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.details_pane import DetailsPane
from tests.conftest import AS_OF

NOT_SAVED = "Your change was not saved. The plan is read again from the file."
UNDO_REFUSED = (
    "Your change was not saved. The plan was reloaded as it is in the file; "
    "the undo history starts again here."
)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """Banking: BNK-1 → BNK-2, and BNK-3; Ann Smith and Bob Jones can own work."""
    path = tmp_path / "shared.migrator"
    created = MigrationService.create(
        path, NewMigration("Card fleet replacement", date(2027, 1, 4), date(2027, 6, 30)),
        actor="Setup", today=lambda: AS_OF, now=lambda: datetime(2027, 3, 1, 9, 0),
    )  # fmt: skip
    with created as service:
        bnk = service.create_team("Banking", "BNK")
        service.create_person("Ann Smith", None, bnk)
        service.create_person("Bob Jones", None, bnk)
        first = service.create_workstream("Ledger", bnk, planned_due=date(2027, 3, 31))
        second = service.create_workstream("Cards", bnk, planned_due=date(2027, 4, 16))
        service.create_workstream("Branches", bnk, planned_due=date(2027, 4, 30))
        service.add_dependency(first, second, DependencyType.FS, 0, "ledger first")
    return path


def _open(path: Path, actor: str, at: datetime, qtbot: Any) -> PlanDocument:
    service = MigrationService.open(path, actor=actor, today=lambda: AS_OF, now=lambda: at)
    document = PlanDocument(service, as_of=AS_OF)
    qtbot.waitUntil(lambda: document.analysis is not None)
    return document


@pytest.fixture
def ana(plan_file: Path, qtbot: Any) -> Iterator[PlanDocument]:
    document = _open(plan_file, "Ana Ruiz", datetime(2027, 3, 1, 14, 2), qtbot)
    yield document
    document.close()


@pytest.fixture
def ben(plan_file: Path, qtbot: Any) -> Iterator[PlanDocument]:
    document = _open(plan_file, "Ben Okafor", datetime(2027, 3, 1, 14, 5), qtbot)
    yield document
    document.close()


def heard(signal: Any) -> list[str]:
    messages: list[str] = []
    signal.connect(messages.append)
    return messages


def key(document: PlanDocument, text: str) -> int:
    return next(w.id for w in document.plan.workstreams.values() if w.key == text)


def in_file(path: Path, text: str) -> Any:
    with MigrationService.open(path, read_only=True) as reader:
        return reader.workstream_by_key(text)


# ---------------------------------------------------------------- stale edits


def test_a_stale_edit_is_refused_naming_who_changed_it_and_the_first_edit_stays(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path, qtbot: Any
) -> None:
    refusals = heard(ben.refused)
    bnk3 = key(ana, "BNK-3")
    assert ana.edit_workstreams({bnk3: {"status": Status.IN_PROGRESS}}, "Change status of BNK-3")

    assert not ben.edit_workstreams({bnk3: {"progress": 30}}, "Change progress of BNK-3")
    assert refusals == [
        "BNK-3 was changed in another window by Ana Ruiz at 14:02: status In progress, "
        f"actual start 2027-03-01. {NOT_SAVED}"
    ]
    assert (in_file(plan_file, "BNK-3").status, in_file(plan_file, "BNK-3").progress) == (
        Status.IN_PROGRESS, 0,
    )  # fmt: skip
    assert ben.undo_stack.count() == 0
    qtbot.waitUntil(lambda: ben.plan.workstreams[bnk3].status is Status.IN_PROGRESS)  # read again


def test_a_stale_bulk_edit_changes_none_of_its_rows(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path
) -> None:
    refusals = heard(ben.refused)
    assert ana.edit_workstreams({key(ana, "BNK-2"): {"title": "Debit cards"}}, "Rename BNK-2")

    every = {key(ben, k): {"status": Status.BLOCKED} for k in ("BNK-1", "BNK-2", "BNK-3")}
    assert not ben.edit_workstreams(every, "Set status of 3 workstreams")
    assert refusals == [
        f"BNK-2 was changed in another window by Ana Ruiz at 14:02: title Debit cards. {NOT_SAVED}"
    ]
    assert [in_file(plan_file, k).status for k in ("BNK-1", "BNK-2", "BNK-3")] == [Status.NOT_STARTED] * 3
    assert in_file(plan_file, "BNK-2").title == "Debit cards"


@pytest.mark.parametrize("caught_up", [False, True], ids=["before-the-notice", "after-the-notice"])
def test_a_stale_undo_is_refused_and_keeps_the_other_windows_later_edit(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path, qtbot: Any, caught_up: bool
) -> None:
    refusals = heard(ana.refused)
    bnk1 = key(ana, "BNK-1")
    assert ana.edit_workstreams({bnk1: {"progress": 40}}, "Change progress of BNK-1")
    qtbot.waitUntil(lambda: ben.plan.workstreams[bnk1].progress == 40)  # Ben's window hears of it
    assert ben.edit_workstreams({bnk1: {"progress": 60}}, "Change progress of BNK-1")
    if caught_up:
        qtbot.waitUntil(lambda: ana.plan.workstreams[bnk1].progress == 60)

    ana.undo_stack.undo()
    qtbot.waitUntil(lambda: refusals != [])
    assert refusals == [
        f"BNK-1 was changed in another window by Ben Okafor at 14:05: progress 60. {UNDO_REFUSED}"
    ]
    assert in_file(plan_file, "BNK-1").progress == 60
    qtbot.waitUntil(lambda: ana.plan.workstreams[bnk1].progress == 60)


def test_a_bulk_undo_that_finds_one_row_changed_changes_none(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path, qtbot: Any
) -> None:
    refusals = heard(ana.refused)
    ann, bob = (next(p.id for p in ana.plan.people if p.name == name) for name in ("Ann Smith", "Bob Jones"))
    rows = [key(ana, k) for k in ("BNK-1", "BNK-2", "BNK-3")]
    assert ana.edit_workstreams({i: {"owner_id": ann} for i in rows}, "Set owner of 3 workstreams")
    qtbot.waitUntil(lambda: ben.plan.workstreams[rows[1]].owner_id == ann)
    assert ben.edit_workstreams({rows[1]: {"owner_id": bob}}, "Change owner of BNK-2")

    ana.undo_stack.undo()
    qtbot.waitUntil(lambda: refusals != [])
    assert refusals == [
        f"BNK-2 was changed in another window by Ben Okafor at 14:05: owner Bob Jones. {UNDO_REFUSED}"
    ]
    assert [in_file(plan_file, k).owner_name for k in ("BNK-1", "BNK-2", "BNK-3")] == [
        "Ann Smith", "Bob Jones", "Ann Smith",
    ]  # fmt: skip


def test_a_stale_delete_is_refused_and_the_row_stays(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path
) -> None:
    refusals = heard(ben.refused)
    bnk3 = key(ana, "BNK-3")
    assert ana.edit_workstreams({bnk3: {"blocker_note": "waiting for the bank"}}, "Change blocker of BNK-3")

    assert not ben.delete_workstreams([bnk3])
    assert refusals == [
        "BNK-3 was changed in another window by Ana Ruiz at 14:02: blocker note waiting for the bank. "
        + NOT_SAVED
    ]
    assert in_file(plan_file, "BNK-3").blocker_note == "waiting for the bank"


def test_stale_link_edits_and_removal_are_refused(ana: PlanDocument, ben: PlanDocument, qtbot: Any) -> None:
    refusals = heard(ben.refused)
    link = next(iter(ana.plan.dependencies))
    assert ana.edit_dependency(link, lag=3)

    assert not ben.edit_dependency(link, note="cards wait for the ledger")
    assert not ben.remove_dependency(link)
    said = f"The link BNK-1 → BNK-2 was changed in another window by Ana Ruiz at 14:02: lag 3. {NOT_SAVED}"
    assert refusals == [said, said]
    with MigrationService.open(ana.path, read_only=True) as reader:
        kept = reader.dependency(link)
    assert (kept.lag, kept.note) == (3, "ledger first")


def test_stale_team_person_and_settings_edits_are_refused(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path
) -> None:
    refusals = heard(ben.refused)
    team = ana.plan.teams[0].id
    ann = next(p.id for p in ana.plan.people if p.name == "Ann Smith")
    assert ana.update_team(team, {"colour": "#123456"})
    assert ana.update_person(ann, {"email": "ann@example.com"})
    assert ana.update_migration({"target_go_live": date(2027, 7, 30)})

    assert not ben.update_team(team, {"name": "Banking partners"})
    assert not ben.update_person(ann, {"name": "Ann Smith-Jones"})
    assert not ben.update_migration({}, {date(2027, 4, 5): "Easter Monday"})
    assert refusals == [
        f"Banking was changed in another window by Ana Ruiz at 14:02: colour #123456. {NOT_SAVED}",
        f"Ann Smith was changed in another window by Ana Ruiz at 14:02: email ann@example.com. {NOT_SAVED}",
        "Card fleet replacement was changed in another window by Ana Ruiz at 14:02: "
        f"target go live 2027-07-30. {NOT_SAVED}",
    ]
    with MigrationService.open(plan_file, read_only=True) as reader:
        assert [t.name for t in reader.teams()] == ["Banking"]
        assert sorted(p.name for p in reader.people()) == ["Ann Smith", "Bob Jones"]
        assert reader.non_working_days() == {}


def test_a_stale_undo_of_a_team_edit_is_refused(ana: PlanDocument, ben: PlanDocument, qtbot: Any) -> None:
    refusals = heard(ana.refused)
    team = ana.plan.teams[0].id
    assert ana.update_team(team, {"name": "Banking partners"})
    qtbot.waitUntil(lambda: ben.team(team) is not None and ben.team(team).name == "Banking partners")  # type: ignore[union-attr]
    assert ben.update_team(team, {"code": "BKP"})

    ana.undo_stack.undo()
    qtbot.waitUntil(lambda: refusals != [])
    assert refusals == [
        f"Banking partners was changed in another window by Ben Okafor at 14:05: code BKP. {UNDO_REFUSED}"
    ]
    with MigrationService.open(ana.path, read_only=True) as reader:
        assert [(t.name, t.code) for t in reader.teams()] == [("Banking partners", "BKP")]


def test_edits_that_follow_each_other_are_all_kept(ana: PlanDocument, ben: PlanDocument, qtbot: Any) -> None:
    """Not stale: a window that has heard of the other's edit edits on top of it."""
    bnk1 = key(ana, "BNK-1")
    assert ana.edit_workstreams({bnk1: {"progress": 10}}, "Change progress of BNK-1")
    qtbot.waitUntil(lambda: ben.plan.workstreams[bnk1].progress == 10)
    assert ben.edit_workstreams({bnk1: {"title": "General ledger"}}, "Rename BNK-1")
    ben.undo_stack.undo()  # nobody changed the title since: Ben's own undo goes through
    ben.undo_stack.redo()
    assert in_file(ana.path, "BNK-1").title == "General ledger"
    assert in_file(ana.path, "BNK-1").progress == 10


def test_an_undo_puts_back_only_what_it_moved_and_keeps_another_windows_edit_of_other_fields(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path, qtbot: Any
) -> None:
    refusals = heard(ana.refused)
    bnk1 = key(ana, "BNK-1")
    assert ana.edit_workstreams({bnk1: {"status": Status.IN_PROGRESS}}, "Change status of BNK-1")
    qtbot.waitUntil(lambda: ben.plan.workstreams[bnk1].status is Status.IN_PROGRESS)
    assert ben.edit_workstreams({bnk1: {"title": "General ledger", "progress": 30}}, "Change BNK-1")
    qtbot.waitUntil(lambda: ana.plan.workstreams[bnk1].title == "General ledger")  # Ana hears of it

    ana.undo_stack.undo()  # Ana's status step only: Ben's title and progress stay

    assert refusals == []
    stored = in_file(plan_file, "BNK-1")
    assert (stored.status, stored.actual_start) == (Status.NOT_STARTED, None)
    assert (stored.title, stored.progress) == ("General ledger", 30)


def test_undoing_an_add_that_another_window_edited_since_is_refused(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path, qtbot: Any
) -> None:
    refusals = heard(ana.refused)
    team = ana.plan.workstreams[key(ana, "BNK-1")].team_id
    added = ana.create_workstream(team, "Card printing")
    assert added is not None
    assert ana.add_dependency(key(ana, "BNK-3"), added)
    qtbot.waitUntil(lambda: added in ben.plan.workstreams)
    assert ben.edit_workstreams({added: {"progress": 20}}, "Change progress of BNK-4")
    qtbot.waitUntil(lambda: ana.plan.workstreams[added].progress == 20)  # Ana's window has caught up

    ana.undo_stack.undo()  # the link: nobody changed it, it goes
    ana.undo_stack.undo()  # the workstream Ben has worked on since: refused, it stays
    qtbot.waitUntil(lambda: refusals != [])

    assert refusals == [
        f"BNK-4 was changed in another window by Ben Okafor at 14:05: progress 20. {UNDO_REFUSED}"
    ]
    assert in_file(plan_file, "BNK-4").progress == 20


def test_undoing_a_link_another_window_changed_since_is_refused(
    ana: PlanDocument, ben: PlanDocument, plan_file: Path, qtbot: Any
) -> None:
    refusals = heard(ana.refused)
    assert ana.add_dependency(key(ana, "BNK-2"), key(ana, "BNK-3"))
    link = max(ana.plan.dependencies)
    qtbot.waitUntil(lambda: link in ben.plan.dependencies)
    assert ben.edit_dependency(link, lag=5)
    qtbot.waitUntil(lambda: ana.plan.dependencies[link].lag == 5)

    ana.undo_stack.undo()
    qtbot.waitUntil(lambda: refusals != [])

    assert refusals[0].startswith("The link BNK-2 → BNK-3 was changed in another window by Ben Okafor")
    with MigrationService.open(plan_file, read_only=True) as reader:
        assert [(d.predecessor_key, d.successor_key, d.lag) for d in reader.dependencies()] == [
            ("BNK-1", "BNK-2", 0), ("BNK-2", "BNK-3", 5),
        ]  # fmt: skip


# ---------------------------------------------------------------- noticing changes made elsewhere


def test_a_window_hears_what_another_changed_and_by_whom_but_not_of_its_own_edits(
    ana: PlanDocument, ben: PlanDocument, qtbot: Any
) -> None:
    ana_heard, ben_heard = heard(ana.changed_elsewhere), heard(ben.changed_elsewhere)
    bnk1, bnk2 = key(ana, "BNK-1"), key(ana, "BNK-2")
    assert ana.edit_workstreams({bnk1: {"progress": 25}, bnk2: {"progress": 5}}, "Change progress")

    qtbot.waitUntil(lambda: ben_heard != [])
    assert ben_heard == ["Ana Ruiz changed BNK-1, BNK-2 (2 workstreams)"]
    assert (ben.plan.workstreams[bnk1].progress, ben.plan.workstreams[bnk2].progress) == (25, 5)
    ana.look_for_changes_elsewhere()  # what the timer does: nothing to say about its own edit
    assert ana_heard == []

    assert ben.add_dependency(key(ben, "BNK-2"), key(ben, "BNK-3"))
    qtbot.waitUntil(lambda: ana_heard != [])
    assert ana_heard == ["Ben Okafor changed 1 link"]
    assert len(ana.plan.dependencies) == 2


def test_a_team_renamed_elsewhere_reloads_the_plan(ana: PlanDocument, ben: PlanDocument, qtbot: Any) -> None:
    ben_heard = heard(ben.changed_elsewhere)
    team = ana.plan.teams[0].id
    with qtbot.waitSignal(ben.reloaded):
        assert ana.update_team(team, {"name": "Banking partners"})
    assert ben_heard == ["Ana Ruiz changed team Banking"]
    assert {w.team_name for w in ben.plan.workstreams.values()} == {"Banking partners"}


def test_a_delete_elsewhere_takes_the_row_and_its_links_away(
    ana: PlanDocument, ben: PlanDocument, qtbot: Any
) -> None:
    ben_heard = heard(ben.changed_elsewhere)
    bnk1 = key(ana, "BNK-1")
    assert ana.delete_workstreams([bnk1])
    qtbot.waitUntil(lambda: bnk1 not in ben.plan.workstreams)
    assert ben.plan.dependencies == {}
    assert ben_heard == ["Ana Ruiz changed BNK-1 (1 workstream) and 1 link"]


# ---------------------------------------------------------------- typing while the other window edits


@pytest.fixture
def ana_pane(ana: PlanDocument, qtbot: Any) -> Iterator[DetailsPane]:
    """Ana's details pane on BNK-1 (planned due 31 Mar 2027), with a button to move focus to."""
    host = QWidget()
    layout = QVBoxLayout(host)
    pane = DetailsPane(ana)
    layout.addWidget(pane)
    layout.addWidget(QPushButton("Elsewhere"))
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    pane.show_workstream(key(ana, "BNK-1"))
    yield pane  # the host window lives until the test ends


def type_due(pane: DetailsPane, qtbot: Any, text: str) -> None:
    field = pane.planned_due
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def test_a_date_typed_while_another_window_changes_it_is_refused_naming_them(
    ana: PlanDocument, ben: PlanDocument, ana_pane: DetailsPane, plan_file: Path, qtbot: Any
) -> None:
    refusals = heard(ana.refused)
    bnk1 = key(ana, "BNK-1")
    type_due(ana_pane, qtbot, "20 May 2027")
    assert ben.edit_workstreams({bnk1: {"planned_due": date(2027, 4, 9)}}, "Change planned due of BNK-1")
    qtbot.waitUntil(lambda: ana.plan.workstreams[bnk1].planned_due == date(2027, 4, 9))
    assert ana_pane.planned_due.text() == "20 May 2027"  # what Ana types is left alone

    qtbot.keyClick(ana_pane.planned_due, Qt.Key.Key_Return)
    assert refusals == [
        "BNK-1 was changed in another window by Ben Okafor at 14:05: planned due 2027-04-09. "
        "Your change was not saved."
    ]
    assert in_file(plan_file, "BNK-1").planned_due == date(2027, 4, 9)  # Ben's date is kept
    assert ana_pane.planned_due.text() == "Fri 9 Apr 2027"
    assert ana.undo_stack.count() == 0


def test_esc_after_another_windows_change_puts_back_their_date(
    ana: PlanDocument, ben: PlanDocument, ana_pane: DetailsPane, plan_file: Path, qtbot: Any
) -> None:
    bnk1 = key(ana, "BNK-1")
    type_due(ana_pane, qtbot, "15 May 2027")
    assert ben.edit_workstreams({bnk1: {"planned_due": date(2027, 4, 30)}}, "Change planned due of BNK-1")
    qtbot.waitUntil(lambda: ana.plan.workstreams[bnk1].planned_due == date(2027, 4, 30))

    qtbot.keyClick(ana_pane.planned_due, Qt.Key.Key_Escape)
    assert ana_pane.planned_due.text() == "Fri 30 Apr 2027"
    assert ana_pane.planned_due.value() == date(2027, 4, 30)
    qtbot.keyClick(ana_pane.planned_due, Qt.Key.Key_Tab)  # leaving the field saves nothing
    assert in_file(plan_file, "BNK-1").planned_due == date(2027, 4, 30)
    assert ana.undo_stack.count() == 0


def test_another_field_changed_elsewhere_does_not_refuse_the_date_typed(
    ana: PlanDocument, ben: PlanDocument, ana_pane: DetailsPane, plan_file: Path, qtbot: Any
) -> None:
    refusals = heard(ana.refused)
    bnk1 = key(ana, "BNK-1")
    type_due(ana_pane, qtbot, "20 May 2027")
    assert ben.edit_workstreams({bnk1: {"progress": 40}}, "Change progress of BNK-1")
    qtbot.waitUntil(lambda: ana.plan.workstreams[bnk1].progress == 40)

    qtbot.keyClick(ana_pane.planned_due, Qt.Key.Key_Return)
    assert refusals == []
    assert (in_file(plan_file, "BNK-1").planned_due, in_file(plan_file, "BNK-1").progress) == (
        date(2027, 5, 20), 40,
    )  # fmt: skip


def test_after_a_refused_edit_the_pane_shows_the_date_in_the_file(
    ana: PlanDocument, ben: PlanDocument, ana_pane: DetailsPane, plan_file: Path, qtbot: Any
) -> None:
    ana._watch.stop()  # Ben's write lands between two of Ana's looks at the file: she has not seen it
    bnk1 = key(ana, "BNK-1")
    assert ben.edit_workstreams({bnk1: {"planned_due": date(2027, 4, 30)}}, "Change planned due of BNK-1")

    def message_box(_message: str) -> None:  # as QMessageBox.warning: focus leaves, its event loop runs
        ana_pane.window().findChild(QPushButton, "").setFocus()
        qtbot.wait(100)

    ana.refused.connect(message_box)
    type_due(ana_pane, qtbot, "15 May 2027")
    qtbot.keyClick(ana_pane.planned_due, Qt.Key.Key_Return)
    assert in_file(plan_file, "BNK-1").planned_due == date(2027, 4, 30)
    assert ana.plan.workstreams[bnk1].planned_due == date(2027, 4, 30)  # read again
    assert ana_pane.planned_due.text() == "Fri 30 Apr 2027"
    assert ana_pane.planned_due.value() == date(2027, 4, 30)
