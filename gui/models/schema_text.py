"""Schema texts for the schemas dock: Avro and JSON schemas pretty-printed (so two versions diff line by line),
and a unified diff between two versions."""

from __future__ import annotations

import difflib
import json


def pretty(schema: str, schema_type: str) -> str:
    """Avro / JSON Schema as indented JSON; Protobuf (``.proto`` text) as it is."""
    if schema_type in ("AVRO", "JSON"):
        try:
            return json.dumps(json.loads(schema), indent=2, ensure_ascii=False)
        except ValueError:
            return schema
    return schema


def diff(old: str, new: str, old_name: str, new_name: str) -> str:
    """``old`` → ``new`` as a unified diff (pretty-printed first); "" when they are the same."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), old_name, new_name, lineterm="", n=3)
    return "\n".join(lines)
