"""Presenter mode: the app readable at the back of a room.

One switch (View → Presenter mode, F5 like a slide show; remembered between runs) turns on:

- fonts × the zoom (1.5 by default; Ctrl+= / Ctrl+- in steps of 0.25 between 1.25 and 2.5, Ctrl+0 back
  to 1.5), the stylesheet's pixel sizes with them;
- a high-contrast palette and thick lines (:func:`gui.theme.high_contrast`: borders, chart curves);
- the pointer: the selected broker card and the selected placement cells get a strong outline
  (:attr:`gui.theme.Theme.pointer`), and :meth:`PresenterMode.point_at` outlines any widget a lesson
  talks about;
- less clutter: the admin docks (topics, partition log, messages, consumer groups) are hidden — a
  lesson that needs one shows it again.

Switching off gives back exactly what was there: the font, the palette and stylesheet, and the dock
layout as it was when presenter mode started (:meth:`normal_state` is what the window saves while
presenter mode is on, so the next run starts from the normal layout too).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QMainWindow, QMenu, QToolButton, QWidget

from gui.settings import Settings
from gui.theme import Theme, ThemeManager

DEFAULT_ZOOM = 1.5
MIN_ZOOM = 1.25
MAX_ZOOM = 2.5
ZOOM_STEP = 0.25
# docks for administering a cluster rather than teaching with it: hidden in presenter mode
ADMIN_DOCKS = ("TopicsDock", "PartitionLogDock", "MessagesDock", "GroupsDock")


def clamp_zoom(zoom: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, round(zoom / ZOOM_STEP) * ZOOM_STEP))


class PointerOverlay(QWidget):
    """A thick outline drawn over the window around one widget (clicks pass through it)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("PresenterPointer")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.target: QWidget | None = None
        self.colour = QColor("#D55E00")
        self.width_px = 6
        self.hide()

    def point_at(self, target: QWidget | None) -> None:
        if self.target is not None:
            self.target.removeEventFilter(self)
        self.target = target
        if target is not None:
            target.installEventFilter(self)
        self.follow()

    def follow(self) -> None:
        t = self.target
        parent = self.parentWidget()
        if t is None or parent is None or not t.isVisible():
            self.hide()
            return
        pad = self.width_px
        top_left = t.mapTo(parent, t.rect().topLeft())
        self.setGeometry(QRect(top_left, t.size()).adjusted(-pad, -pad, pad, pad) & parent.rect())
        self.show()
        self.raise_()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self.follow()
        elif event.type() == QEvent.Type.Destroy:
            self.target = None
            self.hide()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        w = self.width_px
        painter.setPen(QPen(self.colour, w))
        painter.drawRoundedRect(self.rect().adjusted(w // 2, w // 2, -w // 2, -w // 2), 8, 8)


class PresenterMode(QObject):
    """Turns presenter mode on and off for one window (see the module docstring)."""

    changed = Signal(bool)  # on/off
    zoomChanged = Signal(float)

    def __init__(self, window: QMainWindow, themes: ThemeManager, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.themes = themes
        self.settings = settings
        self.active = False
        self.zoom = clamp_zoom(settings.presenter_zoom)
        self._normal_state: QByteArray | None = None
        self.pointer = PointerOverlay(window)
        themes.changed.connect(self._theme_changed)

    # -- the switch ------------------------------------------------------------------------------
    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        self.active = on
        self.settings.presenter = on
        if on:
            self._normal_state = self.window.saveState()
            for dock in self.admin_docks():
                dock.hide()
            self.themes.set_presentation(self.zoom)
        else:
            self.themes.set_presentation(None)
            if self._normal_state is not None:
                self.window.restoreState(self._normal_state)
            self._normal_state = None
            self.point_at(None)
        self.changed.emit(on)

    def toggle(self) -> None:
        self.set_active(not self.active)

    def normal_state(self) -> QByteArray | None:
        """The dock layout presenter mode will give back (None while it is off)."""
        return self._normal_state

    def admin_docks(self) -> list[QDockWidget]:
        found = (self.window.findChild(QDockWidget, name) for name in ADMIN_DOCKS)
        return [d for d in found if d is not None]

    # -- zoom ------------------------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        zoom = clamp_zoom(zoom)
        if zoom == self.zoom:
            return
        self.zoom = zoom
        self.settings.presenter_zoom = zoom
        if self.active:
            self.themes.set_presentation(zoom)
        self.zoomChanged.emit(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom + ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom - ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_ZOOM)

    # -- the pointer -----------------------------------------------------------------------------
    def point_at(self, widget: QWidget | None) -> None:
        """Outline ``widget`` (the thing being discussed); None removes the outline."""
        self.pointer.point_at(widget)

    def _theme_changed(self, theme: Theme) -> None:
        self.pointer.colour = QColor(theme.pointer)
        self.pointer.width_px = 6 if theme.presenter else 3
        self.pointer.follow()


class PresenterActions(QObject):
    """The View menu's part: Presenter mode (F5), Zoom in / out / reset (Ctrl+= / Ctrl+- / Ctrl+0),
    and a toggle for each classroom dock."""

    def __init__(self, window: QMainWindow, presenter: PresenterMode, menu: QMenu,
                 docks: Sequence[QDockWidget] = ()) -> None:
        super().__init__(window)
        self.presenter = presenter
        self.toggle_action = self._action(window, ["F5"], presenter.toggle, checkable=True)
        self.toggle_action.setChecked(presenter.active)
        self.zoom_in_action = self._action(window, ["Ctrl+=", "Ctrl++"], presenter.zoom_in)
        self.zoom_out_action = self._action(window, ["Ctrl+-"], presenter.zoom_out)
        self.reset_zoom_action = self._action(window, ["Ctrl+0"], presenter.reset_zoom)
        self.menu = QMenu(window)
        for a in (self.toggle_action, self.zoom_in_action, self.zoom_out_action, self.reset_zoom_action):
            self.menu.addAction(a)
        menu.addSeparator()
        for dock in docks:
            menu.addAction(dock.toggleViewAction())
        menu.addMenu(self.menu)
        presenter.changed.connect(self._sync)
        presenter.zoomChanged.connect(lambda _z: self._sync(presenter.active))
        self._sync(presenter.active)
        self.retranslate()

    @staticmethod
    def _action(window: QMainWindow, keys: list[str], slot: object, checkable: bool = False) -> QAction:
        a = QAction(window)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setCheckable(checkable)
        a.triggered.connect(lambda *_: slot())  # type: ignore[operator]
        window.addAction(a)  # the shortcut works wherever the focus is
        return a

    def _sync(self, on: bool) -> None:
        self.toggle_action.setChecked(on)
        for a in (self.zoom_in_action, self.zoom_out_action, self.reset_zoom_action):
            a.setEnabled(on)
        self.zoom_in_action.setEnabled(on and self.presenter.zoom < MAX_ZOOM)
        self.zoom_out_action.setEnabled(on and self.presenter.zoom > MIN_ZOOM)

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Presenter"))
        self.toggle_action.setText(self.tr("Presenter mode"))
        self.toggle_action.setToolTip(self.tr("Large fonts, high contrast, thick lines, the admin docks hidden"))
        self.zoom_in_action.setText(self.tr("Zoom in"))
        self.zoom_out_action.setText(self.tr("Zoom out"))
        self.reset_zoom_action.setText(self.tr("Reset zoom (×{0})").format(DEFAULT_ZOOM))


class ZoomControl(QWidget):
    """The status bar's zoom control in presenter mode: − ×1.5 +."""

    def __init__(self, presenter: PresenterMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ZoomControl")
        self.presenter = presenter
        self.minus = QToolButton()
        self.minus.setText("−")
        self.minus.clicked.connect(presenter.zoom_out)
        self.label = QLabel()
        self.plus = QToolButton()
        self.plus.setText("+")
        self.plus.clicked.connect(presenter.zoom_in)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.minus)
        layout.addWidget(self.label)
        layout.addWidget(self.plus)
        presenter.changed.connect(lambda _on: self._sync())
        presenter.zoomChanged.connect(lambda _z: self._sync())
        self._sync()

    def _sync(self) -> None:
        p = self.presenter
        self.setVisible(p.active)
        self.label.setText(self.tr("Presenter ×{0:g}").format(p.zoom))
        self.minus.setEnabled(p.zoom > MIN_ZOOM)
        self.plus.setEnabled(p.zoom < MAX_ZOOM)
        self.minus.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        self.plus.setToolTip(self.tr("Zoom in (Ctrl+=)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._sync()
        super().changeEvent(event)
