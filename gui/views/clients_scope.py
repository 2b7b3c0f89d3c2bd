"""Cluster view → clients: a broker card selected (or a partition row of the placement grid
clicked) while the clients dock is open scopes the clients view to that broker's connections (or
to the clients producing to or fetching from that partition, on its leader)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject

from gui.views.cluster_view import ClusterView
from gui.views.debug_docks import DebugDocks


class ClientsScope(QObject):
    def __init__(self, cluster_view: ClusterView, docks: DebugDocks) -> None:
        super().__init__(docks)
        self.cluster_view = cluster_view
        self.docks = docks
        cluster_view.brokerSelected.connect(self.broker_selected)
        cluster_view.grid.clicked.connect(self.partition_clicked)  # (after the cluster view's own: it selects
        # the column's broker first, then this narrows to the partition)

    def _open(self) -> bool:
        return self.docks.clients_dock.isVisible()

    def broker_selected(self, broker_id: int) -> None:
        if self._open():
            self.docks.clients_view.set_scope(broker_id)

    def partition_clicked(self, index: QModelIndex) -> None:
        p = self.cluster_view.model.partition_at(index.row())
        if p is None or not self._open():
            return
        leader = p.leader if p.leader >= 0 else None
        self.docks.clients_view.set_scope(leader, p.topic, p.partition)
