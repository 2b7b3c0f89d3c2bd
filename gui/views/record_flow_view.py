"""The record flow: one record's path drawn live, step by step (:mod:`gui.models.record_flow`).

    key → partitioner → leader append → followers fetch → high watermark → consumer fetch → commit

It follows the newest record of a chosen topic, whoever produced it (load generator, produce dialog,
a student's own client), or a record handed to :meth:`RecordFlowView.follow_record` (the produce
dialog's delivery, a double-click in the message browser). Each step is a box: done (✓ and the time it
took since the record was first seen), the one the record waits at now (outlined), still to come, or
lost. With slow motion on, the boxes turn one after another.

A record found in an image has no key yet: the view reads it once the high watermark passed it (a
consumer can read nothing sooner), as client ``kafkalab-inspect`` — a read the engine does not count
as a consumer fetch, so the "consumer fetch" step stays the class's own consumers'. That read also gives
the value (shown under the headline); a key or value in a Schema Registry's wire format is decoded on the
worker with the message browser's decoder (``DataClients.schema_decoder``) and shown with its schema's
subject and id (:mod:`gui.models.record_flow_contents`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from clients.readers import PartitionReader, Record, consumer_config
from engine.observe import ClusterImage
from gui.data_clients import DataClients
from gui.models import record_flow_contents as contents
from gui.models.record_flow import STEPS, FlowState, RecordFlow, TrackedRecord, newest_record
from gui.tasks import JobContext
from gui.theme import LIGHT, Theme

# the engine does not count this client's fetches as a consumer's (engine.server.replica_manager)
INSPECT_CLIENT_ID = "kafkalab-inspect"
HOLD_MS = 6000  # a finished (or stuck) record stays on screen this long before the newest replaces it
BOXES = ("key", *STEPS)


def _reader(bootstrap: str, connection: Mapping[str, str]) -> PartitionReader:
    from confluent_kafka import Consumer

    config = consumer_config(bootstrap, **{"client.id": INSPECT_CLIENT_ID, "group.id": INSPECT_CLIENT_ID})
    connection = {k: v for k, v in connection.items() if k != "client.id"}  # named as the inspector
    return PartitionReader(bootstrap, consumer=Consumer({**config, **connection}))


def _close(reader: object) -> None:
    if isinstance(reader, PartitionReader):
        reader.close()


class StepBox(QFrame):
    """One step: a title, what happened (or what it waits for), and when."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName("FlowStep")
        self.setProperty("step", name)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.when = QLabel()
        self.when.setObjectName("Muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.when)
        self.state = ""
        self.set_state("waiting")

    def set_state(self, state: str) -> None:
        """done | current | waiting | lost"""
        if state != self.state:
            self.state = state
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)


