"""RowTableModel: the common shape of Kafka Lab's table models — a sequence of immutable rows.

Replacing the rows resets the model only when the rows' identities change (topics added, a member
joined …); otherwise it emits ``dataChanged``, so selections and scroll positions survive the
≤ 30 Hz image updates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

R = TypeVar("R")
S = TypeVar("S", bound=Sequence)  # type: ignore[type-arg]


class RowTableModel(QAbstractTableModel, Generic[R]):
    COLUMN_COUNT = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[R] = ()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def _replace_rows(self, rows: Sequence[R], key: Callable[[R], object], identity: bool = False) -> None:
        """``identity``: rows are immutable and an unchanged row is the same object (a builder's cache), so
        only rows that are other objects are compared and repainted (from the first to the last of them)."""
        old = self._rows
        if len(rows) != len(old) or [key(r) for r in rows] != [key(r) for r in old]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        self._rows = rows
        if identity:
            changed = [i for i, (a, b) in enumerate(zip(rows, old, strict=True)) if a is not b]
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], self.COLUMN_COUNT - 1))
        elif list(rows) != list(old):
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.COLUMN_COUNT - 1))
