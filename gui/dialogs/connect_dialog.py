"""File → Connect to cluster…: attach to any Kafka cluster, and save how as a connection profile.

Bootstrap servers, client id, SASL (PLAIN, SCRAM-SHA-256/512), TLS (CA, client certificate and key
files, hostname check), the read-only switch and the status line's colour for this cluster. "Test
connection" asks the cluster for its metadata on a worker thread and shows the Kafka error name when
it fails. "Save profile" writes the profile to ``connections.json`` through
:class:`clients.profiles.ProfileStore` and the passwords to the OS keyring — never to that file or to
the app's settings; without a keyring the dialog says the password is kept for this session only."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clients.admin import ClusterAdmin
from clients.errors import ClientErrors, error_text
from clients.profiles import (
    SASL_MECHANISMS,
    SASL_PASSWORD,
    SECURITY_PROTOCOLS,
    SSL_KEY_PASSWORD,
    ConnectionProfile,
    ProfileError,
    ProfileStore,
)
from gui.external_session import AttachTarget
from gui.tasks import Worker
from gui.widgets.cluster_badge import badge_colour, text_colour
from gui.widgets.file_dialogs import documents_dir

TEST_TIMEOUT_S = 8.0


def probe(bootstrap: str, settings: Mapping[str, str], timeout_s: float = TEST_TIMEOUT_S) -> tuple[int, int, str]:
    """(brokers, topics, cluster id) from the cluster's Metadata answer (a worker thread's job)."""
    admin = ClusterAdmin(bootstrap, timeout_s, settings, ClientErrors())
    md = admin.metadata()
    return len(md.brokers), len(md.topics), str(md.cluster_id or "")


class ConnectDialog(QDialog):
    connectRequested = Signal(object)  # AttachTarget
    testFinished = Signal(bool, str)  # ok, the text shown

    def __init__(self, store: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConnectDialog")
        self.setMinimumWidth(480)
        self.store = store
        self.colour = ""
        self.test_timeout_s = TEST_TIMEOUT_S
        self.worker = Worker("connect-test", None, None, self)
        self._build()
        self.retranslate_ui()
        self.reload_profiles()
        self._protocol_changed()

    # -- construction ----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.profiles = QComboBox()
        self.profiles.activated.connect(lambda _i: self._profile_chosen())
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_profile)
        self.name = QLineEdit()
        self.bootstrap = QLineEdit()
        self.bootstrap.setPlaceholderText("broker1:9092,broker2:9092")
        self.client_id = QLineEdit("kafkalab")
        self.protocol = QComboBox()
        self.protocol.addItems(SECURITY_PROTOCOLS)
        self.protocol.currentTextChanged.connect(lambda _t: self._protocol_changed())
        self.mechanism = QComboBox()
        self.mechanism.addItems(SASL_MECHANISMS)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_file, self.cert_file, self.key_file = QLineEdit(), QLineEdit(), QLineEdit()
        self.key_password = QLineEdit()
        self.key_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.verify_hostname = QCheckBox()
        self.verify_hostname.setChecked(True)
        self.read_only = QCheckBox()
        self.colour_button = QPushButton()
        self.colour_button.clicked.connect(self.choose_colour)
        self.secret_note = QLabel()
        self.secret_note.setObjectName("Muted")
        self.secret_note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_profile)
        self.connect_button = QPushButton()
        self.connect_button.setObjectName("PrimaryButton")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.connect_cluster)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self._layout()

    def _file_row(self, edit: QLineEdit) -> QWidget:
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(edit, 1)
        browse = QPushButton("…")
        browse.setProperty("compact", True)
        browse.clicked.connect(lambda: self._browse(edit))
        lay.addWidget(browse)
        return row

    def _layout(self) -> None:
        top = QHBoxLayout()
        self.profiles_label = QLabel()
        top.addWidget(self.profiles_label)
        top.addWidget(self.profiles, 1)
        top.addWidget(self.delete_button)
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(6)]
        for label, field in zip(self.form_labels, (self.name, self.bootstrap, self.client_id, self.protocol,
                                                   self.read_only, self.colour_button), strict=True):
            self.form.addRow(label, field)
        self.sasl_box = QGroupBox()
        sasl = QFormLayout(self.sasl_box)
        self.sasl_labels = [QLabel() for _ in range(3)]
        for label, field in zip(self.sasl_labels, (self.mechanism, self.username, self.password), strict=True):
            sasl.addRow(label, field)
        self.tls_box = QGroupBox()
        tls = QFormLayout(self.tls_box)
        self.tls_labels = [QLabel() for _ in range(5)]
        for label, field in zip(self.tls_labels, (self._file_row(self.ca_file), self._file_row(self.cert_file),
                                                  self._file_row(self.key_file), self.key_password,
                                                  self.verify_hostname), strict=True):
            tls.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.connect_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.form)
        layout.addWidget(self.sasl_box)
        layout.addWidget(self.tls_box)
        layout.addWidget(self.secret_note)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    # -- fields ⇄ profile ------------------------------------------------------------------------------
    def profile(self) -> ConnectionProfile:
        uses_sasl = self.protocol.currentText().startswith("SASL_")
        uses_tls = self.protocol.currentText().endswith("SSL")
        return ConnectionProfile(
            name=self.name.text().strip(), bootstrap_servers=self.bootstrap.text().strip(),
            client_id=self.client_id.text().strip() or "kafkalab", security_protocol=self.protocol.currentText(),
            sasl_mechanism=self.mechanism.currentText() if uses_sasl else "",
            sasl_username=self.username.text().strip() if uses_sasl else "",
            ssl_ca_location=self.ca_file.text().strip() if uses_tls else "",
            ssl_certificate_location=self.cert_file.text().strip() if uses_tls else "",
            ssl_key_location=self.key_file.text().strip() if uses_tls else "",
            ssl_verify_hostname=self.verify_hostname.isChecked(), read_only=self.read_only.isChecked(),
            colour=self.colour)

    def secrets(self) -> dict[str, str]:
        p = self.profile()
        given = {SASL_PASSWORD: self.password.text(), SSL_KEY_PASSWORD: self.key_password.text()}
        return {k: given[k] for k in p.secrets_needed() if given[k]}

    def load_profile(self, name: str) -> bool:
        try:
            p = self.store.get(name)
        except ProfileError as exc:
            self._show(False, str(exc))
            return False
        self.profiles.setCurrentIndex(max(0, self.profiles.findText(name)))
        self.delete_button.setEnabled(self.profiles.currentIndex() > 0)
        self.name.setText(p.name)
        self.bootstrap.setText(p.bootstrap_servers)
        self.client_id.setText(p.client_id)
        self.protocol.setCurrentText(p.security_protocol)
        self.mechanism.setCurrentText(p.sasl_mechanism or SASL_MECHANISMS[0])
        self.username.setText(p.sasl_username)
        self.ca_file.setText(p.ssl_ca_location)
        self.cert_file.setText(p.ssl_certificate_location)
        self.key_file.setText(p.ssl_key_location)
        self.verify_hostname.setChecked(p.ssl_verify_hostname)
        self.read_only.setChecked(p.read_only)
        self._set_colour(p.colour)
        stored = self.store.secrets(p)
        self.password.setText(stored.get(SASL_PASSWORD, ""))
        self.key_password.setText(stored.get(SSL_KEY_PASSWORD, ""))
        missing = [s for s in p.secrets_needed() if s not in stored]
        self._show(True, self.tr("Enter the password: it is not stored on this machine.") if missing else "")
        self._protocol_changed()
        return True

    def reload_profiles(self) -> None:
        current = self.profiles.currentText()
        self.profiles.clear()
        self.profiles.addItem(self.tr("New connection"))
        try:
            names = [p.name for p in self.store.profiles()]
        except ProfileError as exc:
            names = []
            self._show(False, str(exc))
        self.profiles.addItems(names)
        if current in names:
            self.profiles.setCurrentText(current)
        self.delete_button.setEnabled(self.profiles.currentIndex() > 0)

    def _profile_chosen(self) -> None:
        if self.profiles.currentIndex() > 0:
            self.load_profile(self.profiles.currentText())
        self.delete_button.setEnabled(self.profiles.currentIndex() > 0)

    def _protocol_changed(self) -> None:
        proto = self.protocol.currentText()
        self.sasl_box.setVisible(proto.startswith("SASL_"))
        self.tls_box.setVisible(proto.endswith("SSL"))
        self.adjustSize()

    def _problems(self, named: bool) -> list[str]:
        p = self.profile()
        problems = (p if named else ConnectionProfile(**{**p.to_json(), "name": p.name or "-"})).problems()
        return problems

    # -- actions ---------------------------------------------------------------------------------------
    def test_connection(self) -> None:
        problems = self._problems(named=False)
        if problems:
            self._show(False, "; ".join(problems))
            return
        p = self.profile()
        bootstrap, settings, timeout = p.bootstrap_servers, p.librdkafka_settings(self.secrets()), self.test_timeout_s
        self.test_button.setEnabled(False)
        self._show(True, self.tr("Asking {0} for its metadata…").format(bootstrap))

        def done(result: tuple[int, int, str]) -> None:
            brokers, topics, cluster_id = result
            self.test_button.setEnabled(True)
            self._show(True, self.tr("Connected: cluster {0}, {1} brokers, {2} topics").format(
                cluster_id or "?", brokers, topics))
            self.testFinished.emit(True, self.status.text())

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._show(False, self.tr("Cannot connect: {0}").format(error_text(exc)))
            self.testFinished.emit(False, self.status.text())

        self.worker.submit(lambda _ctx: probe(bootstrap, settings, timeout), "test connection", done, failed,
                           needs_resource=False)

    def save_profile(self) -> bool:
        problems = self._problems(named=True)
        if problems:
            self._show(False, "; ".join(problems))
            return False
        p = self.profile()
        try:
            storage = self.store.save(p, self.secrets())
        except ProfileError as exc:
            self._show(False, str(exc))
            return False
        self.reload_profiles()
        self.profiles.setCurrentText(p.name)
        self.delete_button.setEnabled(True)
        if not p.secrets_needed():
            note = ""
        elif storage.persistent:
            note = self.tr("The password is in the OS keyring.")
        else:
            note = self.tr("No OS keyring is available: the password is not saved (kept for this session only, "
                           "asked for again next time).")
        self._show(True, " ".join(filter(None, (self.tr("Profile {0} saved.").format(p.name), note))))
        return True

    def delete_profile(self) -> None:
        name = self.profiles.currentText()
        if self.profiles.currentIndex() <= 0:
            return
        self.store.delete(name)
        self.reload_profiles()
        self.profiles.setCurrentIndex(0)
        self._show(True, self.tr("Profile {0} deleted.").format(name))

    def connect_cluster(self) -> AttachTarget | None:
        problems = self._problems(named=False)
        if problems:
            self._show(False, "; ".join(problems))
            return None
        p = self.profile()
        target = AttachTarget(p.bootstrap_servers, p.librdkafka_settings(self.secrets()), p.name, p.read_only,
                              p.colour)
        self.connectRequested.emit(target)
        self.accept()
        return target

    def choose_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(badge_colour(self.colour)), self, self.tr("Status line colour"))
        if colour.isValid():
            self._set_colour(colour.name())

    def _set_colour(self, colour: str) -> None:
        self.colour = colour
        shown = badge_colour(colour)
        self.colour_button.setStyleSheet(f"background: {shown}; color: {text_colour(shown)};")
        self.colour_button.setText(colour or self.tr("Default ({0})").format(shown))

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a PEM file"), edit.text() or documents_dir(),
                                              self.tr("PEM files (*.pem *.crt *.key *.cer);;All files (*)"))
        if path:
            edit.setText(path)

    def _show(self, ok: bool, text: str) -> None:
        self.status.setObjectName("Muted" if ok else "ErrorText")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)

    # -- language --------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Connect to cluster"))
        self.profiles_label.setText(self.tr("Saved profiles"))
        self.delete_button.setText(self.tr("Delete profile"))
        for label, text in zip(self.form_labels, (self.tr("Profile name"), self.tr("Bootstrap servers"),
                                                  self.tr("Client id"), self.tr("Security protocol"),
                                                  self.tr("Read-only"), self.tr("Status line colour")), strict=True):
            label.setText(text)
        self.read_only.setText(self.tr("Disable every action that changes this cluster"))
        self.sasl_box.setTitle(self.tr("SASL"))
        for label, text in zip(self.sasl_labels, (self.tr("Mechanism"), self.tr("User name"), self.tr("Password")),
                               strict=True):
            label.setText(text)
        self.tls_box.setTitle(self.tr("TLS"))
        for label, text in zip(self.tls_labels, (self.tr("CA file"), self.tr("Certificate file"), self.tr("Key file"),
                                                 self.tr("Key password"), self.tr("Check the host name")),
                               strict=True):
            label.setText(text)
        self.verify_hostname.setText(self.tr("the broker's certificate must name its host"))
        storage = self.store.secret_storage()
        self.secret_note.setText(self.tr("Passwords are kept in the OS keyring, never in the settings file.")
                                 if storage.persistent else self.tr(
            "No OS keyring is available: passwords are not saved, only kept for this session."))
        self.test_button.setText(self.tr("Test connection"))
        self.save_button.setText(self.tr("Save profile"))
        self.connect_button.setText(self.tr("Connect"))
        self.close_button.setText(self.tr("Close"))
        self._set_colour(self.colour)
        if self.profiles.count():
            self.profiles.setItemText(0, self.tr("New connection"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def shutdown(self) -> None:
        self.worker.stop(wait_s=0)
