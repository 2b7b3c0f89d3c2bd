"""Log cleaner throughput (compaction), beside the log's own append rate measured in the same run.

    .venv/bin/python bench/log_cleaner.py [--records 200000] [--keys 1000]

Prints two lines (see bench/README.md):
- ``log cleaner: X MB/s`` — bytes of closed segments read and rewritten per second by
  ``LogCleaner.clean`` (the worker-thread part), reference: appending the same records with
  ``UnifiedLog.append_as_leader`` (the produce path's log work).
- ``append while cleaning: X MB/s`` — the append rate into a second log while the cleaner works in
  its thread (the GIL is shared), reference: the append rate without cleaning.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.clock import SystemClock  # noqa: E402
from engine.config import BrokerConfig, log_config_for  # noqa: E402
from engine.log.cleaner import LogCleaner  # noqa: E402
from engine.log.unified_log import UnifiedLog  # noqa: E402
from engine.protocol.records import build_batch, validate_batches  # noqa: E402

CONFIG = {"cleanup.policy": "compact", "segment.bytes": str(1 << 20), "min.cleanable.dirty.ratio": "0.5"}
PER_BATCH = 100


def _batches(records: int, keys: int) -> list[bytes]:
    out = []
    for start in range(0, records, PER_BATCH):
        out.append(build_batch([(f"key-{(start + i) % keys}".encode(), b"v" * 90)
                                for i in range(min(PER_BATCH, records - start))]))
    return out


def _append_all(log: UnifiedLog, batches: list[bytes]) -> float:
    """Seconds to append ``batches``."""
    started = time.perf_counter()
    for raw in batches:
        log.append_as_leader(validate_batches(memoryview(bytearray(raw)), 1 << 24), 0)
    log.high_watermark = log.log_end_offset
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--keys", type=int, default=1000)
    args = parser.parse_args()
    batches = _batches(args.records, args.keys)
    size_mb = sum(len(b) for b in batches) / 1e6
    clock = SystemClock()
    config = log_config_for(BrokerConfig(), CONFIG)
    with tempfile.TemporaryDirectory() as tmp:
        def new_log(name: str) -> UnifiedLog:
            return UnifiedLog.create(Path(tmp) / f"{name}-0", name, 0, uuid.uuid4(), config, clock)
        compacted = new_log("compacted")
        append_s = _append_all(compacted, batches)
        append_rate = size_mb / append_s
        cleaner = LogCleaner(clock)
        plan = cleaner.plan(compacted)
        if plan is None:
            print("log cleaner: FAILED (nothing to clean)")
            return 1
        started = time.perf_counter()
        result = cleaner.clean(plan)
        clean_s = time.perf_counter() - started
        cleaner.swap(plan, result)
        clean_rate = result.bytes_before / 1e6 / clean_s
        print(f"[bench] cleaned {len(plan.segments)} segments: {result.bytes_before / 1e6:.1f} MB → "
              f"{result.bytes_after / 1e6:.2f} MB, {result.records_before - result.records_after:,} records removed",
              file=sys.stderr)
        print(f"log cleaner: {clean_rate:.1f} MB/s (reference: append {append_rate:.1f} MB/s, "
              f"ratio {clean_rate / append_rate:.2f}x)")

        # appending into another log while the cleaner runs in its thread
        alone = size_mb / _append_all(new_log("alone"), batches)
        again = new_log("again")
        _append_all(again, batches)
        plan = cleaner.plan(again)
        assert plan is not None
        worker = threading.Thread(target=cleaner.clean, args=(plan,))
        worker.start()
        during = size_mb / _append_all(new_log("during"), batches)
        worker.join()
        print(f"append while cleaning: {during:.1f} MB/s (reference: append without cleaning {alone:.1f} MB/s, "
              f"ratio {during / alone:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
