"""The workstream's health as the analysis found it, and the override set by hand with its reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout

from migrator.analysis import HealthLevel, WorkstreamAnalysis
from migrator.domain.wording import day_text, working_days
from migrator.ui.looks import give_look
from migrator.ui.palette import HEALTH_COLOUR, HEALTH_FILL
from migrator.ui.widgets.details.text_edits import heading
from migrator.ui.widgets.editors import HealthOverrideCombo, TextLineEdit


class HealthSection:
    """The health pill, its reasons, forecast finish and float, and the override with its reason."""

    def __init__(self) -> None:
        self.pill = QLabel()
        self.critical = QLabel("● On the critical path")
        give_look(self.critical, "detailsProblem")
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.forecast = QLabel()
        self.forecast.setWordWrap(True)
        self.float = QLabel()
        self.float.setWordWrap(True)
        self.override = HealthOverrideCombo()
        self.reason = TextLineEdit()
        self.reason.setPlaceholderText("Why the health is set by hand")
        self.override_message = QLabel()
        give_look(self.override_message, "detailsProblem")
        self.override_message.setWordWrap(True)
        self.override_message.hide()

    def place(self, sections: QVBoxLayout) -> None:
        pills = QHBoxLayout()
        pills.addWidget(self.pill)
        pills.addSpacing(8)
        pills.addWidget(self.critical)
        pills.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Forecast finish:", self.forecast)
        form.addRow("Float:", self.float)
        form.addRow("Override:", self.override)
        form.addRow("Reason:", self.reason)
        sections.addWidget(heading("Health"))
        sections.addLayout(pills)
        sections.addWidget(self.reasons)
        sections.addLayout(form)
        sections.addWidget(self.override_message)

    def show_waiting(self) -> None:
        """No analysis of the workstream yet (the first is on its way, or it was just added)."""
        self.pill.setText("Working out…")
        self.pill.setStyleSheet("color: #607D8B;")
        self.reasons.setText("")
        self.forecast.setText("—")
        self.float.setText("—")
        self.critical.hide()

    def show(self, found: WorkstreamAnalysis) -> None:
        level = found.health
        self.pill.setText(level.label + (" · set by hand" if found.override else ""))
        self.pill.setStyleSheet(
            f"color: {HEALTH_COLOUR[level]}; background: {HEALTH_FILL[level].color().name()};"
            f"border: 1px solid {HEALTH_COLOUR[level]}; border-radius: 10px; padding: 2px 12px;"
            "font-weight: 600;"
        )
        reasons = found.health_reasons or (
            ("Nothing needs attention.",) if level is HealthLevel.GREEN else ()
        )
        self.reasons.setText("\n".join(f"• {reason}" for reason in reasons))
        self.reasons.setVisible(bool(reasons))
        forecast = day_text(found.forecast_finish) if found.forecast_finish else "—"
        if found.days_late and found.days_late > 0:
            forecast += f", {working_days(found.days_late)} late"
        self.forecast.setText(forecast)
        if found.total_float is None:
            self.float.setText("—")
        elif found.total_float < 0:
            self.float.setText(f"−{working_days(found.total_float)}: the go-live target can't be met")
        else:
            self.float.setText(working_days(found.total_float))
        self.critical.setVisible(found.critical)
