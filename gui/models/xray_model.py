"""Table models of the protocol X-ray (exchange rows, filterable) and of the clients view
(connections per broker, with requests/s from two consecutive lists)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from engine.observe.xray import ClientConnection, ExchangeRow
from gui.models.base import RIGHT, AnyIndex, RowTableModel

MAX_ROWS = 20_000  # the dock keeps this many rows (the engine keeps its own ring)
ERROR_BRUSH = QBrush(QColor("#D55E00"))  # Okabe–Ito vermillion

(TIME, BROKER, CLIENT, API, VERSION, LATENCY, ERRORS, SOFTWARE, CORRELATION, REQ_BYTES, RESP_BYTES) = range(11)


def _time(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts)) + f".{int(ts * 1000) % 1000:03d}"


def _bytes(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.1f} KiB"
    return f"{n} B"


def errors_text(row: ExchangeRow) -> str:
    """``NAME (topic-p), …`` with repeats counted: ``NOT_LEADER_OR_FOLLOWER ×3``."""
    counts: dict[str, list[str]] = {}
    for name, place in zip(row.errors, row.error_places or ("",) * len(row.errors), strict=False):
        counts.setdefault(name, []).append(place)
    parts = []
    for name, places in counts.items():
        where = ", ".join(p for p in places[:3] if p)
        more = f" ×{len(places)}" if len(places) > 1 else ""
        parts.append(f"{name}{more}" + (f" ({where})" if where else ""))
    return "; ".join(parts)


class XrayTableModel(RowTableModel[ExchangeRow]):
    COLUMN_COUNT = 11

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._list: list[ExchangeRow] = []
        self._rows = self._list
        self._headers: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self._headers = [self.tr("Time"), self.tr("Broker"), self.tr("Client"), self.tr("API"), self.tr("Version"),
                         self.tr("Latency (ms)"), self.tr("Errors"), self.tr("Software"), self.tr("Correlation"),
                         self.tr("Request"), self.tr("Response")]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)

    def append(self, rows: Sequence[ExchangeRow]) -> None:
        if not rows:
            return
        overflow = len(self._list) + len(rows) - MAX_ROWS
        if overflow > 0:
            drop = min(overflow, len(self._list))
            self.beginRemoveRows(QModelIndex(), 0, drop - 1)
            del self._list[:drop]
            self.endRemoveRows()
            rows = rows[-MAX_ROWS:]
        first = len(self._list)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._list.extend(rows)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._list.clear()
        self.endResetModel()

    def row(self, index: int) -> ExchangeRow:
        return self._list[index]

    @property
    def rows(self) -> list[ExchangeRow]:
        return self._list

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r = self._list[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            match col:
                case 0:
                    return _time(r.ts)
                case 1:
                    return str(r.broker)
                case 2:
                    return r.client_id
                case 3:
                    return r.api + (f" [{r.fault}]" if r.fault else "")
                case 4:
                    return str(r.version)
                case 5:
                    return f"{r.latency_ms:.1f}"
                case 6:
                    return errors_text(r)
                case 7:
                    return r.client_software
                case 8:
                    return str(r.correlation_id)
                case 9:
                    return _bytes(r.request_bytes)
                case 10:
                    return _bytes(r.response_bytes) if r.response_bytes else "—"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (BROKER, VERSION, CORRELATION, LATENCY, REQ_BYTES,
                                                                 RESP_BYTES):
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and r.errors:
            return ERROR_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and col == ERRORS and r.errors:
            return "\n".join(f"{n} {p}".strip() for n, p in zip(r.errors, r.error_places, strict=False))
        if role == Qt.ItemDataRole.ToolTipRole and col == CLIENT:
            return r.peer
        return None


class XrayFilterProxy(QSortFilterProxyModel):
    """Rows whose client (id or software), API, error names and topics contain the filter texts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = self.api = self.error = self.topic = ""
        self.errors_only = False

    def set_filters(self, client: str = "", api: str = "", error: str = "", topic: str = "",
                    errors_only: bool = False) -> None:
        self.client, self.api, self.error, self.topic = client.lower(), api.lower(), error.lower(), topic.lower()
        self.errors_only = errors_only
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, XrayTableModel)
        r = model.row(source_row)
        if self.errors_only and not r.errors:
            return False
        if self.client and self.client not in r.client_id.lower() and self.client not in r.client_software.lower() \
                and self.client not in r.peer:
            return False
        if self.api and self.api not in r.api.lower():
            return False
        if self.error and not any(self.error in e.lower() for e in r.errors):
            return False
        return not (self.topic and not any(self.topic in t.lower() for t in r.topics))


