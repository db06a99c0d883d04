from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from quiz import resources
from quiz.cache import CACHE_DIR_ENV
from quiz.decks import load_decks
from quiz.facts import Deck
from quiz.seeds import SeedLibrary

# A small deck that passes every check, quoting the real seed articles. Tests
# break it in one place at a time and assert where the problem is reported.
VALID_DECK = """\
deck:
  id: mini
  name: Mini deck
  wording:
    according_to: "According to {source}, {claim}"
entities:
  - id: belarus
    name: Belarus
    type: country
  - id: russia
    name: Russia
    type: country
    aliases: [Russian Federation]
  - id: iran
    name: Iran
    type: country
relations:
  - id: closest_ally_of
    subject_type: country
    object_type: country
    cardinality: many-to-one
    templates:
      statement: "{subject} is the closest ally of {object}."
      ask_subject: "Which country is the closest ally of {object}?"
      ask_object: "Whose closest ally is {subject}?"
  - id: cartridges_supplied_to_russia
    subject_type: country
    object_type: quantity
    cardinality: one-to-one
    templates:
      statement: "{subject} supplied Russia with {object} cartridges."
      ask_object: "How many cartridges did {subject} supply to Russia?"
facts:
  - id: belarus-closest-ally
    subject: belarus
    relation: closest_ally_of
    object: russia
    statement: Belarus is Russia's closest ally.
    tags: [belarus, diplomacy]
    difficulty: 1
    date: "2024-06"
    sources:
      - seed: 003_d086366bd84d36cb.txt
        quote: "Belarus, Russia’s closest and most devoted ally"
      - seed: 002_d28421e8e5b68b5d.txt
        quote: "Russia's closest regional ally, Belarus"
  - id: iran-cartridges
    subject: iran
    relation: cartridges_supplied_to_russia
    object: {value: 100000000, display: about 100 million}
    statement: According to Sky News, Iran supplied Russia with about 100 million cartridges.
    tags: [iran, military-aid]
    difficulty: 3
    date: "2023-01"
    attribution: Sky News
    sources:
      - seed: 001_183e215139b479b5.txt
        quote: "Iran has supplied Russia with about 100 million cartridges"
"""


def position_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column where `needle` occurs in `text`."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


@pytest.fixture(scope="session")
def seeds() -> SeedLibrary:
    return SeedLibrary.load(resources.seeds_dir())


@pytest.fixture(scope="session")
def decks_by_id(seeds: SeedLibrary) -> dict[str, Deck]:
    """The shipped decks by id, loaded once (decks are frozen: no test can change them)."""
    return {deck.id: deck for deck in load_decks(seeds=seeds)}


@pytest.fixture
def write_deck(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str | bytes, name: str = "deck.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def quiz_command() -> list[str]:
    """The installed `quiz` console script (the entry point users run)."""
    script = Path(sys.executable).parent / "quiz"
    if not script.exists():
        pytest.fail(f"the quiz console script is not installed next to {sys.executable}")
    return [str(script)]


@pytest.fixture(autouse=True, scope="session")
def _private_deck_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests, and the commands they run, never read or fill the user's deck cache."""
    os.environ[CACHE_DIR_ENV] = str(tmp_path_factory.mktemp("deck-cache"))
