"""Teams and people: add, edit, recolour and remove them, each change one undoable step."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.errors import ValidationError
from migrator.domain.model import Person, Team
from migrator.domain.rules import check_email, normalise_team_code
from migrator.domain.wording import plural
from migrator.domain.workstream_state import key_order
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR, dot

ID_ROLE = Qt.ItemDataRole.UserRole
NO_TEAM = "No team"
NO_LEAD = "No lead"


def keys_text(keys: list[str], shown: int = 5) -> str:
    """``BNK-1, BNK-4 and 3 more``: a few keys, enough to recognise the work."""
    if len(keys) <= shown:
        return ", ".join(keys)
    return f"{', '.join(keys[:shown])} and {len(keys) - shown} more"


class PersonForm(QDialog):
    """A person's name, email and team, for adding or editing one person."""

    def __init__(
        self, teams: list[Team], person: Person | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit {person.name}" if person else "Add person")
        self.setMinimumWidth(420)
        self.name = QLineEdit(person.name if person else "")
        self.name.setMaxLength(200)
        self.email = QLineEdit(person.email or "" if person else "")
        self.email.setPlaceholderText("Optional")
        self.team = QComboBox()
        self.team.addItem(NO_TEAM, None)
        for team in teams:
            self.team.addItem(f"{team.name} ({team.code})", team.id)
        self.team.setCurrentIndex(max(0, self.team.findData(person.team_id if person else None)))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow("Name:", self.name)
        form.addRow("Email:", self.email)
        form.addRow("Team:", self.team)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._validate)
        self.email.textChanged.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def _validate(self) -> None:
        problem = ""
        try:
            check_email(self.email.text())
        except ValidationError as error:
            problem = str(error)
        self.message.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.name.text().strip()) and not problem
        )

    def values(self) -> dict[str, Any]:
        """Name, email and team as create_person and update_person take them."""
        return {
            "name": self.name.text().strip(),
            "email": self.email.text().strip() or None,
            "team_id": self.team.currentData(),
        }


