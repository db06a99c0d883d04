"""Where the bundled decks and seed articles are, installed or not.

An installed wheel carries them in `quiz/_data/`; a source checkout (or an
editable install) has them at the top of the repository, beside `quiz/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def decks_dir() -> Path:
    return _data_dir("decks")


def seeds_dir() -> Path:
    return _data_dir("seeds")


def bundled_deck_files() -> list[Path]:
    return sorted(decks_dir().glob("*.yaml"))
