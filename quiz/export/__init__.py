"""Exports: adapters that write the core's items as other programs' files
(Anki packages, classroom quizzes for print, Moodle, Canvas and Kahoot).

Each depends on the core only (decks, items, seeds), never on another adapter.
"""
