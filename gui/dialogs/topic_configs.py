"""A topic's configs (DescribeConfigs): every config with its value and whether it is the default or
a topic override; edit values or reset overrides, then apply them with IncrementalAlterConfigs
(SET for changed values, DELETE for reset overrides). The broker's refusal is shown inline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clients.admin import ConfigRow
from clients.errors import error_text
from gui.data_clients import DataClients
from gui.widgets.read_only import gate_write

AnyIndex = QModelIndex | QPersistentModelIndex
NAME, VALUE, SOURCE = range(3)


class ConfigModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ConfigRow] = []
        self.edits: dict[str, str] = {}  # name → new value
        self.resets: set[str] = set()  # overrides to delete
        self.source_names: dict[str, str] = {}
        self.headers = ("Config", "Value", "Source")

    def set_rows(self, rows: list[ConfigRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.edits.clear()
        self.resets.clear()
        self.endResetModel()

    def row(self, name: str) -> ConfigRow | None:
        return next((r for r in self.rows if r.name == name), None)

    def value_of(self, name: str) -> str | None:
        if name in self.edits:
            return self.edits[name]
        r = self.row(name)
        return r.value if r is not None else None

    def changes(self) -> tuple[dict[str, str], set[str]]:
        return dict(self.edits), set(self.resets)

    def reset_override(self, name: str) -> None:
        r = self.row(name)
        self.edits.pop(name, None)
        if r is not None and r.is_override:
            self.resets.add(name)
        i = self.rows.index(r) if r is not None else -1
        if i >= 0:
            self.dataChanged.emit(self.index(i, 0), self.index(i, SOURCE))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == VALUE and not self.rows[index.row()].read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        changed = r.name in self.edits
        reset = r.name in self.resets
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == NAME:
                return r.name
            if col == VALUE:
                if reset:
                    return self.source_names.get("reset", "(default)")
                return self.edits.get(r.name, r.value if r.value is not None else "")
            if col == SOURCE:
                if changed:
                    return self.source_names.get("changed", "changed")
                if reset:
                    return self.source_names.get("reset", "(default)")
                return self.source_names.get("override" if r.is_override else "default", r.source)
        if role == Qt.ItemDataRole.ToolTipRole and col == SOURCE:
            return r.source
        if role == Qt.ItemDataRole.FontRole and (r.is_override or changed) and not reset:
            f = QFont()
            f.setBold(True)
            return f
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != VALUE:
            return False
        r = self.rows[index.row()]
        text = str(value).strip()
        if text == (r.value or "") and r.name not in self.resets:
            self.edits.pop(r.name, None)
        else:
            self.edits[r.name] = text
            self.resets.discard(r.name)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), SOURCE))
        return True


class TopicConfigsDialog(QDialog):
    def __init__(self, data: DataClients, topic: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TopicConfigsDialog")
        self.setWindowTitle(self.tr("Configs of {0}").format(topic))
        self.data = data
        self.topic = topic
        self.model = ConfigModel(self)
        self.model.headers = (self.tr("Config"), self.tr("Value"), self.tr("Source"))
        self.model.source_names = {"default": self.tr("default"), "override": self.tr("topic override"),
                                   "changed": self.tr("changed (not applied)"),
                                   "reset": self.tr("(reset to default)")}
        self._build_table()
        self._build_buttons()
        self._build_layout()
        self.resize(680, 560)
        self.applied = 0
        self.load()

    def _build_table(self) -> None:
        """Every config of the topic, editable in place."""
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText(self.tr("Filter configs…"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.ResizeToContents)

    def _build_buttons(self) -> None:
        self.reset_button = QPushButton(self.tr("Reset to default"))
        self.reset_button.setToolTip(self.tr("Remove the topic override: the broker default applies again"))
        self.reset_button.clicked.connect(self._reset_selected)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.clicked.connect(self.load)
        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.error_label = QLabel()
        self.error_label.setObjectName("ErrorText")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("PrimaryButton")
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button.clicked.connect(self.apply)
        gate_write(self.apply_button, True, self.data.read_only)
        gate_write(self.reset_button, True, self.data.read_only)
        self.buttons.rejected.connect(self.reject)
        self.filter_box.textChanged.connect(self._filter)

    def _build_layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.filter_box, 1)
        tools.addWidget(self.reset_button)
        tools.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def load(self) -> None:
        self.status.setText(self.tr("Loading (DescribeConfigs)…"))
        topic = self.topic

        def done(rows: list[ConfigRow]) -> None:
            self.model.set_rows(rows)
            overrides = sum(1 for r in rows if r.is_override)
            self.status.setText(self.tr("{0} configs, {1} override(s). Double-click a value to edit it.").format(
                len(rows), overrides))
            self._filter(self.filter_box.text())

        def failed(exc: BaseException) -> None:
            self.status.setText("")
            self.error_label.setText(error_text(exc))

        self.data.admin(lambda a: a.describe_topic_configs(topic), done, failed, name="describe configs")

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i, r in enumerate(self.model.rows):
            self.table.setRowHidden(i, bool(needle) and needle not in r.name.lower())

    def _reset_selected(self) -> None:
        for index in self.table.selectionModel().selectedRows():
            self.model.reset_override(self.model.rows[index.row()].name)

    def set_value(self, name: str, value: str) -> None:
        """Edit one value (what double-click + typing does)."""
        r = self.model.row(name)
        if r is not None:
            self.model.setData(self.model.index(self.model.rows.index(r), VALUE), value)

    def apply(self) -> None:
        set_values, deletes = self.model.changes()
        self.error_label.setText("")
        if not set_values and not deletes:
            self.status.setText(self.tr("Nothing to apply."))
            return
        topic = self.topic
        self.apply_button.setEnabled(False)
        self.status.setText(self.tr("Sending IncrementalAlterConfigs…"))

        def done(_r: object) -> None:
            self.apply_button.setEnabled(True)
            self.applied += 1
            self.load()

        def failed(exc: BaseException) -> None:
            self.apply_button.setEnabled(True)
            self.status.setText("")
            self.error_label.setText(error_text(exc))

        self.data.admin(lambda a: a.alter_topic_configs(topic, set_values, deletes), done, failed,
                        name="alter configs")
