"""The compiled-deck cache: a warm load is the deck a cold load gives, and an entry
that is damaged, stale or tampered with is rebuilt, never trusted."""

from __future__ import annotations

import hashlib
import pickle

import pytest
from conftest import VALID_DECK

from quiz import cache
from quiz.decks import load_deck
from quiz.problems import DeckError


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return folder


def entry_file(cache_dir):
    [file] = cache_dir.glob("*.pickle")
    return file


def test_cached_and_uncached_loads_give_equal_decks(write_deck, seeds, cache_dir):
    path = write_deck(VALID_DECK)
    uncached = load_deck(path, seeds, use_cache=False)
    assert not cache_dir.exists()
    filled = load_deck(path, seeds)
    warm = load_deck(path, seeds)
    assert uncached == filled == warm
    assert warm.path == path
    assert entry_file(cache_dir).is_file()


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage"])
def test_a_corrupted_cache_file_is_rebuilt(write_deck, seeds, cache_dir, damage):
    path = write_deck(VALID_DECK)
    expected = load_deck(path, seeds)
    file = entry_file(cache_dir)
    raw = file.read_bytes()
    damaged = {
        "flip": raw[:-10] + bytes([raw[-10] ^ 0xFF]) + raw[-9:],
        "truncate": raw[: len(raw) // 2],
        "empty": b"",
        "garbage": b"\x80\x05not a deck at all",
    }[damage]
    file.write_bytes(damaged)
    assert load_deck(path, seeds) == expected
    assert file.read_bytes() == raw  # rewritten whole


def test_an_entry_naming_other_code_is_refused(write_deck, seeds, cache_dir):
    """A digest only catches damage; the unpickler builds nothing but deck classes."""
    path = write_deck(VALID_DECK)
    expected = load_deck(path, seeds)
    file = entry_file(cache_dir)
    raw = file.read_bytes()
    header = raw[: len(cache._MAGIC) + 64]
    payload = pickle.dumps(pytest.fail)  # any callable outside quiz.facts
    file.write_bytes(header + hashlib.sha256(payload).digest() + payload)
    assert load_deck(path, seeds) == expected


def test_an_edited_deck_is_checked_again(write_deck, seeds, cache_dir):
    path = write_deck(VALID_DECK)
    load_deck(path, seeds)
    write_deck(VALID_DECK.replace("name: Mini deck", "name: Renamed deck"))
    assert load_deck(path, seeds).name == "Renamed deck"
    write_deck(VALID_DECK.replace("difficulty: 3", "difficulty: 7"))
    with pytest.raises(DeckError, match="difficulty must be 1, 2 or 3"):
        load_deck(path, seeds)
    assert len(list(cache_dir.glob("*.pickle"))) == 1  # one entry per deck file


def test_changed_seeds_are_a_miss(write_deck, seeds, cache_dir):
    path = write_deck(VALID_DECK)
    before = cache.Entry(path, VALID_DECK, seeds.fingerprint).key
    assert cache.Entry(path, VALID_DECK, b"other seeds").key != before
    assert cache.Entry(path, VALID_DECK + "\n", seeds.fingerprint).key != before


def test_the_environment_turns_the_cache_off(write_deck, seeds, cache_dir, monkeypatch):
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    load_deck(write_deck(VALID_DECK), seeds)
    assert not cache_dir.exists()


def test_check_no_cache_writes_nothing(quiz_command, write_deck, tmp_path, monkeypatch):
    from test_cli import run

    folder = tmp_path / "cli-cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    path = write_deck(VALID_DECK)
    assert run(quiz_command, "check", "--no-cache", str(path)).returncode == 0
    assert not folder.exists()
    assert run(quiz_command, "check", str(path)).returncode == 0
    assert len(list(folder.glob("*.pickle"))) == 1


def test_the_cache_key_names_the_version_quiz_reports():
    """The key reads the version from the dist-info folder's name, not importlib.metadata."""
    import quiz
    from quiz.cache import _installed_version

    assert _installed_version() == quiz.__version__


# -- shelves: a deck with its items, and the listing the app's first frame shows --


def deck_files(*paths):
    from quiz.library import DeckFile

    return [DeckFile(path, "file") for path in paths]


def shelf_file(cache_dir):
    [file] = cache_dir.glob("*.shelf")
    return file


def test_a_listed_library_is_the_loaded_one_read_in_two_steps(write_deck, cache_dir):
    from quiz.app.library import listed_library, load_library

    files = deck_files(write_deck(VALID_DECK))
    assert listed_library(files) is None  # nothing cached yet: the app loads in the background
    loaded = load_library(files=files, seed=3)
    listed = listed_library(files)
    assert listed is not None
    [fresh], [shelf] = loaded.shelves, listed.shelves
    assert shelf.listing == fresh.listing
    assert shelf.listing.items == len(fresh.items) and shelf.listing.facts == len(fresh.deck.facts)
    assert shelf.deck == fresh.deck and shelf.deck.path == files[0].path
    assert shelf.items == fresh.items
    assert listed.seeds is not None and len(listed.seeds) == len(loaded.seeds)


def test_a_shelf_is_for_the_seed_asked_for_or_any(write_deck, cache_dir):
    from quiz.app.library import listed_library, load_library

    files = deck_files(write_deck(VALID_DECK))
    load_library(files=files, seed=3)
    assert listed_library(files, seed=4) is None
    assert listed_library(files, seed=3) is not None
    assert listed_library(files, seed=None) is not None


def test_restock_keeps_other_items_for_the_next_start(write_deck, cache_dir):
    """The app without a seed shows the items the last start made, then makes the next."""
    from quiz.app.library import listed_library, load_library, restock

    files = deck_files(write_deck(VALID_DECK))
    shown = load_library(files=files, seed=3)
    restock(shown, 8)
    assert listed_library(files, seed=3) is None
    [shelf] = listed_library(files, seed=None).shelves
    assert shelf.items == load_library(files=files, seed=8).shelves[0].items


@pytest.mark.parametrize("part", ["listing", "body"])
def test_a_damaged_shelf_is_never_trusted(write_deck, cache_dir, part):
    from quiz.app.library import listed_library, load_library

    files = deck_files(write_deck(VALID_DECK))
    expected = load_library(files=files, seed=3).shelves[0]
    file = shelf_file(cache_dir)
    raw = bytearray(file.read_bytes())
    raw[200 if part == "listing" else -10] ^= 0xFF
    file.write_bytes(bytes(raw))
    listed = listed_library(files, seed=3)
    if part == "listing":
        assert listed is None
        assert load_library(files=files, seed=3).shelves[0].items == expected.items
    else:  # the listing was sound: the deck is checked and generated again when read
        assert listed.shelves[0].items == expected.items
        assert listed.shelves[0].deck == expected.deck


def test_a_shelf_naming_other_code_is_refused(write_deck, cache_dir):
    """A digest only catches damage; the unpickler builds nothing but decks and items."""
    from quiz.app.library import listed_library, load_library

    files = deck_files(write_deck(VALID_DECK))
    expected = load_library(files=files, seed=3).shelves[0]
    file = shelf_file(cache_dir)
    raw = file.read_bytes()
    numbers = len(cache._SHELF_MAGIC) + 64
    _, listing_size = cache._NUMBERS.unpack(raw[numbers : numbers + cache._NUMBERS.size])
    body_at = numbers + cache._NUMBERS.size + 32 + listing_size
    payload = pickle.dumps((pytest.fail, ()))  # a callable outside the deck's classes
    file.write_bytes(raw[:body_at] + hashlib.sha256(payload).digest() + payload)
    [shelf] = listed_library(files, seed=3).shelves
    assert shelf.items == expected.items  # checked and generated again, not unpickled


def test_a_changed_deck_or_seed_article_is_a_miss(write_deck, cache_dir, tmp_path):
    import shutil

    from quiz import resources
    from quiz.app.library import listed_library, load_library
    from quiz.library import DeckFile

    seeds = tmp_path / "seeds"
    shutil.copytree(resources.seeds_dir(), seeds)
    path = write_deck(VALID_DECK)
    files = [DeckFile(path, "file", seeds)]
    load_library(files=files, seed=3)
    assert listed_library(files, seed=3) is not None
    (seeds / "notes.txt").write_text("not listed in sources.yaml, but in the folder")
    assert listed_library(files, seed=3) is None
    load_library(files=files, seed=3)
    assert listed_library(files, seed=3) is not None
    write_deck(VALID_DECK.replace("name: Mini deck", "name: Renamed deck"))
    assert listed_library(files, seed=3) is None
    assert load_library(files=files, seed=3).shelves[0].name == "Renamed deck"


def test_the_cache_off_lists_nothing_and_saves_no_shelf(write_deck, cache_dir, monkeypatch):
    from quiz.app.library import listed_library, load_library

    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    files = deck_files(write_deck(VALID_DECK))
    assert load_library(files=files, seed=3).shelves[0].ok
    assert listed_library(files, seed=3) is None
    assert not cache_dir.exists()


def test_the_shelf_key_names_every_module_that_makes_items():
    """A generator or flashcard rule changed under an entry must make it a miss."""
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, quiz.generate, quiz.schedule; print(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    ours = {name.removeprefix("quiz.") + ".py" for name in loaded if name.startswith("quiz.")}
    assert ours <= set(cache._MEANING) | set(cache._GENERATING) | {"resources.py"}
