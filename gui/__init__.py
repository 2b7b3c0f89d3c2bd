"""Kafka Lab desktop app (PySide6 + pyqtgraph). Reads the engine only through ``engine.observe``.

PySide6-Essentials is pinned below 6.12 in pyproject.toml: the 6.12 wheels drop references to
``None`` on CPython 3.11 and abort the interpreter after a few thousand Qt calls."""
