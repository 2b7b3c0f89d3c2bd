"""Keep Python's cyclic garbage collector from pausing the GUI thread.

A full (generation 2) collection walks every tracked object: with Qt's wrappers, the app's modules and
a 3,000-partition image that took 80–310 ms on the GUI thread (``bench/scale.py``'s event-loop lag),
while what the app keeps for its whole life never becomes garbage. After the window is built, and again
once the first image of a cluster has been shown, the survivors of a collection are frozen
(:func:`gc.freeze`): later collections skip them. Images replaced by newer ones are acyclic and freed by
reference counting, frozen or not, so full collections are also made ten times rarer (the third
threshold 10 → 100): what they find is the rare reference cycle, not the images.

Threads (the bridge's reader, an external cluster's poll, :mod:`gui.view_frames`' builder) hold the GIL for up
to the switch interval each time the GUI thread wants it back — and the GUI thread gives it up on many Qt
calls. With CPython's 5 ms a keystroke that met a 10,000-partition poll waited for tens of handovers; the
interval is set to :data:`SWITCH_INTERVAL_S`."""

from __future__ import annotations

import gc
import sys
from typing import Any

from PySide6.QtCore import QTimer

FULL_COLLECTION_THRESHOLD = 100  # generation-1 collections between full ones (CPython's default: 10)
SWITCH_INTERVAL_S = 0.001  # how long another thread may hold the GIL the GUI thread waits for (CPython: 0.005)


def freeze_long_lived() -> None:
    gc.collect()
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_THRESHOLD)


def install(bridge: Any, shown: Any = None) -> None:  # a Bridge, or the cluster switch's SwitchBridge
    """Freeze what exists once the event loop runs, and after each first image of a connection."""
    QTimer.singleShot(0, freeze_long_lived)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    first = [True]

    def on_connected() -> None:
        first[0] = True

    def on_image(_image: object) -> None:
        if first[0]:
            first[0] = False
            QTimer.singleShot(0, freeze_long_lived)  # after the views took the image

    bridge.connected.connect(on_connected)
    (bridge.imageChanged if shown is None else shown).connect(on_image)  # shown: the window took the image
