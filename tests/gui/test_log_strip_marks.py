"""The log strip's marks for transactions and compaction, drawn from a made-up state: the COMMIT and
ABORT marker cells in their colours, the LSO and the cleaner's clean | dirty boundary labelled."""

from __future__ import annotations

from PySide6.QtGui import QColor

from gui.theme import LIGHT
from gui.widgets.log_strip import BAR_H, TOP, LogStrip, StripSegment, StripState
from tests.gui.shots import screenshot_dir

SHOTS = screenshot_dir()  # docs/screenshots only with KAFKALAB_SCREENSHOTS=docs/screenshots: a test run leaves the tree clean


def test_markers_lso_and_cleaned_boundary(qtbot) -> None:  # type: ignore[no-untyped-def]
    strip = LogStrip()
    qtbot.addWidget(strip)
    strip.resize(900, 140)
    segments = (StripSegment(0, 30, 900), StripSegment(30, 60, 900))
    state = StripState(0, 58, 60, segments, (("app", 40),), last_stable=52,
                       transactions=((20, 30, True), (31, 36, False), (52, -1, False)), cleaned_to=30)
    strip.set_state(("t", 0), state)
    strip.show()
    image = strip.grab().toImage()
    y = TOP + BAR_H // 2

    def colour_at(offset: int) -> str:
        return QColor(image.pixel(int(strip._x(offset + 0.2)), y)).name()
    assert colour_at(30) == QColor(LIGHT.in_sync).name()  # the COMMIT marker
    assert colour_at(36) == QColor(LIGHT.offline).name()  # the ABORT marker
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert strip.grab().save(str(SHOTS / "log_strip_transactions_compaction.png"))
