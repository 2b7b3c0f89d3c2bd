"""The lesson player dock: pick a lesson, read the step, let the class vote on the prediction, Reveal
(the step's actions run on a worker thread against the real engine, then its claims are checked and
shown ✓/✗ with the values found), step forward and back (back = reset + replay), Reset.

Keys, while the dock has focus: → or PgDn next step, ← or PgUp previous step, Space reveal,
1…4 a vote for that choice. The step's ``show`` brings its view forward (a dock found by its object
name; a view that is not there is skipped) and ``highlight`` selects the broker / partition in the
cluster view. Runs :class:`lessons.runner.LessonRunner` — the code ``kafkalab lesson run`` runs.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.views.lesson_player_lab import GuiLab
from gui.views.lesson_player_render import render_choices, render_outcome
from lessons.model import Lesson, LessonError, Step, Text, load_all
from lessons.runner import LessonRunner, StepOutcome

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries the worker's results to the GUI thread (signals emitted off it are queued)."""

    finished = Signal(object, object)  # callback, value
    progress = Signal(str)
    highlight = Signal(str, object)  # a step's view, its highlight resolved


class LessonPlayerView(QWidget):
    """The dock's content. ``lab``: the app's :class:`GuiLab`; ``show_view(name, highlight)``: bring a
    view forward and select what the step talks about (the main window's part)."""

    busyChanged = Signal(bool)
    stepShown = Signal(int)
    revealed = Signal(object)  # StepOutcome

    def __init__(self, lab: GuiLab, show_view: Callable[[str, dict[str, Any]], None] | None = None,
                 lessons: list[Lesson] | None = None, speed: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LessonPlayer")
        self.lab = lab
        self.show_view = show_view or (lambda _name, _highlight: None)
        self.speed = speed
        self.language = "en"
        try:
            self.lessons = lessons if lessons is not None else load_all()
        except LessonError as e:  # a broken lesson file: say so instead of failing the app
            log.warning("lessons: %s", e)
            self.lessons = []
        self.runner: LessonRunner | None = None
        self.words: dict[str, str] = {}
        self.folders_action: QAction | None = None  # File → Folder source and sink… (the dock installs it)
        self.folder_apps: Any = None  # its dialog, once opened
        self.dock: QDockWidget | None = None  # the dock it is in (its title follows the language)
        self.votes: list[int] = []
        self.outcome: StepOutcome | None = None
        self.busy = False
        self._kept_focus = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="lesson")
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finish)
        self._relay.progress.connect(self._on_progress)
        self._relay.highlight.connect(lambda name, values: self.show_view(name, values))
        self._build()
        self._build_keys()
        self.retranslate_ui()
        self._render()

    # -- construction ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.lesson_box = QComboBox()
        self.lesson_box.setObjectName("LessonBox")
        self.lesson_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lesson_box.setMinimumContentsLength(20)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.start_selected)
        self.both_box = QCheckBox()
        self.both_box.toggled.connect(lambda _on: self._render())
        top = QHBoxLayout()
        top.addWidget(self.lesson_box, 1)
        top.addWidget(self.start_button)

        self.other_title = QLabel()
        self.other_title.setObjectName("Muted")
        self.other_title.setWordWrap(True)  # "1. … · 1. …" in both languages: unwrapped it widened the dock
        self.step_label = QLabel()
        self.step_label.setObjectName("SectionTitle")
        self.step_label.setWordWrap(True)
        self.text_label = self._markdown_label()
        self.commands = QPlainTextEdit()
        self.commands.setReadOnly(True)
        self.commands.setObjectName("LessonCommands")
        self.commands.setMaximumHeight(90)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self._copy_commands)

        self.question_label = self._markdown_label()
        self.question_label.setObjectName("LessonQuestion")
        self.choices_box = QVBoxLayout()
        self.choice_buttons: list[QPushButton] = []

        self.reveal_button = QPushButton()
        self.reveal_button.setObjectName("RevealButton")
        self.reveal_button.clicked.connect(self.reveal)
        self.status = QLabel()
        self.status.setObjectName("Muted")
        self.status.setWordWrap(True)
        self.answer_label = QLabel()
        self.answer_label.setWordWrap(True)
        self.claims = QListWidget()
        self.claims.setObjectName("LessonClaims")
        self.claims.setWordWrap(True)
        self.claims.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.claims.setMinimumHeight(140)
        self.reveal_label = self._markdown_label()

        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.forward)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.reset_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)

        # the keys (Space, arrows, PgUp/PgDn) belong to the player, not to a focused button
        for b in (self.start_button, self.copy_button, self.reveal_button, self.back_button, self.next_button,
                  self.reset_button, self.both_box):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.claims.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lesson_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.both_box)
        layout.addWidget(self.other_title)
        layout.addWidget(self.step_label)
        layout.addWidget(self.text_label)
        layout.addWidget(self.commands)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.question_label)
        layout.addLayout(self.choices_box)
        layout.addWidget(self.reveal_button)
        layout.addWidget(self.status)
        layout.addWidget(self.answer_label)
        layout.addWidget(self.claims, 1)
        layout.addWidget(self.reveal_label)
        layout.addLayout(nav)
        self._fill_lessons()

    @staticmethod
    def _markdown_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.MarkdownText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build_keys(self) -> None:
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (((Qt.Key.Key_Right, Qt.Key.Key_PageDown), self.forward),
                           ((Qt.Key.Key_Left, Qt.Key.Key_PageUp), self.back),
                           ((Qt.Key.Key_Space,), self.reveal)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self, context=ctx)
                shortcut.activated.connect(slot)
        for i in range(4):
            shortcut = QShortcut(QKeySequence(str(i + 1)), self, context=ctx)
            shortcut.activated.connect(lambda i=i: self.vote(i))

    def _fill_lessons(self) -> None:
        current = self.lesson_box.currentIndex()
        self.lesson_box.clear()
        for lesson in self.lessons:
            main, other = self._pair(lesson.title)
            self.lesson_box.addItem(f"{lesson.order}. {main}", lesson.id)
            self.lesson_box.setItemData(self.lesson_box.count() - 1, f"{main}\n{other}", Qt.ItemDataRole.ToolTipRole)
        if current >= 0:
            self.lesson_box.setCurrentIndex(current)

    # -- language --------------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        self.language = "ko" if code.startswith("ko") else "en"
        self._fill_lessons()
        self._render()

    def _pair(self, text: Text) -> tuple[str, str]:
        other = "en" if self.language == "ko" else "ko"
        return text.get(self.language), text.get(other)

    def _t(self, text: Text) -> str:
        """``text`` in the player's language, with the other one under it when both are asked for."""
        main, other = self._pair(text)
        if self.both_box.isChecked() and other and other != main:
            return f"{main}\n\n*{other}*"
        return main

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        if self.dock is not None:
            self.dock.setWindowTitle(self.tr("Lessons"))
        if self.folders_action is not None:
            self.folders_action.setText(self.tr("Folder source and sink…"))
        self.start_button.setText(self.tr("Start"))
        self.both_box.setText(self.tr("Show both languages (English and Korean)"))
        self.copy_button.setText(self.tr("Copy commands"))
        self.reveal_button.setText(self.tr("Reveal (Space)"))
        self.back_button.setText(self.tr("← Back"))
        self.next_button.setText(self.tr("Next →"))
        self.reset_button.setText(self.tr("Reset"))
        self.back_button.setToolTip(self.tr("The previous step (the lab is reset and the steps before it replayed)"))
        self.reset_button.setToolTip(self.tr("Reset the lab and start the lesson again"))
        self.words = {"votes": self.tr("({0} votes)"), "answer": self.tr("Answer: {0}"),
                      "right": self.tr("Answer: {0} — the class got it right."),
                      "wrong": self.tr("Answer: {0} — the class chose {1}.")}
        self._render()

    # -- the lesson ------------------------------------------------------------------------------
    @property
    def lesson(self) -> Lesson | None:
        return self.runner.lesson if self.runner is not None else None

    @property
    def step(self) -> Step | None:
        if self.runner is None:
            return None
        return self.runner.lesson.steps[self.runner.position]

    def select(self, lesson_id: str) -> None:
        i = self.lesson_box.findData(lesson_id)
        if i >= 0:
            self.lesson_box.setCurrentIndex(i)

    def start_selected(self) -> None:
        lesson_id = self.lesson_box.currentData()
        lesson = next((x for x in self.lessons if x.id == lesson_id), None)
        if lesson is None or self.busy:
            return
        if self.runner is not None:
            self.runner.close()
        self.runner = LessonRunner(self.lab, lesson, speed=self.speed,
                                   listener=lambda kind, payload: self._relay.progress.emit(self._describe(kind, payload)))
        self._run(self.runner.start, self._after_reset, self.tr("Resetting the lab…"))
        self.setFocus()

    def reset(self) -> None:
        if self.runner is None:
            self.start_selected()
            return
        self._run(self.runner.start, self._after_reset, self.tr("Resetting the lab…"))

    def reveal(self) -> None:
        if self.runner is None or self.busy or self.runner.done:
            return
        step = self.runner.lesson.steps[self.runner.position]
        answer = self.class_answer() if step.ask is not None else None
        self._run(lambda: self.runner.reveal(answer) if self.runner else None, self._after_reveal,
                  self.tr("Running the step on the cluster…"))

    def forward(self) -> None:
        if self.runner is None or self.busy:
            return
        if self.runner.position + 1 >= len(self.runner.lesson.steps):
            if not self.runner.done:
                self.reveal()
            return
        self._run(self.runner.forward, lambda _o: self._show_step(), self.tr("Next step…"))

    def back(self) -> None:
        if self.runner is None or self.busy:
            return
        self._run(self.runner.back, lambda _o: self._show_step(), self.tr("Back: resetting and replaying…"))

    def vote(self, index: int) -> None:
        step = self.step
        if step is None or step.ask is None or index >= len(step.ask.choices) or (self.runner and self.runner.done):
            return
        self.votes[index] += 1
        self._render_choices()

    def class_answer(self) -> int | None:
        """The choice with the most votes (None: nobody voted)."""
        if not self.votes or max(self.votes) == 0:
            return None
        return self.votes.index(max(self.votes))

    # -- the worker ------------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], then: Callable[[Any], None], message: str) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self.status.setText(message)

        def job() -> None:
            try:
                value: Any = work()
            except Exception as e:  # shown in the dock; the lesson can be reset
                log.exception("lesson step failed")
                value = e
            self._relay.finished.emit(then, value)

        self._executor.submit(job)

    def _finish(self, then: Callable[[Any], None], value: Any) -> None:
        self._set_busy(False)
        if isinstance(value, Exception):
            self.status.setText(self.tr("Failed: {0}").format(value))
            return
        then(value)

    def _has_focus(self) -> bool:
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self._kept_focus = self._has_focus()  # disabling the buttons would move the focus away
        self.busy = busy
        for w in (self.reveal_button, self.next_button, self.back_button, self.reset_button, self.start_button,
                  self.lesson_box):
            w.setEnabled(not busy)
        if not busy:
            self._update_buttons()
            if self._kept_focus and not self._has_focus():
                self.setFocus()
        self.busyChanged.emit(busy)

    def _on_progress(self, line: str) -> None:
        if line:
            self.status.setText(line)

    def _describe(self, kind: str, payload: Any) -> str:
        if kind == "action":
            return self.tr("Running: {0}").format(payload.name)
        if kind == "claim":
            return self.tr("Checked: {0}").format(payload.claim.source)
        return ""

    def _after_reset(self, report: Any) -> None:
        self._show_step()
        ms = getattr(report, "duration_ms", None)
        if self.runner is not None:
            self.status.setText(self.tr("Lab reset in {0} ms").format(int(self.runner.reset_seconds * 1000)
                                                                      if ms is None else ms))

    def _show_step(self) -> None:
        step = self.step
        if step is None:
            return
        self.outcome = None
        self.votes = [0] * (len(step.ask.choices) if step.ask else 0)
        self.status.setText("")
        self._render()
        self._bring_view(step)
        self.stepShown.emit(step.index)
        if step.ask is None and self.runner is not None and not self.runner.done:
            self.reveal()  # a step without a question acts as soon as it is shown

    def _after_reveal(self, outcome: StepOutcome | None) -> None:
        self.outcome = outcome
        self.status.setText("")
        self._render()
        if outcome is not None:
            self.revealed.emit(outcome)

    def _bring_view(self, step: Step) -> None:
        if not step.show and not step.highlight:
            return
        runner = self.runner
        highlight = dict(step.highlight)
        # "=expr" values (the leader now) are read on the worker from the newest image
        def resolve() -> dict[str, Any]:
            out = {}
            for k, v in highlight.items():
                try:
                    out[k] = runner.ctx.value(v) if runner is not None else v
                except Exception:  # a fact not there yet: nothing to highlight
                    out[k] = None
            return out

        show = step.show
        self._executor.submit(lambda: self._relay.highlight.emit(show, resolve()))

    # -- rendering -------------------------------------------------------------------------------
    def _render(self) -> None:
        lesson, step = self.lesson, self.step
        if lesson is None or step is None:
            self.step_label.setText(self.tr("Choose a lesson and press Start."))
            self.other_title.setText("")
            for w in (self.text_label, self.question_label, self.reveal_label, self.answer_label):
                w.setText("")
            self.commands.hide()
            self.copy_button.hide()
            self._render_choices()
            self.claims.clear()
            self._update_buttons()
            return
        main, other = self._pair(lesson.title)
        self.other_title.setText(f"{lesson.order}. {main} · {other}")
        title = self._t(step.title) if step.title else ""
        self.step_label.setText(self.tr("Step {0} of {1}").format(step.index + 1, len(lesson.steps))
                                + (f" — {step.title.get(self.language)}" if title else ""))
        self.text_label.setText(self._t(step.text))
        self.commands.setPlainText("\n".join(step.commands))
        self.commands.setVisible(bool(step.commands))
        self.copy_button.setVisible(bool(step.commands))
        self.question_label.setText(f"**{self._t(step.ask.text)}**" if step.ask else "")
        self._render_choices()
        self._render_outcome()
        self._update_buttons()

    def _render_choices(self) -> None:
        render_choices(self)

    def _render_outcome(self) -> None:
        render_outcome(self)

    def _update_buttons(self) -> None:
        runner = self.runner
        has = runner is not None and not self.busy
        self.reveal_button.setEnabled(has and runner is not None and not runner.done)
        self.back_button.setEnabled(has and runner is not None and runner.position > 0)
        self.next_button.setEnabled(has and runner is not None and (
            runner.position + 1 < len(runner.lesson.steps) or not runner.done))
        self.reset_button.setEnabled(has)

    def _copy_commands(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.clipboard().setText(self.commands.toPlainText())

    def claim_rows(self) -> list[tuple[bool, str]]:
        """(held, text) of the claims on screen (tests)."""
        return [(bool(self.claims.item(i).data(Qt.ItemDataRole.UserRole)), self.claims.item(i).text())
                for i in range(self.claims.count())]

    def shutdown(self) -> None:
        if self.folder_apps is not None:
            self.folder_apps.shutdown()
        if self.runner is not None:
            self.runner.close()
        self._executor.shutdown(wait=True, cancel_futures=True)
