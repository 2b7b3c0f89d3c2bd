"""Events of the app itself, shown in the event log beside the engine's (no engine sends them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from engine.observe import EngineEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineStopped(EngineEvent):
    """The app saw the engine process end; ``cause`` in words (the signal, the last traceback line …)."""

    kind: ClassVar[str] = "EngineStopped"
    exit_code: int | None
    cause: str
