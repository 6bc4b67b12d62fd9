"""The dashboard: the go-live and overall health at a glance, a card per team, and what needs attention."""

from __future__ import annotations

import html
import math
from collections.abc import Collection, Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.analysis.figures import Trend
from migrator.analysis.plan_state import SnapshotInfo
from migrator.domain.model import Status
from migrator.domain.wording import date_text, day_text, month_text, signed_days, working_days
from migrator.layout import dashboard as figures
from migrator.paths import style_sheet
from migrator.ui import palette
from migrator.ui.plan_document import PlanDocument

INK = "#263238"
MUTED_INK = "#546E7A"  # 5:1 on the dashboard's grey, 5.4:1 on white
BACKGROUND = "#F4F6F8"
RULE = "#DDE3E8"
PROGRESS = "#3F6FB5"
TRACK = "#E3E8EC"
TARGET_LINE = "#37474F"
LATE_ZONE = "#FDECEC"
STATUSES_SHOWN = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE)
RED_LIMIT = 15
DUE_LIMIT = 20
CONFLICT_LIMIT = 15
CARD_WIDTH = 250  # a card's least width: four status counts side by side still fit
CARD_SPACING = 12
CELL_PADDING = 5  # a list cell's text margin on each side, as the item delegate draws it
FOUR_IN_A_ROW = 940  # from this page width the four headline figures stand in one row
PAGE_MARGIN = 18
IDS = Qt.ItemDataRole.UserRole
NO_TREND = (
    "No trend yet: the chart needs at least one kept report besides now. "
    "Export a status report with a snapshot to start it."
)
WRAP = Qt.TextFlag.TextWordWrap


def _scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(max(7.0, font.pointSizeF() * factor))
    scaled.setBold(bold)
    return scaled


class _Text(QLabel):
    """Wrapped text that keeps the height it needs at its width as a plain minimum height.

    Nested grids inside a scroll area lay out minimum heights reliably, but give
    height-for-width labels too little room: the cards' lines would overlap.
    """

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)  # names and titles are the user's: never markup
        self.setWordWrap(True)
        policy = self.sizePolicy()
        policy.setHeightForWidth(False)
        self.setSizePolicy(policy)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._keep_height()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._keep_height()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._keep_height()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumHeight()) if self.minimumHeight() else hint

    def _keep_height(self) -> None:
        # Measured here: QLabel's own answer never drops below the minimum height it was given.
        width = self.contentsRect().width()
        if width <= 0:
            return
        if self.textFormat() is Qt.TextFormat.RichText:
            document = QTextDocument()
            document.setDefaultFont(self.font())
            document.setDocumentMargin(0)
            document.setHtml(self.text())
            document.setTextWidth(width)
            needed = math.ceil(document.size().height())
        else:
            needed = self.fontMetrics().boundingRect(0, 0, width, 100_000, WRAP, self.text()).height()
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)


def _label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    label = _Text(text) if wrap else QLabel(text)
    if name:
        label.setObjectName(name)
    return label


def _coloured(text: str, colour: str) -> str:
    return f"<span style='color:{colour}'>{text}</span>"


def _short(day: date, year: bool = False) -> str:
    """``28 Jun``, or ``28 Jun 2027`` where the dates around it span more than one year."""
    return date_text(day) if year else f"{day.day} {month_text(day)}"


# ---------------------------------------------------------------- the headline


