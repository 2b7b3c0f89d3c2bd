"""Dialogs: About, Help (course-note topics), port conflict, new topic."""
