"""The decks quiz knows: the bundled ones and the user's own library, and one way to name one.

A user's deck lives in the data folder (beside the progress database) as
`decks/<deck-id>/<deck-id>.yaml`, with the articles it quotes in `seeds/` beside
it. A deck is named by its id or name, or by a path to a deck file, whose seeds
are a `seeds/` folder (or a `sources.yaml`) beside it, or a folder given with
`--seeds`. Own seeds are layered over the bundled ones, so a deck may quote both.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from quiz import resources
from quiz.datadir import data_path
from quiz.seeds import METADATA_FILE, SeedLibrary

__all__ = [
    "DeckFile",
    "NotFound",
    "add_decks",
    "deck_header",
    "forget_progress",
    "known_deck_files",
    "library_dir",
    "resolve",
    "seed_folders",
    "seeds_beside",
    "seeds_for",
]

LIBRARY_FOLDER = "decks"
SEEDS_FOLDER = "seeds"
BUNDLED, LIBRARY, FILE = "bundled", "library", "file"


class NotFound(Exception):
    """A deck name that is neither a known deck's id or name nor a deck file."""


@dataclass(frozen=True)
class DeckFile:
    """One deck file, where it lives, and the folder of its own seeds (None: bundled only)."""

    path: Path
    where: str
    seeds: Path | None = None

    @property
    def header(self) -> tuple[str, str]:
        return deck_header(self.path)


def library_dir(data_dir: str | Path | None = None) -> Path:
    """The user's deck library: `decks/` in the data folder of the progress store."""
    return data_path(data_dir).parent / LIBRARY_FOLDER


def seeds_beside(deck_file: Path) -> Path | None:
    """The seeds folder beside a deck file: `seeds/` holding a sources.yaml, or the deck's
    own folder if it holds one."""
    for folder in (deck_file.parent / SEEDS_FOLDER, deck_file.parent):
        if (folder / METADATA_FILE).is_file():
            return folder
    return None


def deck_files_in(folder: Path) -> list[Path]:
    """The deck files in a folder: its *.yaml and *.yml, never a seeds' sources.yaml."""
    found = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    return [path for path in found if path.name != METADATA_FILE]


def own_deck_files(folder: Path) -> list[DeckFile]:
    """The decks of a library folder, one subfolder each."""
    if not folder.is_dir():
        return []
    return [
        DeckFile(path, LIBRARY, seeds_beside(path))
        for sub in sorted(folder.iterdir())
        if sub.is_dir()
        for path in deck_files_in(sub)
    ]


def known_deck_files(data_dir: str | Path | None = None) -> list[DeckFile]:
    """Every deck quiz offers: the bundled ones, then the library's."""
    bundled = [DeckFile(path, BUNDLED) for path in resources.bundled_deck_files()]
    return bundled + own_deck_files(library_dir(data_dir))


def deck_header(path: Path) -> tuple[str, str]:
    """A deck file's id and name, read without checking it ("" where they are missing);
    enough to find a deck by name before it is loaded. Read once per saved version."""
    if not path.is_file():  # a FIFO or a device is never read (the loader refuses it)
        return path.stem, ""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return path.stem, ""
    return _header(str(path), stamp)


@lru_cache(maxsize=256)
def _header(file: str, stamp: int) -> tuple[str, str]:
    import yaml  # not for the app's deck list, which comes from the cache (11 ms)

    path = Path(file)
    try:
        data = _load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return path.stem, ""
    deck = data.get("deck") if isinstance(data, dict) else None
    if not isinstance(deck, dict):
        return path.stem, ""
    return str(deck.get("id") or path.stem), str(deck.get("name") or "")


