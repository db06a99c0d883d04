"""What a deck makes true, false or unknown: the closed-world reasoning behind every item.

A claim is TRUE when a fact states it, FALSE only when the deck rules it out
(a one-valued side already has another value, the deck's list for it is
exhaustive and leaves it out, or the deck's author vouches it false: a fact's
`false_of`), and UNKNOWN otherwise. Contested facts count as
claimed, so they are never offered as wrong, but they rule nothing out.

An article's own account can be closed too (`CompleteList`): then a value is
FALSE *according to that article* when the article discusses it in that role and
no fact of the deck, from any article, claims it. Dates of different precision
that overlap ("March 2024", "4 March 2024") never rule each other out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from quiz.facts import CompleteList, Deck, Fact, Literal

ObjectKey = str | int | float  # an entity id or a literal's value
Side = str  # "object" or "subject": the side of a relation that is asked for


class Truth(Enum):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def object_key(fact: Fact) -> ObjectKey:
    return fact.object.value if isinstance(fact.object, Literal) else fact.object


def dates_overlap(first: ObjectKey, second: ObjectKey) -> bool:
    """Whether two ISO dates of any precision can name the same day ("2024-03" and
    "2024-03-04" do; "2024-03" and "2024-05" do not)."""
    a, b = str(first), str(second)
    return a.startswith(b) or b.startswith(a)


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
        # What the deck's author vouches false: (relation, object) → the subjects it is
        # false of, and (relation, subject) → the objects it is false with.
        self._false_subjects: dict[tuple[str, ObjectKey], set[str]] = defaultdict(set)
        self._false_objects: dict[tuple[str, str], set[ObjectKey]] = defaultdict(set)
        for fact in deck.facts:
            for entity_id in fact.false_of:
                self._false_subjects[(fact.relation, object_key(fact))].add(entity_id)
                self._false_objects[(fact.relation, entity_id)].add(object_key(fact))
        self.entity_tags: dict[str, frozenset[str]] = {
            entity: frozenset(found) for entity, found in tags.items()
        }
        self.entities_by_type: dict[str, list[str]] = defaultdict(list)
        for entity in deck.entities.values():
            self.entities_by_type[entity.type].append(entity.id)
        # Every value claimed of a side, by any fact, and the article's own claims.
        # What each article says in its own voice, by relation and side.
        self._by_seed: dict[tuple[str, Side, str], set[ObjectKey]] = defaultdict(set)
        for fact in deck.facts:
            for seed in fact.seeds:
                if self.own_voice(fact, seed):
                    self._by_seed[(fact.relation, "subject", seed)].add(fact.subject)
                    self._by_seed[(fact.relation, "object", seed)].add(object_key(fact))
        # The entities each article discusses, by type: the role of a complete list is
        # played by those of the answer's type that the article names anywhere.
        # The entities each article discusses, by side and type: the role of a complete
        # list's side is played by those the article names on that side of any claim
        # (Lithuania, named only as a transit route, is no candidate "closest ally").
        self._discussed: dict[tuple[str, Side, str], set[str]] = defaultdict(set)
        for fact in deck.facts:
            for side, entity_id in (("subject", fact.subject), ("object", fact.object)):
                if isinstance(entity_id, str) and entity_id in deck.entities:
                    for seed in fact.seeds:
                        kind = deck.entities[entity_id].type
                        self._discussed[(seed, side, kind)].add(entity_id)
        self.complete_lists: dict[tuple[str, Side, str], CompleteList] = {
            (item.relation, "subject" if item.side == "subjects" else "object", item.seed): item
            for item in deck.complete_lists
        }
        self._dated = {
            relation.id
            for relation in deck.relations.values()
            if relation.object_types[0] == "date"
        }
        # Each entity's own counterparts (Putin's Russia): the partners it has in a
        # one-to-one relation. Offered in another role they read as absurd, not wrong.
        self.linked: dict[str, set[str]] = defaultdict(set)
        for fact in deck.facts:
            relation = deck.relations[fact.relation]
            if relation.cardinality.value == "one-to-one" and isinstance(fact.object, str):
                self.linked[fact.subject].add(fact.object)
                self.linked[fact.object].add(fact.subject)
        self._closed: dict[tuple[str, Side], bool] = {}
        # Each claim weighed once: matching and report items ask the same ones often.
        self._truths: dict[tuple[str, str, ObjectKey, str | None], Truth] = {}
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

        A value is false when it is not claimed and either the deck's author vouches
        for it (`false_of`), or `given` already has its full list of values (a
        one-valued or exhaustive side), or the value already has its full list of
        partners and `given` is not among them."""
        closed = self._closed_falsifier(relation_id, asked, given)
        vouched = (
            self._false_subjects.get((relation_id, given), set())
            if asked == "subject"
            else self._false_objects.get((relation_id, str(given)), set())
        )
        if not vouched:
            return closed
        if closed is None:
            return Falsifier(vouched.__contains__, partnered_only=True)
        rule = closed.is_false
        return Falsifier(lambda key: key in vouched or rule(key), closed.partnered_only)

    def _closed_falsifier(
        self, relation_id: str, asked: Side, given: ObjectKey
    ) -> Falsifier | None:
        """`falsifier` by the deck's closed world alone (one-valued or exhaustive sides)."""
        other: Side = "subject" if asked == "object" else "object"
        claimed = self._claimed.get((relation_id, asked, given), set())
        if relation_id in self._dated:
            return self._date_falsifier(relation_id, asked, given, claimed)
        if self._closed[(relation_id, asked)] and self._stated.get((relation_id, asked, given)):
            return Falsifier(lambda key: key not in claimed, partnered_only=False)
        if not self._closed[(relation_id, other)]:
            return None
        stated = self._stated
        return Falsifier(
            lambda key: key not in claimed and bool(stated.get((relation_id, other, key))),
            partnered_only=True,
        )

    def _date_falsifier(
        self, relation_id: str, asked: Side, given: ObjectKey, claimed: set[ObjectKey]
    ) -> Falsifier | None:
        """As `falsifier`, for a relation whose objects are dates: a date is ruled out
        only when it overlaps none of the dates claimed, at any precision."""
        if asked == "object":
            if not (self._closed[(relation_id, "object")] and claimed):
                return None
            return Falsifier(
                lambda key: not any(dates_overlap(key, date) for date in claimed),
                partnered_only=False,
            )
        if not self._closed[(relation_id, "object")]:
            return None
        known = self._claimed

        def is_false(key: ObjectKey) -> bool:
            dates = known.get((relation_id, "object", key))
            return bool(dates) and not any(dates_overlap(given, date) for date in dates)

        return Falsifier(is_false, partnered_only=True)

    def _open_values(self, declared: CompleteList, side: Side) -> set[ObjectKey]:
        """The values on `side` of the facts a complete list leaves open."""
        if not declared.open_facts:
            return set()
        open_ids = set(declared.open_facts)
        return {
            fact.subject if side == "subject" else object_key(fact)
            for fact in self.facts_by_relation[declared.relation]
            if fact.id in open_ids
        }

    def dispute_rivals(self, fact: Fact) -> list[str]:
        """Who says otherwise about a contested fact: the claimants of its other side."""
        if not fact.contested:
            return []
        return [
            other.attribution
            for other in self.facts_by_relation[fact.relation]
            if other.contested
            and other.subject == fact.subject
            and other.attribution
            and other.attribution != fact.attribution
            and object_key(other) != object_key(fact)
        ]

    def own_voice(self, fact: Fact, seed: str) -> bool:
        """Whether article `seed` makes the claim itself rather than citing someone (its
        attribution is the article's own outlet or author): only then does its own
        account rule other values out, or lend its values as wrong options."""
        if not fact.attribution:
            return True
        return self.deck.info.cite_as.get(seed, "").startswith(fact.attribution)

    def source_falsifier(
        self, relation_id: str, asked: Side, given: ObjectKey, seed: str
    ) -> tuple[Falsifier, frozenset[ObjectKey]] | None:
        """The values of the `asked` side that article `seed` rules out for `given`, by its
        account declared complete, and the values it discusses in that role (its
        candidates, and every value it gives that side in the relation). None when the
        article's account of this side is not declared complete or says nothing of
        `given`."""
        declared = self.complete_lists.get((relation_id, asked, seed))
        if declared is None:
            return None
        other: Side = "subject" if asked == "object" else "object"
        if given not in self._by_seed.get((relation_id, other, seed), ()):
            return None
        if given in self._open_values(declared, other):
            return None  # a claim that could as well be true of others rules nothing out
        claimed = self._claimed.get((relation_id, asked, given), set())
        # The role: the candidates the deck's author declares, else every entity of
        # the side's type that the article names; and the values it gives that side.
        in_role: set[ObjectKey] = set(declared.candidates)
        if not declared.candidates:
            relation = self.deck.relations[relation_id]
            types = relation.subject_types if asked == "subject" else relation.object_types
            in_role = {
                entity for kind in types for entity in self._discussed.get((seed, asked, kind), ())
            }
        discussed = frozenset(
            {*in_role, *self._by_seed.get((relation_id, asked, seed), ())}
            - {given}
            - self._open_values(declared, asked)
        )

        def is_false(key: ObjectKey) -> bool:
            return key in discussed and key not in claimed

        return Falsifier(is_false, partnered_only=True), discussed

    def truth(
        self, relation_id: str, subject: str, obj: ObjectKey, seed: str | None = None
    ) -> Truth:
        """Whether the deck makes `subject relation obj` true, false, or says nothing;
        with `seed`, by that article's complete account as well."""
        asked = (relation_id, subject, obj, seed)
        found = self._truths.get(asked)
        if found is None:
            found = self._truths[asked] = self._truth(relation_id, subject, obj, seed)
        return found

    def _truth(self, relation_id: str, subject: str, obj: ObjectKey, seed: str | None) -> Truth:
        if obj in self._claimed.get((relation_id, "object", subject), ()):
            return Truth.TRUE
        falsifier = self.falsifier(relation_id, "object", subject)
        if falsifier and falsifier.is_false(obj):
            return Truth.FALSE
        if seed is not None:
            for asked, given, key in (("object", subject, obj), ("subject", obj, subject)):
                found = self.source_falsifier(relation_id, asked, given, seed)
                if found and found[0].is_false(key):
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
