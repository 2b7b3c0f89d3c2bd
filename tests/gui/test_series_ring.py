"""The charts' ring buffers grow as samples come (attach at 10,000 partitions) and take many samples at once
(the time machine rebuilding a chart): whatever the mix, a ring holds the newest ``capacity`` samples in order."""

from __future__ import annotations

import numpy as np
import pytest

from gui.models.series import Ring


@pytest.mark.parametrize("capacity", [5, 64, 100, 3600])
@pytest.mark.parametrize("chunks", [[3], [70], [10, 200, 5], [1] * 150, [4000], [63, 1, 1, 64]])
def test_append_and_extend_keep_the_newest_samples(capacity: int, chunks: list[int]) -> None:
    ring, expected, v = Ring(capacity), [], 0
    for c in chunks:
        values = np.arange(v, v + c, dtype=float)
        v += c
        if c == 1:
            ring.append(values[0])
        else:
            ring.extend(values)
        expected.extend(values.tolist())
    assert ring.view().tolist() == expected[-capacity:]
