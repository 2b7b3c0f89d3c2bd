"""The produce dialog's Schema Registry value: pick a subject (the topic's ``<topic>-value`` first), the value
typed as JSON is checked against the subject's latest schema as you type, and sent encoded in Confluent's
wire format (magic byte, schema id, Avro / JSON / Protobuf payload). Fetching subjects and schemas runs on
the dialog's worker; checking a value against an already parsed schema is quick enough for every keystroke."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from clients.registry_client import RegistryClient, SchemaVersion
from clients.schema_examples import example_value
from clients.serdes import SchemaCodec, SchemaError
from clients.wire import TYPE_NAMES
from gui.data_clients import DataClients
from gui.tasks import JobContext, Worker


class SchemaValue(QWidget):
    changed = Signal()  # a subject's schema arrived (or went): check the value again

    def __init__(self, data: DataClients, worker: Worker, editor: QPlainTextEdit,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor  # the value box: an example of the schema goes in when it is empty
        self.setObjectName("SchemaValue")
        self.data = data
        self.worker = worker
        self.version: SchemaVersion | None = None
        self.codec: SchemaCodec | None = None
        self.problems: list[str] = []
        self.topic = ""
        self.subject_label = QLabel()
        self.subject = QComboBox()
        self.subject.setEditable(True)
        self.subject.currentTextChanged.connect(self._subject_chosen)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.subject_label)
        row.addWidget(self.subject, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.status)
        self.setVisible(False)
        self.retranslate_ui()

    def start(self, topic: str) -> None:
        """Shown: list the registry's subjects (choosing ``<topic>-value`` when there is one)."""
        self.topic = topic
        url = self.data.schema_registry
        if not url:
            self._say(self.tr("No Schema Registry is running."), error=True)
            return

        def job(_ctx: JobContext) -> list[str]:
            return RegistryClient(url).subjects()

        def done(subjects: list[str]) -> None:
            wanted = f"{self.topic}-value"
            self.subject.blockSignals(True)
            self.subject.clear()
            self.subject.addItems(subjects)
            self.subject.setCurrentIndex(subjects.index(wanted) if wanted in subjects else -1)
            self.subject.blockSignals(False)
            self._subject_chosen(self.subject.currentText())

        self.worker.submit(job, "subjects", done, lambda e: self._say(str(e), error=True), needs_resource=False)

    def _subject_chosen(self, subject: str) -> None:
        self.version, self.codec = None, None
        cache = self.data.schema_decoder.cache
        if not subject or cache is None:
            self._say(self.tr("Choose a subject."), error=True)
            self.changed.emit()
            return
        self._say(self.tr("Reading {0}…").format(subject), error=False)

        def job(_ctx: JobContext) -> tuple[SchemaVersion, SchemaCodec]:
            return cache.version(subject)

        def done(result: tuple[SchemaVersion, SchemaCodec]) -> None:
            if self.subject.currentText() == subject:
                self.version, self.codec = result
                if not self.editor.toPlainText().strip():
                    self.editor.setPlainText(example_value(result[1]))
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            if self.subject.currentText() == subject:
                self._say(str(exc), error=True)

        self.worker.submit(job, "schema", done, failed, needs_resource=False)

    def validate(self, text: str) -> bool:
        """Does ``text`` (JSON) fit the subject's schema? The status line says so, or why not."""
        if self.codec is None or self.version is None:
            self.problems = [self.status.text()]
            return False
        self.problems = self.codec.validate(text)
        sv = self.version
        if self.problems:
            self._say(self.tr("✘ Not valid for {0} v{1}: {2}").format(sv.subject, sv.version, "; ".join(self.problems)),
                      error=True)
            return False
        self._say(self.tr("✔ Valid for {0} v{1} ({2}, schema id {3})").format(
            sv.subject, sv.version, TYPE_NAMES.get(sv.schema_type, sv.schema_type), sv.schema_id), error=False)
        return True

    def encode(self, text: str) -> bytes:
        """The value in the wire format; :class:`SchemaError` when it does not fit."""
        if self.codec is None:
            raise SchemaError([self.tr("Choose a subject.")])
        return self.codec.serialize(text)

    def _say(self, text: str, error: bool) -> None:
        self.status.setText(text)
        self.status.setObjectName("ErrorText" if error else "Muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def retranslate_ui(self) -> None:
        self.subject_label.setText(self.tr("Subject"))
        self.subject.setToolTip(self.tr("The Schema Registry subject whose latest schema encodes the value"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
