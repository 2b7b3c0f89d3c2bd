"""kill -9 of the whole engine, 10 times, under an idempotent acks=all producer (RF 3,
min.insync.replicas 2): every acknowledged record exactly once, in order. The bench script
bench/sigkill_loop.py runs the same loop 100 times."""

from __future__ import annotations

from pathlib import Path

from bench.sigkill_loop import run_sigkill_loop

CYCLES = 10


def test_kill_9_loop_loses_duplicates_and_reorders_nothing(tmp_path: Path) -> None:
    r = run_sigkill_loop(CYCLES, tmp_path / "data", acks_per_cycle=50, cycle_timeout=30)
    assert r.cycles == CYCLES
    assert r.acked >= CYCLES * 50
    assert r.lost == 0, f"{r.lost} acknowledged records lost"
    assert r.duplicated == 0, f"{r.duplicated} records duplicated"
    assert r.reordered == 0, f"{r.reordered} records out of order"
    tracebacks = [line for line in r.stderr_lines if "Traceback" in line]
    assert not tracebacks, "".join(r.stderr_lines[-30:])
