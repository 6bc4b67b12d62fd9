"""The slip-impact preview: what moves if one workstream slips, and applying that as one undo step."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel, MovedWorkstream, PlanAnalysis, SlipImpact
from migrator.domain.errors import MigratorError
from migrator.domain.model import Status, Workstream
from migrator.domain.wording import date_text, day_text, plural, working_days
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR, dot
from migrator.ui.widgets.date_edit import DateEdit, with_message

DEBOUNCE_MS = 60  # typing "12" previews once, not for "1" and then "12"
SHOWN_ROWS = 8  # the table opens showing this many moved items without scrolling
FEWEST_ROWS = 4  # it gives up rows to a summary that wraps further, rather than cut the summary off
MUTED = "#455A64"
RED = HEALTH_COLOUR[HealthLevel.RED]
GREEN = HEALTH_COLOUR[HealthLevel.GREEN]
KEY, TITLE, TEAM, BEFORE, AFTER, LATER = range(6)
HEADERS = ("Key", "Title", "Team", "Finish before", "Finish after", "Moves")


def _unbroken(name: str) -> str:
    """A name as rich text that wraps only between names, not inside one."""
    return html.escape(name).replace(" ", "&nbsp;")


class MovedModel(QAbstractTableModel):
    """The moved workstreams of a preview; cells are written only when shown, so a slip that
    moves thousands of items fills the table at once."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.rows: tuple[MovedWorkstream, ...] = ()
        self.analysis: PlanAnalysis | None = None
        self.slipped_id: int | None = None
        self.colours: dict[str, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(
        self, rows: tuple[MovedWorkstream, ...], analysis: PlanAnalysis | None, slipped_id: int | None = None
    ) -> None:
        self.beginResetModel()
        self.rows, self.analysis, self.slipped_id = rows, analysis, slipped_id
        self.colours = {t.name: t.colour for t in self.document.plan.teams}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section == LATER
        ):
            return "Working days its forecast finish moves"
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        moved, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == KEY:
                return moved.key
            if column == TITLE:
                workstream = self.document.plan.workstreams.get(moved.workstream_id)
                return workstream.title if workstream else ""
            if column == TEAM:
                return moved.team
            if column == BEFORE:
                return day_text(moved.forecast_finish_before)
            if column == AFTER:
                return day_text(moved.forecast_finish_after)
            if self.analysis is not None:
                days = self.analysis.working_days_between(
                    moved.forecast_finish_before, moved.forecast_finish_after
                )
                return f"+{days}" if role == Qt.ItemDataRole.DisplayRole else f"{working_days(days)} later"
        elif role == Qt.ItemDataRole.DecorationRole and column == TEAM:
            return dot(self.colours.get(moved.team, "#9E9E9E"))
        elif role == Qt.ItemDataRole.FontRole and moved.workstream_id == self.slipped_id:
            return self._bold
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == LATER:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


