"""clients.image mirrors engine.observe.image: the same declaration, so the same JSON.

``clients`` may not import the engine, so an external source builds its images with its own copy of
the dataclasses; these tests are what keeps the copy honest: every class, field name, type, default
and order, and every helper the GUI calls, equal; an image built by the copy round-trips through the
engine's ``ClusterImage.from_json`` to the identical JSON (and the other way round).
"""

from __future__ import annotations

import dataclasses
import inspect
import json

import clients.image as mirror
import engine.observe.image as engine_image
from clients.capabilities import EMBEDDED, NAMES, external

CLASSES = [name for name, obj in vars(engine_image).items()
           if dataclasses.is_dataclass(obj) and obj.__module__ == engine_image.__name__]


def _declaration(cls: type) -> list[tuple[str, str, object]]:
    out = []
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        default: object = f.default
        if f.default_factory is not dataclasses.MISSING:
            default = ("factory", f.default_factory())
        out.append((f.name, str(f.type), default))
    return out


def _params(cls: type) -> dict[str, object]:
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    return {name: getattr(params, name) for name in params.__slots__}


def test_every_class_is_declared_alike() -> None:
    assert CLASSES == [name for name, obj in vars(mirror).items()
                       if dataclasses.is_dataclass(obj) and obj.__module__ == mirror.__name__]
    assert len(CLASSES) >= 12
    for name in CLASSES:
        ours, theirs = getattr(mirror, name), getattr(engine_image, name)
        assert _declaration(ours) == _declaration(theirs), name
        assert _params(ours) == _params(theirs), name
        helpers = sorted(n for n, v in vars(theirs).items()
                         if not n.startswith("__") and (callable(v) or isinstance(v, (property, staticmethod))))
        assert helpers == sorted(n for n, v in vars(ours).items()
                                 if not n.startswith("__") and (callable(v) or isinstance(v, (property, staticmethod)))), name


def test_helper_code_is_the_same() -> None:
    """Properties and methods (under_replicated, total_lag, topic(), from_json, …) behave alike
    because their source is identical, not only their names."""
    for name in CLASSES:
        ours, theirs = getattr(mirror, name), getattr(engine_image, name)
        for attr, value in vars(theirs).items():
            if attr.startswith("__"):
                continue
            fn = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
            if callable(fn):
                mine = vars(ours)[attr]
                mine_fn = mine.fget if isinstance(mine, property) else getattr(mine, "__func__", mine)
                assert inspect.getsource(mine_fn) == inspect.getsource(fn), f"{name}.{attr}"
    assert inspect.getsource(mirror._from_json) == inspect.getsource(engine_image._from_json)
    assert inspect.getsource(mirror._convert) == inspect.getsource(engine_image._convert)


def _sample() -> mirror.ClusterImage:
    replica = mirror.ReplicaImage(1, True, True, True, 3, -1, 10, 2048, 0)
    follower = mirror.ReplicaImage(2, False, False, False, -1, -1, -1, -1, -1)
    part = mirror.PartitionImage("orders", 0, 1, 4, (1, 2), (1,), (replica, follower))
    topic = mirror.TopicImage("orders", "6f1c2e9a-5a9b-4c1e-9a59-0d4b1d3c7e21", False, (part,),
                              {"retention.ms": "60000"})
    member = mirror.GroupMemberImage("m-1", None, "rdkafka", "/127.0.0.1", (("orders", 0),))
    offsets = (mirror.GroupOffsetImage("orders", 0, 7, 10, 3, "meta"),)
    group = mirror.GroupImage("billing", "Stable", "consumer", "range", -1, "", 1, (member,), offsets)
    brokers = (mirror.BrokerImage(1, "h1", 9092, "running", True, 1, 1, 0, 0, 0, 0, "/data"),
               mirror.BrokerImage(2, "h2", 9093, "dead", False, 0, 1, 0, 0, 0, 0, ""))
    return mirror.ClusterImage(123, "cluster", 1, -1, brokers, (topic,), (group,))


def test_external_image_json_is_engine_image_json() -> None:
    data = json.loads(json.dumps(_sample().to_json()))
    engine = engine_image.ClusterImage.from_json(data)
    assert json.loads(json.dumps(engine.to_json())) == data
    assert mirror.ClusterImage.from_json(engine.to_json()) == _sample()
    # the engine's helpers read the external image the same way
    assert engine.topic("orders").partitions[0].under_replicated  # type: ignore[union-attr]
    assert engine.group("billing").total_lag == 3  # type: ignore[union-attr]


def test_capabilities_cover_every_name() -> None:
    for source in (EMBEDDED, external(), external(read_only=True, profile="prod")):
        assert set(source) == set(NAMES)
        assert all(source[n].how for n in NAMES)
    assert not EMBEDDED.missing()
    assert external(read_only=True, profile="prod").why_not("writes") == "read-only connection profile 'prod'"
    assert external().available("writes") and not external().available("kill_broker")
    assert json.loads(json.dumps(external().to_json()))["capabilities"]["segments"]["available"] is False
