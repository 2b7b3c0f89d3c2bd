"""A parsed JSON Schema as the registry keeps it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class JsonSchema:
    canonical: str
    schema: Any
    references: dict[str, Any] = field(default_factory=dict)