class MovedTable(QTableView):
    """The table of what a preview moves, its columns sized for keys, dates and team names."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = MovedModel(document, self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setHighlightSections(False)
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        pad = 24
        team_names = max((metrics.horizontalAdvance(t.name) for t in document.plan.teams), default=80)
        date_width = metrics.horizontalAdvance("Wed 30 Sep 2027") + pad
        widths = {
            KEY: metrics.horizontalAdvance("WWW-0000") + pad,
            TITLE: 320,
            TEAM: min(240, team_names) + pad + 20,  # and the team's dot
            BEFORE: date_width,
            AFTER: date_width,
            LATER: metrics.horizontalAdvance("Moves") + pad,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        frame = 2 * self.frameWidth()
        self.setMinimumHeight(self.height_for(FEWEST_ROWS))
        self.setMinimumWidth(sum(widths.values()) + frame + self.verticalScrollBar().sizeHint().width())

    def height_for(self, rows: int) -> int:
        """The height that shows ``rows`` rows under the header."""
        header = self.horizontalHeader().sizeHint().height()
        return header + rows * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth()


class WhatIfDialog(QDialog):
    """Previews a slip of ``workstream_id`` as the user types, and applies it as one undo step."""

    previewed = Signal(list)  # ids of the workstreams the preview moves; [] when cleared or closed
    shows_refusals = True  # the main window leaves a refusal to the dialog's own message

    def __init__(self, document: PlanDocument, workstream_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.workstream_id = workstream_id
        self.impact: SlipImpact | None = None  # the preview shown, while it matches the plan
        workstream = document.plan.workstreams[workstream_id]
        self._key = workstream.key
        self.setWindowTitle(f"What if {workstream.key} slips…")

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.team = QLabel()
        self.planned_due = QLabel()
        self.forecast = QLabel()
        self.forecast.setTextFormat(Qt.TextFormat.RichText)
        about = QFormLayout()
        about.addRow("Workstream:", self.heading)
        about.addRow("Team:", self.team)
        about.addRow("Planned due:", self.planned_due)
        about.addRow("Forecast finish:", self.forecast)

        self.by_days = QRadioButton("Slips by")
        self.by_date = QRadioButton("New due date")
        choice = QButtonGroup(self)
        choice.addButton(self.by_days)
        choice.addButton(self.by_date)
        self.by_days.setChecked(True)
        self.days = QSpinBox()
        self.days.setRange(1, 999)
        self.days.setValue(5)
        self.days.setSuffix(" working days")
        self.days.setMinimumWidth(160)
        start = workstream.planned_due or document.as_of
        self.new_due = DateEdit(today=document.as_of, required=True)
        self.new_due.set_value(start)
        self.new_due.setMinimumWidth(160)
        self.new_due.setEnabled(False)
        inputs = QGridLayout()
        inputs.addWidget(self.by_days, 0, 0)
        inputs.addWidget(self.days, 0, 1)
        inputs.addWidget(self.by_date, 1, 0)
        inputs.addWidget(with_message(self.new_due), 1, 1)
        inputs.setColumnStretch(2, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        # Two lines kept for it, so the table does not jump as the go-live holds or moves.
        self.summary.setMinimumHeight(2 * self.summary.fontMetrics().lineSpacing())
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {RED};")
        self.message.hide()
        self.table = MovedTable(document)
        self.model = self.table.model_
        self.teams = QLabel()
        self.teams.setWordWrap(True)
        self.teams.setTextFormat(Qt.TextFormat.RichText)
        # Started work may not move, yet waits longer on what it started before.
        self.waiting = QLabel()
        self.waiting.setWordWrap(True)
        self.waiting.hide()
        self.move_dependents = QCheckBox()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Apply")
        if document.read_only:
            why = f"{document.name} is read-only, so its plan can't be changed."
            self.apply_button.setToolTip(why)
            self.move_dependents.setToolTip(why)
        else:
            self.apply_button.setToolTip("Change the planned dates as shown; Edit → Undo puts them back")

        layout = QVBoxLayout(self)
        layout.addLayout(about)
        layout.addSpacing(6)
        layout.addLayout(inputs)
        layout.addSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.teams)
        layout.addWidget(self.waiting)
        layout.addWidget(self.move_dependents)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.days.valueChanged.connect(self._days_changed)
        self.new_due.date_changed.connect(self._timer.start)
        self.by_date.toggled.connect(self._mode_changed)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self._followed: tuple[SignalInstance, ...] = (
            document.analysed,
            document.analysis_failed,
            document.workstreams_changed,
            document.dependencies_changed,
            document.reloaded,
        )
        for signal in self._followed:
            signal.connect(self._plan_changed)
        self._describe(workstream, None)
        self.refresh()
        # Opened with room for SHOWN_ROWS; the layout counts the table at its size hint.
        table = max(self.table.sizeHint().height(), self.table.minimumHeight())
        hint = self.sizeHint()
        self.resize(hint.width(), hint.height() + self.table.height_for(SHOWN_ROWS) - table)
        self.days.setFocus()
        self.days.selectAll()

    # ------------------------------------------------------------ following the plan

    def _current_analysis(self) -> PlanAnalysis | None:
        """The document's analysis if it is of the plan as it is now, else None (one is coming)."""
        return self.document.analysis if self.document.analysis_is_current else None

    def _plan_changed(self, *_args: object) -> None:
        self.refresh()

    def _days_changed(self, days: int) -> None:
        self.days.setSuffix(" working day" if days == 1 else " working days")
        self._timer.start()

    def _mode_changed(self, by_date: bool) -> None:
        self.days.setEnabled(not by_date)
        self.new_due.setEnabled(by_date)
        if by_date and self.impact is not None and self.impact.moved:
            # Start from the finish the day count gave, so switching over keeps the preview.
            own = self._own(self.impact)
            if own is not None:
                finish = own.forecast_finish_after
                self.new_due.set_value(finish)
        (self.new_due if by_date else self.days).setFocus()
        self.refresh()

    # ------------------------------------------------------------ the preview

    def refresh(self) -> None:
        """Preview the slip now (the inputs wait a moment after each keystroke)."""
        self._timer.stop()
        workstream = self.document.plan.workstreams.get(self.workstream_id)
        if workstream is None:
            self._describe(None, None)
            self._show_problem(f"{self._key} is no longer in the plan.")
            return
        self._key = workstream.key
        failed = self.document.analysis_error
        analysis = None if failed else self._current_analysis()
        self._describe(workstream, analysis)
        if failed:
            # Until an analysis succeeds, the last one's figures are out of date.
            self._show_problem(
                f"The analysis failed ({failed}): the preview can't be computed "
                "until the plan is analysed again."
            )
            return
        if analysis is None:
            self._show_waiting()
            return
        try:
            if self.by_date.isChecked():
                impact = analysis.slip_impact(workstream.key, new_due=self._new_due())
            else:
                impact = analysis.slip_impact(workstream.key, days=self.days.value())
        except MigratorError as error:
            self._show_problem(str(error))
            return
        self._show(impact, analysis)

    def _describe(self, workstream: Workstream | None, analysis: PlanAnalysis | None) -> None:
        if workstream is None:
            self.heading.setText(f"<b>{html.escape(self._key)}</b>")
            self.team.setText("")
            self.planned_due.setText("")
            self.forecast.setText("")
            return
        self.heading.setText(
            f"<b>{html.escape(workstream.key)}</b>&nbsp;&nbsp;{html.escape(workstream.title)}"
        )
        team = self.document.team(workstream.team_id)
        colour = team.colour if team else "#9E9E9E"
        self.team.setText(f"<span style='color:{colour}'>●</span> {html.escape(workstream.team_name)}")
        self.planned_due.setText(day_text(workstream.planned_due) if workstream.planned_due else "not set")
        if analysis is None:
            self.forecast.setText(
                "not known: the analysis failed" if self.document.analysis_error else "Analysing…"
            )
            return
        glance = analysis.glance(workstream.id)
        if glance.forecast_finish is None:
            self.forecast.setText("none: cancelled work has no forecast")
            return
        text = day_text(glance.forecast_finish)
        if glance.days_late == 0:
            text += f"&nbsp;&nbsp;<span style='color:{MUTED}'>(on time)</span>"
        elif glance.days_late:
            late = glance.days_late > 0
            how = f"{working_days(glance.days_late)} {'late' if late else 'early'}"
            text += f"&nbsp;&nbsp;<span style='color:{RED if late else GREEN}'>({how})</span>"
        self.forecast.setText(text)

    def _show(self, impact: SlipImpact, analysis: PlanAnalysis) -> None:
        self.impact = impact
        self.message.hide()
        self.model.set_rows(impact.moved, analysis, self.workstream_id)
        self.table.setEnabled(True)
        self.summary.setText(self._summary(impact))
        self.summary.show()
        colours = {t.name: t.colour for t in self.document.plan.teams}
        self.teams.setText(
            "Teams touched: "
            + ", ".join(
                f"<span style='color:{colours.get(name, '#9E9E9E')}'>●</span>&nbsp;{_unbroken(name)}"
                for name in impact.teams
            )
        )
        self.teams.setVisible(bool(impact.teams))
        self.waiting.setText(
            "Started early, left waiting longer: "
            + "; ".join(
                f"{w.key} waits on {w.predecessor} ({w.link_type}) until {day_text(w.waits_until)}"
                for w in impact.waiting
            )
        )
        self.waiting.setVisible(bool(impact.waiting))
        dependents = sum(1 for m in impact.moved if m.workstream_id != self.workstream_id)
        self.move_dependents.setText(
            f"Also move the planned dates of the {plural(dependents, 'dependent')} to their new forecasts"
            if dependents
            else "No dependent moves, so no other planned dates change"
        )
        self.move_dependents.setEnabled(bool(dependents) and not self.document.read_only)
        if not dependents:
            self.move_dependents.setChecked(False)
        self.apply_button.setEnabled(not self.document.read_only)
        self.previewed.emit([m.workstream_id for m in impact.moved])

    def _summary(self, impact: SlipImpact) -> str:
        key = html.escape(impact.key)
        others = sum(1 for m in impact.moved if m.key != impact.key)
        if not impact.moved:
            moves = f"Nothing moves: {key} is already forecast to finish then"
        elif not others:
            moves = f"Only {key} itself moves"
        else:
            teams = plural(len(impact.teams), "team")
            moves = f"{len(impact.moved)} workstreams in {teams} move ({key} and {others} downstream)"
        before, after = impact.projected_finish_before, impact.projected_finish_after
        if before is None or after is None:
            return f"<b>{moves}.</b>"
        if impact.go_live_shift:
            shift = f"+{working_days(impact.go_live_shift)}"
            go_live = (
                f"<span style='color:{RED}'>the projected go-live moves from {date_text(before)} "
                f"to {date_text(after)} ({shift})</span>"
            )
        else:
            go_live = f"<span style='color:{GREEN}'>the go-live holds at {date_text(before)}</span>"
        return f"<b>{moves}; {go_live}.</b>"

    def _show_waiting(self) -> None:
        """Keep the last preview greyed out until the analysis of the changed plan arrives."""
        self.summary.setText(f"<span style='color:{MUTED}'>Analysing…</span>")
        self.summary.show()
        self.message.hide()
        self.table.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.move_dependents.setEnabled(False)
        self.impact = None

    def _show_problem(self, problem: str) -> None:
        self.impact = None
        self.message.setText(problem)
        self.message.show()
        self.summary.hide()
        self.teams.hide()
        self.waiting.hide()
        self.move_dependents.setText("Also move the planned dates of the dependents to their new forecasts")
        self.model.set_rows((), None, self.workstream_id)
        self.apply_button.setEnabled(False)
        self.move_dependents.setEnabled(False)
        self.previewed.emit([])

    def _new_due(self) -> date:
        return self.new_due.value() or self.new_due.today  # required: never empty

    def _own(self, impact: SlipImpact) -> MovedWorkstream | None:
        """How the slipped workstream itself moves in ``impact``."""
        return next((m for m in impact.moved if m.workstream_id == self.workstream_id), None)

    # ------------------------------------------------------------ apply or cancel

    def apply(self) -> None:
        """Change the planned dates as previewed, as one undo step; a refusal is shown here."""
        if self.by_date.isChecked() and not self.new_due.commit():
            return  # the reason is beside the date
        self.refresh()  # the inputs may have changed within the debounce
        impact = self.impact
        if impact is None or self.document.read_only:
            return
        own = self._own(impact)
        new_due = own.forecast_finish_after if own else self._new_due()
        changes: dict[int, dict[str, Any]] = {self.workstream_id: {"planned_due": new_due}}
        slipped = self.document.plan.workstreams.get(self.workstream_id)
        analysis = self.document.analysis
        if slipped is not None and slipped.status in (Status.NOT_STARTED, Status.BLOCKED):
            # Work not started slips whole, as previewed: pushed past its planned start (by the
            # as-of date or what it waits on), a later due date alone would lengthen it instead.
            # A new due date that moves nothing keeps the start the forecast has now.
            start = own.forecast_start_after if own else None
            if start is None and analysis is not None and self.workstream_id in analysis.workstreams:
                start = analysis.workstreams[self.workstream_id].forecast_start
            if start is not None:
                changes[self.workstream_id]["planned_start"] = start
        if self.move_dependents.isChecked():
            for m in impact.moved:
                if m.workstream_id != self.workstream_id:
                    changes[m.workstream_id] = {
                        "planned_start": m.forecast_start_after,
                        "planned_due": m.forecast_finish_after,
                    }
        if self.by_date.isChecked():
            text = f"What if: {impact.key} is due {date_text(new_due)}"
        else:
            text = f"What if: {impact.key} slips {working_days(impact.slip_days)}"
        with self.document.refusals() as refusals:
            self.document.edit_workstreams(changes, text)
        if refusals:
            self.message.setText(refusals[0])
            self.message.show()
            return
        self.accept()

    def showEvent(self, event: QShowEvent) -> None:
        # The first preview was made before anyone could connect to ``previewed``.
        super().showEvent(event)
        if self.impact is not None:
            self.previewed.emit([m.workstream_id for m in self.impact.moved])

    def done(self, result: int) -> None:
        # Closing by Apply, Cancel, Escape or the title bar: the timeline drops the highlight,
        # and a closed dialog stops following the plan.
        self._timer.stop()
        for signal in self._followed:
            signal.disconnect(self._plan_changed)
        self._followed = ()
        self.previewed.emit([])
        super().done(result)
