"""Quiz items: what the generator makes and every consumer shows, stores or exports.

An item's id is derived only from its deck, kind, direction and facts, never
from the random seed or the wording, so progress and Anki notes keyed on it
survive regeneration and edits to a fact's text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the app's first frame shows items' ids without the deck classes (7 ms)
    from quiz.facts import Source


class Kind(StrEnum):
    MCQ = "mcq"
    TRUE_FALSE = "true_false"
    CLOZE = "cloze"
    RECALL = "recall"
    MATCHING = "matching"
    SELECT_ALL = "select_all"


TRUE, FALSE = "True", "False"


def item_id(deck: str, kind: Kind, direction: str, fact_ids: Iterable[str]) -> str:
    """The stable identity of an item."""
    basis = "|".join((deck, kind, direction, ",".join(sorted(fact_ids))))  # a StrEnum is its value
    return f"{kind}-{hashlib.sha256(basis.encode()).hexdigest()[:12]}"


# Not frozen only because a frozen dataclass costs twice as much to make, and a large
# deck makes hundreds of thousands of items: treat items as values and never change one.
@dataclass(slots=True, unsafe_hash=True)
class Item:
    id: str
    deck: str
    kind: Kind
    direction: str  # what is asked: "object", "subject", "true", "false", "cloze", "pairs"
    prompt: str
    answer: str | tuple[str, ...] | tuple[tuple[str, str], ...]
    fact_ids: tuple[str, ...]
    difficulty: int
    sources: tuple[Source, ...]
    options: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()  # recall and cloze: every name that counts as right
    # recall: the names of the answer's type; those not accepted are other entities', never right
    rivals: tuple[str, ...] = ()
    left: tuple[str, ...] = ()  # matching: the items to match, in order
    cloze: str | None = None  # the statement with Anki cloze markup
    explanation: str | None = None
    tags: tuple[str, ...] = field(default=())
    # The article whose own account makes the wrong options wrong, when it is one
    # article's (the item then says "According to ..."); None for the deck's.
    anchor: str | None = None
    # The claims asked about, one key each across decks (`Fact.claim_key`): a sitting
    # asks each claim once, even where two decks state it.
    claims: tuple[str, ...] = ()

    @property
    def claim_keys(self) -> tuple[str, ...]:
        """The claims asked about: `claims`, or for a hand-made item its deck's facts."""
        return self.claims or tuple(f"{self.deck}/{fact}" for fact in self.fact_ids)

    def to_json(self) -> dict[str, Any]:
        answer: Any = self.answer
        if self.kind is Kind.MATCHING:
            answer = [list(pair) for pair in self.answer]
        elif self.kind is Kind.SELECT_ALL:
            answer = list(self.answer)
        data: dict[str, Any] = {
            "id": self.id,
            "deck": self.deck,
            "kind": self.kind.value,
            "direction": self.direction,
            "prompt": self.prompt,
            "options": list(self.options),
            "answer": answer,
            "accepted": list(self.accepted),
            "fact_ids": list(self.fact_ids),
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "explanation": self.explanation,
            "anchor": self.anchor,
            "sources": [{"seed": source.seed, "quote": source.quote} for source in self.sources],
        }
        if self.kind is Kind.MATCHING:
            data["left"] = list(self.left)
        if self.cloze is not None:
            data["cloze"] = self.cloze
        return data
