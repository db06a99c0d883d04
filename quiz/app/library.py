"""The decks the app offers, each loaded on its own so one broken file spoils no other.

`quiz.decks.load_decks` refuses a set of decks with any problem, which is right
for `quiz check`; a student's home screen instead lists the broken deck with
its problems and lets the good ones be studied.

A deck checked before comes from the cache (`quiz.cache.Shelved`) in two steps: its
listing, all the home screen shows, quickly enough to be on the app's first
frame; then its deck and items, the first time a screen asks for them (a thread
reads them just after that frame). Only a deck to be checked and generated
imports the loader, libyaml and the generator.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from quiz import cache, resources
from quiz.library import BUNDLED, DeckFile, seed_folders, seeds_for
from quiz.problems import DeckError, Problem

if TYPE_CHECKING:
    from quiz.facts import Deck
    from quiz.items import Item
    from quiz.seeds import Seed, SeedLibrary

T = TypeVar("T")
Body = tuple["Deck", tuple["Item", ...]]


class _Later(Generic[T]):
    """A value made the first time it is asked for, once, whichever thread asks first
    (the app's loading thread, or a screen that opens before it got there)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None
        self._lock = threading.Lock()

    @classmethod
    def now(cls, value: T) -> _Later[T]:
        later = cls(lambda: value)
        later.get()
        return later

    def get(self) -> T:
        with self._lock:
            if self._make is not None:
                self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]


@dataclass(frozen=True)
class Listing:
    """What the home screen shows of a deck: small enough to read before the first frame."""

    id: str
    name: str
    description: str
    facts: int
    items: int
    cards: tuple[str, ...]  # the flashcards' item ids, which the progress figures count

    @classmethod
    def of(cls, deck: Deck, items: Sequence[Item]) -> Listing:
        from quiz.schedule import flashcards

        cards = tuple(item.id for item in flashcards(items))
        return cls(
            deck.id, deck.name, deck.info.description or "", len(deck.facts), len(items), cards
        )

    def plain(self) -> tuple[str, str, str, int, int, tuple[str, ...]]:
        """The listing as the cache keeps it: plain values, which unpickle into nothing else."""
        return (self.id, self.name, self.description, self.facts, self.items, self.cards)


@dataclass(frozen=True)
class Shelf:
    """One deck file: the deck and its items, or what is wrong with it."""

    path: Path
    listing: Listing | None  # None: the deck has problems
    problems: tuple[Problem, ...] = ()
    where: str = BUNDLED
    body: _Later[Body | None] | None = field(default=None, repr=False, compare=False)
    # The cache entry holding this deck and items, to save the next start's items in.
    entry: cache.Shelved | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.listing.id if self.listing else self.path.stem

    @property
    def name(self) -> str:
        return self.listing.name if self.listing else self.path.name

    @property
    def ok(self) -> bool:
        return self.listing is not None

    @property
    def deck(self) -> Deck | None:
        """The deck, read from the cache if it has not been yet; None if it has problems."""
        body = self.body.get() if self.body else None
        return body[0] if body else None

    @property
    def items(self) -> tuple[Item, ...]:
        body = self.body.get() if self.body else None
        return body[1] if body else ()


class Library:
    """The shelves, and the seed articles their decks quote (read when first asked for)."""

    def __init__(self, shelves: Sequence[Shelf], seeds: _Later[SeedLibrary | None]) -> None:
        self.shelves = tuple(shelves)
        self._seeds = seeds

    @property
    def seeds(self) -> SeedLibrary | None:
        return self._seeds.get()

    def shelf(self, deck_id: str) -> Shelf | None:
        return next((shelf for shelf in self.shelves if shelf.id == deck_id), None)

    def seed(self, file: str) -> Seed | None:
        seeds = self.seeds
        if seeds is None or file not in seeds:
            return None
        return seeds[file]

    def read(self) -> None:
        """Read every deck, its items and the seeds now (the app's thread does, after the
        first frame), so that no screen waits for them."""
        for shelf in self.shelves:
            if shelf.body is not None:
                shelf.body.get()
        self._seeds.get()


def listed_library(files: Sequence[DeckFile], seed: int | None = None) -> Library | None:
    """The library from the cache's listings alone, its decks and items read later; None
    unless every deck is there (with `seed`, for items of that seed)."""
    entries = _entries(files)
    seeds = _Later(lambda: _seeds_or_none(files))
    shelves: list[Shelf] = []
    for file, entry in zip(files, entries, strict=True):
        shelf = _listed(file, entry, seed, seeds)
        if shelf is None:
            for opened in entries:
                if opened is not None:
                    opened.close()
            return None
        shelves.append(shelf)
    return Library(_without_clashes(shelves), seeds)


