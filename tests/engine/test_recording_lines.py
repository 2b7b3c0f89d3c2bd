"""A recording's lines are encoded in pieces (so a big keyframe does not hold the GIL in one C call): the
bytes are those of one ``json.dumps`` of the same object, for a real image and for odd values."""

from __future__ import annotations

import json
import math

from engine.observe import BrokerImage, ClusterImage, PartitionImage, ReplicaImage, TopicImage
from engine.observe.recording_format import line_of as _line


def whole(obj: object) -> bytes:
    return (json.dumps(obj, separators=(",", ":"), default=str) + "\n").encode()


def test_lines_are_the_json_of_one_dumps() -> None:
    replicas = tuple(ReplicaImage(b, True, True, b == 1, 0, 7, 7, 100, 0) for b in (0, 1, 2))
    topics = tuple(TopicImage(f"t-é{i}", f"id{i}", i == 0, tuple(
        PartitionImage(f"t-é{i}", p, 1, 0, (0, 1, 2), (0, 1, 2), replicas) for p in range(5)), {"retention.ms": "1"})
        for i in range(4))
    brokers = tuple(BrokerImage(b, "h", 9092 + b, "running", b == 0, 0, 0, 0, 0, 0, 0, "") for b in range(3))
    image = ClusterImage(5, "c", 0, 0, brokers, topics, ())
    keyframe = {"type": "image", "t": 5, "image": image.to_json()}
    assert _line(keyframe) == whole(keyframe)
    assert ClusterImage.from_json(json.loads(_line(keyframe))["image"]) == image
    odd = {"type": "delta", "t": 1, "delta": {"x": [1.5, math.inf, None, True, "\u2603", (1, 2)], 3: {"k": b"raw"}},
           "list": [[{"a": [1]}], []], "one": ["single"]}
    assert _line(odd) == whole(odd)
