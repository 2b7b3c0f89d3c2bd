"""The controller dock (``controllerDock``): which node is the active controller, the metadata log as
a readable list (topic created, leader elected, ISR changed, broker registered or fenced — each with
the KRaft record it is), the broker sessions it keeps (registrations, heartbeats) and how this is the
job ZooKeeper did in the course notes. The controller card in the cluster view is its summary
(double-click it to open this)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QVBoxLayout, QWidget

from engine.observe import ClusterImage, EngineEvent
from gui.models.controller_models import MetadataLogModel, SessionsModel
from gui.widgets.controller_card import ControllerCard
from gui.widgets.tables import row_table


class ControllerView(QWidget):
    def __init__(self, card: ControllerCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ControllerView")
        self.card = card  # the cluster view's card: its explanation of ZooKeeper → KRaft
        self.image: ClusterImage | None = None
        self.log_model = MetadataLogModel(self)
        self.sessions_model = SessionsModel(self)
        self.headline = QLabel()
        self.headline.setObjectName("SectionTitle")
        self.headline.setWordWrap(True)
        self.sessions_title = QLabel()
        self.sessions_title.setObjectName("SectionTitle")
        self.sessions = row_table(self.sessions_model)
        self.sessions.setObjectName("ControllerSessions")
        self.sessions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.sessions.horizontalHeader().setStretchLastSection(True)
        self.sessions.setMinimumHeight(60)
        self.timing = QLabel()
        self.timing.setObjectName("Muted")
        self.timing.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.log_title = QLabel()
        self.log_title.setObjectName("SectionTitle")
        self.log = row_table(self.log_model)
        self.log.setObjectName("MetadataLog")
        self.log.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.log.horizontalHeader().setStretchLastSection(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.sessions_title)
        left_layout.addWidget(self.sessions, 1)
        left_layout.addWidget(self.timing)
        left_layout.addWidget(self.explanation, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.log_title)
        right_layout.addWidget(self.log, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(right)
        self.split.addWidget(left)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.headline)
        layout.addWidget(self.split, 1)
        self.retranslate_ui()

    def set_image(self, image: ClusterImage) -> None:
        self.image = image
        self.log_model.set_image(image)
        self.sessions_model.set_image(image)
        self._render()

    def add_events(self, events: list[EngineEvent]) -> None:
        self.log_model.add_events(events)

    def clear(self) -> None:
        self.image = None
        self.log_model.clear()
        self._render()

    def _render(self) -> None:
        c = self.image.controller if self.image is not None else None
        if c is None:
            self.headline.setText(self.tr("Waiting for the controller…"))
            self.timing.setText("")
        else:
            self.headline.setText(self.tr(
                "Active controller: the engine process {0} (a KRaft quorum of one, on no broker) · metadata "
                "log offset {1} · {2} decision(s)").format(c.pid, c.metadata_offset, c.decision_count))
            self.timing.setText(self.tr(
                "Each broker sends a heartbeat every {0} ms (broker.heartbeat.interval.ms); one silent for "
                "{1} ms (broker.session.timeout.ms) is fenced — a killed one at once.").format(
                    c.heartbeat_interval_ms, c.session_timeout_ms))
        self.explanation.setText(self.card.explanation(with_decisions=False))

    def retranslate_ui(self) -> None:
        self.sessions_title.setText(self.tr("Broker registrations and heartbeats"))
        self.log_title.setText(self.tr("Metadata log (newest first)"))
        self.log_model.retranslate()
        self.sessions_model.retranslate()
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
