"""Feeds the time machine's recorders off the GUI thread.

Recording an image diffs it against the previous one (and every ~10 s encodes a whole keyframe): at a
10,000-partition external cluster that took ~0.5 s per image on the GUI thread (``bench/attach_gui.py``'s
worst keystroke 952 ms). A daemon thread takes the newest image only — when it falls behind, the
intermediate images are skipped, which a recording can afford (it is coarser, never wrong) — and adds
it to the ring and, while "Record session" runs, to the file."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from engine.observe import ClusterImage
from engine.observe.recording import Recorder

log = logging.getLogger(__name__)


class RecordingFeeder:
    def __init__(self, recorders: Callable[[], list[Recorder]]) -> None:
        self._recorders = recorders  # the recorders to feed, read when an image is taken
        self._cond = threading.Condition()
        self._latest: ClusterImage | None = None
        self._busy = False
        self._stopped = False
        self.lock = threading.Lock()  # held while an image is added: closing a recorder takes it too
        self._thread = threading.Thread(target=self._run, name="kafkalab-recording", daemon=True)
        self._thread.start()

    def offer(self, image: ClusterImage) -> None:
        with self._cond:
            self._latest = image
            self._cond.notify()

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until every offered image has been added (tests, saving); False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._latest is None and not self._busy, timeout)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._latest is not None or self._stopped)
                if self._stopped:
                    return
                image, self._latest = self._latest, None
                self._busy = True
            try:
                with self.lock:
                    for recorder in self._recorders():
                        recorder.add_image(image)  # type: ignore[arg-type]
            except Exception:  # a recorder's failure must not end the recording thread
                log.exception("recording an image failed")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
