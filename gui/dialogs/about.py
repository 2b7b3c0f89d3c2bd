"""About box: the app's icon, what it is, and where this lab keeps its data."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.icon import app_icon

VERSION = "0.1.0"


def about_text(lab: str = "") -> str:
    text = QCoreApplication.translate("AboutDialog",
        "<h3>Kafka Lab {0}</h3>"
        "<p>A desktop lab with a real, wire-compatible multi-broker Kafka cluster inside. "
        "Kill, pause and restart brokers and watch leader election, ISR changes and replication "
        "as they happen. Any Kafka client can connect to the bootstrap address in the status bar.</p>"
        "<p>Licensed under the Apache License 2.0. Colours: Okabe–Ito colour-blind-safe palette.</p>"
    ).format(VERSION)
    if lab:
        text += "<p>" + QCoreApplication.translate("AboutDialog", "Lab data: {0}").format(escape(lab)) + "</p>"
    return text


def show_about(parent: QWidget, lab: str = "") -> QMessageBox:
    """The about box (non-modal ``open()``; returned so a test can read and close it)."""
    box = QMessageBox(parent)
    box.setObjectName("AboutDialog")
    box.setWindowTitle(QCoreApplication.translate("AboutDialog", "About Kafka Lab"))
    box.setText(about_text(lab))
    box.setIconPixmap(app_icon().pixmap(96, 96))
    box.open()
    return box
