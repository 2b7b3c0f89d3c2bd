"""The X-ray's models with made-up rows: error text, filters, causes, the clients' request rates."""

from __future__ import annotations

from engine.observe.events import FaultInjected, IsrShrunk, LeaderElected
from engine.observe.xray import ClientConnection, ExchangeRow
from gui.models.xray_cause import cause_of
from gui.models.xray_model import ClientsTableModel, XrayFilterProxy, XrayTableModel, errors_text


def row(seq: int, api: str = "Produce", errors: tuple[str, ...] = (), places: tuple[str, ...] = (),
        ts: float = 100.0, fault: str = "", client: str = "app") -> ExchangeRow:
    return ExchangeRow(seq=seq, ts=ts, broker=1, peer="127.0.0.1:5000", client_id=client,
                       client_software="confluent-kafka-python/2.16.1", api=api, api_key=0, version=10,
                       correlation_id=seq, request_bytes=100, response_bytes=50, latency_ms=1.0, errors=errors,
                       error_places=places, topics=("orders",), fault=fault)


def test_errors_text_counts_repeats() -> None:
    r = row(1, errors=("NOT_LEADER_OR_FOLLOWER",) * 2, places=("orders-0", "orders-1"))
    assert errors_text(r) == "NOT_LEADER_OR_FOLLOWER ×2 (orders-0, orders-1)"
    assert errors_text(row(2)) == ""


def test_filters(qapp) -> None:  # type: ignore[no-untyped-def]
    model = XrayTableModel()
    model.append([row(1), row(2, api="Fetch", client="reader"), row(3, errors=("NOT_ENOUGH_REPLICAS",),
                                                                    places=("orders-0",))])
    proxy = XrayFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filters(api="fetch")
    assert proxy.rowCount() == 1
    proxy.set_filters(error="enough")
    assert proxy.rowCount() == 1
    proxy.set_filters(client="confluent", topic="ord")
    assert proxy.rowCount() == 3
    proxy.set_filters(errors_only=True)
    assert proxy.rowCount() == 1


def test_error_rows_link_to_their_cause() -> None:
    elected = LeaderElected(time_ms=99_000, topic="orders", partition=0, old_leader=1, new_leader=2,
                            leader_epoch=4, reason="leader down")
    shrunk = IsrShrunk(time_ms=99_500, topic="orders", partition=1, old_isr=(1, 2), new_isr=(1,))
    fault = FaultInjected(time_ms=98_000, fault_id="F3", fault="error", description="error Produce …")
    events = [fault, elected, shrunk]
    assert cause_of(row(1, errors=("NOT_LEADER_OR_FOLLOWER",), places=("orders-0",)), events) is elected
    assert cause_of(row(2, errors=("NOT_ENOUGH_REPLICAS",), places=("orders-1",)), events) is shrunk
    assert cause_of(row(3, errors=("NOT_ENOUGH_REPLICAS",), places=("orders-1",), ts=99.0), events) is None  # before
    assert cause_of(row(4, errors=("NOT_LEADER_OR_FOLLOWER",), fault="F3"), events) is fault
    assert cause_of(row(5, errors=("UNKNOWN_TOPIC_OR_PARTITION",), places=("orders-0",)), events) is None


def test_clients_rate_from_two_lists(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ClientsTableModel()

    def conn(requests: int) -> ClientConnection:
        return ClientConnection(broker=0, peer="127.0.0.1:1", client_id="a", client_software="x/1", since=0.0,
                                requests=requests, bytes_in=10, bytes_out=20, apis=("Produce",))
    model.set_connections([conn(10)], now=1.0)
    assert model.index(0, 5).data() == "…"
    model.set_connections([conn(30)], now=3.0)
    assert model.index(0, 5).data() == "10.0"
    model.set_connections([], now=4.0)
    assert model.rowCount() == 0


def test_clients_address_names_a_secured_listener_and_its_principal(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ClientsTableModel()
    plain = ClientConnection(broker=0, peer="127.0.0.1:1", client_id="a", client_software="x/1", since=0.0,
                             requests=1, bytes_in=1, bytes_out=1)
    secure = ClientConnection(broker=0, peer="127.0.0.1:2", client_id="b", client_software="x/1", since=0.0,
                              requests=1, bytes_in=1, bytes_out=1, listener="SASL_SSL", principal="User:alice")
    model.set_connections([plain, secure], now=1.0)
    assert [model.index(i, 3).data() for i in range(2)] == ["127.0.0.1:1", "127.0.0.1:2 · SASL_SSL · User:alice"]
