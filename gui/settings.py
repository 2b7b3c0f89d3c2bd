"""Persistent user settings (QSettings in an INI file under appdirs' user config dir)."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs
from PySide6.QtCore import QByteArray, QSettings

APP_NAME = "kafkalab"
APP_AUTHOR = "KafkaLab"
DEFAULT_PORT = 9092
MAX_BROKERS = 9


def config_dir() -> Path:
    override = os.environ.get("KAFKALAB_CONFIG_DIR")
    return Path(override) if override else Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def app_data_dir() -> Path:
    """The app's data directory (the persistent cluster, saved lag histories, …)."""
    override = os.environ.get("KAFKALAB_DATA_DIR")
    return Path(override) if override else Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def data_dir() -> Path:
    """Where a persistent cluster keeps its logs (``--data-dir`` of the engine)."""
    return app_data_dir() / "cluster"


class Settings:
    """Typed access to the handful of things the app remembers."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "kafkalab.ini"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _str(self, key: str, default: str) -> str:
        value = self.qsettings.value(key, default)
        return str(value) if value is not None else default

    def _int(self, key: str, default: int) -> int:
        try:
            return int(str(self.qsettings.value(key, default)))
        except (TypeError, ValueError):
            return default

    # -- look and language -----------------------------------------------------------------------
    @property
    def theme(self) -> str:
        value = self._str("ui/theme", "light")
        return value if value in ("light", "dark") else "light"

    @theme.setter
    def theme(self, value: str) -> None:
        self.qsettings.setValue("ui/theme", value)

    @property
    def language(self) -> str:
        value = self._str("ui/language", "")
        return value if value in ("en", "ko") else ""

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("ui/language", value)

    @property
    def presenter(self) -> bool:
        """Presenter mode (:mod:`gui.presenter`) was on when the app last ran."""
        return self._str("ui/presenter", "false").lower() in ("true", "1")

    @presenter.setter
    def presenter(self, value: bool) -> None:
        self.qsettings.setValue("ui/presenter", "true" if value else "false")

    @property
    def presenter_zoom(self) -> float:
        try:
            return float(str(self.qsettings.value("ui/presenter_zoom", 1.5)))
        except (TypeError, ValueError):
            return 1.5

    @presenter_zoom.setter
    def presenter_zoom(self, value: float) -> None:
        self.qsettings.setValue("ui/presenter_zoom", float(value))

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    # -- engine ----------------------------------------------------------------------------------
    @property
    def storage(self) -> str:
        """``persistent`` (:func:`data_dir`, the default: a lab keeps its topics between runs) or
        ``temp`` (a throw-away directory per run)."""
        value = self._str("engine/storage", "persistent")
        return value if value in ("temp", "persistent") else "persistent"

    @storage.setter
    def storage(self, value: str) -> None:
        self.qsettings.setValue("engine/storage", value)

    @property
    def port(self) -> int:
        return self._int("engine/port", DEFAULT_PORT)

    @port.setter
    def port(self, value: int) -> None:
        self.qsettings.setValue("engine/port", int(value))

    @property
    def brokers(self) -> int:
        return max(1, min(MAX_BROKERS, self._int("engine/brokers", 3)))

    @brokers.setter
    def brokers(self, value: int) -> None:
        self.qsettings.setValue("engine/brokers", max(1, min(MAX_BROKERS, int(value))))

    @property
    def welcome_seen(self) -> bool:
        """The first-run welcome panel was shown once (it stays reachable from Help)."""
        return self._str("ui/welcome_seen", "false") == "true"

    @welcome_seen.setter
    def welcome_seen(self, value: bool) -> None:
        self.qsettings.setValue("ui/welcome_seen", "true" if value else "false")

    def sync(self) -> None:
        self.qsettings.sync()
