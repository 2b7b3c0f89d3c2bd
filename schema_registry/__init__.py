"""An embedded, Confluent-compatible Schema Registry (REST API, Avro / JSON Schema / Protobuf compatibility
checks) that keeps its state in a compacted ``_schemas`` topic of any Kafka cluster.

Independent of the engine: it talks to Kafka only through confluent-kafka clients.
"""

from .server import SchemaRegistry
from .thread import RegistryThread

__all__ = ["RegistryThread", "SchemaRegistry"]
