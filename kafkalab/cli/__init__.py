"""The command-line tools, like Apache Kafka's: ``topics`` (kafka-topics), ``console-producer``,
``console-consumer``, ``consumer-groups``, ``snapshot`` (the cluster image any Kafka cluster
answers) and ``reassign-partitions`` (kafka-reassign-partitions). Argument parsing and printing
only: everything that talks to Kafka is in :mod:`clients`, so these tools work against any Kafka
cluster."""

from __future__ import annotations

from collections.abc import Sequence

TOOLS = frozenset({"topics", "console-producer", "console-consumer", "consumer-groups", "snapshot",
                   "reassign-partitions"})


def run_tool(name: str, argv: Sequence[str]) -> int:
    """Run the tool ``name`` with its arguments; its exit code. Each tool is imported when run, so
    ``kafkalab`` opens the app without loading them."""
    if name == "topics":
        from kafkalab.cli import topics

        return topics.main(argv)
    if name == "console-producer":
        from kafkalab.cli import console_producer

        return console_producer.main(argv)
    if name == "console-consumer":
        from kafkalab.cli import console_consumer

        return console_consumer.main(argv)
    if name == "consumer-groups":
        from kafkalab.cli import consumer_groups

        return consumer_groups.main(argv)
    if name == "snapshot":
        from kafkalab.cli import snapshot

        return snapshot.main(argv)
    if name == "reassign-partitions":
        from kafkalab.cli import reassign_partitions

        return reassign_partitions.main(argv)
    raise KeyError(name)
