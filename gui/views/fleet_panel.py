"""'Start N consumers in group G on topic T': real confluent-kafka consumers in worker threads, to
watch a group share partitions (1 consumer gets every partition, 2 split them, a 3rd on a
2-partition topic sits idle) and lag grow when they are slow."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clients.fleet import ConsumerFleet
from engine.observe import ClusterImage
from gui.data_clients import DataClients
from gui.widgets.read_only import gate_write


class FleetPanel(QGroupBox):
    def __init__(self, data: DataClients, fleet: ConsumerFleet | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FleetPanel")
        self.data = data
        data.readOnlyChanged.connect(lambda _why: self.refresh())
        self.fleet = fleet or ConsumerFleet()
        self.count = QSpinBox()
        self.count.setRange(1, 20)
        self.count.setValue(1)
        self.group = QLineEdit("lab-group")
        self.topic = QComboBox()
        self.topic.setEditable(True)
        self.rate = QSpinBox()
        self.rate.setRange(0, 1_000_000)
        self.rate.setSingleStep(50)
        self.start_button = QPushButton()
        self.start_button.setObjectName("PrimaryButton")
        self.start_button.clicked.connect(lambda: self.start())
        self.stop_one_button = QPushButton()
        self.stop_one_button.clicked.connect(self.stop_one)
        self.stop_all_button = QPushButton()
        self.stop_all_button.clicked.connect(self.stop_all)
        self.running_label = QLabel()
        self.running_label.setObjectName("Muted")
        self.running_label.setWordWrap(True)
        self.labels = [QLabel() for _ in range(4)]
        grid = QGridLayout()
        for row, (label, field) in enumerate(zip(self.labels, (self.count, self.group, self.topic, self.rate),
                                                 strict=True)):
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_one_button)
        buttons.addWidget(self.stop_all_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.running_label)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        data.bootstrapChanged.connect(lambda _b: self.refresh())
        self.retranslate_ui()

    def set_image(self, image: ClusterImage) -> None:
        names = [t.name for t in image.topics if not t.internal]
        existing = [self.topic.itemText(i) for i in range(self.topic.count())]
        if names != existing:
            current = self.topic.currentText()
            self.topic.blockSignals(True)
            self.topic.clear()
            self.topic.addItems(names)
            self.topic.setCurrentText(current)
            self.topic.blockSignals(False)

    def start(self, count: int | None = None, group: str | None = None, topic: str | None = None,
              max_rate: int | None = None) -> bool:
        bootstrap = self.data.bootstrap
        group = group or self.group.text().strip()
        topic = topic or self.topic.currentText().strip()
        if bootstrap is None or not group or not topic:
            self.running_label.setText(self.tr("Choose a group and a topic (and start the cluster)."))
            return False
        self.fleet.start(bootstrap, group, topic, count if count is not None else self.count.value(),
                         max_rate if max_rate is not None else self.rate.value(), self.data.connection)
        self.refresh()
        return True

    def stop_one(self) -> None:
        self.fleet.stop_one()
        self.refresh()

    def stop_all(self) -> None:
        self.fleet.stop_all()
        self.refresh()

    def shutdown(self) -> None:
        self.fleet.stop_all(join=True, timeout=5.0)

    def refresh(self) -> None:
        members = [m for m in self.fleet.members() if m.running]
        if not members:
            self.running_label.setText(self.tr("No consumers running."))
        else:
            parts = []
            for m in members:
                state = self.tr("stopping") if m.stop.is_set() else (
                    ", ".join(f"{m.topic}-{p}" for p in m.assigned) or self.tr("idle"))
                parts.append(self.tr("{0} in {1}: {2} · {3} read").format(m.client_id, m.group, state,
                                                                         f"{m.consumed:,}"))
            self.running_label.setText("\n".join(parts))
        self.stop_one_button.setEnabled(bool(members))
        self.stop_all_button.setEnabled(bool(members))
        # consumers of a group commit offsets: a change of the cluster
        gate_write(self.start_button, self.data.bootstrap is not None, self.data.read_only)

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Consumers (real clients, in this app)"))
        self.labels[0].setText(self.tr("Consumers"))
        self.labels[1].setText(self.tr("in group"))
        self.labels[2].setText(self.tr("on topic"))
        self.labels[3].setText(self.tr("each at most"))
        self.rate.setSuffix(self.tr(" records/s"))
        self.rate.setSpecialValueText(self.tr("unlimited"))
        self.start_button.setText(self.tr("Start"))
        self.start_button.setToolTip(self.tr("subscribe() N confluent-kafka consumers; they join the group and "
                                             "commit automatically"))
        self.stop_one_button.setText(self.tr("Stop one"))
        self.stop_one_button.setToolTip(self.tr("Close the newest consumer: the group rebalances"))
        self.stop_all_button.setText(self.tr("Stop all"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