class RecordFlowView(QWidget):
    def __init__(self, data: DataClients, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordFlowView")
        self.data = data
        self.worker = data.worker("record-flow", _reader, _close)
        self.theme: Theme = LIGHT
        self.image: ClusterImage | None = None
        self.flow: RecordFlow | None = None
        self.state: FlowState | None = None
        self._started_ms = 0
        self._read_requested = False
        self.read_record: Record | None = None  # the followed record as read (decoded), once the HW passed it
        self._next = False
        self.wanted_topic = ""  # a lesson step's topic, selected as soon as it exists
        self._build()
        self.set_theme(LIGHT)
        self.retranslate_ui()

    def _build(self) -> None:
        self.topic_label = QLabel()
        self.topic = QComboBox()
        self.topic.setMinimumContentsLength(12)
        self.topic.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.topic.currentTextChanged.connect(lambda _t: self.next_record())
        self.follow_box = QCheckBox()
        self.follow_box.setChecked(True)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_record)
        self.headline = QLabel()
        self.headline.setObjectName("SectionTitle")
        self.headline.setWordWrap(True)
        self.contents = QLabel()  # the record's value (decoded with its schema when framed)
        self.contents.setObjectName("FlowContents")
        self.contents.setWordWrap(True)
        self.contents.setTextFormat(Qt.TextFormat.PlainText)
        self.contents.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(self.topic_label)
        top.addWidget(self.topic)
        top.addWidget(self.follow_box)
        top.addWidget(self.next_button)
        top.addStretch(1)
        self.boxes = {name: StepBox(name) for name in BOXES}
        self.arrows: list[QLabel] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        for i, name in enumerate(BOXES):
            if i:
                arrow = QLabel("→")
                arrow.setObjectName("FlowArrow")
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.arrows.append(arrow)
                grid.addWidget(arrow, 0, 2 * i - 1)
            grid.addWidget(self.boxes[name], 0, 2 * i)
            grid.setColumnStretch(2 * i, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.contents)
        layout.addLayout(grid, 1)

    # -- inputs ----------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        t = theme
        w = 2 * t.line_width
        self.setStyleSheet(f"""
QFrame#FlowStep {{ border: {w:g}px dashed {t.border}; border-radius: 8px; background: {t.base}; }}
QFrame#FlowStep[state="done"] {{ border: {w:g}px solid {t.in_sync}; background: {t.alt_base}; }}
QFrame#FlowStep[state="current"] {{ border: {2 * w:g}px solid {t.pointer}; }}
QFrame#FlowStep[state="lost"] {{ border: {2 * w:g}px solid {t.offline}; }}
QLabel#FlowArrow {{ color: {t.text}; font-weight: 700; }}
""")

    def set_image(self, image: ClusterImage) -> None:
        previous, self.image = self.image, image
        self._sync_topics(image)
        topic = self.topic.currentText()
        if self.follow_box.isChecked() and topic:
            newest = newest_record(previous, image, topic)
            if newest is not None and (self.flow is None or self._next or self._settled(image)):
                current = self.flow.record if self.flow is not None else None
                if current is None or (current.topic, current.partition, current.offset) != (topic, *newest):
                    self._start(TrackedRecord(topic, newest[0], newest[1], source="newest"), image)
        if self.flow is not None:
            self.state = self.flow.update(image)
            self._maybe_read_record()
        self._render()

    def clear(self) -> None:
        """A new engine: nothing to follow."""
        self.image = None
        self.flow = None
        self.state = None
        self._render()

    def follow_record(self, topic: str, partition: int, offset: int, key: bytes | None = None,
                      key_known: bool = False, source: str = "") -> None:
        """Follow this record (the produce dialog's, or one picked in the message browser)."""
        if self.topic.findText(topic) < 0:
            self.topic.addItem(topic)
        self.topic.blockSignals(True)
        self.topic.setCurrentText(topic)
        self.topic.blockSignals(False)
        self._start(TrackedRecord(topic, partition, offset, key, key_known, source), self.image)
        if self.image is not None:
            self.state = self.flow.update(self.image) if self.flow is not None else None
        self._render()

    def show_topic(self, topic: str) -> None:
        """Follow the newest records of ``topic`` (a lesson step's), now or as soon as it is created."""
        self.wanted_topic = topic
        self.follow_box.setChecked(True)
        if self.topic.findText(topic) >= 0 and self.topic.currentText() != topic:
            self.topic.setCurrentText(topic)  # → next_record()

    def next_record(self) -> None:
        """Follow the next record appended to the topic."""
        self._next = True
        self.flow = None
        self.state = None
        self._render()

    # -- internals -------------------------------------------------------------------------------
    def _sync_topics(self, image: ClusterImage) -> None:
        names = sorted(t.name for t in image.topics if not t.internal)
        current = self.topic.currentText()
        if self.wanted_topic in names:  # a lesson's topic, just created
            current, self.wanted_topic = self.wanted_topic, ""
        elif not current:  # the user's own topics before `_schemas` & co
            current = next((n for n in names if not n.startswith("_")), names[0] if names else "")
        elif current not in names:  # a topic followed before the image has it: leave the list alone
            return
        existing = [self.topic.itemText(i) for i in range(self.topic.count())]
        switched = current != self.topic.currentText()
        if existing != names or switched:
            self.topic.blockSignals(True)
            self.topic.clear()
            self.topic.addItems(names)
            if current:
                self.topic.setCurrentText(current)
            self.topic.blockSignals(False)
        if switched and self.flow is not None:
            self.next_record()

    def _start(self, record: TrackedRecord, image: ClusterImage | None) -> None:
        self.flow = RecordFlow(record)
        self._started_ms = image.time_ms if image is not None else 0
        self._read_requested = False
        self.read_record = None
        self._next = False

    def _settled(self, image: ClusterImage) -> bool:
        s = self.state
        if s is None:
            return True
        last = max(s.done_ms.values(), default=self._started_ms)
        return (s.lost or s.done("high_watermark")) and image.time_ms - last >= HOLD_MS

    def _maybe_read_record(self) -> None:
        """Read the record (its key for the partitioner, its value) once a consumer could: decoded on the worker."""
        s = self.state
        flow = self.flow
        if flow is None or s is None or self._read_requested or not s.done("high_watermark"):
            return
        self._read_requested = True
        r = flow.record
        decoder = self.data.schema_decoder  # the registry's schema cache (thread-safe; may do HTTP)

        def job(ctx: JobContext) -> Any:
            reader: PartitionReader = ctx.resource
            records = reader.read(r.topic, r.partition, r.offset, r.offset + 1, lambda: ctx.cancelled)
            found = next((x for x in records if x.offset == r.offset), None)
            return None if found is None else decoder.record(r.topic, found)

        def done(found: Any) -> None:
            if isinstance(found, Record) and self.flow is flow:
                self.read_record = found
                if not flow.record.key_known:
                    flow.set_key(found.key)
                if self.image is not None:
                    self.state = flow.update(self.image)
                self._render()

        self.worker.submit(job, "record-flow record", done, lambda _e: None)

    def _when(self, step: str) -> str:
        s = self.state
        if s is None or step not in s.done_ms:
            return ""
        return self.tr("+{0:.1f} s").format(max(0, s.done_ms[step] - self._started_ms) / 1000)

    def _render(self) -> None:
        s = self.state
        if self.flow is None or s is None:
            self.headline.setText(self.tr("Waiting for a record on {0}…").format(self.topic.currentText() or "—")
                                  if self.topic.currentText() else self.tr("Choose a topic"))
            self.contents.setText("")
            for box in self.boxes.values():
                box.set_state("waiting")
                box.body.setText("")
                box.when.setText("")
            return
        r = s.record
        self.headline.setText(self.tr("Record at offset {0} of {1}-{2}").format(r.offset, r.topic, r.partition)
                              + ("  —  " + self.tr("LOST") if s.lost else ""))
        self.contents.setText(contents.value_text(self.read_record) if self.read_record is not None else "")
        texts = {"key": self._key_text(s), "partitioner": self._partitioner_text(s), "append": self._append_text(s),
                 "replicate": self._replicate_text(s), "high_watermark": self._hw_text(s),
                 "fetch": self._fetch_text(s), "commit": self._commit_text(s)}
        current = s.current_step
        for name, box in self.boxes.items():
            box.body.setText(texts[name])
            if name == "key":
                done = r.key_known
                box.set_state("done" if done else "waiting")
                box.when.setText("")
                continue
            box.when.setText(self._when(name))
            if s.done(name):
                box.set_state("done")
            elif s.lost and name in ("replicate", "high_watermark", "fetch", "commit"):
                box.set_state("lost")
            else:
                box.set_state("current" if name == current else "waiting")

    # -- the words of each step ------------------------------------------------------------------
    def _key_text(self, s: FlowState) -> str:
        r = s.record
        if self.read_record is not None:
            return contents.key_text(self.read_record)
        if not r.key_known:
            return self.tr("read once the high watermark passes it")
        return self.tr("key {0}").format(contents.shown_key(r.key)) if r.key is not None else self.tr("null key")

    def _partitioner_text(self, s: FlowState) -> str:
        p, r = s.partitioning, s.record
        if p is None:
            return self.tr("partition {0} (the key is not read yet)").format(r.partition)
        if s.partition_by == "sticky":
            return self.tr("no key: today's clients stick to one partition per batch (sticky partitioner); "
                           "older ones went round-robin → partition {0}").format(r.partition)
        if s.partition_by == "crc32":
            return self.tr("crc32(key) = {0}\n% {1} = {2}\n(librdkafka's default, consistent_random)").format(
                p.crc32, p.partitions, p.crc32_partition)
        text = self.tr("murmur2(key) = {0}\n& 0x7fffffff = {1}\n% {2} = {3}").format(
            p.murmur2, p.positive, p.partitions, p.murmur2_partition)
        if s.partition_by == "explicit":
            text += "\n" + self.tr("but it is in partition {0}: the producer chose it (or another "
                                   "partitioner)").format(r.partition)
        return text

    def _append_text(self, s: FlowState) -> str:
        if s.leader < 0:
            return self.tr("no leader: the partition is offline")
        if s.done("append"):
            return self.tr("leader broker {0} (epoch {1}) wrote it at offset {2}\nlog end offset {3}").format(
                s.leader, s.leader_epoch, s.record.offset, s.leader_leo)
        return self.tr("leader broker {0}: waiting for offset {1}").format(s.leader, s.record.offset)

    def _replicate_text(self, s: FlowState) -> str:
        if not s.followers:
            return self.tr("no followers (replication factor 1)")
        lines = []
        for f in s.followers:
            if not f.online:
                lines.append(self.tr("broker {0}: down").format(f.broker_id))
            elif f.has(s.record.offset):
                lines.append(self.tr("broker {0}: LEO {1} ✓").format(f.broker_id, f.log_end_offset))
            else:
                lines.append(self.tr("broker {0}: LEO {1}, fetching…").format(f.broker_id, f.log_end_offset))
            if f.online and not f.in_sync:
                lines[-1] += " " + self.tr("(out of sync)")
        return "\n".join(lines)

    def _hw_text(self, s: FlowState) -> str:
        if s.lost:
            return self.tr("lost: the new leader never had it (its log ends at {0})").format(s.leader_leo)
        if s.done("high_watermark"):
            return self.tr("high watermark {0} > {1}: committed to the ISR, consumers may read it").format(
                s.high_watermark, s.record.offset)
        return self.tr("high watermark {0}: waiting for the in-sync replicas").format(s.high_watermark)

    def _fetch_text(self, s: FlowState) -> str:
        if s.done("fetch"):
            return self.tr("a consumer fetched from offset {0}: it has the record").format(s.consumer_fetch_offset)
        if s.consumer_fetch_offset < 0:
            return self.tr("no consumer has fetched from this partition yet")
        return self.tr("consumers are at offset {0}").format(s.consumer_fetch_offset)

    def _commit_text(self, s: FlowState) -> str:
        if not s.groups:
            return self.tr("no group has committed an offset here")
        lines = []
        for g in s.groups:
            mark = " ✓" if g.committed_offset > s.record.offset else ""
            lines.append(self.tr("group {0}: committed {1}").format(g.group_id, g.committed_offset) + mark)
        return "\n".join(lines)

    def retranslate_ui(self) -> None:
        self.topic_label.setText(self.tr("Topic"))
        self.follow_box.setText(self.tr("Follow the newest record"))
        self.follow_box.setToolTip(self.tr("Follow each new record once the last one is done (or stuck) for "
                                           "{0} s").format(HOLD_MS // 1000))
        self.next_button.setText(self.tr("Next record"))
        titles = {"key": self.tr("Key"), "partitioner": self.tr("Partitioner"), "append": self.tr("Leader append"),
                  "replicate": self.tr("Followers fetch"), "high_watermark": self.tr("High watermark"),
                  "fetch": self.tr("Consumer fetch"), "commit": self.tr("Commit")}
        for name, box in self.boxes.items():
            box.title.setText(titles[name])
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def shutdown(self) -> None:
        self.worker.stop(wait_s=1.0)
