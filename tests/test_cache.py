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
