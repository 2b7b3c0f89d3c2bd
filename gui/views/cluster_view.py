"""The cluster view: the controller card and the broker cards on top, the slow-motion control and
the placement grid below."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.control.commands import (
    BrokerCommand,
    Command,
    ElectPreferredLeaders,
    RestartBroker,
    SetReplicationDelay,
)
from engine.observe import ClusterImage, EngineEvent
from gui.models.placement_model import PlacementModel
from gui.models.telemetry import Rates
from gui.theme import LIGHT, Theme
from gui.views.broker_membership import BrokerMembership, ReplicaDrag
from gui.views.placement_view import PlacementView
from gui.widgets.broker_card import BrokerCard, pause_or_resume
from gui.widgets.controller_card import ControllerCard
from gui.widgets.legend import Legend
from gui.widgets.slow_motion import SlowMotionControl


class ClusterView(QWidget):
    commandRequested = Signal(object)  # a Command
    brokerSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ClusterView")
        self.theme: Theme = LIGHT
        self.image: ClusterImage | None = None
        self.cards: dict[int, BrokerCard] = {}
        self.pending: dict[int, str] = {}  # broker id → "restarting" while a command runs
        self.selected_broker: int | None = None
        self._rates: Rates | None = None
        self._build_cards()
        self._build_tools()
        self._build_grid()
        self._build_layout()
        self.retranslate_ui()

    def _build_cards(self) -> None:
        """The controller card, then one card per broker, in a row that scrolls."""
        self.cards_row = QHBoxLayout()
        self.cards_row.setContentsMargins(0, 0, 0, 0)
        self.cards_row.setSpacing(10)
        self.cards_row.addStretch(1)
        cards_host = QWidget()
        cards_host.setLayout(self.cards_row)
        self.cards_scroll = QScrollArea()
        self.cards_scroll.setObjectName("CardsScroll")
        self.cards_scroll.setWidget(cards_host)
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.cards_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cards_scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("Muted")
        self.cards_row.insertWidget(0, self.empty_label)
        self.controller_card = ControllerCard()
        self.controller_card.hide()
        self.cards_row.insertWidget(0, self.controller_card)

    def _build_tools(self) -> None:
        """Slow motion, the internal-topics toggle, preferred election."""
        self.slow_motion = SlowMotionControl()
        self.slow_motion.delayChanged.connect(lambda ms: self.commandRequested.emit(SetReplicationDelay(ms=ms)))
        self.internal_box = QCheckBox()
        self.elect_button = QPushButton()
        self.elect_button.clicked.connect(lambda: self.commandRequested.emit(ElectPreferredLeaders()))
        self.membership = BrokerMembership(self.request, lambda: self.selected_broker, self)

    def _build_grid(self) -> None:
        """The placement grid and its legend."""
        self.model = PlacementModel(self)
        self.grid = PlacementView(self.model)
        self.internal_box.toggled.connect(self.model.set_show_internal)
        self.internal_box.toggled.connect(self.controller_card.set_show_internal)
        self.grid.clicked.connect(self._grid_clicked)
        self.replica_drag = ReplicaDrag(self.grid, self.model, self.request)
        self.grid_title = QLabel()
        self.grid_title.setObjectName("SectionTitle")
        self.legend = Legend()

    def _build_layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.slow_motion, 2)
        tools.addSpacing(16)
        tools.addWidget(self.internal_box)
        tools.addWidget(self.elect_button)
        tools.addStretch(1)
        grid_header = QHBoxLayout()
        grid_header.addWidget(self.grid_title)
        grid_header.addStretch(1)
        grid_header.addWidget(self.legend)
        # brokers are added / removed beside the grid their replicas are dragged in (the controls row above
        # is full at 1024 px in presenter mode)
        grid_header.addWidget(self.membership.button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.cards_scroll)
        layout.addLayout(tools)
        layout.addLayout(grid_header)
        layout.addWidget(self.grid, 1)

    # -- inputs ----------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for card in self.cards.values():
            card.set_theme(theme)
        self.legend.set_theme(theme)
        self.grid.set_theme(theme)
        self.controller_card.set_theme(theme)

    def set_image(self, image: ClusterImage, rates: Rates | None = None) -> None:
        self.image = image
        if rates is not None:
            self._rates = rates
        self.controller_card.set_image(image)
        self.controller_card.show()
        self._sync_cards(image)
        self.model.set_image(image)
        self.slow_motion.set_value_from_engine(image.replication_delay_ms)

    def note_events(self, events: list[EngineEvent]) -> None:
        self.model.note_events(events)

    def clear(self) -> None:
        self.image = None
        self.pending.clear()
        for card in list(self.cards.values()):
            self.cards_row.removeWidget(card)
            card.deleteLater()
        self.cards.clear()
        self.controller_card.set_image(None)
        self.controller_card.hide()
        self.empty_label.show()

    def set_engine_down(self) -> None:
        """The engine process died: no broker and no controller is running any more."""
        self.controller_card.set_engine_down()
        for card in self.cards.values():
            card.set_engine_down()

    def set_pending(self, broker_id: int, state: str | None) -> None:
        if state is None:
            self.pending.pop(broker_id, None)
        else:
            self.pending[broker_id] = state
        if self.image is not None:
            self._sync_cards(self.image)

    def select_broker(self, broker_id: int | None) -> None:
        if broker_id is not None and broker_id not in self.cards:
            return
        self.selected_broker = broker_id
        for bid, card in self.cards.items():
            card.set_selected(bid == broker_id)
        if broker_id is not None:
            self.brokerSelected.emit(broker_id)

    def request(self, command: Command[Any]) -> None:
        """Ask for ``command`` to run (a restarting broker's card says so until the reply)."""
        if isinstance(command, RestartBroker):
            self.set_pending(command.broker_id, "restarting")
        self.commandRequested.emit(command)

    def request_selected(self, make: Callable[[int], BrokerCommand]) -> None:
        """Run ``make(broker id)`` on the selected broker (nothing when none is selected)."""
        if self.selected_broker is not None:
            self.request(make(self.selected_broker))

    def toggle_pause_selected(self) -> None:
        bid = self.selected_broker
        card = self.cards.get(bid) if bid is not None else None
        if bid is not None:
            self.request(pause_or_resume(bid, card.display_state if card is not None else ""))

    # -- internals -------------------------------------------------------------------------------
    def _sync_cards(self, image: ClusterImage) -> None:
        ids = [b.broker_id for b in image.brokers]
        for bid in [b for b in self.cards if b not in ids]:
            gone = self.cards.pop(bid)
            self.cards_row.removeWidget(gone)
            gone.deleteLater()
        rates = self._rates
        for pos, b in enumerate(image.brokers):
            card = self.cards.get(b.broker_id)
            if card is None:
                card = BrokerCard(b.broker_id)
                card.set_theme(self.theme)
                card.commandRequested.connect(self.request)
                card.clicked.connect(self.select_broker)
                self.cards[b.broker_id] = card
                self.cards_row.insertWidget(pos + 1, card)  # after the controller card
            rin = rates.broker_in.get(b.broker_id, 0.0) if rates else 0.0
            rout = rates.broker_out.get(b.broker_id, 0.0) if rates else 0.0
            card.update_broker(b, rin, rout, self.pending.get(b.broker_id))
        self.empty_label.setVisible(not self.cards)
        if self.cards:
            heights = [c.sizeHint().height() for c in (self.controller_card, *self.cards.values())]
            self.cards_scroll.setFixedHeight(max(heights) + 6)
        if self.selected_broker is None and self.cards:
            self.select_broker(min(self.cards))

    def _grid_clicked(self, index: QModelIndex) -> None:
        bid = self.model.broker_at_column(index.column())
        if bid is not None:
            self.select_broker(bid)

    def retranslate_ui(self) -> None:
        self.internal_box.setText(self.tr("Show internal topics"))
        self.internal_box.setToolTip(self.tr("Include __consumer_offsets and other internal topics"))
        self.elect_button.setText(self.tr("Elect preferred leaders"))
        self.elect_button.setToolTip(self.tr("Move leadership back to each partition's preferred replica"))
        self.grid_title.setText(self.tr("Replica placement"))
        self.membership.retranslate_ui()
        self.empty_label.setText(self.tr("Waiting for the cluster…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.model.columnCount() - 1))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