# ------------------------------------------------------------------------------------------ clients

(C_BROKER, C_CLIENT, C_SOFTWARE, C_ADDRESS, C_SINCE, C_RATE, C_IN, C_OUT, C_PRODUCES, C_FETCHES, C_GROUP, C_PRODUCER,
 C_APIS) = range(13)


class ClientsTableModel(RowTableModel[ClientConnection]):
    COLUMN_COUNT = 13

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rates: dict[tuple[int, str], float] = {}
        self._last: dict[tuple[int, str], tuple[float, int]] = {}  # (broker, peer) → (when, requests)
        self._headers: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self._headers = [self.tr("Broker"), self.tr("Client"), self.tr("Software"), self.tr("Address"),
                         self.tr("Since"), self.tr("Requests/s"), self.tr("Bytes in"), self.tr("Bytes out"),
                         self.tr("Produces to"), self.tr("Fetches from"), self.tr("Group (member)"),
                         self.tr("Producer"), self.tr("APIs")]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMN_COUNT - 1)

    def set_connections(self, conns: Iterable[ClientConnection], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        rows = tuple(conns)
        for c in rows:
            key = (c.broker, c.peer)
            prev = self._last.get(key)
            if prev is not None and now > prev[0]:
                self._rates[key] = max(0.0, (c.requests - prev[1]) / (now - prev[0]))
            self._last[key] = (now, c.requests)
        alive = {(c.broker, c.peer) for c in rows}
        for key in [k for k in self._last if k not in alive]:
            self._last.pop(key, None)
            self._rates.pop(key, None)
        self._replace_rows(rows, lambda c: (c.broker, c.peer))

    def group_text(self, c: ClientConnection) -> str:
        if not c.group_id:
            return ""
        return f"{c.group_id} ({c.member_id})" if c.member_id else c.group_id

    def producer_text(self, c: ClientConnection) -> str:
        """What the wire shows of a producer's settings: acks, idempotence, transactional id."""
        if c.acks is None and not c.idempotent and not c.transactional_id:
            return ""
        parts = [] if c.acks is None else ["acks=all" if c.acks == -1 else f"acks={c.acks}"]
        if c.transactional_id:
            parts.append(self.tr("transactional ({0})").format(c.transactional_id))
        elif c.idempotent:
            parts.append(self.tr("idempotent"))
        return ", ".join(parts)

    def connection(self, index: int) -> ClientConnection:
        return self._rows[index]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            match col:
                case 0:
                    return str(c.broker)
                case 1:
                    return c.client_id
                case 2:
                    return c.client_software
                case 3:  # on a secured listener: which, and who the client authenticated as
                    return c.peer if c.listener == "PLAINTEXT" else f"{c.peer} · {c.listener} · {c.principal}"
                case 4:
                    return time.strftime("%H:%M:%S", time.localtime(c.since))
                case 5:
                    rate = self._rates.get((c.broker, c.peer))
                    return "…" if rate is None else f"{rate:.1f}"
                case 6:
                    return _bytes(c.bytes_in)
                case 7:
                    return _bytes(c.bytes_out)
                case 8:
                    return ", ".join(c.produces)
                case 9:
                    return ", ".join(c.fetches)
                case 10:
                    return self.group_text(c)
                case 11:
                    return self.producer_text(c)
                case 12:
                    return ", ".join(c.apis[:6])
        if role == Qt.ItemDataRole.ToolTipRole and col == C_GROUP and c.member_id:
            return self.tr("group {0}, member {1}").format(c.group_id, c.member_id)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (C_BROKER, C_RATE, C_IN, C_OUT):
            return RIGHT
        return None
