"""A topic- or partition-scoped error fault on Produce or Fetch answers only the partitions it names.

Kafka answers each partition of a Produce or Fetch request on its own: a NOT_LEADER_OR_FOLLOWER for
``orders-1`` says nothing of ``orders-0``. So the tap splits such a request: the partitions the fault
names get its error (a produce to them is not appended), the others run as usual — the request is
re-encoded without them and handed to the handler — and the two answers are merged into one
response. A fetch split this way answers at once (``min_bytes`` 0), as Kafka does when a partition
has an error."""

from __future__ import annotations

import dataclasses
import inspect
import io
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from kio.serial import entity_reader, entity_writer

from engine.protocol.errors import ErrorCode
from engine.protocol.responses import NoResponse, RawBody
from engine.protocol.schema import request_class, response_class
from engine.server.faults import FETCH, PRODUCE, Fault, error_body

# per API: (topics field, partitions field, partition index field) of the request; the same of the response
_REQUEST = {PRODUCE: ("topic_data", "partition_data", "index"), FETCH: ("topics", "partitions", "partition")}
_RESPONSE = {PRODUCE: ("partition_responses", "index"), FETCH: ("partitions", "partition_index")}


def scoped(fault: Fault, api_key: int) -> bool:
    return api_key in _REQUEST and (fault.topic is not None or fault.partition is not None)


def split(api_key: int, request: Any, fault: Fault,
          topic_names: Callable[[], Mapping[uuid.UUID, str]]) -> tuple[Any, Any] | None:
    """(the request without the fault's partitions, the request of only those), or None when the
    fault names every partition of it (then the whole request gets the error)."""
    t_field, p_field, i_field = _REQUEST[api_key]
    kept_topics: list[Any] = []
    hit_topics: list[Any] = []
    for t in getattr(request, t_field):
        name = getattr(t, "name", None) or getattr(t, "topic", None) or ""
        if not name and getattr(t, "topic_id", None) is not None:
            name = topic_names().get(t.topic_id, "")
        kept: list[Any] = []
        hit: list[Any] = []
        for p in getattr(t, p_field):
            index = getattr(p, i_field)
            named = (fault.topic is None or name == fault.topic) and (fault.partition is None or index == fault.partition)
            (hit if named else kept).append(p)
        if kept:
            kept_topics.append(dataclasses.replace(t, **{p_field: tuple(kept)}))
        if hit:
            hit_topics.append(dataclasses.replace(t, **{p_field: tuple(hit)}))
    if not kept_topics or not hit_topics:
        return None
    rest = dataclasses.replace(request, **{t_field: tuple(kept_topics)})
    if api_key == FETCH:
        rest = dataclasses.replace(rest, min_bytes=0)  # (an error in the answer: no waiting for data)
    return rest, dataclasses.replace(request, **{t_field: tuple(hit_topics)})


def error_answer(api_key: int, version: int, hit: Any, code: ErrorCode,
                 topic_names: Callable[[], Mapping[uuid.UUID, str]]) -> Any:
    """The fault's error for the partitions it names (fetch topics by id named too: the X-ray's places)."""
    answer = error_body(api_key, version, hit, code)
    if api_key == FETCH:
        for t in answer["responses"]:
            if not t["topic"] and t["topic_id"] is not None:
                t["topic"] = topic_names().get(t["topic_id"], "")
    return answer


def encode_request(frame: bytearray, body_offset: int, api_key: int, version: int, request: Any) -> bytearray:
    """The frame with its body replaced by ``request`` (its header kept)."""
    buf = io.BytesIO()
    buf.write(frame[:body_offset])
    entity_writer(request_class(api_key, version))(buf, request)
    return bytearray(buf.getvalue())


def merged(api_key: int, version: int, body: Any, errors: Mapping[str, Any]) -> Any:
    """The handler's answer (maybe still to come) with the fault's error partitions put in."""
    if inspect.isawaitable(body):
        async def later() -> Any:
            return merge(api_key, version, await body, errors)
        return later()
    return merge(api_key, version, body, errors)


def merge(api_key: int, version: int, body: Any, errors: Mapping[str, Any]) -> Any:
    if isinstance(body, NoResponse) or not isinstance(errors, Mapping):
        return body  # (acks=0: no answer at all)
    if isinstance(body, RawBody):
        data = b"".join(p if isinstance(p, bytes) else bytes(p) if isinstance(p, (bytearray, memoryview))
                        else p.read() for p in body.parts)
        body = entity_reader(response_class(api_key, version))(data, 0)[0]
    out = _fields(body)
    p_field, i_field = _RESPONSE[api_key]
    topics = [_fields(t) for t in out.get("responses", ())]
    for err in errors["responses"]:
        key = _topic_key(err)
        bad = {p[i_field] for p in err[p_field]}
        same = next((t for t in topics if _topic_key(t) == key), None)
        if same is None:
            topics.append(dict(err))
        else:
            same[p_field] = [p for p in same[p_field] if _get(p, i_field) not in bad] + list(err[p_field])
    out["responses"] = topics
    return out


def _topic_key(t: Mapping[str, Any]) -> tuple[Any, ...]:
    return (t.get("name") or t.get("topic") or "", t.get("topic_id"))


def _fields(x: Any) -> dict[str, Any]:
    if isinstance(x, Mapping):
        return dict(x)
    return {f.name: getattr(x, f.name) for f in dataclasses.fields(x)}


def _get(p: Any, name: str) -> Any:
    return p[name] if isinstance(p, Mapping) else getattr(p, name)
