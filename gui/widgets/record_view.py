"""The message browser's two panes: the virtual record table and the detail of the current record."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPlainTextEdit, QTableView, QWidget

from clients.readers import Record
from gui.models import decoded_format as decoded
from gui.models import record_format as fmt
from gui.models.message_model import (
    HEADERS,
    KEY,
    LOADING,
    OFFSET,
    PARTITION,
    SIZE,
    TIMESTAMP,
    VALUE,
    MessageModel,
)
from gui.models.partition_models import format_ts

COLUMN_WIDTHS = ((OFFSET, 110), (PARTITION, 70), (TIMESTAMP, 180), (KEY, 140), (VALUE, 360), (HEADERS, 150),
                 (SIZE, 70))


class RecordTable(QTableView):
    """Rows of a :class:`MessageModel`: whole rows selected, fixed row height, the value column stretched."""

    def __init__(self, model: MessageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        vh = self.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(22)
        for col, width in COLUMN_WIDTHS:
            self.setColumnWidth(col, width)
        self.horizontalHeader().setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Stretch)


class RecordDetail(QPlainTextEdit):
    """One record in full: where it is, its key and headers, and its value as text, pretty JSON or hex."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setObjectName("RecordDetail")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def show_record(self, rec: Record | None, mode: str, loading: bool = False) -> None:
        """``rec`` in value ``mode``; nothing (or "…" while its page is ``loading``) without one."""
        if rec is None:
            self.setPlainText(LOADING if loading else "")
            return
        lines = [self.tr("partition {0} · offset {1} · {2} · {3} bytes").format(
            rec.partition, f"{rec.offset:,}", format_ts(rec.timestamp), rec.size)]
        if rec.key_decoded is not None:  # a key in a Schema Registry's wire format
            lines += decoded.detail(rec.key_decoded, rec.key, mode, "key")
        else:
            lines.append(self.tr("key: {0}").format(fmt.as_hex(rec.key) if mode == "hex" else fmt.as_text(rec.key)))
        if rec.headers:
            lines.append(self.tr("headers: {0}").format(fmt.headers_text(rec.headers)))
        if rec.value_decoded is not None:
            lines += ["", *decoded.detail(rec.value_decoded, rec.value, mode, "value")]
        else:
            lines += ["", fmt.full(rec.value, mode)]
        self.setPlainText("\n".join(lines))
