"""A cache of compiled decks, so an unchanged deck is not parsed and checked again.

An entry is keyed by what a deck's meaning depends on: the deck file's text, the
seed articles' texts, quiz's version and the source of the modules that read and
check decks. Anything else is a miss, and so is an entry that cannot be read back
whole: a bad header, a payload whose digest differs, a pickle naming anything but
the deck's own classes. A miss is rebuilt and overwritten, never trusted, so the
cache never changes what a deck means. One entry per deck file keeps it small.

The study app keeps a second kind of entry, a shelf: a deck with the items
generated from it for one seed, and apart from them a small listing (what the
home screen shows of the deck), which is read before the app's first frame
while the deck and items are read after it. A shelf's key adds the source of
the modules that generate items and pick flashcards, the seed, and every byte
and name in the seeds folders, so that it can be checked without loading them.

`QUIZ_NO_CACHE=1` (or a command's `--no-cache`) turns it off; `QUIZ_CACHE_DIR`
moves it from the user cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import stat
import struct
import sys
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # a listing is read before the app's first frame, without them
    from quiz.facts import Deck
    from quiz.items import Item

__all__ = [
    "CACHE_DIR_ENV",
    "NO_CACHE_ENV",
    "Entry",
    "Shelved",
    "cache_dir",
    "enabled",
    "folders_key",
]

NO_CACHE_ENV = "QUIZ_NO_CACHE"
CACHE_DIR_ENV = "QUIZ_CACHE_DIR"
_MAGIC = b"quiz compiled deck 1\n"
_KEY_BYTES = 64  # a sha256 in hex
_DIGEST_BYTES = 32
# The modules whose code decides what a deck file means: a change to any of them
# must not be hidden by an entry compiled before it, whatever the version says.
_MEANING = (
    "answers.py",
    "checks",  # a folder: every module in it
    "compiled.py",
    "decks.py",
    "facts.py",
    "messages.py",
    "problems.py",
    "schema.py",
    "seeds.py",
    "text.py",
    "validation.py",
    "yamldoc.py",
)
# The modules whose code decides the items of a deck and which of them are flashcards
# (the listing's cards), and those that lay out a shelf; tests/test_cache.py keeps
# this list whole.
_GENERATING = (
    "amounts.py",
    "answers.py",
    "app/library.py",
    "cache.py",
    "generate.py",
    "items.py",
    "knowledge.py",
    "known_names.py",
    "schedule.py",
)
# Everything a pickled Deck may name; a pickle naming anything else is refused
# before it can build it.
_CLASSES = {
    ("quiz.facts", name)
    for name in (
        "Cardinality",
        "Claimant",
        "CompleteList",
        "Correction",
        "Deck",
        "DeckInfo",
        "Entity",
        "Exhaustive",
        "Fact",
        "Literal",
        "Modality",
        "Relation",
        "Source",
        "Templates",
    )
}
_SHELF_CLASSES = _CLASSES | {("quiz.items", "Item"), ("quiz.items", "Kind")}
_SHELF_MAGIC = b"quiz shelf 1\n"
_NUMBERS = struct.Struct(">qQ")  # the seed, and the listing's length


def enabled() -> bool:
    """Whether the cache is on: `QUIZ_NO_CACHE` unset, empty or 0."""
    return os.environ.get(NO_CACHE_ENV, "").strip() in ("", "0")


def cache_dir() -> Path:
    """Where entries live: `$QUIZ_CACHE_DIR`, else the user cache folder's `quiz/decks`."""
    if chosen := os.environ.get(CACHE_DIR_ENV):
        return Path(chosen)
    import platformdirs

    return platformdirs.user_cache_path("quiz") / "decks"


def _installed_version() -> str:
    """quiz's version as `quiz.__version__` finds it, read from the name of its
    `quiz-<version>.dist-info` folder (the wheel standard's spelling): importing
    importlib.metadata takes longer (14 ms) than reading a deck from the cache."""
    for entry in sys.path:
        with contextlib.suppress(OSError):  # a zip file or a folder that is gone
            for name in os.listdir(entry or "."):
                if name.startswith("quiz-") and name.endswith(".dist-info"):
                    return name.removeprefix("quiz-").removesuffix(".dist-info")
    return "0.0.0+source"


