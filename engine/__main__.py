"""``python -m engine serve [options]``: the embedded cluster headless, as ``kafkalab serve``."""

import sys

from engine.lean import skip_test_only_imports

skip_test_only_imports()  # before kio is imported

from engine.serve import main  # noqa: E402

USAGE = ("usage: python -m engine serve [options]\n"
         "(the client tools — topics, console-producer, console-consumer, consumer-groups — are "
         "'kafkalab <command>')\n")

args = sys.argv[1:]
if args[:1] != ["serve"]:
    sys.stderr.write(USAGE)
    sys.exit(0 if args[:1] in (["-h"], ["--help"]) else 2)
try:
    sys.exit(main(args[1:]))
except KeyboardInterrupt:
    sys.exit(130)
