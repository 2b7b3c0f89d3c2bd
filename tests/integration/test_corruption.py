"""A damaged data dir (issue 10, "Disk"): stop cleanly or kill -9 a `kafkalab serve`, damage a file,
start again. The engine recovers what is intact and says so in one line, never deletes data because
metadata looks odd, and never refuses to start with a bare traceback."""

from __future__ import annotations

import asyncio
import os
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from engine.network.client import KafkaConnection
from engine.protocol.records import build_batch
from tests.conftest import ROOT, ServeProcess
from tests.engine.test_records import rebatch
from tests.integration.clients import QUIET, create_topic, produce_confluent

Serve = Callable[[list[str]], ServeProcess]


def serve_args(data: Path, *config: str, brokers: int = 1) -> list[str]:
    args = ["--brokers", str(brokers), "--port", "0", "--data-dir", str(data), "--log-level", "WARNING"]
    for c in config:
        args += ["--config", c]
    return args


def stderr_of(sp: ServeProcess) -> str:
    """Stop the process cleanly and return everything it logged."""
    assert sp.stop() == 0
    assert sp.proc.stderr is not None
    return sp.proc.stderr.read()


def fails_to_start(args: list[str], timeout: float = 30) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "engine", "serve", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    assert "KAFKALAB READY" not in proc.stdout, "the engine started"
    return proc.returncode, proc.stderr


