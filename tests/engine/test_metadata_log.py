"""The controller's metadata log on damaged files: only a torn tail may be dropped."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from engine.clock import ManualClock
from engine.config import BrokerConfig
from engine.controller.controller import Controller
from engine.controller.metadata_log import CorruptMetadataLog, MetadataLog
from engine.observe.events import EventBus


def make_controller(directory: Path) -> Controller:
    return Controller(BrokerConfig(), ManualClock(), EventBus(), directory)


def replayed(path: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    MetadataLog(path.parent).replay(out.append)
    return out


def lines_of(n: int) -> bytes:
    return b"".join(json.dumps({"type": "ConfigRecord", "name": f"t{i}", "key": "k", "value": "v"}).encode() + b"\n"
                    for i in range(n))


def test_a_torn_tail_is_dropped_and_the_rest_kept(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "metadata.log"
    path.write_bytes(lines_of(5) + b'{"type":"ConfigRec')
    caplog.set_level(logging.WARNING)
    assert len(replayed(path)) == 5
    assert path.read_bytes() == lines_of(5)
    [line] = [r.getMessage() for r in caplog.records]
    assert "torn tail" in line and "5 records kept" in line


def test_a_garbage_last_line_is_a_torn_tail_too(tmp_path: Path) -> None:
    path = tmp_path / "metadata.log"
    path.write_bytes(lines_of(3) + b"\x00\xff garbage\n")
    assert len(replayed(path)) == 3 and path.read_bytes() == lines_of(3)


@pytest.mark.parametrize("bad_line", [0, 2])
def test_a_bad_line_in_the_middle_stops_replay_with_a_clear_message(tmp_path: Path, bad_line: int) -> None:
    """Issue 10: one bad first line was "a torn tail at byte 0", then every partition a stray log."""
    path = tmp_path / "metadata.log"
    lines = lines_of(5).splitlines(keepends=True)
    lines[bad_line] = b"\x00\x01 flipped bits\n"
    original = b"".join(lines)
    path.write_bytes(original)
    with pytest.raises(CorruptMetadataLog) as e:
        replayed(path)
    assert f"line {bad_line + 1}" in str(e.value) and "damaged in the middle" in str(e.value)
    assert path.read_bytes() == original  # nothing truncated


def test_a_record_that_cannot_be_applied_stops_the_controller(tmp_path: Path) -> None:
    path = tmp_path / "metadata.log"
    path.write_bytes(b'{"type":"TopicRecord"}\n' + lines_of(1))
    with pytest.raises(CorruptMetadataLog) as e:
        make_controller(tmp_path)
    assert "TopicRecord on line 1" in str(e.value)


def test_the_metadata_log_is_private(tmp_path: Path) -> None:
    log = MetadataLog(tmp_path / "controller")
    log.append([{"type": "ConfigRecord", "name": "t", "key": "k", "value": "v"}])
    log.close()
    assert (tmp_path / "controller").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "controller" / "metadata.log").stat().st_mode & 0o777 == 0o600
