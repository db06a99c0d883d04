"""What a deck's shape cannot say: the rules that need more than one value at a time.

Each rule is a function over the deck as `quiz.validation` validated it: references
between entities, relations and facts, template and wording placeholders, quotes
found in their articles, attributions carried in statements, cardinality, claims
vouched false of an entity that no fact states of it, and each article's complete
lists. On a deck with errors, values the models refused are None:
a check judges what is left and is silent on what is missing, which has its problem
already. An entity or relation whose definition is broken is not reported again at
every reference to it; a fact with a problem takes no part in the rules across facts.
"""

from __future__ import annotations

from quiz.checks.across import cardinality, claimants, complete_lists, false_of, unused
from quiz.checks.claims import MIN_QUOTE_WORDS, sound_facts
from quiz.checks.context import Context
from quiz.checks.definitions import deck_header, known_entities, known_relations
from quiz.problems import Problem
from quiz.seeds import SeedLibrary
from quiz.validation import Shape
from quiz.yamldoc import Document

__all__ = ["MIN_QUOTE_WORDS", "check_deck"]


def check_deck(doc: Document, shape: Shape, seeds: SeedLibrary) -> list[Problem]:
    """Every problem of the validated deck that needs more than one value to see."""
    deck = shape.deck
    if deck is None:
        return []
    context = Context(doc, shape, seeds)
    header = deck_header(context, deck.deck)
    entities = known_entities(context, deck.entities or [])
    relations = known_relations(context, deck.relations or [], entities)
    claims = sound_facts(context, deck.facts or [], entities, relations, header)
    unused(context, deck, entities, relations, claims)
    cardinality(context, relations, claims)
    false_of(context, claims)
    complete_lists(context, deck.complete or [], entities, relations, claims, header)
    claimants(context, deck.claimants or [], claims)
    return context.problems
