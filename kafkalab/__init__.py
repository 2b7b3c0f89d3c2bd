"""Launcher package: ``kafkalab`` with no arguments opens the desktop app; ``kafkalab <command>``
runs an engine command (serve, topics, console-producer, …). It is the only code that imports
both ``engine`` and ``gui``."""
