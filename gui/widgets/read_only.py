"""Disabling what a cluster source cannot do, with the reason in the tooltip.

:func:`gate` is called wherever a button or action is enabled that the current source may lack (an
external cluster cannot kill its brokers; a read-only one cannot be changed): with a reason it
disables the widget and shows why; without one it enables it as its owner decided and gives back
the tooltip it had. :func:`gate_write` is the read-only case (``DataClients.read_only``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget


def read_only_tip(why: str) -> str:
    return QCoreApplication.translate("ReadOnly", "Read-only: {0}").format(why)


def gate(widget: QWidget | QAction, enabled: bool, why: str | None, tip: str | None = None) -> None:
    """``widget`` (a button or an action) enabled when ``enabled`` and nothing forbids it (``why``
    empty); forbidden, its tooltip is ``tip`` (default: ``why``)."""
    shown = widget.property("gateTip")
    if why:
        tip = tip or why
        if shown is None or widget.toolTip() != shown:  # first time, or retranslated meanwhile
            widget.setProperty("normalTip", widget.toolTip())
        widget.setProperty("gateTip", tip)
        widget.setToolTip(tip)
        widget.setEnabled(False)
        return
    if shown is not None:
        if widget.toolTip() == shown:
            widget.setToolTip(str(widget.property("normalTip") or ""))
        widget.setProperty("gateTip", None)
    widget.setEnabled(enabled)


def gate_write(widget: QWidget | QAction, enabled: bool, why: str) -> None:
    """``widget`` changes the cluster: disabled while it is read-only (``why``)."""
    gate(widget, enabled, why, read_only_tip(why) if why else None)
