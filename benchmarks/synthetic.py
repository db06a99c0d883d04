"""A realistic synthetic deck of any size, built in memory or written as deck YAML.

    python benchmarks/synthetic.py 1000 -o /tmp/deck-1k.yaml && quiz check /tmp/deck-1k.yaml

About one entity per ten facts, spread over five types; 21 relations covering
every cardinality, exhaustive sides and literal objects (quantity, date). Facts
respect cardinality (a one-valued side never gets a second value), are unique
triples, use every entity and relation, and cite real verbatim quotes of the
bundled seed articles, so the YAML passes `quiz check`.
"""

from __future__ import annotations

import argparse
import random
from itertools import cycle
from pathlib import Path
from typing import Any

import yaml

from quiz.facts import (
    Cardinality,
    Deck,
    DeckInfo,
    Entity,
    Exhaustive,
    Fact,
    Literal,
    Relation,
    Source,
    Templates,
)

# Verbatim spans of the bundled seed articles (seeds/*.txt).
QUOTES: tuple[Source, ...] = tuple(
    Source(seed, quote)
    for seed, quote in (
        ("000_76016ac37ccd59dc.txt", "The Russian president repeatedly warns Ukraine's Western"),
        ("001_183e215139b479b5.txt", "where he met Russian leader Vladimir Putin"),
        ("002_d28421e8e5b68b5d.txt", "China’s leader, Xi Jinping"),
        ("003_d086366bd84d36cb.txt", "Belarus, Russia’s closest and most devoted ally"),
        ("004_784c8384e681ffd9.txt", "The Russian president has been isolated on the world stage"),
    )
)
OUTLETS = ("DW", "News7F", "Sky News")
SYLLABLES = ("ka", "lo", "mi", "ra", "ve", "tu", "sa", "no", "bel", "dor")
SYLLABLES += ("an", "is", "ur", "zen", "pa", "ko", "li", "mar", "te", "vo")
# Share of the entities of each type.
TYPES = {"country": 0.20, "person": 0.35, "weapon": 0.15, "organisation": 0.15, "city": 0.15}
SUFFIXES = {"country": "ia", "weapon": "", "organisation": "", "city": "grad"}
WEAPON_KINDS = ("missile", "drone", "tank", "howitzer")
ORG_KINDS = ("Group", "Bureau", "Alliance", "Institute")
SYMMETRIC = {"met_with"}  # "A met B" also states "B met A"
FIRST_NAMES = ("Anna", "Boris", "Chen", "Dara", "Emil", "Farah", "Ivan", "Lena", "Omar", "Yuki")

O2O, M2O, O2M, M2M = (
    Cardinality.ONE_TO_ONE,
    Cardinality.MANY_TO_ONE,
    Cardinality.ONE_TO_MANY,
    Cardinality.MANY_TO_MANY,
)
NONE, SUBJ, OBJ, BOTH = Exhaustive.NONE, Exhaustive.SUBJECTS, Exhaustive.OBJECTS, Exhaustive.BOTH

