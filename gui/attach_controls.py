"""The main window's side of attaching to external clusters, kept out of ``main_window``.

:class:`AttachControls` (one per window) adds the File → Cluster menu (the embedded lab, the saved
profiles, "Connect to cluster…"), the status line's :class:`~gui.widgets.cluster_badge.ClusterBadge`
and the window title naming the cluster, switches the window's :class:`~gui.cluster_switch.ClusterSwitch`
and applies the current source's capabilities after every image: what only the embedded engine can
do (kill / pause / restart brokers, slow motion, elections, retention, the load generator) is disabled
with its one-line reason, views whose data the Kafka protocol lacks say so in a note, and a read-only
cluster disables every action that changes it (``DataClients.read_only``)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QLabel, QMenu, QWidget

from clients import capabilities as caps
from clients.capabilities import Capabilities
from clients.profiles import ProfileError, ProfileStore
from gui.cluster_switch import ClusterSwitch
from gui.external_session import AttachTarget, profile_target
from gui.widgets.cluster_badge import ClusterBadge
from gui.widgets.read_only import gate, gate_write

log = logging.getLogger(__name__)

CONNECT_SHORTCUT = "Ctrl+Shift+K"


def _note(view: QWidget) -> QLabel:
    """A one-line note at the top of ``view`` (hidden until a capability is missing)."""
    label = QLabel(view)
    label.setObjectName("CapabilityNote")
    label.setWordWrap(True)
    label.setStyleSheet("QLabel#CapabilityNote { border: 1px solid palette(mid); border-radius: 3px; padding: 3px; }")
    label.hide()
    layout = view.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, label)
    return label


class AttachControls(QObject):
    def __init__(self, window: Any, store: ProfileStore | None = None) -> None:
        super().__init__(window)
        self.w = window  # the MainWindow (not imported: it imports this module)
        self.store = store or ProfileStore()
        session = self.w.session
        self.switch: ClusterSwitch | None = session if isinstance(session, ClusterSwitch) else None
        self.dialog: Any = None
        self.badge = ClusterBadge()
        window.statusBar().insertPermanentWidget(0, self.badge)
        self.notes = {name: _note(getattr(window, name)) for name in (
            "partition_view", "throughput_view", "event_view", "load_view")}
        self._build_menu()
        self.w.view_frames.imageReady.connect(self.apply)  # after the window took the image (gui.view_frames)
        self.w.cluster_view.brokerSelected.connect(self.apply)  # the window re-enables the broker actions
        session.stateChanged.connect(self._on_state)
        session.ready.connect(self._on_ready)
        self._embedded_applied = False  # the lab needs nothing disabled: once after a switch is enough
        if self.switch is not None:
            self.switch.switched.connect(self._changed)
            self.switch.capabilitiesChanged.connect(lambda _c: self._changed())
        # the user changed the cluster (an admin call ended): poll again now rather than in 2 s
        self.w.data.admin_worker.busyChanged.connect(lambda busy: None if busy else self._refresh())
        welcome = getattr(window, "welcome", None)  # the first-run panel's "Connect to my cluster"
        if welcome is not None and self.switch is not None:
            welcome.on_connect = self.open_connect_dialog
        window.installEventFilter(self)
        self.retranslate_ui()
        self.apply()

    # -- menu ------------------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        w = self.w
        self.connect_action = QAction(w)
        self.connect_action.setShortcut(QKeySequence(CONNECT_SHORTCUT))
        self.connect_action.triggered.connect(lambda *_: self.open_connect_dialog())
        w.addAction(self.connect_action)
        self.embedded_action = QAction(w)
        self.embedded_action.setCheckable(True)
        self.embedded_action.triggered.connect(lambda *_: self.use_embedded())
        self.menu = QMenu(w)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.group = QActionGroup(self)
        file_menu = w.menus.file_menu
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertMenu(first, self.menu)
        file_menu.insertAction(first, self.connect_action)
        file_menu.insertSeparator(first)
        self.connect_action.setEnabled(self.switch is not None)
        self.menu.setEnabled(self.switch is not None)

    def _fill_menu(self) -> None:
        """The embedded lab, then every saved profile (checked: the one shown), then Connect…."""
        self.menu.clear()
        for a in self.group.actions():
            self.group.removeAction(a)
        self.menu.addAction(self.embedded_action)
        self.group.addAction(self.embedded_action)
        target = self.switch.target if self.switch is not None else None
        self.embedded_action.setChecked(target is None)
        try:
            profiles = self.store.profiles()
        except ProfileError as exc:
            profiles = []
            log.warning("%s", exc)
        if profiles:
            self.menu.addSeparator()
        for p in profiles:
            a = self.menu.addAction(p.name + (" " + self.tr("(read-only)") if p.read_only else ""))
            a.setCheckable(True)
            a.setChecked(target is not None and target.name == p.name)
            a.setToolTip(p.bootstrap_servers)
            a.triggered.connect(lambda *_, name=p.name: self.attach_profile(name))
            self.group.addAction(a)
        self.menu.addSeparator()
        self.menu.addAction(self.connect_action)

    # -- switching -------------------------------------------------------------------------------------
    def attach(self, target: AttachTarget) -> None:
        """Show the external cluster ``target`` (the window's clients get its settings first)."""
        if self.switch is None:
            return
        self._stop_clients()
        why = self.tr("read-only connection {0}").format(target.label) if target.read_only else ""
        self.w.data.set_connection(target.settings, why, target.label)
        self.switch.attach(target)

    def attach_profile(self, name: str, read_only: bool = False) -> bool:
        try:
            profile = self.store.get(name)
            target = profile_target(self.store, name, read_only, profile.colour)
        except ProfileError as exc:
            self.w.statusBar().showMessage(str(exc), 10_000)
            return False
        missing = [s for s in profile.secrets_needed() if s not in self.store.secrets(profile)]
        if missing:  # no keyring: the password is asked for again
            self.open_connect_dialog(profile.name)
            return False
        self.attach(target)
        return True

    def use_embedded(self) -> None:
        if self.switch is None or self.switch.target is None:
            return
        self._stop_clients()
        self.w.data.set_connection({}, "", "")
        self.switch.use_embedded()

    def _stop_clients(self) -> None:
        """The load generator and the app's consumers belong to the cluster being left."""
        self.w.load_view.stop()
        self.w.groups_view.fleet_panel.stop_all()

    def open_connect_dialog(self, profile: str | None = None) -> Any:
        from gui.dialogs.connect_dialog import ConnectDialog

        if self.dialog is None:
            self.dialog = ConnectDialog(self.store, self.w)
            self.dialog.connectRequested.connect(self.attach)
        if profile:
            self.dialog.load_profile(profile)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    # -- what the current source can do ----------------------------------------------------------------
    @property
    def capabilities(self) -> Capabilities:
        return self.switch.capabilities if self.switch is not None else caps.EMBEDDED

    def why(self, c: Capabilities, name: str) -> str | None:
        """Why ``c`` lacks ``name`` (None: it has it), in the user's language when it is the usual reason."""
        how = c.why_not(name)
        if how is None or how != caps.external().why_not(name):
            return how  # the cluster's own answer (an error name), or the read-only profile's
        usual = {
            caps.KILL_BROKER: self.tr("an external cluster's brokers are not Kafka Lab's to kill"),
            caps.PAUSE_BROKER: self.tr("an external cluster's brokers are not Kafka Lab's to pause"),
            caps.RESTART_BROKER: self.tr("an external cluster's brokers are not Kafka Lab's to restart"),
            caps.SLOW_MOTION: self.tr("replication speed is the external brokers' own"),
            caps.SEGMENTS: self.tr("segment files are on the brokers' disks"),
            caps.TRAFFIC_COUNTERS: self.tr("messages and bytes in/out are broker metrics (JMX), not in the Kafka "
                                           "protocol: the throughput charts stay empty"),
            caps.EVENTS: self.tr("no event stream: an external cluster's changes show in the next image, "
                                 "not as events here"),
        }
        return usual.get(name, how)

    def _changed(self) -> None:
        self._embedded_applied = False
        self.apply()

    def apply(self, *_args: object) -> None:
        """Disable what the source lacks (after the window re-enabled its actions for this image)."""
        w = self.w
        c = self.capabilities
        target = self.switch.target if self.switch is not None else None
        external = target is not None
        if not external and self._embedded_applied:
            return  # every image of the embedded lab: nothing to undo since the last time
        self._embedded_applied = not external
        menus, view = w.menus, w.cluster_view
        broker_actions = ((menus.kill_action, caps.KILL_BROKER), (menus.crash_action, caps.KILL_BROKER),
                          (menus.pause_action, caps.PAUSE_BROKER), (menus.restart_broker_action, caps.RESTART_BROKER))
        for action, name in broker_actions:  # the window has just enabled them for the selected broker
            gate(action, action.isEnabled(), self.why(c, name))
        for card in view.cards.values():
            for button, name in ((card.kill_button, caps.KILL_BROKER), (card.pause_button, caps.PAUSE_BROKER),
                                 (card.restart_button, caps.RESTART_BROKER)):
                gate(button, button.isEnabled(), self.why(c, name))
            card.rates.setVisible(c.available(caps.TRAFFIC_COUNTERS))  # no "0 B/s" that looks like data
        embedded_only = self.tr("only in the embedded lab: Kafka Lab runs its brokers") if external else ""
        lab = getattr(w, "lab", None)  # File → Reset lab… / throw-away lab: the embedded lab's
        lab_label = getattr(lab, "label", None)  # "Lab: …" in the status bar names the lab's directory
        if isinstance(lab_label, QLabel):
            lab_label.setVisible(not external)
        lab_actions = [getattr(lab, name) for name in ("reset_action", "throwaway_action") if hasattr(lab, name)]
        for widget in (menus.elect_action, view.elect_button, menus.restart_engine_action, *lab_actions):
            gate(widget, True, embedded_only)
        gate(view.slow_motion, True, self.why(c, caps.SLOW_MOTION))
        if external:  # the controller quorum is not visible to Kafka clients
            view.controller_card.hide()
        why_ro = w.data.read_only
        gate_write(menus.new_topic_action, True, why_ro)
        gate_write(menus.produce_action, True, why_ro)
        retention = w.partition_view.retention_button
        gate(retention, retention.isEnabled() or retention.property("gateTip") is not None, self.why(c, caps.SEGMENTS))
        w.load_view.setEnabled(not external)
        w.engine_label.setVisible(not external)
        self._notes(c, external)
        if target is None:
            self.badge.show_embedded()
        else:
            self.badge.show_external(target.name, target.bootstrap, not c.available(caps.WRITES), target.colour)
        self._title()

    def _notes(self, c: Capabilities, external: bool) -> None:
        texts = {
            "partition_view": self.tr(
                "Only the leader's log start and high watermark come through the Kafka protocol (ListOffsets): "
                "followers' offsets, the leader's log end and segment files stay on the brokers.")
            if not c.available(caps.PER_REPLICA_OFFSETS) else "",
            "throughput_view": self.why(c, caps.TRAFFIC_COUNTERS),
            "event_view": self.why(c, caps.EVENTS),
            "load_view": self.tr("The load generator needs the embedded lab: it creates its topic through the "
                                 "engine and audits deliveries against the leader's log.") if external else "",
        }
        for name, label in self.notes.items():
            text = texts.get(name) or ""
            label.setText(text)
            label.setVisible(bool(text))

    def _title(self) -> None:
        target = self.switch.target if self.switch is not None else None
        base = QCoreApplication.translate("MainWindow", "Kafka Lab")
        title = f"{base} — {target.label}" if target is not None else base
        if self.w.windowTitle() != title:
            self.w.setWindowTitle(title)

    def _refresh(self) -> None:
        external = self.switch.external if self.switch is not None else None
        if external is not None:
            external.refresh()

    def _on_ready(self, bootstrap: str) -> None:
        if self.switch is not None and self.switch.target is not None:  # the external cluster's own address
            self.w.bootstrap_label.set_address(bootstrap)

    def _on_state(self, state: str) -> None:
        target = self.switch.target if self.switch is not None else None
        if target is not None and state == "starting":
            self.w.banner.show_message(self.tr("Connecting to {0}…").format(target.label), kind="info", restart=False)

    # -- language --------------------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.connect_action.setText(self.tr("Connect to cluster…"))
        self.connect_action.setToolTip(self.tr("Attach to any Kafka cluster: bootstrap servers, SASL, TLS, "
                                               "saved profiles"))
        self.embedded_action.setText(self.tr("Embedded lab"))
        self.menu.setTitle(self.tr("Cluster"))
        self._changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.w and event.type() == QEvent.Type.LanguageChange:
            QTimer.singleShot(0, self.retranslate_ui)  # after the window's own retranslation
        return False

