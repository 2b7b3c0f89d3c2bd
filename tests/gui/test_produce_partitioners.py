"""Issue 9 item 3: the produce dialog predicts the partition per partitioner — the Java client's and
kafka-python's murmur2, librdkafka's default consistent_random (CRC32) — checked against where the
real clients put the records, and says (and does) which one it sends with."""

from __future__ import annotations

from confluent_kafka import Producer
from kafka import KafkaProducer
from PySide6.QtCore import Qt

from clients.partitioners import CONSISTENT_RANDOM, MURMUR2
from engine.control.commands import CreateTopic

KEYS = ["user2", "user-1", "order-42", "k", "device-9", "ü-unicode", "a-much-longer-key-with-some-text-in-it",
        *[f"customer-{i}" for i in range(25)]]


def kafka_python_partitions(bootstrap: str, topic: str) -> dict[str, int]:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks=1)
    try:
        return {k: producer.send(topic, key=k.encode(), value=b"kp").get(timeout=20).partition for k in KEYS}
    finally:
        producer.close()


def librdkafka_partitions(bootstrap: str, topic: str) -> dict[str, int]:
    producer = Producer({"bootstrap.servers": bootstrap, "acks": 1, "linger.ms": 0})  # its default partitioner
    placed: dict[str, int] = {}
    for k in KEYS:
        producer.produce(topic, key=k.encode(), value=b"ck",
                         on_delivery=lambda err, msg, k=k: placed.__setitem__(k, -1 if err else msg.partition()))
    assert producer.flush(20) == 0
    return placed


def test_predictions_match_the_real_clients(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    reply = window.run_command(CreateTopic(name="keys", partitions=5, replication_factor=1))
    qtbot.waitUntil(reply.done, timeout=10_000)
    qtbot.waitUntil(lambda: window.image is not None and window.image.topic("keys") is not None, timeout=10_000)
    bootstrap = window.session.bootstrap
    assert bootstrap is not None
    java_like = kafka_python_partitions(bootstrap, "keys")
    librdkafka = librdkafka_partitions(bootstrap, "keys")
    assert len(set(java_like.values())) > 1 and set(librdkafka.values()) <= set(range(5))
    assert java_like != librdkafka  # the two families really disagree on these keys

    dialog = window.produce("keys")
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    murmur, crc = dialog.client_predictions[MURMUR2], dialog.client_predictions[CONSISTENT_RANDOM]
    assert "murmur2" in dialog.client_labels[MURMUR2].text() and "Java" in dialog.client_labels[MURMUR2].text()
    assert "consistent_random" in dialog.client_labels[CONSISTENT_RANDOM].text()
    for key in KEYS:
        dialog.key.setText(key)
        assert murmur.text() == f"→ partition {java_like[key]}", key
        assert crc.text() == f"→ partition {librdkafka[key]}", key

    # the example: user2 on 5 partitions — murmur2 says 4, librdkafka's CRC32 says 0
    dialog.key.setText("user2")
    assert (murmur.text(), crc.text()) == ("→ partition 4", "→ partition 0")
    assert dialog.prediction.text() == "This dialog sends with murmur2 → partition 4 of 5"
    dialog.value.setPlainText("hello")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Delivered to partition" in dialog.result_label.text(), timeout=20_000)
    assert dialog.result_label.text().startswith("Delivered to partition 4 ")

    # choose librdkafka's default: the dialog says so, and the record lands where it says
    dialog.partitioner.setCurrentIndex(dialog.partitioner.findData(CONSISTENT_RANDOM))
    assert dialog.prediction.text() == "This dialog sends with consistent_random (CRC32) → partition 0 of 5"
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.text().startswith("Delivered to partition 0 "), timeout=20_000)

    # no key: nothing to predict; each family's behaviour in words
    dialog.null_key.setChecked(True)
    assert "sticks to one partition per batch" in murmur.text() and "random" in crc.text()
    assert "not predictable" in dialog.prediction.text()
    # a chosen partition: no partitioner runs
    dialog.partition.setCurrentIndex(dialog.partition.findData(2))
    assert "partition 2" in dialog.prediction.text() and not dialog.partitioner.isEnabled()
