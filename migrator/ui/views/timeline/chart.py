"""The timeline's chart: the bars and arrows of the rows in view, and the drags that edit them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QCursor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from migrator.domain.model import Workstream
from migrator.domain.wording import date_text, working_days
from migrator.layout.timeline import (
    BAR_HEIGHT,
    BAR_TOP,
    BASELINE_HEIGHT,
    BASELINE_TOP,
    DIAMOND_HALF,
    HANDLE_RADIUS,
    ROW_HEIGHT,
    Bar,
    BarPart,
    arrow_route,
    bar_for,
    bar_middle,
    days_dragged,
    handle_centre,
    header_ticks,
    moved,
    non_working_runs,
    part_at,
    resized_due,
    working_days_in,
    zoom_in,
    zoom_out,
)
from migrator.ui.palette import CRITICAL
from migrator.ui.views.timeline.ink import (
    AS_OF,
    BASELINE,
    CROSS_TEAM_LINK,
    DECISION,
    DECISION_OVERDUE,
    GRID,
    INKS,
    LINK,
    NO_INK,
    ROW_LINE,
    SELECTED_ROW,
    SELECTION,
    SHADE,
    SLIP,
    SLIP_BRUSH,
    SLIP_FILL,
    STARTED_EARLY,
    TARGET,
    TEAM_ROW,
    WHAT_IF,
    WHAT_IF_ROW,
    WHITE,
    around,
    diamond,
    wedge,
)
from migrator.ui.views.timeline.paint_model import DecisionMark, TimelineModel
from migrator.ui.views.view_support import SOFT_INK

SHADE_FROM = 3.0  # pixels per day from which weekends and holidays are shaded
CAPTION_GAP = 22  # a bar's caption starts past its link handle


@dataclass
class Drag:
    """A gesture in progress on the chart, in content coordinates."""

    part: BarPart
    workstream_id: int
    ids: list[int]  # what a move carries (the selection, when the bar was in it)
    start: QPointF
    at: QPointF
    started: bool = False  # past the drag distance: a click that moves a little is still a click

    @property
    def dx(self) -> float:
        return self.at.x() - self.start.x()


# What one paint of the chart has looked up per workstream: the workstream and its bar.
_Painted = dict[int, tuple[Workstream, Bar | None]]


class Chart(QAbstractScrollArea):
    """The bars and arrows of the rows in view; both scroll bars of the timeline live here."""

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.drag: Drag | None = None
        self.hovered: int | None = None  # the workstream whose link handle shows
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.verticalScrollBar().setSingleStep(ROW_HEIGHT)
        self.horizontalScrollBar().setSingleStep(40)

    def update_scrollbars(self) -> None:
        model, size = self.model, self.viewport().size()
        width = model.scale.x(model.end)
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        horizontal.setRange(0, max(round(width) - size.width(), 0))
        horizontal.setPageStep(size.width())
        vertical.setRange(0, max(model.rows.height - size.height() + ROW_HEIGHT, 0))
        vertical.setPageStep(size.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update_scrollbars()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()  # everything is painted from the scroll offsets

    def offset(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def viewport_point(self, x: float, y: float) -> QPoint:
        """A point in content coordinates, where it is on the viewport now."""
        return (QPointF(x, y) - self.offset()).toPoint()

    def hit(self, position: QPointF) -> tuple[int | None, int | None, BarPart | None]:
        """(row, workstream id, part of its bar) under a viewport position."""
        content = position + self.offset()
        row = self.model.rows.row_at(content.y())
        if row is None:
            return None, None, None
        workstream_id = self.model.rows[row].workstream_id
        if workstream_id is None:
            return row, None, None
        bar = self.model.bar_of(workstream_id)
        return row, workstream_id, part_at(bar, content.x()) if bar else None

    # -------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model
        scale = model.scale
        painter = QPainter(self.viewport())
        rect = QRectF(self.viewport().rect())
        painter.fillRect(rect, WHITE)
        offset = self.offset()
        painter.translate(-offset)
        area = rect.translated(offset)
        left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
        first, last = scale.day_at(left), scale.day_at(right)
        visible = model.rows.visible(top, bottom)

        if scale.px_per_day >= SHADE_FROM:
            for day, count in non_working_runs(model.calendar, first, last):
                painter.fillRect(QRectF(scale.x(day), top, count * scale.px_per_day, area.height()), SHADE)
        _, lower = header_ticks(scale, first, last)
        painter.setPen(QPen(GRID, 1))
        for tick in lower:
            painter.drawLine(QPointF(tick.x, top), QPointF(tick.x, bottom))
        painted: _Painted = {}
        self._paint_rows(painter, visible, area, painted)
        self._paint_day_lines(painter, area)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_links(painter, visible, painted)
        for row in visible:
            team_id, workstream_id = model.rows[row]
            if workstream_id is None:
                self._paint_team_span(painter, row, team_id)
            else:
                self._paint_bar(painter, row, workstream_id, painted)
        if self.drag is not None and self.drag.started:
            self._paint_drag(painter, self.drag, visible)
        if not len(model.rows):
            painter.resetTransform()
            painter.setPen(SOFT_INK)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, model.why_empty())
        painter.end()

    def _paint_rows(self, painter: QPainter, visible: range, area: QRectF, painted: _Painted) -> None:
        model = self.model
        selection, marked = model.chosen, model.highlighted
        workstreams = model.workstreams
        painter.setPen(QPen(ROW_LINE, 1))
        for row in visible:
            workstream_id = model.rows[row].workstream_id
            y = model.rows.y(row)
            band = QRectF(area.left(), y, area.width(), ROW_HEIGHT)
            if workstream_id is None:
                painter.fillRect(band, TEAM_ROW)
            else:
                painted[workstream_id] = (workstreams[workstream_id], model.bar_of(workstream_id))
                if workstream_id in selection:
                    painter.fillRect(band, SELECTED_ROW)
                elif workstream_id in marked:
                    painter.fillRect(band, WHAT_IF_ROW)
            painter.drawLine(
                QPointF(area.left(), y + ROW_HEIGHT - 0.5), QPointF(area.right(), y + ROW_HEIGHT - 0.5)
            )

    def _paint_day_lines(self, painter: QPainter, area: QRectF) -> None:
        """The as-of date and the go-live target, across the whole height."""
        model = self.model
        scale = model.scale
        target = model.target_go_live
        for day, colour, style in (
            (target, TARGET, Qt.PenStyle.DotLine),
            (model.as_of, AS_OF, Qt.PenStyle.DashLine),
        ):
            if day is not None:
                x = scale.x_centre(day)
                painter.setPen(QPen(colour, 1.5, style))
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))

    def _paint_links(self, painter: QPainter, visible: range, painted: _Painted) -> None:
        model = self.model
        workstreams, rows = model.workstreams, model.rows
        for link_id in model.links.touching(rows, visible):
            link = model.dependencies.get(link_id)
            if link is None:
                continue
            ends = []
            for end in (link.predecessor_id, link.successor_id):
                if end not in painted and end in workstreams:
                    painted[end] = (workstreams[end], model.bar_of(end))
                ends.append(painted.get(end, (None, None)))
            (before, before_bar), (after, after_bar) = ends
            if before is None or after is None or before_bar is None or after_bar is None:
                continue
            before_row, after_row = rows.row_of(before.id), rows.row_of(after.id)
            assert before_row is not None and after_row is not None
            route = arrow_route(link.type, before_bar, before_row, after_bar, after_row)
            if model.on_critical_path(before.id, after.id):
                colour, width = CRITICAL.color(), 2.0
            elif before.team_id != after.team_id:
                colour, width = CROSS_TEAM_LINK, 1.6
            else:
                colour, width = LINK, 1.0
            painter.setPen(QPen(colour, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in route.points]))
            x, y = route.points[-1]
            back = -route.heading * 6
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPolygon(
                QPolygonF([QPointF(x, y), QPointF(x + back, y - 3.5), QPointF(x + back, y + 3.5)])
            )

    def _paint_team_span(self, painter: QPainter, row: int, team_id: int) -> None:
        """The team's summary: a bracket from its earliest start to its latest due date."""
        model = self.model
        span = model.team_span_of(team_id)
        if span is None:
            return
        left, right = model.scale.x(span[0]), model.scale.x_end(span[1])
        y = model.rows.y(row) + ROW_HEIGHT / 2 - 3
        colour = model.team_colour(team_id)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRect(QRectF(left, y, right - left, 6))
        for x, direction in ((left, 1), (right, -1)):
            painter.drawPolygon(QPolygonF([QPointF(x, y), QPointF(x + 7 * direction, y), QPointF(x, y + 11)]))

    def _paint_bar(self, painter: QPainter, row: int, workstream_id: int, painted: _Painted) -> None:
        model = self.model
        w, bar = painted[workstream_id]
        if bar is None:
            return
        y = model.rows.y(row)
        health = model.health_of(workstream_id)
        ink = INKS[health] if health is not None else NO_INK
        middle = bar_middle(row)
        if bar.baseline is not None:
            self._paint_baseline(painter, bar, y)
        if bar.slip_right is not None:
            self._paint_slip(painter, bar, y, middle)
        if bar.milestone:
            painter.setPen(QPen(ink.outline.darker(130), 1))
            painter.setBrush(ink.outline)
            painter.drawPolygon(diamond(bar.centre, middle, DIAMOND_HALF))
        else:
            body = QRectF(bar.left, y + BAR_TOP, bar.right - bar.left, BAR_HEIGHT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink.fill)
            painter.drawRoundedRect(body, 3, 3)
            if bar.progress_right > bar.left:
                done = QRectF(body)
                done.setRight(bar.progress_right)
                painter.setBrush(ink.done)
                painter.drawRoundedRect(done, 3, 3)
            painter.setPen(QPen(ink.outline, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if model.started_before(workstream_id):
            self._paint_started_early(painter, bar, y)
        for mark in model.decisions_of(workstream_id):
            self._paint_decision(painter, mark, y)
        if workstream_id in model.highlighted:
            painter.setPen(QPen(WHAT_IF, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(around(bar, y, 4), 4, 4)
        if workstream_id in model.chosen:
            painter.setPen(QPen(SELECTION, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(around(bar, y, 3), 4, 4)
        self._paint_caption(painter, w, bar, middle)
        if workstream_id == self.hovered and self.drag is None and not model.read_only:
            painter.setPen(QPen(SELECTION, 1.5))
            painter.setBrush(WHITE)
            painter.drawEllipse(QPointF(handle_centre(bar), middle), HANDLE_RADIUS, HANDLE_RADIUS)

    def _paint_baseline(self, painter: QPainter, bar: Bar, y: float) -> None:
        assert bar.baseline is not None
        start, end = bar.baseline
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BASELINE)
        if bar.milestone:
            painter.drawPolygon(diamond(start, y + BASELINE_TOP + BASELINE_HEIGHT / 2, 3.5))
        else:
            painter.drawRect(QRectF(start, y + BASELINE_TOP, end - start, BASELINE_HEIGHT))

    def _paint_slip(self, painter: QPainter, bar: Bar, y: float, middle: float) -> None:
        """Forecast past the due date: a hatched red run from the bar's end to the forecast."""
        assert bar.slip_right is not None
        if bar.milestone:
            band = QRectF(bar.right, middle - 3, bar.slip_right - bar.right, 6)
        else:
            band = QRectF(bar.right, y + BAR_TOP + 1, bar.slip_right - bar.right, BAR_HEIGHT - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SLIP_FILL)
        painter.drawRect(band)
        painter.setBrush(SLIP_BRUSH)
        painter.drawRect(band)
        painter.setPen(QPen(SLIP, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(band.adjusted(0.5, 0.5, -0.5, -0.5))
        if bar.milestone:
            painter.setBrush(WHITE)
            painter.drawPolygon(diamond(bar.slip_right, middle, DIAMOND_HALF - 1))

    def _paint_started_early(self, painter: QPainter, bar: Bar, y: float) -> None:
        """Started before what it waits on: an amber wedge over the bar's start, pointing at it."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STARTED_EARLY)
        painter.drawPolygon(wedge(bar.left, y + BAR_TOP))

    def _paint_decision(self, painter: QPainter, mark: DecisionMark, y: float) -> None:
        """A decision's needed-by date: a flag on a line down the row, in red once it is overdue."""
        x = self.model.scale.x(mark.needed_by)
        ink = DECISION_OVERDUE if mark.overdue else DECISION
        painter.setPen(QPen(ink, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, y + 2), QPointF(x, y + ROW_HEIGHT - 2))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawPolygon(QPolygonF([QPointF(x, y + 2), QPointF(x + 8, y + 5), QPointF(x, y + 8)]))

    def _paint_caption(self, painter: QPainter, w: Workstream, bar: Bar, middle: float) -> None:
        """The key right of the bar, so a bar is known without the labels."""
        text = self.model.caption(w)
        x = bar.reach + CAPTION_GAP
        painter.setPen(SOFT_INK)
        painter.drawText(QRectF(x, middle - 9, 200, 18), Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_drag(self, painter: QPainter, drag: Drag, visible: range) -> None:
        model = self.model
        scale = model.scale
        pen = QPen(SELECTION, 1.5, Qt.PenStyle.DashLine)
        if drag.part is BarPart.LINK_HANDLE:
            source = model.bar_of(drag.workstream_id)
            row = model.rows.row_of(drag.workstream_id)
            if source is None or row is None:
                return
            _, target, _ = self.hit(drag.at - self.offset())
            if target is not None and target != drag.workstream_id:
                bar, target_row = model.bar_of(target), model.rows.row_of(target)
                if bar is not None and target_row is not None:
                    painter.setPen(QPen(SELECTION, 2))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(around(bar, model.rows.y(target_row), 3), 4, 4)
            painter.setPen(pen)
            painter.drawLine(QPointF(handle_centre(source), bar_middle(row)), drag.at)
            return
        days = days_dragged(drag.dx, scale.px_per_day)
        shift = model.drag_shift(drag.workstream_id, days)
        # Ghosts only on the rows in view: a drag may carry all 20,000 selected workstreams.
        carried = frozenset(drag.ids if drag.part is BarPart.BODY else [drag.workstream_id])
        workstreams = model.workstreams
        for row in visible:
            workstream_id = model.rows[row].workstream_id
            if workstream_id not in carried:
                continue
            w = workstreams.get(workstream_id)
            if w is None:
                continue
            y = model.rows.y(row)
            start, due = self._dropped(w, drag.part, days, shift)
            dropped = bar_for(scale, start, due, milestone=w.is_milestone)
            if dropped is None:
                continue
            left, right = dropped.left, dropped.right
            painter.setPen(pen)
            painter.setBrush(QColor(26, 115, 232, 40))
            painter.drawRoundedRect(QRectF(left, y + BAR_TOP - 2, right - left, BAR_HEIGHT + 4), 3, 3)
            if workstream_id == drag.workstream_id:
                self._paint_drag_text(painter, right + 10, y, self._drag_text(w, start, due))

    def _paint_drag_text(self, painter: QPainter, x: float, y: float, text: str) -> None:
        """The dates a drop would give, on a pill over whatever the bar's row shows there."""
        box = QRectF(x, y + 4, self.fontMetrics().horizontalAdvance(text) + 14, ROW_HEIGHT - 8)
        painter.setPen(QPen(SELECTION, 1))
        painter.setBrush(WHITE)
        painter.drawRoundedRect(box, 4, 4)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _dropped(
        self, w: Workstream, part: BarPart, days: int, shift: int
    ) -> tuple[date | None, date | None]:
        """The planned dates a drop would give: the same rules as the edit the drop makes."""
        calendar = self.model.calendar
        if part is BarPart.END and w.planned_due:
            return w.planned_start, resized_due(calendar, w.planned_start, w.planned_due, days)
        return moved(calendar, w.planned_start, w.planned_due, shift)

    def _drag_text(self, w: Workstream, start: date | None, due: date | None) -> str:
        """The dates a drop would give, and by how many working days the due date moves."""
        shift = ""
        if w.planned_due and due:
            forward = due >= w.planned_due
            first, last = (w.planned_due, due) if forward else (due, w.planned_due)
            count = working_days_in(self.model.calendar, first + timedelta(days=1), last)
            shift = f" ({'+' if forward else '−'}{working_days(count)})" if count else ""
        if w.is_milestone or start is None or due is None:
            day = due or start
            return f"{date_text(day)}{shift}" if day else ""
        return f"{date_text(start)} – {date_text(due)}{shift}"

    def cancel_drag_if_gone(self) -> None:
        """Drop the gesture when what it drags is no longer in the plan (an undo took it away)."""
        drag, workstreams = self.drag, self.model.workstreams
        if drag is None:
            return
        if drag.workstream_id not in workstreams or any(i not in workstreams for i in drag.ids):
            self.drag = None
            self.viewport().unsetCursor()
            self.viewport().update()

    # -------------------------------------------------------- mouse and keys

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        _, workstream_id, part = self.hit(event.position())
        if workstream_id is None or part is None:
            return
        model = self.model
        at = event.position() + self.offset()
        if part is BarPart.BODY or model.read_only:
            carry = workstream_id in model.selection and not event.modifiers()
            if not carry:
                model.pick(workstream_id, event.modifiers())
            ids = list(model.selection) if carry else [workstream_id]
            if model.read_only or workstream_id not in model.selection:
                return
            self.drag = Drag(BarPart.BODY, workstream_id, ids, at, at)
        else:
            self.drag = Drag(part, workstream_id, [workstream_id], at, at, started=True)
            self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self.drag
        if drag is not None:
            drag.at = event.position() + self.offset()
            distance = (drag.at - drag.start).manhattanLength()
            drag.started = drag.started or distance >= QApplication.startDragDistance()
            if drag.started:
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self.viewport().update()
            return
        _, workstream_id, part = self.hit(event.position())
        if self.model.read_only:
            part = None
        hovered = workstream_id if part is not None else None
        if hovered != self.hovered:
            self.hovered = hovered
            self.viewport().update()
        cursors = {
            BarPart.END: Qt.CursorShape.SizeHorCursor,
            BarPart.LINK_HANDLE: Qt.CursorShape.CrossCursor,
            BarPart.BODY: Qt.CursorShape.OpenHandCursor,
        }
        self.viewport().setCursor(cursors.get(part, Qt.CursorShape.ArrowCursor) if part else QCursor())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self.drag = self.drag, None
        self.viewport().unsetCursor()
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if drag.workstream_id not in self.model.workstreams:
            self.viewport().update()
            return
        model = self.model
        drag.at = event.position() + self.offset()
        days = days_dragged(drag.dx, model.scale.px_per_day)
        if drag.part is BarPart.LINK_HANDLE:
            _, target, _ = self.hit(event.position())
            if target is not None and target != drag.workstream_id:
                model.link(drag.workstream_id, target)
        elif not drag.started:
            if len(drag.ids) > 1:  # a click (not a drag) on a bar of a wider selection picks it alone
                model.pick(drag.workstream_id, Qt.KeyboardModifier.NoModifier)
        elif days and drag.part is BarPart.END:
            model.change_due(drag.workstream_id, days)
        elif days:
            model.move_workstreams(drag.ids, model.drag_shift(drag.workstream_id, days))
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = None
            self.viewport().unsetCursor()
            self.viewport().update()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.model.step_selection(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and delta:
            scale = self.model.scale.px_per_day
            self.model.zoom_to(zoom_in(scale) if delta > 0 else zoom_out(scale), event.position().x())
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier and delta:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - delta)
        else:
            super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        row, _, _ = self.hit(QPointF(event.pos()))
        self.model.context_menu(row).exec(event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            row, _, _ = self.hit(QPointF(event.pos()))
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.model.tooltip(row), self.viewport())
            return True
        if event.type() == QEvent.Type.Leave and self.hovered is not None:
            self.hovered = None
            self.viewport().update()
        return super().viewportEvent(event)
