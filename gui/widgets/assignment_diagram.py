"""Member → partition diagram of a consumer group: members on the left, the partitions of the
group's topics on the right, a line for each assignment. An idle member (more consumers than
partitions) stands out with a dashed box; during a rebalance the lines are dashed and a note says so."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.theme import LIGHT, Theme

BOX_H = 26
GAP = 8
MARGIN = 12


@dataclass(frozen=True)
class DiagramMember:
    label: str  # client id
    member_id: str
    assignment: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class DiagramState:
    members: tuple[DiagramMember, ...]
    partitions: tuple[tuple[str, int], ...]  # every partition of the group's topics
    rebalancing: bool


class AssignmentDiagram(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AssignmentDiagram")
        self.theme: Theme = LIGHT
        self.state: DiagramState | None = None
        self.labels = {"idle": "idle", "rebalancing": "rebalancing…", "none": "no members",
                       "members": "Members", "partitions": "Partitions", "unassigned": "unassigned"}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)

    def sizeHint(self) -> QSize:
        rows = max(len(self.state.members), len(self.state.partitions)) if self.state else 3
        return QSize(420, MARGIN * 2 + 22 + rows * (BOX_H + GAP))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def set_state(self, state: DiagramState | None) -> None:
        if state != self.state:
            self.state = state
            self.updateGeometry()
            self.update()

    def idle_members(self) -> list[str]:
        return [m.label for m in self.state.members if not m.assignment] if self.state else []

    def _boxes(self) -> tuple[dict[str, QRectF], dict[tuple[str, int], QRectF]]:
        s = self.state
        assert s is not None
        width = self.width()
        col_w = min(240.0, (width - 2 * MARGIN) * 0.42)
        top = MARGIN + 22
        n = max(len(s.members), len(s.partitions), 1)
        step = min(BOX_H + GAP, max(14.0, (self.height() - top - MARGIN) / n))
        h = min(BOX_H, step - 3)
        members = {m.member_id: QRectF(MARGIN, top + i * step, col_w, h) for i, m in enumerate(s.members)}
        parts = {tp: QRectF(width - MARGIN - col_w, top + i * step, col_w, h) for i, tp in enumerate(s.partitions)}
        return members, parts

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        t = self.theme
        p.fillRect(self.rect(), QColor(t.base))
        s = self.state
        fm = QFontMetrics(self.font())
        if s is None or (not s.members and not s.partitions):
            p.setPen(QColor(t.muted))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.labels["none"])
            p.end()
            return
        members, parts = self._boxes()
        col_w = next(iter(members.values())).width() if members else next(iter(parts.values())).width()
        p.setPen(QColor(t.muted))
        p.drawText(QPointF(MARGIN, MARGIN + fm.ascent()), self.labels["members"])
        p.drawText(QPointF(self.width() - MARGIN - col_w, MARGIN + fm.ascent()), self.labels["partitions"])
        if s.rebalancing:
            note = self.labels["rebalancing"]
            p.setPen(QColor(t.out_of_sync))
            p.drawText(QPointF((self.width() - fm.horizontalAdvance(note)) / 2, MARGIN + fm.ascent()), note)
        owner: dict[tuple[str, int], int] = {}
        for i, m in enumerate(s.members):
            for tp in m.assignment:
                owner[tp] = i
        # lines first, boxes on top
        for i, m in enumerate(s.members):
            src = members[m.member_id]
            colour = QColor(t.series_colour(i))
            pen = QPen(colour, 2, Qt.PenStyle.DashLine if s.rebalancing else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            for tp in m.assignment:
                dst = parts.get(tp)
                if dst is None:
                    continue
                a = QPointF(src.right(), src.center().y())
                b = QPointF(dst.left(), dst.center().y())
                path = QPainterPath(a)
                mid = (a.x() + b.x()) / 2
                path.cubicTo(QPointF(mid, a.y()), QPointF(mid, b.y()), b)
                p.drawPath(path)
        for i, m in enumerate(s.members):
            r = members[m.member_id]
            colour = QColor(t.series_colour(i))
            idle = not m.assignment
            p.setPen(QPen(QColor(t.muted) if idle else colour, 1.5, Qt.PenStyle.DashLine if idle else Qt.PenStyle.SolidLine))
            fill = QColor(colour)
            fill.setAlpha(25 if idle else 45)
            p.setBrush(fill)
            p.drawRoundedRect(r, 5, 5)
            p.setPen(QColor(t.text))
            label = m.label + (f"  ({self.labels['idle']})" if idle else "")
            p.drawText(r.adjusted(8, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(label, Qt.TextElideMode.ElideMiddle, int(r.width() - 12)))
        for tp, r in parts.items():
            idx = owner.get(tp)
            colour = QColor(t.series_colour(idx)) if idx is not None else QColor(t.muted)
            p.setPen(QPen(colour, 1.5, Qt.PenStyle.SolidLine if idx is not None else Qt.PenStyle.DotLine))
            fill = QColor(colour)
            fill.setAlpha(45 if idx is not None else 15)
            p.setBrush(fill)
            p.drawRoundedRect(r, 5, 5)
            p.setPen(QColor(t.text) if idx is not None else QColor(t.muted))
            text = f"{tp[0]}-{tp[1]}" + ("" if idx is not None else f"  ({self.labels['unassigned']})")
            p.drawText(r.adjusted(8, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(text, Qt.TextElideMode.ElideMiddle, int(r.width() - 12)))
        p.end()
