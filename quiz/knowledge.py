"""What a deck makes true, false or unknown: the closed-world reasoning behind every item.

A claim is TRUE when a fact states it, FALSE only when the deck rules it out
(a one-valued side already has another value, or the deck's list for it is
exhaustive and leaves it out), and UNKNOWN otherwise. Contested facts count as
claimed, so they are never offered as wrong, but they rule nothing out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from quiz.facts import Deck, Fact, Literal

ObjectKey = str | int | float  # an entity id or a literal's value
Side = str  # "object" or "subject": the side of a relation that is asked for


class Truth(Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def object_key(fact: Fact) -> ObjectKey:
    return fact.object.value if isinstance(fact.object, Literal) else fact.object


@dataclass(frozen=True)
class Falsifier:
    is_false: Callable[[ObjectKey], bool]
    # Only values already in the relation (with partners of their own) can be false.
    partnered_only: bool


class Knowledge:
    """An index of one deck's facts by relation, subject and object."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        # Everything stated, contested or not, by (relation, known side) and asked side.
        self._claimed: dict[tuple[str, Side, ObjectKey], set[ObjectKey]] = defaultdict(set)
        # What uncontested facts state: these rule other values out.
        self._stated: dict[tuple[str, Side, ObjectKey], set[ObjectKey]] = defaultdict(set)
        self.facts_by_relation: dict[str, list[Fact]] = defaultdict(list)
        tags: dict[str, set[str]] = defaultdict(set)
        self.entities_in_relation: dict[tuple[str, Side], set[str]] = defaultdict(set)
        for fact in deck.facts:
            self.facts_by_relation[fact.relation].append(fact)
            tags[fact.subject].update(fact.tags)
            if isinstance(fact.object, str):
                tags[fact.object].update(fact.tags)
            pairs = [(fact.subject, object_key(fact))]
            if deck.relations[fact.relation].symmetric:
                pairs.append((str(fact.object), fact.subject))
            for subject, key in pairs:
                indexes = [self._claimed] if fact.contested else [self._claimed, self._stated]
                for index in indexes:
                    index[(fact.relation, "object", subject)].add(key)
                    index[(fact.relation, "subject", key)].add(subject)
                self.entities_in_relation[(fact.relation, "subject")].add(subject)
                if isinstance(key, str):
                    self.entities_in_relation[(fact.relation, "object")].add(key)
        self.entity_tags: dict[str, frozenset[str]] = {
            entity: frozenset(found) for entity, found in tags.items()
        }
        self.entities_by_type: dict[str, list[str]] = defaultdict(list)
        for entity in deck.entities.values():
            self.entities_by_type[entity.type].append(entity.id)
        self._closed: dict[tuple[str, Side], bool] = {}
        for relation in deck.relations.values():
            cardinality, exhaustive = relation.cardinality, relation.exhaustive
            self._closed[(relation.id, "object")] = (
                cardinality.one_object_per_subject or exhaustive.objects
            )
            self._closed[(relation.id, "subject")] = (
                cardinality.one_subject_per_object or exhaustive.subjects
            )

    def falsifier(self, relation_id: str, asked: Side, given: ObjectKey) -> Falsifier | None:
        """Which values of the `asked` side the deck makes false, the other side being
        `given`: the one rule behind every wrong option and false statement. None when
        the deck can rule no value out.

        A value is false when it is not claimed and either `given` already has its
        full list of values (a one-valued or exhaustive side), or the value already
        has its full list of partners and `given` is not among them."""
        other: Side = "subject" if asked == "object" else "object"
        claimed = self._claimed.get((relation_id, asked, given), set())
        if self._closed[(relation_id, asked)] and self._stated.get((relation_id, asked, given)):
            return Falsifier(lambda key: key not in claimed, partnered_only=False)
        if not self._closed[(relation_id, other)]:
            return None
        stated = self._stated
        return Falsifier(
            lambda key: key not in claimed and bool(stated.get((relation_id, other, key))),
            partnered_only=True,
        )

    def truth(self, relation_id: str, subject: str, obj: ObjectKey) -> Truth:
        """Whether the deck makes `subject relation obj` true, false, or says nothing."""
        if obj in self._claimed.get((relation_id, "object", subject), ()):
            return Truth.TRUE
        falsifier = self.falsifier(relation_id, "object", subject)
        if falsifier and falsifier.is_false(obj):
            return Truth.FALSE
        return Truth.UNKNOWN

    def sole_value(self, relation_id: str, asked: Side, given: ObjectKey) -> ObjectKey | None:
        """The value of the `asked` side the deck states for `given`, if it states one only."""
        stated = self._stated.get((relation_id, asked, given))
        if stated is None or len(stated) != 1:
            return None
        return next(iter(stated))

    def stated(self, relation_id: str, asked: Side, given: ObjectKey) -> frozenset[ObjectKey]:
        """Every value of the `asked` side the deck states (uncontested) for `given`."""
        return frozenset(self._stated.get((relation_id, asked, given), ()))

    def closed(self, relation_id: str, side: Side) -> bool:
        """Whether the listed values of this side, for a given other side, are all of them."""
        return self._closed[(relation_id, side)]
