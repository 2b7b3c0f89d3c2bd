"""How fast a lesson gets a clean lab: ResetLab (over the app's channel, as the lesson player sends it)
against the alternative, a fresh engine (what restarting the app's engine costs).

Each round messes the lab up the way the acks lesson does (three topics with records, a group, a
killed broker, slow motion), then resets it. Figures (median over ``--rounds``):

  lesson reset after a messy lesson (lower is better): N ms (reference: fresh engine start N ms, ratio x)
  lesson reset of a clean lab (lower is better): N ms (reference: fresh engine start N ms, ratio x)
  lesson back one step (reset + replay of step 1 of failover) (lower is better): N ms (reference: …)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.control.commands import CreateTopic, KillBroker, ResetLab, SetReplicationDelay  # noqa: E402
from lessons.actions import Context, run_action  # noqa: E402
from lessons.lab import EngineLab  # noqa: E402
from lessons.model import find  # noqa: E402
from lessons.runner import LessonRunner  # noqa: E402


def _mess(lab: EngineLab) -> None:
    ctx = Context(lab)
    for name in ("acks-one", "acks-zero", "acks-all"):
        lab.execute(CreateTopic(name=name, partitions=1, replication_factor=3))
    run_action(ctx, "wait_for", {"claim": "topic('acks-all').offline == 0 and topic('acks-all').partitions == 1"})
    run_action(ctx, "produce", {"topic": "acks-all", "count": 100, "as": "p"})
    run_action(ctx, "consume", {"topic": "acks-all", "group": "audit", "as": "c"})
    lab.execute(SetReplicationDelay(ms=3000))
    lab.execute(KillBroker(broker_id=2))
    run_action(ctx, "wait_for", {"claim": "broker(2).state == 'dead'"})


def _timed(fn: object) -> float:
    started = time.monotonic()
    fn()  # type: ignore[operator]
    return (time.monotonic() - started) * 1000


def _line(name: str, value: float, ref: float) -> str:
    return f"{name} (lower is better): {value:.0f} ms (reference: fresh engine start {ref:.0f} ms, ratio {value / ref:.2f}x)"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args(argv)
    starts = []
    for _ in range(args.rounds):
        lab = EngineLab()
        starts.append(_timed(lab.start))
        lab.stop()
    ref = statistics.median(starts)
    messy, clean, back = [], [], []
    with EngineLab() as lab:
        lesson = find("failover")
        for i in range(args.rounds):
            print(f"round {i + 1}/{args.rounds}", file=sys.stderr)
            _mess(lab)
            messy.append(_timed(lambda: lab.execute(ResetLab())))
            clean.append(_timed(lambda: lab.execute(ResetLab())))
            runner = LessonRunner(lab, lesson, speed=8)
            runner.start()
            runner.forward()
            runner.forward()
            back.append(_timed(runner.back))
            runner.close()
    print(_line("lesson reset after a messy lesson", statistics.median(messy), ref))
    print(_line("lesson reset of a clean lab", statistics.median(clean), ref))
    print(_line("lesson back one step (reset + replay of failover step 1)", statistics.median(back), ref))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
