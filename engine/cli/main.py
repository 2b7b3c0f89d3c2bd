"""`kafkalab` command line entry point: dispatches to sub-commands.

Sub-commands mirror the Apache Kafka tools: ``serve`` (run the embedded cluster),
``topics`` (kafka-topics), ``console-producer`` and ``console-consumer``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

USAGE = """usage: kafkalab <command> [options]

commands:
  serve              run the embedded Kafka cluster (default 3 brokers on localhost:9092)
  topics             create, list, describe, alter and delete topics (like kafka-topics)
  console-producer   read lines from stdin and produce them (like kafka-console-producer)
  console-consumer   print records of a topic (like kafka-console-consumer)
  consumer-groups    list, describe, delete groups and reset their offsets (like kafka-consumer-groups)

Run 'kafkalab <command> --help' for the options of a command.
"""


COMMANDS = frozenset({"serve", "topics", "console-producer", "console-consumer", "consumer-groups"})


def _commands() -> dict[str, Callable[[Sequence[str]], int]]:
    from engine.cli import console, consumer_groups, serve, topics

    return {
        "serve": serve.main,
        "topics": topics.main,
        "console-producer": console.producer_main,
        "console-consumer": console.consumer_main,
        "consumer-groups": consumer_groups.main,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE, end="")
        return 0 if args else 2
    name, rest = args[0], args[1:]
    commands = _commands()
    if name not in commands:
        print(f"kafkalab: unknown command {name!r}\n\n{USAGE}", end="", file=sys.stderr)
        return 2
    try:
        return commands[name](rest)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
