"""View frames: what the big tables show of each image, built off the GUI thread.

At 10,000 partitions and 500 groups, turning an image into table rows (topic totals, the placement
grid's cells, group summaries and lag samples) took ~110 ms of GUI-thread time per image and ~0.9 s for
the first one: a keystroke in the topic filter that met an image waited that long. So each image
from the bridge goes first to this module's worker thread, where every registered
:class:`FrameBuilder` prepares its frame (immutable rows plus what changed since its previous frame);
then the image is handed to the window (:attr:`ViewFrames.imageReady`, on the GUI thread), whose models
only swap the prepared rows in and emit ``dataChanged`` for the rows that changed.

Only the newest image is built (an image that arrives while one is built replaces the waiting one),
and the next one is built only after the GUI thread took the previous frame, so each model sees its
frames in order. A model asked for an image that was not prepared (a test, the time machine's
scrubbing racing a frame, a toggle) builds it on the spot with the same builder: the result is the same.
The worker reads only the immutable :class:`~engine.observe.ClusterImage`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from engine.observe import ClusterImage

log = logging.getLogger(__name__)

IDLE_EXIT_S = 5.0  # the worker thread ends when no image came for this long (started again by the next)


class FrameBuilder(Protocol):
    def prepare(self, image: ClusterImage) -> None:
        """Build this image's frame (on the worker thread); the model takes it with the image."""


class ViewFrames(QObject):
    """Images in (:meth:`submit`, GUI thread), the same images out once their frames are built."""

    imageReady = Signal(object)  # ClusterImage, its frames prepared
    _built = Signal(object)  # from the worker thread (queued to the GUI thread)

    def __init__(self, builders: Sequence[FrameBuilder], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.builders = list(builders)
        self._cond = threading.Condition()
        self._next: ClusterImage | None = None
        self._in_flight = False  # a built image the GUI thread has not taken yet
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._generation = 0  # bumped by discard(): an image built for an older one is not shown
        self.images_built = 0
        self._built.connect(self._on_built)

    def submit(self, image: ClusterImage) -> None:
        """Prepare ``image``'s frames, then emit it (an image still waiting is dropped: a newer one came)."""
        with self._cond:
            if self._stopped:
                return
            self._next = image
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="view-frames", daemon=True)
                self._thread.start()
            self._cond.notify()

    def discard(self) -> None:
        """The engine these images came from is gone (died, stopped, restarting): drop the image waiting and
        the one being built — a frame landing after the engine's death showed "3/3 brokers up" again."""
        with self._cond:
            self._generation += 1
            self._next = None

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._next = None
            self._cond.notify()
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(5.0)

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._cond.wait_for(
                        lambda: self._stopped or (self._next is not None and not self._in_flight), IDLE_EXIT_S):
                    if self._next is None and not self._in_flight:
                        self._thread = None  # idle: end; the next submit starts a new thread
                        return
                    continue
                image, self._next = self._next, None
                if self._stopped or image is None:
                    return
                self._in_flight = True
                generation = self._generation
            for builder in self.builders:
                try:
                    builder.prepare(image)
                except Exception:  # the model builds it on the GUI thread instead (and logs there too)
                    log.exception("view frame builder %s failed", type(builder).__name__)
            self.images_built += 1
            try:
                self._built.emit((image, generation))
            except RuntimeError:  # this object was deleted (the window closed)
                return

    def _on_built(self, built: tuple[ClusterImage, int]) -> None:
        image, generation = built
        try:
            if generation == self._generation:
                self.imageReady.emit(image)
        finally:
            with self._cond:
                self._in_flight = False
                self._cond.notify()


def connect(bridge: Any, window: Any) -> ViewFrames:
    """Feed ``window._on_image`` through a :class:`ViewFrames` built from the window's table models."""
    frames = ViewFrames([window.topics_view.model.builder, window.cluster_view.model.builder,
                         window.groups_view.builder], window)
    bridge.imageChanged.connect(frames.submit)
    frames.imageReady.connect(window._on_image)
    window.session.stateChanged.connect(
        lambda state: frames.discard() if state in ("failed", "stopped", "starting") else None)
    return frames
