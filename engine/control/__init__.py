"""engine.control — commands to the embedded cluster (the only way the GUI changes it).

:class:`ClusterControl` runs on the engine loop; every command returns a JSON-able result or
raises :class:`~engine.protocol.errors.KafkaError` / ``ValueError`` with a readable message.
The same command names travel over the GUI channel (see :mod:`engine.control.channel`).
"""

from engine.control.commands import COMMANDS, ClusterControl

__all__ = ["COMMANDS", "ClusterControl"]