class TeamForm(QDialog):
    """A team's name, code and lead, changed as one undoable step; a refusal is said here, in place."""

    shows_refusals = True  # the main window leaves a refusal to the dialog's own message

    def __init__(self, document: PlanDocument, team: Team, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.team = team
        self.setWindowTitle(f"Edit {team.name}")
        self.setMinimumWidth(480)
        self.name = QLineEdit(team.name)
        self.name.setMaxLength(200)
        self.code = QLineEdit(team.code)
        self.code.setMaxLength(10)
        self.lead = QComboBox()
        self.lead.addItem(NO_LEAD, None)
        for person in document.plan.people:
            self.lead.addItem(person.name, person.id)
        self.lead.setCurrentIndex(max(0, self.lead.findData(team.lead_id)))
        self.keys_note = QLabel()
        self.keys_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.form = QFormLayout(self)
        self.form.addRow("Name:", self.name)
        self.form.addRow("Code:", self.code)
        self.form.addRow(self.keys_note)
        self.form.addRow("Lead:", self.lead)
        self.form.addRow(self.message)
        self.form.addRow(self.buttons)
        self.name.textChanged.connect(self._validate)
        self.code.textChanged.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._listening = document.refused.connect(self._say_refusal)
        self._validate()

    def _say_refusal(self, message: str) -> None:
        self.message.setText(message)
        self._fit_height()

    def _validate(self) -> None:
        """Say what a new code means for the keys before OK, and why OK is off when it can't be."""
        code, problem = self.team.code, ""
        try:
            code = normalise_team_code(self.code.text())
        except ValidationError as error:
            problem = str(error)
        self.message.setText(problem)
        self.keys_note.setText(self._keys_text(code) if code != self.team.code else "")
        self.form.setRowVisible(self.keys_note, bool(self.keys_note.text()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.name.text().strip()) and not problem
        )
        self._fit_height()

    def _fit_height(self) -> None:
        # Wrapped labels don't make a shown dialog taller by themselves: a note or a message that
        # appears would be cut off.
        if self.isVisible():
            self.form.activate()
            self.resize(self.width(), self.heightForWidth(self.width()))

    def _keys_text(self, code: str) -> str:
        # update_team leaves existing keys as they are; only keys given out later use the new code.
        keys = sorted(
            (w.key for w in self.document.plan.workstreams.values() if w.team_id == self.team.id),
            key=key_order,
        )
        if not keys:
            return f"New workstreams will get keys starting {code}-."
        return (
            f"Existing workstreams keep their keys ({keys_text(keys)}); "
            f"new ones will get keys starting {code}-."
        )

    def changes(self) -> dict[str, Any]:
        """What the user changed, as update_team takes it."""
        wanted = {
            "name": self.name.text().strip(),
            "code": self.code.text().strip().upper(),
            "lead_id": self.lead.currentData(),
        }
        return {field: value for field, value in wanted.items() if getattr(self.team, field) != value}

    def accept(self) -> None:
        changes = self.changes()
        if changes and not self.document.update_team(self.team.id, changes):
            return  # refused: the message says why and the form keeps what the user typed
        super().accept()

    def done(self, result: int) -> None:
        QObject.disconnect(self._listening)
        super().done(result)


class TeamsPeopleDialog(QDialog):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Teams and people")
        self.setMinimumSize(760, 460)

        self.team_table = self._table(["", "Team", "Code", "Lead", "Workstreams"], stretch=1)
        self.add_team_button = QPushButton("Add…")
        self.edit_team_button = QPushButton("Edit…")
        self.colour_button = QPushButton("Colour…")
        self.remove_team_button = QPushButton("Remove…")
        self.people_table = self._table(["Name", "Email", "Team"], stretch=1)
        self.add_person_button = QPushButton("Add…")
        self.edit_person_button = QPushButton("Edit…")
        self.remove_person_button = QPushButton("Remove…")

        self.tabs = QTabWidget()
        self.tabs.addTab(
            self._page(self.team_table, [
                self.add_team_button, self.edit_team_button, self.colour_button, self.remove_team_button,
            ]),
            "Teams",
        )  # fmt: skip
        self.tabs.addTab(
            self._page(self.people_table, [
                self.add_person_button, self.edit_person_button, self.remove_person_button,
            ]),
            "People",
        )  # fmt: skip
        note = QLabel("Each change is saved at once; Edit → Undo in the window takes it back.")
        if document.read_only:
            note.setText(f"{document.name} is read-only, so its teams and people can't be changed.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.refresh()

        self.add_team_button.clicked.connect(self.add_team)
        self.edit_team_button.clicked.connect(self.edit_team)
        self.colour_button.clicked.connect(self.recolour_team)
        self.remove_team_button.clicked.connect(self.remove_team)
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.remove_person_button.clicked.connect(self.remove_person)
        self.team_table.itemSelectionChanged.connect(self._update_buttons)
        self.people_table.itemSelectionChanged.connect(self._update_buttons)
        self.team_table.itemDoubleClicked.connect(lambda _item: self.edit_team_button.click())
        self.people_table.itemDoubleClicked.connect(lambda _item: self.edit_person_button.click())
        buttons.rejected.connect(self.reject)
        self._listening = document.reloaded.connect(self.refresh)

    # ------------------------------------------------------------ building

    def _table(self, headers: list[str], stretch: int) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return table

    def _page(self, table: QTableWidget, buttons: list[QPushButton]) -> QWidget:
        column = QVBoxLayout()
        for button in buttons:
            column.addWidget(button)
        column.addStretch(1)
        page = QWidget()
        row = QHBoxLayout(page)
        row.addWidget(table, 1)
        row.addLayout(column)
        return page

    # ------------------------------------------------------------ showing the plan

    def refresh(self) -> None:
        """Fill both tables from the plan, keeping the selected team and person selected."""
        plan = self.document.plan
        team_id, person_id = self.selected_team_id(), self.selected_person_id()
        counts = Counter(w.team_id for w in plan.workstreams.values())
        team_rows = [
            (team.id, ["", team.name, team.code, team.lead_name or "—", str(counts[team.id])])
            for team in plan.teams
        ]
        self._fill(self.team_table, team_rows, team_id)
        for row, team in enumerate(plan.teams):
            swatch, count = self.team_table.item(row, 0), self.team_table.item(row, 4)
            assert swatch is not None and count is not None  # _fill made every cell
            swatch.setIcon(dot(team.colour, 14))
            swatch.setToolTip(team.colour)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        names = {team.id: team.name for team in plan.teams}
        person_rows = [
            (person.id, [person.name, person.email or "", names.get(person.team_id or 0, "—")])
            for person in plan.people
        ]
        self._fill(self.people_table, person_rows, person_id)
        self._update_buttons()

    def _fill(self, table: QTableWidget, rows: list[tuple[int, list[str]]], select: int | None) -> None:
        table.setRowCount(len(rows))
        table.clearSelection()
        for row, (row_id, texts) in enumerate(rows):
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, row_id)
                table.setItem(row, column, item)
            if row_id == select:
                table.selectRow(row)

    def _update_buttons(self) -> None:
        editable = not self.document.read_only
        team, person = self.selected_team_id() is not None, self.selected_person_id() is not None
        self.add_team_button.setEnabled(editable)
        self.add_person_button.setEnabled(editable)
        for button in (self.edit_team_button, self.colour_button, self.remove_team_button):
            button.setEnabled(editable and team)
        for button in (self.edit_person_button, self.remove_person_button):
            button.setEnabled(editable and person)

    def _selected(self, table: QTableWidget) -> int | None:
        rows = table.selectionModel().selectedRows()
        item = table.item(rows[0].row(), 0) if rows else None
        return item.data(ID_ROLE) if item is not None else None

    def selected_team_id(self) -> int | None:
        return self._selected(self.team_table)

    def selected_person_id(self) -> int | None:
        return self._selected(self.people_table)

    def select(self, table: QTableWidget, row_id: int) -> None:
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            if item is not None and item.data(ID_ROLE) == row_id:
                table.selectRow(row)
                return

    def _team(self) -> Team | None:
        return self.document.team(self.selected_team_id() or 0)

    def _person(self) -> Person | None:
        person_id = self.selected_person_id()
        return next((p for p in self.document.plan.people if p.id == person_id), None)

    # ------------------------------------------------------------ teams

    def add_team(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Add team", "Team name (its code for workstream keys is suggested from it):"
        )
        if ok and name.strip():
            team_id = self.document.create_team(name.strip())
            if team_id is not None:
                self.select(self.team_table, team_id)

    def edit_team(self) -> None:
        team = self._team()
        if team is None:
            return
        form = TeamForm(self.document, team, self)
        try:
            form.exec()
        finally:
            form.deleteLater()

    def recolour_team(self) -> None:
        team = self._team()
        if team is None:
            return
        colour = QColorDialog.getColor(QColor(team.colour), self, f"Colour of {team.name}")
        if colour.isValid() and colour.name().upper() != team.colour.upper():
            self.document.update_team(team.id, {"colour": colour.name().upper()})

    def remove_team(self) -> None:
        """Remove the team; its workstreams move to a team the user picks, its people keep no team."""
        team = self._team()
        if team is None:
            return
        plan = self.document.plan
        workstreams = sum(1 for w in plan.workstreams.values() if w.team_id == team.id)
        members = sum(1 for p in plan.people if p.team_id == team.id)
        people = f" Its {plural(members, 'member')} will have no team." if members else ""
        move_to: int | None = None
        if workstreams:
            others = [t for t in plan.teams if t.id != team.id]
            if not others:
                QMessageBox.information(
                    self, "Team not removed",
                    f"{team.name} still has {plural(workstreams, 'workstream')} and there is no other "
                    "team to move them to. Add another team first.",
                )  # fmt: skip
                return
            choices = [f"{t.name} ({t.code})" for t in others]
            choice, ok = QInputDialog.getItem(
                self, f"Remove {team.name}",
                f"{team.name} has {plural(workstreams, 'workstream')}.{people}\nMove the workstreams to:",
                choices, 0, False,
            )  # fmt: skip
            if not ok or choice not in choices:
                return
            move_to = others[choices.index(choice)].id
        elif (
            QMessageBox.question(self, "Remove team?", f"Remove {team.name}? It has no workstreams.{people}")
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.document.delete_team(team.id, move_workstreams_to=move_to)

    # ------------------------------------------------------------ people

    def _ask_person(self, person: Person | None = None) -> dict[str, Any] | None:
        form = PersonForm(self.document.plan.teams, person, self)
        try:
            return form.values() if form.exec() == QDialog.DialogCode.Accepted else None
        finally:
            form.deleteLater()

    def add_person(self) -> None:
        values = self._ask_person()
        if values is not None:
            person_id = self.document.create_person(**values)
            if person_id is not None:
                self.select(self.people_table, person_id)

    def edit_person(self) -> None:
        person = self._person()
        if person is None:
            return
        values = self._ask_person(person)
        if values is None:
            return
        changes = {field: value for field, value in values.items() if getattr(person, field) != value}
        if changes:
            self.document.update_person(person.id, changes)

    def remove_person(self) -> None:
        """Remove the person after saying what they leave behind: unowned workstreams, a team without lead."""
        person = self._person()
        if person is None:
            return
        plan = self.document.plan
        owned = [w.key for w in plan.workstreams.values() if w.owner_id == person.id]
        led = [t.name for t in plan.teams if t.lead_id == person.id]
        lines = [f"Remove {person.name}?"]
        if owned:
            lines.append(
                f"{person.name} owns {plural(len(owned), 'workstream')} ({keys_text(owned)}); "
                f"{'it' if len(owned) == 1 else 'they'} will have no owner."
            )
        if led:
            lines.append(f"{' and '.join(led)} will have no lead.")
        if QMessageBox.question(self, "Remove person?", "\n".join(lines)) == QMessageBox.StandardButton.Yes:
            self.document.delete_person(person.id)

    def done(self, result: int) -> None:
        QObject.disconnect(self._listening)  # a closed dialog kept by its parent stops refilling
        super().done(result)
