"""Consumer groups dock: the group list (ClusterImage, plus the AdminClient's list for groups the
image lacks), and for the selected group its members and assignment diagram (live through a
rebalance), per-partition committed offset / log end / lag, the lag-history chart, reset offsets,
delete; and the panel that starts real consumers."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clients.admin import ClusterAdmin, GroupInfo, Tp
from clients.errors import error_text
from engine.observe import ClusterImage
from gui.data_clients import DataClients
from gui.dialogs.reset_offsets import ResetOffsetsDialog
from gui.models.group_frames import GroupFrames, GroupsFrame
from gui.models.group_models import (
    GroupListModel,
    GroupOffsetsModel,
    GroupSummary,
    LagClock,
    MemberModel,
    leader_offsets,
    summarize_admin,
)
from gui.models.lag_history import LagHistory
from gui.theme import LIGHT, Theme
from gui.views.fleet_panel import FleetPanel
from gui.views.lazy_charts import lazy_lag_chart
from gui.widgets.assignment_diagram import AssignmentDiagram, DiagramMember, DiagramState
from gui.widgets.read_only import gate_write
from gui.widgets.tables import row_table

ADMIN_REFRESH_MS = 5000


def _admin_groups(admin: ClusterAdmin, known: set[str]) -> list[tuple[GroupInfo, dict[Tp, int], dict[Tp, int]]]:
    """Groups the AdminClient lists that the image does not have, described, with offsets and ends."""
    out = []
    for group_id, _state in admin.list_groups():
        if group_id in known:
            continue
        info = admin.describe_group(group_id)
        committed = admin.committed(group_id)
        ends = admin.list_offsets(sorted(committed), "latest") if committed else {}
        out.append((info, committed, ends))
    return out


class GroupsView(QWidget):
    message = Signal(str)

    def __init__(self, data: DataClients, history: LagHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GroupsView")
        self.data = data
        self.history = history
        self.lag_clock = LagClock()  # time to clear each partition's lag at the current rates
        self.sampling = True  # off while replaying: a past image is no sample of the present
        self.image: ClusterImage | None = None
        self.theme: Theme = LIGHT
        self.admin_only: list[GroupSummary] = []
        self.admin_refreshes = 0
        self.last_dialog: ResetOffsetsDialog | None = None
        self._admin_job_running = False
        self._build_tables()
        self._build_details()
        self._build_layout()
        self._start_timers()
        self.retranslate_ui()

    def _build_tables(self) -> None:
        """The group list, its members and its committed offsets."""
        self.groups = GroupListModel(self)
        self.builder = GroupFrames(self.lag_clock)  # the summaries, built off the GUI thread (gui.view_frames)
        self._frame: GroupsFrame | None = None
        self.members = MemberModel(self)
        self.offsets = GroupOffsetsModel(self)
        self.group_table = row_table(self.groups, single_selection=True)
        self.group_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.group_table.horizontalHeader().setSectionResizeMode(GroupListModel.TOPICS, QHeaderView.ResizeMode.Stretch)
        # fitted to the rows on screen: measuring 500 groups' rows on every change took ~0.2 s
        self.group_table.horizontalHeader().setResizeContentsPrecision(0)
        self.group_table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.data.readOnlyChanged.connect(lambda _why: self._show_selected())
        self.member_table = row_table(self.members, single_selection=True)
        self.member_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.member_table.horizontalHeader().setSectionResizeMode(MemberModel.MEMBER, QHeaderView.ResizeMode.Interactive)
        self.member_table.horizontalHeader().setSectionResizeMode(MemberModel.PARTITIONS,
                                                                  QHeaderView.ResizeMode.Stretch)
        self.member_table.setColumnWidth(MemberModel.MEMBER, 130)
        self.member_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.offset_table = row_table(self.offsets, single_selection=True)
        self.offset_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.offset_table.horizontalHeader().setSectionResizeMode(GroupOffsetsModel.OWNER,
                                                                  QHeaderView.ResizeMode.Stretch)
        self.offset_table.selectionModel().selectionChanged.connect(lambda *_: self._offset_selected())

    def _build_details(self) -> None:
        """The assignment diagram, the lag chart, the consumers started here, the buttons."""
        self.diagram = AssignmentDiagram()
        self.chart = lazy_lag_chart(self.history)  # pyqtgraph: built after the window's first paint
        self.fleet_panel = FleetPanel(self.data)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh_from_cluster)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset_offsets)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("DangerButton")
        self.delete_button.clicked.connect(self.delete_group)
        self.title = QLabel()
        self.title.setObjectName("SectionTitle")
        self.detail = QLabel()
        self.detail.setObjectName("Muted")
        self.detail.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)
        self.list_title = QLabel()
        self.list_title.setObjectName("SectionTitle")

    def _build_layout(self) -> None:
        """The group list (and the consumers started here) on the left; the selected group on the right."""
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._group_list_pane())
        split.addWidget(self._group_pane())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 7)
        split.setSizes([380, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split)

    def _group_list_pane(self) -> QWidget:
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.list_title)
        head.addStretch(1)
        head.addWidget(self.refresh_button)
        ll.addLayout(head)
        ll.addWidget(self.group_table, 1)
        ll.addWidget(self.fleet_panel)
        return left

    def _group_pane(self) -> QWidget:
        """Title and actions; the diagram beside the members; the offsets beside the lag chart."""
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        actions.addWidget(self.title)
        actions.addStretch(1)
        actions.addWidget(self.reset_button)
        actions.addWidget(self.delete_button)
        rl.addLayout(actions)
        rl.addWidget(self.detail)
        rl.addWidget(self.error_label)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.diagram)
        upper.addWidget(self.member_table)
        upper.setStretchFactor(0, 2)
        upper.setStretchFactor(1, 3)
        upper.setSizes([400, 600])
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.offset_table)
        lower.addWidget(self.chart)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        vsplit = QSplitter(Qt.Orientation.Vertical)
        vsplit.addWidget(upper)
        vsplit.addWidget(lower)
        rl.addWidget(vsplit, 1)
        return right

    def _start_timers(self) -> None:
        self._admin_timer = QTimer(self)
        self._admin_timer.setInterval(ADMIN_REFRESH_MS)
        self._admin_timer.timeout.connect(lambda: self.refresh_from_cluster() if self.isVisible() else None)
        self._admin_timer.start()
        self._sample_timer = QTimer(self)
        self._sample_timer.setInterval(1000)
        self._sample_timer.timeout.connect(lambda: self._sample())
        self._sample_timer.start()

    # -- inputs ----------------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.diagram.set_theme(theme)
        self.chart.set_theme(theme)

    def set_image(self, image: ClusterImage) -> None:
        self.image = image
        self.fleet_panel.set_image(image)
        self._frame = self.builder.take(image)
        self._show_frame(self._frame)

    def _show_frame(self, frame: GroupsFrame) -> None:
        """Swap in the frame's groups (and those only the AdminClient lists); only changed rows repaint."""
        rows: tuple[GroupSummary, ...] = frame.ordered
        summaries = list(frame.summaries)
        if self.admin_only:
            known = {g.group_id for g in summaries}
            extra = [g for g in self.admin_only if g.group_id not in known]
            summaries += extra
            rows = tuple(sorted((*rows, *extra), key=lambda g: g.group_id))
        selected = self.selected_group()
        self.groups.set_sorted(rows)
        self._sample(summaries)
        if selected is not None and self.selected_group() != selected:
            self.select_group(selected)
        if self.selected_group() is None and summaries:
            self.select_group(summaries[0].group_id)
        self._show_selected()

    def _sample(self, summaries: list[GroupSummary] | None = None) -> None:
        """Lag history: at most one sample a second per group (also between images: the engine
        sends a new image only when something changed). None while the time machine replays the past."""
        if self.sampling and self.history.record(time.time(), summaries if summaries is not None else self.groups.groups()):
            self.chart.mark_dirty()

    def clear(self) -> None:
        self.admin_only = []
        self._frame = None
        self.groups.set_groups([])
        self._show_selected()

    def selected_group(self) -> str | None:
        rows = self.group_table.selectionModel().selectedRows()
        if not rows:
            return None
        gid = self.groups.data(rows[0], Qt.ItemDataRole.UserRole + 1)
        return str(gid) if gid is not None else None

    def select_group(self, group_id: str) -> bool:
        row = self.groups.row_of(group_id)
        if row < 0:
            return False
        self.group_table.selectionModel().select(
            self.groups.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def current(self) -> GroupSummary | None:
        gid = self.selected_group()
        return self.groups.group(gid) if gid is not None else None

    # -- detail ----------------------------------------------------------------------------------------
    def _selection_changed(self) -> None:
        self.error_label.setText("")
        self._show_selected()

    def _show_selected(self) -> None:
        g = self.current()
        self.chart.set_group(g.group_id if g is not None else None)
        gate_write(self.reset_button, g is not None and self.data.bootstrap is not None, self.data.read_only)
        gate_write(self.delete_button, g is not None and self.data.bootstrap is not None, self.data.read_only)
        if g is None:
            self.title.setText(self.tr("No group selected"))
            self.detail.setText(self.tr("Start consumers below, or run any Kafka consumer with a group.id."))
            self.members.set_members(())
            self.offsets.set_rows(())
            self.diagram.set_state(None)
            return
        self.title.setText(self.tr("Group {0}").format(g.group_id))
        lag = g.total_lag
        self.detail.setText(self.tr("State: {0} · assignor: {1} · coordinator: broker {2} · members: {3} · "
                                    "total lag: {4}").format(self.groups.state_text(g.state), g.protocol or "—",
                                                             g.coordinator if g.coordinator >= 0 else "—",
                                                             len(g.members), "—" if lag is None else f"{lag:,}")
                            + self.tr(" · group protocol: {0}").format(
                                self.tr("consumer (KIP-848)") if g.group_type == "consumer" else self.tr("classic")))
        self.members.set_members(g.members)
        self.offsets.set_rows(self.lag_clock.estimate(g, self.image.time_ms).offsets if self.image is not None
                              else g.offsets)
        self.diagram.set_state(DiagramState(
            tuple(DiagramMember(m.client_id or m.member_id, m.member_id, m.assignment) for m in g.members),
            self._partitions_of(g), g.state in ("PreparingRebalance", "CompletingRebalance")))

    def _partitions_of(self, g: GroupSummary) -> tuple[tuple[str, int], ...]:
        out: list[tuple[str, int]] = []
        for topic in g.topics:
            t = self.image.topic(topic) if self.image is not None else None
            if t is not None:
                out += [(topic, p.partition) for p in t.partitions]
            else:
                out += sorted({(o.topic, o.partition) for o in g.offsets if o.topic == topic}
                              | {tp for m in g.members for tp in m.assignment if tp[0] == topic})
        return tuple(out)

    def _offset_selected(self) -> None:
        rows = self.offset_table.selectionModel().selectedRows()
        if rows:
            r = self.offsets.rows()[rows[0].row()]
            self.chart.emphasise(f"{r.topic}-{r.partition}")
        else:
            self.chart.emphasise(None)

    # -- actions ---------------------------------------------------------------------------------------
    def refresh_from_cluster(self) -> None:
        """AdminClient ListGroups/DescribeGroups for the groups the image does not show."""
        if self.data.bootstrap is None or self._admin_job_running:
            return
        self._admin_job_running = True
        known = {g.group_id for g in self.image.groups} if self.image is not None else set()

        def done(found: list[tuple[GroupInfo, dict[Tp, int], dict[Tp, int]]]) -> None:
            self._admin_job_running = False
            self.admin_refreshes += 1
            topics = {tp[0] for _info, committed, _latest in found for tp in committed}
            ends = leader_offsets(self.image, topics) if self.image is not None else {}
            out = []
            for info, committed, latest in found:
                merged = {tp: ends.get(tp, (0, hw, hw)) for tp, hw in latest.items()}
                out.append(summarize_admin(info, committed, merged))
            self.admin_only = out
            if self._frame is not None:
                self._show_frame(self._frame)

        def failed(exc: BaseException) -> None:
            self._admin_job_running = False
            self.error_label.setText(error_text(exc))

        self.data.admin(lambda a: _admin_groups(a, known), done, failed, name="list groups")

    def reset_offsets(self) -> ResetOffsetsDialog | None:
        g = self.current()
        if g is None:
            return None
        dialog = ResetOffsetsDialog(self.data, g.group_id, list(g.topics), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def delete_group(self) -> None:
        g = self.current()
        if g is None:
            return
        cluster = self.data.cluster_name
        text = self.tr("Delete consumer group {0} and its committed offsets on cluster {1}?").format(
            g.group_id, cluster) if cluster else self.tr(
            "Delete consumer group {0} and its committed offsets?").format(g.group_id)
        answer = QMessageBox.question(self, self.tr("Delete group"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        gid = g.group_id
        self.error_label.setText("")

        def done(_r: object) -> None:
            self.admin_only = [x for x in self.admin_only if x.group_id != gid]
            self.message.emit(self.tr("Group {0} deleted").format(gid))

        def failed(exc: BaseException) -> None:
            self.error_label.setText(self.tr("Cannot delete {0}: {1}").format(gid, error_text(exc)))

        self.data.admin(lambda a: a.delete_group(gid), done, failed, name="delete group")

    def shutdown(self) -> None:
        self._admin_timer.stop()
        self._sample_timer.stop()
        self.fleet_panel.shutdown()

    def retranslate_ui(self) -> None:
        self.list_title.setText(self.tr("Consumer groups"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("List groups through the AdminClient too (e.g. groups whose "
                                               "coordinator is down)"))
        self.reset_button.setText(self.tr("Reset offsets…"))
        self.reset_button.setToolTip(self.tr("Every strategy of kafka-consumer-groups --reset-offsets, with a "
                                             "dry-run preview; the group must be inactive"))
        self.delete_button.setText(self.tr("Delete group…"))
        self.diagram.labels = {"idle": self.tr("idle"), "rebalancing": self.tr("rebalancing…"),
                               "none": self.tr("no members"), "members": self.tr("Members"),
                               "partitions": self.tr("Partitions"), "unassigned": self.tr("unassigned")}
        self.diagram.update()
        self.groups.retranslate()
        self.members.retranslate()
        self.offsets.retranslate()
        self._show_selected()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
