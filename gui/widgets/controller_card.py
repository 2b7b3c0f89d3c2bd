"""The cluster controller as a card: the role the engine really runs (one KRaft-style controller in
the engine process, on no broker) — its metadata log offset, the broker sessions it keeps and its
latest decisions — with a tooltip on what a controller does and how the course notes' ZooKeeper
maps onto KRaft."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.observe import ClusterImage, ControllerImage, EngineEvent
from gui.models.event_text import EventText, event_topic, is_internal_topic
from gui.theme import LIGHT, Theme

TOOLTIP_DECISIONS = 8
CARD_WIDTH = 250


class ControllerCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ControllerCard")
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.setFixedWidth(CARD_WIDTH)
        self._base_char_width = max(1, self.fontMetrics().averageCharWidth())
        self.theme: Theme = LIGHT
        self.image: ClusterImage | None = None
        self.show_internal = False
        self.engine_down = False
        self.text = EventText(self)

        self.title = QLabel()
        self.title.setObjectName("CardTitle")
        self.badge = QLabel("KRaft")
        self.badge.setObjectName("ControllerBadge")
        self.state_label = QLabel()
        self.state_label.setObjectName("StatePill")
        self.where = QLabel()
        self.where.setObjectName("Muted")
        self.log_label = QLabel()
        self.sessions = QLabel()
        self.last = QLabel()
        self.last.setObjectName("Muted")
        self.last.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.badge)
        top.addStretch(1)
        top.addWidget(self.state_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.where)
        layout.addWidget(self.log_label)
        layout.addWidget(self.sessions)
        layout.addWidget(self.last)
        self.retranslate_ui()

    # -- inputs ----------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._render()

    def set_image(self, image: ClusterImage | None) -> None:
        self.image = image
        self.engine_down = False
        self._render()

    def set_engine_down(self) -> None:
        """The engine process died: the controller died with it."""
        self.engine_down = True
        self._render()

    def set_show_internal(self, show: bool) -> None:
        self.show_internal = show
        self._render()

    @property
    def controller(self) -> ControllerImage | None:
        return self.image.controller if self.image is not None else None

    def decisions(self) -> list[EngineEvent]:
        """The controller's latest decisions, newest first (internal topics only when shown)."""
        c = self.controller
        if c is None:
            return []
        return [d for d in reversed(c.decisions) if self.show_internal or not is_internal_topic(event_topic(d))]

    # -- drawing ---------------------------------------------------------------------------------
    def _render(self) -> None:
        c = self.controller
        self.title.setText(self.tr("Controller"))
        state = "dead" if self.engine_down else "running" if c is not None else "starting"
        names = {"dead": self.tr("stopped"), "running": self.tr("active"), "starting": self.tr("starting")}
        self.state_label.setText(f"● {names[state]}")
        style = f"color: {self.theme.state_colour(state)};"
        if self.state_label.styleSheet() != style:
            self.state_label.setStyleSheet(style)
        if self.property("state") != state:
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)
        if c is None:
            self.where.setText(self.tr("engine process · on no broker"))
            for label in (self.log_label, self.sessions, self.last):
                label.setText("")
            self.setToolTip(self._explanation(None))
            return
        self.where.setText(self.tr("engine process {0} · on no broker").format(c.pid))
        if self.engine_down:  # the last image's sessions and decisions are no longer true
            self.log_label.setText(self.tr("metadata log offset {0} (last known)").format(c.metadata_offset))
            self.sessions.setText(self.tr("sessions: none (engine stopped)"))
            self.last.setText("")
            self.setToolTip(self._explanation(c))
            return
        self.log_label.setText(self.tr("metadata log offset {0}").format(c.metadata_offset))
        parts = []
        for s in c.sessions:
            if not s.registered:
                parts.append(self.tr("{0} unregistered").format(s.broker_id))
            elif s.fenced:
                parts.append(self.tr("{0} fenced").format(s.broker_id))
            else:
                parts.append(self.tr("{0} alive").format(s.broker_id))
        self.sessions.setText(self.tr("sessions: {0}").format(" · ".join(parts)))
        self.sessions.setToolTip(self.tr("Broker sessions the controller keeps: alive brokers heartbeat; fenced "
                                         "ones lead nothing until they register again"))
        latest = self.decisions()
        text = self.tr("last: {0}").format(self.text.decision(latest[0])) if latest else self.tr("no decisions yet")
        width = self.width() - 26
        self.last.setText(self.last.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width))
        self.setToolTip(self._explanation(c))

    def explanation(self, with_decisions: bool = True) -> str:
        """What the controller does and how the notes' ZooKeeper maps onto KRaft (rich text), with
        the latest decisions unless ``with_decisions`` is False (the controller dock lists them all)."""
        return self._explanation(self.controller, with_decisions)

    def _explanation(self, c: ControllerImage | None, with_decisions: bool = True) -> str:
        hb = c.heartbeat_interval_ms if c is not None else 2000
        st = c.session_timeout_ms if c is not None else 9000
        path = html.escape(c.metadata_log) if c is not None and c.metadata_log else self.tr("in memory")
        pid = c.pid if c is not None else "?"
        text = "<p><b>" + self.tr("What the controller does") + "</b></p><p>" + self.tr(
            "In the course notes ZooKeeper keeps the cluster together: it notices which brokers are alive "
            "(a broker's ephemeral znode disappears when its session ends), the controller broker it elects "
            "chooses a new leader for every partition a dead broker led and shrinks the ISRs, and it stores "
            "the metadata (topics, partitions, replicas, leaders, ISR, configs).") + "</p><p>" + self.tr(
            "Since Kafka 3.3 (KRaft; ZooKeeper is gone in Kafka 4.0) a quorum of controllers does this job "
            "itself:") + "</p><ul><li>" + self.tr(
            "<b>liveness</b>: every broker registers and sends a heartbeat every broker.heartbeat.interval.ms "
            "({0} ms); a broker silent for broker.session.timeout.ms ({1} ms) is fenced — a killed one at "
            "once").format(hb, st) + "</li><li>" + self.tr(
            "<b>leader election</b>: for each partition of a fenced broker it picks the first live replica "
            "in the ISR and raises the leader epoch") + "</li><li>" + self.tr(
            "<b>metadata</b>: every decision is a record in the metadata log (Kafka's __cluster_metadata; "
            "here {0}) that every broker applies").format(path) + "</li></ul><p>" + self.tr(
            "Kafka Lab runs one controller in the engine process (pid {0}), on no broker: killing or "
            "restarting a broker never moves it. Metadata answers still name a live broker as "
            "\"controller\", because clients cannot talk to a KRaft controller.").format(pid) + "</p>"
        latest = self.decisions()[:TOOLTIP_DECISIONS] if with_decisions else []
        if latest:
            text += "<p><b>" + self.tr("Latest decisions") + "</b></p><ul>"
            for d in latest:
                when = dt.datetime.fromtimestamp(d.time_ms / 1000).strftime("%H:%M:%S")
                text += f"<li>{when} {html.escape(self.text.decision(d))}</li>"
            text += "</ul>"
        return text

    def _refit(self) -> None:
        self.setFixedWidth(max(CARD_WIDTH, round(CARD_WIDTH * self.fontMetrics().averageCharWidth()
                                                 / self._base_char_width)))
        self._render()

    def retranslate_ui(self) -> None:
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.FontChange:  # presenter mode's zoom: wider in proportion
            QTimer.singleShot(0, self._refit)
        super().changeEvent(event)