# id, subject type, object type, cardinality, exhaustive, topic, templates
# (statement, ask_object, ask_subject, ask_subjects_all, ask_objects_all, match).
_TEMPLATE_FIELDS = (
    "statement",
    "ask_object",
    "ask_subject",
    "ask_subjects_all",
    "ask_objects_all",
    "match",
)
T = tuple[str | None, ...]
RELATIONS: tuple[tuple[str, str, str, Cardinality, Exhaustive, str, T], ...] = (
    ("capital_of", "city", "country", O2O, NONE, "geography", (
        "{subject} is the capital of {object}.", "What is the capital of {subject}?",
        "Which country has {object} as its capital?", None, None,
        "Match each capital to its country.")),
    ("leads", "person", "country", O2O, NONE, "politics", (
        "{subject} leads {object}.", "Which country does {subject} lead?",
        "Who leads {object}?", None, None, "Match each leader to the country they lead.")),
    ("founded", "person", "organisation", O2O, NONE, "politics", (
        "{subject} founded {object}.", "Which organisation did {subject} found?",
        "Who founded {object}?", None, None, "Match each founder to their organisation.")),
    ("citizen_of", "person", "country", M2O, SUBJ, "politics", (
        "{subject} is a citizen of {object}.", "Which country is {subject} a citizen of?",
        "Who is a citizen of {object}?", "Which of these are citizens of {object}?", None, None)),
    ("located_in", "city", "country", M2O, SUBJ, "geography", (
        "{subject} lies in {object}.", "In which country does {subject} lie?",
        "Which city lies in {object}?", "Which of these cities lie in {object}?", None, None)),
    ("made_by", "weapon", "organisation", M2O, NONE, "military", (
        "{subject} is made by {object}.", "Who makes {subject}?",
        "What does {object} make?", None, None, None)),
    ("based_in", "organisation", "city", M2O, NONE, "economy", (
        "{subject} is based in {object}.", "Where is {subject} based?",
        "Which organisation is based in {object}?", None, None, None)),
    ("founded_in", "organisation", "date", M2O, SUBJ, "history", (
        "{subject} was founded in {object}.", "When was {subject} founded?",
        "Which organisation was founded in {object}?",
        "Which of these organisations were founded in {object}?", None, None)),
    ("population", "city", "quantity", M2O, NONE, "geography", (
        "{subject} has a population of {object}.", "What is the population of {subject}?",
        None, None, None, None)),
    ("born_on", "person", "date", M2O, NONE, "history", (
        "{subject} was born on {object}.", "When was {subject} born?",
        "Who was born on {object}?", None, None, None)),
    ("range_km", "weapon", "quantity", M2O, NONE, "military", (
        "{subject} has a range of {object} km.", "What is the range in km of {subject}?",
        None, None, None, None)),
    ("produces", "country", "weapon", O2M, OBJ, "military", (
        "{subject} produces {object}.", "What does {subject} produce?",
        "Which country produces {object}?", None, "Which of these does {subject} produce?",
        None)),
    ("hosts", "country", "organisation", O2M, NONE, "economy", (
        "{subject} hosts {object}.", "Which organisation does {subject} host?",
        "Which country hosts {object}?", None, None, None)),
    ("mentored", "person", "person", O2M, NONE, "politics", (
        "{subject} mentored {object}.", "Whom did {subject} mentor?",
        "Who mentored {object}?", None, None, None)),
    ("ally_of", "country", "country", M2M, BOTH, "diplomacy", (
        "{subject} is an ally of {object}.", "Which country is an ally of {subject}?",
        "Which country counts {object} as an ally?", "Which of these count {object} as an ally?",
        "Which of these are allies of {subject}?", None)),
    ("supplied", "country", "weapon", M2M, SUBJ, "military", (
        "{subject} supplied {object} to Russia.", "What did {subject} supply to Russia?",
        "Which country supplied {object} to Russia?",
        "Which of these countries supplied {object} to Russia?", None, None)),
    ("member_of", "country", "organisation", M2M, OBJ, "diplomacy", (
        "{subject} is a member of {object}.", "Which organisation is {subject} a member of?",
        "Which country is a member of {object}?", None,
        "Which of these is {subject} a member of?", None)),
    ("met_with", "person", "person", M2M, NONE, "diplomacy", (
        "{subject} met {object}.", "Whom did {subject} meet?", "Who met {object}?",
        None, None, None)),
    ("sanctioned", "organisation", "country", M2M, NONE, "economy", (
        "{subject} sanctioned {object}.", "Which country did {subject} sanction?",
        "Who sanctioned {object}?", None, None, None)),
    ("visited", "person", "city", M2M, NONE, "diplomacy", (
        "{subject} visited {object}.", "Which city did {subject} visit?",
        "Who visited {object}?", None, None, None)),
    ("uses", "organisation", "weapon", M2M, NONE, "military", (
        "{subject} uses {object}.", "What does {subject} use?", "Who uses {object}?",
        None, None, None)),
)  # fmt: skip


