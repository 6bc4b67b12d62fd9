"""What moves if a decision comes late: the work it gates and everything after it, previewed as
the number of working days is typed. A preview only: nothing in the plan changes."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import DecisionImpact, HealthLevel
from migrator.domain.errors import MigratorError
from migrator.domain.raid import RaidItem
from migrator.domain.wording import date_text, plural, working_days
from migrator.ui.dialogs.what_if_dialog import MovedTable
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR

DEFAULT_DAYS = 10
MAX_DAYS = 260  # a year of working days


class DecisionWhatIfDialog(QDialog):
    """Previews decision ``item`` coming N working days after its needed-by date."""

    def __init__(self, document: PlanDocument, item: RaidItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.item = item
        self.impact: DecisionImpact | None = None
        self.setWindowTitle(f"What if {item.key} comes late")
        question = QLabel(f"<b>{html.escape(item.key)}</b> {html.escape(item.title)}")
        question.setWordWrap(True)
        self.days = QSpinBox()
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" working days late")
        self.days.setMinimumWidth(200)
        self.summary = QLabel()
        self.summary.setObjectName("whatIfSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        # The slip preview's table: cells written only when shown, so thousands moved fill it at once.
        self.table = MovedTable(document)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("It comes:", self.days)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.days.valueChanged.connect(self.preview)
        document.analysed.connect(self.preview)  # the plan moved on: the preview follows it
        self.preview()

    def preview(self) -> None:
        analysis = self.document.analysis
        if analysis is None:
            self._say("The plan is being analysed; the preview follows in a moment.")
            return
        try:
            impact = analysis.decision_impact(self.item.key, self.days.value())
        except MigratorError as refused:  # e.g. decided meanwhile, or no needed-by date
            self._say(html.escape(str(refused)), refused=True)
            return
        self.impact = impact
        self._say(summary_text(impact))
        self.table.model_.set_rows(impact.moved, analysis)

    def _say(self, text: str, refused: bool = False) -> None:
        colour = HEALTH_COLOUR[HealthLevel.RED] if refused else "#263238"
        self.summary.setText(f'<span style="color: {colour}">{text}</span>')
        if refused:
            self.impact = None
            self.table.model_.set_rows((), None)


def summary_text(impact: DecisionImpact) -> str:
    """What the preview says above its table, as rich text."""
    gated = ", ".join(impact.gated) or "no work that has not started"
    said = (
        f"If it comes on {date_text(impact.decided_on)} ({working_days(impact.late_days)} after it is "
        f"needed, {date_text(impact.needed_by)}), it holds up {html.escape(gated)}"
    )
    if not impact.moved:
        return said + ": nothing moves."
    said += f"; {plural(len(impact.moved), 'workstream')} {'moves' if len(impact.moved) == 1 else 'move'}"
    if impact.teams:
        said += f" in {html.escape(', '.join(impact.teams))}"
    before, after = impact.projected_finish_before, impact.projected_finish_after
    if impact.go_live_shift and before and after:
        red = HEALTH_COLOUR[HealthLevel.RED]
        return (
            f"{said}. <b style='color: {red}'>The go-live moves {working_days(impact.go_live_shift)}</b>, "
            f"from {date_text(before)} to {date_text(after)}."
        )
    return f"{said}. The go-live holds."
