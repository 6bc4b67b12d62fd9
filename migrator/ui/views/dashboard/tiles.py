"""The headline: four figures (projected go-live, against target, against baseline, overall
health), each a tile with a line of detail, and the go-live chart below them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from migrator.analysis import HealthLevel
from migrator.analysis.figures import Trend
from migrator.domain.wording import date_text, day_text, signed_days, working_days
from migrator.layout import dashboard as figures
from migrator.ui import palette
from migrator.ui.views.dashboard.go_live_chart import GoLiveChart
from migrator.ui.views.dashboard.lists import Panel
from migrator.ui.views.dashboard.text import INK, coloured, scaled, text_label

RED = palette.HEALTH_COLOUR[HealthLevel.RED]
GREEN = palette.HEALTH_COLOUR[HealthLevel.GREEN]


class Tile(QFrame):
    """One headline figure: a caption, the figure, a line or two of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.figure = QLabel()
        self.figure.setFont(scaled(self.font(), 1.45, bold=True))
        self.figure.setTextFormat(Qt.TextFormat.RichText)
        self.detail = text_label(name="note")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(2)
        layout.addWidget(text_label(caption, "caption"))
        layout.addWidget(self.figure)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_figure(self, figure: str, colour: str, detail: str, tip: str = "") -> None:
        self.figure.setText(coloured(figure, colour))
        self.detail.setText(detail)
        self.setToolTip(tip)


class Headline:
    """The four tiles and the chart in one grid: a row of four when wide, else two by two."""

    def __init__(self) -> None:
        self.go_live = Tile("Projected go-live")
        self.target = Tile("Against target")
        self.baseline = Tile("Against baseline")
        self.health = Tile("Overall health")
        self.chart = GoLiveChart()
        self.chart_panel = Panel("Projected go-live, snapshot by snapshot", self.chart)
        self.chart_panel.note.setText(
            "Each point is a kept report's forecast by its as-of date; the ringed one is now. "
            "Higher is later; point colours are the overall health then."
        )
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self._wide: bool | None = None

    def arrange(self, wide: bool) -> None:
        """The four figures in a row when wide enough, else two by two; the chart below them."""
        if wide == self._wide:
            return
        self._wide = wide
        grid = self.grid
        tiles = (self.go_live, self.target, self.baseline, self.health)
        for widget in (*tiles, self.chart_panel):
            grid.removeWidget(widget)
        columns = 4 if wide else 2
        for index, tile in enumerate(tiles):
            grid.addWidget(tile, index // columns, index % columns)
        grid.addWidget(self.chart_panel, 4 // columns, 0, 1, columns)
        for column in range(4):
            grid.setColumnStretch(column, 1 if column < columns else 0)

    def show(self, head: figures.Headline, trail: Sequence[figures.TrailPoint]) -> None:
        self._show_go_live(head)
        self._show_target(head)
        self._show_baseline(head)
        self._show_health(head)
        self.chart.set_trail(trail, head.target)

    def _show_go_live(self, head: figures.Headline) -> None:
        if head.projected is None:
            self.go_live.show_figure("Not forecast", INK, "No open work to project a go-live from.")
            return
        report, moved = head.last_report, head.moved_since_report
        if report is None:
            detail = "No report kept yet to compare with."
        elif moved is None:
            detail = "The last report had no forecast."
        elif moved == 0:
            detail = f"Unchanged since the last report ({date_text(report.as_of)})."
        else:
            words = f"{working_days(moved)} {'later' if moved > 0 else 'earlier'}"
            detail = (
                f"{coloured(words, RED if moved > 0 else GREEN)} than in the last report "
                f"({date_text(report.as_of)})."
            )
        self.go_live.show_figure(day_text(head.projected), INK, detail)

    def _show_target(self, head: figures.Headline) -> None:
        if head.target is None:
            self.target.show_figure("No target", INK, "Set a target go-live in the migration settings.")
        elif head.projected is None:
            self.target.show_figure("—", INK, f"Target {date_text(head.target)}")
        else:
            late = head.slip_days > 0
            self.target.show_figure(
                signed_days(head.slip_days, "On target"),
                RED if late else GREEN,
                f"{'Later than' if late else 'Meets' if head.slip_days == 0 else 'Earlier than'} the target "
                f"{date_text(head.target)}",
                "Working days between the target and the projected go-live, in the migration's calendar.",
            )

    def _show_baseline(self, head: figures.Headline) -> None:
        if head.baseline is None:
            self.baseline.show_figure("No baseline", INK, "Take a baseline to measure the plan against it.")
        elif head.projected is None or head.baseline_slip is None:
            self.baseline.show_figure("—", INK, f"Baseline {date_text(head.baseline)}")
        else:
            late = head.baseline_slip > 0
            self.baseline.show_figure(
                signed_days(head.baseline_slip, "On baseline"),
                RED if late else GREEN,
                f"Baseline {date_text(head.baseline)}",
                f"The baseline go-live is {head.baseline_from}.",
            )

    def _show_health(self, head: figures.Headline) -> None:
        report = head.last_report
        if head.trend is None or report is None:
            detail = "No report kept yet to compare with."
        else:
            when = date_text(report.as_of)
            was = report.overall_health.label.lower()
            detail = {
                Trend.BETTER: coloured(f"Better than the last report ({when}, was {was})", GREEN),
                Trend.SAME: f"Same as the last report ({when})",
                Trend.WORSE: coloured(f"Worse than the last report ({when}, was {was})", RED),
            }[head.trend]
        self.health.show_figure(
            f"● {head.health.label}",
            palette.HEALTH_COLOUR[head.health],
            detail,
            "The worst health of any team; the teams below say why.",
        )
