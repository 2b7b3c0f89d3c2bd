"""The charts are built after the window's first paint (gui.widgets.lazy_view, a second of the start-up on 2 cores):
until then the window is usable — the welcome panel and its buttons, the cluster view with its brokers — and
the chart docks say "Loading the charts…"; once the cluster runs the charts are built, with what the window
told them while they waited (replayed in order), and a view read before that is built on the spot."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.settings import Settings
from gui.theme import DARK
from gui.widgets.lazy_view import LazyView, build_when_settled
from tests.gui.conftest import running_brokers
from tests.gui.shots import screenshot_dir


def test_window_is_usable_while_its_charts_wait(make_window, qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    window = make_window(start=False)
    throughput, lag_chart = window.throughput_view, window.groups_view.chart
    assert isinstance(throughput, LazyView) and isinstance(lag_chart, LazyView)
    assert not throughput.is_built and not lag_chart.is_built
    placeholder = throughput.findChild(type(window.engine_label))
    assert placeholder is not None and placeholder.text() == "Loading the charts…"
    throughput.set_show_internal(True)  # the window's calls wait for the view …

    # the first run: the welcome panel, usable at once; the engine starts and its brokers appear
    assert window.welcome.show_if_first_run(settings)
    panel = window.welcome.panel
    assert panel.isVisible() and panel.sample_button.isEnabled() and panel.lesson_button.isEnabled()
    build_when_settled(window, fallback_ms=120_000)  # as gui.app does: once the window shows the running brokers
    window.session.start()
    window.grab().save(str(screenshot_dir() / "startup-charts-waiting.png"))
    qtbot.waitUntil(lambda: running_brokers(window) == 3, timeout=30_000)
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)  # "Show the cluster"
    qtbot.waitUntil(lambda: window.cluster_view.isVisible() and len(window.cluster_view.cards) == 3, timeout=5_000)

    # … and are replayed once it is built; it then draws the cluster's rates like any chart
    qtbot.waitUntil(lambda: throughput.is_built and lag_chart.is_built, timeout=30_000)
    assert throughput.show_internal is True
    qtbot.waitUntil(lambda: "in:0" in throughput.brokers.series and throughput.redraws > 0, timeout=10_000)
    window.grab().save(str(screenshot_dir() / "startup-charts-built.png"))


def test_reading_a_waiting_view_builds_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.views.lazy_charts import lazy_throughput_view

    view = lazy_throughput_view()
    qtbot.addWidget(view)
    view.set_theme(DARK)  # a deferred method: kept, nothing is built yet
    assert not view.is_built
    assert view.topics.series == {}  # any other attribute is the view's: built now, the call replayed
    assert view.is_built and view.focusProxy() is view.view() and view.theme is DARK
