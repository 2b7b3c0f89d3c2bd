"""Views built after the window's first paint: the charts (pyqtgraph, whose import and plot construction are
about a second of the start-up on 2 cores) take their place in the window at once — a "Loading the charts…"
line — and are built once the window shows the cluster, or when anything reads them before that.

A :class:`LazyView` stands for the view: the window wires it like the view itself. Calls of the methods named
``deferred`` (the ones the window makes on every image: ``add_rates``, ``clear``, ``set_theme`` …) are kept
until the view exists and then replayed in order; any other attribute builds the view at once and is the
view's. Its layout holds the view (capability notes and overlays that other modules put on it stay on top).

:func:`build_when_settled` (``gui.app``) builds every waiting view once the window shows running brokers
(the start-up's end, so the charts never delay the cluster), or the engine fails, or after ``fallback_ms``;
without it (tests, windows not started by ``gui.app``) a view that is shown builds itself after
``SHOWN_BUILD_MS``. The charts' factories are in :mod:`gui.views.lazy_charts`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

SHOWN_BUILD_MS = 1500  # a shown view builds itself this long after it is first shown (unless build_when_settled)
PAINTED_MS = 300  # build_when_settled: after the first image with every broker running, time for it to be painted


class LazyView(QWidget):
    built = Signal(QWidget)

    def __init__(self, factory: Callable[[], QWidget], deferred: Iterable[str], name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._deferred = frozenset(deferred)
        self._calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self._view: QWidget | None = None
        self.build_seconds = 0.0
        self.builds_when_shown = True
        if name:
            self.setObjectName(f"Lazy{name}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._placeholder = QLabel()
        self._placeholder.setObjectName("Muted")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)  # never wider than the charts would be (presenter zoom at 1024×768)
        self._placeholder.setMinimumWidth(1)
        self._placeholder.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self._placeholder, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if self._view is None:
            self._placeholder.setText(self.tr("Loading the charts…"))

    @property
    def is_built(self) -> bool:
        return self._view is not None

    def view(self) -> QWidget:
        """The view, built now if it is not yet."""
        if self._view is None:
            started = time.monotonic()
            view = self._factory()
            self._view = view
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.removeWidget(self._placeholder)
            self._placeholder.deleteLater()
            layout.addWidget(view, 1)
            self.setFocusProxy(view)
            calls, self._calls = self._calls, []
            for name, args, kwargs in calls:
                getattr(view, name)(*args, **kwargs)
            self.build_seconds = time.monotonic() - started
            log.debug("built %s in %.3f s", type(view).__name__, self.build_seconds)
            self.built.emit(view)
        return self._view

    def __getattr__(self, name: str) -> Any:
        # only for names a QWidget does not have: the view's own (methods, attributes)
        if name.startswith("_"):
            raise AttributeError(name)
        if self._view is None and name in self._deferred:
            return lambda *args, **kwargs: self._calls.append((name, args, kwargs))
        return getattr(self.view(), name)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._view is None and self.builds_when_shown:
            QTimer.singleShot(SHOWN_BUILD_MS, self, self._build_if_waiting)

    def _build_if_waiting(self) -> None:
        if self._view is None and self.builds_when_shown:
            self.view()


def build_waiting(window: QWidget) -> int:
    """Build the views of ``window`` still waiting (how many)."""
    views = [v for v in window.findChildren(LazyView) if not v.is_built]
    for v in views:
        v.view()
    return len(views)


def build_when_settled(window: Any, fallback_ms: int = 10_000) -> QObject:
    """Build the waiting views ``PAINTED_MS`` after the window first shows all its brokers running (the image
    painted, the start-up over), or when the engine fails, or ``fallback_ms`` after this call — whichever comes
    first. The views no longer build themselves when shown: on a loaded machine that could come before the
    brokers and hold them up."""
    trigger = QObject(window)
    timer = QTimer(trigger)
    timer.setSingleShot(True)
    for view in window.findChildren(LazyView):
        view.builds_when_shown = False

    def go(delay_ms: int = 0) -> None:
        if not timer.isActive():
            return  # once
        timer.stop()
        QTimer.singleShot(delay_ms, trigger, lambda: build_waiting(window))

    def on_image(image: Any) -> None:
        if image is not None and image.brokers and all(b.state == "running" for b in image.brokers):
            go(PAINTED_MS)

    window.bridge.imageChanged.connect(on_image)
    window.session.failed.connect(lambda _message: go())
    timer.timeout.connect(lambda: build_waiting(window))
    timer.start(fallback_ms)
    return trigger
