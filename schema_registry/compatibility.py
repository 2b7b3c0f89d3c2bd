"""Compatibility levels, as Confluent's ``CompatibilityChecker``.

BACKWARD: the new schema reads data written with the latest registered one; FORWARD: the latest reads
data written with the new one; FULL: both. The ``_TRANSITIVE`` levels check against every
registered (not deleted) version instead of only the latest. NONE checks nothing.
"""

from __future__ import annotations

from .schemas import ParsedSchema, backward_errors

LEVELS = ("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE")
DEFAULT_LEVEL = "BACKWARD"


def check(level: str, new: ParsedSchema, previous: list[tuple[int, ParsedSchema]]) -> list[str]:
    """Messages explaining why ``new`` is incompatible with ``previous`` (ascending versions) under ``level``;
    an empty list when it is compatible."""
    if level == "NONE" or not previous:
        return []
    targets = previous if level.endswith("_TRANSITIVE") else previous[-1:]
    base = level.removesuffix("_TRANSITIVE")
    messages: list[str] = []
    for version, old in reversed(targets):
        errors: list[str] = []
        if base in ("BACKWARD", "FULL"):
            errors += backward_errors(new, old)
        if base in ("FORWARD", "FULL"):
            errors += backward_errors(old, new)
        if errors:
            messages += errors
            messages += [f"{{oldSchemaVersion: {version}}}", f"{{oldSchema: '{old.canonical.strip()}'}}"]
    if messages:
        messages.append(f"{{compatibility: '{level}'}}")
    return messages
