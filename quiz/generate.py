"""Turn a deck's facts into quiz items whose wrong options are never right.

All English comes from the deck (relation templates and deck wording). Every
option marked wrong is one the deck does not make true; every false statement
is one the deck makes false (see `quiz.knowledge`). Each item draws its
randomness from the seed and its own id alone, so the same seed gives the same
items byte for byte, and adding a fact does not reshuffle the others.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from quiz.answers import normalise_answer
from quiz.facts import Deck, Fact, Literal, Relation
from quiz.items import FALSE, TRUE, Item, Kind, item_id
from quiz.knowledge import Knowledge, ObjectKey, Truth, object_key

MCQ_OPTIONS = 4
MAX_CLOZE_ANSWER = 40  # longer hidden text makes a recitation, not a cloze
LONGEST_RATIO, LONGEST_MARGIN = 1.5, 8
POOL_SIZE = 6  # distractors are sampled from this many of the most plausible
SCAN_LIMIT = 12  # candidates weighed per item, so large decks stay linear
CANDIDATE_WINDOW = 240  # the most plausible entities of a role, from which each item draws
MATCH_MIN, MATCH_MAX = 4, 6
SELECT_MIN_RIGHT, SELECT_MIN_WRONG, SELECT_MAX_OPTIONS = 2, 2, 6
BLANK = "_____"
RIVAL_DISTANCE = 4  # beyond the answer checker's largest typo allowance
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_SCALES = (2, 0.5, 3, 10, 0.1, 5, 0.2, 4)
_PERCENT_STEPS = (-20, 20, -10, 10, -30, 30, -40, 40)


@dataclass(frozen=True)
class Choice:
    """A possible option: how it reads and what it stands for."""

    text: str
    key: ObjectKey


def generate(
    decks: Iterable[Deck],
    seed: int = 0,
    kinds: Collection[Kind] | None = None,
    tags: Collection[str] | None = None,
    difficulties: Collection[int] | None = None,
    limit: int | None = None,
) -> list[Item]:
    """Every item of the decks that passes the filters; with `limit`, a seeded sample."""
    items = [
        item
        for deck in decks
        for item in DeckGenerator(deck, seed).items()
        if (not kinds or item.kind in kinds)
        and (not tags or set(item.tags) & set(tags))
        and (not difficulties or item.difficulty in difficulties)
    ]
    if limit is not None and limit < len(items):
        keep = set(random.Random(f"{seed}|sample").sample(range(len(items)), limit))
        items = [item for index, item in enumerate(items) if index in keep]
    return items


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def conspicuously_longest(answer: str, others: Sequence[str]) -> bool:
    """Whether the right option gives itself away by its length."""
    longest = max(map(len, others), default=len(answer))
    return len(answer) > max(longest * LONGEST_RATIO, longest + LONGEST_MARGIN)


def _words(text: str) -> str:
    """The normalised text padded with spaces, for whole-word containment tests."""
    return f" {normalise_answer(text)} "


def leaked_names(prompt: str, names: Iterable[str]) -> list[str]:
    """The names (of an answer) that stand in the prompt as whole words."""
    prompt_words = _words(prompt)
    return [
        name for name in names if len(normalise_answer(name)) > 2 and _words(name) in prompt_words
    ]


def _leaks(prompt: str, names: Iterable[str]) -> bool:
    return bool(leaked_names(prompt, names))


class DeckGenerator:
    def __init__(self, deck: Deck, seed: int) -> None:
        self.deck = deck
        self.seed = seed
        self.knowledge = Knowledge(deck)
        self._candidate_order: dict[tuple[str, str, str], list[str]] = {}
        self._names_by_type: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}

    def rng(self, identity: str) -> random.Random:
        return random.Random(f"{self.seed}|{identity}")

    def items(self) -> list[Item]:
        items: list[Item] = []
        for fact in self.deck.facts:
            items.extend(self.fact_items(fact))
        for relation in self.deck.relations.values():
            items.extend(self.matching_items(relation))
            items.extend(self.select_all_items(relation))
        return items

    # -- wording -----------------------------------------------------------

    def name(self, key: ObjectKey, relation: Relation) -> str:
        if relation.literal:
            for fact in self.knowledge.facts_by_relation[relation.id]:
                if object_key(fact) == key:
                    return self.deck.object_name(fact)
            return str(key)
        return self.deck.entities[str(key)].name

    def render(self, template: str, fact: Fact, **names: str) -> str:
        """A template filled in, with the fact's attribution where it has one."""
        sentence = template.format(**names)
        if fact.attribution:
            wording = self.deck.info.wording["according_to"]
            claim = sentence if template.startswith("{") else sentence[:1].lower() + sentence[1:]
            if not wording.rstrip().endswith("{claim}"):
                end = claim[-1] if claim[-1:] in ".?!" else ""
                claim = claim.removesuffix(end)
                sentence = wording.format(source=fact.attribution, claim=claim) + end
            else:
                sentence = wording.format(source=fact.attribution, claim=claim)
        return capitalise(sentence)

    # -- one fact ----------------------------------------------------------

    def fact_items(self, fact: Fact) -> list[Item]:
        if fact.contested:
            return []  # a claim the articles dispute is never marked right or wrong
        relation = self.deck.relations[fact.relation]
        items: list[Item] = []
        cloze = self.cloze_item(fact, relation)
        if cloze:
            items.append(cloze)
        for direction in ("object", "subject"):
            mcq = self.mcq_item(fact, relation, direction)
            if mcq:
                items.append(mcq)
        items.extend(self.true_false_items(fact, relation))
        for direction in ("object", "subject"):
            recall = self.recall_item(fact, relation, direction)
            if recall:
                items.append(recall)
        return items

    def base(self, fact: Fact, kind: Kind, direction: str) -> dict[str, object]:
        return {
            "id": item_id(self.deck.id, kind, direction, [fact.id]),
            "deck": self.deck.id,
            "kind": kind,
            "direction": direction,
            "fact_ids": (fact.id,),
            "difficulty": fact.difficulty,
            "sources": fact.sources,
            "explanation": fact.explanation or fact.statement,
            "tags": fact.tags,
        }

    def question(self, fact: Fact, relation: Relation, direction: str) -> str | None:
        templates = relation.templates
        subject = self.deck.entities[fact.subject].name
        if direction == "object" and templates.ask_object:
            return self.render(templates.ask_object, fact, subject=subject)
        if direction == "subject" and templates.ask_subject:
            return self.render(templates.ask_subject, fact, object=self.deck.object_name(fact))
        return None

    def answer_choice(self, fact: Fact, direction: str) -> Choice:
        if direction == "object":
            return Choice(self.deck.object_name(fact), object_key(fact))
        return Choice(self.deck.entities[fact.subject].name, fact.subject)

    def answer_names(self, choice: Choice, relation: Relation, direction: str) -> tuple[str, ...]:
        if direction == "object" and relation.literal:
            return (choice.text,)
        return self.deck.entities[str(choice.key)].names

    def mcq_item(self, fact: Fact, relation: Relation, direction: str) -> Item | None:
        prompt = self.question(fact, relation, direction)
        if prompt is None:
            return None
        base = self.base(fact, Kind.MCQ, direction)
        rng = self.rng(str(base["id"]))
        answer = self.answer_choice(fact, direction)
        if _leaks(prompt, self.answer_names(answer, relation, direction)):
            return None
        wrong = self.distractors(fact, relation, direction, rng, stem=prompt)
        if len(wrong) < MCQ_OPTIONS - 1:
            return None
        texts = [capitalise(choice.text) for choice in wrong]
        if conspicuously_longest(answer.text, texts):
            return None
        options = [capitalise(answer.text), *texts]
        rng.shuffle(options)
        return Item(prompt=prompt, answer=capitalise(answer.text), options=tuple(options), **base)

    def true_false_items(self, fact: Fact, relation: Relation) -> list[Item]:
        statement = relation.templates.statement
        subject = self.deck.entities[fact.subject].name
        true_base = self.base(fact, Kind.TRUE_FALSE, "true")
        items = [
            Item(
                prompt=self.render(
                    statement, fact, subject=subject, object=self.deck.object_name(fact)
                ),
                answer=TRUE,
                options=(TRUE, FALSE),
                **true_base,
            )
        ]
        false_base = self.base(fact, Kind.TRUE_FALSE, "false")
        rng = self.rng(str(false_base["id"]))
        true_statement = items[0].prompt
        for direction in ("object", "subject"):
            wrong = self.distractors(fact, relation, direction, rng, stem=true_statement)
            if not wrong:
                continue
            swapped = wrong[0].text
            names = (
                {"subject": subject, "object": swapped}
                if direction == "object"
                else {"subject": swapped, "object": self.deck.object_name(fact)}
            )
            items.append(
                Item(
                    prompt=self.render(statement, fact, **names),
                    answer=FALSE,
                    options=(TRUE, FALSE),
                    **false_base,
                )
            )
            break
        return items

    def recall_item(self, fact: Fact, relation: Relation, direction: str) -> Item | None:
        knowledge = self.knowledge
        if direction == "object":
            closed = knowledge.closed_objects(relation.id)
            right = knowledge.true_objects(relation.id, fact.subject)
        else:
            closed = knowledge.closed_subjects(relation.id)
            right = knowledge.true_subjects(relation.id, object_key(fact))
        # A typed answer is judged fairly only when the deck knows the one right answer.
        if not closed or right != {self.answer_choice(fact, direction).key}:
            return None
        if direction == "object" and relation.object_types[0] == "text":
            return None
        prompt = self.question(fact, relation, direction)
        if prompt is None:
            return None
        answer = self.answer_choice(fact, direction)
        accepted = list(self.answer_names(answer, relation, direction))
        if direction == "object" and relation.object_types[0] == "date":
            accepted.append(str(answer.key))
        if _leaks(prompt, accepted):
            return None
        rivals: list[str] = []
        if not (direction == "object" and relation.literal):
            rivals = self.rivals(str(answer.key), accepted)
        return Item(
            prompt=prompt,
            answer=answer.text,
            accepted=tuple(dict.fromkeys(accepted)),
            rivals=tuple(rivals),
            **self.base(fact, Kind.RECALL, direction),
        )

    def rivals(self, entity_id: str, accepted: Sequence[str]) -> list[str]:
        """Names of other entities of the same type close enough to an accepted name
        to pass for a typo of it: the answer checker must reject them."""
        entity_type = self.deck.entities[entity_id].type
        if entity_type not in self._names_by_type:
            owned = [
                (normalise_answer(name), name, other)
                for other in self.knowledge.entities_by_type[entity_type]
                for name in self.deck.entities[other].names
            ]
            self._names_by_type[entity_type] = (
                [normalised for normalised, _, _ in owned],
                [(name, owner) for _, name, owner in owned],
            )
        normalised_names, owners = self._names_by_type[entity_type]
        found: dict[str, None] = {}
        for name in accepted:
            for _, _, index in process.extract(
                normalise_answer(name),
                normalised_names,
                scorer=Levenshtein.distance,
                score_cutoff=RIVAL_DISTANCE,
                limit=None,
            ):
                original, owner = owners[index]
                if owner != entity_id:
                    found[original] = None
        return list(found)

    def cloze_item(self, fact: Fact, relation: Relation) -> Item | None:
        """The statement with the one side hidden that the deck knows to be the only answer."""
        knowledge = self.knowledge
        sides: list[Sequence[str]] = []
        if knowledge.closed_objects(relation.id) and knowledge.true_objects(
            relation.id, fact.subject
        ) == {object_key(fact)}:
            obj = fact.object
            sides.append(
                (obj.display,) if isinstance(obj, Literal) else self.deck.entities[obj].names
            )
        if knowledge.closed_subjects(relation.id) and knowledge.true_subjects(
            relation.id, object_key(fact)
        ) == {fact.subject}:
            sides.append(self.deck.entities[fact.subject].names)
        for hidden in sides:
            if max(map(len, hidden)) > MAX_CLOZE_ANSWER:
                continue
            names = "|".join(re.escape(name) for name in sorted(hidden, key=len, reverse=True))
            pattern = re.compile(rf"(?<!\w)(?:{names})(?!\w)", re.IGNORECASE)
            found = pattern.search(fact.statement)
            if not found:
                continue
            prompt = pattern.sub(BLANK, fact.statement)
            cloze = pattern.sub(lambda match: "{{c1::" + match.group(0) + "}}", fact.statement)
            return Item(
                prompt=prompt,
                answer=found.group(0),
                accepted=tuple(dict.fromkeys((found.group(0), *hidden))),
                cloze=cloze,
                **self.base(fact, Kind.CLOZE, "cloze"),
            )
        return None

    # -- distractors -------------------------------------------------------

    def distractors(
        self,
        fact: Fact,
        relation: Relation,
        direction: str,
        rng: random.Random,
        stem: str,
    ) -> list[Choice]:
        """Up to three wrong options the deck makes false, sampled from the most
        plausible, never one already named in the stem. Options the deck says nothing
        about are never used: in the articles' open lists, an unlisted country may
        well have done it too. When the right option is long, the longest candidates
        are taken so that length gives nothing away."""
        if not (
            self.knowledge.closed_objects(relation.id)
            or self.knowledge.closed_subjects(relation.id)
        ):
            return []  # an open relation rules nothing out
        answer = self.answer_choice(fact, direction)
        stem_words = _words(stem)
        if direction == "object" and relation.literal:
            candidates = self.literal_candidates(fact, relation)
        else:
            candidates = self.entity_candidates(fact, relation, direction, answer, rng)
        scored: list[tuple[tuple[int, int, str], Choice]] = []
        for choice in candidates:
            if direction == "object":
                truth = self.knowledge.truth(relation.id, fact.subject, choice.key)
            else:
                truth = self.knowledge.truth(relation.id, str(choice.key), object_key(fact))
            if truth is not Truth.FALSE:
                continue
            if _words(choice.text) in stem_words:
                continue
            plausibility = self.plausibility(choice, answer, relation, direction)
            length_gap = abs(len(choice.text) - len(answer.text))
            rank = (-plausibility, length_gap, choice.text)
            scored.append((rank, choice))
        scored.sort(key=lambda pair: pair[0])
        pool = [choice for _, choice in scored[:POOL_SIZE]]
        if len(pool) > MCQ_OPTIONS - 1:
            sampled = rng.sample(pool, MCQ_OPTIONS - 1)
            if conspicuously_longest(answer.text, [choice.text for choice in sampled]):
                sampled = sorted(pool, key=lambda choice: -len(choice.text))[: MCQ_OPTIONS - 1]
                rng.shuffle(sampled)
            pool = sampled
        taken = {normalise_answer(answer.text)}
        distinct = []
        for choice in pool:
            if normalise_answer(choice.text) not in taken:
                taken.add(normalise_answer(choice.text))
                distinct.append(choice)
        return distinct

    def plausibility(self, choice: Choice, answer: Choice, relation: Relation, role: str) -> int:
        if not isinstance(choice.key, str) or choice.key not in self.deck.entities:
            return 0
        tags = self.knowledge.entity_tags
        shared = len(tags[choice.key] & tags.get(str(answer.key), set()))
        same_relation = choice.key in self.knowledge.entities_in_relation[(relation.id, role)]
        return shared + (3 if same_relation else 0)

    def entity_candidates(
        self, fact: Fact, relation: Relation, direction: str, answer: Choice, rng: random.Random
    ) -> list[Choice]:
        answer_type = self.deck.entities[str(answer.key)].type
        in_relation = self.knowledge.entities_in_relation[(relation.id, direction)]
        same_type = self.knowledge.entities_by_type[answer_type]
        stem = fact.subject if direction == "object" else object_key(fact)
        cache_key = (relation.id, direction, answer_type)
        ordered = self._candidate_order.get(cache_key)
        if ordered is None:
            # Entities already in this relation's role first: the most plausible,
            # and the ones an exhaustive list can rule out.
            ordered = [e for e in same_type if e in in_relation] + [
                e for e in same_type if e not in in_relation
            ]
            ordered = self._candidate_order[cache_key] = ordered[:CANDIDATE_WINDOW]
        # Each item weighs a seeded slice of the window, so that a large deck costs
        # the same per item as a small one and items do not all share distractors.
        start = rng.randrange(len(ordered)) if len(ordered) > SCAN_LIMIT + 2 else 0
        window = (ordered[start:] + ordered[:start])[: SCAN_LIMIT + 2]
        return [
            Choice(self.deck.entities[entity_id].name, entity_id)
            for entity_id in window
            if entity_id not in (answer.key, stem)
        ]

    def literal_candidates(self, fact: Fact, relation: Relation) -> list[Choice]:
        assert isinstance(fact.object, Literal)
        literal = fact.object
        choices = {
            object_key(other): Choice(self.deck.object_name(other), object_key(other))
            for other in self.knowledge.facts_by_relation[relation.id][:SCAN_LIMIT]
            if object_key(other) != literal.value
        }
        kind = relation.object_types[0]
        if kind == "quantity":
            changes = _PERCENT_STEPS if _is_percentage(literal) else _SCALES
            for change in changes:
                changed = _changed_quantity(literal, change)
                if changed and changed.key not in choices:
                    choices[changed.key] = changed
        elif kind == "date":
            for shift in (-1, 1, -2, 2, 3):
                changed = _shifted(literal, shift)
                if changed and changed.key not in choices:
                    choices[changed.key] = changed
        return list(choices.values())

    # -- several facts -----------------------------------------------------

    def matching_items(self, relation: Relation) -> list[Item]:
        """Pairs from a one-to-one relation: each side has exactly one partner."""
        if relation.cardinality.value != "one-to-one" or relation.literal:
            return []
        if not relation.templates.match:
            return []
        facts = sorted(
            (
                fact
                for fact in self.knowledge.facts_by_relation[relation.id]
                if not fact.contested and not fact.attribution
            ),
            key=lambda fact: fact.id,
        )
        if len(facts) < MATCH_MIN:
            return []
        groups = math.ceil(len(facts) / MATCH_MAX)
        size = math.ceil(len(facts) / groups)
        items = []
        for start in range(0, len(facts), size):
            group = facts[start : start + size]
            if len(group) < MATCH_MIN:
                group = facts[-MATCH_MIN:]
            fact_ids = tuple(fact.id for fact in group)
            identity = item_id(self.deck.id, Kind.MATCHING, relation.id, fact_ids)
            rng = self.rng(identity)
            pairs = [
                (self.deck.entities[fact.subject].name, self.deck.object_name(fact))
                for fact in group
            ]
            rng.shuffle(pairs)
            right = [pair[1] for pair in pairs]
            rng.shuffle(right)
            items.append(
                Item(
                    id=identity,
                    deck=self.deck.id,
                    kind=Kind.MATCHING,
                    direction=relation.id,
                    prompt=relation.templates.match,
                    answer=tuple(pairs),
                    options=tuple(right),
                    left=tuple(pair[0] for pair in pairs),
                    fact_ids=fact_ids,
                    difficulty=max(fact.difficulty for fact in group),
                    sources=_merged_sources(group),
                    explanation=None,
                    tags=_merged_tags(group),
                )
            )
        return items

    def select_all_items(self, relation: Relation) -> list[Item]:
        """'Which of these ...' from lists the deck gives completely."""
        items = []
        facts = [
            fact
            for fact in self.knowledge.facts_by_relation[relation.id]
            if not fact.contested and not fact.attribution
        ]
        sides = []
        if relation.exhaustive.subjects and relation.templates.ask_subjects_all:
            sides.append(("subjects", relation.templates.ask_subjects_all))
        if (
            relation.exhaustive.objects
            and relation.templates.ask_objects_all
            and not relation.literal
        ):
            sides.append(("objects", relation.templates.ask_objects_all))
        for side, template in sides:
            groups: dict[ObjectKey, list[Fact]] = {}
            for fact in facts:
                key = object_key(fact) if side == "subjects" else fact.subject
                groups.setdefault(key, []).append(fact)
            for key, group in groups.items():
                item = self.select_all_item(relation, side, template, key, group)
                if item:
                    items.append(item)
        return items

    def select_all_item(
        self, relation: Relation, side: str, template: str, key: ObjectKey, group: list[Fact]
    ) -> Item | None:
        if len(group) < SELECT_MIN_RIGHT:
            return None
        fact_ids = tuple(sorted(fact.id for fact in group))
        identity = item_id(self.deck.id, Kind.SELECT_ALL, f"{relation.id}:{side}", fact_ids)
        rng = self.rng(identity)
        if side == "subjects":
            right_ids = sorted({fact.subject for fact in group})
            prompt = capitalise(template.format(object=self.name(key, relation)))
            wrong_type = self.deck.entities[right_ids[0]].type
        else:
            right_ids = sorted({str(object_key(fact)) for fact in group})
            prompt = capitalise(template.format(subject=self.deck.entities[str(key)].name))
            wrong_type = self.deck.entities[right_ids[0]].type
        wrong_ids = []
        for entity_id in self.knowledge.entities_by_type[wrong_type][:SCAN_LIMIT]:
            if entity_id in right_ids or entity_id == key:
                continue
            truth = (
                self.knowledge.truth(relation.id, entity_id, key)
                if side == "subjects"
                else self.knowledge.truth(relation.id, str(key), entity_id)
            )
            if truth is Truth.FALSE:
                wrong_ids.append(entity_id)
        if len(wrong_ids) < SELECT_MIN_WRONG:
            return None
        right_count = min(len(right_ids), SELECT_MAX_OPTIONS - SELECT_MIN_WRONG)
        right = rng.sample(right_ids, right_count)
        wrong_count = min(len(wrong_ids), SELECT_MAX_OPTIONS - right_count)
        wrong = rng.sample(wrong_ids, wrong_count)
        names = [self.deck.entities[entity_id].name for entity_id in right + wrong]
        if _leaks(prompt, names):
            return None
        rng.shuffle(names)
        right_names = {self.deck.entities[entity_id].name for entity_id in right}
        return Item(
            id=identity,
            deck=self.deck.id,
            kind=Kind.SELECT_ALL,
            direction=side,
            prompt=prompt,
            answer=tuple(name for name in names if name in right_names),
            options=tuple(names),
            fact_ids=fact_ids,
            difficulty=max(fact.difficulty for fact in group),
            sources=_merged_sources(group),
            explanation=None,
            tags=_merged_tags(group),
        )


