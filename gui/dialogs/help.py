"""Help: short in-app texts on the course notes' topics (Markdown in ``resources/help/<lang>/``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.resources import resource_path

TOPICS = ("overview", "messages", "brokers", "topics", "replication", "acks", "producer", "consumer",
          "groups", "lab")


def topic_title(md: str) -> str:
    for line in md.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def load_topic(topic: str, language: str) -> str:
    for lang in (language, "en"):
        path = resource_path("help", lang, f"{topic}.md")
        if path.exists():
            return path.read_text(encoding="utf-8")
    return f"# {topic}\n"


class HelpDialog(QDialog):
    def __init__(self, language: str, parent: QWidget | None = None, topic: str = "overview") -> None:
        super().__init__(parent)
        self.setObjectName("HelpDialog")
        self.language = language
        self.topics = QListWidget()
        self.topics.setMaximumWidth(240)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.topics)
        row.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.buttons)
        self.resize(860, 560)
        self.topics.currentItemChanged.connect(self._show)
        self.populate(topic)

    def populate(self, topic: str | None = None) -> None:
        current = topic or (self.topics.currentItem().data(Qt.ItemDataRole.UserRole) if self.topics.currentItem() else "overview")
        self.topics.blockSignals(True)
        self.topics.clear()
        for name in TOPICS:
            item = QListWidgetItem(topic_title(load_topic(name, self.language)) or name)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.topics.addItem(item)
        self.topics.blockSignals(False)
        self.topics.setCurrentRow(TOPICS.index(current) if current in TOPICS else 0)
        self._show(self.topics.currentItem())
        self.setWindowTitle(self.tr("Kafka Lab Help"))

    def _show(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        if item is None:
            return
        self.browser.setMarkdown(load_topic(str(item.data(Qt.ItemDataRole.UserRole)), self.language))

    def set_language(self, language: str) -> None:
        self.language = language
        self.populate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(self.tr("Kafka Lab Help"))
        super().changeEvent(event)
