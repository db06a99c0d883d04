"""What a deck makes true, false or unknown: the closed-world reasoning behind every item.

A claim is TRUE when a fact states it, FALSE only when the deck rules it out
(a one-valued side already has another value, or the deck's list for it is
exhaustive and leaves it out), and UNKNOWN otherwise. Contested facts count as
claimed, so they are never offered as wrong, but they rule nothing out.
"""

from __future__ import annotations

from collections import defaultdict
from enum import Enum

from quiz.facts import Deck, Fact, Literal

ObjectKey = str | int | float  # an entity id or a literal's value


class Truth(Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def object_key(fact: Fact) -> ObjectKey:
    return fact.object.value if isinstance(fact.object, Literal) else fact.object


class Knowledge:
    """An index of one deck's facts by relation, subject and object."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self._claimed: set[tuple[str, str, ObjectKey]] = set()
        self._objects: dict[tuple[str, str], set[ObjectKey]] = defaultdict(set)
        self._subjects: dict[tuple[str, ObjectKey], set[str]] = defaultdict(set)
        self.facts_by_relation: dict[str, list[Fact]] = defaultdict(list)
        self.entity_tags: dict[str, set[str]] = defaultdict(set)
        self.entities_in_relation: dict[tuple[str, str], set[str]] = defaultdict(set)
        for fact in deck.facts:
            self.facts_by_relation[fact.relation].append(fact)
            self.entity_tags[fact.subject].update(fact.tags)
            if isinstance(fact.object, str):
                self.entity_tags[fact.object].update(fact.tags)
            pairs = [(fact.subject, object_key(fact))]
            if deck.relations[fact.relation].symmetric:
                pairs.append((str(fact.object), fact.subject))
            for subject, key in pairs:
                self._claimed.add((fact.relation, subject, key))
                self.entities_in_relation[(fact.relation, "subject")].add(subject)
                if isinstance(key, str):
                    self.entities_in_relation[(fact.relation, "object")].add(key)
                if not fact.contested:
                    self._objects[(fact.relation, subject)].add(key)
                    self._subjects[(fact.relation, key)].add(subject)
        self.entities_by_type: dict[str, list[str]] = defaultdict(list)
        for entity in deck.entities.values():
            self.entities_by_type[entity.type].append(entity.id)

    def truth(self, relation_id: str, subject: str, obj: ObjectKey) -> Truth:
        """Whether the deck makes `subject relation obj` true, false, or says nothing."""
        if (relation_id, subject, obj) in self._claimed:
            return Truth.TRUE
        relation = self.deck.relations[relation_id]
        objects = self._objects.get((relation_id, subject))
        subjects = self._subjects.get((relation_id, obj))
        if objects and (relation.cardinality.one_object_per_subject or relation.exhaustive.objects):
            return Truth.FALSE
        if subjects and (
            relation.cardinality.one_subject_per_object or relation.exhaustive.subjects
        ):
            return Truth.FALSE
        return Truth.UNKNOWN

    def true_objects(self, relation_id: str, subject: str) -> set[ObjectKey]:
        """Every object the deck states (uncontested) for this subject."""
        return set(self._objects.get((relation_id, subject), ()))

    def true_subjects(self, relation_id: str, obj: ObjectKey) -> set[str]:
        """Every subject the deck states (uncontested) for this object."""
        return set(self._subjects.get((relation_id, obj), ()))

    def closed_objects(self, relation_id: str) -> bool:
        """Whether a subject's objects, as listed, are all of them."""
        relation = self.deck.relations[relation_id]
        return relation.cardinality.one_object_per_subject or relation.exhaustive.objects

    def closed_subjects(self, relation_id: str) -> bool:
        """Whether an object's subjects, as listed, are all of them."""
        relation = self.deck.relations[relation_id]
        return relation.cardinality.one_subject_per_object or relation.exhaustive.subjects
