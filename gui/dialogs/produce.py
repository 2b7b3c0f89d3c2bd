"""Produce records: key, value (text, or JSON checked as you type), headers, a target partition or
a partitioner — with the partition each client family's default partitioner picks for the key shown
before sending (the Java client / kafka-python murmur2, librdkafka's consistent_random CRC32; sticky
or random for a null key) and the one the dialog sends with — acks 0/1/all, a repeat count, and
records from a file (one per line, optional key separator). Sending runs on a worker thread; while
it runs, the brokers' error answers for the topic are shown as they happen (a retrying client
reports nothing until it gives up)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clients.errors import error_text
from clients.partitioners import CONSISTENT_RANDOM, MURMUR2, PARTITIONERS, predict
from clients.producers import (
    ACKS,
    USE_PARTITIONER,
    Delivery,
    OutRecord,
    RecordSender,
    read_file_records,
)
from engine.observe import ClusterImage
from gui.data_clients import DataClients
from gui.dialogs.schema_value import SchemaValue
from gui.models.produce_errors import ErrorText, Tallies, since, topic_errors
from gui.tasks import JobContext
from gui.widgets.file_dialogs import documents_dir


def _sender(bootstrap: str, connection: Mapping[str, str]) -> RecordSender:
    return RecordSender(bootstrap, settings=connection)


def _close(sender: object) -> None:
    if isinstance(sender, RecordSender):
        sender.close()


def parse_headers(text: str) -> tuple[tuple[str, bytes], ...]:
    """``name=value`` (or ``name: value``) per line."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        sep = "=" if "=" in line else ":" if ":" in line else None
        if sep is None:
            raise ValueError(line)
        k, _s, v = line.partition(sep)
        if not k.strip():
            raise ValueError(line)
        out.append((k.strip(), v.strip().encode()))
    return tuple(out)


