"""Kafka Lab resources (themes, translations, help texts, icons); located through ``gui.resources``."""
