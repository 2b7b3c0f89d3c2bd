"""Launcher package: ``kafkalab`` with no arguments opens the desktop app (``gui``); ``kafkalab serve``
runs the engine headless (``engine.serve``); the other commands are the Kafka-tool-like command line
(``kafkalab.cli``: argument parsing and printing over ``clients``). It is the only code that imports
both ``engine`` and ``gui``."""
