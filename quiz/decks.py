"""Load deck files into validated `quiz.facts` objects, reporting every problem.

A deck is checked as a whole, in two steps: its shape by the models of
`quiz.schema` (`quiz.validation`: keys, types, ids, text a learner can read), then
the rules across values by `quiz.checks` (references, placeholders, quotes,
attributions, cardinality, complete lists). All problems in a file are collected
before anything is raised, each with its file, line, column and (where there is one)
fact id. A clean deck becomes `quiz.facts` objects (`quiz.compiled`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from quiz import cache, resources
from quiz.facts import Deck
from quiz.problems import DeckError, Problem
from quiz.seeds import SeedLibrary
from quiz.yamldoc import Document, parse, paused_gc, read_text

__all__ = ["load_deck", "load_decks"]


def load_deck(
    path: Path, seeds: SeedLibrary, shown_as: str | None = None, *, use_cache: bool = True
) -> Deck:
    """Read and validate one deck file; every problem found raises one DeckError.

    An unchanged deck checked before with the same seeds comes from `quiz.cache`
    (unless `use_cache` is false or `QUIZ_NO_CACHE` is set): the same Deck, sooner.
    """
    file = shown_as or str(path)
    text = read_text(path, file)
    entry = cache.Entry(path, text, seeds.fingerprint) if use_cache and cache.enabled() else None
    with paused_gc():
        if entry is not None and (cached := entry.load(path)) is not None:
            return cached
        document = parse(text, file)
        del text  # the checks need only the parsed values: 69 MB at 100k facts
        deck, problems = _checked(document, seeds, path)
    if deck is None:
        raise DeckError(problems)
    if entry is not None:
        entry.save(deck)
    return deck


def load_decks(
    paths: Iterable[Path] | None = None,
    seeds: SeedLibrary | None = None,
    *,
    use_cache: bool = True,
) -> list[Deck]:
    """Load several decks (default: the bundled ones), reporting problems of all of them."""
    seeds = seeds or SeedLibrary.load(resources.seeds_dir())
    files = list(paths) if paths is not None else resources.bundled_deck_files()
    decks: list[Deck] = []
    problems: list[Problem] = []
    first_file: dict[str, str] = {}
    for path in files:
        try:
            deck = load_deck(path, seeds, use_cache=use_cache)
        except DeckError as error:
            problems.extend(error.problems)
            continue
        if deck.id in first_file:
            problems.append(
                Problem(
                    str(path), 1, 1, f"deck id '{deck.id}' is also used by {first_file[deck.id]}"
                )
            )
            continue
        first_file[deck.id] = str(path)
        decks.append(deck)
    problems += _same_claims(decks)
    if problems:
        raise DeckError(problems)
    return decks


def _fact_line(deck: Deck, fact_id: str) -> int:
    """The line of a fact's id in its deck file, for a problem found across decks."""
    if deck.path is None:
        return 1
    pattern = re.compile(rf"^\s*-\s+id:\s*[\"']?{re.escape(fact_id)}[\"']?\s*$")
    lines = read_text(deck.path, str(deck.path)).splitlines()
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 1)


def _same_claims(decks: list[Deck]) -> list[Problem]:
    """A fact that is another deck's claim (`same_as`) names a real fact of a loaded
    deck and dates the claim as that fact does."""
    facts = {(deck.id, fact.id): fact for deck in decks for fact in deck.facts}
    loaded = {deck.id for deck in decks}
    problems = []
    for deck in decks:
        for fact in deck.facts:
            if fact.same_as is None:
                continue
            deck_id, fact_id = fact.same_as.split("/")
            if deck_id not in loaded:
                continue  # checked when both decks are loaded together
            target = facts.get((deck_id, fact_id))
            if target is None:
                message = f"same_as '{fact.same_as}': deck '{deck_id}' has no fact '{fact_id}'"
            elif target.date != fact.date:
                message = (
                    f"same_as '{fact.same_as}' dates the claim {target.date}, this fact "
                    f"{fact.date}: one claim, one date"
                )
            else:
                continue
            problems.append(Problem(str(deck.path), _fact_line(deck, fact.id), 5, message, fact.id))
    return problems


def _checked(
    document: Document, seeds: SeedLibrary, path: Path
) -> tuple[Deck | None, list[Problem]]:
    """The deck the document holds, or None and every problem found in it."""
    # pydantic is imported only here: a deck from the cache never needs it.
    from quiz.checks import check_deck
    from quiz.compiled import compiled
    from quiz.validation import validate

    shape = validate(document)
    if not shape.problems:
        document.data = None  # held as the models now: 100 MB more at 100k facts
    problems = shape.problems + check_deck(document, shape, seeds)
    if problems or shape.deck is None:
        return None, problems
    return compiled(shape.deck, path), []
