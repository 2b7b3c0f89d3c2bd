"""Image deltas (engine.observe.image_diff): applying the delta of any two images to the first gives the
second exactly; unchanged parts cost nothing on the wire and come back as the base's own objects."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.observe import (
    BrokerImage,
    BrokerSessionImage,
    ClusterImage,
    ControllerImage,
    GroupImage,
    GroupMemberImage,
    GroupOffsetImage,
    PartitionImage,
    ProduceErrorImage,
    ReplicaImage,
    SchemaRegistryImage,
    SegmentImage,
    TopicImage,
    codec,
)
from engine.observe.events import BrokerDown, LeaderElected
from engine.observe.image_diff import apply_delta, diff_images, is_empty

small = st.integers(min_value=-1, max_value=5)
offsets = st.integers(min_value=0, max_value=10**12)
names = st.sampled_from(["orders", "payments", "clicks", "__consumer_offsets", "t"])


def wire(delta: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(delta))


def replicas(topic: str, partition: int) -> st.SearchStrategy[PartitionImage]:
    segment = st.builds(SegmentImage, offsets, offsets, offsets, offsets, offsets, st.text(max_size=8))
    replica = st.builds(ReplicaImage, small, st.booleans(), st.booleans(), st.booleans(), offsets, offsets, offsets,
                        offsets, small, st.lists(segment, max_size=2).map(tuple))
    ids = st.lists(small, max_size=3).map(tuple)
    errors = st.lists(st.builds(ProduceErrorImage, st.sampled_from(["NOT_ENOUGH_REPLICAS", "X"]), offsets,
                                st.booleans(), st.text(max_size=5)), max_size=1).map(tuple)
    return st.builds(PartitionImage, st.just(topic), st.just(partition), small, small, ids, ids,
                     st.lists(replica, max_size=3).map(tuple), offsets, offsets, offsets, errors)


@st.composite
def topics(draw: st.DrawFn, name: str) -> TopicImage:
    count = draw(st.integers(min_value=0, max_value=4))
    indexes = list(range(count)) if draw(st.booleans()) else draw(st.lists(st.integers(0, 6), unique=True, max_size=4))
    parts = tuple(draw(replicas(name, i)) for i in indexes)
    configs = draw(st.dictionaries(st.sampled_from(["retention.ms", "cleanup.policy"]), st.text(max_size=4)))
    return TopicImage(name, draw(st.sampled_from(["id-1", "id-2"])), draw(st.booleans()), parts, configs)


@st.composite
def images(draw: st.DrawFn) -> ClusterImage:
    broker_ids = draw(st.lists(st.integers(0, 4), unique=True, max_size=4))
    brokers = tuple(BrokerImage(b, "127.0.0.1", 9092 + b, draw(st.sampled_from(["running", "dead", "paused"])),
                                draw(st.booleans()), draw(small), draw(small), draw(offsets), draw(offsets),
                                draw(offsets), draw(offsets), f"/d/broker-{b}") for b in broker_ids)
    topic_names = draw(st.lists(names, unique=True, max_size=4))
    member = st.builds(GroupMemberImage, st.text(max_size=4), st.none() | st.text(max_size=3), st.text(max_size=3),
                       st.text(max_size=3), st.lists(st.tuples(names, small), max_size=2).map(tuple))
    offset = st.builds(GroupOffsetImage, names, small, offsets, offsets, small, st.text(max_size=3))
    groups = tuple(GroupImage(g, draw(st.sampled_from(["Stable", "Empty"])), "consumer", "range", draw(small), "",
                              draw(small), tuple(draw(st.lists(member, max_size=2))),
                              tuple(draw(st.lists(offset, max_size=2))))
                   for g in draw(st.lists(st.sampled_from(["g1", "g2", "g3"]), unique=True, max_size=3)))
    decision = st.one_of(st.builds(BrokerDown, time_ms=offsets, broker_id=small, reason=st.sampled_from(["killed"])),
                         st.builds(LeaderElected, time_ms=offsets, topic=names, partition=small, old_leader=small,
                                   new_leader=small, leader_epoch=small, reason=st.just("leader down")))
    controller = draw(st.none() | st.builds(
        ControllerImage, st.integers(1, 9), offsets, st.text(max_size=4), small, small,
        st.lists(st.builds(BrokerSessionImage, small, st.booleans(), st.booleans(), offsets), max_size=3).map(tuple),
        st.lists(decision, max_size=3).map(tuple), offsets))
    registry = draw(st.none() | st.builds(SchemaRegistryImage, st.sampled_from(["", "http://127.0.0.1:8081"]),
                                          st.sampled_from(["starting", "running", "failed"]), st.text(max_size=4)))
    return ClusterImage(draw(offsets), draw(st.sampled_from(["c1", "c2"])), draw(small), draw(offsets), brokers,
                        tuple(draw(topics(n)) for n in topic_names), groups, draw(small), controller, registry)


@settings(max_examples=100, deadline=None)
@given(images(), images())
def test_any_two_images(old: ClusterImage, new: ClusterImage) -> None:
    assert apply_delta(old, wire(diff_images(old, new))) == new


@settings(max_examples=50, deadline=None)
@given(images(), st.data())
def test_small_changes_share_the_rest(old: ClusterImage, data: st.DataObject) -> None:
    """``new`` shares every part of ``old`` but one changed partition (as the engine's images will)."""
    topics_with_parts = [t for t in old.topics if t.partitions]
    if not topics_with_parts:
        return
    t = data.draw(st.sampled_from(topics_with_parts))
    i = data.draw(st.integers(0, len(t.partitions) - 1))
    p = t.partitions[i]
    changed = dataclasses.replace(p, messages_in=p.messages_in + 1)
    t2 = dataclasses.replace(t, partitions=t.partitions[:i] + (changed,) + t.partitions[i + 1:])
    new = dataclasses.replace(old, time_ms=old.time_ms + 100,
                              topics=tuple(t2 if x is t else x for x in old.topics))
    delta = diff_images(old, new)
    assert delta == {"time_ms": new.time_ms, "topics": {"set": [{"name": t.name, "partitions": {
        "set": [codec.encode(changed)]}}]}}
    back = apply_delta(old, wire(delta))
    assert back == new
    others = [(a, b) for a, b in zip(old.topics, back.topics, strict=True) if a is not t]
    assert all(a is b for a, b in others)  # untouched topics are the base's own objects
    assert all(a is b for j, (a, b) in enumerate(zip(t.partitions, back.topic(t.name).partitions, strict=True))  # type: ignore[union-attr]
               if j != i)


def test_nothing_changed_is_just_the_time() -> None:
    image = ClusterImage(1, "c", 0, 0, (), ())
    assert is_empty(diff_images(image, dataclasses.replace(image, time_ms=2)))
    assert diff_images(image, dataclasses.replace(image, time_ms=2)) == {"time_ms": 2}
    assert apply_delta(image, {"time_ms": 2}) == dataclasses.replace(image, time_ms=2)
