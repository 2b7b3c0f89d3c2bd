"""The cluster time machine in the app (issue 13): the timeline bar under the cluster view, the replay
banner, and File → Record session / Save session… / Open session….

The app always records what the engine sends (the bridge's ``liveImage``/``liveEvents``) into an
in-memory ring (:class:`~engine.observe.recording.Recorder`). Dragging the timeline, stepping (← →) or
playing puts the bridge in replay: every view gets the image *as it was* through the usual
``imageChanged`` (the event log is rebuilt with the events up to that instant, events crossed going
forward arrive as ``eventsArrived``), the engine's own images are held back and commands refused
until "Live". An opened session (``.kafkalab-session``) replays the same way, with or without an engine."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMenu, QMessageBox

from engine.control.commands import Mark
from engine.observe import ClusterImage, EngineEvent
from engine.observe import events as ev
from engine.observe.recording import SUFFIX, Recorder, RecordingError, Session
from gui.chart_rewind import ChartRewind
from gui.models.event_model import NOT_LOGGED
from gui.recording_feeder import RecordingFeeder
from gui.widgets.timeline import Marker, TimelineBar, clock_text

log = logging.getLogger(__name__)

TICK_MS = 33  # playback and scrubbing: at most ~30 images a second
EVENT_LOG_ROWS = 2000  # events put back in the event log when jumping


def marker_of(e: EngineEvent) -> Marker | None:
    """The timeline marker of a notable event (None for the rest: commits, heartbeats …)."""
    if isinstance(e, ev.BrokerDown | ev.BrokerPaused):
        return Marker(e.time_ms, "kill", f"{e.kind} {e.broker_id}")
    if isinstance(e, ev.BrokerStarted | ev.BrokerResumed):
        return Marker(e.time_ms, "start", f"{e.kind} {e.broker_id}")
    if isinstance(e, ev.LeaderElected):
        return Marker(e.time_ms, "election", f"{e.kind} {e.topic}-{e.partition} → {e.new_leader}")
    if isinstance(e, ev.RebalanceCompleted):
        return Marker(e.time_ms, "rebalance", f"{e.kind} {e.group_id} gen {e.generation}")
    if isinstance(e, ev.LabReset):
        return Marker(e.time_ms, "lesson", e.kind)
    if isinstance(e, ev.MarkAdded):
        return Marker(e.time_ms, "lesson" if e.category == "lesson" else "mark", e.label)
    if isinstance(e, ev.FaultInjected | ev.FaultCleared):
        return Marker(e.time_ms, "fault", e.kind)
    if isinstance(e, ev.IsrShrunk | ev.IsrExpanded | ev.TopicCreated | ev.TopicDeleted):
        return Marker(e.time_ms, "other", e.kind)
    return None


class TimeMachine(QObject):
    def __init__(self, window: Any) -> None:
        """``window``: the :class:`gui.main_window.MainWindow` (typed loosely: this module is below it)."""
        super().__init__(window)
        self.window: Any = window
        self.bridge = window.bridge
        self.recorder = Recorder()  # the ring the timeline scrubs while the engine runs
        self.file_recorder: Recorder | None = None  # "Record session": streamed to a file
        self.feeder = RecordingFeeder(lambda: [r for r in (self.recorder, self.file_recorder) if r is not None])
        self.live_markers: list[Marker] = []
        self.charts = ChartRewind(window)  # the throughput and lag charts as they were
        self.session: Session | None = None  # what is being replayed
        self.session_markers: list[Marker] = []
        self.position: int | None = None  # ms; None: live
        self._target: int | None = None
        self._saved_events: list[EngineEvent] = []
        self._locked = False
        self.bar = TimelineBar()
        self.banner = QLabel()
        self.banner.setObjectName("ReplayBanner")
        self.banner.setStyleSheet("#ReplayBanner { background: #e65100; color: white; font-weight: bold; "
                                  "padding: 4px 8px; }")
        self.banner.hide()
        layout = window.centralWidget().layout()
        layout.insertWidget(1, self.banner)  # type: ignore[attr-defined]
        layout.addWidget(self.bar)
        self._scrub_timer = QTimer(self)
        self._scrub_timer.setSingleShot(True)
        self._scrub_timer.setInterval(TICK_MS)
        self._scrub_timer.timeout.connect(self._apply_target)
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(TICK_MS)
        self._play_timer.timeout.connect(self._play_tick)
        self._build_actions()
        self.bridge.liveImage.connect(self._on_live_image)
        self.bridge.liveEvents.connect(self._on_live_events)
        self.window.view_frames.imageReady.connect(lambda _image: self._lock_commands())  # after the views took it
        self.bar.track.scrubbed.connect(self.scrub)
        self.bar.track.stepRequested.connect(self.step)
        self.bar.liveRequested.connect(self.go_live)
        self.bar.playToggled.connect(self._on_play)
        self.bar.set_live(True)
        self.retranslate_ui()

    def _build_actions(self) -> None:
        w = self.window
        self.record_action = QAction(w, checkable=True)
        self.record_action.toggled.connect(self._on_record_toggled)
        self.save_action = QAction(w)
        self.save_action.triggered.connect(lambda: self.save_session())
        self.open_action = QAction(w)
        self.open_action.triggered.connect(lambda: self.open_session())
        menu = w.menus.file_menu
        before = w.menus.restart_engine_action
        menu.insertSeparator(before)
        for a in (self.record_action, self.save_action, self.open_action):
            menu.insertAction(before, a)
        menu.insertSeparator(before)
        self.mark_action = QAction(w)
        self.mark_action.setShortcut(QKeySequence("Ctrl+M"))
        self.mark_action.triggered.connect(lambda: self.add_marker())
        self.live_action = QAction(w)
        self.live_action.triggered.connect(self.go_live)
        self.time_menu = QMenu(w)
        w.menuBar().insertMenu(w.menus.help_menu.menuAction(), self.time_menu)  # before Help, as menu bars go
        for a in (self.mark_action, self.live_action, self.record_action, self.save_action, self.open_action):
            self.time_menu.addAction(a)

    def add_marker(self, label: str | None = None) -> None:
        """A teacher's marker on the timeline, labelled (asked for when not given); recorded by the engine."""
        if label is None:
            label, ok = QInputDialog.getText(self.window, self.tr("Add marker"), self.tr("Marker label:"))
            if not ok:
                return
        label = label.strip() or self.tr("marker")
        self.bridge.command(Mark(label=label, category="note"), self._on_marked)

    def _on_marked(self, reply: Any) -> None:
        if not reply.ok:
            self.window.statusBar().showMessage(self.tr("No marker: {0}").format(reply.error or ""), 5000)

    def retranslate_ui(self) -> None:
        self.time_menu.setTitle(self.tr("Time &machine"))
        self.mark_action.setText(self.tr("Add marker…"))
        self.live_action.setText(self.tr("Back to live"))
        self.record_action.setText(self.tr("Record session…"))
        self.save_action.setText(self.tr("Save session…"))
        self.open_action.setText(self.tr("Open session…"))
        self._show_banner()

    # -- recording -----------------------------------------------------------------------------
    def _on_live_image(self, image: ClusterImage) -> None:
        self.feeder.offer(image)  # diffed and stored on the feeder's thread
        if self.position is None:
            self.bar.track.set_range(self.recorder.start_ms or image.time_ms, image.time_ms)

    def _on_live_events(self, events: list[EngineEvent]) -> None:
        for e in events:
            self.recorder.add_event(e)
            if self.file_recorder is not None:
                self.file_recorder.add_event(e)
            m = marker_of(e)
            if m is not None:
                self.live_markers.append(m)
        start = self.recorder.start_ms
        if self.live_markers and start and self.live_markers[0].time_ms < start:  # dropped from the ring
            self.live_markers = [m for m in self.live_markers if m.time_ms >= start]
        if self.position is None:
            self.bar.track.set_markers(self.live_markers)

    def _on_record_toggled(self, on: bool) -> None:
        if on and self.file_recorder is None:
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Record session"), "session" + SUFFIX,
                                                  self.tr("Kafka Lab sessions (*{0})").format(SUFFIX))
            if not path or not self.start_recording(path):
                self.record_action.setChecked(False)
        elif not on:
            self.stop_recording()

    def start_recording(self, path: str | Path) -> bool:
        try:
            recorder = Recorder(path, ring_bytes=0)
        except OSError as e:
            QMessageBox.warning(self.window, self.tr("Record session"), str(e))
            return False
        with self.feeder.lock:
            if self.bridge.live_image is not None:
                recorder.add_image(self.bridge.live_image)
            self.file_recorder = recorder
        self.record_action.setChecked(True)
        self.window.statusBar().showMessage(self.tr("Recording the session to {0}").format(path), 5000)
        return True

    def stop_recording(self) -> None:
        self.feeder.drain()
        with self.feeder.lock:
            rec, self.file_recorder = self.file_recorder, None
        if rec is not None:
            rec.close()
            self.window.statusBar().showMessage(self.tr("Session saved to {0}").format(rec.path), 5000)
        self.record_action.setChecked(False)

    def save_session(self, path: str | Path | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save session"), "session" + SUFFIX,
                                                  self.tr("Kafka Lab sessions (*{0})").format(SUFFIX))
            if not path:
                return False
        try:
            self.feeder.drain()
            size = self.recorder.save(path)
        except OSError as e:
            QMessageBox.warning(self.window, self.tr("Save session"), str(e))
            return False
        self.window.statusBar().showMessage(self.tr("Session saved to {0} ({1} kB)").format(path, size // 1024), 5000)
        return True

    def open_session(self, path: str | Path | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open session"), "",
                                                  self.tr("Kafka Lab sessions (*{0})").format(SUFFIX))
            if not path:
                return False
        try:
            session = Session.open(path)
            if not session:
                raise RecordingError(self.tr("the recording holds no image"))
        except RecordingError as e:
            QMessageBox.warning(self.window, self.tr("Open session"), str(e))
            return False
        self._enter(session)
        self.seek(session.start_ms)
        return True

    # -- replay --------------------------------------------------------------------------------
    def _enter(self, session: Session) -> None:
        if not self.bridge.replaying:
            self._saved_events = [r.event for r in self.window.event_model.rows()]
        self.session = session
        self.session_markers = [m for e in session.events(acks=False) if (m := marker_of(e)) is not None]
        self.position = None
        self.bar.track.set_range(session.start_ms, session.last_ms)
        self.bar.track.set_markers(self.session_markers)
        self.window.groups_view.sampling = False
        self.charts.enter()
        self.bridge.start_replay()
        self._lock_commands()
        self.bar.set_live(False)

    def scrub(self, t_ms: int) -> None:
        """The track was dragged to ``t_ms``: shown within a tick (drags are coalesced)."""
        if self.session is None:
            session = self.recorder.session()
            if not session:
                return
            self._enter(session)
        self._target = t_ms
        if not self._scrub_timer.isActive():
            self._apply_target()
            self._scrub_timer.start()

    def _apply_target(self) -> None:
        if self._target is not None:
            t, self._target = self._target, None
            self.seek(t)

    def seek(self, t_ms: int) -> None:
        """Every view shows the cluster as it was at ``t_ms`` (clamped to the recording)."""
        session = self.session
        if session is None:
            return
        t = min(max(t_ms, session.start_ms), session.last_ms)
        previous, self.position = self.position, t
        image = session.image_at(t)
        self.charts.ledger(session, t)  # before the image: the ledger dock tallies it then
        if previous is not None and t >= previous:
            self.bridge.show_past(image, session.events(previous + 1, t, acks=False) if t > previous else None)
        else:  # back in time (or a first jump): the event log as it was then
            model = self.window.event_model
            model.clear()
            logged = [e for e in session.events(until_ms=t, acks=False) if e.kind not in NOT_LOGGED]
            model.append_events(logged[-EVENT_LOG_ROWS:])
            self.bridge.show_past(image)
        self.bar.track.set_position(t)
        self._show_banner()
        self.charts.show(session, t, self.tr("replay — {0}").format(clock_text(t)))

    def step(self, direction: int) -> None:
        """To the previous / next marked event (from the present: the last one)."""
        if self.session is None:
            session = self.recorder.session()
            if not session:
                return
            self._enter(session)
        assert self.session is not None
        here = self.position if self.position is not None else self.session.last_ms + 1
        times = sorted({m.time_ms for m in self.session_markers})
        if direction > 0:
            later = [t for t in times if t > here]
            target = later[0] if later else self.session.last_ms
        else:
            earlier = [t for t in times if t < here]
            target = earlier[-1] if earlier else self.session.start_ms
        self.seek(target)

    def _on_play(self, on: bool) -> None:
        if not on:
            self._play_timer.stop()
            return
        if self.session is None:
            session = self.recorder.session()
            if not session:
                self.bar.play_button.setChecked(False)
                return
            self._enter(session)
            self.seek(session.start_ms)
        self._play_timer.start()

    def _play_tick(self) -> None:
        if self.session is None or self.position is None:
            self._play_timer.stop()
            return
        if self.position >= self.session.last_ms:
            self.bar.play_button.setChecked(False)
            return
        self.seek(self.position + round(TICK_MS * self.bar.speed))

    def go_live(self) -> None:
        self._play_timer.stop()
        self._scrub_timer.stop()
        self._target = None
        self.session = None
        self.position = None
        self.charts.leave()  # the ledger first: end_replay shows the live image
        held = self.bridge.end_replay()
        model = self.window.event_model
        model.clear()
        model.append_events(self._saved_events + held)
        self._saved_events = []
        self.window.groups_view.sampling = True
        self.bar.set_live(True)
        self.bar.track.set_markers(self.live_markers)
        if self.bridge.live_image is not None:
            self.bar.track.set_range(self.recorder.start_ms or self.bridge.live_image.time_ms,
                                     self.bridge.live_image.time_ms)
        self._lock_commands()
        self._show_banner()

    def _show_banner(self) -> None:
        if self.position is None:
            self.banner.hide()
            self.bar.time_label.setText(self.tr("live"))
            return
        name = self.session.name if self.session is not None and self.session.name else ""
        text = self.tr("replay — {0}").format(clock_text(self.position))
        self.banner.setText(f"{text}   ({name})" if name else text)
        self.banner.show()
        self.bar.time_label.setText(clock_text(self.position))

    def _lock_commands(self) -> None:
        """While replaying, nothing that commands the cluster is enabled (the bridge refuses them too)."""
        w = self.window
        replaying = self.bridge.replaying
        if not replaying and not self._locked:
            return
        self._locked = replaying
        m = w.menus
        for a in (m.new_topic_action, m.produce_action, m.kill_action, m.crash_action, m.pause_action,
                  m.restart_broker_action, m.elect_action):
            if replaying:
                a.setEnabled(False)
            elif a in (m.new_topic_action, m.produce_action, m.elect_action):
                a.setEnabled(True)
        cards = w.cluster_view.cards_scroll.widget()
        if cards is not None:
            cards.setEnabled(not replaying)
        w.load_view.setEnabled(not replaying)
        if not replaying:
            w._update_broker_actions()
