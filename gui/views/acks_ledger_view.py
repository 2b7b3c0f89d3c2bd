"""The acks ledger dock (``acksLedgerDock``): per producer of the app, acknowledged vs stored vs only on
the leader vs lost (:mod:`gui.models.acks_ledger`) — the acks lessons' evidence: with acks=1 a leader
killed before its followers copied its records loses acknowledged records; with acks=all it loses none."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from engine.observe import ClusterImage
from gui.models.acks_ledger import AcksLedger, AcksLedgerModel, LedgerRow
from gui.widgets.tables import row_table


class AcksLedgerView(QWidget):
    def __init__(self, ledger: AcksLedger | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AcksLedgerView")
        self.ledger = ledger or AcksLedger()
        self.image: ClusterImage | None = None
        self.replay_ledger: AcksLedger | None = None  # the time machine's: every producer, as recorded
        self.model = AcksLedgerModel(self)
        self.table = row_table(self.model)
        self.table.setObjectName("AcksLedger")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(60)
        self.intro = QLabel()
        self.intro.setObjectName("Muted")
        self.intro.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def set_image(self, image: ClusterImage) -> None:
        self.image = image
        self.model.set_rows((self.replay_ledger or self.ledger).tally(image))
        self._verdict()

    def set_replay(self, ledger: AcksLedger | None) -> None:
        """While the time machine replays: every producer's ledger as recorded up to the instant shown
        (the next image tallies it); None: the app's own producers, live."""
        self.replay_ledger = ledger
        self.clear_button.setEnabled(ledger is None)
        self.retranslate_ui()

    def clear(self) -> None:
        self.ledger.clear()
        self.model.set_rows([])
        self._verdict()

    def _verdict(self) -> None:
        """One sentence on the most recent producer that lost acknowledged records (or that lost none)."""
        rows = self.model.rows()
        losing = [r for r in rows if r.lost]
        if losing:
            r = losing[-1]
            text = self.tr("{0} acknowledged record(s) of {1} are lost: with acks={2} the leader acknowledged "
                           "them alone and died before a follower copied them.").format(
                               f"{r.lost:,}", self.model.producer_name(r), r.acks)
            kind = "ErrorText"
        elif rows:
            r = rows[-1]
            text = self._steady(r)
            kind = ""
        else:
            text, kind = "", ""
        self.verdict.setText(text)
        self.verdict.setVisible(bool(text))
        if self.verdict.objectName() != kind:
            self.verdict.setObjectName(kind)
            self.verdict.style().unpolish(self.verdict)
            self.verdict.style().polish(self.verdict)

    def _steady(self, r: LedgerRow) -> str:
        if r.stored is None:
            return self.tr("{0}: {1} acknowledged — the log cannot be checked now").format(
                self.model.producer_name(r), f"{r.acknowledged:,}")
        return self.tr("{0}: every acknowledged record is in the leader's log ({1} stored, {2} on the leader "
                       "only).").format(self.model.producer_name(r), f"{r.stored:,}", f"{r.leader_only or 0:,}")

    def retranslate_ui(self) -> None:
        if self.replay_ledger is not None:
            self.intro.setText(self.tr("Replay: what the leaders acknowledged to every producer up to the instant "
                                       "shown, against what the partition's leader held then."))
        else:
            self.intro.setText(self.tr("What each of the app's producers was told (acknowledged) against what the "
                                       "partition's leader holds now."))
        self.clear_button.setText(self.tr("Clear"))
        self.model.retranslate()
        self._verdict()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
