"""The panes over one open plan: teams | filter bar and table | details, with the read-only,
loop and server-away banners above them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from migrator.domain.places import ServerAddress
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.looks import RuledLabel, give_look
from migrator.ui.models.workstream_table_model import date_text
from migrator.ui.widgets.details_pane import DetailsPane
from migrator.ui.widgets.filter_bar import FilterBar
from migrator.ui.widgets.plan_views import PlanViews
from migrator.ui.widgets.teams_panel import TeamsPanel
from migrator.ui.widgets.workstream_table import WorkstreamTable
from migrator.ui.window_settings import WindowSettings


class Workspace(QWidget):
    """The panes over one document: teams | filter bar and table | details."""

    def __init__(
        self, document: PlanDocument, settings: WindowSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        if isinstance(document.place, ServerAddress) and not document.read_only_asked:  # the login's role
            read_only = (
                f"Your login may only read this plan ({document.name}): you can look at it and export "
                "reports without a snapshot, but changes cannot be saved. Ask whoever runs the server "
                "for an editor's role."
            )
        else:
            read_only = (
                f"{document.name} is read-only: you can look at the plan and export reports "
                "without a snapshot, but changes cannot be saved."
            )
        self.banner = RuledLabel(read_only)
        give_look(self.banner, "readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(document.read_only)
        # A loop another program wrote into the links: nothing can be forecast until one goes.
        self.loop_banner = RuledLabel()
        give_look(self.loop_banner, "loopBanner")
        self.loop_banner.setWordWrap(True)
        self.loop_banner.setVisible(False)
        document.analysis_failed.connect(self._say_loop)
        document.analysed.connect(self._say_loop)
        # A shared plan's server gone away (restart, network cut): said until it is back.
        self.server_banner = RuledLabel()
        give_look(self.server_banner, "serverBanner")
        self.server_banner.setWordWrap(True)
        self.server_banner.setVisible(False)
        document.server_lost.connect(self._say_server_lost)
        document.server_back.connect(self.server_banner.hide)
        self.teams = TeamsPanel(document)
        self.filter_bar = FilterBar()
        self.table = WorkstreamTable(document)
        # A quick start's service opens, and the details pane reads history, once the table
        # has shown the first analysis: neither takes the interpreter from the analysis.
        document.open_service_after(self.table.viewport())
        self.details = DetailsPane(document)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(6)
        centre_layout.addWidget(self.filter_bar)
        self.views = PlanViews(document, self.table)
        centre_layout.addWidget(self.views, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.teams)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.teams.setMinimumWidth(200)
        self.details.setMinimumWidth(340)
        self.splitter.setSizes([250, 800, 390])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.server_banner)
        layout.addWidget(self.banner)
        layout.addWidget(self.loop_banner)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(8, 6, 8, 4)
        body_layout.addWidget(self.splitter)
        layout.addWidget(body, 1)

        if (state := settings.state("splitter")) is not None:
            self.splitter.restoreState(state)
        if (state := settings.state("table")) is not None:
            self.table.horizontalHeader().restoreState(state)
        self.teams.team_chosen.connect(self.apply_filter)
        self.views.team_chosen.connect(self._show_team)
        self.views.currentChanged.connect(self._view_shown)
        self.filter_bar.changed.connect(self.apply_filter)
        model = self.table.model_
        model.layoutChanged.connect(self._count_rows)
        model.modelReset.connect(self._count_rows)
        model.layoutChanged.connect(self._note_hidden_details)
        model.modelReset.connect(self._note_hidden_details)
        self.details.show_hidden_requested.connect(self._show_hidden)
        self.details.raid_item_requested.connect(self.show_raid_item)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        document.workstreams_changed.connect(self._keep_details)
        document.reloaded.connect(self._follow_last_report)
        document.snapshot_added.connect(self._follow_last_report)  # an export keeps a new report
        document.analysed.connect(self._follow_last_report)  # a new as-of date may pick another
        self._follow_last_report()
        self._count_rows()
        if model.rowCount():
            self.table.select_workstream(model.workstream_id(0))

    def show_bad_values(self, problems: list[str], shown: int = 12) -> None:
        """Say in the banner which values of the file (written by another program) cannot be used."""
        listed = [f"• {problem}" for problem in problems[:shown]]
        if len(problems) > shown:
            listed.append(f"… and {len(problems) - shown} more: `migrator check` lists them all.")
        self.banner.setText(
            f"{self.document.name} holds values Migrator cannot use (another program wrote them), "
            "so it is open read-only. Each is shown empty, or as not started, FS or no lag:\n"
            + "\n".join(listed)
        )
        self.banner.setVisible(True)

    def _say_server_lost(self, why: str) -> None:
        self.server_banner.setText(why)
        self.server_banner.setVisible(True)

    def _say_loop(self) -> None:
        loop = self.document.analysis_loop
        if loop:
            self.loop_banner.setText(
                f"The links of {self.document.name} form a loop ({' → '.join(loop)}), written by "
                "another program: nothing can be forecast until one of these links is removed "
                "(select one of these workstreams; its links are in the details pane)."
            )
        self.loop_banner.setVisible(bool(loop))

    def save_state(self, settings: WindowSettings) -> None:
        settings.set_state("splitter", self.splitter.saveState())
        settings.set_state("table", self.table.horizontalHeader().saveState())

    def _show_team(self, team_id: int) -> None:
        """A dashboard card was clicked: that team's work in the table, all of it."""
        self.filter_bar.clear()
        self.teams.choose(team_id)
        self.views.setCurrentIndex(PlanViews.TABLE)

    def show_raid_item(self, item_id: int) -> None:
        """The RAID view, with this item chosen."""
        self.views.setCurrentIndex(PlanViews.RAID)
        self.views.view(PlanViews.RAID).select_item(item_id)

    def _view_shown(self, tab: int) -> None:
        """The RAID log has its own filters and details: the workstreams' panes make room for them."""
        raid = tab == PlanViews.RAID
        for pane in (self.teams, self.filter_bar, self.details):
            pane.setVisible(not raid)

    def apply_filter(self) -> None:
        self.table.model_.set_filter(self.filter_bar.row_filter(self.teams.chosen_team()))

    def _follow_last_report(self) -> None:
        """The "Changed since last report" toggle names the report it counts from; off without one."""
        toggle, report = self.filter_bar.toggles["changed"], self.document.last_report()
        if report is None:
            toggle.setChecked(False)
            toggle.setToolTip(
                "No report is kept as of this date yet: once one is exported (File → Export report…), "
                "this shows what was edited or commented on since."
            )
        else:
            label = f" “{report.label}”" if report.label else ""
            toggle.setToolTip(
                f"Edited or commented on since report #{report.id}{label}, as of {date_text(report.as_of)}"
            )
        toggle.setEnabled(report is not None)

    def _count_rows(self) -> None:
        self.filter_bar.show_count(self.table.model_.rowCount(), len(self.document.plan.workstreams))

    def _current_row_changed(self) -> None:
        self.details.show_workstream(self.table.current_id())

    def _keep_details(self) -> None:
        """A new or restored row keeps the details pane on what is selected; a row the filter
        has just hidden stays in the pane, which says so (see _note_hidden_details)."""
        current = self.table.current_id()
        if current is not None or self.details.shown_id() is None:
            self.details.show_workstream(current)
        self._note_hidden_details()

    def _note_hidden_details(self) -> None:
        shown = self.details.shown_id()
        if shown is None:
            self.details.set_hidden(False)
        elif self.table.model_.row_of(shown) is None:
            self.details.set_hidden(True)
        else:  # in the table: selected again if the filter had taken it out, as the pane shows it
            if self.table.current_id() is None:
                self.table.select_workstream(shown)
            self.details.set_hidden(False)

    def _show_hidden(self, workstream_id: int) -> None:
        """The pane's "Clear the filter": every row again, the one in the pane selected."""
        self.filter_bar.clear()
        self.teams.choose(None)
        self.table.select_workstream(workstream_id)
