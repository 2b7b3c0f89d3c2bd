"""Reusable widgets (no engine access; they get plain values and emit Qt signals)."""
