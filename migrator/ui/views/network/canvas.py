"""The network's canvas: the layout in view, painted, and the mouse turned into selection, zoom and pan."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from migrator.analysis import HealthLevel
from migrator.domain.model import Team
from migrator.layout.network import NetworkLayout, clip_route
from migrator.ui import palette
from migrator.ui.views.network.ink import CHOSEN, LANE_RULE, LINK, LINK_STYLES
from migrator.ui.views.network.paint_model import NetworkPaintModel
from migrator.ui.views.view_support import INK, NO_ANALYSIS, SOFT_INK

MIN_SCALE, MAX_SCALE, ZOOM_STEP = 0.02, 2.0, 1.25
TEXT_SCALE = 0.4  # below this the boxes are too small for their key: plain colour, no text
TITLE_SCALE = 0.7  # from this the title is shown under the key
ARROW_SCALE = 0.3  # below this arrowheads are too small to see
LINK_SCALE = 0.1  # below this only the critical path's and the selection's links are drawn
LONG_LINK = 3200.0  # picture units (four screens at 100 %): a plain link this tall is drawn as two stubs
STUB = 22.0  # picture units
CHAIN_SCALE = 0.6  # the least zoom a chain is shown at, fitting or not
GUTTER = 140  # screen pixels left of the picture for the lanes' team names


class Canvas(QAbstractScrollArea):
    """Paints the part of the layout in view, and turns the mouse into selection, zoom and pan."""

    def __init__(self, model: NetworkPaintModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.network: NetworkLayout | None = None
        self._counts: list[int] = []  # boxes in each lane
        self.scale = 1.0
        self._drag: QPointF | None = None  # where a pan started
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.horizontalScrollBar().setSingleStep(40)
        self.verticalScrollBar().setSingleStep(40)

    # ------------------------------------------------------------ geometry

    def set_network(
        self, network: NetworkLayout, current: int | None, anchor: QPointF | None, fit_chain: bool
    ) -> None:
        self.network = network
        self._counts = [0] * len(network.lanes)
        for lane in network.lane_of:
            self._counts[lane] += 1
        if fit_chain:  # the whole chain if it is readable so, else readable around the current one
            self.scale = min(1.0, max(self.fitting_scale(), CHAIN_SCALE))
        self._update_ranges()
        if current is not None and current in network.index:
            if anchor is not None:
                self._put(current, anchor)
            else:
                self.centre_on(current)
        self.model.zoom_changed(self.scale)
        self.viewport().update()

    def fitting_scale(self) -> float:
        network = self.network
        if network is None or not network.ids:
            return 1.0
        size = self.viewport().size()
        room = max(1, size.width() - GUTTER)
        return max(MIN_SCALE, min(1.0, room / network.width, size.height() / network.height))

    def least_scale(self) -> float:
        return min(self.fitting_scale(), 0.25)

    def _update_ranges(self) -> None:
        network = self.network
        width, height = (network.width, network.height) if network is not None else (0.0, 0.0)
        view = self.viewport().size()
        for bar, content, page in (
            (self.horizontalScrollBar(), width, max(0, view.width() - GUTTER)),
            (self.verticalScrollBar(), height, view.height()),
        ):
            bar.setPageStep(page)
            bar.setRange(0, max(0, round(content * self.scale) - page))

    def origin(self) -> tuple[float, float]:
        """Where the picture's (0, 0) is, in screen pixels from the top-left, negated: screen x is
        picture x * scale - origin x. Right of the lane names; a picture smaller than the room is centred."""
        network, view = self.network, self.viewport().size()
        width, height = (network.width, network.height) if network is not None else (0.0, 0.0)
        spare_x, spare_y = view.width() - GUTTER - width * self.scale, view.height() - height * self.scale
        return (
            (-spare_x / 2 if spare_x > 0 else float(self.horizontalScrollBar().value())) - GUTTER,
            -spare_y / 2 if spare_y > 0 else float(self.verticalScrollBar().value()),
        )

    def _scroll_to(self, ox: float, oy: float) -> None:
        self.horizontalScrollBar().setValue(round(ox + GUTTER))
        self.verticalScrollBar().setValue(round(oy))

    def screen_position(self, workstream_id: int) -> QPointF | None:
        """Where the box's centre is on screen now, if it is laid out."""
        network = self.network
        if network is None or workstream_id not in network.index:
            return None
        x, y, w, h = network.box(workstream_id)
        ox, oy = self.origin()
        return QPointF((x + w / 2) * self.scale - ox, (y + h / 2) * self.scale - oy)

    def _put(self, workstream_id: int, where: QPointF) -> None:
        assert self.network is not None
        x, y, w, h = self.network.box(workstream_id)
        self._scroll_to((x + w / 2) * self.scale - where.x(), (y + h / 2) * self.scale - where.y())

    def centre_on(self, workstream_id: int) -> None:
        if self.network is not None and workstream_id in self.network.index:
            size = self.viewport().size()
            self._put(workstream_id, QPointF((GUTTER + size.width()) / 2, size.height() / 2))

    def zoom_by(self, factor: float, around: QPointF | None = None) -> None:
        self.set_scale(self.scale * factor, around)

    def set_scale(self, scale: float, around: QPointF | None = None) -> None:
        scale = min(MAX_SCALE, max(self.least_scale(), scale))
        if around is None:
            around = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        ox, oy = self.origin()
        wx, wy = (around.x() + ox) / self.scale, (around.y() + oy) / self.scale
        self.scale = scale
        self._update_ranges()
        self._scroll_to(wx * scale - around.x(), wy * scale - around.y())
        self.model.zoom_changed(scale)
        self.viewport().update()

    def fit(self) -> None:
        self.set_scale(self.fitting_scale())
        self.horizontalScrollBar().setValue(0)
        self.verticalScrollBar().setValue(0)

    def world(self, point: QPointF) -> tuple[float, float]:
        ox, oy = self.origin()
        return (point.x() + ox) / self.scale, (point.y() + oy) / self.scale

    def node_at(self, point: QPointF) -> int | None:
        if self.network is None or point.x() < GUTTER:
            return None
        return self.network.node_at(*self.world(point))

    # ------------------------------------------------------------ events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_ranges()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP**steps, event.position())
            event.accept()
        else:
            super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        found = self.node_at(event.position())
        if found is not None:
            self.model.user_selected(found)
        else:
            self._drag = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return super().mouseMoveEvent(event)
        moved = event.position() - self._drag
        self._drag = event.position()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(moved.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(moved.y()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = None
            self.viewport().unsetCursor()
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        found = self.node_at(QPointF(event.pos()))
        self.model.context_menu(found).exec(event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            found = self.node_at(QPointF(event.pos()))
            if found is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.model.tooltip(found), self.viewport())
            return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        # The layout waits for its timer (or the first show): a repaint, say for a new analysis,
        # paints the layout there is.
        network = self.network
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor("#FFFFFF"))
        if network is None or not network.ids:
            self._paint_empty(painter)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self.scale
        ox, oy = self.origin()
        size = self.viewport().size()
        x0, y0 = ox / s, oy / s
        x1, y1 = x0 + size.width() / s, y0 + size.height() / s
        self._paint_lanes(painter, network, oy, y0, y1, size.width())
        self._paint_links(painter, network, network.links_in(x0, y0, x1, y1), ox, oy, (x0, y0, x1, y1))
        self._paint_boxes(painter, network, network.nodes_in(x0, y0, x1, y1), ox, oy)
        self._paint_lane_names(painter, network, oy, y0, y1, size.height())

    def _paint_empty(self, painter: QPainter) -> None:
        painter.setPen(SOFT_INK)
        painter.drawText(QRectF(self.viewport().rect()), Qt.AlignmentFlag.AlignCenter, self.model.why_empty())

    def _paint_lanes(
        self, painter: QPainter, network: NetworkLayout, oy: float, y0: float, y1: float, width: int
    ) -> None:
        for k, _team, colour, top, bottom in self._lanes_in(network, oy, y0, y1):
            tint = QColor(colour)
            tint.setAlpha(14 if k % 2 else 24)
            painter.fillRect(QRectF(0, top, width, bottom - top), tint)
            painter.setPen(QPen(QColor(LANE_RULE), 1))
            painter.drawLine(QPointF(0, bottom), QPointF(width, bottom))

    def _lanes_in(
        self, network: NetworkLayout, oy: float, y0: float, y1: float
    ) -> Iterator[tuple[int, Team | None, QColor, float, float]]:
        """The lanes between ``y0`` and ``y1``: index, team, colour, top and bottom on screen."""
        s = self.scale
        for k, lane in enumerate(network.lanes):
            if lane.top > y1 or lane.top + lane.height < y0:
                continue
            team = self.model.lane_team(lane.key)
            colour = QColor(team.colour if team else NO_ANALYSIS)
            yield k, team, colour, lane.top * s - oy, (lane.top + lane.height) * s - oy

    def _paint_lane_names(
        self, painter: QPainter, network: NetworkLayout, oy: float, y0: float, y1: float, height: int
    ) -> None:
        """The teams' names in a margin on the left, each kept in view while its lane is."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(0, 0, GUTTER, height), QColor("#FFFFFF"))
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.9)
        bold_metrics, small_metrics = QFontMetricsF(bold), QFontMetricsF(small)
        wrap = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        for k, team, colour, top, bottom in self._lanes_in(network, oy, y0, y1):
            tint = QColor(colour)
            tint.setAlpha(34 if k % 2 else 46)
            painter.fillRect(QRectF(0, top, GUTTER, bottom - top), tint)
            painter.fillRect(QRectF(0, top, 5, bottom - top), colour)
            painter.setPen(QPen(QColor(LANE_RULE), 1))
            painter.drawLine(QPointF(0, bottom), QPointF(GUTTER, bottom))
            name = team.name if team else "No team"
            room = QRectF(14, max(top, 0) + 6, GUTTER - 22, 0)
            named = bold_metrics.boundingRect(room, int(wrap), name)
            space = bottom - 4 - room.top()
            painter.setFont(bold)
            painter.setPen(INK)
            if named.height() <= space:
                painter.drawText(named, int(wrap), name)
                if named.height() + small_metrics.height() <= space:
                    painter.setFont(small)
                    painter.setPen(SOFT_INK)
                    count = f"{self._counts[k]:,} shown"
                    painter.drawText(QPointF(room.left(), named.bottom() + small_metrics.ascent()), count)
            elif bold_metrics.height() <= bottom - max(top, 0):  # a thin lane: one line, centred
                line = QRectF(room.left(), max(top, 0), room.width(), bottom - max(top, 0))
                text = bold_metrics.elidedText(name, Qt.TextElideMode.ElideRight, room.width())
                painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(QPen(QColor(LANE_RULE), 1))
        painter.drawLine(QPointF(GUTTER, 0), QPointF(GUTTER, height))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    def _paint_links(
        self,
        painter: QPainter,
        network: NetworkLayout,
        links: list[int],
        ox: float,
        oy: float,
        area: tuple[float, float, float, float],
    ) -> None:
        """Plain links first, then between teams, critical, and the selection's on top.

        A plain link longer than LONG_LINK is drawn as a stub at each end: across a big plan such
        links would hide everything under a curtain of lines (and take seconds to draw). The
        selection's and the critical path's links are always drawn whole."""
        s, model = self.scale, self.model
        top, bottom = area[1], area[3]
        chosen = set(model.selection)
        detailed = s >= TEXT_SCALE
        kinds: list[list[int]] = [[], [], [], []]
        stubs: list[int] = []
        for k in links:
            p, q = network.links[k]
            first, second = network.ids[p], network.ids[q]
            if first in chosen or second in chosen:
                kinds[3].append(k)
            elif model.on_critical_path(first, second):
                kinds[2].append(k)
            elif s >= LINK_SCALE:
                route = network.routes[k]
                if abs(route[7] - route[1]) <= LONG_LINK:
                    kinds[1 if network.lane_of[p] != network.lane_of[q] else 0].append(k)
                elif detailed:
                    stubs.append(k)
        margin = 40 / s  # a clipped curve's ends stay off screen, pen and arrowhead included
        arrow = 8 * min(s, 1.2) if s >= ARROW_SCALE else 0.0
        for members, (colour, width) in zip(kinds, LINK_STYLES, strict=True):
            if not members:
                continue
            pen = QPen(QColor(colour), width * min(max(s, 0.5), 1.5) if detailed else 1.0)
            if not detailed:  # far out: straight lines are all one can tell apart, and fast
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.drawLines(
                    [
                        QLineF(r[0] * s - ox, r[1] * s - oy, r[6] * s - ox, r[7] * s - oy)
                        for r in (network.routes[k] for k in members)
                    ]
                )
                continue
            heads = QPainterPath()
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for k in members:
                clipped = clip_route(network.routes[k], top - margin, bottom + margin)
                if clipped is None:
                    continue
                ax, ay, bx, by, cx, cy, dx, dy = clipped
                end = top - margin <= dy <= bottom + margin  # the arrowhead is on screen
                tip_x, tip_y = dx * s - ox, dy * s - oy
                path = QPainterPath(QPointF(ax * s - ox, ay * s - oy))
                path.cubicTo(
                    bx * s - ox,
                    by * s - oy,
                    cx * s - ox,
                    cy * s - oy,
                    tip_x - (arrow * 0.8 if end else 0),
                    tip_y,
                )
                painter.drawPath(path)  # one path per link: Qt strokes a path of many curves very slowly
                if arrow and end:
                    heads.addPolygon(_arrowhead(tip_x, tip_y, arrow))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawPath(heads)
        if stubs:
            self._paint_stubs(painter, network, stubs, ox, oy, arrow, area)

    def _paint_stubs(
        self,
        painter: QPainter,
        network: NetworkLayout,
        stubs: list[int],
        ox: float,
        oy: float,
        arrow: float,
        area: tuple[float, float, float, float],
    ) -> None:
        """A long link's ends on screen: a short dashed bend out of the predecessor towards the
        successor, and one into the successor from the predecessor's side."""
        s = self.scale
        left, top, right, bottom = area
        left, top, right, bottom = left - STUB, top - STUB, right + STUB, bottom + STUB
        reach = STUB * s
        lines, heads = [QPainterPath(), QPainterPath()], QPainterPath()
        for k in stubs:
            p, q = network.links[k]
            route = network.routes[k]
            x0, y0, x1, y1 = route[0], route[1], route[6], route[7]
            toward = reach if y1 > y0 else -reach
            path = lines[network.lane_of[p] != network.lane_of[q]]
            if left <= x0 <= right and top <= y0 <= bottom:
                sx, sy = x0 * s - ox, y0 * s - oy
                path.moveTo(sx, sy)
                path.quadTo(sx + reach, sy, sx + reach, sy + toward)
            if left <= x1 <= right and top <= y1 <= bottom:
                ex, ey = x1 * s - ox, y1 * s - oy
                path.moveTo(ex - reach, ey - toward)
                path.quadTo(ex - reach, ey, ex - (arrow * 0.8 if arrow else 0), ey)
                if arrow:
                    heads.addPolygon(_arrowhead(ex, ey, arrow))
        for path, (colour, width) in zip(lines, LINK_STYLES, strict=False):
            painter.setPen(QPen(QColor(colour), width, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(LINK))
        painter.drawPath(heads)

    def _paint_boxes(
        self, painter: QPainter, network: NetworkLayout, boxes: list[int], ox: float, oy: float
    ) -> None:
        s = self.scale
        metrics = network.metrics
        w, h = metrics.node_width * s, metrics.node_height * s
        rows = self.model.workstreams
        chosen = set(self.model.selection)
        if s < TEXT_SCALE:  # far out: a patch of the health colour is all one can see
            patches: dict[HealthLevel | None, list[QRectF]] = {}
            xs, ys, ids, health_of = network.xs, network.ys, network.ids, self.model.health
            for i in boxes:
                patches.setdefault(health_of(ids[i]), []).append(QRectF(xs[i] * s - ox, ys[i] * s - oy, w, h))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(Qt.PenStyle.NoPen)
            for health, rects in patches.items():
                painter.setBrush(QColor(palette.HEALTH_COLOUR[health] if health is not None else NO_ANALYSIS))
                painter.drawRects(rects)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._outline_chosen(painter, network, boxes, chosen, ox, oy)
            return
        key_font = QFont(self.font())
        key_font.setBold(True)
        key_font.setPointSizeF(max(6.0, self.font().pointSizeF() * s))
        title_font = QFont(self.font())
        title_font.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.95 * s))
        title_metrics = QFontMetricsF(title_font)
        radius, pad, band = 5 * s, 8 * s, 5 * s
        for i in boxes:
            workstream_id = network.ids[i]
            row = rows.get(workstream_id)
            if row is None:
                continue
            health, critical = self.model.health(workstream_id), self.model.critical(workstream_id)
            colour = QColor(palette.HEALTH_COLOUR[health] if health is not None else NO_ANALYSIS)
            rect = QRectF(network.xs[i] * s - ox, network.ys[i] * s - oy, w, h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.HEALTH_FILL[health] if health is not None else QColor("#FFFFFF"))
            painter.drawRoundedRect(rect, radius, radius)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(rect.left(), rect.top(), band * 2, h), radius, radius)
            painter.setBrush(palette.HEALTH_FILL[health] if health is not None else QColor("#FFFFFF"))
            painter.drawRect(QRectF(rect.left() + band, rect.top(), band, h))
            if critical:
                painter.setPen(QPen(palette.CRITICAL.color(), 2.2))
            else:
                painter.setPen(QPen(colour, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, radius, radius)
            text = rect.adjusted(band + pad, 0, -pad, 0)
            painter.setPen(INK)
            painter.setFont(key_font)
            key = f"◆ {row.key}" if row.is_milestone else row.key
            if s >= TITLE_SCALE:
                half = QRectF(text.left(), text.top() + 4 * s, text.width(), h / 2 - 4 * s)
                painter.drawText(half, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, key)
                painter.setFont(title_font)
                painter.setPen(SOFT_INK)
                title = title_metrics.elidedText(row.title, Qt.TextElideMode.ElideRight, text.width())
                half.moveTop(text.top() + h / 2 - 1 * s)
                painter.drawText(half, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            else:
                painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, key)
        self._outline_chosen(painter, network, boxes, chosen, ox, oy)

    def _outline_chosen(
        self,
        painter: QPainter,
        network: NetworkLayout,
        boxes: list[int],
        chosen: set[int],
        ox: float,
        oy: float,
    ) -> None:
        if not chosen:
            return
        s = self.scale
        m = network.metrics
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(CHOSEN), 2.5))
        for i in boxes:
            if network.ids[i] in chosen:
                rect = QRectF(
                    network.xs[i] * s - ox, network.ys[i] * s - oy, m.node_width * s, m.node_height * s
                )
                painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 7 * s + 2, 7 * s + 2)


def _arrowhead(tip_x: float, tip_y: float, size: float) -> QPolygonF:
    return QPolygonF(
        [
            QPointF(tip_x, tip_y),
            QPointF(tip_x - size, tip_y - size / 2),
            QPointF(tip_x - size, tip_y + size / 2),
        ]
    )
