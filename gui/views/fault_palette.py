"""The fault palette: inject faults into the real cluster (the same commands as ``kafkalab serve``'s
``fault …``), see the active ones, clear one or all. Each fault is also an event in the event log."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.control.commands import ClearFaults, InjectFault, ListFaults
from engine.observe.xray import FaultInfo
from gui.bridge import CommandReply, CommandRunner

KINDS = ("error", "delay", "isolate", "isolate-clients", "slow-follower", "drop", "disk-full")
APIS = ("Produce", "Fetch", "ListOffsets", "OffsetCommit", "FindCoordinator", "JoinGroup", "SyncGroup", "Heartbeat",
        "InitProducerId")
ERRORS = ("NOT_LEADER_OR_FOLLOWER", "NOT_ENOUGH_REPLICAS", "REQUEST_TIMED_OUT", "KAFKA_STORAGE_ERROR",
          "FENCED_LEADER_EPOCH", "LEADER_NOT_AVAILABLE", "OFFSET_OUT_OF_RANGE", "UNKNOWN_TOPIC_OR_PARTITION",
          "COORDINATOR_NOT_AVAILABLE", "NOT_COORDINATOR", "REBALANCE_IN_PROGRESS", "THROTTLING_QUOTA_EXCEEDED")
POLL_MS = 1000


class FaultPaletteView(QWidget):
    def __init__(self, runner: CommandRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FaultPaletteView")
        self.runner = runner
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(k, k)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.broker = QSpinBox()
        self.broker.setRange(-1, 99)
        self.broker.setValue(-1)  # any broker
        self.api = QComboBox()
        self.api.setEditable(True)
        self.api.addItems(APIS)
        self.error = QComboBox()
        self.error.setEditable(True)
        self.error.addItems(ERRORS)
        self.topic = QLineEdit()
        self.partition = QSpinBox()
        self.partition.setRange(-1, 100_000)
        self.partition.setValue(-1)
        self.count = QSpinBox()
        self.count.setRange(0, 1_000_000)
        self.count.setValue(3)
        self.ms = QSpinBox()
        self.ms.setRange(0, 600_000)
        self.ms.setSingleStep(100)
        self.ms.setValue(500)
        self.form = QFormLayout()
        self.labels = {name: QLabel() for name in ("kind", "broker", "api", "error", "topic", "partition", "count",
                                                   "ms")}
        for name, w in (("kind", self.kind), ("broker", self.broker), ("api", self.api), ("error", self.error),
                        ("topic", self.topic), ("partition", self.partition), ("count", self.count),
                        ("ms", self.ms)):
            self.form.addRow(self.labels[name], w)
        self.inject_button = QPushButton()
        self.inject_button.setObjectName("Primary")
        self.inject_button.clicked.connect(self.inject)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.active_label = QLabel()
        self.active = QListWidget()
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_selected)
        self.clear_all_button = QPushButton()
        self.clear_all_button.clicked.connect(lambda: self.runner(ClearFaults(), self._cleared))
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.clear_all_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.form)
        layout.addWidget(self.inject_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addWidget(self.active_label)
        layout.addWidget(self.active, 1)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.faults: tuple[FaultInfo, ...] = ()
        self._kind_changed()
        self.retranslate_ui()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        used = {"error": {"broker", "api", "error", "topic", "partition", "count"}, "delay": {"broker", "ms"},
                "slow-follower": {"broker", "ms"}}.get(kind, {"broker"})
        for name, w in (("broker", self.broker), ("api", self.api), ("error", self.error), ("topic", self.topic),
                        ("partition", self.partition), ("count", self.count), ("ms", self.ms)):
            w.setEnabled(name in used)
            self.labels[name].setEnabled(name in used)
        if kind != "error" and self.broker.value() < 0:
            self.broker.setValue(0)

    def command(self) -> InjectFault:
        kind = self.kind.currentData()
        if kind == "error":
            return InjectFault(fault="error", api=self.api.currentText().strip(), error=self.error.currentText().strip(),
                               topic=self.topic.text().strip() or None,
                               partition=self.partition.value() if self.partition.value() >= 0 else None,
                               broker_id=self.broker.value(), count=self.count.value() or -1)
        if kind in ("delay", "slow-follower"):
            return InjectFault(fault=kind, broker_id=self.broker.value(), ms=self.ms.value())
        return InjectFault(fault=kind, broker_id=self.broker.value())

    def inject(self) -> None:
        self.runner(self.command(), self._injected)

    def _injected(self, reply: CommandReply[FaultInfo]) -> None:
        if reply.ok and reply.result is not None:
            self.status.setText(self.tr("{0}: {1}").format(reply.result.fault_id, reply.result.description))
        else:
            self.status.setText(self.tr("Refused: {0}").format(reply.message()))
        self.refresh()

    def clear_selected(self) -> None:
        item = self.active.currentItem()
        if item is not None:
            self.runner(ClearFaults(fault_id=item.data(Qt.ItemDataRole.UserRole)), self._cleared)

    def _cleared(self, reply: CommandReply[tuple[FaultInfo, ...]]) -> None:
        if reply.ok and reply.result is not None:
            self.status.setText(self.tr("Cleared: {0}").format(", ".join(f.fault_id for f in reply.result) or "—"))
        else:
            self.status.setText(reply.message())
        self.refresh()

    def refresh(self) -> None:
        self.runner(ListFaults(), self._listed)

    def _listed(self, reply: CommandReply[tuple[FaultInfo, ...]]) -> None:
        if not reply.ok or reply.result is None or reply.result == self.faults:
            return
        self.faults = reply.result
        current = self.active.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.active.clear()
        for f in self.faults:
            item = QListWidgetItem(f"{f.fault_id}  {f.description}")
            item.setData(Qt.ItemDataRole.UserRole, f.fault_id)
            self.active.addItem(item)
            if f.fault_id == keep:
                self.active.setCurrentItem(item)
        self._update_active_label()

    def _update_active_label(self) -> None:
        self.active_label.setText(self.tr("Active faults ({0})").format(len(self.faults)))

    def retranslate_ui(self) -> None:
        names = {"error": self.tr("Error answer"), "delay": self.tr("Delay responses"),
                 "isolate": self.tr("Isolate from peers (zombie leader)"),
                 "isolate-clients": self.tr("Isolate from clients"), "slow-follower": self.tr("Slow follower"),
                 "drop": self.tr("Drop client connections"), "disk-full": self.tr("Disk full")}
        for i, k in enumerate(KINDS):
            self.kind.setItemText(i, names[k])
        texts = {"kind": self.tr("Fault"), "broker": self.tr("Broker"), "api": self.tr("API"),
                 "error": self.tr("Kafka error"), "topic": self.tr("Topic"), "partition": self.tr("Partition"),
                 "count": self.tr("Requests"), "ms": self.tr("Milliseconds")}
        for name, label in self.labels.items():
            label.setText(texts[name])
        self.broker.setSpecialValueText(self.tr("any"))
        self.partition.setSpecialValueText(self.tr("any"))
        self.count.setSpecialValueText(self.tr("until cleared"))
        self.topic.setPlaceholderText(self.tr("any topic"))
        self.inject_button.setText(self.tr("Inject"))
        self.clear_button.setText(self.tr("Clear selected"))
        self.clear_all_button.setText(self.tr("Clear all"))
        self._update_active_label()
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            dock.setWindowTitle(self.tr("Fault palette"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