class _Tile(QFrame):
    """One headline figure: a caption, the figure, a line or two of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.figure = QLabel()
        self.figure.setFont(_scaled(self.font(), 1.45, bold=True))
        self.figure.setTextFormat(Qt.TextFormat.RichText)
        self.detail = _label(name="note")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(2)
        layout.addWidget(_label(caption, "caption"))
        layout.addWidget(self.figure)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_figure(self, figure: str, colour: str, detail: str, tip: str = "") -> None:
        self.figure.setText(_coloured(figure, colour))
        self.detail.setText(detail)
        self.setToolTip(tip)


class _GoLiveChart(QWidget):
    """The projected go-live at each snapshot and now: is it slipping week after week?"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[figures.TrailPoint] = []
        self.target: date | None = None
        self.target_box: QRectF | None = None  # where the target's label was last drawn
        self.marks: list[QRectF] = []  # the points and their labels, as last drawn
        self.setMinimumWidth(280)
        self.setFixedHeight(self._height())

    def set_trail(self, points: Sequence[figures.TrailPoint], target: date | None) -> None:
        self.points, self.target = list(points), target
        lines = [
            f"{'Now' if p.snapshot_id is None else f'#{p.snapshot_id}'} as of {date_text(p.as_of)}: "
            f"go-live {date_text(p.projected)} ({p.health.label.lower()})"
            + (f" · {p.label}" if p.label and p.snapshot_id is not None else "")
            for p in self.points
        ]
        self.setToolTip("\n".join(lines))
        self.setAccessibleDescription("; ".join(lines) if len(self.points) >= 2 else NO_TREND)
        self.setFixedHeight(self._height())
        self.update()

    def _height(self) -> int:
        """Room for the chart, or for the line that says why there is none yet."""
        line = self.fontMetrics().height()
        return line * 4 + 150 if len(self.points) >= 2 else line * 3

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        if len(self.points) < 2:
            painter.setPen(QColor(MUTED_INK))
            painter.drawText(
                QRectF(self.rect()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | WRAP,
                NO_TREND,
            )
            return
        days = [p.projected for p in self.points] + ([self.target] if self.target else [])
        years = len({day.year for day in days} | {p.as_of.year for p in self.points}) > 1
        # Room for the last point's labels, centred on it.
        bold = QFont(self.font())
        bold.setBold(True)
        last_label = _short(self.points[-1].projected, years)
        right = max(16, QFontMetrics(bold).horizontalAdvance(last_label) // 2 + 6)
        plot = QRectF(self.rect()).adjusted(16, line + 10, -right, -(line * 2 + 10))
        low, high = min(days).toordinal(), max(days).toordinal()
        pad = max(high - low, 10) * 0.2
        low, high = low - pad, high + pad
        first, last = self.points[0].as_of.toordinal(), self.points[-1].as_of.toordinal()
        if first == last:
            first, last = first - 7, last + 7

        def x(day: date) -> float:
            return plot.left() + (day.toordinal() - first) / (last - first) * plot.width()

        def y(day: date) -> float:
            return plot.bottom() - (day.toordinal() - low) / (high - low) * plot.height()

        painter.setPen(QPen(QColor(RULE), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        if self.target is not None:
            level = y(self.target)
            late = QRectF(plot.left(), plot.top() - line, plot.width(), level - plot.top() + line)
            painter.fillRect(late, QColor(LATE_ZONE))
            painter.setPen(QPen(QColor(TARGET_LINE), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), level), QPointF(plot.right(), level))
        places = [QPointF(x(p.as_of), y(p.projected)) for p in self.points]
        painter.setPen(QPen(QColor("#607D8B"), 2))
        painter.drawPolyline(places)
        taken: list[QRectF] = []  # labels already drawn, the latest first: later ones win a clash
        dots: list[QRectF] = []
        for point, place in reversed(list(zip(self.points, places, strict=True))):
            now = point.snapshot_id is None
            colour = QColor(palette.HEALTH_COLOUR[point.health])
            painter.setPen(QPen(QColor("#FFFFFF"), 2))
            painter.setBrush(colour)
            radius = 6.5 if now else 4.5
            painter.drawEllipse(place, radius, radius)
            ring = radius + 5 if now else radius + 2
            dots.append(QRectF(place.x() - ring, place.y() - ring, 2 * ring, 2 * ring))
            if now:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(colour, 1.5))
                painter.drawEllipse(place, radius + 3, radius + 3)
            above = place.y() - line - radius - (6 if now else 2)
            self._label(painter, taken, _short(point.projected, years), place.x(), above, now)
            below = "Now" if now else _short(point.as_of, years)
            self._label(painter, taken, below, place.x(), plot.bottom() + 6, now, muted=not now)
        painter.setPen(QColor(MUTED_INK))
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + line + 8, plot.width(), line),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            "as-of date of each snapshot",
        )
        self.marks = taken + dots
        self.target_box = None
        if self.target is not None:
            self._target_label(painter, f"Target {_short(self.target, years)}", plot, y(self.target), places)

    def _target_label(
        self, painter: QPainter, text: str, plot: QRectF, level: float, places: list[QPointF]
    ) -> None:
        """Label the target line where it is clear of the trail, its points and their labels:
        at its left end above the line, else below it, else further along."""
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(text) + 8, metrics.height()
        trail = QPainterPath(places[0])
        for place in places[1:]:
            trail.lineTo(place)
        stroker = QPainterPathStroker()
        stroker.setWidth(4)
        trail = stroker.createStroke(trail)
        lefts = (plot.left() + 14, plot.center().x() - width / 2, plot.right() - 14 - width)
        boxes = [
            QRectF(left, top, width, height) for left in lefts for top in (level - height - 2, level + 3)
        ]
        box = next(
            (
                box
                for box in boxes
                if not trail.intersects(box) and not any(box.intersects(mark) for mark in self.marks)
            ),
            boxes[0],
        )
        self.target_box = box
        painter.setPen(QColor(TARGET_LINE))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _label(
        self, painter: QPainter, taken: list[QRectF], text: str, centre: float, top: float, bold: bool,
        muted: bool = False,
    ) -> None:  # fmt: skip
        """Draws ``text`` centred on ``centre`` unless it would overlap a label already drawn."""
        painter.setFont(_scaled(self.font(), 1.0, bold=bold))
        width = painter.fontMetrics().horizontalAdvance(text) + 8
        left = min(max(centre - width / 2, 0.0), self.width() - width)
        box = QRectF(left, top, width, painter.fontMetrics().height())
        if not any(box.intersects(other) for other in taken):
            taken.append(box)
            painter.setPen(QColor(MUTED_INK if muted else INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setFont(self.font())


# ---------------------------------------------------------------- team cards


class _Bar(QWidget):
    """A thin progress bar: calmer than a native one, and the same on every platform."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.percent = 0
        self.setFixedHeight(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(TRACK))
        painter.drawRoundedRect(QRectF(self.rect()), 4, 4)
        if self.percent:
            painter.setBrush(QColor(PROGRESS))
            done = QRectF(0, 0, max(8.0, self.width() * self.percent / 100), self.height())
            painter.drawRoundedRect(done, 4, 4)


class _TeamCard(QFrame):
    """A team at a glance; clicking it (or Enter/Space on it) asks for the team's work in the table."""

    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team_id = 0
        self.setObjectName("teamCard")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumWidth(CARD_WIDTH)
        self.swatch = QFrame()
        self.swatch.setObjectName("swatch")
        self.swatch.setFixedSize(6, 22)
        self.name = _label()
        self.name.setFont(_scaled(self.font(), 1.1, bold=True))
        self.health = QLabel()
        self.health.setTextFormat(Qt.TextFormat.RichText)
        self.summary = _label(name="note")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.bar = _Bar()
        self.percent = QLabel()
        self.counts: dict[Status, QLabel] = {}
        self.health_counts = _label()
        self.health_counts.setTextFormat(Qt.TextFormat.RichText)
        self.health_counts.setToolTip("The health of the team's open work.")
        self.milestone = _label()
        self.milestone.setTextFormat(Qt.TextFormat.RichText)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.swatch, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.name, 1)
        top.addWidget(self.health, 0, Qt.AlignmentFlag.AlignTop)
        progress = QHBoxLayout()
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.percent)
        statuses = QGridLayout()
        statuses.setHorizontalSpacing(6)
        statuses.setVerticalSpacing(0)
        small = _scaled(self.font(), 0.9)
        for column, status in enumerate(STATUSES_SHOWN):
            number = QLabel()
            number.setFont(_scaled(self.font(), 1.15, bold=True))
            number.setStyleSheet(f"color: {palette.STATUS_TEXT[status].color().name()};")
            caption = _label(status.label, "note", wrap=False)
            caption.setFont(small)
            statuses.addWidget(number, 0, column)
            statuses.addWidget(caption, 1, column)
            statuses.setColumnStretch(column, 1)
            self.counts[status] = number
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(progress)
        layout.addSpacing(2)
        layout.addLayout(statuses)
        layout.addWidget(self.health_counts)
        layout.addWidget(self.milestone)
        layout.addStretch(1)

    def show_card(self, card: figures.TeamCard) -> None:
        self.team_id = card.team_id
        self.swatch.setStyleSheet(f"background: {card.colour};")
        self.name.setText(card.name)
        self.health.setText(_coloured(f"●&nbsp;{card.health.label}", palette.HEALTH_COLOUR[card.health]))
        red = palette.HEALTH_COLOUR[HealthLevel.RED]
        late = f"{card.late:,}&nbsp;late"
        self.summary.setText(
            f"{card.workstreams:,}&nbsp;workstream{'' if card.workstreams == 1 else 's'} · "
            + (_coloured(late, red) if card.late else "none&nbsp;late")
        )  # blocked work is counted, in red, with the statuses below
        self.bar.percent = card.percent_complete
        self.bar.update()
        self.percent.setText(f"{card.percent_complete}% done")
        for status, label in self.counts.items():
            label.setText(f"{card.by_status[status]:,}")
        self.health_counts.setText(
            " &nbsp; ".join(
                f"{_coloured('●', palette.HEALTH_COLOUR[level])}&nbsp;{n:,}&nbsp;{level.label.lower()}"
                for level, n in figures.open_health(card)
            )
        )
        milestone = card.next_milestone
        if milestone is None:
            self.milestone.setText(_coloured("No open milestone", MUTED_INK))
        else:
            day = milestone.day
            when = day_text(day) if day else "no date"
            slipped = (
                milestone.forecast is not None
                and milestone.planned is not None
                and milestone.forecast > milestone.planned
            )
            if slipped and milestone.planned is not None:
                when = f"{_coloured(when, red)} (planned {date_text(milestone.planned)})"
            title = html.escape(milestone.title)
            self.milestone.setText(
                f"{_coloured('Next milestone', MUTED_INK)}<br><b>{milestone.key}</b> {title}<br>{when}"
            )
        cancelled = card.by_status[Status.CANCELLED]
        self.setToolTip(
            f"{card.name}: {card.health.label}. Progress {card.percent_complete}% is the done share of "
            "the team's work weighted by planned working days, as in the status report "
            "(milestones and cancelled work don't count)."
            + (
                f" {cancelled} cancelled workstream{'' if cancelled == 1 else 's'} not shown."
                if cancelled
                else ""
            )
            + " Click to show this team's work in the table."
        )
        self.setAccessibleName(f"{card.name}, {card.health.label}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.team_id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.team_id)
            return
        super().keyPressEvent(event)


class _CardGrid(QWidget):
    """Cards in the columns the dashboard gives it, rows as tall as their tallest card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[_TeamCard] = []
        self.columns = 2
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(CARD_SPACING)

    def set_cards(self, cards: list[_TeamCard]) -> None:
        self.cards = cards
        self._place()

    def set_columns(self, columns: int) -> None:
        if columns != self.columns:
            self.columns = columns
            self._place()

    def _place(self) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // self.columns, index % self.columns)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < self.columns else 0)


class _List(QTreeWidget):
    """A short list as tall as its rows, so the dashboard scrolls as one page.

    Long text wraps in the columns that take the width (``wrapped``); their row heights are
    measured here, as the tree itself measures wrapped text at the wrong width.
    """

    def __init__(self, headers: Sequence[str], wrapped: Sequence[int], share: float = 0.0) -> None:
        super().__init__()
        self.wrapped = tuple(wrapped)
        self.share = share  # of the width for the first column, when another takes the rest
        self.setHeaderLabels(list(headers))
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.wrapped[-1], QHeaderView.ResizeMode.Stretch)
        if share:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self._fitting = QTimer(self)
        self._fitting.setSingleShot(True)
        self._fitting.timeout.connect(self.fit)

    def fill(self, rows: Sequence[tuple[Sequence[str], list[int], str]]) -> None:
        """Rows of (cell texts, workstream ids, tooltip)."""
        self.clear()
        items = []
        for texts, ids, tip in rows:
            item = QTreeWidgetItem(list(texts))
            item.setData(0, IDS, ids)
            for column in range(len(texts)):
                item.setToolTip(column, tip)
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            items.append(item)
        self.addTopLevelItems(items)
        self.setVisible(bool(items))
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fitting.start(0)  # once the header has given the columns their new widths

    def fit(self) -> None:
        """Wrapped rows as tall as their text at the columns' widths, the list as tall as its rows."""
        if self.share:
            self.header().resizeSection(0, round(self.viewport().width() * self.share))
        metrics = self.fontMetrics()
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            for column in self.wrapped:
                width = self.columnWidth(column) - 2 * CELL_PADDING
                needed = metrics.boundingRect(0, 0, max(width, 20), 100_000, WRAP, item.text(column)).height()
                item.setSizeHint(column, QSize(self.columnWidth(column), needed + 6))
        self.doItemsLayout()
        height = self.header().sizeHint().height() + 2 * self.frameWidth()
        for row in range(self.topLevelItemCount()):
            height += self.visualItemRect(self.topLevelItem(row)).height()
        if height != self.height():
            self.setFixedHeight(height)


class _Panel(QFrame):
    """A white panel: a heading (with a count for a list), a note, and its content."""

    def __init__(self, heading: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.title = heading
        self.content = content
        self.heading = _label(heading, "heading")
        self.heading.setFont(_scaled(self.font(), 1.1, bold=True))
        self.note = _label(name="note")
        self.empty = _label(name="note")
        self.more = _label(name="note")
        self.total = 0
        self.empty.hide()
        self.more.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addSpacing(4)
        layout.addWidget(content, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.more)

    def show_rows(
        self, rows: Sequence[tuple[Sequence[str], list[int], str]], capped: figures.Capped[object],
        note: str, empty: str, where: str,
    ) -> None:  # fmt: skip
        """The list's first rows, how many there are in all, and what to do when it is cut short."""
        assert isinstance(self.content, _List)
        self.content.fill(rows)
        self.note.setText(note)
        self.empty.setText(empty)
        self.more.setText(f"…and {capped.hidden:,} more; {where}.")
        self.more.setVisible(capped.hidden > 0)
        self._count(capped.total)

    def drop_gone(self, plan: Collection[int]) -> None:
        """Remove the rows naming a workstream no longer in ``plan``, until the next analysis lists afresh."""
        assert isinstance(self.content, _List)
        tree = self.content
        gone = [
            row
            for row in range(tree.topLevelItemCount())
            if not all(i in plan for i in tree.topLevelItem(row).data(0, IDS))
        ]
        if not gone:
            return
        for row in reversed(gone):
            tree.takeTopLevelItem(row)
        tree.setVisible(tree.topLevelItemCount() > 0)
        tree.fit()
        self._count(self.total - len(gone))

    def _count(self, total: int) -> None:
        self.total = total
        self.heading.setText(f"{self.title} ({total:,})" if total else self.title)
        self.empty.setVisible(not total)


# ---------------------------------------------------------------- the view


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
        self.title = _label()
        self.title.setFont(_scaled(self.font(), 1.6, bold=True))
        self.title.setStyleSheet(f"color: {INK};")
        self.subtitle = _label(name="note")
        self.go_live = _Tile("Projected go-live")
        self.target = _Tile("Against target")
        self.baseline = _Tile("Against baseline")
        self.health = _Tile("Overall health")
        self.chart = _GoLiveChart()
        self.chart_panel = _Panel("Projected go-live, snapshot by snapshot", self.chart)
        self.chart_panel.note.setText(
            "Each point is a kept report's forecast by its as-of date; the ringed one is now. "
            "Higher is later; point colours are the overall health then."
        )
        self.headline = QGridLayout()
        self.headline.setSpacing(12)
        self._wide: bool | None = None

        self.cards_heading = _label("Teams", "heading")
        self.cards_heading.setFont(_scaled(self.font(), 1.2, bold=True))
        self.cards_note = _label(name="note")
        self.card_grid = _CardGrid()
        self.cards: dict[int, _TeamCard] = {}

        self.red_list = _List(("Workstream", "Team", "Days late", "Why it is red"), wrapped=(0, 3), share=0.3)
        self.due_list = _List(("Due", "Workstream", "Team", "Owner", "Done", "Health"), wrapped=(1,))
        self.conflict_list = _List(("Link", "Teams", "What the dates break"), wrapped=(2,))
        self.red_panel = _Panel("Red work", self.red_list)
        self.due_panel = _Panel("Due in the next two working weeks", self.due_list)
        self.conflict_panel = _Panel("Open dependency conflicts", self.conflict_list)
        for tree, name in (
            (self.red_list, "Red work"),
            (self.due_list, "Due in the next two working weeks"),
            (self.conflict_list, "Open dependency conflicts"),
        ):
            tree.setAccessibleName(name)
            tree.itemClicked.connect(self._row_picked)
            tree.itemActivated.connect(self._row_picked)
            tree.customContextMenuRequested.connect(lambda at, tree=tree: self._row_menu(tree, at))

        body = QVBoxLayout()
        body.setSpacing(12)
        body.addLayout(self.headline)
        body.addSpacing(8)
        body.addWidget(self.cards_heading)
        body.addWidget(self.cards_note)
        body.addWidget(self.card_grid)
        body.addSpacing(8)
        body.addWidget(self.red_panel)
        body.addWidget(self.due_panel)
        body.addWidget(self.conflict_panel)
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
        self.scroll = QScrollArea()
        self.scroll.setWidget(page)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)
        self._arrange_headline(wide=False)
        self.scroll.viewport().installEventFilter(self)

        document.reloaded.connect(self.refresh)
        document.snapshot_added.connect(self.refresh)  # an export kept a report: the trend grows
        document.workstreams_changed.connect(self._drop_gone)
        document.analysed.connect(self.refresh)
        document.analysis_failed.connect(self.refresh)

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
        for tree in (self.red_list, self.due_list, self.conflict_list):
            tree.clearSelection()
            for row in range(tree.topLevelItemCount()):
                item = tree.topLevelItem(row)
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

    def _visible_or_stale(self) -> bool:
        """Whether to rebuild now; a hidden dashboard only remembers to do it when shown."""
        self.stale = not self.isVisible()
        return not self.stale

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._arrange(self.scroll.viewport().width() - 2 * PAGE_MARGIN)
        return super().eventFilter(watched, event)

    def _arrange(self, width: int) -> None:
        """Columns for the width the page has (not the page's own, which its cards hold open)."""
        # Two to four columns of cards; below two cards' width, one keeps every card readable.
        self.card_grid.set_columns(max(1, min(4, (width + CARD_SPACING) // (CARD_WIDTH + CARD_SPACING))))
        self._arrange_headline(wide=width >= FOUR_IN_A_ROW)

    def _arrange_headline(self, wide: bool) -> None:
        """The four figures in a row when wide enough, else two by two; the chart below them."""
        if wide == self._wide:
            return
        self._wide = wide
        grid = self.headline
        tiles = (self.go_live, self.target, self.baseline, self.health)
        for widget in (*tiles, self.chart_panel):
            grid.removeWidget(widget)
        columns = 4 if wide else 2
        for index, tile in enumerate(tiles):
            grid.addWidget(tile, index // columns, index % columns)
        grid.addWidget(self.chart_panel, 4 // columns, 0, 1, columns)
        for column in range(4):
            grid.setColumnStretch(column, 1 if column < columns else 0)

    # ------------------------------------------------------------ the headline

    def _show_headline(self, analysis: PlanAnalysis) -> None:
        head = figures.headline(analysis, self._snapshots())
        go_live = f"go-live milestone {head.go_live_key}" if head.go_live_key else "the last open work"
        self.subtitle.setText(f"As of {day_text(head.as_of)} · the go-live is the finish of {go_live}")
        report = head.last_report
        red, green = palette.HEALTH_COLOUR[HealthLevel.RED], palette.HEALTH_COLOUR[HealthLevel.GREEN]

        if head.projected is None:
            self.go_live.show_figure("Not forecast", INK, "No open work to project a go-live from.")
        else:
            moved = head.moved_since_report
            if report is None:
                detail = "No report kept yet to compare with."
            elif moved is None:
                detail = "The last report had no forecast."
            elif moved == 0:
                detail = f"Unchanged since the last report ({date_text(report.as_of)})."
            else:
                words = f"{working_days(moved)} {'later' if moved > 0 else 'earlier'}"
                detail = (
                    f"{_coloured(words, red if moved > 0 else green)} than in the last report "
                    f"({date_text(report.as_of)})."
                )
            self.go_live.show_figure(day_text(head.projected), INK, detail)

        if head.target is None:
            self.target.show_figure("No target", INK, "Set a target go-live in the migration settings.")
        elif head.projected is None:
            self.target.show_figure("—", INK, f"Target {date_text(head.target)}")
        else:
            late = head.slip_days > 0
            self.target.show_figure(
                signed_days(head.slip_days, "On target"),
                red if late else green,
                f"{'Later than' if late else 'Meets' if head.slip_days == 0 else 'Earlier than'} the target "
                f"{date_text(head.target)}",
                "Working days between the target and the projected go-live, in the migration's calendar.",
            )

        if head.baseline is None:
            self.baseline.show_figure("No baseline", INK, "Take a baseline to measure the plan against it.")
        elif head.projected is None or head.baseline_slip is None:
            self.baseline.show_figure("—", INK, f"Baseline {date_text(head.baseline)}")
        else:
            late = head.baseline_slip > 0
            self.baseline.show_figure(
                signed_days(head.baseline_slip, "On baseline"),
                red if late else green,
                f"Baseline {date_text(head.baseline)}",
                f"The baseline go-live is {head.baseline_from}.",
            )

        if head.trend is None or report is None:
            detail = "No report kept yet to compare with."
        else:
            when = date_text(report.as_of)
            was = report.overall_health.label.lower()
            detail = {
                Trend.BETTER: _coloured(f"Better than the last report ({when}, was {was})", green),
                Trend.SAME: f"Same as the last report ({when})",
                Trend.WORSE: _coloured(f"Worse than the last report ({when}, was {was})", red),
            }[head.trend]
        self.health.show_figure(
            f"● {head.health.label}",
            palette.HEALTH_COLOUR[head.health],
            detail,
            "The worst health of any team; the teams below say why.",
        )
        self.chart.set_trail(figures.go_live_trail(analysis, self._snapshots()), head.target)

    # ------------------------------------------------------------ the cards

    def _show_cards(self, analysis: PlanAnalysis) -> None:
        cards = figures.team_cards(analysis, self.document.plan.teams)
        known = self.cards
        self.cards = {}
        for card in cards:
            widget = known.pop(card.team_id, None)
            if widget is None:
                widget = _TeamCard()
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
            [
                (
                    (
                        f"{item.key}  {item.title}",
                        item.team_code,
                        str(item.days_late) if item.days_late else "—",
                        "\n".join(f"• {reason}" for reason in item.reasons),
                    ),
                    [item.workstream_id],
                    f"{item.key}: "
                    + (f"{working_days(item.days_late)} late" if item.days_late else "not late")
                    + (", on the critical path" if item.critical else ""),
                )
                for item in red.items
            ],
            red,
            "Open red workstreams, the latest first." + following,
            "Nothing is red.",
            "to see them all, filter the table to red work",
        )

        due = figures.due_soon(analysis, shown, DUE_LIMIT)
        self.due_panel.show_rows(
            [
                (
                    (
                        day_text(item.due),
                        f"{item.key}  {item.title}",
                        item.team_code,
                        item.owner or "—",
                        "Milestone" if item.is_milestone else f"{item.progress}%",
                        f"● {item.health.label}",
                    ),
                    [item.workstream_id],
                    f"{item.key} is planned to finish {day_text(item.due)}.",
                )
                for item in due.items
            ],
            due,
            f"Open work planned to finish by {day_text(figures.due_horizon(analysis))}, soonest first."
            + following,
            "Nothing open falls due in the next two working weeks.",
            "to see them all, sort the table by due date",
        )
        for row, item in enumerate(due.items):
            self.due_list.topLevelItem(row).setForeground(5, QColor(palette.HEALTH_COLOUR[item.health]))

        conflicts = figures.open_conflicts(analysis, shown, CONFLICT_LIMIT)
        self.conflict_panel.show_rows(
            [
                (
                    (
                        f"{item.predecessor_key} → {item.successor_key}",
                        f"{item.predecessor_team} → {item.successor_team}",
                        item.message,
                    ),
                    [item.successor_id, item.predecessor_id],
                    f"Broken by {working_days(item.violation_days)}; click to select both ends.",
                )
                for item in conflicts.items
            ],
            conflicts,
            "Links the current dates break, the worst first." + following,
            "No dependency conflicts.",
            "the status report's Dependencies sheet lists every link",
        )
        self._drop_gone()  # an analysis one step old, or the last before a failed one, may list them

    def _row_picked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        plan = self.document.plan.workstreams
        ids = [i for i in item.data(0, IDS) or () if i in plan]
        if ids:
            self.selected.emit(ids)

    def _row_menu(self, tree: _List, at: QPoint) -> None:
        item = tree.itemAt(at)
        if item is None or tree is self.conflict_list:
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
