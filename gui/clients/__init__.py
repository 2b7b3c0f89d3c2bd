"""Kafka clients for the data views (confluent-kafka; no Qt). Everything here blocks: it runs on
:class:`gui.tasks.Worker` threads, never on the GUI thread, and talks only the Kafka protocol, so
the same code works against any Kafka cluster."""
