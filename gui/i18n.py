"""Runtime language switching: Kafka Lab's own .qm plus Qt's translations for standard dialogs.

Widgets retranslate themselves on ``QEvent.LanguageChange`` (Qt sends it to every widget when a
translator is installed or removed); models listen to :attr:`LanguageManager.changed`."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from gui.resources import resource_path

log = logging.getLogger(__name__)

LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}


def qm_path(language: str) -> Path:
    return resource_path("translations", f"kafkalab_{language}.qm")


def system_language() -> str:
    name = QLocale.system().name()  # e.g. "ko_KR"
    return "ko" if name.startswith("ko") else "en"


class LanguageManager(QObject):
    changed = Signal(str)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__()
        self._app = app
        self._translators: list[QTranslator] = []
        self.current = "en"

    def set_language(self, language: str) -> bool:
        """Switch to ``language`` ("en" or "ko"); returns False if its translation is missing."""
        if language not in LANGUAGES:
            language = "en"
        for t in self._translators:
            self._app.removeTranslator(t)
        self._translators.clear()
        ok = True
        if language != "en":
            own = QTranslator(self)
            if own.load(str(qm_path(language))):
                self._translators.append(own)
            else:
                log.warning("no compiled translation at %s (run 'make translations')", qm_path(language))
                ok = False
            qt = QTranslator(self)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{language}", qt_dir):
                self._translators.append(qt)
        for t in self._translators:
            self._app.installTranslator(t)
        # Qt posts LanguageChange to the windows; deliver it now so the switch is immediate
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.current = language if ok else "en"
        QLocale.setDefault(QLocale(QLocale.Language.Korean if self.current == "ko" else QLocale.Language.English))
        self.changed.emit(self.current)
        return ok
