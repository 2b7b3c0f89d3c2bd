"""The message browser's export: a menu (the selected rows, or a range of offsets), the save dialog
(the documents folder first, then wherever the last export went) and the job on the browser's
worker, to JSON Lines or CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QTableView, QWidget

from gui.models.message_model import MessageModel
from gui.views.browser_controller import BrowserController
from gui.views.export_dialog import ExportRangeDialog, selection_ranges
from gui.widgets.file_dialogs import documents_dir


class BrowserExport(QObject):
    def __init__(self, parent: QWidget, table: QTableView, model: MessageModel, controller: BrowserController,
                 topic: Callable[[], str], say: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.table = table
        self.model = model
        self.controller = controller
        self.topic = topic  # the topic the browser shows
        self.say = say  # a line in the browser's status
        self.last_export: str | None = None
        self.export_dir: str | None = None  # where the last export went (this run)
        controller.exportFinished.connect(self._finished)

    def show_menu(self, anchor: QPushButton) -> None:
        menu = QMenu(self.parent_widget)
        sel = menu.addAction(self.tr("Export selected rows…"), self.selection_dialog)
        sel.setEnabled(bool(self.table.selectionModel().selectedRows()))
        menu.addAction(self.tr("Export a range…"), self.range_dialog)
        menu.exec(anchor.mapToGlobal(anchor.rect().bottomLeft()))

    def ask_path(self) -> tuple[Path, str] | None:
        # the user's documents folder, then wherever the last export went (never the working directory)
        start = Path(self.export_dir or documents_dir()) / f"{self.topic() or 'records'}.jsonl"
        path, chosen = QFileDialog.getSaveFileName(self.parent_widget, self.tr("Export records"), str(start),
                                                   self.tr("JSON Lines (*.jsonl);;CSV (*.csv)"))
        if not path:
            return None
        self.export_dir = str(Path(path).parent)
        fmt_name = "csv" if path.lower().endswith(".csv") or "csv" in chosen.lower() else "jsonl"
        return Path(path), fmt_name

    def selection_dialog(self) -> None:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        ranges = selection_ranges(self.model, rows)
        where = self.ask_path()
        if where is not None and ranges:
            self.export(where[0], ranges, where[1])

    def range_dialog(self) -> None:
        dialog = ExportRangeDialog(self.model.ranges, self.parent_widget)
        if dialog.exec():
            where = self.ask_path()
            if where is not None:
                self.export(where[0], dialog.ranges(), where[1])

    def export(self, path: Path, ranges: list[tuple[int, int, int]], fmt_name: str) -> None:
        """Write ``ranges`` ((partition, first offset, end offset)) to ``path`` as ``fmt_name``."""
        self.say(self.tr("Exporting to {0}…").format(path.name))
        self.controller.export(path, ranges, fmt_name)

    def _finished(self, path: str, count: int) -> None:
        self.last_export = path
        self.say(self.tr("Exported {0} record(s) to {1}").format(f"{count:,}", path))
