"""The groups view names each group's protocol (issue 17): a group of confluent-kafka consumers with
``group.protocol=consumer`` (KIP-848) shows as a consumer-protocol group with its server-side
assignor, both members and the partitions split between them."""

from __future__ import annotations

from confluent_kafka import Consumer

TOPIC = "kip848-view"
GROUP = "kip848-readers"


def test_a_consumer_protocol_group_shows_its_protocol(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    job = window.data.admin(lambda a: a.create_topic(TOPIC, 2, 1))
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert job.error is None, job.error
    consumers = [Consumer({"bootstrap.servers": window.data.bootstrap, "group.id": GROUP,
                           "group.protocol": "consumer", "log_level": 3}) for _ in range(2)]
    try:
        for c in consumers:
            c.subscribe([TOPIC])
        view = window.groups_view
        window.groups_dock.show()

        def shown() -> bool:
            for c in consumers:
                c.poll(0)
            g = view.groups.group(GROUP)
            return (g is not None and g.source == "image" and len(g.members) == 2 and view.select_group(GROUP)
                    and sorted(len(m.assignment) for m in g.members) == [1, 1])

        qtbot.waitUntil(shown, timeout=40_000)
        assert "group protocol: consumer (KIP-848)" in view.detail.text()
        assert "assignor: uniform" in view.detail.text()
    finally:
        for c in consumers:
            c.close()