def load_library(
    paths: Sequence[Path] | None = None,
    seeds_folder: Path | None = None,
    seed: int = 0,
    *,
    files: Sequence[DeckFile] | None = None,
) -> Library:
    """Load every deck file (default: the bundled decks; `files` for the library's too,
    each with its own seeds) and generate its items with `seed`; decks checked before
    come from the cache, the others are saved in it."""
    if files is None:
        chosen = paths if paths is not None else resources.bundled_deck_files()
        files = [DeckFile(path, BUNDLED, seeds_folder) for path in chosen]
    try:
        loaded = seeds_for(files)
    except DeckError as error:
        broken = tuple(error.problems)
        shelves = [Shelf(file.path, None, broken, file.where) for file in files]
        return Library(shelves, _Later.now(None))
    seeds: _Later[SeedLibrary | None] = _Later.now(loaded)
    shelves: list[Shelf] = []
    compiled: list[int] = []
    for file, entry in zip(files, _entries(files), strict=True):
        shelf = _listed(file, entry, seed, seeds)
        if shelf is None:
            compiled.append(len(shelves))
            shelf = _compiled(file, entry, seed, loaded)
        shelves.append(shelf)
    if compiled and cache.enabled():
        seeds_key = cache.folders_key(seed_folders(files))
        for index in compiled:
            shelves[index] = _saved(shelves[index], seed, seeds_key)
    return Library(_without_clashes(shelves), seeds)


def restock(library: Library, seed: int) -> None:
    """Generate each deck's items with `seed` and keep them in the cache for the app's
    next start, which then shows other distractors in another order without waiting
    for the generator before its deck list."""
    from quiz.generate import generate

    for shelf in library.shelves:
        deck = shelf.deck
        if shelf.entry is None or deck is None:
            continue
        items = tuple(generate([deck], seed=seed))
        shelf.entry.save(seed, Listing.of(deck, items).plain(), deck, items)


def _entries(files: Sequence[DeckFile]) -> list[cache.Shelved | None]:
    """Each deck file's shelf entry; None for every file when the cache is off."""
    if not cache.enabled():
        return [None] * len(files)
    seeds_key = cache.folders_key(seed_folders(files))
    return [cache.Shelved.of(file.path, seeds_key) for file in files]


def _listed(
    file: DeckFile,
    entry: cache.Shelved | None,
    seed: int | None,
    seeds: _Later[SeedLibrary | None],
) -> Shelf | None:
    """The shelf of a deck whose listing is in the cache, its deck and items to be read."""
    found = entry.listing(seed) if entry is not None else None
    if entry is None or found is None:
        return None
    saved, plain = found
    try:
        listing = Listing(*plain)
    except TypeError:  # a listing of another shape
        entry.close()
        return None

    def read() -> Body | None:
        body = entry.body()
        if body is not None:
            return body
        loaded = seeds.get()  # damaged since its listing was read: check it again
        return _compile(file, saved, loaded)[0] if loaded is not None else None

    return Shelf(file.path, listing, where=file.where, body=_Later(read), entry=entry)


def _compiled(file: DeckFile, entry: cache.Shelved | None, seed: int, seeds: SeedLibrary) -> Shelf:
    """The shelf of a deck checked and generated now."""
    body, problems = _compile(file, seed, seeds)
    if body is None:
        return Shelf(file.path, None, problems, file.where)
    return Shelf(file.path, Listing.of(*body), where=file.where, body=_Later.now(body), entry=entry)


def _saved(shelf: Shelf, seed: int, seeds_key: bytes) -> Shelf:
    """Save a shelf compiled now in the cache, unless its deck file or seeds changed while
    it was read: then it is kept out of the cache, and out of `restock` too."""
    if shelf.entry is None or shelf.listing is None or shelf.body is None:
        return shelf
    body = shelf.body.get()
    if body is None or not shelf.entry.still_current(seeds_key):
        return replace(shelf, entry=None)
    shelf.entry.save(seed, shelf.listing.plain(), *body)
    return shelf


def _compile(
    file: DeckFile, seed: int, seeds: SeedLibrary
) -> tuple[Body | None, tuple[Problem, ...]]:
    from quiz.decks import load_deck
    from quiz.generate import generate

    try:
        deck = load_deck(file.path, seeds)
    except DeckError as error:
        return None, tuple(error.problems)
    return (deck, tuple(generate([deck], seed=seed))), ()


def _seeds_or_none(files: Sequence[DeckFile]) -> SeedLibrary | None:
    try:
        return seeds_for(files)
    except DeckError:
        return None


def _without_clashes(shelves: list[Shelf]) -> list[Shelf]:
    """The first deck of an id keeps it; a later one is listed with the clash as its problem."""
    first_file: dict[str, Path] = {}
    kept: list[Shelf] = []
    for shelf in shelves:
        if shelf.ok and shelf.id in first_file:
            message = f"deck id '{shelf.id}' is also used by {first_file[shelf.id]}"
            kept.append(
                Shelf(shelf.path, None, (Problem(str(shelf.path), 1, 1, message),), shelf.where)
            )
            continue
        if shelf.ok:
            first_file[shelf.id] = shelf.path
        kept.append(shelf)
    return kept


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
