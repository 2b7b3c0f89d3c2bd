"""A partition's log drawn as a strip: records (or, for long logs, segments) from left to right,
the part retention already deleted hatched, markers for log start / high watermark / log end,
and every consumer group's committed offset as a triangle underneath.

Transactions (KIP-98): the last stable offset is marked when it differs from the high watermark,
records of aborted transactions are crossed out, records of open transactions outlined, and each
COMMIT / ABORT marker (a control batch) is a filled cell with a C or an A and a tick above it.
A compacted log shows where the cleaner stopped: clean (one record per key, holes) before, dirty after."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gui.theme import LIGHT, Theme

RECORD_CELLS_MAX = 150  # draw one cell per record up to this many offsets, else segment blocks
MARGIN = 14
TOP = 34
BAR_H = 34


@dataclass(frozen=True)
class StripSegment:
    base_offset: int
    next_offset: int
    size_bytes: int


@dataclass(frozen=True)
class StripState:
    log_start: int
    high_watermark: int
    log_end: int
    segments: tuple[StripSegment, ...]
    groups: tuple[tuple[str, int], ...]  # (group id, committed offset)
    last_stable: int = -1  # the LSO; -1 unknown
    transactions: tuple[tuple[int, int, bool], ...] = ()  # (first offset, marker offset or -1 if open, committed)
    cleaned_to: int = -1  # a compacted log: cleaned below this offset, dirty from it; -1 never cleaned
    log_end_known: bool = True  # False on an external cluster: the strip ends at the HW, with no LEO mark


class LogStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LogStrip")
        self.theme: Theme = LIGHT
        self.state: StripState | None = None
        self.origin = 0  # the lowest offset seen this session (what retention deleted starts here)
        self._key: object = None
        self.labels = {"start": "log start", "hw": "HW", "leo": "LEO", "lso": "LSO", "deleted": "deleted by retention",
                       "empty": "no records", "offline": "no leader",
                       "tip": "offset {0}\nsegment {1}"}
        self.setMinimumHeight(TOP + BAR_H + 52)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(600, TOP + BAR_H + 60)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def set_state(self, key: object, state: StripState | None) -> None:
        """``key`` identifies the partition: a new key forgets what retention deleted before."""
        if key != self._key:
            self._key = key
            self.origin = state.log_start if state is not None else 0
            if state is not None and state.segments:
                self.origin = min(self.origin, state.segments[0].base_offset)
        elif state is not None:
            self.origin = min(self.origin, state.log_start)
        if state != self.state:
            self.state = state
            self.update()

    # -- geometry ----------------------------------------------------------------------------------------
    def _domain(self) -> tuple[int, int]:
        s = self.state
        if s is None:
            return 0, 1
        lo = min(self.origin, s.log_start)
        hi = max(s.log_end, s.high_watermark, lo + 1)
        return lo, hi

    def _x(self, offset: float) -> float:
        lo, hi = self._domain()
        width = self.width() - 2 * MARGIN
        return MARGIN + (offset - lo) / max(1, hi - lo) * width

    def _offset_at(self, x: float) -> int:
        lo, hi = self._domain()
        width = self.width() - 2 * MARGIN
        return int(lo + (x - MARGIN) / max(1.0, width) * (hi - lo))

    # -- painting ----------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        t = self.theme
        p.fillRect(self.rect(), QColor(t.base))
        s = self.state
        bar = QRectF(MARGIN, TOP, self.width() - 2 * MARGIN, BAR_H)
        p.setPen(QPen(QColor(t.border)))
        p.setBrush(QBrush(QColor(t.alt_base)))
        p.drawRect(bar)
        if s is None:
            p.setPen(QColor(t.muted))
            p.drawText(bar, Qt.AlignmentFlag.AlignCenter, self.labels["offline"])
            p.end()
            return
        lo, hi = self._domain()
        # deleted by retention
        if s.log_start > lo:
            deleted = QRectF(bar.left(), bar.top(), self._x(s.log_start) - bar.left(), bar.height())
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(QColor(t.muted), Qt.BrushStyle.BDiagPattern))
            p.drawRect(deleted)
            label = self.labels["deleted"]
            fm = QFontMetrics(self.font())
            if deleted.width() > fm.horizontalAdvance(label) + 16:
                box = QRectF(0, 0, fm.horizontalAdvance(label) + 12, fm.height() + 4)
                box.moveCenter(deleted.center())
                p.setBrush(QColor(t.base))
                p.drawRoundedRect(box, 3, 3)
                p.setPen(QColor(t.text))
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        leader = QColor(t.leader)
        colours = (leader, leader.darker(150) if t.dark else leader.lighter(150))
        if s.log_end <= s.log_start:
            p.setPen(QColor(t.muted))
            p.drawText(QRectF(self._x(s.log_start), bar.top(), bar.right() - self._x(s.log_start), bar.height()),
                       Qt.AlignmentFlag.AlignCenter, self.labels["empty"])
        elif s.log_end - lo <= RECORD_CELLS_MAX:
            self._paint_records(p, bar, s, colours)
        else:
            self._paint_segments(p, bar, s, colours)
        self._paint_transactions(p, bar, s)
        self._paint_markers(p, bar, s)
        self._paint_groups(p, bar, s)
        p.end()

    def _segment_index(self, s: StripState, offset: int) -> int:
        for i, seg in enumerate(s.segments):
            if seg.base_offset <= offset < max(seg.next_offset, seg.base_offset + 1):
                return i
        return len(s.segments) - 1 if s.segments and offset >= s.segments[-1].base_offset else 0

    def _paint_records(self, p: QPainter, bar: QRectF, s: StripState, colours: tuple[QColor, QColor]) -> None:
        for off in range(s.log_start, s.log_end):
            x0, x1 = self._x(off), self._x(off + 1)
            colour = QColor(colours[self._segment_index(s, off) % 2])
            if off >= s.high_watermark:
                colour.setAlpha(90)  # not yet replicated to every in-sync replica: invisible to consumers
            p.setPen(QPen(QColor(self.theme.base), 1))
            p.setBrush(colour)
            p.drawRect(QRectF(x0, bar.top() + 3, max(1.0, x1 - x0), bar.height() - 6))

    def _paint_segments(self, p: QPainter, bar: QRectF, s: StripState, colours: tuple[QColor, QColor]) -> None:
        fm = QFontMetrics(self.font())
        segments = s.segments or (StripSegment(s.log_start, s.log_end, 0),)
        for i, seg in enumerate(segments):
            start = max(seg.base_offset, s.log_start)
            end = seg.next_offset if i < len(segments) - 1 else max(seg.next_offset, s.log_end)
            if end <= start:
                end = start + 1
            x0, x1 = self._x(start), self._x(end)
            colour = QColor(colours[i % 2])
            p.setPen(QPen(QColor(self.theme.base), 2))
            p.setBrush(colour)
            p.drawRect(QRectF(x0, bar.top() + 3, max(2.0, x1 - x0), bar.height() - 6))
            label = f"{seg.base_offset:,}"
            if x1 - x0 > fm.horizontalAdvance(label) + 8:
                p.setPen(QColor("#000000") if colour.lightnessF() > 0.6 else QColor("#ffffff"))
                p.drawText(QRectF(x0 + 4, bar.top(), x1 - x0 - 8, bar.height()),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        if s.high_watermark < s.log_end:  # the tail not yet visible to consumers
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(255, 255, 255, 130))
            p.drawRect(QRectF(self._x(s.high_watermark), bar.top() + 3,
                              self._x(s.log_end) - self._x(s.high_watermark), bar.height() - 6))

    def _paint_markers(self, p: QPainter, bar: QRectF, s: StripState) -> None:
        t = self.theme
        fm = QFontMetrics(self.font())
        marks = [(s.log_start, self.labels["start"], QColor(t.muted)),
                 (s.high_watermark, self.labels["hw"], QColor(t.in_sync)),
                 (s.log_end, self.labels["leo"], QColor(t.leader))]
        if s.cleaned_to > s.log_start:  # the log cleaner's clean | dirty boundary
            marks.insert(1, (s.cleaned_to, self.labels.get("cleaned", "cleaned"), QColor(t.preferred)))
        if 0 <= s.last_stable < s.high_watermark:  # an open transaction holds read_committed consumers back
            marks.insert(1, (s.last_stable, self.labels["lso"], QColor(t.series_colour(3))))
        rows: list[float] = []  # right edges of labels already placed, per text row
        for offset, name, colour in marks:
            if name == self.labels["leo"] and not s.log_end_known:  # no mark rather than a guess
                continue
            x = self._x(offset)
            p.setPen(QPen(colour, 2))
            p.drawLine(QPointF(x, bar.top() - 4), QPointF(x, bar.bottom() + 4))
            text = f"{name} {offset:,}"
            w = fm.horizontalAdvance(text)
            left = min(max(2.0, x - w / 2), self.width() - w - 2)
            row = next((i for i, edge in enumerate(rows) if left > edge + 6), len(rows))
            if row == len(rows):
                rows.append(0.0)
            rows[row] = left + w
            y = bar.top() - 8 - row * (fm.height() - 2)
            if y < fm.ascent():
                continue
            p.setPen(colour)
            p.drawText(QPointF(left, y), text)

    def _paint_transactions(self, p: QPainter, bar: QRectF, s: StripState) -> None:
        lo, hi = self._domain()
        inner = QRectF(bar.left(), bar.top() + 3, bar.width(), bar.height() - 6)
        for first, marker, committed in s.transactions:
            end = marker if marker >= 0 else s.log_end
            if end <= lo or first >= hi:
                continue
            span = QRectF(self._x(max(first, lo)), inner.top(), max(2.0, self._x(end) - self._x(max(first, lo))),
                          inner.height())
            if marker < 0:  # open: outlined, dashed
                p.setPen(QPen(QColor(self.theme.text), 1.5, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(span)
                continue
            if not committed:  # aborted: read_committed consumers skip these records
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QBrush(QColor(self.theme.offline), Qt.BrushStyle.DiagCrossPattern))
                p.drawRect(span)
            self._paint_control(p, bar, marker, committed)

    def _paint_control(self, p: QPainter, bar: QRectF, offset: int, committed: bool) -> None:
        """The COMMIT/ABORT marker: its cell filled, and a lettered tick under the strip."""
        colour = QColor(self.theme.in_sync if committed else self.theme.offline)
        x0, x1 = self._x(offset), self._x(offset + 1)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawRect(QRectF(x0, bar.top() + 3, max(2.0, x1 - x0), bar.height() - 6))
        x = (x0 + x1) / 2
        p.setPen(QPen(colour, 2))
        p.drawLine(QPointF(x, bar.top() - 2), QPointF(x, bar.top() + 3))
        letter = self.labels.get("commit" if committed else "abort", "C" if committed else "A")
        if x1 - x0 >= QFontMetrics(self.font()).horizontalAdvance(letter) + 2:
            p.setPen(QColor("#ffffff"))
            p.drawText(QRectF(x0, bar.top(), x1 - x0, bar.height()), Qt.AlignmentFlag.AlignCenter, letter)

    def _paint_groups(self, p: QPainter, bar: QRectF, s: StripState) -> None:
        t = self.theme
        fm = QFontMetrics(self.font())
        rows: list[float] = []
        for i, (group, offset) in enumerate(sorted(s.groups, key=lambda g: g[1])):
            x = self._x(min(max(offset, self._domain()[0]), self._domain()[1]))
            colour = QColor(t.series_colour(i + 1))
            tri = QPainterPath()
            tri.moveTo(x, bar.bottom() + 2)
            tri.lineTo(x - 6, bar.bottom() + 12)
            tri.lineTo(x + 6, bar.bottom() + 12)
            tri.closeSubpath()
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawPath(tri)
            text = f"{group} @ {offset:,}"
            w = fm.horizontalAdvance(text)
            left = min(max(2.0, x - w / 2), self.width() - w - 2)
            row = next((k for k, edge in enumerate(rows) if left > edge + 6), len(rows))
            if row == len(rows):
                rows.append(0.0)
            rows[row] = left + w
            y = bar.bottom() + 14 + fm.ascent() + row * fm.height()
            if y > self.height() - 2:
                continue
            p.setPen(colour.darker(130) if not t.dark else colour)
            p.drawText(QPointF(left, y), text)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent) and self.state is not None:
            s = self.state
            off = self._offset_at(e.pos().x())
            if s.segments and s.log_start <= off < s.log_end:
                seg = s.segments[self._segment_index(s, off)]
                QToolTip.showText(e.globalPos(), self.labels["tip"].format(f"{off:,}", f"{seg.base_offset:020d}.log"),
                                 self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)
