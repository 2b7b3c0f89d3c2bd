"""Issue 12: presenter mode — one switch (View → Presenter mode, F5) scales the fonts (zoom Ctrl+= /
Ctrl+- / Ctrl+0), turns on high contrast and thick lines, hides the admin docks, fits 1024×768 and
1280×720 projectors in both languages, is remembered between runs, and switching it off gives back
exactly what was there."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from gui.presenter import ADMIN_DOCKS, DEFAULT_ZOOM

SCREENS = ((1024, 768), (1280, 720))


def look(window) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What presenter mode changes, as the user sees it."""
    app = QApplication.instance()
    docks = {d.objectName(): d.isVisible() for d in window.findChildren(QDockWidget)}
    return {"font": app.font().toString(), "qss": app.styleSheet(),
            "window": app.palette().color(QPalette.ColorRole.Window).name(),
            "text": app.palette().color(QPalette.ColorRole.WindowText).name(),
            "label": window.cluster_view.grid_title.fontInfo().pixelSize(), "docks": docks,
            "theme": window.cluster_view.theme}


def off_screen(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Visible docks, the central widget and the status bar that reach outside the window."""
    area = window.rect()
    out = []
    for w in [*window.findChildren(QDockWidget), window.centralWidget(), window.statusBar(), window.menuBar()]:
        if isinstance(w, QWidget) and w.isVisible() and not w.visibleRegion().isEmpty():  # not a hidden tab
            r = QRect(w.mapTo(window, w.rect().topLeft()), w.size())
            if not area.contains(r):
                out.append(f"{w.objectName() or type(w).__name__}: {r} outside {area}")
    return out


def test_presenter_mode_scales_fits_and_restores(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    window.apply_size(1280, 720)
    QApplication.processEvents()
    before = look(window)
    presenter, actions = window.classroom.presenter, window.classroom.actions
    assert not presenter.active and not actions.zoom_in_action.isEnabled()

    actions.toggle_action.trigger()  # View → Presenter mode (F5)
    QApplication.processEvents()
    assert presenter.active and actions.toggle_action.isChecked()
    on = look(window)
    base = QApplication.instance().font()
    assert on["label"] >= 1.4 * before["label"], (before["label"], on["label"])  # type: ignore[operator]
    assert (on["window"], on["text"]) == ("#ffffff", "#000000")  # high contrast
    assert window.cluster_view.theme.presenter and window.cluster_view.theme.line_width >= 2
    for name in ADMIN_DOCKS:
        assert not on["docks"][name], name  # type: ignore[index]
    assert window.classroom.zoom_control.isVisible()
    assert window.settings.presenter

    # the zoom control: Ctrl+= / Ctrl+- / Ctrl+0
    size = base.pointSizeF()
    actions.zoom_in_action.trigger()
    assert presenter.zoom == DEFAULT_ZOOM + 0.25 and window.settings.presenter_zoom == DEFAULT_ZOOM + 0.25
    assert abs(QApplication.instance().font().pointSizeF() - size / DEFAULT_ZOOM * (DEFAULT_ZOOM + 0.25)) < 0.01
    for _ in range(10):
        actions.zoom_in_action.trigger()
    assert presenter.zoom == 2.5 and not actions.zoom_in_action.isEnabled()
    actions.reset_zoom_action.trigger()
    assert presenter.zoom == DEFAULT_ZOOM and abs(QApplication.instance().font().pointSizeF() - size) < 0.01
    assert window.classroom.zoom_control.label.text() == "Presenter ×1.5"

    # a 1024×768 and a 1280×720 projector, in both languages: the whole window on the screen
    for language in ("en", "ko"):
        window.set_language(language)
        for width, height in SCREENS:
            window.apply_size(width, height)
            QApplication.processEvents()
            hint = window.minimumSizeHint()
            assert hint.width() <= width and hint.height() <= height, (language, width, height, hint)
            assert (window.width(), window.height()) == (width, height), (language, window.size())
            assert not off_screen(window), (language, width, off_screen(window))
            assert window.classroom.zoom_control.isVisible()
    window.set_language("en")
    window.apply_size(1280, 720)

    actions.toggle_action.trigger()  # off: exactly what was there
    QApplication.processEvents()
    assert not presenter.active and not window.settings.presenter
    assert look(window) == before


def test_presenter_mode_is_remembered(make_window, settings, qtbot) -> None:  # type: ignore[no-untyped-def]
    # the last run left presenter mode on at ×1.75 (the switch and the zoom write these settings)
    settings.presenter = True
    settings.presenter_zoom = DEFAULT_ZOOM + 0.25
    window = make_window(start=False)
    presenter = window.classroom.presenter
    assert presenter.active and presenter.zoom == DEFAULT_ZOOM + 0.25
    assert window.classroom.actions.toggle_action.isChecked() and not window.topics_dock.isVisible()
    normal = presenter.normal_state()
    window.close()  # the layout saved at exit is the normal one, not presenter mode's
    assert normal is not None and settings.window_state()[1] == normal and settings.presenter
    window.themes.set_presentation(None)  # the next test's window starts from the application's own font
    assert QApplication.instance().font() == window.themes.base_font
