"""Property tests: on random decks drawn from a known world, items never lie.

Each deck is a faithful partial record of a random "world" (the set of pairs
that are really true): complete wherever the deck says it is complete, a
subset elsewhere. So an option the deck does not state may still be true in
the world, and the generator must never call such a thing false.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.facts import (
    Cardinality,
    Deck,
    DeckInfo,
    Entity,
    Exhaustive,
    Fact,
    Relation,
    Source,
    Templates,
)
from quiz.generate import generate
from quiz.items import FALSE, TRUE, Kind

SOURCE = (Source("003_d086366bd84d36cb.txt", "Belarus, Russia’s closest and most devoted ally"),)


def templates(name: str) -> Templates:
    return Templates(
        statement=f"{{subject}} {name} {{object}}.",
        ask_object=f"What does {{subject}} {name}?",
        ask_subject=f"Who does {name} {{object}}?",
        ask_subjects_all=f"Which of these {name} {{object}}?",
        ask_objects_all=f"Which of these does {{subject}} {name}?",
        match=f"Match each with what it {name}.",
    )


@st.composite
def worlds(draw):
    subjects = [f"S{i}x" for i in range(draw(st.integers(4, 9)))]
    objects = [f"O{i}y" for i in range(draw(st.integers(4, 9)))]
    relations: dict[str, Relation] = {}
    world: dict[str, set[tuple[str, str]]] = {}
    facts: list[Fact] = []
    for index in range(draw(st.integers(1, 3))):
        name = f"rel{index}z"
        cardinality = draw(st.sampled_from(list(Cardinality)))
        exhaustive = draw(st.sampled_from(list(Exhaustive)))
        relations[name] = Relation(
            name, ("alpha",), ("beta",), cardinality, templates(name), exhaustive
        )
        pairs: set[tuple[str, str]] = set()
        for subject in subjects:
            for obj in objects:
                if not draw(st.booleans()) or not draw(st.booleans()):
                    continue
                if cardinality.one_object_per_subject and any(s == subject for s, _ in pairs):
                    continue
                if cardinality.one_subject_per_object and any(o == obj for _, o in pairs):
                    continue
                pairs.add((subject, obj))
        world[name] = pairs
        recorded = {pair for pair in sorted(pairs) if draw(st.booleans())}
        # Complete the record wherever the relation claims completeness.
        while True:
            complete = set(recorded)
            if exhaustive.subjects:
                complete |= {p for p in pairs if p[1] in {o for _, o in recorded}}
            if exhaustive.objects:
                complete |= {p for p in pairs if p[0] in {s for s, _ in recorded}}
            if complete == recorded:
                break
            recorded = complete
        for subject, obj in sorted(recorded):
            facts.append(
                Fact(
                    id=f"{name}-{subject}-{obj}".lower(),
                    subject=subject,
                    relation=name,
                    object=obj,
                    statement=f"{subject} {name} {obj}.",
                    tags=(draw(st.sampled_from(["red", "green"])),),
                    difficulty=draw(st.integers(1, 3)),
                    date="2024",
                    sources=SOURCE,
                )
            )
    entities = {s: Entity(s, s, "alpha") for s in subjects}
    entities |= {o: Entity(o, o, "beta") for o in objects}
    deck = Deck(DeckInfo("random", "Random"), entities, relations, tuple(facts))
    return deck, world


def parse_statement(text: str) -> tuple[str, str, str]:
    match = re.fullmatch(r"(S\d+x) (rel\d+z) (O\d+y)\.", text)
    assert match, text
    return match.group(2), match.group(1), match.group(3)


def question_parts(prompt: str) -> tuple[str, str, str]:
    """(relation, direction, the entity named in the stem)."""
    match = re.fullmatch(r"What does (S\d+x) (rel\d+z)\?", prompt)
    if match:
        return match.group(2), "object", match.group(1)
    match = re.fullmatch(r"Who does (rel\d+z) (O\d+y)\?", prompt)
    assert match, prompt
    return match.group(1), "subject", match.group(2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds(), st.integers(0, 10**6))
def test_items_never_contradict_the_world(drawn, seed):
    deck, world = drawn
    stated = {(fact.relation, fact.subject, fact.object) for fact in deck.facts}
    for item in generate([deck], seed=seed):
        if item.kind is Kind.MCQ:
            relation, direction, given_entity = question_parts(item.prompt)
            triples = {
                option: (relation, given_entity, option)
                if direction == "object"
                else (relation, option, given_entity)
                for option in item.options
            }
            right = [option for option, triple in triples.items() if triple in stated]
            assert right == [item.answer], item
            assert len(set(item.options)) == 4
            closed = (
                deck.relations[relation].cardinality.one_object_per_subject
                or deck.relations[relation].exhaustive.objects
                if direction == "object"
                else deck.relations[relation].cardinality.one_subject_per_object
                or deck.relations[relation].exhaustive.subjects
            )
            if closed:
                for option, (_, subject, obj) in triples.items():
                    if option != item.answer:
                        assert (subject, obj) not in world[relation], item
        elif item.kind is Kind.TRUE_FALSE:
            relation, subject, obj = parse_statement(item.prompt)
            if item.answer == TRUE:
                assert (relation, subject, obj) in stated
            else:
                assert item.answer == FALSE
                assert (subject, obj) not in world[relation], item
        elif item.kind is Kind.SELECT_ALL:
            for option in item.options:
                fact = deck.facts[[f.id for f in deck.facts].index(item.fact_ids[0])]
                pair = (
                    (option, fact.object)
                    if item.direction == "subjects"
                    else (fact.subject, option)
                )
                assert (pair in world[fact.relation]) == (option in item.answer), item
        elif item.kind is Kind.MATCHING:
            relation = deck.facts[[f.id for f in deck.facts].index(item.fact_ids[0])].relation
            for left, right in item.answer:
                assert (left, right) in world[relation]
                for other in item.options:
                    if other != right:
                        assert (left, other) not in world[relation]
