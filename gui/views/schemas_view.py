"""Schemas dock: the subjects of a Schema Registry (the engine's, or one typed in for an attached cluster), a
subject's versions — one shown, or the diff between two — and its compatibility level (set here), and a
proposed schema: checked against the subject (``POST /compatibility``, with the registry's reasons when it is
not compatible) and registered; a version or the whole subject deleted, soft or hard, after a confirmation
naming the subject (``dialogs/schema_delete``), soft-deleted ones listed with "Show deleted". Every HTTP call
runs on the dock's worker thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clients.registry_client import (
    LEVELS,
    CheckResult,
    Compatibility,
    RegistryClient,
    RegistryOpError,
    SchemaVersion,
)
from clients.wire import TYPE_NAMES, TYPES
from gui.data_clients import DataClients
from gui.dialogs.schema_delete import SchemaDeleteDialog
from gui.models.schema_text import diff, pretty
from gui.tasks import JobContext

SubjectInfo = tuple[Compatibility, list[SchemaVersion]]


def _fixed_font(edit: QPlainTextEdit) -> None:
    font = edit.font()
    font.setFamily("monospace")
    font.setStyleHint(font.StyleHint.Monospace)
    edit.setFont(font)


class SchemasView(QWidget):
    message = Signal(str)  # for the status bar

    def __init__(self, data: DataClients, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SchemasView")
        self.data = data
        self.worker = data.worker("schemas", None)
        self.subject: str | None = None
        self.info: SubjectInfo | None = None
        self.last_check: CheckResult | None = None
        self.deleted_versions: set[int] = set()  # the subject's soft-deleted versions (listed with Show deleted)
        self.delete_dialog: SchemaDeleteDialog | None = None
        self._build_source_row()
        self._build_versions_tab()
        self._build_proposal_tab()
        self._build_layout()
        data.schemaRegistryChanged.connect(self._registry_changed)
        self.retranslate_ui()

    # -- construction ----------------------------------------------------------------------------------
    def _build_source_row(self) -> None:
        self.url_label = QLabel()
        self.url_edit = QLineEdit()  # empty: the engine's registry
        self.url_edit.setClearButtonEnabled(True)
        self.url_edit.editingFinished.connect(lambda: self.data.choose_schema_registry(self.url_edit.text()))
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.show_deleted = QCheckBox()  # soft-deleted subjects and versions too (?deleted=true)
        self.show_deleted.toggled.connect(lambda _on: self.refresh())
        self.subjects = QListWidget()
        self.subjects.setObjectName("SchemaSubjects")
        self.subjects.currentTextChanged.connect(self._subject_chosen)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)

    def _build_versions_tab(self) -> None:
        self.level = QComboBox()
        for level in LEVELS:
            self.level.addItem(level, level)
        self.level.activated.connect(self._level_chosen)
        self.level_note = QLabel()
        self.level_note.setObjectName("Muted")
        self.version = QComboBox()  # the version shown
        self.compare = QComboBox()  # (none) or the version it is compared with
        self.version.currentIndexChanged.connect(self._show_version)
        self.compare.currentIndexChanged.connect(self._show_version)
        self.schema_text = QPlainTextEdit()
        self.schema_text.setReadOnly(True)
        self.schema_text.setObjectName("SchemaText")
        _fixed_font(self.schema_text)
        self.version_label = QLabel()
        self.version_label.setObjectName("Muted")
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.ask_delete)

    def _build_proposal_tab(self) -> None:
        self.subject_edit = QLineEdit()
        self.schema_type = QComboBox()
        for t in TYPES:
            self.schema_type.addItem(TYPE_NAMES[t], t)
        self.proposal = QPlainTextEdit()
        self.proposal.setObjectName("ProposedSchema")
        _fixed_font(self.proposal)
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self.check)
        self.register_button = QPushButton()
        self.register_button.setObjectName("PrimaryButton")
        self.register_button.clicked.connect(self.register)
        self.result = QLabel()
        self.result.setObjectName("CheckResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.url_label)
        top.addWidget(self.url_edit, 1)
        top.addWidget(self.show_deleted)
        top.addWidget(self.refresh_button)

        versions = QWidget()
        form = QHBoxLayout()
        self.level_title, self.version_title, self.compare_title = QLabel(), QLabel(), QLabel()
        for w in (self.level_title, self.level, self.level_note, self.version_title, self.version,
                  self.compare_title, self.compare):
            form.addWidget(w)
        form.addStretch(1)
        form.addWidget(self.delete_button)
        v = QVBoxLayout(versions)
        v.setContentsMargins(4, 4, 4, 4)
        v.addLayout(form)
        v.addWidget(self.version_label)
        v.addWidget(self.schema_text, 1)

        proposal = QWidget()
        p = QVBoxLayout(proposal)
        p.setContentsMargins(4, 4, 4, 4)
        fields = QFormLayout()
        self.subject_title, self.type_title = QLabel(), QLabel()
        fields.addRow(self.subject_title, self.subject_edit)
        fields.addRow(self.type_title, self.schema_type)
        p.addLayout(fields)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.register_button)
        buttons.addStretch(1)
        p.addLayout(buttons)
        # the registry's answer beside the schema, so a long list of reasons never pushes the editor away
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        answer = QScrollArea()
        answer.setWidgetResizable(True)
        answer.setWidget(self.result)
        side = QSplitter(Qt.Orientation.Horizontal)
        side.addWidget(self.proposal)
        side.addWidget(answer)
        side.setSizes([560, 380])
        p.addWidget(side, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(versions, "")
        self.tabs.addTab(proposal, "")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.subjects)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 3)
        split.setSizes([220, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.error_label)

    # -- the registry ----------------------------------------------------------------------------------
    def registry_url(self) -> str:
        """The one typed in, else the engine's (the message browser decodes with the same)."""
        return self.data.schema_registry

    def _client(self) -> RegistryClient | None:
        url = self.registry_url()
        return RegistryClient(url) if url else None

    def _registry_changed(self, _url: str) -> None:
        self.retranslate_ui()
        if self.isVisible():
            self.refresh()

    def _set_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        self._set_error(str(exc))

    def refresh(self) -> None:
        """Read the subjects again (and the chosen subject's versions)."""
        client = self._client()
        if client is None:
            self.subjects.clear()
            self._set_error(self.tr("No Schema Registry: the engine runs none, and no URL is set."))
            return

        deleted = self.show_deleted.isChecked()

        def job(_ctx: JobContext) -> list[str]:
            return client.subjects(deleted=deleted)

        self.worker.submit(job, "subjects", self._got_subjects, self._failed, needs_resource=False)

    def _got_subjects(self, subjects: list[str]) -> None:
        self._set_error("")
        keep = self.subject
        self.subjects.blockSignals(True)
        self.subjects.clear()
        self.subjects.addItems(subjects)
        self.subjects.blockSignals(False)
        if keep in subjects:
            self.subjects.setCurrentRow(subjects.index(keep))
            self._load_subject(keep)
        elif subjects:
            self.subjects.setCurrentRow(0)  # loads it
        else:
            self.subject, self.info = None, None
            self._show_subject()

    def select_subject(self, subject: str) -> None:
        items = self.subjects.findItems(subject, Qt.MatchFlag.MatchExactly)
        if items:
            self.subjects.setCurrentItem(items[0])

    def _subject_chosen(self, subject: str) -> None:
        if subject:
            self.subject_edit.setText(subject)
            self._load_subject(subject)

    def _load_subject(self, subject: str) -> None:
        client = self._client()
        if client is None:
            return
        self.subject = subject
        deleted = self.show_deleted.isChecked()

        def job(_ctx: JobContext) -> tuple[SubjectInfo, set[int]]:
            try:
                live = client.versions(subject)
            except RegistryOpError as e:
                if not (deleted and e.code == 40401):  # every version soft-deleted
                    raise
                live = []
            every = client.versions(subject, deleted=True) if deleted else live
            info = client.compatibility(subject), [client.version(subject, v, deleted=deleted) for v in every]
            return info, set(every) - set(live)

        def done(result: tuple[SubjectInfo, set[int]]) -> None:
            info, soft_deleted = result
            if self.subject == subject:
                fresh = self.info is None or self.info[1][:1] != info[1][:1] or self.proposal.toPlainText() == ""
                self.info, self.deleted_versions = info, soft_deleted
                self._show_subject(prefill=fresh)

        self.worker.submit(job, "subject", done, self._failed, needs_resource=False)

    def _show_subject(self, prefill: bool = False) -> None:
        info = self.info
        kept = (self.version.currentData(), self.compare.currentData())  # a language change keeps them
        for combo in (self.version, self.compare):
            combo.blockSignals(True)
            combo.clear()
        self.compare.addItem(self.tr("(none)"), -1)
        if info is not None:
            compat, versions = info
            self.level.setCurrentIndex(self.level.findData(compat.level))
            self.level_note.setText("" if compat.subject_level else self.tr("(global)"))
            for sv in versions:
                label = self.tr("v{0} · id {1}").format(sv.version, sv.schema_id)
                if sv.version in self.deleted_versions:
                    label += " " + self.tr("(deleted)")
                self.version.addItem(label, sv.version)
                self.compare.addItem(self.tr("v{0}").format(sv.version), sv.version)
            self.version.setCurrentIndex(len(versions) - 1)
            if not prefill:
                for combo, data in zip((self.version, self.compare), kept, strict=True):
                    if combo.findData(data) >= 0:
                        combo.setCurrentIndex(combo.findData(data))
            if prefill and versions:
                latest = versions[-1]
                self.proposal.setPlainText(pretty(latest.schema, latest.schema_type))
                self.schema_type.setCurrentIndex(self.schema_type.findData(latest.schema_type))
        for combo in (self.version, self.compare):
            combo.blockSignals(False)
        self.delete_button.setEnabled(info is not None and bool(info[1]))
        self._show_version()

    def _versions(self) -> dict[int, SchemaVersion]:
        return {sv.version: sv for sv in self.info[1]} if self.info is not None else {}

    def _show_version(self, _i: int = 0) -> None:
        versions = self._versions()
        shown = versions.get(self.version.currentData())
        if shown is None:
            self.schema_text.setPlainText("")
            self.version_label.setText("")
            return
        other = versions.get(self.compare.currentData())
        text = pretty(shown.schema, shown.schema_type)
        if other is None or other.version == shown.version:
            self.version_label.setText(self.tr("{0} v{1}: {2}, schema id {3}").format(
                shown.subject, shown.version, TYPE_NAMES.get(shown.schema_type, shown.schema_type), shown.schema_id))
            self.schema_text.setPlainText(text)
            return
        changes = diff(pretty(other.schema, other.schema_type), text, f"v{other.version}", f"v{shown.version}")
        self.version_label.setText(self.tr("Changes from v{0} to v{1}").format(other.version, shown.version))
        self.schema_text.setPlainText(changes or self.tr("(the same schema)"))

    def _level_chosen(self, _i: int) -> None:
        client, subject, level = self._client(), self.subject, str(self.level.currentData())
        if client is None or subject is None:
            return

        def job(_ctx: JobContext) -> str:
            return client.set_compatibility(subject, level)

        def done(set_to: str) -> None:
            self.message.emit(self.tr("{0}: compatibility {1}").format(subject, set_to))
            self._load_subject(subject)

        self.worker.submit(job, "level", done, self._failed, needs_resource=False)

    # -- deleting ---------------------------------------------------------------------------------------
    def ask_delete(self) -> None:
        """Ask (naming the subject) whether to delete the version shown or the whole subject, soft or hard."""
        if self.subject is None or self.info is None:
            return
        version = self.version.currentData()
        version = int(version) if isinstance(version, int) and version > 0 else None
        dialog = SchemaDeleteDialog(self.subject, version, version in self.deleted_versions, self)
        dialog.accepted.connect(lambda: self._delete(dialog.subject, *dialog.choice()))
        self.delete_dialog = dialog
        dialog.open()

    def _delete(self, subject: str, version: int | None, permanent: bool) -> None:
        client = self._client()
        if client is None:
            return

        def job(_ctx: JobContext) -> list[int]:
            return client.delete(subject, version, permanent)

        def done(versions: list[int]) -> None:
            what = (self.tr("{0} v{1}").format(subject, version) if version is not None else subject)
            self.message.emit((self.tr("{0}: deleted permanently") if permanent else self.tr("{0}: soft-deleted"))
                              .format(what))
            self._set_error("")
            self.info = None
            self.refresh()

        self.worker.submit(job, "delete", done, self._failed, needs_resource=False)

    # -- a proposed schema -----------------------------------------------------------------------------
    def _proposed(self) -> tuple[RegistryClient, str, str, str] | None:
        client, subject = self._client(), self.subject_edit.text().strip()
        if client is None or not subject:
            self.result.setText(self.tr("Choose or type a subject first."))
            return None
        return client, subject, self.proposal.toPlainText(), str(self.schema_type.currentData())

    def check(self) -> None:
        """Would the registry accept the proposed schema under the subject?"""
        proposed = self._proposed()
        if proposed is None:
            return
        client, subject, schema, kind = proposed
        self.result.setText(self.tr("Checking…"))

        def job(_ctx: JobContext) -> CheckResult:
            try:
                return client.check(subject, schema, kind)
            except RegistryOpError as e:
                if e.code == 40401:  # no versions yet: anything that parses is accepted
                    return CheckResult(True, ())
                raise

        def done(result: CheckResult) -> None:
            self.last_check = result
            self.result.setProperty("compatible", result.compatible)
            if result.compatible:
                self.result.setText(self.tr("✔ Compatible: {0} would accept this schema.").format(subject))
            else:
                reasons = "\n".join(f"• {m}" for m in result.messages) or self.tr("(the registry gave no reason)")
                self.result.setText(self.tr("✘ Not compatible with {0}:\n{1}").format(subject, reasons))

        def failed(exc: BaseException) -> None:
            self.result.setText(self.tr("✘ {0}").format(exc))

        self.worker.submit(job, "check", done, failed, needs_resource=False)

    def register(self) -> None:
        """Register the proposed schema under the subject (409 with the reasons when it is not compatible)."""
        proposed = self._proposed()
        if proposed is None:
            return
        client, subject, schema, kind = proposed

        def job(_ctx: JobContext) -> tuple[int, Any]:
            schema_id = client.register(subject, schema, kind)
            return schema_id, client.version(subject, "latest")

        def done(result: tuple[int, SchemaVersion]) -> None:
            schema_id, latest = result
            self.result.setText(self.tr("✔ Registered: {0} v{1}, schema id {2}").format(
                subject, latest.version, schema_id))
            self.message.emit(self.result.text())
            self.subject = subject
            self.info = None
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.result.setText(self.tr("✘ Not registered: {0}").format(exc))

        self.worker.submit(job, "register", done, failed, needs_resource=False)

    # -- language, visibility ----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def retranslate_ui(self) -> None:
        self.url_label.setText(self.tr("Registry:"))
        self.url_edit.setPlaceholderText(self.tr("the engine's ({0})").format(self.data.engine_registry or "—"))
        self.url_edit.setToolTip(self.tr("Another Schema Registry's URL (an attached cluster's); empty: the engine's"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.show_deleted.setText(self.tr("Show deleted"))
        self.show_deleted.setToolTip(self.tr("Soft-deleted subjects and versions too (?deleted=true)"))
        self.delete_button.setText(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete this version or the whole subject (soft or hard)"))
        self.tabs.setTabText(0, self.tr("Versions"))
        self.tabs.setTabText(1, self.tr("Check and register"))
        self.level_title.setText(self.tr("Compatibility:"))
        self.level.setToolTip(self.tr("The subject's compatibility level (PUT /config/{subject})"))
        self.version_title.setText(self.tr("Version:"))
        self.compare_title.setText(self.tr("Compare with:"))
        self.subject_title.setText(self.tr("Subject:"))
        self.type_title.setText(self.tr("Type:"))
        self.subject_edit.setPlaceholderText(self.tr("e.g. users-value (topic name + -value)"))
        self.proposal.setPlaceholderText(self.tr("The proposed schema"))
        self.check_button.setText(self.tr("Check compatibility"))
        self.check_button.setToolTip(self.tr("POST /compatibility/subjects/{subject}/versions: would it be accepted?"))
        self.register_button.setText(self.tr("Register"))
        self._show_subject()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
