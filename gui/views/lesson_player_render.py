"""How the lesson player draws a step's question and its outcome (functions of the player view;
its ``words`` are the translated texts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QPushButton

LETTERS = "ABCDEFGH"


def render_choices(self: Any) -> None:
    """The prediction's choices as buttons: a click is a vote; after the reveal the right one is ✓."""
    step = self.step
    while self.choice_buttons:
        b = self.choice_buttons.pop()
        self.choices_box.removeWidget(b)
        b.deleteLater()
    if step is None or step.ask is None:
        return
    done = self.runner is not None and self.runner.done
    leading = self.class_answer()
    for i, choice in enumerate(step.ask.choices):
        votes = self.votes[i] if i < len(self.votes) else 0
        mark = ""
        if done:
            mark = "✓ " if i == step.ask.answer else "   "
        text = f"{mark}{LETTERS[i]}. {choice.get(self.language)}"
        if self.both_box.isChecked():
            text += f"\n     {choice.get('en' if self.language == 'ko' else 'ko')}"
        if votes:
            text += "   " + self.words["votes"].format(votes)
        b = QPushButton(text)
        b.setObjectName("LessonChoice")
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setCheckable(True)
        b.setChecked(i == leading or (done and i == step.ask.answer))
        b.setStyleSheet("text-align: left; padding: 6px;")
        b.clicked.connect(lambda _c=False, i=i: self.vote(i))
        b.setEnabled(not done)
        self.choices_box.addWidget(b)
        self.choice_buttons.append(b)



def render_outcome(self: Any) -> None:
    """Whether the class was right, the claims ✓/✗ with the values found, the reveal text."""
    self.claims.clear()
    step, outcome = self.step, self.outcome
    if step is None or outcome is None:
        self.answer_label.setText("")
        self.reveal_label.setText("")
        return
    if step.ask is not None:
        right = LETTERS[step.ask.answer]
        if outcome.answer is None:
            self.answer_label.setText(self.words["answer"].format(right))
        elif outcome.answered_right:
            self.answer_label.setText(self.words["right"].format(right))
        else:
            self.answer_label.setText(self.words["wrong"].format(
                right, LETTERS[outcome.answer]))
    else:
        self.answer_label.setText("")
    for c in outcome.claims:
        said = c.claim.text.get(self.language) or c.claim.source
        item = QListWidgetItem(f"{'✓' if c.held else '✗'} {said}\n    {c.found}")
        item.setToolTip(c.claim.source)
        item.setData(Qt.ItemDataRole.UserRole, c.held)
        self.claims.addItem(item)
    if outcome.error:
        self.claims.addItem(QListWidgetItem(f"✗ {outcome.error}"))
    self.reveal_label.setText(self._t(step.reveal) if step.reveal else "")
