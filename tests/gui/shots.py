"""Where GUI tests save the screenshots they take: ``$KAFKALAB_SCREENSHOTS`` when set (``KAFKALAB_SCREENSHOTS=
docs/screenshots pytest tests/gui/…`` refreshes the committed ones), else a temporary directory, so a test
run never changes the working tree."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def screenshot_dir() -> Path:
    chosen = os.environ.get("KAFKALAB_SCREENSHOTS")
    path = Path(chosen) if chosen else Path(tempfile.mkdtemp(prefix="kafkalab-test-shots-"))
    path.mkdir(parents=True, exist_ok=True)
    return path
