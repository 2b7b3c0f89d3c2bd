"""Export helpers of the message browser: a range dialog (partition, from, to) and turning a row
selection into offset ranges."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from gui.models.message_model import MessageModel, PartitionRange


def selection_ranges(model: MessageModel, rows: list[int]) -> list[tuple[int, int, int]]:
    """Selected rows → (partition, start, end) ranges, contiguous offsets merged."""
    spans: list[tuple[int, int, int]] = []
    for row in sorted(rows):
        loc = model.locate(row)
        if loc is None:
            continue
        p, off = loc
        if spans and spans[-1][0] == p and spans[-1][2] == off:
            spans[-1] = (p, spans[-1][1], off + 1)
        else:
            spans.append((p, off, off + 1))
    return spans


class ExportRangeDialog(QDialog):
    def __init__(self, ranges: list[PartitionRange], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export a range"))
        self._ranges = {r.partition: r for r in ranges}
        self.partition = QComboBox()
        self.partition.addItem(self.tr("All partitions"), -1)
        for r in ranges:
            self.partition.addItem(str(r.partition), r.partition)
        self.start = QSpinBox()
        self.end = QSpinBox()
        for box in (self.start, self.end):
            box.setRange(0, 2_000_000_000)
            box.setGroupSeparatorShown(True)
        self.partition.currentIndexChanged.connect(self._defaults)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Partition"), self.partition)
        form.addRow(self.tr("From offset"), self.start)
        form.addRow(self.tr("To offset (exclusive)"), self.end)
        form.addRow(buttons)
        self._defaults()

    def _defaults(self) -> None:
        p = self.partition.currentData()
        chosen = list(self._ranges.values()) if p == -1 else [self._ranges[p]]
        self.start.setValue(min((r.low for r in chosen), default=0))
        self.end.setValue(max((r.high for r in chosen), default=0))
        self.start.setEnabled(p != -1)
        self.end.setEnabled(p != -1)

    def ranges(self) -> list[tuple[int, int, int]]:
        p = self.partition.currentData()
        if p == -1:
            return [(r.partition, r.low, r.high) for r in self._ranges.values() if r.count]
        r = self._ranges[p]
        start, end = max(r.low, self.start.value()), min(r.high, self.end.value())
        return [(p, start, end)] if end > start else []
