"""Adapters that write decks as other apps' files (Anki packages).

Each depends on the core only (decks, items, seeds), never on another adapter.
"""
