"""The main window: composes the cluster view, the docks, menus and status bar; no logic of its own
beyond wiring bridge signals to views and view requests to control commands."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QVBoxLayout, QWidget

from engine.control.commands import BrokerCommand, Command, ElectPreferredLeaders, KillBroker, RestartBroker
from engine.observe import ClusterImage, EngineEvent
from gui import gc_tuning, view_frames
from gui.attach_controls import AttachControls
from gui.bridge import CommandReply, PendingCommand
from gui.classroom import Classroom
from gui.cluster_switch import ClusterSwitch
from gui.data_clients import DataClients
from gui.dialogs.about import show_about
from gui.dialogs.help import HelpDialog
from gui.dialogs.produce import ProduceDialog
from gui.dialogs.settings_dialog import SettingsDialog
from gui.engine_settings_actions import EngineSettingsActions
from gui.i18n import LanguageManager
from gui.lab_controls import LabControls
from gui.main_menus import MainMenus, MenuSlots
from gui.models.app_events import EngineStopped
from gui.models.event_model import EventLogModel
from gui.models.lag_history import LagHistory, history_key, load_history, save_history
from gui.models.telemetry import RateTracker, health_of
from gui.session import EngineSession
from gui.settings import Settings, app_data_dir
from gui.theme import Theme, ThemeManager
from gui.timemachine import TimeMachine
from gui.views.clients_scope import ClientsScope
from gui.views.cluster_view import ClusterView
from gui.views.debug_docks import DebugDocks
from gui.views.event_log_view import EventLogView
from gui.views.groups_view import GroupsView
from gui.views.lazy_charts import lazy_throughput_view
from gui.views.lesson_player_dock import install_lesson_player, open_first_lesson
from gui.views.load_generator_view import LoadGeneratorView
from gui.views.message_browser_view import MessageBrowserView
from gui.views.partition_log_view import PartitionLogView
from gui.views.schemas_view import SchemasView
from gui.views.topics_view import TopicsView
from gui.welcome import Welcome
from gui.widgets.banner import Banner
from gui.widgets.engine_overlay import EngineDownOverlay
from gui.widgets.registry_label import RegistryLabel, registry_url
from gui.widgets.scroll_dock import scrollable
from gui.widgets.status_widgets import BootstrapLabel, HealthLabel
from gui.window_layout import arrange_docks, screen_size

log = logging.getLogger(__name__)

R = TypeVar("R")


class MainWindow(QMainWindow):
    def __init__(self, session: EngineSession | ClusterSwitch, settings: Settings, themes: ThemeManager,
                 languages: LanguageManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.session = session
        self.bridge = session.bridge
        self.settings = settings
        self.themes = themes
        self.languages = languages
        self.rates = RateTracker()
        self.image: ClusterImage | None = None
        self.help_dialog: HelpDialog | None = None
        self.produce_dialog: ProduceDialog | None = None
        self.last_error = ""
        self._stop_noted = False  # the event log has its EngineStopped row for this engine
        self.engine_settings = EngineSettingsActions(self)  # File → Settings…, File → Storage
        self.data = DataClients(self)  # Kafka-protocol clients of the data views (worker threads)
        self.lag_history = LagHistory()
        self._build_central()
        self._build_docks()
        self._build_data_docks()
        self.lesson_dock, self.lesson_player = install_lesson_player(self)
        self._build_status_bar()
        # every data view says so when the engine is gone (the event log gets a row instead)
        self.overlays = [EngineDownOverlay(w) for w in (
            self.cluster_view.grid, self.throughput_view, self.load_view, self.topics_view, self.partition_view,
            self.browser_view, self.groups_view, self.schemas_view)]
        self.menus = MainMenus(self, self._menu_slots(), settings.storage, (
            self.event_dock, self.throughput_dock, self.load_dock, self.topics_dock, self.partition_dock,
            self.browser_dock, self.groups_dock, self.schemas_dock, self.lesson_dock))
        self.lab = LabControls(self, session, settings, self.menus.file_menu, self.restart_engine)  # data dir, reset
        self.welcome = Welcome(self, self.data, self.centralWidget(), self.cluster_view, self.menus.help_menu,
                               self.show_help, self.browse_topic, self.topics_view.live_brokers)  # first run
        self.welcome.on_lesson = lambda: open_first_lesson(self.lesson_dock, self.lesson_player)
        self.debug_docks = DebugDocks(self, self._command_with_callback,  # X-ray, clients, fault palette
                                      lambda: [r.event for r in self.event_model.rows()])
        self.clients_scope = ClientsScope(self.cluster_view, self.debug_docks)  # broker card/partition → clients
        self._connect_engine()
        self.classroom = Classroom(self)  # presenter mode, record flow, acks ledger, controller (issue 12)
        self._restore_layout()
        self._apply_theme(themes.current)
        self.retranslate_ui()
        self._on_session_state(session.state)
        self.attach = AttachControls(self)  # external clusters: menu, status line, capabilities
        self.classroom.start()
        self.time_machine = TimeMachine(self)  # timeline bar, replay, sessions (issue 13)

    # -- construction ----------------------------------------------------------------------------
    def _build_central(self) -> None:
        """The banner over the cluster view."""
        self.banner = Banner()
        self.banner.restartRequested.connect(self.restart_engine)
        self.cluster_view = ClusterView()
        self.cluster_view.commandRequested.connect(self.run_command)
        self.cluster_view.brokerSelected.connect(lambda _bid: self._update_broker_actions())
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.cluster_view, 1)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        """The event log below; throughput and the load generator on the right."""
        self.event_model = EventLogModel(self)
        self.event_view = EventLogView(self.event_model)
        self.cluster_view.internal_box.toggled.connect(self.event_view.proxy.set_show_internal)
        self.throughput_view = lazy_throughput_view()  # pyqtgraph: built after the first paint
        self.cluster_view.internal_box.toggled.connect(self.throughput_view.set_show_internal)
        self.load_view = LoadGeneratorView(self._command_with_callback)
        self.event_dock = self._dock("EventLogDock", self.event_view, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.throughput_dock = self._dock("ThroughputDock", self.throughput_view, Qt.DockWidgetArea.RightDockWidgetArea)
        self.load_dock = self._dock("LoadGeneratorDock", self.load_view, Qt.DockWidgetArea.RightDockWidgetArea,
                                    scroll=True)
        self.splitDockWidget(self.throughput_dock, self.load_dock, Qt.Orientation.Vertical)

    def _build_data_docks(self) -> None:
        """The data views: tabs next to the event log."""
        self.topics_view = TopicsView(self.data)
        self.partition_view = PartitionLogView(self._command_with_callback, self.data, self.bridge)
        self.browser_view = MessageBrowserView(self.data)
        self.groups_view = GroupsView(self.data, self.lag_history)
        self.schemas_view = SchemasView(self.data)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.topics_dock = self._dock("TopicsDock", self.topics_view, bottom, scroll=True)
        self.partition_dock = self._dock("PartitionLogDock", self.partition_view, bottom, scroll=True)
        self.browser_dock = self._dock("MessagesDock", self.browser_view, bottom, scroll=True)
        self.groups_dock = self._dock("GroupsDock", self.groups_view, bottom, scroll=True)
        self.schemas_dock = self._dock("SchemasDock", self.schemas_view, bottom, scroll=True)
        for dock in (self.topics_dock, self.partition_dock, self.browser_dock, self.groups_dock, self.schemas_dock):
            self.tabifyDockWidget(self.event_dock, dock)
        self.event_dock.raise_()
        self.topics_view.browseRequested.connect(self.browse_topic)
        self.topics_view.partitionLogRequested.connect(self.show_partition_log)
        self.topics_view.produceRequested.connect(lambda t: self.produce(t))
        self.topics_view.message.connect(lambda m: self.statusBar().showMessage(m, 5000))
        self.groups_view.message.connect(lambda m: self.statusBar().showMessage(m, 5000))
        self.schemas_view.message.connect(lambda m: self.statusBar().showMessage(m, 5000))

    def _build_status_bar(self) -> None:
        self.bootstrap_label = BootstrapLabel()
        self.bootstrap_label.copied.connect(lambda a: self.statusBar().showMessage(self.tr("Copied {0}").format(a), 3000))
        self.health_label = HealthLabel()
        self.engine_label = QLabel()
        self.engine_label.setObjectName("Muted")
        self.statusBar().addPermanentWidget(self.health_label)
        self.statusBar().addPermanentWidget(self.engine_label)
        self.statusBar().addPermanentWidget(self.bootstrap_label)
        self.registry_label = RegistryLabel()
        self.registry_label.copied.connect(lambda a: self.statusBar().showMessage(self.tr("Copied {0}").format(a), 3000))
        self.statusBar().addPermanentWidget(self.registry_label)

    def _menu_slots(self) -> MenuSlots:
        view = self.cluster_view
        focus = [lambda: view.grid.setFocus(),
                 lambda: self._focus_dock(self.event_dock, self.event_view.focus_filter),
                 lambda: self._focus_dock(self.throughput_dock, self.throughput_view.setFocus),
                 lambda: self._focus_dock(self.load_dock, self.load_view.start_button.setFocus),
                 lambda: self._focus_dock(self.topics_dock, self.topics_view.filter_box.setFocus),
                 lambda: self._focus_dock(self.partition_dock, self.partition_view.topic.setFocus),
                 lambda: self._focus_dock(self.browser_dock, self.browser_view.table.setFocus),
                 lambda: self._focus_dock(self.groups_dock, self.groups_view.group_table.setFocus)]
        return MenuSlots(
            new_topic=self.new_topic, produce=self.produce, restart_engine=self.restart_engine,
            open_settings=self.open_settings, quit=self.close, set_storage=self.engine_settings.set_storage,
            kill=lambda: view.request_selected(lambda b: KillBroker(broker_id=b)),
            # kill -9 of the process: the OS page cache keeps unflushed writes
            crash=lambda: view.request_selected(lambda b: KillBroker(broker_id=b, lose_unflushed=False)),
            toggle_pause=view.toggle_pause_selected,
            restart_broker=lambda: view.request_selected(lambda b: RestartBroker(broker_id=b)),
            elect=lambda: self.run_command(ElectPreferredLeaders()), toggle_internal=view.internal_box.toggle,
            focus=focus, set_theme=self.set_theme, set_language=self.set_language,
            toggle_fullscreen=self.toggle_fullscreen, show_help=self.show_help,
            about=lambda: show_about(self, self.lab.location_text()))

    def _connect_engine(self) -> None:
        self.bridge.connected.connect(self._on_connected)
        self.view_frames = view_frames.connect(self.bridge, self)  # rows built off the GUI thread, then _on_image
        self.bridge.eventsArrived.connect(self._on_events)
        gc_tuning.install(self.bridge, self.view_frames.imageReady)
        self.session.stateChanged.connect(self._on_session_state)
        self.session.ready.connect(self._on_ready)
        self.session.failed.connect(self._on_failed)
        self.themes.changed.connect(self._apply_theme)
        self.languages.changed.connect(self._on_language)

    def _restore_layout(self) -> None:
        """The default size for this screen, then the geometry and dock layout the user left."""
        self.fit_to_screen()
        geometry, state = self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def fit_to_screen(self, width: int = 1440, height: int = 900) -> None:
        """The default size, never larger than the screen, and dock sizes in proportion."""
        self.apply_size(*screen_size(self, width, height))

    def apply_size(self, width: int, height: int) -> None:
        arrange_docks(self, width, height, self.event_dock, self.throughput_dock, self.load_dock)

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea, scroll: bool = False) -> QDockWidget:
        """A dock; ``scroll``: its content scrolls when the dock is smaller than it (1024×768 and
        1280×720 projectors), so no dock forces the window above the screen."""
        dock = QDockWidget(self)
        dock.setObjectName(name)
        dock.setWidget(scrollable(widget) if scroll else widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Kafka Lab"))
        self.menus.retranslate()
        self.event_dock.setWindowTitle(self.tr("Event log"))
        self.throughput_dock.setWindowTitle(self.tr("Throughput"))
        self.load_dock.setWindowTitle(self.tr("Load generator"))
        self.topics_dock.setWindowTitle(self.tr("Topics"))
        self.partition_dock.setWindowTitle(self.tr("Partition log"))
        self.browser_dock.setWindowTitle(self.tr("Messages"))
        self.groups_dock.setWindowTitle(self.tr("Consumer groups"))
        self.schemas_dock.setWindowTitle(self.tr("Schemas"))
        self._update_broker_actions()
        self._on_session_state(self.session.state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- engine → views --------------------------------------------------------------------------
    def _on_connected(self) -> None:
        self.rates.reset()
        self.event_model.clear()
        self.throughput_view.clear()
        self.cluster_view.clear()
        self.cluster_view.setEnabled(True)
        for overlay in self.overlays:
            overlay.hide()
        self._stop_noted = False
        self.groups_view.clear()
        self.data.set_schema_registry("")  # a new engine: its registry's ids are its own
        self.save_lag_history()  # the previous engine's, then this one's (a persistent cluster's comes back)
        load_history(self.lag_history, app_data_dir(), history_key(self.session.launch.data_dir, time.time()))

    def _on_image(self, image: ClusterImage) -> None:
        self.image = image
        self._set_client_bootstrap()
        rates = self.rates.update(image)
        self.cluster_view.set_image(image, rates)
        if rates is not None:
            self.throughput_view.add_rates(rates)
        self.load_view.set_image(image)
        self.topics_view.set_image(image)
        self.partition_view.set_image(image)
        self.browser_view.set_image(image)
        self.groups_view.set_image(image)
        if self.produce_dialog is not None:
            self.produce_dialog.set_image(image)
        self.health_label.set_health(health_of(image))
        self.registry_label.set_registry(image.schema_registry)
        self.data.set_schema_registry(registry_url(image))
        self._update_broker_actions()

    def _on_events(self, events: list[EngineEvent]) -> None:
        self.event_model.append_events(events)
        self.cluster_view.note_events(events)

    def _on_session_state(self, state: str) -> None:
        names = {"idle": self.tr("idle"), "starting": self.tr("starting"), "running": self.tr("running"),
                 "failed": self.tr("stopped unexpectedly"), "stopped": self.tr("stopped")}
        self.engine_label.setText(self.tr("Engine: {0}").format(names.get(state, state)))
        if state == "starting":
            self.banner.show_message(self.tr("Starting the Kafka cluster…"), kind="info", restart=False)
        elif state == "running":
            self.banner.hide()
        elif state == "failed":
            self.banner.show_message(self.session.failure or self.tr("The engine stopped."), kind="error")

    def _on_ready(self, bootstrap: str) -> None:
        usual = self.settings.port
        fallback = self.session.launch.port != usual and usual != 0
        self.bootstrap_label.set_address(bootstrap, usual if fallback else None)
        self._set_client_bootstrap()
        self.banner.hide()

    def _set_client_bootstrap(self) -> None:
        """The app's own clients bootstrap from every broker, so they start even while broker 0 is dead."""
        ready = self.session.bootstrap
        if ready is None:
            return
        addresses = [f"{b.host}:{b.port}" for b in self.image.brokers if b.port > 0] if self.image is not None else []
        bootstrap = ",".join(dict.fromkeys([ready, *addresses]))
        if bootstrap != self.data.bootstrap:
            self.load_view.set_bootstrap(bootstrap)
            self.data.set_bootstrap(bootstrap)

    def _on_failed(self, message: str) -> None:
        self.image = None
        self.banner.show_message(message, kind="error")
        self.load_view.set_bootstrap(None)
        self.data.set_bootstrap(None)
        self.health_label.set_health(None)
        self.bootstrap_label.set_address(None)
        self.cluster_view.set_engine_down()
        self.cluster_view.setEnabled(False)
        veil = self.tr("The engine stopped: this is the last state it reported.\n{0}").format(message)
        for overlay in self.overlays:
            overlay.show_message(veil)
        # the app saw the engine process end: a row of its own in the event log (not an engine event)
        if not self._stop_noted:
            self._stop_noted = True
            self.event_model.append_events([EngineStopped(time_ms=int(time.time() * 1000),
                                                          exit_code=self.session.exit_code, cause=message)])
        self._update_broker_actions()

    # -- user → engine ---------------------------------------------------------------------------
    def _command_with_callback(self, command: Command[R], callback: Callable[[CommandReply[R]], None]) -> None:
        self.bridge.command(command, callback)

    def run_command(self, command: Command[R]) -> PendingCommand[R]:
        """Send ``command``; a failure shows in the status bar (and ``last_error``)."""
        def done(reply: CommandReply[R]) -> None:
            if isinstance(command, BrokerCommand):
                self.cluster_view.set_pending(command.broker_id, None)
            if not reply.ok:
                self.last_error = self.tr("{0} failed: {1}").format(command.kind, reply.message())
                self.statusBar().showMessage(self.last_error, 10_000)
            elif isinstance(command, ElectPreferredLeaders) and isinstance(reply.result, tuple):
                self.statusBar().showMessage(self.tr("Preferred leaders elected for {0} partition(s)").format(
                    len(reply.result)), 5000)
        return self.bridge.command(command, done)

    def new_topic(self) -> None:
        self._focus_dock(self.topics_dock, lambda: None)
        self.topics_view.create_topic()

    def produce(self, topic: str | None = None) -> ProduceDialog:
        """The produce dialog (one at a time, non-modal so the browser stays usable)."""
        if self.produce_dialog is None:
            topics = [t.name for t in self.image.topics if not t.internal] if self.image is not None else []
            dialog = ProduceDialog(self.data, topics, self._partition_count, topic, self)
            if self.image is not None:
                dialog.set_image(self.image)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.destroyed.connect(lambda *_: setattr(self, "produce_dialog", None))
            dialog.finished.connect(lambda *_: setattr(self, "produce_dialog", None))
            self.produce_dialog = dialog
            self.classroom.watch_produce_dialog(dialog)
        elif topic:
            self.produce_dialog.topic.setCurrentText(topic)
        self.produce_dialog.show()
        self.produce_dialog.raise_()
        return self.produce_dialog

    def _partition_count(self, topic: str) -> int:
        t = self.image.topic(topic) if self.image is not None else None
        return len(t.partitions) if t is not None else 0

    def browse_topic(self, topic: str, partition: int | None = None) -> None:
        self._focus_dock(self.browser_dock, lambda: None)
        self.browser_view.show_topic(topic, partition)

    def show_partition_log(self, topic: str, partition: int = 0) -> None:
        self._focus_dock(self.partition_dock, lambda: None)
        self.partition_view.show_partition(topic, partition)

    def save_lag_history(self) -> None:
        try:
            save_history(self.lag_history, app_data_dir())
        except OSError as exc:
            log.warning("could not save the lag history: %s", exc)

    def restart_engine(self) -> None:
        self.load_view.stop()
        self.groups_view.fleet_panel.stop_all()
        self.data.set_bootstrap(None)
        self.bootstrap_label.set_address(None)
        self.session.restart()

    def open_settings(self) -> SettingsDialog:
        return self.engine_settings.open_settings()

    def _update_broker_actions(self) -> None:
        bid = self.cluster_view.selected_broker
        card = self.cluster_view.cards.get(bid) if bid is not None else None
        self.menus.update_broker_actions(card is not None and self.cluster_view.isEnabled(),
                                         card.display_state if card is not None else "")

    # -- look, language, layout ------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        self.settings.theme = name
        self.themes.apply(name)

    def _apply_theme(self, theme: Theme) -> None:
        self.menus.theme_actions[theme.name].setChecked(True)
        self.cluster_view.set_theme(theme)
        self.throughput_view.set_theme(theme)
        self.partition_view.set_theme(theme)
        self.groups_view.set_theme(theme)
        self.health_label.set_theme(theme)

    def set_language(self, code: str) -> None:
        self.settings.language = code
        self.languages.set_language(code)

    def _on_language(self, code: str) -> None:
        if code in self.menus.language_actions:
            self.menus.language_actions[code].setChecked(True)
        if self.help_dialog is not None:
            self.help_dialog.set_language(code)

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.menus.fullscreen_action.setChecked(self.isFullScreen())

    def show_help(self, topic: str | None = None) -> None:
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self.languages.current, self)
        if topic is not None:
            self.help_dialog.populate(topic)
        self.help_dialog.show()
        self.help_dialog.raise_()

    def _focus_dock(self, dock: QDockWidget, focus: Callable[[], None]) -> None:
        dock.show()
        dock.raise_()
        focus()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window_state(self.saveGeometry(), self.classroom.normal_state() or self.saveState())
        self.settings.sync()
        self.load_view.shutdown()
        self.shutdown_data_views()
        super().closeEvent(event)

    def shutdown_data_views(self) -> None:
        """Stop consumers, watchers and client threads; save the lag history."""
        self.save_lag_history()
        self.lesson_player.shutdown()
        self.groups_view.shutdown()
        self.partition_view.shutdown()
        self.browser_view.shutdown()
        self.data.shutdown()
