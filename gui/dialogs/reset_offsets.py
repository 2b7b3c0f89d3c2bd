"""Reset a consumer group's offsets with every strategy of ``kafka-consumer-groups --reset-offsets``:
to-earliest, to-latest, to-current, to-offset, shift-by, to-datetime, by-duration. Preview is the
dry run (OffsetFetch + ListOffsets, nothing changes); Execute commits the previewed offsets with
AlterConsumerGroupOffsets. Both are refused, with Kafka's message, unless the group is inactive."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDateTime, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clients.config import parse_duration
from clients.errors import error_text
from clients.offsets import STRATEGIES, ResetRow, ResetSpec, execute_reset, plan_reset
from gui.data_clients import DataClients

AnyIndex = QModelIndex | QPersistentModelIndex


class PlanModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ResetRow] = []
        self.headers = ("Topic", "Partition", "Current offset", "New offset", "Note")

    def set_rows(self, rows: list[ResetRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.TextAlignmentRole and 1 <= index.column() <= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self.rows[index.row()]
        return (r.topic, str(r.partition), "—" if r.current is None else f"{r.current:,}", f"{r.new:,}",
                r.note)[index.column()]


class ResetOffsetsDialog(QDialog):
    def __init__(self, data: DataClients, group_id: str, topics: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResetOffsetsDialog")
        self.setWindowTitle(self.tr("Reset offsets of {0} on cluster {1}").format(group_id, data.cluster_name)
                            if data.cluster_name else self.tr("Reset offsets of {0}").format(group_id))
        self.data = data
        self.group_id = group_id
        self.plan: list[ResetRow] | None = None
        self.executed = False
        self._generation = 0
        self._build_strategy_inputs(topics)
        self._build_plan_table()
        self._build_layout()
        self.strategy.currentIndexChanged.connect(self._strategy_changed)
        for sig in (self.scope.currentIndexChanged, self.offset.valueChanged, self.shift.valueChanged,
                    self.datetime.dateTimeChanged, self.duration.textChanged):
            sig.connect(self._inputs_changed)
        self._strategy_changed()
        self.resize(680, 480)

    def _build_strategy_inputs(self, topics: list[str]) -> None:
        """Which topics, which kafka-consumer-groups strategy, and its parameter."""
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Every topic the group has offsets for"), None)
        for t in topics:
            self.scope.addItem(t, t)
        self.strategy = QComboBox()
        names = {"to-earliest": self.tr("to-earliest: the oldest offset still in the log"),
                 "to-latest": self.tr("to-latest: the log end (skip everything)"),
                 "to-current": self.tr("to-current: the committed offset (no change)"),
                 "to-offset": self.tr("to-offset: a given offset"),
                 "shift-by": self.tr("shift-by: move by N (negative: back)"),
                 "to-datetime": self.tr("to-datetime: the first offset at or after a time"),
                 "by-duration": self.tr("by-duration: the first offset at or after now − a duration")}
        for s in STRATEGIES:
            self.strategy.addItem(names[s], s)
        self.offset = QSpinBox()
        self.offset.setRange(0, 2_000_000_000)
        self.shift = QSpinBox()
        self.shift.setRange(-2_000_000_000, 2_000_000_000)
        self.datetime = QDateTimeEdit(QDateTime.currentDateTime().addSecs(-600))
        self.datetime.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.datetime.setCalendarPopup(True)
        self.duration = QLineEdit("PT10M")
        self.duration.setToolTip(self.tr("ISO-8601 duration: PT15M, PT1H30M, P1DT2H…"))
        self.param = QStackedWidget()
        self._params = {"to-offset": self.offset, "shift-by": self.shift, "to-datetime": self.datetime,
                        "by-duration": self.duration}
        self.param.addWidget(QLabel(self.tr("(no parameter)")))
        for w in self._params.values():
            self.param.addWidget(w)

    def _build_plan_table(self) -> None:
        """The plan: current and new offset per partition."""
        self.table = QTableView()
        self.model = PlanModel(self)
        self.model.headers = (self.tr("Topic"), self.tr("Partition"), self.tr("Current offset"),
                              self.tr("New offset"), self.tr("Note"))
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(self.tr("Preview shows the new offsets without changing anything (a dry run)."))
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)

    def _build_layout(self) -> None:
        self.preview_button = QPushButton(self.tr("Preview (dry run)"))
        self.preview_button.clicked.connect(self.preview)
        self.execute_button = QPushButton(self.tr("Execute"))
        self.execute_button.setObjectName("DangerButton")
        self.execute_button.setEnabled(False)
        self.execute_button.clicked.connect(self.execute)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.execute_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Group"), QLabel(self.group_id))
        form.addRow(self.tr("Topics"), self.scope)
        form.addRow(self.tr("Strategy"), self.strategy)
        form.addRow(self.tr("Parameter"), self.param)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def set_strategy(self, name: str) -> None:
        self.strategy.setCurrentIndex(max(0, self.strategy.findData(name)))

    def spec(self) -> ResetSpec:
        s = str(self.strategy.currentData())
        duration = parse_duration(self.duration.text()) if s == "by-duration" else 0
        return ResetSpec(s, offset=self.offset.value(), shift=self.shift.value(),
                         timestamp_ms=self.datetime.dateTime().toMSecsSinceEpoch(), duration_ms=duration,
                         topic=self.scope.currentData())

    def _strategy_changed(self) -> None:
        w = self._params.get(str(self.strategy.currentData()))
        self.param.setCurrentIndex(self.param.indexOf(w) if w is not None else 0)
        self._inputs_changed()

    def _inputs_changed(self) -> None:
        self._generation += 1
        self.plan = None
        self.execute_button.setEnabled(False)
        self.error_label.setText("")

    def preview(self) -> None:
        self.error_label.setText("")
        try:
            spec = self.spec()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return
        generation = self._generation
        group = self.group_id
        self.preview_button.setEnabled(False)
        self.status.setText(self.tr("Computing the new offsets (OffsetFetch, ListOffsets)…"))

        def done(rows: list[ResetRow]) -> None:
            self.preview_button.setEnabled(True)
            if generation != self._generation:
                return
            self.plan = rows
            self.model.set_rows(rows)
            self.execute_button.setEnabled(bool(rows))
            self.status.setText(self.tr("Dry run: {0} partition(s) would change as shown. Execute commits "
                                        "them.").format(len(rows)) if rows else
                                self.tr("The group has no offsets to reset for this scope."))

        def failed(exc: BaseException) -> None:
            self.preview_button.setEnabled(True)
            self.status.setText("")
            self.model.set_rows([])
            self.error_label.setText(error_text(exc))

        self.data.admin(lambda a: plan_reset(a, group, spec), done, failed, name="plan reset")

    def execute(self) -> None:
        rows = self.plan
        if not rows:
            return
        group = self.group_id
        self.execute_button.setEnabled(False)
        self.status.setText(self.tr("Committing the new offsets (AlterConsumerGroupOffsets)…"))

        def done(_r: object) -> None:
            self.executed = True
            self.status.setText(self.tr("Offsets of {0} reset for {1} partition(s).").format(group, len(rows)))

        def failed(exc: BaseException) -> None:
            self.execute_button.setEnabled(True)
            self.status.setText("")
            self.error_label.setText(error_text(exc))

        self.data.admin(lambda a: execute_reset(a, group, rows), done, failed, name="reset offsets")