def read_all(bootstrap: str, topic: str, partitions: int = 1, timeout: float = 20) -> list[tuple[int, int, bytes]]:
    """Every record up to the end of each partition: (partition, offset, value)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "corruption", "enable.auto.commit": False,
                  "enable.partition.eof": True, "fetch.queue.backoff.ms": 10, **QUIET})
    try:
        c.assign([TopicPartition(topic, p, -2) for p in range(partitions)])
        out: list[tuple[int, int, bytes]] = []
        at_end: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(at_end) < partitions:
            assert time.monotonic() < deadline, f"timed out reading {topic}: {len(out)} records, ends {at_end}"
            for m in c.consume(1000, 0.2):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        at_end.add(m.partition())
                    continue
                out.append((m.partition(), m.offset(), m.value()))
        return out
    finally:
        c.close()


def produce_batches(bootstrap: str, topic: str, batches: int, per_batch: int, **conf: object) -> None:
    for b in range(batches):  # flushed one by one: one batch each
        produce_confluent(bootstrap, topic, [(None, b"r%d" % i) for i in range(b * per_batch, (b + 1) * per_batch)],
                          **conf)


def assert_contiguous(records: list[tuple[int, int, bytes]]) -> int:
    offsets = [o for _p, o, _v in records]
    assert offsets == list(range(len(offsets))), f"offset hole: {offsets[:3]} … {offsets[-3:]}"
    assert [v for *_x, v in records] == [b"r%d" % i for i in range(len(records))]
    return len(records)


def partition_dir(data: Path, name: str, broker: int = 0) -> Path:
    return data / f"broker-{broker}" / name


def segments(data: Path, name: str) -> list[Path]:
    return sorted(partition_dir(data, name).glob("*.log"))


# ------------------------------------------------------------------ .log files


def test_the_active_segment_cut_mid_batch_after_a_clean_stop(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(serve_args(data))
    create_topic(sp.bootstrap, "cut")
    produce_batches(sp.bootstrap, "cut", 4, 25)
    stderr_of(sp)
    [log] = segments(data, "cut-0")
    with open(log, "r+b") as f:
        f.truncate(os.path.getsize(log) - 7)
    sp2 = serve_factory(serve_args(data))
    assert assert_contiguous(read_all(sp2.bootstrap, "cut")) == 75
    assert produce_confluent(sp2.bootstrap, "cut", [(None, b"r75")]) == [(0, 75)]  # no phantom offsets 75–99
    err = stderr_of(sp2)
    assert err.count("cut-0: recovered offsets 0–74 and no further") == 1 and "Traceback" not in err


def test_an_older_segment_cut_after_a_kill_leaves_no_offset_hole(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(serve_args(data, "log.segment.bytes=1200"))
    create_topic(sp.bootstrap, "holes")
    produce_batches(sp.bootstrap, "holes", 8, 25)
    sp.kill9()
    files = segments(data, "holes-0")
    assert len(files) >= 3
    with open(files[0], "r+b") as f:
        f.truncate(os.path.getsize(files[0]) - 5)
    sp2 = serve_factory(serve_args(data, "log.segment.bytes=1200"))
    kept = assert_contiguous(read_all(sp2.bootstrap, "holes"))
    assert 0 < kept < 200
    assert produce_confluent(sp2.bootstrap, "holes", [(None, b"r%d" % kept)]) == [(0, kept)]
    err = stderr_of(sp2)
    assert f"holes-0: recovered offsets 0–{kept - 1} and no further: {files[0].name} holds a torn batch" in err
    assert "removed" in err and "Traceback" not in err
    assert not files[-1].exists()


# ------------------------------------------------------------------ indexes


def test_flipped_bytes_in_an_offset_index_are_rebuilt(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = serve_args(data, "log.index.interval.bytes=1")
    sp = serve_factory(args)
    create_topic(sp.bootstrap, "idx")
    produce_batches(sp.bootstrap, "idx", 4, 25)
    stderr_of(sp)
    [index] = partition_dir(data, "idx-0").glob("*.index")
    raw = bytearray(index.read_bytes())
    raw[-4:] = b"\xff\xff\xff\x00"  # the last entry's position: negative (today: "[Errno 22] Invalid argument")
    index.write_bytes(bytes(raw))
    sp2 = serve_factory(args)
    assert assert_contiguous(read_all(sp2.bootstrap, "idx")) == 100
    err = stderr_of(sp2)
    assert "idx-0: rebuilt the indexes of 00000000000000000000.log" in err and index.name in err
    assert "no records lost" in err


def test_a_flipped_time_index_gives_right_offsets_for_times(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = serve_args(data, "log.index.interval.bytes=1")
    sp = serve_factory(args)
    create_topic(sp.bootstrap, "times")
    t0 = int(time.time() * 1000) - 100_000
    for i in range(10):
        p = Producer({"bootstrap.servers": sp.bootstrap, **QUIET})
        p.produce("times", value=b"r%d" % i, timestamp=t0 + i * 1000)
        assert p.flush(10) == 0
    stderr_of(sp)
    [tindex] = partition_dir(data, "times-0").glob("*.timeindex")
    raw = bytearray(tindex.read_bytes())
    struct.pack_into(">i", raw, 4 * 12 + 8, 8)  # entry 4 points at offset 8: lookups after it start too late
    tindex.write_bytes(bytes(raw))
    sp2 = serve_factory(args)
    c = Consumer({"bootstrap.servers": sp2.bootstrap, "group.id": "times", **QUIET})
    try:
        [tp] = c.offsets_for_times([TopicPartition("times", 0, t0 + 4500)], timeout=10)
        assert tp.offset == 5
    finally:
        c.close()
    assert tindex.name in stderr_of(sp2)


# ------------------------------------------------------------------ checkpoints and small metadata files

GARBAGE = b"\xff\xfe\x00garbage\n3\nnot a number\n"


@pytest.mark.parametrize("name", ["replication-offset-checkpoint", "recovery-point-offset-checkpoint",
                                  "log-start-offset-checkpoint", "ck-0/leader-epoch-checkpoint",
                                  "ck-0/partition.metadata"])
def test_garbage_in_a_checkpoint_file_is_ignored_with_a_warning(serve_factory: Serve, tmp_path: Path,
                                                               name: str) -> None:
    data = tmp_path / "data"
    sp = serve_factory(serve_args(data))
    create_topic(sp.bootstrap, "ck")
    produce_batches(sp.bootstrap, "ck", 2, 25)
    sp.kill9()
    (data / "broker-0" / name).write_bytes(GARBAGE)
    sp2 = serve_factory(serve_args(data))
    assert assert_contiguous(read_all(sp2.bootstrap, "ck")) == 50
    err = stderr_of(sp2)
    assert Path(name).name in err and "Traceback" not in err


def _cluster_id(bootstrap: str) -> str:
    client = AdminClient({"bootstrap.servers": bootstrap, **QUIET})  # keep it: its futures die with it
    return str(client.describe_cluster().result(10).cluster_id)


def test_a_removed_meta_properties_keeps_the_cluster_id(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(serve_args(data))
    before = _cluster_id(sp.bootstrap)
    stderr_of(sp)
    (data / "meta.properties").unlink()
    sp2 = serve_factory(serve_args(data))
    assert _cluster_id(sp2.bootstrap) == before
    assert "meta.properties was missing: restored cluster.id" in stderr_of(sp2)
    assert f"cluster.id={before}" in (data / "meta.properties").read_text()


def test_meta_properties_gone_everywhere_refuses_rather_than_a_new_cluster(serve_factory: Serve,
                                                                           tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(serve_args(data))
    create_topic(sp.bootstrap, "kept")
    produce_batches(sp.bootstrap, "kept", 1, 10)
    stderr_of(sp)
    for meta in data.rglob("meta.properties"):
        meta.unlink()
    rc, err = fails_to_start(serve_args(data))
    assert rc == 1 and "Traceback" not in err
    assert "cannot start" in err and "meta.properties is missing" in err and "cluster.id=" in err
    (data / "meta.properties").write_text("cluster.id=adopted\n")
    sp2 = serve_factory(serve_args(data))
    assert _cluster_id(sp2.bootstrap) == "adopted"
    assert assert_contiguous(read_all(sp2.bootstrap, "kept")) == 10


# ------------------------------------------------------------------ the controller's metadata log


def test_a_bad_line_in_the_metadata_log_stops_startup_and_loses_nothing(serve_factory: Serve,
                                                                        tmp_path: Path) -> None:
    """Issue 10: one bad first line was "a torn tail at byte 0", then every partition was deleted."""
    data = tmp_path / "data"
    sp = serve_factory(serve_args(data, brokers=3))
    create_topic(sp.bootstrap, "precious", partitions=3, rf=3)
    produce_confluent(sp.bootstrap, "precious", [(b"%d" % i, b"r%d" % i) for i in range(300)], acks="all")
    stderr_of(sp)
    metadata = data / "controller" / "metadata.log"
    original = metadata.read_bytes()
    metadata.write_bytes(b"\x00\x13" + original[2:])  # two flipped bytes in the first record
    rc, err = fails_to_start(serve_args(data, brokers=3))
    assert rc == 1 and "Traceback" not in err
    assert "metadata.log: line 1 (byte 0) is not a valid record" in err and "damaged in the middle" in err
    assert all(segments(data, f"precious-{p}") for p in range(3))
    metadata.write_bytes(original)  # the operator restores it
    sp2 = serve_factory(serve_args(data, brokers=3))
    assert len(read_all(sp2.bootstrap, "precious", partitions=3)) == 300


def test_partitions_the_metadata_cannot_account_for_are_renamed_aside(serve_factory: Serve,
                                                                      tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(serve_args(data))
    create_topic(sp.bootstrap, "orphan")
    produce_batches(sp.bootstrap, "orphan", 1, 10)
    stderr_of(sp)
    (data / "controller" / "metadata.log").unlink()  # the controller's memory is gone
    sp2 = serve_factory(serve_args(data))
    err = stderr_of(sp2)
    [aside] = (data / "broker-0").glob("orphan-0.*-stray")
    assert os.path.getsize(next(aside.glob("*.log"))) > 0  # every record still on disk
    assert "renamed aside" in err and "orphan-0" in err and "not deleted" in err


# ------------------------------------------------------------------ permissions and hostile batches


def test_the_data_dir_is_private(serve_factory: Serve, tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    sp = serve_factory(serve_args(data, brokers=3))
    create_topic(sp.bootstrap, "private", partitions=2, rf=3)
    produce_batches(sp.bootstrap, "private", 2, 5)
    stderr_of(sp)
    for root, dirs, names in os.walk(tmp_path / "new"):
        for d in dirs:
            assert stat.S_IMODE(os.stat(Path(root) / d).st_mode) == 0o700, Path(root) / d
        for n in names:
            assert stat.S_IMODE(os.stat(Path(root) / n).st_mode) == 0o600, Path(root) / n


async def _raw_produce(bootstrap: str, topic: str, batch: bytes) -> tuple[int, str | None]:
    host, port = bootstrap.rsplit(":", 1)
    conn = KafkaConnection(host, int(port), "hostile-producer", timeout_s=10)
    try:
        resp = await conn.request(0, 8, {"transactional_id": None, "acks": -1, "timeout": 5000, "topic_data": [
            {"name": topic, "partition_data": [{"index": 0, "records": batch}]}]})
    finally:
        await conn.close()
    p = resp.responses[0].partition_responses[0]
    return int(p.error_code), p.error_message


def test_a_batch_claiming_2_to_the_31_records_is_refused_and_the_dir_restarts(serve_factory: Serve,
                                                                              tmp_path: Path) -> None:
    data = tmp_path / "data"
    sp = serve_factory(serve_args(data))
    create_topic(sp.bootstrap, "hostile")
    produce_batches(sp.bootstrap, "hostile", 1, 5)
    now = int(time.time() * 1000)
    huge = bytes(rebatch(build_batch([(None, b"x")], timestamp_ms=now), last_offset_delta=2**31 - 2,
                         record_count=2**31 - 1))
    for _ in range(3):
        code, message = asyncio.run(_raw_produce(sp.bootstrap, "hostile", huge))
        assert code == 87 and message and "2147483647 records" in message  # INVALID_RECORD
    assert produce_confluent(sp.bootstrap, "hostile", [(None, b"r5")]) == [(0, 5)]
    sp.kill9()
    sp2 = serve_factory(serve_args(data))
    assert assert_contiguous(read_all(sp2.bootstrap, "hostile")) == 6
