"""``kafkalab`` entry point."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from engine.cli.main import COMMANDS

    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help")):
        try:
            from gui.app import main as gui_main
        except ImportError as e:  # the GUI is optional for headless use
            sys.stderr.write(f"kafkalab: the desktop app is not available ({e}); try 'kafkalab serve'\n")
            return 1
        return int(gui_main(args) or 0)
    from engine.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
