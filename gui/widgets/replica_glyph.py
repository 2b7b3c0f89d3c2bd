"""The replica glyphs, distinct by shape as well as colour: leader ●, in-sync follower ■,
out-of-sync follower △ (hollow), offline replica ✕; the preferred leader gets a small ★ mark."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from gui.models.placement_model import ReplicaState
from gui.theme import Theme


def state_colour(state: ReplicaState, theme: Theme) -> QColor:
    return QColor({
        ReplicaState.LEADER: theme.leader,
        ReplicaState.IN_SYNC: theme.in_sync,
        ReplicaState.OUT_OF_SYNC: theme.out_of_sync,
        ReplicaState.OFFLINE: theme.offline,
    }.get(state, theme.muted))


def _star(center: QPointF, outer: float) -> QPolygonF:
    pts = []
    for i in range(10):
        r = outer if i % 2 == 0 else outer * 0.45
        a = -math.pi / 2 + i * math.pi / 5
        pts.append(QPointF(center.x() + r * math.cos(a), center.y() + r * math.sin(a)))
    return QPolygonF(pts)


def paint_glyph(painter: QPainter, rect: QRectF, state: ReplicaState, preferred: bool, theme: Theme,
                change: float = 0.0) -> None:
    """Paint one replica glyph centred in ``rect``; ``change`` (0..1) draws a fading pulse ring."""
    if state == ReplicaState.NONE:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    size = min(rect.width(), rect.height())
    r = max(4.0, size * 0.32)
    c = rect.center()
    colour = state_colour(state, theme)
    if change > 0:
        ring = QColor(colour)
        ring.setAlphaF(0.85 * change)
        painter.setPen(QPen(ring, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rr = r * (1.15 + 0.6 * (1.0 - change))
        painter.drawEllipse(c, rr, rr)
    outline = QColor(theme.text)
    outline.setAlphaF(0.55)
    if state == ReplicaState.LEADER:
        painter.setPen(QPen(outline, 1.0))
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(c, r, r)
    elif state == ReplicaState.IN_SYNC:
        painter.setPen(QPen(outline, 1.0))
        painter.setBrush(QBrush(colour))
        s = r * 0.85
        painter.drawRect(QRectF(c.x() - s, c.y() - s, 2 * s, 2 * s))
    elif state == ReplicaState.OUT_OF_SYNC:
        painter.setPen(QPen(colour, max(2.0, r * 0.28)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        tri = QPolygonF([QPointF(c.x(), c.y() - r), QPointF(c.x() + r * 0.95, c.y() + r * 0.75),
                         QPointF(c.x() - r * 0.95, c.y() + r * 0.75)])
        painter.drawPolygon(tri)
    elif state == ReplicaState.OFFLINE:
        pen = QPen(colour, max(2.5, r * 0.34))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        d = r * 0.75
        painter.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d))
        painter.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d))
    if preferred:
        paint_star(painter, QPointF(c.x() + r * 1.35, c.y() - r * 0.95), max(4.5, r * 0.6), theme)
    painter.restore()


def paint_star(painter: QPainter, centre: QPointF, radius: float, theme: Theme) -> None:
    """The preferred-leader mark."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    path = QPainterPath()
    path.addPolygon(_star(centre, radius))
    painter.setPen(QPen(QColor(theme.base), 0.8))
    painter.setBrush(QBrush(QColor(theme.preferred)))
    painter.drawPath(path)
    painter.restore()
