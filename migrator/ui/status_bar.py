"""The window's status bar: the open plan's go-live line, red and amber counts and as-of date on the
right, and passing notices (a change made elsewhere, a typed value that was not saved) on the left."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from migrator.analysis import HealthLevel
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.looks import give_look, tint
from migrator.ui.models.workstream_table_model import date_text
from migrator.ui.palette import HEALTH_COLOUR

CHANGE_NOTICE_MS = 60_000  # how long the notice of a change made elsewhere stays in the status bar


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.go_live_label = QLabel()
        give_look(self.go_live_label, "goLive")
        self.health_label = QLabel()
        self.as_of_label = QLabel()
        for label in (self.go_live_label, self.health_label, self.as_of_label):
            self.addPermanentWidget(label)

    def clear_figures(self) -> None:
        """No plan open: the right of the bar is empty."""
        for label in (self.go_live_label, self.health_label, self.as_of_label):
            label.clear()

    def show_notice(self, notice: str) -> None:
        """What another window or program changed, or a typed value a closed cell did not keep:
        shown until the next message (or a minute)."""
        self.showMessage(notice, CHANGE_NOTICE_MS)

    def show_figures(self, document: PlanDocument) -> None:
        """The go-live forecast against the target, the red and amber counts and the as-of date."""
        self.as_of_label.setText(f"As of {date_text(document.as_of)}")
        if document.analysis_error is not None:
            self.go_live_label.setText(
                f"The analysis failed ({document.analysis_error}): forecasts and health are out of date"
            )
            tint(self.go_live_label, "#C62828")
            return
        analysis = document.analysis
        if analysis is None:
            self.go_live_label.setText("Analysing…")
            return
        target = analysis.target_date
        projected = analysis.projected_finish
        if projected is None:
            text, colour = "Go-live: no forecast yet", "#455A64"
        elif target is None:
            text, colour = f"Go-live forecast {date_text(projected)} (no target set)", "#455A64"
        else:
            late = analysis.slip_days > 0
            slip = f"{analysis.slip_days} working days late" if late else "on time"
            text = f"Go-live {date_text(projected)} · target {date_text(target)} · {slip}"
            colour = HEALTH_COLOUR[HealthLevel.RED if late else HealthLevel.GREEN]
        self.go_live_label.setText(text)
        tint(self.go_live_label, colour)
        red = sum(team.counts.get(HealthLevel.RED, 0) for team in analysis.teams)
        amber = sum(team.counts.get(HealthLevel.AMBER, 0) for team in analysis.teams)
        self.health_label.setText(
            f"<span style='color:{HEALTH_COLOUR[HealthLevel.RED]}'>● {red} red</span>  "
            f"<span style='color:{HEALTH_COLOUR[HealthLevel.AMBER]}'>● {amber} amber</span>"
        )
