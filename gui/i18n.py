"""Runtime language switching: Kafka Lab's own .qm plus Qt's translations for its standard dialogs
(``qtbase_<lang>.qm`` from PySide6's translations directory, and ``qt_extra_<lang>.qm`` for the few
strings of Qt's dialogs that qtbase's translation lacks, e.g. QFileDialog's "&Look in:").

Widgets retranslate themselves on ``QEvent.LanguageChange`` (Qt sends it to every widget when a
translator is installed or removed); models listen to :attr:`LanguageManager.changed`."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from gui.resources import resource_path

log = logging.getLogger(__name__)

LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}


def qm_path(language: str, name: str = "kafkalab") -> Path:
    return resource_path("translations", f"{name}_{language}.qm")


def feature_qm_paths(language: str) -> list[Path]:
    """The features' own translations (``kafkalab-<feature>_<lang>.qm``), beside the main one."""
    return sorted(qm_path(language).parent.glob(f"kafkalab-*_{language}.qm"))


def qt_translation_dirs() -> list[str]:
    """Where Qt's own .qm files may be: Qt's configured path, then PySide6's package (a frozen app
    may report a path that does not exist)."""
    dirs = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    try:
        import PySide6

        dirs.append(str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations"))
    except (ImportError, TypeError):  # pragma: no cover
        pass
    return [d for d in dict.fromkeys(dirs) if d and Path(d).is_dir()]


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
            for feature in feature_qm_paths(language):  # kafkalab-<feature>_<lang>.qm
                t = QTranslator(self)
                if t.load(str(feature)):
                    self._translators.append(t)
            qt = QTranslator(self)
            if any(qt.load(f"qtbase_{language}", d) for d in qt_translation_dirs()):
                self._translators.append(qt)
            else:
                log.warning("Qt's own translation qtbase_%s.qm was not found: Qt's dialogs stay English", language)
            extra = QTranslator(self)
            if extra.load(str(qm_path(language, "qt_extra"))):
                self._translators.append(extra)
        for t in self._translators:
            self._app.installTranslator(t)
        # Qt posts LanguageChange to the windows; deliver it now so the switch is immediate
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.current = language if ok else "en"
        QLocale.setDefault(QLocale(QLocale.Language.Korean if self.current == "ko" else QLocale.Language.English))
        self.changed.emit(self.current)
        return ok
