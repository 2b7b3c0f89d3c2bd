"""Broker controls typed into a running `kafkalab serve`."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import ServeProcess
from tests.integration.clients import consume_confluent, create_topic, produce_confluent


def test_kill_and_restart_a_broker_from_the_serve_console(serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    sp = serve_factory(["--brokers", "3", "--port", "0", "--temp"])
    create_topic(sp.bootstrap, "console", partitions=3, rf=3)
    produce_confluent(sp.bootstrap, "console", [(None, b"x")] * 30, acks="all")
    assert sp.command("kill 2") == "broker 2: dead"
    produce_confluent(sp.bootstrap, "console", [(None, b"y")] * 30, acks="all")
    assert sp.command("restart 2") == "broker 2: running"
    assert sp.command("slow 250") == "replication delay: 250 ms"
    assert sp.command("kill 9").startswith("error: no broker 9")
    assert sp.command("frobnicate").startswith("unknown command")
    assert len(consume_confluent(sp.bootstrap, "console", 60)) == 60
    assert sp.stop() == 0


def test_commands_written_together_all_run_in_order(serve_factory: Callable[[list[str]], ServeProcess]) -> None:
    """A script (or a paste) writes several lines at once: every one runs, in the order written."""
    sp = serve_factory(["--brokers", "3", "--port", "0", "--temp"])
    assert sp.proc.stdin is not None and sp.proc.stdout is not None
    sp.proc.stdin.write("pause 1\nresume 1\nkill 2\nrestart 2\n")
    sp.proc.stdin.flush()
    answers = [sp.proc.stdout.readline().strip() for _ in range(4)]
    assert answers == ["broker 1: paused", "broker 1: running", "broker 2: dead", "broker 2: running"]
    assert sp.stop() == 0
