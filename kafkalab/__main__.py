"""``kafkalab`` entry point: no arguments (or options only) → the desktop app; ``serve`` → the engine;
``topics``, ``console-producer``, ``console-consumer``, ``consumer-groups``, ``snapshot`` → the command-line tools,
which mirror Apache Kafka's."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from kafkalab.cli import TOOLS, run_tool

USAGE = """usage: kafkalab <command> [options]

commands:
  serve              run the embedded Kafka cluster (default 3 brokers on localhost:9092)
  topics             create, list, describe, alter and delete topics (like kafka-topics)
  console-producer   read lines from stdin and produce them (like kafka-console-producer)
  console-consumer   print records of a topic (like kafka-console-consumer)
  consumer-groups    list, describe, delete groups and reset their offsets (like kafka-consumer-groups)
  lesson             list the guided lessons, show one, or run one headless ('lesson run ID --headless')
  reassign-partitions  move partitions between brokers: --generate, --execute, --verify (like kafka-reassign-partitions)
  replay             read a session recording: the image at an instant ('--at SECONDS --json') or '--events'
  snapshot           print a cluster's image (brokers, topics, partitions, groups, lag) as JSON or a summary

Run 'kafkalab <command> --help' for the options of a command.
"""

COMMANDS = frozenset({"serve", "lesson", "replay", *TOOLS})


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE, end="")
        return 0
    if not args or args[0] not in COMMANDS:
        try:
            from gui.app import main as gui_main
        except ImportError as e:  # the GUI is optional for headless use
            sys.stderr.write(f"kafkalab: the desktop app is not available ({e}); try 'kafkalab serve'\n")
            return 1
        return int(gui_main(args) or 0)
    name, rest = args[0], args[1:]
    try:
        if name == "serve":
            from engine.lean import skip_test_only_imports

            skip_test_only_imports()
            from engine.serve import main as serve_main

            return serve_main(rest)
        if name == "replay":
            from engine.replay import main as replay_main

            return replay_main(rest)
        if name == "lesson":
            from lessons.cli import main as lesson_main

            return lesson_main(rest)
        return run_tool(name, rest)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