class ProduceDialog(QDialog):
    delivered = Signal(list)  # list[Delivery]

    def __init__(self, data: DataClients, topics: list[str], partitions_of: Callable[[str], int],
                 topic: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProduceDialog")
        self.data = data
        self.partitions_of = partitions_of
        self.worker = data.worker("producer", _sender, _close)
        self.last_deliveries: list[Delivery] = []
        self.last_error = ""
        self.image: ClusterImage | None = None
        self.sending = False
        self._error_base: Tallies | None = None  # the topic's broker error answers when the send began
        self._send_topic = ""
        self._error_text = ErrorText(self)
        self._build_message_inputs(topics, topic)
        self._build_partition_inputs()
        self._build_send_controls()
        self._build_layout()
        self._connect_inputs()
        self.retranslate_ui()
        self._sync_partitions()
        self.resize(600, self.sizeHint().height())

    def _build_message_inputs(self, topics: list[str], topic: str | None) -> None:
        """Topic, key, value and headers."""
        self.topic = QComboBox()
        self.topic.setEditable(True)
        self.topic.addItems(topics)
        if topic:
            self.topic.setCurrentText(topic)
        self.key = QLineEdit()
        self.null_key = QCheckBox()
        self.value = QPlainTextEdit()
        self.value.setMinimumHeight(90)
        self.value_format = QComboBox()
        self.json_label = QLabel()
        self.schema_value = SchemaValue(self.data, self.worker, self.value)  # value format "schema": a subject's
        self.headers = QPlainTextEdit()
        self.headers.setMaximumHeight(60)

    def _build_partition_inputs(self) -> None:
        """Partition, partitioner, and which partition each client family's default partitioner picks."""
        self.partition = QComboBox()
        self.partitioner = QComboBox()
        for name in PARTITIONERS:
            self.partitioner.addItem(name, name)
        # what each client family's default partitioner does with this key, and what the dialog does
        self.client_labels = {MURMUR2: QLabel(), CONSISTENT_RANDOM: QLabel()}
        self.client_predictions = {MURMUR2: QLabel(), CONSISTENT_RANDOM: QLabel()}
        self.prediction_grid = predictions = QGridLayout()
        predictions.setContentsMargins(0, 0, 0, 0)
        predictions.setHorizontalSpacing(10)
        predictions.setVerticalSpacing(2)
        for row, name in enumerate((MURMUR2, CONSISTENT_RANDOM)):
            self.client_labels[name].setObjectName("Muted")
            self.client_labels[name].setWordWrap(True)
            self.client_predictions[name].setWordWrap(True)
            predictions.addWidget(self.client_labels[name], row, 0)
            predictions.addWidget(self.client_predictions[name], row, 1)
        predictions.setColumnStretch(0, 3)
        predictions.setColumnStretch(1, 2)
        self.prediction = QLabel()
        self.prediction.setObjectName("SectionTitle")
        self.prediction.setWordWrap(True)

    def _build_send_controls(self) -> None:
        """acks, count, sending a file; the result, the brokers' error answers, Send."""
        self.broker_label = QLabel()  # the brokers' error answers while sending
        self.broker_label.setObjectName("ErrorText")
        self.broker_label.setWordWrap(True)
        self.broker_detail = QLabel()
        self.broker_detail.setObjectName("Muted")
        self.broker_detail.setWordWrap(True)
        self.acks = QComboBox()
        for a in ACKS:
            self.acks.addItem(a, a)
        self.acks.setCurrentIndex(ACKS.index("all"))
        self.count = QSpinBox()
        self.count.setRange(1, 1_000_000)
        self.file_path = QLineEdit()
        self.file_button = QPushButton()
        self.file_button.clicked.connect(self._choose_file)
        self.key_separator = QLineEdit()
        self.key_separator.setMaximumWidth(60)
        self.send_file_button = QPushButton()
        self.send_file_button.clicked.connect(self.send_file)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)
        self.send_button = QPushButton()
        self.send_button.setObjectName("PrimaryButton")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)

    def _build_layout(self) -> None:
        self.form = QFormLayout()
        self.labels = {name: QLabel() for name in ("topic", "key", "value", "headers", "partition", "partitioner",
                                                   "acks", "count", "file")}
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.null_key)
        value_box = QVBoxLayout()
        fmt_row = QHBoxLayout()
        fmt_row.addWidget(self.value_format)
        fmt_row.addWidget(self.json_label, 1)
        value_box.addLayout(fmt_row)
        value_box.addWidget(self.schema_value)
        value_box.addWidget(self.value)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_path, 1)
        file_row.addWidget(self.file_button)
        self.sep_label = QLabel()
        file_row.addWidget(self.sep_label)
        file_row.addWidget(self.key_separator)
        file_row.addWidget(self.send_file_button)
        self.form.addRow(self.labels["topic"], self.topic)
        self.form.addRow(self.labels["key"], key_row)
        self.form.addRow(self.labels["value"], value_box)
        self.form.addRow(self.labels["headers"], self.headers)
        self.form.addRow(self.labels["partition"], self.partition)
        self.form.addRow("", self.prediction_grid)
        self.form.addRow(self.labels["partitioner"], self.partitioner)
        self.form.addRow("", self.prediction)
        self.form.addRow(self.labels["acks"], self.acks)
        self.form.addRow(self.labels["count"], self.count)
        self.form.addRow(self.labels["file"], file_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.broker_label)
        layout.addWidget(self.broker_detail)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _connect_inputs(self) -> None:
        self.topic.currentTextChanged.connect(lambda _t: self._sync_partitions())
        self.key.textChanged.connect(lambda _t: self._update_prediction())
        self.null_key.toggled.connect(self._null_key_toggled)
        self.partition.currentIndexChanged.connect(lambda _i: self._update_prediction())
        self.partitioner.currentIndexChanged.connect(lambda _i: self._update_prediction())
        self.value.textChanged.connect(self._check_json)
        self.value_format.currentIndexChanged.connect(lambda _i: self._check_json())
        self.schema_value.changed.connect(self._check_json)

    # -- inputs ----------------------------------------------------------------------------------------
    def _sync_partitions(self) -> None:
        n = self.partitions_of(self.topic.currentText().strip())
        current = self.partition.currentData()
        self.partition.blockSignals(True)
        self.partition.clear()
        self.partition.addItem(self.tr("Use the partitioner"), USE_PARTITIONER)
        for p in range(n):
            self.partition.addItem(self.tr("partition {0}").format(p), p)
        self.partition.setCurrentIndex(max(0, self.partition.findData(current)))
        self.partition.blockSignals(False)
        self._update_prediction()

    def _null_key_toggled(self, on: bool) -> None:
        self.key.setEnabled(not on)
        self._update_prediction()

    def key_bytes(self) -> bytes | None:
        return None if self.null_key.isChecked() else self.key.text().encode()

    def target_partition(self) -> int:
        data = self.partition.currentData()
        return USE_PARTITIONER if data is None else int(data)

    def chosen_partitioner(self) -> str:
        return str(self.partitioner.currentData() or MURMUR2)

    def predicted_partition(self, partitioner: str | None = None) -> int | None:
        """Where the record goes: the chosen partition, or ``partitioner``'s (default: the dialog's) pick."""
        target = self.target_partition()
        if target >= 0 and partitioner is None:
            return target
        return predict(partitioner or self.chosen_partitioner(), self.key_bytes(),
                       self.partitions_of(self.topic.currentText().strip()))

    def _update_prediction(self) -> None:
        n = self.partitions_of(self.topic.currentText().strip())
        target = self.target_partition()
        key = self.key_bytes()
        self.client_labels[MURMUR2].setText(self.tr("Java client, kafka-console-producer, kafka-python "
                                                    "(murmur2):"))
        self.client_labels[CONSISTENT_RANDOM].setText(self.tr("librdkafka's default: confluent-kafka, kcat "
                                                              "(consistent_random, CRC32):"))
        for name, label in self.client_predictions.items():
            p = predict(name, key, n)
            if n <= 0:
                label.setText("—")
            elif p is not None:
                label.setText(self.tr("→ partition {0}").format(p))
            elif name == MURMUR2:
                label.setText(self.tr("no key: Java sticks to one partition per batch; kafka-python picks a "
                                      "random one per record"))
            else:
                label.setText(self.tr("no key (or an empty one): a random partition, kept per batch"))
        self.partitioner.setEnabled(target < 0)
        chosen = self.chosen_partitioner()
        shown = "murmur2" if chosen == MURMUR2 else "consistent_random (CRC32)"
        if target >= 0:
            self.prediction.setText(self.tr("This dialog sends to partition {0} (chosen: no partitioner runs)")
                                    .format(target))
        elif n <= 0:
            self.prediction.setText(self.tr("The topic does not exist yet (the broker may create it)"))
        elif predict(chosen, key, n) is None:
            self.prediction.setText(self.tr("This dialog sends with {0}: no key, so the partition is not "
                                            "predictable (sticky per batch)").format(shown))
        else:
            self.prediction.setText(self.tr("This dialog sends with {0} → partition {1} of {2}").format(
                shown, predict(chosen, key, n), n))

    def _check_json(self) -> bool:
        schema = self.value_format.currentData() == "schema"
        if schema and self.schema_value.isHidden():
            self.schema_value.start(self.topic.currentText().strip())
        self.schema_value.setVisible(schema)
        if schema:
            self.json_label.setText("")
            return self.schema_value.validate(self.value.toPlainText())
        if self.value_format.currentData() != "json":
            self.json_label.setText("")
            return True
        try:
            json.loads(self.value.toPlainText() or "null")
        except ValueError as exc:
            self.json_label.setObjectName("ErrorText")
            self.json_label.setText(self.tr("Not valid JSON: {0}").format(exc))
            self._restyle(self.json_label)
            return False
        self.json_label.setObjectName("Muted")
        self.json_label.setText(self.tr("valid JSON"))
        self._restyle(self.json_label)
        return True

    @staticmethod
    def _restyle(w: QWidget) -> None:
        w.style().unpolish(w)
        w.style().polish(w)

    def _choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Records from a file"), documents_dir(),
                                               self.tr("Text files (*.txt *.jsonl *.csv *.log);;All files (*)"))
        if path:
            self.file_path.setText(path)

    # -- sending ---------------------------------------------------------------------------------------
    def records(self) -> list[OutRecord]:
        value = self.value.toPlainText()
        if self.value_format.currentData() == "json":
            value = json.dumps(json.loads(value or "null"), separators=(",", ":"), ensure_ascii=False)
        data = self.schema_value.encode(value) if self.value_format.currentData() == "schema" else value.encode()
        record = OutRecord(self.key_bytes(), data, parse_headers(self.headers.toPlainText()), self.target_partition())
        return [record] * self.count.value()

    def send(self) -> None:
        self.error_label.setText("")
        if not self._check_json():
            self.error_label.setText(self.tr("Fix the value first: {0}").format("; ".join(self.schema_value.problems))
                                     if self.value_format.currentData() == "schema" else
                                     self.tr("Fix the JSON value first (or send it as text)."))
            return
        try:
            records = self.records()
        except ValueError as exc:
            self.error_label.setText(self.tr("Headers must be name=value lines: {0}").format(exc))
            return
        self._submit(records)

    def send_file(self) -> None:
        self.error_label.setText("")
        path = self.file_path.text().strip()
        if not path:
            self._choose_file()
            path = self.file_path.text().strip()
            if not path:
                return
        try:
            records = read_file_records(Path(path), self.key_separator.text() or None, self.target_partition())
        except OSError as exc:
            self.error_label.setText(str(exc))
            return
        self._submit(records)

    def _submit(self, records: list[OutRecord]) -> None:
        topic = self.topic.currentText().strip()
        acks = str(self.acks.currentData())
        partitioner = self.chosen_partitioner()
        if not topic:
            self.error_label.setText(self.tr("Choose a topic."))
            return
        self.send_button.setEnabled(False)
        self.send_file_button.setEnabled(False)
        self.result_label.setText(self.tr("Sending {0} record(s) with acks={1}…").format(len(records), acks))
        self.sending = True
        self._send_topic = topic
        self._error_base = topic_errors(self.image, topic)
        self.broker_label.setText("")
        self.broker_detail.setText("")

        def job(ctx: JobContext) -> list[Delivery]:
            sender: RecordSender = ctx.resource
            return sender.send(topic, records, acks, lambda: ctx.cancelled, lambda d, t: ctx.progress(d, t),
                               len(records), partitioner)

        self.worker.submit(job, "produce", self._sent, self._failed,
                           lambda d, t: self.result_label.setText(self.tr("Sent {0} of {1}…").format(d, t)))

    # -- the brokers' answers ---------------------------------------------------------------------------
    def set_image(self, image: ClusterImage) -> None:
        self.image = image
        if self._error_base is None and self.sending:
            self._error_base = topic_errors(image, self._send_topic)
        self._show_broker_answers()

    def _show_broker_answers(self) -> None:
        if self._error_base is None:
            return
        tallies = since(topic_errors(self.image, self._send_topic), self._error_base)
        if not tallies:
            return
        text = self._error_text.summary(tallies, self.sending)
        self.broker_label.setText(self.tr("The brokers answered: {0}").format(text))
        self.broker_detail.setText(self._error_text.detail(tallies))

    def _finish_send(self) -> None:
        self.sending = False
        self._show_broker_answers()

    def _sent(self, deliveries: list[Delivery]) -> None:
        self._finish_send()
        self.send_button.setEnabled(True)
        self.send_file_button.setEnabled(True)
        self.last_deliveries = deliveries
        ok = [d for d in deliveries if not d.error]
        failed = [d for d in deliveries if d.error]
        if len(deliveries) == 1 and ok:
            d = ok[0]
            if d.offset >= 0:
                self.result_label.setText(self.tr("Delivered to partition {0} at offset {1}").format(d.partition, d.offset))
            else:
                self.result_label.setText(self.tr("Sent to partition {0} (acks=0: the broker does not answer with an "
                                            "offset)").format(d.partition))
        else:
            parts = sorted({d.partition for d in ok})
            offsets = [d.offset for d in ok if d.offset >= 0]
            span = f"{min(offsets)}–{max(offsets)}" if offsets else "—"
            self.result_label.setText(self.tr("Delivered {0} of {1} record(s) to partition(s) {2}, offsets {3}").format(
                len(ok), len(deliveries), ", ".join(map(str, parts)) or "—", span))
        if failed:
            self.last_error = failed[0].error
            self.error_label.setText(self.tr("{0} record(s) failed: {1}").format(len(failed), failed[0].error))
        self.delivered.emit(deliveries)

    def _failed(self, exc: BaseException) -> None:
        self._finish_send()
        self.send_button.setEnabled(True)
        self.send_file_button.setEnabled(True)
        self.result_label.setText("")
        self.last_error = error_text(exc)
        self.error_label.setText(self.last_error)

    def done(self, r: int) -> None:
        self.data.release(self.worker)
        super().done(r)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Produce records"))
        texts = {"topic": self.tr("Topic"), "key": self.tr("Key"), "value": self.tr("Value"),
                 "headers": self.tr("Headers"), "partition": self.tr("Partition"), "acks": self.tr("acks"),
                 "count": self.tr("Count"), "file": self.tr("From file"), "partitioner": self.tr("Partitioner")}
        for name, label in self.labels.items():
            label.setText(texts[name])
        self.null_key.setText(self.tr("null key"))
        self.key.setPlaceholderText(self.tr("e.g. user-42 (same key → same partition)"))
        self.headers.setPlaceholderText(self.tr("one per line: name=value"))
        current = self.value_format.currentData() or "text"
        self.value_format.blockSignals(True)
        self.value_format.clear()
        self.value_format.addItem(self.tr("Text"), "text")
        self.value_format.addItem(self.tr("JSON (validated)"), "json")
        self.value_format.addItem(self.tr("Schema Registry subject (encoded)"), "schema")
        self.value_format.setCurrentIndex(max(0, self.value_format.findData(current)))
        self.value_format.blockSignals(False)
        self.acks.setToolTip(self.tr("0: fire and forget · 1: the leader has it · all: every in-sync replica has it"))
        self.count.setToolTip(self.tr("Send the same record this many times"))
        self.partitioner.setItemText(0, self.tr("murmur2 (the Java client's default)"))
        self.partitioner.setItemText(1, self.tr("consistent_random (librdkafka's default, CRC32)"))
        self.partitioner.setToolTip(self.tr("How this dialog picks a partition for a keyed record when no "
                                            "partition is chosen"))
        self.file_button.setText(self.tr("Choose…"))
        self.sep_label.setText(self.tr("key separator"))
        self.key_separator.setToolTip(self.tr("Text before the first separator on a line is the key "
                                              "(empty: no keys)"))
        self.send_file_button.setText(self.tr("Send file"))
        self.send_button.setText(self.tr("Send"))
        self._sync_partitions()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
