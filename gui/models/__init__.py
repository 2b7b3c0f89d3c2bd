"""Qt item models and plain-Python state derived from engine images and events."""
