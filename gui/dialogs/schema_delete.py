"""Confirm deleting from a Schema Registry subject — one version or the whole subject, soft or hard (Confluent's
semantics: a soft delete hides the versions while their schema ids still read; a hard delete removes them for
good and is allowed only after a soft one). The dialog names the subject and says what each choice does."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class SchemaDeleteDialog(QDialog):
    def __init__(self, subject: str, version: int | None, version_deleted: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SchemaDeleteDialog")
        self.subject = subject
        self.version = version  # the version shown in the dock (None: the subject has none to show)
        self.version_deleted = version_deleted  # already soft-deleted: only a hard delete is left for it
        self.heading = QLabel()
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        self.one = QRadioButton()
        self.whole = QRadioButton()
        self.one.setEnabled(version is not None)
        (self.one if version is not None else self.whole).setChecked(True)
        self.permanent = QCheckBox()
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button: QPushButton = self.buttons.addButton("", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setObjectName("DangerButton")
        self.buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self.accept)
        for w in (self.one, self.whole, self.permanent):
            w.toggled.connect(lambda _on: self._update())
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.one, self.whole, self.permanent, self.explain):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.retranslate_ui()

    def choice(self) -> tuple[int | None, bool]:
        """(the version, or None for the whole subject; permanent)."""
        return (self.version if self.one.isChecked() else None), self.permanent.isChecked()

    def _update(self) -> None:
        version, permanent = self.choice()
        if version is not None and self.version_deleted and not permanent:
            self.permanent.setChecked(True)  # a soft-deleted version can only be hard-deleted
            return
        what = (self.tr("version {0} of {1}").format(version, self.subject) if version is not None
                else self.tr("every version of {0}").format(self.subject))
        if permanent:
            text = self.tr("Hard delete: {0} is removed from the registry's _schemas topic for good (soft-deleted "
                           "first, as the registry requires). Records written with its schema id may no longer "
                           "be decoded.").format(what)
        else:
            text = self.tr("Soft delete: {0} is hidden from the subject's versions, but its schema id still "
                           "reads, so records written with it still decode. It can be hard-deleted later (Show "
                           "deleted).").format(what)
        self.explain.setText(text)
        self.delete_button.setText(self.tr("Delete permanently") if permanent else self.tr("Delete"))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Delete from {0}").format(self.subject))
        self.heading.setText(self.tr("Delete from the subject {0}?").format(self.subject))
        self.one.setText(self.tr("Version {0} only").format(self.version) if self.version is not None
                         else self.tr("A version (none is shown)"))
        self.whole.setText(self.tr("The whole subject {0} (every version)").format(self.subject))
        self.permanent.setText(self.tr("Permanently (hard delete)"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
