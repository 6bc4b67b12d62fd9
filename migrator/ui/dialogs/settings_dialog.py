"""The migration's settings: name, dates, go-live, calendar and health thresholds, saved as one step."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpacerItem,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.model import HealthThresholds
from migrator.domain.raid import RiskBands
from migrator.domain.rules import MAX_THRESHOLD_DAYS
from migrator.domain.wording import day_text
from migrator.ui.dialogs.new_migration_dialog import date_field, target_problem
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR, MUTED
from migrator.ui.widgets.date_edit import DateEdit, dates_read, with_message

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Each threshold: its label, whether it is a percentage, and what it means (domain.model.HealthThresholds).
THRESHOLDS = {
    "red_slip_days": (
        "Red slip:", False,
        "A workstream is red when it is forecast to finish more than this many working days late.",
    ),
    "amber_float_days": (
        "Amber float:", False,
        "Work leading to go-live is amber when it has this much float (time it can slip without "
        "moving go-live) or less.",
    ),
    "due_soon_days": (
        "Due soon:", False,
        "A workstream due within this many working days is amber if it is less done than the "
        "due-soon progress.",
    ),
    "due_soon_progress": (
        "Due-soon progress:", True,
        "How far along a workstream due soon should be; below this, it is amber.",
    ),
}  # fmt: skip


class SettingsDialog(QDialog):
    shows_refusals = True  # the main window leaves a refusal to the dialog's own message

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        migration = document.plan.migration
        self.days = document.non_working_days()
        self._days_before = dict(self.days)
        self.setWindowTitle("Migration settings")
        self.setMinimumSize(620, 440)

        # ---- the migration
        self.name = QLineEdit(migration.name)
        self.name.setMaxLength(200)
        self.description = QPlainTextEdit(migration.description)
        self.description.setTabChangesFocus(True)
        self.start = date_field(migration.start, document.as_of)
        self.target = date_field(migration.target_go_live, document.as_of)
        self.milestone = QComboBox()
        self.milestone.addItem("None", None)
        for workstream in document.plan.workstreams.values():
            # The current go-live stays listed even if it is no longer a milestone: OK must not drop it.
            if workstream.is_milestone or workstream.id == migration.go_live_milestone_id:
                self.milestone.addItem(f"{workstream.key} · {workstream.title}", workstream.id)
        self.milestone.setCurrentIndex(max(0, self.milestone.findData(migration.go_live_milestone_id)))
        self.milestone.setToolTip("The milestone whose forecast is the migration's go-live forecast.")
        general = QWidget()
        form = QFormLayout(general)
        form.addRow("Name:", self.name)
        form.addRow("Description:", self.description)
        form.addRow("Start:", with_message(self.start))
        form.addRow("Target go-live:", with_message(self.target))
        form.addRow("Go-live milestone:", self.milestone)

        # ---- the working calendar
        self.weekdays = [QCheckBox(day) for day in WEEKDAYS]
        weekday_row = QHBoxLayout()
        for number, box in enumerate(self.weekdays):
            box.setChecked(number in migration.working_weekdays)
            weekday_row.addWidget(box)
        weekday_row.addStretch(1)
        self.new_day = DateEdit(today=document.as_of, required=True)
        self.new_day.set_value(document.as_of)
        self.new_day_name = QLineEdit()
        self.new_day_name.setMaxLength(200)
        self.new_day_name.setPlaceholderText("Name, e.g. Easter Monday")
        self.add_day_button = QPushButton("Add")
        self.remove_day_button = QPushButton("Remove")
        add_row = QHBoxLayout()
        add_row.setAlignment(Qt.AlignmentFlag.AlignTop)
        add_row.addWidget(with_message(self.new_day))
        add_row.addWidget(self.new_day_name, 1)
        add_row.addWidget(self.add_day_button)
        self.day_table = QTableWidget(0, 2)
        self.day_table.setHorizontalHeaderLabels(["Date", "Name"])
        self.day_table.verticalHeader().hide()
        self.day_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.day_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_day_button)
        calendar = QWidget()
        calendar_layout = QVBoxLayout(calendar)
        calendar_layout.addWidget(QLabel("Working days of the week:"))
        calendar_layout.addLayout(weekday_row)
        calendar_layout.addWidget(
            QLabel("Public holidays and other days nobody works (names can be edited):")
        )
        calendar_layout.addLayout(add_row)
        calendar_layout.addWidget(self.day_table, 1)
        calendar_layout.addLayout(remove_row)

        # ---- health thresholds
        thresholds = migration.health_thresholds
        self.thresholds: dict[str, QSpinBox] = {}
        health = QWidget()
        health_form = QFormLayout(health)
        health_form.addRow(QLabel("When the analysis turns a workstream amber or red, for every team:"))
        for field, (label, percent, meaning) in THRESHOLDS.items():
            spin = QSpinBox()
            spin.setRange(0, 100 if percent else MAX_THRESHOLD_DAYS)
            spin.setSuffix(" %" if percent else " working days")
            spin.setValue(getattr(thresholds, field))
            spin.setMinimumWidth(150)
            explanation = QLabel(meaning)
            explanation.setWordWrap(True)
            explanation.setStyleSheet(f"color: {MUTED.color().name()};")
            field_column = QVBoxLayout()
            field_column.addWidget(spin, 0, Qt.AlignmentFlag.AlignLeft)
            field_column.addWidget(explanation)
            health_form.addRow(label, field_column)
            self.thresholds[field] = spin

        # ---- risk bands: when a RAID risk's score (probability × impact) is amber or red
        bands = migration.risk_bands
        health_form.addItem(QSpacerItem(0, 8))
        health_form.addRow(
            QLabel("When a risk in the RAID log is amber or red, by its score (probability × impact):")
        )
        self.risk_amber = QSpinBox()
        self.risk_red = QSpinBox()
        for spin, value in ((self.risk_amber, bands.amber_score), (self.risk_red, bands.red_score)):
            spin.setRange(1, 25)
            spin.setPrefix("score ")
            spin.setSuffix(" and up")
            spin.setValue(value)
            spin.setMinimumWidth(150)
            spin.valueChanged.connect(self._validate)
        for label, spin in (("Amber risks:", self.risk_amber), ("Red risks:", self.risk_red)):
            spin_row = QVBoxLayout()
            spin_row.addWidget(spin, 0, Qt.AlignmentFlag.AlignLeft)  # as wide as the thresholds' boxes
            health_form.addRow(label, spin_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(general, "Migration")
        self.tabs.addTab(calendar, "Working calendar")
        self.tabs.addTab(health, "Health thresholds")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};")
        if document.read_only:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            inputs: list[QWidget] = [
                self.name, self.start, self.target, self.milestone,
                *self.weekdays, self.new_day, self.new_day_name, self.add_day_button,
                *self.thresholds.values(), self.risk_amber, self.risk_red,
            ]  # fmt: skip
            for widget in inputs:
                widget.setEnabled(False)
            # Still readable and scrollable: only editing is off.
            self.description.setReadOnly(True)
            self.day_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.message.setStyleSheet("")
            self.message.setText(f"{document.name} is read-only, so its settings can't be changed.")
        else:
            self.buttons = QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._fill_days()

        self.name.textChanged.connect(self._validate)
        for day_field in (self.start, self.target):
            day_field.date_changed.connect(self._validate)
        for box in self.weekdays:
            box.toggled.connect(self._validate)
        self.add_day_button.clicked.connect(self.add_day)
        self.remove_day_button.clicked.connect(self.remove_days)
        self.day_table.itemChanged.connect(self._rename_day)
        self.day_table.itemSelectionChanged.connect(self._update_remove)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # While open, a refusal is also said here, beside the settings that caused it.
        self._listening = document.refused.connect(self.message.setText)
        if not document.read_only:
            self._validate()
        self._update_remove()

    # ------------------------------------------------------------ non-working days

    def _fill_days(self, select: date | None = None) -> None:
        self.day_table.blockSignals(True)  # filling is not the user renaming a day
        self.day_table.setRowCount(len(self.days))
        for row, day in enumerate(sorted(self.days)):
            when = QTableWidgetItem(day_text(day))
            when.setData(Qt.ItemDataRole.UserRole, day)
            when.setFlags(when.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.day_table.setItem(row, 0, when)
            self.day_table.setItem(row, 1, QTableWidgetItem(self.days[day]))
            if day == select:
                self.day_table.selectRow(row)
                self.day_table.scrollToItem(when)
        self.day_table.blockSignals(False)

    def add_day(self) -> None:
        """Add the chosen date; a date already listed takes the new name."""
        if not self.new_day.commit() or (day := self.new_day.value()) is None:
            return  # the reason is beside the date
        self.days[day] = self.new_day_name.text().strip()
        self.new_day_name.clear()
        self._fill_days(select=day)

    def remove_days(self) -> None:
        for row in {index.row() for index in self.day_table.selectedIndexes()}:
            when = self.day_table.item(row, 0)
            assert when is not None  # _fill_days gives every row its date
            self.days.pop(when.data(Qt.ItemDataRole.UserRole), None)
        self._fill_days()
        self._update_remove()

    def _rename_day(self, item: QTableWidgetItem) -> None:
        when = self.day_table.item(item.row(), 0)
        assert when is not None  # _fill_days gives every row its date
        self.days[when.data(Qt.ItemDataRole.UserRole)] = item.text().strip()

    def _update_remove(self) -> None:
        self.remove_day_button.setEnabled(
            not self.document.read_only and bool(self.day_table.selectedIndexes())
        )

    # ------------------------------------------------------------ checking and saving

    def _working_weekdays(self) -> frozenset[int]:
        return frozenset(number for number, box in enumerate(self.weekdays) if box.isChecked())

    def _problem(self) -> str:
        if not self.name.text().strip():
            return "The migration needs a name (Migration tab)."
        if problem := target_problem(self.start.value(), self.target.value()):
            return f"{problem} (Migration tab)"
        if not self._working_weekdays():
            return "Tick at least one working day of the week (Working calendar tab)."
        if self.risk_red.value() <= self.risk_amber.value():
            return "Red risks need a higher score than amber ones (Health thresholds tab)."
        return ""

    def _validate(self) -> None:
        problem = self._problem()
        self.message.setText(problem)
        if self.ok_button is not None:
            self.ok_button.setEnabled(not problem)

    def changes(self) -> dict[str, Any]:
        """The settings the user changed, with their new values, as update_migration takes them."""
        migration = self.document.plan.migration
        wanted: dict[str, Any] = {
            "name": self.name.text().strip(),
            "description": self.description.toPlainText(),
            "start": self.start.value(),
            "target_go_live": self.target.value(),
            "go_live_milestone_id": self.milestone.currentData(),
            "working_weekdays": self._working_weekdays(),
            "health_thresholds": HealthThresholds(
                **{field: spin.value() for field, spin in self.thresholds.items()}
            ),
            "risk_bands": RiskBands(self.risk_amber.value(), self.risk_red.value()),
        }
        return {field: value for field, value in wanted.items() if getattr(migration, field) != value}

    def accept(self) -> None:
        if not dates_read(self.start, self.target):
            return  # the reason is beside the date
        if self.document.read_only or self._problem():
            return
        changes = self.changes()
        days = self.days if self.days != self._days_before else None
        if (changes or days is not None) and not self.document.update_migration(changes, days):
            return  # refused: the message says why and the dialog keeps what the user typed
        super().accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter after typing a holiday's name adds it, rather than pressing OK without it.
        if self.focusWidget() is self.new_day_name and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_day()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        QObject.disconnect(self._listening)  # a dialog kept by its parent must not hear later refusals
        super().done(result)