@cache
def _code_key(modules: tuple[str, ...] = _MEANING) -> bytes:
    digest = hashlib.sha256(_installed_version().encode())
    here = Path(__file__).parent
    for name in modules:
        path = here / name
        for module in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(str(module.relative_to(here)).encode() + b"\0" + module.read_bytes())
    return digest.digest()


class _DeckUnpickler(pickle.Unpickler):
    """Builds only the deck's own dataclasses and enums: a tampered entry is an error."""

    allowed: ClassVar[frozenset[tuple[str, str]]] = frozenset(_CLASSES)

    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a deck")
        return super().find_class(module, name)


class _ShelfUnpickler(_DeckUnpickler):
    allowed = frozenset(_SHELF_CLASSES)


class _PlainUnpickler(_DeckUnpickler):
    """A listing is made of str, int and tuples alone."""

    allowed = frozenset()


def _write_atomically(file: Path, data: bytes) -> None:
    """Write `file` whole or not at all; a cache that cannot be written is only slower."""
    import tempfile  # only a miss writes (4 ms to import)

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return


def _entry_file(path: Path, suffix: str) -> Path:
    where = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass"))
    return cache_dir() / f"{where.hexdigest()[:32]}{suffix}"


class Entry:
    """The cache entry of one deck file, for one text of it and one set of seeds."""

    def __init__(self, path: Path, text: str, seeds_key: bytes) -> None:
        digest = hashlib.sha256(_code_key())
        digest.update(seeds_key)
        digest.update(text.encode("utf-8", "surrogatepass"))
        self.key = digest.hexdigest().encode("ascii")
        self.file = _entry_file(path, ".pickle")

    def load(self, path: Path) -> Deck | None:
        """The deck compiled from this text, with `path`; None on any kind of miss."""
        try:
            raw = self.file.read_bytes()
        except OSError:
            return None
        header = len(_MAGIC) + _KEY_BYTES
        if raw[: len(_MAGIC)] != _MAGIC or raw[len(_MAGIC) : header] != self.key:
            return None  # another format, or a stale entry: the deck or its seeds changed
        digest, payload = raw[header : header + _DIGEST_BYTES], raw[header + _DIGEST_BYTES :]
        if hashlib.sha256(payload).digest() != digest:
            return None  # truncated or damaged on disk
        from quiz.facts import Deck

        try:
            deck = _DeckUnpickler(io.BytesIO(payload)).load()
        except Exception:  # any damage a digest could miss: rebuild
            return None
        return replace(deck, path=path) if isinstance(deck, Deck) else None

    def save(self, deck: Deck) -> None:
        """Write the entry atomically; a cache that cannot be written is only slower."""
        payload = pickle.dumps(replace(deck, path=None), protocol=pickle.HIGHEST_PROTOCOL)
        _write_atomically(self.file, _MAGIC + self.key + hashlib.sha256(payload).digest() + payload)


def folders_key(folders: Iterable[Path]) -> bytes:
    """A digest of every name, link target and file's bytes under each folder (a deck's
    seeds): loading the seeds reads nothing else, so equal digests mean equal seeds.
    Cheaper than loading them, and needs no YAML parser."""
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(b"folder\0" + os.fsencode(folder.resolve()) + b"\0")
        for root, dirs, files in os.walk(folder, onerror=lambda error: digest.update(b"?")):
            dirs.sort()
            for name in [*dirs, *sorted(files)]:
                path = os.path.join(root, name)
                digest.update(os.fsencode(os.path.relpath(path, folder)) + b"\0")
                with contextlib.suppress(OSError):  # not a link
                    digest.update(b"->" + os.fsencode(os.readlink(path)) + b"\0")
                if name in files:
                    digest.update(_file_bytes(path))
    return digest.digest()


def _file_bytes(path: str) -> bytes:
    """A file's length and bytes; a pipe, a device or an unreadable file gives a
    marker instead, as the seeds loader refuses those."""
    content = _regular_file_bytes(path)
    return b"?" if content is None else b"%d:" % len(content) + content


