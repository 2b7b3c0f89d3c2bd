"""The charts, built after the window's first paint (:class:`gui.widgets.lazy_view.LazyView`): pyqtgraph is
imported when the first of them is built."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from gui.widgets.lazy_view import LazyView


def lazy_throughput_view() -> LazyView:
    """The throughput dock's view (:class:`gui.views.throughput_view.ThroughputView`), built lazily."""
    def build() -> QWidget:
        from gui.views.throughput_view import ThroughputView

        return ThroughputView()

    return LazyView(build, ("add_rates", "clear", "set_theme", "set_show_internal"),
                    "ThroughputView")


def lazy_lag_chart(history: Any) -> LazyView:
    """The consumer groups view's lag chart (:class:`gui.views.lag_chart.LagChart`), built lazily."""
    def build() -> QWidget:
        from gui.views.lag_chart import LagChart

        return LagChart(history)

    return LazyView(build, ("set_theme", "mark_dirty", "set_group", "emphasise"),
                    "LagChart")
