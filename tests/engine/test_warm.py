"""The kio warm-up's order (newest versions of every API first) and what one step prepares."""

from __future__ import annotations

from engine.protocol import warm as warm_module
from engine.protocol.request_check import _PLANS
from engine.protocol.warm import is_warm, warm, warm_steps
from engine.server.apis import build_api_table


def test_newest_versions_of_every_api_come_first() -> None:
    steps = warm_steps([(1, 4, 6), (3, 0, 1), (18, 3, 3)])
    expected = [(1, 6), (3, 1), (18, 3), (1, 5), (3, 0), (1, 4)]
    assert steps == [s for s in expected if not is_warm(*s)]


def test_every_served_version_is_a_step_until_warmed() -> None:
    ranges = [(v["api_key"], v["min_version"], v["max_version"]) for v in build_api_table().api_versions()]
    served = {(k, v) for k, lo, hi in ranges for v in range(lo, hi + 1)}
    assert set(warm_steps(ranges)) == served - warm_module._warmed
    warm(60, 0)  # DescribeCluster v0
    assert is_warm(60, 0) and (60, 0) in _PLANS
    assert (60, 0) not in warm_steps(ranges)
