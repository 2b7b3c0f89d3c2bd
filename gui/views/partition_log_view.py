"""Partition log dock: for one partition, each replica's log start / LEO / HW / lag / in-sync flag
(from the ClusterImage), the segment files on a replica's disk (kept live with watchdog), and the
log drawn as a strip with every group's committed offset — retention deleting old segments shows
as segments disappearing and the log start moving right."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.control.commands import RunRetention
from engine.observe import ClusterImage, PartitionImage, ReplicaImage
from gui.bridge import CommandReply, CommandRunner
from gui.data_clients import DataClients
from gui.models.partition_models import ReplicaModel, SegmentModel, merge_segments
from gui.segment_watch import SegmentFile, SegmentWatcher
from gui.theme import LIGHT, Theme
from gui.views.cleaned_keys import CleanedKeysPanel
from gui.widgets.log_strip import LogStrip, StripSegment, StripState
from gui.widgets.tables import row_table

LEADER = -1


class _Relay(QObject):
    """Carries the watcher thread's results to the GUI thread (a queued signal)."""

    changed = Signal(str, list)


class PartitionLogView(QWidget):
    def __init__(self, run_command: CommandRunner, data: DataClients | None = None,
                 bridge: QObject | None = None, parent: QWidget | None = None) -> None:
        """``data``: Kafka clients for the keys after cleaning; ``bridge``: its eventsArrived refreshes them."""
        super().__init__(parent)
        self.setObjectName("PartitionLogView")
        self._run_command = run_command
        self.image: ClusterImage | None = None
        self.theme: Theme = LIGHT
        self.files: list[SegmentFile] = []
        self.files_dir = ""
        self._wanted: tuple[str, int] | None = None
        self._build_selectors()
        self.cleaned_keys = CleanedKeysPanel(data)
        if bridge is not None:
            bridge.eventsArrived.connect(self.cleaned_keys.note_events)  # type: ignore[attr-defined]
        self._build_tables()
        self._start_watcher()
        self._build_layout()
        self.retranslate_ui()

    def _build_selectors(self) -> None:
        """Topic, partition and replica; Run retention; the summary line."""
        self.topic = QComboBox()
        self.topic.setMinimumWidth(160)
        self.topic.currentTextChanged.connect(lambda _t: self._selection_changed())
        self.partition = QSpinBox()
        self.partition.setRange(0, 0)
        self.partition.valueChanged.connect(lambda _v: self._selection_changed())
        self.replica = QComboBox()
        self.replica.currentIndexChanged.connect(lambda _i: self._selection_changed())
        self.retention_button = QPushButton()
        self.retention_button.clicked.connect(self.run_retention)
        self.topic_label, self.partition_label, self.replica_label = QLabel(), QLabel(), QLabel()
        self.summary = QLabel()
        self.summary.setObjectName("Muted")
        self.summary.setWordWrap(True)

    def _build_tables(self) -> None:
        """The log strip, the replicas and the segment files."""
        self.strip = LogStrip()
        self.replicas = ReplicaModel(self)
        self.segments = SegmentModel(self)
        self.replica_table = row_table(self.replicas)
        self.segment_table = row_table(self.segments)
        self.segment_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.segment_table.horizontalHeader().setSectionResizeMode(SegmentModel.FILE, QHeaderView.ResizeMode.Stretch)
        self.replica_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.replicas_title, self.segments_title = QLabel(), QLabel()
        for t in (self.replicas_title, self.segments_title):
            t.setObjectName("SectionTitle")
        self.watch_label = QLabel()
        self.watch_label.setObjectName("Muted")
        self.watch_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _start_watcher(self) -> None:
        """Segment files listed live (watchdog, coalesced rescans on its own thread)."""
        self._relay = _Relay(self)
        self._relay.changed.connect(self._files_changed)
        self.watcher = SegmentWatcher(self._relay.changed.emit)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.topic_label)
        top.addWidget(self.topic)
        top.addWidget(self.partition_label)
        top.addWidget(self.partition)
        top.addSpacing(12)
        top.addWidget(self.retention_button)
        top.addStretch(1)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.replicas_title)
        ll.addWidget(self.replica_table, 1)
        ll.addWidget(self.cleaned_keys, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        seg_head = QHBoxLayout()
        seg_head.addWidget(self.segments_title)
        seg_head.addStretch(1)
        seg_head.addWidget(self.replica_label)
        seg_head.addWidget(self.replica)
        rl.addLayout(seg_head)
        rl.addWidget(self.segment_table, 1)
        rl.addWidget(self.watch_label)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.strip)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    # -- inputs ----------------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.strip.set_theme(theme)

    def show_partition(self, topic: str, partition: int = 0) -> None:
        self._wanted = (topic, partition)  # kept until the topic shows up in an image (just created?)
        if self.image is not None:
            self._sync_topics(self.image)
        self.topic.blockSignals(True)
        if self.topic.findText(topic) < 0:
            self.topic.addItem(topic)
        self.topic.setCurrentText(topic)
        self.topic.blockSignals(False)
        self._selection_changed()

    def set_image(self, image: ClusterImage) -> None:
        self.image = image
        self._sync_topics(image)
        self._refresh()

    def current(self) -> PartitionImage | None:
        if self.image is None:
            return None
        t = self.image.topic(self.topic.currentText())
        if t is None:
            return None
        return next((p for p in t.partitions if p.partition == self.partition.value()), None)

    def _sync_topics(self, image: ClusterImage) -> None:
        names = [t.name for t in image.topics]
        wanted = self._wanted
        if wanted is not None:
            wanted_topic = image.topic(wanted[0])
            if wanted_topic is not None and len(wanted_topic.partitions) > wanted[1]:
                self._wanted = None
                self.partition.blockSignals(True)
                self.partition.setRange(0, len(wanted_topic.partitions) - 1)
                self.partition.setValue(wanted[1])
                self.partition.blockSignals(False)
            elif wanted[0] not in names:
                names.append(wanted[0])
        existing = [self.topic.itemText(i) for i in range(self.topic.count())]
        if names != existing:
            current = self.topic.currentText()
            self.topic.blockSignals(True)
            self.topic.clear()
            self.topic.addItems(names)
            if current in names:
                self.topic.setCurrentText(current)
            self.topic.blockSignals(False)
        t = image.topic(self.topic.currentText())
        count = len(t.partitions) if t is not None else 1
        if self.partition.maximum() != max(0, count - 1):
            self.partition.blockSignals(True)
            self.partition.setRange(0, max(0, count - 1))
            self.partition.blockSignals(False)

    def _selection_changed(self) -> None:
        if self.image is not None:
            self._sync_topics(self.image)
        self._refresh()

    def _chosen_replica(self, p: PartitionImage) -> ReplicaImage | None:
        bid = self.replica.currentData()
        if bid is None or bid == LEADER:
            bid = p.leader
        return next((r for r in p.replica_states if r.broker_id == bid), None)

    def _sync_replica_choices(self, p: PartitionImage | None) -> None:
        wanted: list[tuple[str, int]] = [(self.tr("leader"), LEADER)]
        if p is not None:
            wanted += [(self.tr("broker {0}").format(b), b) for b in p.replicas]
        existing = [(self.replica.itemText(i), self.replica.itemData(i)) for i in range(self.replica.count())]
        if existing != wanted:
            current = self.replica.currentData()
            self.replica.blockSignals(True)
            self.replica.clear()
            for text, data in wanted:
                self.replica.addItem(text, data)
            idx = self.replica.findData(current)
            self.replica.setCurrentIndex(max(0, idx))
            self.replica.blockSignals(False)

    def _refresh(self) -> None:
        p = self.current()
        self._sync_replica_choices(p)
        self.replicas.set_partition(p)
        key = (self.topic.currentText(), self.partition.value())
        if p is None or self.image is None:
            self.strip.set_state(key, None)
            self.cleaned_keys.set_partition(*key, 0, -1)
            self.summary.setText("")
            self.watcher.watch(None)
            self._update_segments()
            return
        # an external cluster's leader has no log end (-1), only its log start and high watermark
        leader = next((r for r in p.replica_states if r.is_leader and max(r.log_end_offset, r.high_watermark) >= 0),
                      None)
        groups = tuple((g.group_id, o.committed_offset) for g in self.image.groups for o in g.offsets
                       if o.topic == p.topic and o.partition == p.partition)
        if leader is None:
            self.strip.set_state(key, None)
            self.cleaned_keys.set_partition(p.topic, p.partition, 0, -1)
        else:
            self.cleaned_keys.set_partition(p.topic, p.partition, leader.log_start_offset, leader.cleaner_offset)
            segs = tuple(StripSegment(s.base_offset, s.next_offset, s.size_bytes) for s in leader.segments)
            txns = tuple((t.first_offset, t.marker_offset, t.committed) for t in leader.transactions)
            # an external cluster's leader has no log end (-1): the strip ends at the HW, with no LEO mark
            self.strip.set_state(key, StripState(leader.log_start_offset, leader.high_watermark,
                                                 max(leader.log_end_offset, leader.high_watermark),
                                                 segs, groups, leader.last_stable_offset, txns,
                                                 leader.cleaner_offset, log_end_known=leader.log_end_offset >= 0))
        chosen = self._chosen_replica(p)
        directory = None
        if chosen is not None and chosen.segments:
            directory = os.path.dirname(chosen.segments[0].path)
        elif chosen is not None and self.image is not None:  # empty log: the directory is still named
            broker = self.image.broker(chosen.broker_id)
            if broker is not None and broker.log_dir:
                directory = os.path.join(broker.log_dir, f"{p.topic}-{p.partition}")
        if directory != self.watcher.directory:
            self.watcher.watch(directory)
        self._update_summary(p, leader)
        self._update_segments()

    def _update_summary(self, p: PartitionImage, leader: ReplicaImage | None) -> None:
        if leader is None:
            self.summary.setText(self.tr("Leader: none (partition offline) · ISR {0}").format(list(p.isr)))
            return
        self.summary.setText(self.tr(
            "Leader: broker {0} · epoch {1} · ISR {2} · {3:,} records readable (HW − log start) · "
            "{4} segment(s)").format(p.leader, p.leader_epoch, list(p.isr),
                                     max(0, leader.high_watermark - leader.log_start_offset), len(leader.segments)))

    def _files_changed(self, directory: str, files: list[SegmentFile]) -> None:
        if directory != (self.watcher.directory or ""):
            return  # a late result for a directory we no longer watch
        self.files = files
        self.files_dir = directory
        self._update_segments()

    def _update_segments(self) -> None:
        p = self.current()
        chosen = self._chosen_replica(p) if p is not None else None
        images = chosen.segments if chosen is not None else ()
        files = self.files if self.files_dir and self.files_dir == (self.watcher.directory or "") else []
        self.segments.set_rows(merge_segments(files, images))
        if self.watcher.directory:
            self.watch_label.setText(self.tr("Watching {0} ({1} file events)").format(
                self.watcher.directory, self.watcher.events))
        else:
            self.watch_label.setText(self.tr("No replica directory to watch (broker down?)"))

    # -- actions ---------------------------------------------------------------------------------------
    def run_retention(self) -> None:
        self.retention_button.setEnabled(False)

        def done(reply: CommandReply[None]) -> None:
            self.retention_button.setEnabled(True)
            self.watcher.rescan()

        self._run_command(RunRetention(), done)

    def shutdown(self) -> None:
        self.watcher.stop()

    def retranslate_ui(self) -> None:
        self.topic_label.setText(self.tr("Topic"))
        self.partition_label.setText(self.tr("Partition"))
        self.replica_label.setText(self.tr("Files of"))
        self.retention_button.setText(self.tr("Run retention now"))
        self.retention_button.setToolTip(self.tr(
            "Apply retention.ms / retention.bytes on every broker now instead of at the next periodic check"))
        self.replicas_title.setText(self.tr("Replicas"))
        self.segments_title.setText(self.tr("Segment files on disk"))
        self.strip.labels = {"start": self.tr("log start"), "hw": self.tr("HW"), "leo": self.tr("LEO"),
                             "lso": self.tr("LSO"), "cleaned": self.tr("cleaned | dirty"), "commit": self.tr("C", "commit marker"),
                             "abort": self.tr("A", "abort marker"),
                             "deleted": self.tr("deleted by retention"), "empty": self.tr("no records"),
                             "offline": self.tr("no leader"), "tip": self.tr("offset {0}\nsegment {1}")}
        self.strip.update()
        self.replicas.retranslate()
        self.segments.retranslate()
        if self.replica.count():
            self.replica.setItemText(0, self.tr("leader"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
