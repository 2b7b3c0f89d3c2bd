"""Benchmark: decoding registry-framed records the way the message browser does.

Figure (``name: value unit (reference: value unit, ratio x)``):

- Avro records decoded per second by ``clients.serdes.SchemaDecoder.records`` (what the browser's worker
  runs on each page of 500 records: each value's schema by id from the cache, fastavro, the JSON text,
  the subject looked up), cache warm. Reference: confluent-kafka's own ``AvroDeserializer`` (with its
  registry client's cache) on the same bytes, to dicts only, in the same run.

Both sides get the same 500-record pages of a 6-field Avro record written by confluent-kafka's
``AvroSerializer`` through the embedded registry (``kafkalab serve --schema-registry-port 0``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _harness import BenchError, Failed, Figure, print_figure, short_error, start_engine  # noqa: E402

SCHEMA = {"type": "record", "name": "Click", "namespace": "bench", "fields": [
    {"name": "user", "type": "string"}, {"name": "page", "type": "string"}, {"name": "ms", "type": "long"},
    {"name": "ok", "type": "boolean"}, {"name": "score", "type": "double"},
    {"name": "tags", "type": {"type": "array", "items": "string"}}]}
PAGE = 500
FIGURE = Figure("browser page decode, Avro", "records/s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=40, help="pages of 500 records decoded per side")
    args = ap.parse_args()
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    from clients.readers import Record
    from clients.serdes import decoder_for

    try:
        engine = start_engine(1, ["--schema-registry-port", "0"])
    except BenchError as e:
        print_figure(FIGURE, Failed(short_error(e)), Failed("no registry"))
        return 1
    try:
        deadline = time.monotonic() + 60  # the registry starts after READY: its own line follows
        m = None
        while m is None and time.monotonic() < deadline and engine.alive():
            m = re.search(r"KAFKALAB REGISTRY url=(\S+)", engine.output_tail(200))
            if m is None:
                time.sleep(0.05)  # polling the child's output (a bench, not a test)
        if m is None:
            raise BenchError("the engine printed no KAFKALAB REGISTRY url= line")
        url = m.group(1)
        client = SchemaRegistryClient({"url": url})
        ctx = SerializationContext("clicks", MessageField.VALUE)
        serialize = AvroSerializer(client, json.dumps(SCHEMA))
        values = [serialize({"user": f"user-{i}", "page": f"/p/{i % 50}", "ms": 1_700_000_000_000 + i,
                             "ok": i % 3 > 0, "score": i / 7, "tags": ["a", "b"][: i % 3]}, ctx)
                  for i in range(PAGE)]
        page = [Record(0, i, -1, None, v, ()) for i, v in enumerate(values)]
        decoder = decoder_for(url)
        decoder.records("clicks", page[:1])  # warm: the schema and its subject fetched once
        deserialize = AvroDeserializer(client)
        deserialize(values[0], ctx)

        t0 = time.perf_counter()
        for _ in range(args.pages):
            out = decoder.records("clicks", page)
        ours = args.pages * PAGE / (time.perf_counter() - t0)
        assert out[0].value_decoded is not None and out[0].value_decoded.ok
        t0 = time.perf_counter()
        for _ in range(args.pages):
            ref = [deserialize(v, ctx) for v in values]
        theirs = args.pages * PAGE / (time.perf_counter() - t0)
        assert json.loads(out[1].value_decoded.text or "{}")["user"] == ref[1]["user"]
        print_figure(FIGURE, ours, theirs)
        return 0
    except Exception as e:  # a figure line either way
        print_figure(FIGURE, Failed(short_error(e)), None)
        return 1
    finally:
        engine.stop()


if __name__ == "__main__":
    sys.exit(main())
