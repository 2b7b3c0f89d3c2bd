"""The protocol X-ray's cost: produce/consume throughput and broker CPU with the tap on
(``kafkalab serve --protocol-log FILE``: every exchange recorded, its frames kept, a JSON line
written) against the same broker with the tap off (the reference, same run). And the cost of the
tap when off: the one attribute check per request, timed in-process. Off and on runs alternate
(``--rounds`` pairs) and each side's least-CPU run counts, as the machine is shared.

    .venv/bin/python bench/xray.py [--records N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Figure, create_topic, print_figure, start_engine  # noqa: E402
from bench.produce_consume import Phase, consume_phase, produce_phase  # noqa: E402


def run(tap_on: bool, n: int, timeout: float) -> tuple[Phase, Phase, int]:
    log_file = Path(tempfile.mkdtemp(prefix="xray-bench-")) / "xray.jsonl"
    broker = start_engine(1, ["--protocol-log", str(log_file)] if tap_on else [])
    try:
        create_topic(broker.bootstrap, "xray-bench")
        produced = produce_phase(broker, "xray-bench", n, timeout)
        consumed = consume_phase(broker, "xray-bench", n, "assign", timeout)
    finally:
        broker.stop()
    lines = sum(1 for _ in log_file.open()) if log_file.exists() else 0
    return produced, consumed, lines


def flag_check_ns() -> float:
    """What handle_frame pays per request with the tap off: ``tap is not None and tap.active``."""
    from engine.clock import SystemClock
    from engine.observe.events import EventBus
    from engine.server.faults import Faults
    from engine.server.slow_motion import SlowMotion
    from engine.server.tap import RequestTap
    from engine.server.xray import ProtocolXray

    class Holder:
        tap = RequestTap(ProtocolXray(), Faults(EventBus(), SystemClock(), SlowMotion()))

    h = Holder()
    n = 2_000_000
    check = timeit.timeit("tap = h.tap\nif tap is not None and tap.active: pass", globals={"h": h}, number=n)
    empty = timeit.timeit("pass", number=n)
    return (check - empty) / n * 1e9


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=300_000)
    ap.add_argument("--phase-timeout", type=float, default=120)
    ap.add_argument("--rounds", type=int, default=2, help="off/on pairs, alternated; the best of each side counts")
    args = ap.parse_args()
    runs: dict[bool, list[tuple[Phase, Phase, int]]] = {False: [], True: []}
    for _ in range(args.rounds):  # alternate, so a busy moment of the machine hits both sides
        for tap_on in (False, True):
            runs[tap_on].append(run(tap_on, args.records, args.phase_timeout))

    def best(tap_on: bool) -> tuple[Phase, Phase, int]:
        rs = runs[tap_on]
        produce = min((r[0] for r in rs), key=lambda p: p.cpu_s_per_mrec)
        consume = min((r[1] for r in rs), key=lambda p: p.cpu_s_per_mrec)
        return produce, consume, max(r[2] for r in rs)
    off_p, off_c, _ = best(False)
    on_p, on_c, lines = best(True)
    print_figure(Figure("produce with the X-ray tap on", "rec/s"), on_p.rec_s, off_p.rec_s)
    print_figure(Figure("consume (assign) with the X-ray tap on", "rec/s"), on_c.rec_s, off_c.rec_s)
    print_figure(Figure("broker CPU produce, tap on (lower is better)", "s/Mrec", "{:.2f}"),
                 on_p.cpu_s_per_mrec, off_p.cpu_s_per_mrec)
    print_figure(Figure("broker CPU consume, tap on (lower is better)", "s/Mrec", "{:.2f}"),
                 on_c.cpu_s_per_mrec, off_c.cpu_s_per_mrec)
    print(f"protocol log lines written with the tap on: {lines}", flush=True)
    per_request_us = (off_p.cpu_seconds + off_c.cpu_seconds) / max(1, lines) * 1e6
    print(f"tap check per request with the tap off: {flag_check_ns() / 1000:.2f} us "
          f"(reference: broker CPU per request with the tap off: {per_request_us:.0f} us)", flush=True)
    return 0 if not (off_p.errors or on_p.errors or off_c.errors or on_c.errors) else 1


if __name__ == "__main__":
    sys.exit(main())
