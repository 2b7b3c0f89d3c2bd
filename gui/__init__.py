"""Kafka Lab desktop app (PySide6 + pyqtgraph). Reads the engine only through ``engine.observe``."""

from gui._pyside_compat import immortalize_singletons

immortalize_singletons()
