"""The first-run welcome panel: what Kafka Lab is in two lines and four ways to begin — the first
lesson, a sample topic with data, your own cluster, the help pages — in the central area until the
user picks one or closes it. It only emits what was asked for (``gui.welcome`` does it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.icon import app_icon


class WelcomePanel(QScrollArea):
    lessonRequested = Signal()
    sampleRequested = Signal()
    connectRequested = Signal()
    helpRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomePanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        card = QFrame()
        card.setObjectName("WelcomeCard")
        card.setMaximumWidth(760)
        card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.logo = QLabel()
        self.logo.setPixmap(app_icon().pixmap(48, 48))
        self.title = QLabel()
        self.title.setObjectName("WelcomeTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.closeRequested.emit)
        head = QHBoxLayout()
        head.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.intro)
        head.addLayout(text, 1)
        head.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.lesson_button = self._choice(self.lessonRequested, primary=True)
        self.sample_button = self._choice(self.sampleRequested)
        self.connect_button = self._choice(self.connectRequested)
        self.help_button = self._choice(self.helpRequested)
        self.notes = [QLabel() for _ in range(4)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        for i, (button, note) in enumerate(zip((self.lesson_button, self.sample_button, self.connect_button,
                                                self.help_button), self.notes, strict=True)):
            note.setObjectName("Muted")
            note.setWordWrap(True)
            note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            note.setMinimumHeight(2 * note.fontMetrics().lineSpacing() + 4)  # two lines (a grid ignores wrapping)
            row, col = divmod(i, 2)
            grid.addWidget(button, row * 2, col)
            grid.addWidget(note, row * 2 + 1, col, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.status = QLabel()  # what "Create a sample topic" is doing
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(10)
        layout.addLayout(head)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        outer = QWidget()
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card, 100)
        middle.addStretch(1)
        centre = QVBoxLayout(outer)
        centre.setContentsMargins(8, 8, 8, 8)
        centre.addLayout(middle)
        centre.addStretch(1)
        self.setWidget(outer)
        self.retranslate_ui()

    def _choice(self, signal: SignalInstance, primary: bool = False) -> QPushButton:
        button = QPushButton()
        button.setMinimumHeight(34)
        if primary:
            button.setObjectName("PrimaryButton")
        button.clicked.connect(lambda *_: signal.emit())
        return button

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Welcome to Kafka Lab"))
        self.intro.setText(self.tr(
            "A real Kafka cluster with three brokers runs inside this window. Send records, read them back, "
            "then kill a broker and watch the cluster elect new leaders. Your topics are kept between runs."))
        self.close_button.setText(self.tr("Show the cluster"))
        self.lesson_button.setText(self.tr("Start the first lesson"))
        self.sample_button.setText(self.tr("Create a sample topic with data"))
        self.connect_button.setText(self.tr("Connect to my cluster"))
        self.help_button.setText(self.tr("Read the help pages"))
        for note, text in zip(self.notes, (
                self.tr("Step by step: topics, partitions and replicas on this cluster."),
                self.tr("A topic “sample-orders” with 3 partitions and 30 records, opened in the message browser."),
                self.tr("Look at your own Kafka cluster with the same views."),
                self.tr("Short pages on brokers, topics, replication, producers and consumer groups.")),
                strict=True):
            note.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
