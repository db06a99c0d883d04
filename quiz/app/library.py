"""The decks the app offers, each loaded on its own so one broken file spoils no other.

`quiz.decks.load_decks` refuses a set of decks with any problem, which is right
for `quiz check`; a student's home screen instead lists the broken deck with
its problems and lets the good ones be studied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quiz import resources
from quiz.decks import load_deck
from quiz.facts import Deck
from quiz.generate import generate
from quiz.items import Item
from quiz.library import DeckFile, seeds_for
from quiz.problems import DeckError, Problem
from quiz.seeds import Seed, SeedLibrary


@dataclass(frozen=True)
class Shelf:
    """One deck file: the deck and its items, or what is wrong with it."""

    path: Path
    deck: Deck | None
    items: tuple[Item, ...] = ()
    problems: tuple[Problem, ...] = ()
    where: str = "bundled"

    @property
    def id(self) -> str:
        return self.deck.id if self.deck else self.path.stem

    @property
    def name(self) -> str:
        return self.deck.name if self.deck else self.path.name

    @property
    def ok(self) -> bool:
        return self.deck is not None


@dataclass(frozen=True)
class Library:
    shelves: tuple[Shelf, ...]
    seeds: SeedLibrary | None

    def shelf(self, deck_id: str) -> Shelf | None:
        return next((shelf for shelf in self.shelves if shelf.id == deck_id), None)

    def seed(self, file: str) -> Seed | None:
        if self.seeds is None or file not in self.seeds:
            return None
        return self.seeds[file]


def load_library(
    paths: Sequence[Path] | None = None,
    seeds_folder: Path | None = None,
    seed: int = 0,
    *,
    files: Sequence[DeckFile] | None = None,
) -> Library:
    """Load every deck file (default: the bundled decks; `files` for the library's too,
    each with its own seeds) and generate its items."""
    if files is None:
        chosen = paths if paths is not None else resources.bundled_deck_files()
        files = [DeckFile(path, "bundled", seeds_folder) for path in chosen]
    try:
        seeds = seeds_for(files)
    except DeckError as error:
        broken = tuple(error.problems)
        return Library(tuple(Shelf(file.path, None, problems=broken) for file in files), None)
    shelves: list[Shelf] = []
    first_file: dict[str, Path] = {}
    for file in files:
        path = file.path
        try:
            deck = load_deck(path, seeds)
        except DeckError as error:
            shelves.append(Shelf(path, None, problems=tuple(error.problems), where=file.where))
            continue
        if deck.id in first_file:
            clash = Problem(
                str(path), 1, 1, f"deck id '{deck.id}' is also used by {first_file[deck.id]}"
            )
            shelves.append(Shelf(path, None, problems=(clash,), where=file.where))
            continue
        first_file[deck.id] = path
        items = tuple(generate([deck], seed=seed))
        shelves.append(Shelf(path, deck, items, where=file.where))
    return Library(tuple(shelves), seeds)


def file_times(files: Sequence[Path], folders: Sequence[Path] = ()) -> tuple:
    """What tells a changed library cheaply: each deck file's modification time, and the
    entries of the library folders (a deck added or removed)."""
    stamps: list[object] = []
    for path in files:
        try:
            stamps.append((str(path), path.stat().st_mtime_ns))
        except OSError:
            stamps.append((str(path), None))
    for folder in folders:
        try:
            stamps.append(sorted(entry.name for entry in folder.iterdir()))
        except OSError:
            stamps.append(None)
    return tuple(stamps)
