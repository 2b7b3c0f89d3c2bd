"""Folder apps (File → Folder source and sink…): the course notes' source and target applications as two
real clients a class can play with — files dropped into an inbox folder become records of a topic
(:class:`clients.folders.FolderSource`, watchdog), records of a topic become files in an outbox folder
(:class:`clients.folders.FolderSink`, a consumer in its own group, so it shows in the consumer-groups
view). The list shows these and the lesson's own folder apps with what each has moved so far."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clients.folders import FolderSink, FolderSource

App = tuple[str, str, Any]  # kind ("source" | "sink"), name, the FolderSource / FolderSink


class FolderAppsDialog(QDialog):
    """``bootstrap()``: the app's clients' address (None while no engine runs); ``topics()``: topic
    names to offer; ``lesson_apps()``: the running lesson's folder apps."""

    def __init__(self, bootstrap: Callable[[], str | None], topics: Callable[[], list[str]], base: Path,
                 lesson_apps: Callable[[], list[App]] = lambda: [], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FolderAppsDialog")
        self.bootstrap = bootstrap
        self.topics = topics
        self.lesson_apps = lesson_apps
        self.apps: list[App] = []
        self.topic = QComboBox()
        self.topic.setEditable(True)
        self.inbox = QLineEdit(str(base / "inbox"))
        self.outbox = QLineEdit(str(base / "outbox"))
        self.group = QLineEdit("folder-sink")
        self.start_source = QPushButton()
        self.start_source.clicked.connect(self.add_source)
        self.start_sink = QPushButton()
        self.start_sink.clicked.connect(self.add_sink)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop_all)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_selected)
        self.list = QListWidget()
        self.list.setObjectName("FolderApps")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.form = QFormLayout()
        self.form.addRow("", self.topic)
        self.form.addRow("", self.inbox)
        self.form.addRow("", self.outbox)
        self.form.addRow("", self.group)
        buttons = QHBoxLayout()
        for b in (self.start_source, self.start_sink, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.retranslate_ui()
        self._fill_topics()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Folder source and sink"))
        labels = (self.tr("Topic"), self.tr("Inbox (files → records)"), self.tr("Outbox (records → files)"),
                  self.tr("Sink's consumer group"))
        for row, text in enumerate(labels):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setText(text)
        self.start_source.setText(self.tr("Start source"))
        self.start_sink.setText(self.tr("Start sink"))
        self.stop_button.setText(self.tr("Stop all"))
        self.open_button.setText(self.tr("Open folder"))

    def _fill_topics(self) -> None:
        current = self.topic.currentText()
        self.topic.clear()
        self.topic.addItems(self.topics())
        if current:
            self.topic.setCurrentText(current)

    def _ready(self) -> str | None:
        bootstrap, topic = self.bootstrap(), self.topic.currentText().strip()
        if not bootstrap:
            self.error.setText(self.tr("The engine is not running."))
            return None
        if not topic:
            self.error.setText(self.tr("Choose a topic."))
            return None
        self.error.setText("")
        return bootstrap

    def add_source(self) -> FolderSource | None:
        bootstrap = self._ready()
        if bootstrap is None:
            return None
        source = FolderSource(bootstrap, Path(self.inbox.text()), self.topic.currentText().strip()).start()
        self.apps.append(("source", Path(self.inbox.text()).name, source))
        self.refresh()
        return source

    def add_sink(self) -> FolderSink | None:
        bootstrap = self._ready()
        if bootstrap is None:
            return None
        sink = FolderSink(bootstrap, Path(self.outbox.text()), self.topic.currentText().strip(),
                          group=self.group.text().strip() or "folder-sink").start()
        self.apps.append(("sink", Path(self.outbox.text()).name, sink))
        self.refresh()
        return sink

    def stop_all(self) -> None:
        for _kind, _name, app in self.apps:
            app.stop()
        self.apps.clear()
        self.refresh()

    def rows(self) -> list[str]:
        out = []
        for origin, apps in ((self.tr("this window"), self.apps), (self.tr("the lesson"), self.lesson_apps())):
            for kind, _name, app in apps:
                if kind == "source":
                    text = self.tr("source {0} → {1}: {2} records").format(app.folder, app.topic, app.count)
                else:
                    text = self.tr("sink {0} → {1} (group {2}): {3} files").format(
                        app.topic, app.folder, app.group, len(app.files()))
                if app.error:
                    text += f" — {app.error}"
                out.append(f"{text}   [{origin}]")
        return out

    def refresh(self) -> None:
        rows = self.rows()
        if rows != [self.list.item(i).text() for i in range(self.list.count())]:
            self.list.clear()
            for row in rows:
                self.list.addItem(QListWidgetItem(row))

    def _open_selected(self) -> None:
        row = self.list.currentRow()
        apps = self.apps + self.lesson_apps()
        folder = apps[row][2].folder if 0 <= row < len(apps) else Path(self.inbox.text())
        Path(folder).mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def shutdown(self) -> None:
        self._timer.stop()
        self.stop_all()
