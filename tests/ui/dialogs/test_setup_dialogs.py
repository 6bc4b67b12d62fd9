"""The setup dialogs driven as a coordinator would: a new migration, its settings, its teams and people."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
)

from migrator.services import MigrationService, NewMigration
from migrator.ui.dialogs.new_migration_dialog import NewMigrationDialog
from migrator.ui.dialogs.settings_dialog import SettingsDialog
from migrator.ui.dialogs.teams_people_dialog import PersonForm, TeamForm, TeamsPeopleDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.window_settings import WindowSettings
from tests.conftest import AS_OF

Accepted = QDialog.DialogCode.Accepted


@pytest.fixture
def document(service: MigrationService) -> Iterator[PlanDocument]:
    doc = PlanDocument(service)
    yield doc
    doc.close()


@pytest.fixture
def demo(demo_file: Path) -> Iterator[PlanDocument]:
    doc = PlanDocument(MigrationService.open(demo_file, today=lambda: AS_OF))
    yield doc
    doc.close()


def _column(table: Any, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def _select(table: Any, column: int, text: str) -> None:
    table.selectRow(_column(table, column).index(text))


# ---------------------------------------------------------------- new migration


def test_a_new_migration_needs_a_name_and_a_target_after_its_start(qtbot: Any, tmp_path: Path) -> None:
    WindowSettings().set_folder("migrations", tmp_path)
    dialog = NewMigrationDialog(today=AS_OF)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    assert "Name the migration" in dialog.message.text()

    dialog.name.setText("Card fleet: phase 2")
    assert dialog.path.text() == str(tmp_path / "Card fleet - phase 2.migrator")  # named after it
    assert dialog.ok_button.isEnabled()
    dialog.target.set_value(date(2027, 2, 1))
    assert not dialog.ok_button.isEnabled()
    assert dialog.message.text() == "The target go-live (1 Feb 2027) must be after the start (1 Mar 2027)."
    dialog.target.set_value(date(2027, 9, 30))
    dialog.path.setText(str(tmp_path / "phase2"))
    assert dialog.ok_button.isEnabled()
    assert dialog.message.text() == f"Creates phase2.migrator in {tmp_path}."

    dialog.ok_button.click()
    assert dialog.result() == Accepted
    assert dialog.chosen() == (
        tmp_path / "phase2.migrator",
        NewMigration("Card fleet: phase 2", date(2027, 3, 1), date(2027, 9, 30)),
    )


def test_a_new_migration_refuses_an_existing_file(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / "plan.migrator").write_bytes(b"")
    answers = iter([str(tmp_path / "plan"), str(tmp_path / "plan 2")])
    asked: list[dict[str, Any]] = []

    def save_name(*_args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(kwargs)
        return next(answers), "Migrator files (*.migrator)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    dialog = NewMigrationDialog(today=AS_OF)
    qtbot.addWidget(dialog)
    dialog.name.setText("Cards")
    dialog.browse_button.click()
    assert dialog.path.text() == str(tmp_path / "plan.migrator")  # the suffix is added
    assert not dialog.ok_button.isEnabled()
    assert "plan.migrator already exists" in dialog.message.text()
    assert "Choose a new name" in dialog.message.text()
    assert asked[0]["options"] == QFileDialog.Option.DontConfirmOverwrite  # no "Replace?" first
    dialog.accept()  # Enter pressed anyway: still refused
    assert dialog.result() != Accepted

    dialog.browse_button.click()
    assert dialog.ok_button.isEnabled()
    answer = dialog.chosen()
    assert answer is not None and answer[0] == tmp_path / "plan 2.migrator"


def test_ask_gives_what_the_window_creates_the_file_from(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    def fill_and_create(dialog: NewMigrationDialog) -> int:
        dialog.name.setText("  Debit switch  ")
        dialog.start.set_value(date(2027, 1, 4))
        dialog.target.set_value(date(2027, 6, 30))
        dialog.path.setText(str(tmp_path / "debit"))
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(NewMigrationDialog, "exec", fill_and_create)
    answer = NewMigrationDialog.ask()
    assert answer is not None
    path, migration = answer
    assert path == tmp_path / "debit.migrator" and not path.exists()  # the window creates it
    with MigrationService.create(path, migration) as created:
        saved = created.migration()
    assert (saved.name, saved.start, saved.target_go_live) == (
        "Debit switch",
        date(2027, 1, 4),
        date(2027, 6, 30),
    )

    monkeypatch.setattr(NewMigrationDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert NewMigrationDialog.ask() is None


# ---------------------------------------------------------------- settings


def test_settings_change_target_threshold_and_holiday_as_one_undo_step(
    qtbot: Any, document: PlanDocument
) -> None:
    before = document.service.migration()
    dialog = SettingsDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.target.set_value(date(2027, 7, 30))
    dialog.thresholds["red_slip_days"].setValue(15)
    dialog.tabs.setCurrentIndex(1)
    dialog.new_day.setDate(QDate(2027, 5, 1))
    dialog.new_day_name.setFocus()
    qtbot.keyClicks(dialog.new_day_name, "Labour Day")
    qtbot.keyClick(dialog.new_day_name, Qt.Key.Key_Return)  # adds the day; does not press OK
    assert dialog.isVisible()
    assert _column(dialog.day_table, 1) == ["Labour Day"]
    assert _column(dialog.day_table, 0) == ["Sat 1 May 2027"]

    dialog.ok_button.click()
    assert dialog.result() == Accepted
    after = document.plan.migration
    assert after.target_go_live == date(2027, 7, 30)
    assert after.health_thresholds == replace(before.health_thresholds, red_slip_days=15)
    assert after.name == before.name and after.start == before.start
    assert document.service.non_working_days() == {date(2027, 5, 1): "Labour Day"}
    assert document.undo_stack.count() == 1

    document.undo_stack.undo()
    restored = document.service.migration()
    assert (restored.target_go_live, restored.health_thresholds) == (
        before.target_go_live,
        before.health_thresholds,
    )
    assert document.service.non_working_days() == {}
    assert document.plan.migration.target_go_live == before.target_go_live
    document.undo_stack.redo()
    assert document.service.migration().target_go_live == date(2027, 7, 30)
    assert document.service.non_working_days() == {date(2027, 5, 1): "Labour Day"}


def test_settings_say_what_is_wrong_and_keep_ok_off(qtbot: Any, document: PlanDocument) -> None:
    dialog = SettingsDialog(document)
    qtbot.addWidget(dialog)
    assert dialog.ok_button.isEnabled() and dialog.message.text() == ""
    dialog.target.set_value(date(2026, 12, 1))
    assert not dialog.ok_button.isEnabled()
    assert "The target go-live (1 Dec 2026) must be after the start (4 Jan 2027)" in dialog.message.text()
    dialog.target.set_value(None)  # no target at all is fine
    assert dialog.ok_button.isEnabled()
    for box in dialog.weekdays:
        box.setChecked(False)
    assert "at least one working day" in dialog.message.text()
    dialog.weekdays[0].setChecked(True)
    dialog.name.clear()
    assert "needs a name" in dialog.message.text()
    dialog.accept()
    assert dialog.result() != Accepted
    assert document.undo_stack.count() == 0
    assert document.service.migration().target_go_live == date(2027, 6, 30)


def test_settings_stay_open_with_the_reason_when_the_file_refuses(qtbot: Any, demo: PlanDocument) -> None:
    dialog = SettingsDialog(demo)
    qtbot.addWidget(dialog)
    milestone = next(w for w in demo.plan.workstreams.values() if w.key == "LEG-3")
    dialog.milestone.setCurrentIndex(dialog.milestone.findData(milestone.id))
    demo.service.delete_workstream(milestone.id)  # behind the dialog's back
    dialog.show()
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result() != Accepted
    assert dialog.message.text() == (
        f"There is no workstream with id {milestone.id} in the file; it may have been removed in "
        "another window. The plan is read again from the file."
    )
    assert demo.undo_stack.count() == 0
    qtbot.waitUntil(lambda: milestone.id not in demo.plan.workstreams)  # the window catches up


def test_read_only_settings_can_only_be_looked_at(qtbot: Any, demo_file: Path) -> None:
    document = PlanDocument(MigrationService.open(demo_file, read_only=True, today=lambda: AS_OF))
    try:
        dialog = SettingsDialog(document)
        qtbot.addWidget(dialog)
        assert dialog.ok_button is None
        assert dialog.buttons.standardButtons() == QDialogButtonBox.StandardButton.Close
        assert not dialog.name.isEnabled() and not dialog.thresholds["due_soon_days"].isEnabled()
        assert not dialog.add_day_button.isEnabled() and dialog.day_table.rowCount() == 9
        assert "read-only" in dialog.message.text()
    finally:
        document.close()


# ---------------------------------------------------------------- teams


def _edit_team_with(monkeypatch: Any, fill: Any) -> list[TeamForm]:
    """Edit… opens a TeamForm that ``fill`` fills in and confirms; the forms shown are kept."""
    forms: list[TeamForm] = []

    def run(form: TeamForm) -> int:
        forms.append(form)
        fill(form)
        form.accept()
        return form.result()

    monkeypatch.setattr(TeamForm, "exec", run)
    return forms


def test_a_team_is_added_renamed_and_recoloured_each_as_one_undo_step(
    qtbot: Any, document: PlanDocument, monkeypatch: Any
) -> None:
    dialog = TeamsPeopleDialog(document)
    qtbot.addWidget(dialog)
    assert dialog.team_table.rowCount() == 0 and not dialog.edit_team_button.isEnabled()

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Risk", True))
    dialog.add_team_button.click()
    assert _column(dialog.team_table, 1) == ["Risk"]
    team_id = dialog.selected_team_id()
    assert team_id is not None and dialog.edit_team_button.isEnabled()

    _edit_team_with(monkeypatch, lambda form: form.name.setText("Risk & Fraud"))
    dialog.edit_team_button.click()
    monkeypatch.setattr(QColorDialog, "getColor", lambda *args: QColor("#12ab34"))
    dialog.colour_button.click()
    team = document.service.team(team_id)
    assert (team.name, team.colour) == ("Risk & Fraud", "#12AB34")
    assert _column(dialog.team_table, 1) == ["Risk & Fraud"]
    assert _cell(dialog.team_table, 0, 0).toolTip() == "#12AB34"
    assert dialog.selected_team_id() == team_id  # still selected after each refresh
    assert document.undo_stack.count() == 3

    document.undo_stack.undo()
    assert document.service.team(team_id).colour != "#12AB34"
    document.undo_stack.undo()
    assert _column(dialog.team_table, 1) == ["Risk"]
    document.undo_stack.undo()
    assert document.service.teams() == [] and dialog.team_table.rowCount() == 0


def test_a_teams_code_and_lead_change_as_one_step_and_undo_restores_both(
    qtbot: Any, demo: PlanDocument, monkeypatch: Any
) -> None:
    dialog = TeamsPeopleDialog(demo)
    qtbot.addWidget(dialog)
    banking = demo.service.team_by_code("BNK")
    keys = {w.id: w.key for w in demo.plan.workstreams.values() if w.team_id == banking.id}
    lead = next(p for p in demo.plan.people if p.id != banking.lead_id)
    notes: list[str] = []

    def recode(form: TeamForm) -> None:
        assert form.code.text() == "BNK" and form.lead.currentData() == banking.lead_id
        assert not form.form.isRowVisible(form.keys_note)  # nothing to say while the code is the same
        form.code.setText("card")
        assert form.form.isRowVisible(form.keys_note)
        notes.append(form.keys_note.text())
        form.lead.setCurrentIndex(form.lead.findText(lead.name))

    _edit_team_with(monkeypatch, recode)
    _select(dialog.team_table, 1, "Banking & Payments")
    dialog.edit_team_button.click()
    assert "Existing workstreams keep their keys (BNK-1, BNK-2, BNK-3, BNK-4, BNK-5 and" in notes[0]
    assert "new ones will get keys starting CARD-" in notes[0]
    team = demo.service.team(banking.id)
    assert (team.code, team.lead_id) == ("CARD", lead.id)
    row = _column(dialog.team_table, 1).index("Banking & Payments")
    assert (_cell(dialog.team_table, row, 2).text(), _cell(dialog.team_table, row, 3).text()) == (
        "CARD",
        lead.name,
    )
    assert {i: demo.plan.workstreams[i].key for i in keys} == keys  # as the note said
    assert demo.undo_stack.count() == 1

    demo.undo_stack.undo()
    team = demo.service.team(banking.id)
    assert (team.code, team.lead_id) == ("BNK", banking.lead_id)
    assert _cell(dialog.team_table, row, 2).text() == "BNK"
    demo.undo_stack.redo()
    assert demo.service.team(banking.id).code == "CARD"


def test_a_code_in_use_or_malformed_is_refused_in_the_form_with_the_reason(
    qtbot: Any, demo: PlanDocument, monkeypatch: Any
) -> None:
    dialog = TeamsPeopleDialog(demo)
    qtbot.addWidget(dialog)
    banking = demo.service.team_by_code("BNK")

    def malformed(form: TeamForm) -> None:
        form.code.setText("9X")
        assert "'9X' must be 2 to 10 letters or digits starting with a letter" in form.message.text()
        assert not form.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        form.code.setText("sal")

    forms = _edit_team_with(monkeypatch, malformed)
    _select(dialog.team_table, 1, "Banking & Payments")
    dialog.edit_team_button.click()
    [form] = forms
    assert form.result() != Accepted  # the form stays open, with what the user typed
    sales = demo.service.team_by_code("SAL")
    assert form.message.text() == f"Team code SAL is already the code of {sales.name}."
    assert form.code.text() == "sal"
    assert demo.service.team(banking.id).code == "BNK" and demo.undo_stack.count() == 0


def test_removing_a_team_moves_its_workstreams_where_the_user_chose_and_undo_brings_them_back(
    qtbot: Any, demo: PlanDocument, monkeypatch: Any
) -> None:
    dialog = TeamsPeopleDialog(demo)
    qtbot.addWidget(dialog)
    sales = demo.service.team_by_code("SAL")
    banking = demo.service.team_by_code("BNK")
    moved = {w.id for w in demo.plan.workstreams.values() if w.team_id == sales.id}
    banking_had = sum(1 for w in demo.plan.workstreams.values() if w.team_id == banking.id)
    members = {p.id for p in demo.plan.people if p.team_id == sales.id}
    asked: list[tuple[str, list[str]]] = []

    def choose(_parent: Any, _title: str, label: str, items: list[str], *_args: Any) -> tuple[str, bool]:
        asked.append((label, items))
        return answer

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    _select(dialog.team_table, 1, "Sales")
    answer = ("", False)  # cancelled: nothing happens
    dialog.remove_team_button.click()
    assert "Sales" in _column(dialog.team_table, 1) and demo.undo_stack.count() == 0

    answer = ("Banking & Payments (BNK)", True)
    dialog.remove_team_button.click()
    label, items = asked[-1]
    assert f"Sales has {len(moved)} workstreams" in label and f"{len(members)} members" in label
    assert "Sales (SAL)" not in items and len(items) == len(demo.plan.teams)
    assert "Sales" not in _column(dialog.team_table, 1)
    assert all(demo.plan.workstreams[i].team_id == banking.id for i in moved)
    row = _column(dialog.team_table, 1).index("Banking & Payments")
    assert _cell(dialog.team_table, row, 4).text() == str(banking_had + len(moved))

    demo.undo_stack.undo()
    assert demo.service.team(sales.id).name == "Sales"
    assert {w.id for w in demo.service.workstreams() if w.team_id == sales.id} == moved
    assert {p.id for p in demo.service.people() if p.team_id == sales.id} == members
    row = _column(dialog.team_table, 1).index("Sales")
    assert _cell(dialog.team_table, row, 4).text() == str(len(moved))


def test_removing_an_empty_team_asks_first(qtbot: Any, document: PlanDocument, monkeypatch: Any) -> None:
    team_id = document.create_team("Risk")
    dialog = TeamsPeopleDialog(document)
    qtbot.addWidget(dialog)
    _select(dialog.team_table, 1, "Risk")
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *args: next(answers))
    dialog.remove_team_button.click()
    assert _column(dialog.team_table, 1) == ["Risk"]
    dialog.remove_team_button.click()
    assert dialog.team_table.rowCount() == 0 and document.plan.teams == []
    document.undo_stack.undo()
    assert [t.id for t in document.plan.teams] == [team_id]


# ---------------------------------------------------------------- people


def test_people_are_added_edited_and_removed_with_undo(
    qtbot: Any, demo: PlanDocument, monkeypatch: Any
) -> None:
    dialog = TeamsPeopleDialog(demo)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    banking = demo.service.team_by_code("BNK")
    count = dialog.people_table.rowCount()

    def add_ada(form: PersonForm) -> int:
        form.name.setText("Ada Lovelace")
        form.email.setText("ada@")
        assert not form.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        assert form.message.text() == "'ada@' is not an email address."
        form.email.setText("ada@cardfleet.example")
        form.team.setCurrentIndex(form.team.findData(banking.id))
        form.accept()
        return form.result()

    monkeypatch.setattr(PersonForm, "exec", add_ada)
    dialog.add_person_button.click()
    ada = next(p for p in demo.plan.people if p.name == "Ada Lovelace")
    assert (ada.email, ada.team_id) == ("ada@cardfleet.example", banking.id)
    assert dialog.people_table.rowCount() == count + 1 and dialog.selected_person_id() == ada.id

    def move_ada(form: PersonForm) -> int:
        assert form.name.text() == "Ada Lovelace"
        form.team.setCurrentIndex(form.team.findData(None))
        form.accept()
        return form.result()

    monkeypatch.setattr(PersonForm, "exec", move_ada)
    dialog.edit_person_button.click()
    row = _column(dialog.people_table, 0).index("Ada Lovelace")
    assert _cell(dialog.people_table, row, 2).text() == "—"

    mateo = next(p for p in demo.plan.people if p.name == "Mateo García")
    owned = {w.id for w in demo.plan.workstreams.values() if w.owner_id == mateo.id}
    assert owned
    questions: list[str] = []

    def confirm(_parent: Any, _title: str, text: str) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    _select(dialog.people_table, 0, "Mateo García")
    dialog.remove_person_button.click()
    assert f"owns {len(owned)} workstreams" in questions[0] and "will have no owner" in questions[0]
    assert "Banking & Payments will have no lead" in questions[0]
    assert "Mateo García" not in _column(dialog.people_table, 0)
    assert all(demo.plan.workstreams[i].owner_id is None for i in owned)

    demo.undo_stack.undo()
    assert all(demo.plan.workstreams[i].owner_id == mateo.id for i in owned)
    assert demo.service.team(banking.id).lead_id == mateo.id
    assert "Mateo García" in _column(dialog.people_table, 0)
    demo.undo_stack.undo()
    demo.undo_stack.undo()
    assert "Ada Lovelace" not in _column(dialog.people_table, 0)
    assert dialog.people_table.rowCount() == count


def test_a_read_only_file_offers_no_changes_to_teams_or_people(qtbot: Any, demo_file: Path) -> None:
    document = PlanDocument(MigrationService.open(demo_file, read_only=True, today=lambda: AS_OF))
    try:
        dialog = TeamsPeopleDialog(document)
        qtbot.addWidget(dialog)
        dialog.team_table.selectRow(0)
        dialog.people_table.selectRow(0)
        buttons = [
            dialog.add_team_button, dialog.edit_team_button, dialog.colour_button,
            dialog.remove_team_button, dialog.add_person_button, dialog.edit_person_button,
            dialog.remove_person_button,
        ]  # fmt: skip
        assert not any(button.isEnabled() for button in buttons)
        assert dialog.team_table.rowCount() == 10
    finally:
        document.close()
