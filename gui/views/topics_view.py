"""Topics dock: the topic list (from the ClusterImage) with a filter and the internal-topics toggle,
and the topic operations, which go through the Kafka protocol: create, delete (confirmed), add
partitions, edit configs; plus shortcuts to browse, produce and show the partition log."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clients.errors import error_text
from engine.observe import ClusterImage
from gui.data_clients import DataClients
from gui.dialogs.add_partitions import AddPartitionsDialog
from gui.dialogs.create_topic import CreateTopicDialog
from gui.dialogs.topic_configs import TopicConfigsDialog
from gui.models.topics_model import NAME, TOPIC_ROLE, TopicsFilter, TopicsModel
from gui.widgets.read_only import gate_write


class TopicsView(QWidget):
    browseRequested = Signal(str)
    partitionLogRequested = Signal(str)
    produceRequested = Signal(str)
    message = Signal(str)  # for the status bar

    def __init__(self, data: DataClients, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopicsView")
        self.data = data
        self.image: ClusterImage | None = None
        self.last_dialog: QDialog | None = None
        self._pending_select: str | None = None  # a topic just created: select it when it shows up
        self._build_table()
        self._build_buttons()
        self._build_layout()
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.retranslate_ui()

    def _build_table(self) -> None:
        """The topics, filtered by text and the internal-topics toggle."""
        self.model = TopicsModel(self)
        self.proxy = TopicsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_box = QLineEdit()
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.set_text)
        self.internal_box = QCheckBox()
        self.internal_box.toggled.connect(self.proxy.set_show_internal)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        # fitted to the contents when topics come or go and at most every 2 s as numbers grow — not
        # ResizeToContents, which measures every row of every column on each image (300 topics under
        # load kept the GUI thread busy)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(0)  # the rows on screen
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(2000)
        self._fit_timer.timeout.connect(self._fit_columns)
        self.proxy.modelReset.connect(self._fit_columns)
        self.proxy.dataChanged.connect(lambda *_: self._fit_timer.isActive() or self._fit_timer.start())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self._emit_selected(self.browseRequested))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.data.readOnlyChanged.connect(lambda _why: self._update_buttons())

    def _fit_columns(self) -> None:
        """Fit the number columns to the rows on screen, one column per event-loop turn: measuring them
        all at once after the first image of a large cluster took ~0.2 s of the GUI thread."""
        columns = [col for col in range(self.proxy.columnCount()) if col != NAME]

        def fit_next() -> None:
            if columns:
                self.table.resizeColumnToContents(columns.pop(0))
                QTimer.singleShot(0, self, fit_next)  # not after the view is gone

        fit_next()

    def _build_buttons(self) -> None:
        """New, delete, add partitions, configs, produce, browse."""
        self.new_button = QPushButton()
        self.new_button.setObjectName("PrimaryButton")
        self.new_button.clicked.connect(self.create_topic)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("DangerButton")
        self.delete_button.clicked.connect(self.delete_selected)
        self.partitions_button = QPushButton()
        self.partitions_button.clicked.connect(self.add_partitions)
        self.configs_button = QPushButton()
        self.configs_button.clicked.connect(self.edit_configs)
        self.produce_button = QPushButton()
        self.produce_button.clicked.connect(lambda: self._emit_selected(self.produceRequested))
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(lambda: self._emit_selected(self.browseRequested))
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("Muted")

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.internal_box)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.delete_button, self.partitions_button, self.configs_button,
                  self.produce_button, self.browse_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)

    # -- inputs ----------------------------------------------------------------------------------------
    def set_image(self, image: ClusterImage) -> None:
        selected = self.selected_topic()
        self.image = image
        self.model.set_image(image)
        if selected is not None and self.selected_topic() != selected:
            self.select_topic(selected)
        self._update_buttons()

    def live_brokers(self) -> int:
        return sum(1 for b in self.image.brokers if b.state == "running") if self.image is not None else 0

    def selected_topic(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        name = self.proxy.data(rows[0], TOPIC_ROLE)
        return str(name) if name is not None else None

    def select_topic(self, name: str) -> bool:
        row = self.model.row_of(name)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _emit_selected(self, signal: SignalInstance) -> None:
        name = self.selected_topic()
        if name is not None:
            signal.emit(name)

    # -- operations ------------------------------------------------------------------------------------
    def create_topic(self) -> CreateTopicDialog:
        dialog = CreateTopicDialog(self.data, self.live_brokers(), self)
        dialog.accepted.connect(lambda: self._created(dialog.created))
        self._show(dialog)
        return dialog

    def _created(self, name: str | None) -> None:
        if name:
            self.message.emit(self.tr("Topic {0} created").format(name))
            self._pending_select = name

    def delete_selected(self) -> None:
        name = self.selected_topic()
        if name is None:
            return
        cluster = self.data.cluster_name
        text = self.tr("Delete topic {0} and all its records on cluster {1}? This cannot be undone.").format(
            name, cluster) if cluster else self.tr("Delete topic {0} and all its records? This cannot be undone.").format(name)
        answer = QMessageBox.question(self, self.tr("Delete topic"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.error_label.setText("")

        def done(_r: object) -> None:
            self.message.emit(self.tr("Topic {0} deleted").format(name))

        def failed(exc: BaseException) -> None:
            self.error_label.setText(self.tr("Cannot delete {0}: {1}").format(name, error_text(exc)))

        self.data.admin(lambda a: a.delete_topic(name), done, failed, name="delete topic")

    def add_partitions(self) -> AddPartitionsDialog | None:
        name = self.selected_topic()
        topic = self.image.topic(name) if self.image is not None and name is not None else None
        if topic is None:
            return None
        dialog = AddPartitionsDialog(self.data, topic.name, len(topic.partitions), self)
        self._show(dialog)
        return dialog

    def edit_configs(self) -> TopicConfigsDialog | None:
        name = self.selected_topic()
        if name is None:
            return None
        dialog = TopicConfigsDialog(self.data, name, self)
        self._show(dialog)
        return dialog

    def _show(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "last_dialog", None) if self.last_dialog is dialog else None)
        dialog.open()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.tr("Browse messages"), lambda: self._emit_selected(self.browseRequested))
        menu.addAction(self.tr("Partition log and replicas"), lambda: self._emit_selected(self.partitionLogRequested))
        menu.addAction(self.tr("Produce…"), lambda: self._emit_selected(self.produceRequested))
        menu.addSeparator()
        menu.addAction(self.tr("Edit configs…"), self.edit_configs)
        menu.addAction(self.tr("Add partitions…"), self.add_partitions)
        menu.addAction(self.tr("Delete…"), self.delete_selected)
        for a in menu.actions():
            a.setEnabled(a.isSeparator() or index.isValid())
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # -- display ---------------------------------------------------------------------------------------
    def _update_buttons(self) -> None:
        has = self.selected_topic() is not None
        connected = self.data.bootstrap is not None
        gate_write(self.new_button, connected, self.data.read_only)
        for b in (self.delete_button, self.partitions_button, self.produce_button):
            gate_write(b, has and connected, self.data.read_only)
        for b in (self.configs_button, self.browse_button):
            b.setEnabled(has and connected)
        pending = self._pending_select
        if pending and self.select_topic(pending):
            self._pending_select = None

    def _update_count(self, *args: object) -> None:
        self.count_label.setText(self.tr("{0} of {1} topics").format(self.proxy.rowCount(), self.model.rowCount()))

    def retranslate_ui(self) -> None:
        self.filter_box.setPlaceholderText(self.tr("Filter topics…"))
        self.internal_box.setText(self.tr("Internal topics"))
        self.internal_box.setToolTip(self.tr("Show __consumer_offsets and other internal topics"))
        self.new_button.setText(self.tr("New…"))
        self.new_button.setToolTip(self.tr("Create a topic (CreateTopics) (Ctrl+N)"))
        self.delete_button.setText(self.tr("Delete…"))
        self.partitions_button.setText(self.tr("Add partitions…"))
        self.configs_button.setText(self.tr("Configs…"))
        self.configs_button.setToolTip(self.tr("DescribeConfigs: defaults and overrides; edit and apply"))
        self.produce_button.setText(self.tr("Produce…"))
        self.browse_button.setText(self.tr("Browse"))
        self.browse_button.setToolTip(self.tr("Open the topic in the message browser (double-click)"))
        self.model.retranslate()
        self._update_count()
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