def _load_yaml(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def resolve(
    names: Sequence[str],
    data_dir: str | Path | None = None,
    seeds: Path | None = None,
) -> list[DeckFile]:
    """The deck files `names` name (every known deck without one): an id or name in the
    library (any case), or a path to a deck file or a folder of them. Raises NotFound."""
    known = known_deck_files(data_dir)
    if not names:
        return known
    chosen: dict[Path, DeckFile] = {}
    for name in names:
        for found in _resolve_one(name, known, seeds):
            chosen.setdefault(found.path.resolve(), found)
    return list(chosen.values())


def _resolve_one(name: str, known: list[DeckFile], seeds: Path | None) -> list[DeckFile]:
    path = Path(name)
    if path.is_dir():
        files = deck_files_in(path)
        if not files:
            raise NotFound(f"no deck files (*.yaml) in folder {path}")
        return [DeckFile(file, FILE, seeds or seeds_beside(file)) for file in files]
    if path.is_file():
        return [DeckFile(path, FILE, seeds or seeds_beside(path))]
    wanted = name.casefold()
    for deck in known:
        deck_id, deck_name = deck.header
        if wanted in (deck_id, deck_name.casefold()):
            return [deck]
    if path.suffix.lower() in (".yaml", ".yml") or "/" in name:
        return [DeckFile(path, FILE, seeds)]  # the loader reports it missing, at 1:1
    ids = ", ".join(deck.header[0] for deck in known)
    raise NotFound(f"no deck named '{name}' (decks: {ids})")


def seed_folders(files: Iterable[DeckFile], extra: Path | None = None) -> list[Path]:
    """The seeds folders `seeds_for` reads, in order: the bundled one, then every own
    seeds folder of `files` (and `extra`), each once."""
    bundled = resources.seeds_dir().resolve()
    folders = [extra] if extra else []
    folders += [file.seeds for file in files if file.seeds is not None]
    own = dict.fromkeys(folder.resolve() for folder in folders)
    return [bundled, *(folder for folder in own if folder != bundled)]


def seeds_for(files: Iterable[DeckFile], extra: Path | None = None) -> SeedLibrary:
    """The bundled seeds with every own seeds folder of `files` (and `extra`) over them.
    Raises DeckError for a broken sources.yaml or article."""
    bundled_folder, *folders = seed_folders(files, extra)
    bundled = SeedLibrary.load(bundled_folder)
    if not folders:
        return bundled
    merged = {seed.file: seed for seed in bundled}
    for folder in folders:
        merged.update({seed.file: seed for seed in SeedLibrary.load(folder)})
    return SeedLibrary(folders[-1], merged)


@dataclass(frozen=True)
class Added:
    deck_id: str
    path: Path
    seeds: tuple[str, ...]
    replaced: bool


def add_decks(files: Sequence[DeckFile], seeds: SeedLibrary, into: Path) -> list[Added]:
    """Copy checked decks into the library folder `into`, each with the own seeds it
    quotes (the bundled ones stay where they are). The caller checks them first."""
    from quiz.decks import load_deck

    bundled = {seed.file for seed in SeedLibrary.load(resources.seeds_dir())}
    added = []
    for file in files:
        deck = load_deck(file.path, seeds)
        quoted = sorted({source.seed for fact in deck.facts for source in fact.sources} - bundled)
        folder = into / deck.id
        replaced = folder.exists()
        staging = into / f".{deck.id}.new"
        shutil.rmtree(staging, ignore_errors=True)
        (staging / SEEDS_FOLDER).mkdir(parents=True)
        shutil.copyfile(file.path, staging / f"{deck.id}.yaml")
        if quoted:
            _copy_seeds(file.seeds, quoted, staging / SEEDS_FOLDER)
        else:
            (staging / SEEDS_FOLDER / METADATA_FILE).write_text("sources: []\n", "utf-8")
        if replaced:
            shutil.rmtree(folder)
        staging.rename(folder)
        added.append(Added(deck.id, folder / f"{deck.id}.yaml", tuple(quoted), replaced))
    return added


def _copy_seeds(source: Path | None, files: Sequence[str], target: Path) -> None:
    """Copy the named articles and their sources.yaml entries, as written."""
    import yaml

    assert source is not None  # a deck quoting an own seed was checked against its folder
    data = _load_yaml((source / METADATA_FILE).read_text("utf-8"))
    entries = [entry for entry in data["sources"] if str(entry.get("file")) in files]
    for name in files:
        shutil.copyfile(source / name, target / name)
    text = yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False)
    (target / METADATA_FILE).write_text(text, "utf-8")


def forget_progress(database: Path, deck_id: str) -> int:
    """Delete a deck's cards, reviews, answers and flags from a progress database;
    returns how many rows went. (`quiz remove --forget-progress` only.)"""
    import sqlite3  # only `quiz remove --forget-progress` needs it

    if not database.is_file():
        return 0
    connection = sqlite3.connect(database)
    try:
        with connection:
            return sum(
                connection.execute(f"DELETE FROM {table} WHERE deck = ?", (deck_id,)).rowcount
                for table in ("cards", "reviews", "answers", "flags")
            )
    finally:
        connection.close()