def _regular_file_bytes(path: str | Path) -> bytes | None:
    """A regular file's bytes; None for anything else (a pipe would block) or an error."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


class Shelved:
    """The shelf entry of one deck file: its listing, then its deck with its items.

    Keyed by the deck file's bytes, the seeds (`folders_key`) and the code that checks
    and generates; it holds the seed its items were generated with. The listing and
    the rest have a digest each, so the listing can be trusted before the rest is
    read; `body` reads the rest from the file `listing` opened, even if another app
    has replaced it since.
    """

    def __init__(self, path: Path, raw: bytes, seeds_key: bytes) -> None:
        digest = hashlib.sha256(_code_key())
        digest.update(_code_key(_GENERATING))
        digest.update(seeds_key)
        digest.update(raw)
        self.key = digest.hexdigest().encode("ascii")
        self.path = path
        self.file = _entry_file(path, ".shelf")
        self._raw = hashlib.sha256(raw).digest()
        self._seeds_key = seeds_key
        self._open: IO[bytes] | None = None

    @classmethod
    def of(cls, path: Path, seeds_key: bytes) -> Shelved | None:
        """The entry of a deck file; None if it is no regular file or cannot be read
        (the loader says what is wrong with it)."""
        raw = _regular_file_bytes(path)
        return cls(path, raw, seeds_key) if raw is not None else None

    def still_current(self, seeds_key: bytes) -> bool:
        """Whether the deck file and its seeds are still what the key was made of: a
        deck checked while it was being saved must not be kept under the older key."""
        raw = _regular_file_bytes(self.path)
        return (
            seeds_key == self._seeds_key
            and raw is not None
            and hashlib.sha256(raw).digest() == self._raw
        )

    def listing(self, seed: int | None = None) -> tuple[int, Any] | None:
        """The seed and listing saved for this deck (with `seed`, only for that seed);
        None on any kind of miss."""
        self.close()
        try:
            file = self.file.open("rb")
        except OSError:
            return None
        head = len(_SHELF_MAGIC) + _KEY_BYTES
        try:
            raw = file.read(head + _NUMBERS.size + _DIGEST_BYTES)
            saved, size = _NUMBERS.unpack(raw[head : head + _NUMBERS.size])
            if (
                raw[: len(_SHELF_MAGIC)] != _SHELF_MAGIC
                or raw[len(_SHELF_MAGIC) : head] != self.key
            ):
                raise ValueError("another format, or the deck, its seeds or the code changed")
            if seed is not None and saved != seed:
                raise ValueError("items of another seed")
            payload = file.read(size)
            if hashlib.sha256(payload).digest() != raw[-_DIGEST_BYTES:]:
                raise ValueError("truncated or damaged")
            listing = _PlainUnpickler(io.BytesIO(payload)).load()
        except Exception:  # a short read, a bad number, any damage: a miss
            file.close()
            return None
        self._open = file
        return saved, listing

    def body(self) -> tuple[Deck, tuple[Item, ...]] | None:
        """The deck (with its path) and items of the listing just read; None if they
        cannot be read whole."""
        from quiz.facts import Deck
        from quiz.items import Item

        file, self._open = self._open, None
        if file is None:
            return None
        try:
            with file:
                digest, payload = file.read(_DIGEST_BYTES), file.read()
            if hashlib.sha256(payload).digest() != digest:
                return None
            deck, items = _ShelfUnpickler(io.BytesIO(payload)).load()
        except Exception:  # any damage a digest could miss: rebuild
            return None
        if not isinstance(deck, Deck) or not isinstance(items, tuple):
            return None
        if not all(type(item) is Item for item in items):
            return None
        return replace(deck, path=self.path), items

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None

    def save(self, seed: int, listing: Any, deck: Deck, items: tuple[Item, ...]) -> None:
        """Write the entry atomically: `listing` of plain values, and the deck and items."""
        shown = pickle.dumps(listing, protocol=pickle.HIGHEST_PROTOCOL)
        body = pickle.dumps((replace(deck, path=None), items), protocol=pickle.HIGHEST_PROTOCOL)
        data = b"".join(
            (
                _SHELF_MAGIC,
                self.key,
                _NUMBERS.pack(seed, len(shown)),
                hashlib.sha256(shown).digest(),
                shown,
                hashlib.sha256(body).digest(),
                body,
            )
        )
        _write_atomically(self.file, data)
