"""The frozen app's entry point: the ``kafkalab`` launcher.

No arguments (or options only) open the desktop app; ``serve`` runs the engine — which is how the
app starts its engine child process from a frozen build, where there is no ``python -m engine``
(``gui.engine_process.engine_command``); ``topics``, ``console-producer``, … are the command-line
tools, as with the ``kafkalab`` command of a source install."""

import sys

from kafkalab.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