def _stem(index: int) -> str:
    """A pronounceable word, different for every index (bijective base-20 syllables)."""
    parts = []
    index += len(SYLLABLES) + 1  # at least two syllables
    while index:
        index, digit = divmod(index - 1, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def _entity(kind: str, number: int, stem: str) -> Entity:
    entity_id = f"{kind}-{number}"
    if kind == "person":
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        return Entity(entity_id, f"{first} {stem}sen", kind, (f"{stem}sen",))
    if kind == "country":
        name = stem + SUFFIXES[kind]
        return Entity(entity_id, name, kind, (f"Republic of {name}",))
    if kind == "weapon":
        return Entity(entity_id, f"{stem} {WEAPON_KINDS[number % 4]}", kind)
    if kind == "organisation":
        name = f"{stem} {ORG_KINDS[number % 4]}"
        return Entity(entity_id, name, kind, (f"the {name}",) if number % 3 else ())
    return Entity(entity_id, stem + SUFFIXES[kind], kind)


def _literal(kind: str, rng: random.Random) -> Literal:
    if kind == "quantity":
        value = rng.randrange(10, 5000) * 100
        return Literal(value, f"{value:,}")
    if kind == "date" and rng.random() < 0.5:
        year = str(rng.randrange(1900, 2010))
        return Literal(year, year)
    day = f"{rng.randrange(1940, 2005)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    return Literal(day, day)


def _pairs(
    cardinality: Cardinality,
    subjects: list[str],
    objects: list[str],
    budget: int,
    rng: random.Random,
    symmetric: bool = False,
) -> list[tuple[str, str]]:
    """Subject-object pairs that respect the cardinality and use every entity they can."""
    if cardinality is O2O:
        size = min(len(subjects), len(objects))
        pairs = zip(rng.sample(subjects, size), rng.sample(objects, size), strict=True)
        return [(s, o) for s, o in pairs if s != o]
    if cardinality is M2O:
        pairs = zip(subjects, cycle(rng.sample(objects, len(objects))))
        return [(s, o) for s, o in pairs if s != o]
    if cardinality is O2M:
        pairs = zip(cycle(rng.sample(subjects, len(subjects))), objects)
        return [(s, o) for s, o in pairs if s != o]
    pairs: dict[tuple[str, str], None] = {}
    budget = min(budget, len(subjects) * len(objects) // 2)
    while len(pairs) < budget:
        pair = (rng.choice(subjects), rng.choice(objects))
        if symmetric:
            pair = (min(pair), max(pair))
        if pair[0] != pair[1]:
            pairs[pair] = None
    return list(pairs)


def make_deck(n_facts: int, seed: int = 0) -> Deck:
    """A deck of about `n_facts` facts (exactly, from a few hundred facts up)."""
    rng = random.Random(seed)
    n_entities = max(n_facts // 10, 50)
    entities: dict[str, Entity] = {}
    by_type: dict[str, list[str]] = {}
    index = 0
    for kind, share in TYPES.items():
        by_type[kind] = []
        for number in range(max(int(n_entities * share), 6)):
            entity = _entity(kind, number, _stem(index))
            entities[entity.id] = entity
            by_type[kind].append(entity.id)
            index += 1
    relations: dict[str, Relation] = {}
    for rid, subject_type, object_type, cardinality, exhaustive, _, texts in RELATIONS:
        templates = Templates(**dict(zip(_TEMPLATE_FIELDS, texts, strict=True)))
        relations[rid] = Relation(
            rid, (subject_type,), (object_type,), cardinality, templates, exhaustive,
            symmetric=rid in SYMMETRIC,
        )  # fmt: skip
    # One-valued relations first (their size is fixed by the entities), then the rest
    # of the budget shared by the many-to-many relations.
    planned: list[tuple[str, list[tuple[str, str]]]] = []
    for rid, subject_type, object_type, cardinality, *_ in RELATIONS:
        if cardinality is not M2M:
            objects = by_type.get(object_type, ["literal"])
            pairs = _pairs(cardinality, by_type[subject_type], objects, 0, rng)
            planned.append((rid, pairs))
    many = [r for r in RELATIONS if r[3] is M2M]
    left = max(n_facts - sum(len(pairs) for _, pairs in planned), len(many))
    for position, (rid, subject_type, object_type, *_) in enumerate(many):
        share = left // len(many) + (1 if position < left % len(many) else 0)
        objects = by_type[object_type]
        pairs = _pairs(M2M, by_type[subject_type], objects, share, rng, rid in SYMMETRIC)
        planned.append((rid, pairs))
    topics = {r[0]: r[5] for r in RELATIONS}
    facts: list[Fact] = []
    for rid, pairs in planned:
        relation = relations[rid]
        for subject, object_id in pairs:
            obj: str | Literal = object_id
            if relation.literal:
                obj = _literal(relation.object_types[0], rng)
            object_name = obj.display if isinstance(obj, Literal) else entities[obj].name
            statement = relation.templates.statement.format(
                subject=entities[subject].name, object=object_name
            )
            attribution = None
            contested = relation.cardinality is M2M and rng.random() < 0.01
            if contested or rng.random() < 0.03:
                attribution = rng.choice(OUTLETS)
                statement = f"According to {attribution}, {statement}"
            first = rng.randrange(len(QUOTES))
            sources = (QUOTES[first],) if rng.random() < 0.7 else QUOTES[first : first + 2]
            facts.append(
                Fact(
                    id=f"{rid.replace('_', '-')}-{len(facts)}",
                    subject=subject,
                    relation=rid,
                    object=obj,
                    statement=statement,
                    tags=(topics[rid], subject),
                    difficulty=rng.randint(1, 3),
                    date=f"{rng.randrange(2015, 2025)}-{rng.randrange(1, 13):02d}",
                    sources=sources,
                    attribution=attribution,
                    contested=contested,
                    note="The articles disagree on this." if contested else None,
                )
            )
    info = DeckInfo(
        f"synthetic-{n_facts}",
        f"Synthetic deck of {n_facts} facts",
        "Generated by benchmarks/synthetic.py for benchmarking.",
        {"according_to": "According to {source}, {claim}"},
    )
    return Deck(info, entities, relations, tuple(facts))


def deck_yaml(deck: Deck) -> dict[str, Any]:
    """The deck in the YAML deck format (see decks/README.md)."""

    def entity(e: Entity) -> dict[str, Any]:
        data: dict[str, Any] = {"id": e.id, "name": e.name, "type": e.type}
        return data | ({"aliases": list(e.aliases)} if e.aliases else {})

    def relation(r: Relation) -> dict[str, Any]:
        templates = {k: v for k, v in vars(r.templates).items() if v is not None}
        return {
            "id": r.id,
            "subject_type": r.subject_types[0],
            "object_type": r.object_types[0],
            "cardinality": r.cardinality.value,
            "exhaustive": r.exhaustive.value,
            "templates": templates,
        } | ({"symmetric": True} if r.symmetric else {})

    def fact(f: Fact) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": f.id,
            "subject": f.subject,
            "relation": f.relation,
            "object": f.object.value if isinstance(f.object, Literal) else f.object,
            "statement": f.statement,
            "tags": list(f.tags),
            "difficulty": f.difficulty,
            "date": f.date,
            "sources": [{"seed": s.seed, "quote": s.quote} for s in f.sources],
        }
        optional = {"attribution": f.attribution, "contested": f.contested, "note": f.note}
        return data | {k: v for k, v in optional.items() if v}

    info = deck.info
    return {
        "deck": {
            "id": info.id,
            "name": info.name,
            "description": info.description,
            "wording": info.wording,
        },
        "entities": [entity(e) for e in deck.entities.values()],
        "relations": [relation(r) for r in deck.relations.values()],
        "facts": [fact(f) for f in deck.facts],
    }


def write_yaml(deck: Deck, path: Path) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(deck_yaml(deck), Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts", type=int, help="number of facts")
    parser.add_argument("-o", "--output", type=Path, required=True, help="YAML file to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    deck = make_deck(args.facts, args.seed)
    write_yaml(deck, args.output)
    print(f"{args.output}: {len(deck.facts)} facts, {len(deck.entities)} entities")


if __name__ == "__main__":
    main()
