"""A cache of compiled decks, so an unchanged deck is not parsed and checked again.

An entry is keyed by what a deck's meaning depends on: the deck file's text, the
seed articles' texts, quiz's version and the source of the modules that read and
check decks. Anything else is a miss, and so is an entry that cannot be read back
whole: a bad header, a payload whose digest differs, a pickle naming anything but
the deck's own classes. A miss is rebuilt and overwritten, never trusted, so the
cache never changes what a deck means. One entry per deck file keeps it small.

`QUIZ_NO_CACHE=1` (or a command's `--no-cache`) turns it off; `QUIZ_CACHE_DIR`
moves it from the user cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from quiz import facts
from quiz.facts import Deck

__all__ = ["CACHE_DIR_ENV", "NO_CACHE_ENV", "Entry", "cache_dir", "enabled"]

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
def _code_key() -> bytes:
    digest = hashlib.sha256(_installed_version().encode())
    here = Path(facts.__file__).parent
    for name in _MEANING:
        path = here / name
        for module in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(str(module.relative_to(here)).encode() + b"\0" + module.read_bytes())
    return digest.digest()


class _DeckUnpickler(pickle.Unpickler):
    """Builds only the deck's own dataclasses and enums: a tampered entry is an error."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in _CLASSES:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a deck")
        return super().find_class(module, name)


class Entry:
    """The cache entry of one deck file, for one text of it and one set of seeds."""

    def __init__(self, path: Path, text: str, seeds_key: bytes) -> None:
        digest = hashlib.sha256(_code_key())
        digest.update(seeds_key)
        digest.update(text.encode("utf-8", "surrogatepass"))
        self.key = digest.hexdigest().encode("ascii")
        where = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass"))
        self.file = cache_dir() / f"{where.hexdigest()[:32]}.pickle"

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
        try:
            deck = _DeckUnpickler(io.BytesIO(payload)).load()
        except Exception:  # any damage a digest could miss: rebuild
            return None
        return replace(deck, path=path) if isinstance(deck, Deck) else None

    def save(self, deck: Deck) -> None:
        """Write the entry atomically; a cache that cannot be written is only slower."""
        payload = pickle.dumps(replace(deck, path=None), protocol=pickle.HIGHEST_PROTOCOL)
        data = _MAGIC + self.key + hashlib.sha256(payload).digest() + payload
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, self.file)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            return
