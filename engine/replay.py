"""``kafkalab replay FILE``: read a session recording (``kafkalab serve --record``, the app's "Save
session…") without an engine — the cluster image at an instant, or the events with their times."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from engine.observe.image import ClusterImage
from engine.observe.recording import RecordingError, Session


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kafkalab replay", description=(
        "Read a Kafka Lab session recording (.kafkalab-session): the cluster image at an instant "
        "(seconds from the start of the recording) or the recorded events."))
    p.add_argument("file", type=Path)
    what = p.add_mutually_exclusive_group()
    what.add_argument("--at", type=float, metavar="SECONDS",
                      help="the cluster image SECONDS after the start of the recording")
    what.add_argument("--events", action="store_true", help="the events, one a line, with their times")
    p.add_argument("--json", action="store_true",
                   help="JSON: the image as the live ClusterImage's JSON; events as JSON lines")
    return p


def _clock(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%H:%M:%S.%f")[:-3]


def _summary(image: ClusterImage) -> str:
    lines = [f"time {_clock(image.time_ms)} UTC  cluster {image.cluster_id}"]
    lines += [f"broker {b.broker_id}: {b.state}" + ("  (controller)" if b.is_controller else "")
              for b in image.brokers]
    for t in image.topics:
        if t.internal:
            continue
        for p in t.partitions:
            lines.append(f"{t.name}-{p.partition}: leader {p.leader} epoch {p.leader_epoch} "
                         f"isr {list(p.isr)} replicas {list(p.replicas)}")
    for g in image.groups:
        lines.append(f"group {g.group_id}: {g.state} generation {g.generation} members {len(g.members)} "
                     f"lag {g.total_lag}")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        session = Session.open(args.file)
        if args.events:
            for e in session.events():
                data = e.to_json()
                if args.json:
                    print(json.dumps({"offset_s": (e.time_ms - session.start_ms) / 1000, **data}))
                else:
                    fields = " ".join(f"{k}={v}" for k, v in data.items() if k not in ("kind", "time_ms"))
                    print(f"{(e.time_ms - session.start_ms) / 1000:9.3f}  {_clock(e.time_ms)}  "
                          f"{data['kind']:<20} {fields}")
            return 0
        if args.at is not None:
            image = session.image_at_offset(args.at)
            print(json.dumps(image.to_json(), indent=2) if args.json else _summary(image))
            return 0
        info = {"file": str(args.file), "start_ms": session.start_ms, "end_ms": session.end_ms,
                "duration_s": session.duration_ms / 1000, "chunks": len(session.chunks),
                "events": len(session.events())}
        if args.json:
            print(json.dumps(info))
        else:
            print(f"{args.file}: {info['duration_s']:.1f} s from {_clock(session.start_ms)} UTC, "
                  f"{info['events']} events, {info['chunks']} keyframes")
        return 0
    except RecordingError as e:
        print(f"kafkalab replay: {e}", file=sys.stderr)
        return 2
