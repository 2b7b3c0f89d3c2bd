"""About box."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

VERSION = "0.1.0"


def about_text() -> str:
    return QCoreApplication.translate("AboutDialog",
        "<h3>Kafka Lab {0}</h3>"
        "<p>A desktop lab with a real, wire-compatible multi-broker Kafka cluster inside. "
        "Kill, pause and restart brokers and watch leader election, ISR changes and replication "
        "as they happen. Any Kafka client can connect to the bootstrap address in the status bar.</p>"
        "<p>Licensed under the Apache License 2.0. Colours: Okabe–Ito colour-blind-safe palette.</p>"
    ).format(VERSION)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, QCoreApplication.translate("AboutDialog", "About Kafka Lab"), about_text())
