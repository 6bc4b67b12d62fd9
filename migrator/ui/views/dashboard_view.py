"""The dashboard: the go-live and overall health at a glance, a card per team, and what needs attention.

Its pieces live in ui/views/dashboard/: the headline tiles and go-live chart, the team cards and
the short lists. This view reads the figures (migrator.layout.dashboard) from the document's
analysis and hands each piece the ones it shows; picks in the lists come back here as signals.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QFrame, QMenu, QScrollArea, QTreeWidgetItem, QVBoxLayout, QWidget

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.analysis.plan_state import SnapshotInfo
from migrator.domain.wording import day_text
from migrator.layout import dashboard as figures
from migrator.paths import style_sheet
from migrator.ui import palette
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.views.dashboard.go_live_chart import NO_TREND
from migrator.ui.views.dashboard.lists import (
    IDS,
    Panel,
    ShortList,
    answer_rows,
    conflict_rows,
    due_rows,
    red_rows,
)
from migrator.ui.views.dashboard.raid_lists import (
    DECISION_LIMIT,
    RISK_LIMIT,
    decision_rows,
    decisions_due,
    red_risks,
    risk_rows,
)
from migrator.ui.views.dashboard.team_cards import CARD_SPACING, CARD_WIDTH, CardGrid, TeamCard
from migrator.ui.views.dashboard.text import BACKGROUND, INK, MUTED_INK, RULE, scaled, text_label
from migrator.ui.views.dashboard.tiles import Headline

# The list rows' id role and the chart's empty text stay importable from here for the tests.
__all__ = ["IDS", "NO_TREND", "DashboardView"]

RED_LIMIT = 15
DUE_LIMIT = 20
CONFLICT_LIMIT = 15
FOUR_IN_A_ROW = 940  # from this page width the four headline figures stand in one row
PAGE_MARGIN = 18


class DashboardView(QWidget):
    """The migration's headline, the teams worst first, and the short lists a coordinator acts on.

    The team cards always cover the whole plan; the lists follow the table's filters.
    """

    selected = Signal(list)  # workstream ids picked in a list (the first is the current one)
    what_if_requested = Signal(int)
    team_chosen = Signal(int)  # a card was clicked: show this team's work

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.shown: set[int] | None = None  # None: the filters let everything through
        self.stale = True  # rebuilt when next shown: a hidden tab costs nothing
        self.setStyleSheet(
            style_sheet("dashboard", BACKGROUND=BACKGROUND, RULE=RULE, MUTED_INK=MUTED_INK, INK=INK)
        )

        page = QWidget()
        page.setObjectName("dashboard")
        self.title = text_label()
        self.title.setFont(scaled(self.font(), 1.6, bold=True))
        self.title.setStyleSheet(f"color: {INK};")
        self.subtitle = text_label(name="note")
        self.headline = Headline()
        # The tiles and chart by name, as the window's tests read them.
        self.go_live, self.target = self.headline.go_live, self.headline.target
        self.baseline, self.health = self.headline.baseline, self.headline.health
        self.chart = self.headline.chart

        self.cards_heading = text_label("Teams", "heading")
        self.cards_heading.setFont(scaled(self.font(), 1.2, bold=True))
        self.cards_note = text_label(name="note")
        self.card_grid = CardGrid()
        self.cards: dict[int, TeamCard] = {}

        self.red_list = ShortList(
            ("Workstream", "Team", "Days late", "Why it is red"), wrapped=(0, 3), share=0.3
        )
        self.due_list = ShortList(("Due", "Workstream", "Team", "Owner", "Done", "Health"), wrapped=(1,))
        self.conflict_list = ShortList(("Link", "Teams", "What the dates break"), wrapped=(2,))
        self.red_panel = Panel("Red work", self.red_list)
        self.due_panel = Panel("Due in the next two working weeks", self.due_list)
        self.conflict_panel = Panel("Open dependency conflicts", self.conflict_list)
        self.risk_list = ShortList(
            ("Risk", "Score", "Owner", "Response", "Threatens"), wrapped=(0, 4), share=0.35
        )
        self.decision_list = ShortList(
            ("Needed by", "Decision", "Who decides", "Time left", "Gates"), wrapped=(1, 4)
        )
        self.risk_panel = Panel("Open red risks", self.risk_list)
        self.decision_panel = Panel("Decisions due", self.decision_list)
        self.answers_list = ShortList(("Team", "Answers to update requests"), wrapped=(1,))
        self.answers_list.setAccessibleName("Status updates from the teams")
        self.answers_list.setSelectionMode(ShortList.SelectionMode.NoSelection)  # nothing to pick
        self.answers_panel = Panel("Status updates from the teams", self.answers_list)
        for tree, name in (
            (self.red_list, "Red work"),
            (self.due_list, "Due in the next two working weeks"),
            (self.conflict_list, "Open dependency conflicts"),
            (self.risk_list, "Open red risks"),
            (self.decision_list, "Decisions due"),
        ):
            tree.setAccessibleName(name)
            tree.itemClicked.connect(self._row_picked)
            tree.itemActivated.connect(self._row_picked)
            tree.customContextMenuRequested.connect(lambda at, tree=tree: self._row_menu(tree, at))

        body = QVBoxLayout()
        body.setSpacing(12)
        body.addLayout(self.headline.grid)
        body.addSpacing(8)
        body.addWidget(self.cards_heading)
        body.addWidget(self.cards_note)
        body.addWidget(self.card_grid)
        body.addSpacing(8)
        body.addWidget(self.red_panel)
        body.addWidget(self.due_panel)
        body.addWidget(self.conflict_panel)
        body.addWidget(self.risk_panel)
        body.addWidget(self.decision_panel)
        body.addWidget(self.answers_panel)
        body.addStretch(1)
        self.body = QWidget()
        self.body.setLayout(body)
        self.body.setObjectName("dashboard")
        body.setContentsMargins(0, 0, 0, 0)

        outer = QVBoxLayout(page)
        outer.setContentsMargins(PAGE_MARGIN, 14, PAGE_MARGIN, PAGE_MARGIN)
        outer.setSpacing(2)
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addSpacing(10)
        outer.addWidget(self.body)
        outer.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(page)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.headline.arrange(wide=False)
        self.scroll_area.viewport().installEventFilter(self)

        document.reloaded.connect(self.refresh)
        document.snapshot_added.connect(self.refresh)  # an export kept a report: the trend grows
        document.workstreams_changed.connect(self._drop_gone)
        document.analysed.connect(self.refresh)
        document.analysis_failed.connect(self.refresh)
        document.answers_changed.connect(self._show_answers_when_visible)
        document.raid_changed.connect(self._show_raid_when_visible)

    # ------------------------------------------------------------ the view contract

    def set_shown(self, ids: list[int]) -> None:
        """The lists follow the filters; the cards always show the whole plan."""
        shown = None if len(ids) >= len(self.document.plan.workstreams) else set(ids)
        if shown != self.shown:
            self.shown = shown
            if self._visible_or_stale() and self.document.analysis is not None:
                self._fill_lists(self.document.analysis)

    def select(self, ids: list[int]) -> None:
        """Highlight the rows of ``ids`` in the lists, without telling anyone back."""
        wanted = set(ids)
        for tree in (self.red_list, self.due_list, self.conflict_list, self.risk_list, self.decision_list):
            tree.clearSelection()
            for item in tree.items():
                if wanted.intersection(item.data(0, IDS) or ()):
                    item.setSelected(True)

    # ------------------------------------------------------------ following the document

    def _drop_gone(self, _ids: list[int] | None = None) -> None:
        """A deleted workstream leaves the lists at once: its analysis may come late, or never."""
        plan = self.document.plan.workstreams
        for panel in (self.red_panel, self.due_panel, self.conflict_panel):
            panel.drop_gone(plan)

    def _snapshots(self) -> list[SnapshotInfo]:
        return self.document.snapshots()  # kept by the document: an export's new one comes with it

    def refresh(self) -> None:
        """Rebuild from the document's analysis: team-level work and capped lists, cheap at any size."""
        if not self._visible_or_stale():
            return
        analysis = self.document.analysis
        self.title.setText(self.document.plan.migration.name)
        self.body.setVisible(analysis is not None)
        failed = self.document.analysis_error
        if analysis is None:
            waiting = f"the analysis failed ({failed})" if failed else "Analysing…"
            self.subtitle.setText(f"As of {day_text(self.document.as_of)} · {waiting}")
            return
        self._show_headline(analysis)
        if failed:
            self.subtitle.setText(
                f"{self.subtitle.text()} · out of date: the last analysis failed ({failed})"
            )
        self._show_cards(analysis)
        self._fill_lists(analysis)
        self._show_raid()
        self._show_answers()

    def _visible_or_stale(self) -> bool:
        """Whether to rebuild now; a hidden dashboard only remembers to do it when shown."""
        self.stale = not self.isVisible()
        return not self.stale

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._arrange(self.scroll_area.viewport().width() - 2 * PAGE_MARGIN)
        return super().eventFilter(watched, event)

    def _arrange(self, width: int) -> None:
        """Columns for the width the page has (not the page's own, which its cards hold open)."""
        # Two to four columns of cards; below two cards' width, one keeps every card readable.
        self.card_grid.set_columns(max(1, min(4, (width + CARD_SPACING) // (CARD_WIDTH + CARD_SPACING))))
        self.headline.arrange(wide=width >= FOUR_IN_A_ROW)

    # ------------------------------------------------------------ the headline

    def _show_headline(self, analysis: PlanAnalysis) -> None:
        snapshots = self._snapshots()
        head = figures.headline(analysis, snapshots)
        go_live = f"go-live milestone {head.go_live_key}" if head.go_live_key else "the last open work"
        self.subtitle.setText(f"As of {day_text(head.as_of)} · the go-live is the finish of {go_live}")
        self.headline.show(head, figures.go_live_trail(analysis, snapshots))

    # ------------------------------------------------------------ the cards

    def _show_cards(self, analysis: PlanAnalysis) -> None:
        cards = figures.team_cards(analysis, self.document.plan.teams)
        known = self.cards
        self.cards = {}
        for card in cards:
            widget = known.pop(card.team_id, None)
            if widget is None:
                widget = TeamCard()
                widget.clicked.connect(self.team_chosen)
            widget.show_card(card)
            self.cards[card.team_id] = widget
        for gone in known.values():
            gone.deleteLater()
        self.card_grid.set_cards(list(self.cards.values()))
        self.cards_note.setText(
            "The whole plan, worst health first. Click a card to show that team's work in the table."
            if cards
            else "No teams yet: add teams and their workstreams (Plan › Teams and people…)."
        )

    # ------------------------------------------------------------ the lists

    def _fill_lists(self, analysis: PlanAnalysis) -> None:
        shown: Collection[int] | None = self.shown
        total = len(analysis.plan_workstreams)
        following = (
            f" Following the table's filter: {len(shown):,} of {total:,} workstreams." if shown else ""
        )
        if shown is not None and not shown:
            following = " The table's filter lets no workstream through."

        red = figures.red_items(analysis, shown, RED_LIMIT)
        self.red_panel.show_rows(
            red_rows(red.items),
            red,
            "Open red workstreams, the latest first." + following,
            "Nothing is red.",
            "to see them all, filter the table to red work",
        )

        due = figures.due_soon(analysis, shown, DUE_LIMIT)
        self.due_panel.show_rows(
            due_rows(due.items),
            due,
            f"Open work planned to finish by {day_text(figures.due_horizon(analysis))}, soonest first."
            + following,
            "Nothing open falls due in the next two working weeks.",
            "to see them all, sort the table by due date",
        )
        for row, item in zip(self.due_list.items(), due.items, strict=True):
            row.setForeground(5, QColor(palette.HEALTH_COLOUR[item.health]))

        conflicts = figures.open_conflicts(analysis, shown, CONFLICT_LIMIT)
        self.conflict_panel.show_rows(
            conflict_rows(conflicts.items),
            conflicts,
            "Links the current dates break, the worst first." + following,
            "No dependency conflicts.",
            "the status report's Dependencies sheet lists every link",
        )
        self._drop_gone()  # an analysis one step old, or the last before a failed one, may list them

    # ------------------------------------------------------------ the RAID log

    def _show_raid_when_visible(self) -> None:
        if self._visible_or_stale() and self.document.analysis is not None:
            self._show_raid()

    def _show_raid(self) -> None:
        """The open red risks and the decisions due, whatever the table's filter (the log's own)."""
        items = self.document.raid_items().values()
        bands = self.document.risk_bands()
        risks = red_risks(items, bands)
        self.risk_panel.show_rows(
            risk_rows(risks[:RISK_LIMIT]),
            figures.Capped(tuple(risks[:RISK_LIMIT]), len(risks)),
            f"Open risks scoring {bands.red_score} or more (probability × impact), the worst first.",
            "No open risk is red.",
            "the RAID log (Ctrl+5) lists them all",
        )
        due = decisions_due(items, self.document.as_of)
        self.decision_panel.show_rows(
            decision_rows(due[:DECISION_LIMIT], self.document.as_of),
            figures.Capped(tuple(due[:DECISION_LIMIT]), len(due)),
            "Open decisions needed within two weeks, or overdue, the soonest first.",
            "No decision is due in the next two weeks.",
            "the RAID log (Ctrl+5) lists them all",
        )
        for row, item in zip(self.decision_list.items(), due, strict=False):
            if item.needed_by is not None and item.needed_by < self.document.as_of:
                row.setForeground(3, QColor(palette.HEALTH_COLOUR[HealthLevel.RED]))

    # ------------------------------------------------------------ the teams' answers

    def _show_answers_when_visible(self) -> None:
        if self._visible_or_stale() and self.document.analysis is not None:
            self._show_answers()

    def _show_answers(self) -> None:
        """Per team asked for status: when it last answered, and who has not answered yet."""
        answers = self.document.team_answers()
        if answers is None:  # not readable yet (a quick start's file opens after the first paint)
            self.answers_panel.show_all([], "", "Reading the update requests…")
            return
        rows = answer_rows(answers, self.document.as_of)
        waiting = sum(1 for a in answers if a.waiting_since is not None)
        note = (
            f"{waiting} of {len(answers)} teams asked {'has' if waiting == 1 else 'have'} not answered "
            "their latest request yet."
            if waiting
            else "Every team asked has answered."
        )
        drop = " Drop the returned workbooks on the window (or File › Collect updates…) to read them."
        self.answers_panel.show_all(
            [row for row, _late in rows],
            note + drop if answers else "",  # none asked yet: the empty text says what to do
            "No update requests sent yet: File › Request updates… sends each team a workbook of its open "
            "work to fill in.",
        )
        for item, (_row, late) in zip(self.answers_list.items(), rows, strict=True):
            if late:
                item.setForeground(1, QColor(palette.HEALTH_COLOUR[HealthLevel.RED]))

    def _row_picked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        plan = self.document.plan.workstreams
        ids = [i for i in item.data(0, IDS) or () if i in plan]
        if ids:
            self.selected.emit(ids)

    def _row_menu(self, tree: ShortList, at: QPoint) -> None:
        item = tree.itemAt(at)
        if item is None or tree not in (self.red_list, self.due_list) or not item.data(0, IDS):
            return
        workstream_id = item.data(0, IDS)[0]
        if workstream_id not in self.document.plan.workstreams:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("What if it slips…", lambda: self._what_if(workstream_id))
        menu.popup(tree.viewport().mapToGlobal(at))

    def _what_if(self, workstream_id: int) -> None:
        # The menu may outlive its row: a delete (or its undo of a create) while it was open.
        if workstream_id in self.document.plan.workstreams:
            self.what_if_requested.emit(workstream_id)
