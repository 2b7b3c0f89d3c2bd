"""A frame prepared ahead for one image: the hand-over between :mod:`gui.view_frames`' worker thread, which
builds each model's rows from the newest image, and the model on the GUI thread, which takes them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from engine.observe import ClusterImage


class Prepared:
    """One builder's frame prepared ahead for one image (:meth:`put` on the worker, :meth:`take` on the GUI
    thread). ``build`` runs under the builder's lock either way."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._image: ClusterImage | None = None
        self._frame: Any = None

    def put(self, image: ClusterImage, frame: object) -> None:
        with self.lock:
            self._image, self._frame = image, frame

    def take(self, image: ClusterImage, build: Callable[[], Any], fits: Callable[[Any], bool] = lambda _f: True) -> Any:
        """The frame prepared for ``image`` (if it still fits the model's settings), else ``build()``."""
        with self.lock:
            frame, prepared_for = self._frame, self._image
            self._image = self._frame = None
            if prepared_for is image and frame is not None and fits(frame):
                return frame
            return build()