def _is_percentage(literal: Literal) -> bool:
    return "percent" in literal.display.casefold() or "%" in literal.display


def _changed_quantity(literal: Literal, change: float) -> Choice | None:
    """The literal with its number changed: multiplied by `change`, or for a
    percentage (which must stay between 0 and 100) moved by `change` points.
    The display keeps its words ("about 200 million"), only the number differs."""
    value = literal.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    percentage = _is_percentage(literal)
    new_value = value + change if percentage else value * change
    if percentage and not 0 < new_value < 100:
        return None
    if isinstance(value, int):
        if new_value != int(new_value) or new_value < 1:
            return None
        new_value = int(new_value)
    match = _NUMBER.search(literal.display)
    if not match:
        return Choice(f"{new_value:,}", new_value)
    shown = match.group(0)
    old_number = float(shown.replace(",", ""))
    number = old_number + change if percentage else old_number * change
    if number != int(number):
        return None
    formatted = f"{int(number):,}" if "," in shown else str(int(number))
    display = literal.display[: match.start()] + formatted + literal.display[match.end() :]
    return Choice(display, new_value)


def _shifted(literal: Literal, years: int) -> Choice | None:
    value = str(literal.value)
    shifted_value = f"{int(value[:4]) + years:04d}{value[4:]}"
    display = literal.display
    if display == value:
        return Choice(shifted_value, shifted_value)
    year = _YEAR.search(display)
    if not year:
        return None
    new_year = str(int(year.group(0)) + years)
    return Choice(display[: year.start()] + new_year + display[year.end() :], shifted_value)


def _merged_sources(facts: Sequence[Fact]):
    return tuple(dict.fromkeys(source for fact in facts for source in fact.sources))


def _merged_tags(facts: Sequence[Fact]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag for fact in facts for tag in fact.tags))
