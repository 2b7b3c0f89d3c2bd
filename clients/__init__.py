"""Kafka client code shared by the command line (``kafkalab``) and the desktop app (``gui``).

Everything here speaks only the Kafka protocol, through confluent-kafka, so it works against the
embedded cluster and against any Kafka cluster alike. No Qt and nothing of the engine: calls block
(the app runs them on :class:`gui.tasks.Worker` threads), errors are :class:`clients.errors.KafkaOpError`
with Apache Kafka's error names, and nothing prints — the callers decide how to show things.
"""
