"""The lesson player's place in the main window: :func:`install_lesson_player` makes the dock (one call
from the main window) and :func:`show_in_window` brings a step's view forward and selects the broker /
partition it talks about in the cluster view (hooks the main window has; a missing one is skipped)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from gui.settings import app_data_dir
from gui.views.dock_room import give_room, room_when_opened
from gui.views.lesson_player_folders import App, FolderAppsDialog
from gui.views.lesson_player_lab import GuiLab
from gui.views.lesson_player_view import LessonPlayerView
from gui.widgets.scroll_dock import scrollable

# a step's ``show`` → the object name of the dock that shows it (docks of other features may be absent)
VIEW_DOCKS = {"record_flow": "recordFlowDock", "acks_ledger": "acksLedgerDock", "groups": "GroupsDock",
              "topics": "TopicsDock", "partition_log": "PartitionLogDock", "messages": "MessagesDock",
              "event_log": "EventLogDock", "controller": "controllerDock", "cluster": "", "folders": "", "terminal": ""}


def install_lesson_player(window: QMainWindow, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
                          ) -> tuple[QDockWidget, LessonPlayerView]:
    """The dock (objectName ``LessonPlayerDock``) on ``window`` (the main window: its bridge, data
    clients, cluster view and docks), wired to the app's language. One call from the main window."""
    w: Any = window
    lab = GuiLab(w.bridge, lambda: w.data.bootstrap, window)
    view = LessonPlayerView(lab, lambda name, highlight: show_in_window(window, name, highlight))
    dock = QDockWidget(window)
    dock.setObjectName("LessonPlayerDock")
    dock.setWidget(scrollable(view))  # a short dock scrolls instead of squashing the choices
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.addDockWidget(area, dock)
    dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+L"))
    room_when_opened(window, dock, getattr(w, "throughput_dock", None), getattr(w, "load_dock", None))  # not 80 px
    languages = getattr(w, "languages", None)
    if languages is not None:
        view.set_language(languages.current)
        languages.changed.connect(view.set_language)
    view.dock = dock
    # the course notes' source and target applications, from the File menu
    action = QAction(window)
    action.triggered.connect(lambda *_: open_folder_apps(window, view))

    def add_to_menu() -> None:  # the main window builds its menus after its docks
        menus = getattr(w, "menus", None)
        if menus is not None:
            menus.file_menu.insertAction(menus.restart_engine_action, action)

    QTimer.singleShot(0, add_to_menu)
    view.folders_action = action
    view.retranslate_ui()
    dock.hide()
    return dock, view


def show_in_window(window: QMainWindow, name: str, highlight: dict[str, Any]) -> None:
    """Bring the view ``name`` forward and select the broker / partition of ``highlight`` in the
    cluster view (hooks the main window has; a missing one is skipped)."""
    w: Any = window
    dock_name = VIEW_DOCKS.get(name, "")
    partition = _partition(highlight.get("partition"))
    if dock_name:
        dock = window.findChild(QDockWidget, dock_name)
        if dock is not None:
            dock.show()
            dock.raise_()
    topic = highlight.get("topic") or (partition[0] if partition is not None else None)
    flow = getattr(getattr(w, "classroom", None), "record_flow", None)
    if name == "record_flow" and isinstance(topic, str) and flow is not None:
        flow.show_topic(topic)  # the step's records, not the newest of whatever topic sorts first
    if name == "partition_log" and partition is not None and hasattr(w, "show_partition_log"):
        w.show_partition_log(*partition)
    cluster = getattr(w, "cluster_view", None)
    if cluster is None:
        return
    broker = highlight.get("broker")
    if isinstance(broker, int) and not isinstance(broker, bool):
        cluster.select_broker(broker)
    if partition is not None:
        model, grid = cluster.model, cluster.grid
        row = model.row_of(*partition)
        if row >= 0:
            col = model.broker_column(broker) if isinstance(broker, int) and not isinstance(broker, bool) else 0
            index = model.index(row, max(0, col))
            grid.setCurrentIndex(index)
            grid.scrollTo(index)


def _partition(value: Any) -> tuple[str, int] | None:
    """``"acks-0"`` → ("acks", 0)."""
    if not isinstance(value, str) or "-" not in value:
        return None
    topic, _, index = value.rpartition("-")
    return (topic, int(index)) if index.isdigit() else None


def open_folder_apps(window: QMainWindow, view: LessonPlayerView) -> FolderAppsDialog:
    """The folder apps dialog (one, kept while the window lives: its apps run on when it is closed)."""
    w: Any = window
    dialog = getattr(view, "folder_apps", None)
    if dialog is None:
        def topics() -> list[str]:
            image = w.image
            return [t.name for t in image.topics if not t.internal] if image is not None else []

        def lesson_apps() -> list[App]:
            runner = view.runner
            if runner is None:
                return []
            ctx = runner.ctx
            return [("source", n, a) for n, a in list(ctx.sources.items())] + \
                [("sink", n, a) for n, a in list(ctx.sinks.items())]

        dialog = FolderAppsDialog(lambda: w.data.bootstrap, topics, app_data_dir() / "folders", lesson_apps, window)
        view.folder_apps = dialog
    dialog.show()
    dialog.raise_()
    return dialog


def open_first_lesson(dock: QDockWidget, view: LessonPlayerView) -> None:
    """The welcome panel's "Start the first lesson": the lesson player dock shown on the course's first lesson,
    its Start button focused — the lesson resets the lab, so it begins when the student presses Start."""
    if view.lessons:
        view.select(view.lessons[0].id)
    dock.show()
    window: Any = dock.parentWidget()
    give_room(window, dock, getattr(window, "throughput_dock", None), getattr(window, "load_dock", None))
    view.start_button.setFocus()
