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
from quiz.problems import DeckError, Problem
from quiz.seeds import Seed, SeedLibrary


@dataclass(frozen=True)
class Shelf:
    """One deck file: the deck and its items, or what is wrong with it."""

    path: Path
    deck: Deck | None
    items: tuple[Item, ...] = ()
    problems: tuple[Problem, ...] = ()

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
    paths: Sequence[Path] | None = None, seeds_folder: Path | None = None, seed: int = 0
) -> Library:
    """Load every deck file (default: the bundled decks) and generate its items."""
    files = list(paths) if paths is not None else resources.bundled_deck_files()
    try:
        seeds = SeedLibrary.load(seeds_folder or resources.seeds_dir())
    except DeckError as error:
        broken = tuple(error.problems)
        return Library(tuple(Shelf(path, None, problems=broken) for path in files), None)
    shelves: list[Shelf] = []
    first_file: dict[str, Path] = {}
    for path in files:
        try:
            deck = load_deck(path, seeds)
        except DeckError as error:
            shelves.append(Shelf(path, None, problems=tuple(error.problems)))
            continue
        if deck.id in first_file:
            clash = Problem(
                str(path), 1, 1, f"deck id '{deck.id}' is also used by {first_file[deck.id]}"
            )
            shelves.append(Shelf(path, None, problems=(clash,)))
            continue
        first_file[deck.id] = path
        shelves.append(Shelf(path, deck, tuple(generate([deck], seed=seed))))
    return Library(tuple(shelves), seeds)
