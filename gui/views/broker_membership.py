"""Brokers joining and leaving, and replicas moving, from the Cluster view.

``BrokerMembership``: the "Add broker" and "Remove broker" buttons (commands ``AddBroker`` and
``RemoveBroker`` of the selected broker; the engine refuses to remove a broker that still hosts
replicas and the status bar says why). ``ReplicaDrag``: drag a replica glyph in the placement grid
from one broker column to another in the same row and the partition is reassigned there
(``ReassignPartition``): the new replica appears out of sync, catches up, joins the ISR, and the old
one leaves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QTableView, QToolButton, QWidget

from engine.control.commands import AddBroker, Command, ReassignPartition, RemoveBroker
from gui.models.placement_model import PlacementModel, ReplicaState

Request = Callable[[Command[Any]], object]


def moved_replicas(replicas: tuple[int, ...], source: int, target: int) -> tuple[int, ...] | None:
    """The replica list with ``source`` replaced by ``target`` in its place (None: not a move)."""
    if source not in replicas or target in replicas or source == target:
        return None
    return tuple(target if r == source else r for r in replicas)


class BrokerMembership(QObject):
    """The "Brokers" button of the Cluster view's tools: a menu with "Add broker" and "Remove broker
    N" (the selected broker, given by ``selected``)."""

    def __init__(self, request: Request, selected: Callable[[], int | None], parent: QWidget) -> None:
        super().__init__(parent)
        self.request = request
        self.selected = selected
        self.button = QToolButton(parent)
        self.button.setObjectName("BrokersButton")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.button.setMenu(self.menu)
        self.add_action = QAction(self.menu)
        self.add_action.triggered.connect(lambda *_: self.request(AddBroker()))
        self.remove_action = QAction(self.menu)
        self.remove_action.triggered.connect(lambda *_: self._remove())
        self.menu.addActions([self.add_action, self.remove_action])
        self.menu.aboutToShow.connect(self.retranslate_ui)  # names the broker selected now
        self.retranslate_ui()

    def _remove(self) -> None:
        bid = self.selected()
        if bid is not None:
            self.request(RemoveBroker(broker_id=bid))

    def retranslate_ui(self) -> None:
        self.button.setText(self.tr("Brokers"))
        self.add_action.setText(self.tr("Add broker"))
        self.add_action.setToolTip(self.tr("Start one more broker. It hosts no partitions until a reassignment "
                                           "moves replicas onto it: drag a replica to its column."))
        bid = self.selected()
        self.remove_action.setEnabled(bid is not None)
        self.remove_action.setText(self.tr("Remove broker {0}").format(bid) if bid is not None
                                   else self.tr("Remove broker"))
        self.remove_action.setToolTip(self.tr("Stop the selected broker and unregister it from the controller "
                                              "(refused while it still hosts replicas)"))
        self.menu.setToolTipsVisible(True)


class ReplicaDrag(QObject):
    """Drag a replica from one broker column to another in the placement grid → a reassignment."""

    def __init__(self, grid: QTableView, model: PlacementModel, request: Request) -> None:
        super().__init__(grid)
        self.grid = grid
        self.model = model
        self.request = request
        self._from: tuple[QModelIndex, QPoint] | None = None
        grid.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            index = self.grid.indexAt(event.position().toPoint())
            self._from = (index, event.position().toPoint()) if self._replica_at(index) else None
            if self._from is not None:
                self.grid.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        elif event.type() == QEvent.Type.MouseButtonRelease and self._from is not None \
                and isinstance(event, QMouseEvent):
            start, pressed = self._from
            self._from = None
            self.grid.viewport().unsetCursor()
            point = event.position().toPoint()
            if (point - pressed).manhattanLength() >= QApplication.startDragDistance():
                self.drop(start, self.grid.indexAt(point))
        return False

    def _replica_at(self, index: QModelIndex) -> bool:
        p = self.model.partition_at(index.row())
        bid = self.model.broker_at_column(index.column())
        if p is None or bid is None:
            return False
        cell = self.model.cell(p.topic, p.partition, bid)
        return cell is not None and cell.state != ReplicaState.NONE

    def drop(self, start: QModelIndex, end: QModelIndex) -> ReassignPartition | None:
        """Reassign the partition of ``start``'s row from its broker to ``end``'s (same row only)."""
        p = self.model.partition_at(start.row())
        source = self.model.broker_at_column(start.column())
        target = self.model.broker_at_column(end.column())
        if p is None or source is None or target is None or end.row() != start.row():
            return None
        replicas = moved_replicas(tuple(p.replicas), source, target)
        if replicas is None:
            return None
        command = ReassignPartition(topic=p.topic, partition=p.partition, replicas=replicas)
        self.request(command)
        return command
