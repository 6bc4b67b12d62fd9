"""The details pane, its field editors and the link dialog, driven on the demo plan as a coordinator would."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QPlainTextEdit, QTextEdit

from migrator.domain.model import DependencyType, Health, Status, Workstream
from migrator.services import MigrationService
from migrator.store import file_probe
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.date_edit import DateEdit
from migrator.ui.widgets.details_pane import DetailsPane
from migrator.ui.widgets.editors import (
    HealthOverrideCombo,
    OwnerCombo,
    ProgressSpin,
    StatusCombo,
    TextLineEdit,
    editor_for,
)
from tests.conftest import AS_OF


def _open(path: Path, read_only: bool = False) -> PlanDocument:
    service = MigrationService.open(
        path, read_only=read_only, today=lambda: AS_OF, now=lambda: datetime(2027, 3, 1, 9, 30)
    )
    return PlanDocument(service)


@pytest.fixture
def document(demo_file: Path) -> Iterator[PlanDocument]:
    doc = _open(demo_file)
    yield doc
    doc.close()


def _pane(qtbot: Any, document: PlanDocument) -> DetailsPane:
    pane = DetailsPane(document)
    qtbot.addWidget(pane)
    pane.resize(400, 860)
    pane.show()
    qtbot.waitUntil(lambda: document.analysis is not None)
    return pane


@pytest.fixture
def pane(qtbot: Any, document: PlanDocument) -> DetailsPane:
    return _pane(qtbot, document)


def _ws(document: PlanDocument, key: str) -> Workstream:
    return next(w for w in document.plan.workstreams.values() if w.key == key)


def _links(document: PlanDocument) -> set[tuple[str, str, DependencyType, int]]:
    return {(d.predecessor_key, d.successor_key, d.type, d.lag) for d in document.service.dependencies()}


def _cell(section: Any, row: int, column: int) -> str:
    item = section.table.item(row, column)
    assert item is not None
    return str(item.text())


def _table_keys(section: Any) -> list[str]:
    return [_cell(section, row, 0) for row in range(section.table.rowCount())]


def _choose(combo: Any, value: Any) -> None:
    """Pick an item as a user does: the current index moves, then the combo reports the activation."""
    row = combo._values.index(value)
    combo.setCurrentIndex(row)
    combo.activated.emit(row)


def test_selecting_a_workstream_shows_its_fields_health_and_links(
    pane: DetailsPane, document: PlanDocument
) -> None:
    assert pane.pages.currentWidget() is pane.empty_state
    assert pane.empty_state.text() == "Select a workstream to see its details"
    letters = _ws(document, "OPS-6")
    pane.show_workstream(letters.id)

    assert pane.pages.currentWidget() is pane.scroll_area
    assert (pane.key.text(), pane.title.value()) == ("OPS-6", letters.title)
    assert pane.status.value() is Status.BLOCKED
    assert pane.owner.currentText() == letters.owner_name
    assert pane.team.value() == letters.team_id
    assert pane.planned_due.value() == letters.planned_due == date(2027, 3, 3)
    assert (pane.actual_finish.text(), pane.actual_finish.placeholderText()) == ("", "—")  # shown as "—"
    assert pane.blocker_note.value().startswith("Waiting on BaFin's acknowledgement")
    assert pane.pill.text() == "Red"
    assert "Blocked: Waiting on BaFin" in pane.reasons.text()
    assert "pushed by LEG-6" in pane.reasons.text()
    assert pane.forecast.text() == "Fri 12 Mar 2027, 6 working days late"
    assert sorted(_table_keys(pane.waits_on)) == ["LEG-6", "OPS-3"]
    assert _table_keys(pane.needed_by) == ["OPS-7"]

    pane.show_workstream(None)
    assert pane.pages.currentWidget() is pane.empty_state


def test_a_status_chosen_in_the_combo_is_saved_and_one_undo_puts_it_back(
    pane: DetailsPane, document: PlanDocument
) -> None:
    letters = _ws(document, "OPS-6")
    pane.show_workstream(letters.id)
    _choose(pane.status, Status.IN_PROGRESS)

    assert document.service.workstream(letters.id).status is Status.IN_PROGRESS
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Change status of OPS-6"
    document.undo_stack.undo()
    assert document.service.workstream(letters.id).status is Status.BLOCKED
    assert pane.status.value() is Status.BLOCKED


def test_a_health_override_needs_a_reason_before_it_is_saved(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    tokens = _ws(document, "BNK-5")
    pane.show_workstream(tokens.id)
    _choose(pane.override, Health.AMBER)

    assert pane.override_message.isVisibleTo(pane)
    assert "reason" in pane.override_message.text() and "BNK-5" in pane.override_message.text()
    assert document.service.workstream(tokens.id).health_override is None
    assert document.undo_stack.count() == 0

    qtbot.keyClicks(pane.reason, "Token API promised for Friday")
    qtbot.keyClick(pane.reason, Qt.Key.Key_Return)
    saved = document.service.workstream(tokens.id)
    assert (saved.health_override, saved.health_override_reason) == (
        Health.AMBER,
        "Token API promised for Friday",
    )
    assert document.undo_stack.count() == 1
    assert not pane.override_message.isVisibleTo(pane)
    qtbot.waitUntil(lambda: pane.pill.text() == "Amber · set by hand")


def test_a_predecessor_found_by_typing_in_the_picker_is_linked(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    tokens = _ws(document, "BNK-5")
    pane.show_workstream(tokens.id)
    qtbot.mouseClick(pane.waits_on.add_button, Qt.MouseButton.LeftButton)
    dialog = pane.link_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.filter, "chargeback")
    assert dialog.matches.stringList() == [
        "LEG-8  Chargeback & dispute process for debit · Legal & Compliance"
    ]
    dialog.type.setCurrentIndex(dialog.type.findData("SS"))
    dialog.lag.setValue(2)
    assert dialog.meaning.text() == "BNK-5 can start 2 working days after LEG-8 starts."
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert ("LEG-8", "BNK-5", DependencyType.SS, 2) in _links(document)
    assert pane.link_dialog is None
    assert "LEG-8" in _table_keys(pane.waits_on)
    row = _table_keys(pane.waits_on).index("LEG-8")
    assert _cell(pane.waits_on, row, 3) == "SS +2d"
    assert document.undo_stack.undoText() == "Link LEG-8 → BNK-5"


def test_a_link_closing_a_loop_is_refused_in_the_dialog_which_stays_open(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    before = _links(document)
    pane.show_workstream(_ws(document, "LEG-6").id)
    qtbot.mouseClick(pane.waits_on.add_button, Qt.MouseButton.LeftButton)
    dialog = pane.link_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.filter, "OPS-7 pilot cohort")
    assert dialog.chosen_id() == _ws(document, "OPS-7").id
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.message.isVisible()
    assert "OPS-7 → LEG-6 → OPS-6 → OPS-7" in dialog.message.text()
    assert _links(document) == before
    assert document.undo_stack.count() == 0
    dialog.reject()


def test_a_removed_link_comes_back_with_one_undo(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    pane.show_workstream(_ws(document, "OPS-6").id)
    table = pane.waits_on.table
    table.selectRow(_table_keys(pane.waits_on).index("LEG-6"))
    qtbot.mouseClick(pane.waits_on.remove_button, Qt.MouseButton.LeftButton)

    assert ("LEG-6", "OPS-6", DependencyType.FS, 0) not in _links(document)
    assert _table_keys(pane.waits_on) == ["OPS-3"]
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert ("LEG-6", "OPS-6", DependencyType.FS, 0) in _links(document)
    assert sorted(_table_keys(pane.waits_on)) == ["LEG-6", "OPS-3"]


def test_a_status_comment_appears_at_the_top_of_the_history(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    pane.show_workstream(_ws(document, "OPS-6").id)
    assert not pane.comment_button.isEnabled()
    qtbot.keyClicks(pane.comment, "Chased BaFin; letter promised for Thursday.")
    qtbot.mouseClick(pane.comment_button, Qt.MouseButton.LeftButton)

    assert "Chased BaFin; letter promised for Thursday." in pane.history_labels[0].text()
    assert "Status: In progress → Blocked" in pane.history_labels[1].text()
    assert pane.comment.toPlainText() == ""
    assert document.undo_stack.count() == 0  # a comment is history, not an edit


def test_a_refresh_keeps_what_is_being_typed(pane: DetailsPane, document: PlanDocument, qtbot: Any) -> None:
    letters = _ws(document, "OPS-6")
    pane.show_workstream(letters.id)
    pane.activateWindow()
    pane.description.setFocus()
    qtbot.waitUntil(pane.description.hasFocus)
    pane.description.selectAll()
    qtbot.keyClicks(pane.description, "Half-typed")

    document.edit_workstreams({letters.id: {"progress": 40}}, "Change progress of OPS-6")
    assert pane.progress.value() == 40
    assert pane.description.toPlainText() == "Half-typed"
    pane.title.setFocus()  # leaving the description saves it once
    qtbot.waitUntil(lambda: document.service.workstream(letters.id).description == "Half-typed")
    assert document.undo_stack.undoText() == "Change description of OPS-6"


def test_esc_in_a_text_box_drops_what_was_typed_and_saves_nothing(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    letters = _ws(document, "OPS-6")
    pane.show_workstream(letters.id)
    pane.activateWindow()
    steps = document.undo_stack.count()
    for box, before in ((pane.description, letters.description), (pane.title, letters.title)):
        box.setFocus()
        qtbot.waitUntil(box.hasFocus)
        box.selectAll()
        qtbot.keyClicks(box, "Typed by mistake")
        qtbot.keyClick(box, Qt.Key.Key_Escape)
        assert box.toPlainText() == before  # the plan's text is back at once
        pane.progress.setFocus()  # leaving the box afterwards saves nothing
        qtbot.waitUntil(lambda box=box: not box.hasFocus())
    assert document.undo_stack.count() == steps
    saved = document.service.workstream(letters.id)
    assert (saved.title, saved.description) == (letters.title, letters.description)


def test_owner_add_person_creates_the_person_and_makes_them_owner(
    pane: DetailsPane, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Zoe Park", True))
    letters = _ws(document, "OPS-6")
    pane.show_workstream(letters.id)
    owner: OwnerCombo = pane.owner
    last = owner.count() - 1
    assert owner.itemText(last) == "Add person…"
    owner.setCurrentIndex(last)
    owner.activated.emit(last)

    zoe = next(p for p in document.plan.people if p.name == "Zoe Park")
    assert zoe.team_id == letters.team_id
    assert (owner.value(), owner.currentText()) == (zoe.id, "Zoe Park")
    assert document.service.workstream(letters.id).owner_name == "Zoe Park"
    assert document.undo_stack.count() == 2  # the new person, then the owner change
    document.undo_stack.undo()
    assert document.service.workstream(letters.id).owner_name == letters.owner_name
    assert owner.currentText() == letters.owner_name


def test_a_read_only_file_is_shown_but_nothing_can_be_edited(qtbot: Any, demo_file: Path) -> None:
    document = _open(demo_file, read_only=True)
    try:
        pane = _pane(qtbot, document)
        pane.show_workstream(_ws(document, "OPS-6").id)
        assert pane.status.value() is Status.BLOCKED
        for editor in (*pane.editors.values(), pane.override, pane.reason):
            text = isinstance(editor, QLineEdit | QTextEdit | QPlainTextEdit)
            assert editor.isReadOnly() if text else not editor.isEnabled()
        assert pane.waits_on.add_button.isHidden() and pane.needed_by.remove_button.isHidden()
        assert pane.comment.isHidden() and pane.comment_button.isHidden()
    finally:
        document.close()


def test_a_date_edit_round_trips_and_can_be_cleared_or_picked(qtbot: Any) -> None:
    edit = DateEdit(today=AS_OF)
    qtbot.addWidget(edit)
    heard: list[date | None] = []
    edit.edited.connect(lambda: heard.append(edit.value()))
    assert (edit.value(), edit.text(), edit.placeholderText()) == (None, "", "—")

    edit.set_value(date(2027, 3, 5))
    assert (edit.value(), edit.text()) == (date(2027, 3, 5), "Fri 5 Mar 2027")
    edit.clear_action.trigger()
    assert (edit.value(), edit.text(), heard) == (None, "", [None])
    edit.today_action.trigger()
    assert (edit.value(), heard[-1]) == (AS_OF, AS_OF)

    edit.open_calendar()
    edit.calendar.clicked.emit(QDate(2027, 4, 12))
    assert (edit.value(), edit.text(), heard[-1]) == (date(2027, 4, 12), "Mon 12 Apr 2027", date(2027, 4, 12))


@pytest.mark.parametrize(
    ("field", "kind", "value"),
    [
        ("status", StatusCombo, Status.DONE),
        ("planned_due", DateEdit, date(2027, 5, 14)),
        ("actual_finish", DateEdit, None),
        ("progress", ProgressSpin, 35),
        ("owner_id", OwnerCombo, None),
        ("health_override", HealthOverrideCombo, Health.RED),
        ("title", TextLineEdit, "Debit launch"),
    ],
)
def test_the_table_editors_give_back_the_value_they_were_given(
    qtbot: Any, document: PlanDocument, field: str, kind: type, value: Any
) -> None:
    editor = editor_for(field, document, None)
    qtbot.addWidget(editor)
    assert isinstance(editor, kind)
    editor.set_value(value)  # type: ignore[attr-defined]
    assert editor.value() == value  # type: ignore[attr-defined]


def test_a_link_made_elsewhere_to_the_shown_workstream_appears_and_others_leave_its_history_be(
    pane: DetailsPane, document: PlanDocument
) -> None:
    shown, other, third = _ws(document, "MKT-1"), _ws(document, "SUP-1"), _ws(document, "SAL-1")
    pane.show_workstream(shown.id)
    reading = list(pane.history_labels)
    assert document.add_dependency(other.id, third.id)  # someone else's link: nothing to redo here
    assert pane.history_labels == reading
    assert document.add_dependency(other.id, shown.id)  # e.g. dragged on the timeline
    assert other.key in _table_keys(pane.waits_on)
    assert pane.history_labels != reading
    assert any(f"{other.key} → {shown.key}" in label.text() for label in pane.history_labels)


def test_an_undo_reaches_the_field_that_was_just_edited_and_still_has_the_focus(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    ws = _ws(document, "OPS-8")
    pane.show_workstream(ws.id)
    pane.activateWindow()
    pane.status.setFocus()
    qtbot.waitUntil(pane.status.hasFocus)
    qtbot.keyClick(pane.status, Qt.Key.Key_Down)  # Not started → In progress, with the keyboard
    assert document.plan.workstreams[ws.id].status is Status.IN_PROGRESS
    document.undo_stack.undo()  # Ctrl+Z with the combo still focused
    assert pane.status.value() is Status.NOT_STARTED
    pane.milestone.setFocus()
    qtbot.waitUntil(pane.milestone.hasFocus)
    qtbot.keyClick(pane.milestone, Qt.Key.Key_Space)
    assert document.plan.workstreams[ws.id].is_milestone
    document.undo_stack.undo()
    assert not pane.milestone.isChecked()
    qtbot.keyClick(pane.milestone, Qt.Key.Key_Space)  # and ticking it again makes it a milestone again
    assert document.plan.workstreams[ws.id].is_milestone


def test_making_a_task_a_milestone_names_the_dates_that_move_with_it(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    ws = _ws(document, "BNK-3")  # planned 4 Jan - 5 Mar 2027, baseline 4 Jan - 19 Feb 2027
    pane.show_workstream(ws.id)
    pane.activateWindow()
    pane.milestone.setFocus()
    qtbot.waitUntil(pane.milestone.hasFocus)
    qtbot.keyClick(pane.milestone, Qt.Key.Key_Space)
    assert document.undo_stack.undoText() == (
        "Make BNK-3 a milestone (planned start 4 Jan 2027 → 5 Mar 2027; "
        "baseline start 4 Jan 2027 → 19 Feb 2027)"
    )
    made = document.plan.workstreams[ws.id]
    assert (made.planned_start, made.baseline_start) == (date(2027, 3, 5), date(2027, 2, 19))
    document.undo_stack.undo()  # both back
    back = document.plan.workstreams[ws.id]
    assert (back.planned_start, back.baseline_start) == (date(2027, 1, 4), date(2027, 1, 4))


def test_an_override_refused_because_the_file_is_busy_keeps_the_reason_typed(
    pane: DetailsPane, document: PlanDocument, demo_file: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_probe, "BUSY_TIMEOUT_MS", 50)
    refused: list[str] = []
    document.refused.connect(refused.append)
    tokens = _ws(document, "BNK-5")
    pane.show_workstream(tokens.id)
    pane.activateWindow()
    _choose(pane.override, Health.RED)
    qtbot.waitUntil(pane.reason.hasFocus)
    qtbot.keyClicks(pane.reason, "Vendor confirmed the slip this morning")
    other = sqlite3.connect(demo_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program writing at that moment
    try:
        qtbot.keyClick(pane.reason, Qt.Key.Key_Return)
    finally:
        other.rollback()
        other.close()
    assert refused and "busy" in refused[0]
    assert pane.reason.text() == "Vendor confirmed the slip this morning"  # to press Enter again
    qtbot.keyClick(pane.reason, Qt.Key.Key_Return)
    saved = document.service.workstream(tokens.id)
    assert (saved.health_override, saved.health_override_reason) == (
        Health.RED,
        "Vendor confirmed the slip this morning",
    )


def _type_owner(qtbot: Any, pane: DetailsPane, name: str) -> None:
    pane.activateWindow()
    pane.owner.setFocus()
    qtbot.waitUntil(pane.owner.hasFocus)
    qtbot.keyClick(pane.owner.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(pane.owner.lineEdit(), name)
    pane.owner.completer().popup().hide()  # as Esc would; Enter then goes to the box
    qtbot.keyClick(pane.owner.lineEdit(), Qt.Key.Key_Return)


def test_a_new_name_typed_in_the_owner_box_adds_the_person_to_the_team_and_makes_them_owner(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    ws = _ws(document, "BNK-4")
    pane.show_workstream(ws.id)
    _type_owner(qtbot, pane, "Zoe  Park")

    zoe = next(p for p in document.plan.people if p.name == "Zoe Park")
    assert zoe.team_id == ws.team_id
    assert document.service.workstream(ws.id).owner_name == "Zoe Park"
    assert pane.owner.currentText() == "Zoe Park"
    assert document.undo_stack.count() == 2  # the new person, then the owner change
    document.undo_stack.undo()
    assert document.service.workstream(ws.id).owner_name == "Ingrid Solberg"


def test_a_listed_name_typed_in_another_case_chooses_that_person(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    ws = _ws(document, "OPS-6")
    pane.show_workstream(ws.id)
    people = len(document.plan.people)
    _type_owner(qtbot, pane, "ingrid solberg")
    assert document.service.workstream(ws.id).owner_name == "Ingrid Solberg"
    assert len(document.plan.people) == people


def test_a_name_the_plan_cannot_take_is_refused_beside_the_owner_box(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    ws = _ws(document, "BNK-4")
    pane.show_workstream(ws.id)
    people = len(document.plan.people)
    _type_owner(qtbot, pane, "Z" * 201)
    assert pane.owner.refusal == f"{'Z' * 60} was not added: A person's name is longer than 200 characters."
    assert len(document.plan.people) == people
    assert document.service.workstream(ws.id).owner_name == "Ingrid Solberg"
