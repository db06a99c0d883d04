"""Turn a deck's facts into quiz items whose wrong options are never right.

All English comes from the deck (relation templates and deck wording). Every
option marked wrong is one the deck does not make true; every false statement
is one the deck makes false (see `quiz.knowledge`). Each item draws its
randomness from the seed and its own id alone, so the same seed gives the same
items byte for byte, and adding a fact does not reshuffle the others.
"""

from __future__ import annotations

import gc
import math
import random
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from quiz.answers import normalise_answer
from quiz.facts import Deck, Fact, Literal, Relation
from quiz.items import FALSE, TRUE, Item, Kind, item_id
from quiz.knowledge import Knowledge, ObjectKey, object_key

MCQ_OPTIONS = 4
MAX_CLOZE_ANSWER = 40  # longer hidden text makes a recitation, not a cloze
LONGEST_RATIO, LONGEST_MARGIN = 1.5, 8
POOL_SIZE = 6  # distractors are sampled from this many of the most plausible
SCAN_LIMIT = 8  # candidates the deck rules out, weighed per item, so large decks stay linear
SCAN_WINDOW = 24  # candidates looked at per item at most, until SCAN_LIMIT are found
CANDIDATE_WINDOW = 240  # the most plausible entities of a role, from which each item draws
MATCH_MIN, MATCH_MAX = 4, 6
SELECT_MIN_RIGHT, SELECT_MIN_WRONG, SELECT_MAX_OPTIONS = 2, 2, 6
BLANK = "_____"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
# A distractor's plausibility: more for being in the relation already than for
# sharing a tag (a topic, a country) with the answer.
IN_RELATION_BONUS, SHARED_TAGS_BONUS = 2, 1
_NO_TAGS: frozenset[str] = frozenset()
_SCALES = (2, 0.5, 3, 10, 0.1, 5, 0.2, 4)
_PERCENT_STEPS = (-20, 20, -10, 10, -30, 30, -40, 40)


@dataclass(frozen=True)
class Choice:
    """A possible option: how it reads and what it stands for."""

    text: str
    key: ObjectKey

    @cached_property
    def words(self) -> str:
        return _words(self.text)

    @cached_property
    def shown(self) -> str:
        return capitalise(self.text)


def generate(
    decks: Iterable[Deck],
    seed: int = 0,
    kinds: Collection[Kind] | None = None,
    tags: Collection[str] | None = None,
    difficulties: Collection[int] | None = None,
    limit: int | None = None,
) -> list[Item]:
    """Every item of the decks that passes the filters; with `limit`, a seeded sample."""
    # Items hold no reference cycles: collecting while a large deck's hundreds of
    # thousands are made would cost time and free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        items = [
            item
            for deck in decks
            for item in DeckGenerator(deck, seed).items()
            if (not kinds or item.kind in kinds)
            and (not tags or set(item.tags) & set(tags))
            and (not difficulties or item.difficulty in difficulties)
        ]
    finally:
        if collecting:
            gc.enable()
    if limit is not None and limit < len(items):
        keep = set(random.Random(f"{seed}|sample").sample(range(len(items)), limit))
        items = [item for index, item in enumerate(items) if index in keep]
    return items


def unknown_tags(decks: Iterable[Deck], tags: Iterable[str]) -> list[str]:
    """The asked-for tags that no fact of the decks carries, sorted: a filter by one
    of them would quietly match nothing."""
    known = {tag for deck in decks for fact in deck.facts for tag in fact.tags}
    return sorted(set(tags) - known)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def conspicuously_longest(answer: str, others: Sequence[str]) -> bool:
    """Whether the right option gives itself away by its length."""
    longest = max(map(len, others), default=len(answer))
    return len(answer) > max(longest * LONGEST_RATIO, longest + LONGEST_MARGIN)


def _words(text: str) -> str:
    """The normalised name padded with spaces, for whole-word containment tests."""
    return f" {normalise_answer(text)} "


def _sentence_words(text: str) -> str:
    """As `_words`, for a prompt or statement: each is seen once, so it bypasses the
    cache that keeps recurring names, rather than pushing them out of it."""
    return f" {normalise_answer.__wrapped__(text)} "


def leaked_names(prompt: str, names: Iterable[str]) -> list[str]:
    """The names (of an answer) that stand in the prompt as whole words."""
    return _leaked_in(_sentence_words(prompt), names)


def _leaked_in(prompt_words: str, names: Iterable[str]) -> list[str]:
    return [
        name for name in names if len(normalise_answer(name)) > 2 and _words(name) in prompt_words
    ]


def _leaks(prompt: str, names: Iterable[str]) -> bool:
    return bool(leaked_names(prompt, names))


# A possible distractor: the option, the tags of its entity, and its plausibility
# bonus for being in the relation already (IN_RELATION_BONUS or 0).
Candidate = tuple[Choice, frozenset[str], int]


@dataclass(frozen=True)
class Question:
    """One side of a fact asked as a question, its answer not given away in it."""

    direction: str  # the side asked for: "object" or "subject"
    prompt: str
    words: str  # the prompt as `_sentence_words`, for whole-word tests
    answer: Choice
    names: tuple[str, ...]  # every name of the answer


def whole_word_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where any of `names` stands in `text` as whole words, case ignored, in order;
    where names overlap, the longest wins."""
    folded = text.lower()
    same_length = len(folded) == len(text)  # else a letter whose lower case is longer
    if not same_length:
        folded = text
    spans: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        wanted = name.lower() if same_length else name
        start = folded.find(wanted) if wanted else -1
        while start != -1:
            stop = start + len(wanted)
            if (
                not _word_char(folded, start - 1)
                and not _word_char(folded, stop)
                and not any(taken < stop and start < end for taken, end in spans)
            ):
                spans.append((start, stop))
            start = folded.find(wanted, start + 1)
    return sorted(spans)


def _word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


class DeckGenerator:
    def __init__(self, deck: Deck, seed: int) -> None:
        self.deck = deck
        self.seed = seed
        self.knowledge = Knowledge(deck)
        self._choices: dict[str, Choice] = {}
        # The candidates for one side of a relation and type, and how many lead the
        # list because they are already in that side of the relation.
        self._windows: dict[tuple[str, str, str], tuple[list[Candidate], int]] = {}
        self._type_names: dict[str, tuple[str, ...]] = {}
        self._literal_values: dict[str, list[Choice]] = {}  # other facts' values, per relation

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
        """The items of one fact. They share one random stream, seeded by the fact,
        so that adding or removing other facts changes none of them."""
        if fact.contested:
            return []  # a claim the articles dispute is never marked right or wrong
        relation = self.deck.relations[fact.relation]
        if not any(self.knowledge.closed(relation.id, side) for side in ("object", "subject")):
            # An open list rules nothing out and knows no one answer: only its statement.
            return self.true_false_items(fact, relation, {"object": [], "subject": []})
        rng = self.rng(fact.id)
        wrong = {
            direction: self.distractors(fact, relation, direction, rng)
            for direction in ("object", "subject")
        }
        questions = [
            question
            for direction in ("object", "subject")
            if len(wrong[direction]) >= MCQ_OPTIONS - 1
            or self.the_one_answer(fact, relation, direction)
            if (question := self.question(fact, relation, direction))
        ]
        items: list[Item] = []
        cloze = self.cloze_item(fact, relation)
        if cloze:
            items.append(cloze)
        for question in questions:
            mcq = self.mcq_item(fact, question, wrong[question.direction], rng)
            if mcq:
                items.append(mcq)
        items.extend(self.true_false_items(fact, relation, wrong))
        for question in questions:
            recall = self.recall_item(fact, relation, question)
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

    def question(self, fact: Fact, relation: Relation, direction: str) -> Question | None:
        """The fact asked for one side, if the deck words that question and the
        question does not name its answer."""
        templates = relation.templates
        if direction == "object" and templates.ask_object:
            subject = self.deck.entities[fact.subject].name
            prompt = self.render(templates.ask_object, fact, subject=subject)
        elif direction == "subject" and templates.ask_subject:
            prompt = self.render(templates.ask_subject, fact, object=self.deck.object_name(fact))
        else:
            return None
        answer = self.answer_choice(fact, direction)
        names = self.answer_names(answer, relation, direction)
        words = _sentence_words(prompt)
        if _leaked_in(words, names):
            return None
        return Question(direction, prompt, words, answer, names)

    def answer_choice(self, fact: Fact, direction: str) -> Choice:
        if direction == "object":
            return Choice(self.deck.object_name(fact), object_key(fact))
        return self.choice(fact.subject)

    def choice(self, entity_id: str) -> Choice:
        found = self._choices.get(entity_id)
        if found is None:
            found = self._choices[entity_id] = Choice(self.deck.entities[entity_id].name, entity_id)
        return found

    def answer_names(self, choice: Choice, relation: Relation, direction: str) -> tuple[str, ...]:
        if direction == "object" and relation.literal:
            return (choice.text,)
        return self.deck.entities[str(choice.key)].names

    def mcq_item(
        self, fact: Fact, question: Question, wrong: list[Choice], rng: random.Random
    ) -> Item | None:
        pool = [choice for choice in wrong if choice.words not in question.words]
        if len(pool) < MCQ_OPTIONS - 1:
            return None
        answer = question.answer
        chosen = rng.sample(pool, MCQ_OPTIONS - 1)
        if conspicuously_longest(answer.text, [choice.text for choice in chosen]):
            # Take the longest candidates, so that length gives nothing away.
            chosen = sorted(pool, key=lambda choice: -len(choice.text))[: MCQ_OPTIONS - 1]
        texts = [choice.shown for choice in chosen]
        if conspicuously_longest(answer.text, texts):
            return None
        options = [answer.shown, *texts]
        rng.shuffle(options)
        return Item(
            prompt=question.prompt,
            answer=answer.shown,
            options=tuple(options),
            **self.base(fact, Kind.MCQ, question.direction),
        )

    def true_false_items(
        self, fact: Fact, relation: Relation, wrong: dict[str, list[Choice]]
    ) -> list[Item]:
        """The fact's statement, and the statement made false by swapping in the most
        plausible value the deck rules out (the object if it can, else the subject)."""
        statement = relation.templates.statement
        subject = self.deck.entities[fact.subject].name
        true_statement = self.render(
            statement, fact, subject=subject, object=self.deck.object_name(fact)
        )
        items = [
            Item(
                prompt=true_statement,
                answer=TRUE,
                options=(TRUE, FALSE),
                **self.base(fact, Kind.TRUE_FALSE, "true"),
            )
        ]
        true_words = _sentence_words(true_statement)
        for direction in ("object", "subject"):
            swapped = next((c.text for c in wrong[direction] if c.words not in true_words), None)
            if swapped is None:
                continue
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
                    **self.base(fact, Kind.TRUE_FALSE, "false"),
                )
            )
            break
        return items

    def the_one_answer(self, fact: Fact, relation: Relation, direction: str) -> bool:
        """Whether the deck knows this side of the fact to be the only right answer."""
        if not self.knowledge.closed(relation.id, direction):
            return False
        if direction == "object":
            given, answer = fact.subject, object_key(fact)
        else:
            given, answer = object_key(fact), fact.subject
        return self.knowledge.sole_value(relation.id, direction, given) == answer

    def recall_item(self, fact: Fact, relation: Relation, question: Question) -> Item | None:
        direction, answer = question.direction, question.answer
        # A typed answer is judged fairly only when the deck knows the one right answer.
        if not self.the_one_answer(fact, relation, direction):
            return None
        object_type = relation.object_types[0]
        if direction == "object" and object_type == "text":
            return None
        accepted = list(question.names)
        if direction == "object" and object_type == "date":
            accepted.append(str(answer.key))  # an ISO date, typed as such
            if _leaked_in(question.words, accepted):
                return None
        rivals: tuple[str, ...] = ()
        if not (direction == "object" and relation.literal):
            rivals = self.type_names(self.deck.entities[str(answer.key)].type)
        return Item(
            prompt=question.prompt,
            answer=answer.text,
            accepted=tuple(dict.fromkeys(accepted)),
            rivals=rivals,
            **self.base(fact, Kind.RECALL, direction),
        )

    def type_names(self, entity_type: str) -> tuple[str, ...]:
        """Every name of every entity of a type, one tuple shared by all recall items
        of that type: the answer checker rejects those that are not the answer's."""
        names = self._type_names.get(entity_type)
        if names is None:
            names = self._type_names[entity_type] = tuple(
                name
                for entity_id in self.knowledge.entities_by_type[entity_type]
                for name in self.deck.entities[entity_id].names
            )
        return names

    def cloze_item(self, fact: Fact, relation: Relation) -> Item | None:
        """The statement with the one side hidden that the deck knows to be the only answer."""
        sides: list[Sequence[str]] = []
        if self.the_one_answer(fact, relation, "object"):
            obj = fact.object
            sides.append(
                (obj.display,) if isinstance(obj, Literal) else self.deck.entities[obj].names
            )
        if self.the_one_answer(fact, relation, "subject"):
            sides.append(self.deck.entities[fact.subject].names)
        for hidden in sides:
            if max(map(len, hidden)) > MAX_CLOZE_ANSWER:
                continue
            spans = whole_word_spans(fact.statement, hidden)
            if not spans:
                continue
            statement = fact.statement
            first = statement[spans[0][0] : spans[0][1]]
            prompt, cloze, end = [], [], 0
            for start, stop in spans:
                prompt += [statement[end:start], BLANK]
                cloze += [statement[end:start], "{{c1::", statement[start:stop], "}}"]
                end = stop
            return Item(
                prompt="".join([*prompt, statement[end:]]),
                answer=first,
                accepted=tuple(dict.fromkeys((first, *hidden))),
                cloze="".join([*cloze, statement[end:]]),
                **self.base(fact, Kind.CLOZE, "cloze"),
            )
        return None

    # -- distractors -------------------------------------------------------

    def distractors(
        self, fact: Fact, relation: Relation, direction: str, rng: random.Random
    ) -> list[Choice]:
        """Up to POOL_SIZE wrong values for one side of a fact, most plausible first,
        all of which the deck makes false. Values the deck says nothing about are
        never used: in the articles' open lists, an unlisted country may well have
        done it too."""
        given = object_key(fact) if direction == "subject" else fact.subject
        falsifier = self.knowledge.falsifier(relation.id, direction, given)
        if falsifier is None:
            return []  # nothing in this relation rules a value out
        is_false = falsifier.is_false
        answer = self.answer_choice(fact, direction)
        if direction == "object" and relation.literal:
            candidates = [
                (choice, _NO_TAGS, 0) for choice in self.literal_candidates(fact, relation)
            ]
        else:
            candidates = self.entity_candidates(
                relation, direction, answer, rng, falsifier.partnered_only
            )
        answer_tags = self.knowledge.entity_tags.get(str(answer.key), _NO_TAGS)
        answer_length = len(answer.text)
        scored: list[tuple[int, int, str, Choice]] = []
        for choice, tags, in_relation_bonus in candidates:
            if choice.key == given or choice.key == answer.key or not is_false(choice.key):
                continue
            plausibility = in_relation_bonus + (
                0 if tags.isdisjoint(answer_tags) else SHARED_TAGS_BONUS
            )
            scored.append(
                (-plausibility, abs(len(choice.text) - answer_length), choice.text, choice)
            )
            if len(scored) == SCAN_LIMIT:
                break
        scored.sort(key=lambda entry: entry[:3])
        taken = {answer.words}
        pool: list[Choice] = []
        for *_, choice in scored:
            if choice.words not in taken:
                taken.add(choice.words)
                pool.append(choice)
                if len(pool) == POOL_SIZE:
                    break
        return pool

    def entity_candidates(
        self,
        relation: Relation,
        direction: str,
        answer: Choice,
        rng: random.Random,
        partnered_only: bool,
    ) -> list[Candidate]:
        """A seeded slice of the entities of the answer's type, those already in this
        side of the relation first (the most plausible, and the ones the deck can rule
        out); with `partnered_only`, those alone. A slice keeps the cost per item the
        same in a large deck as in a small one, and keeps items from all sharing the
        same distractors."""
        answer_type = self.deck.entities[str(answer.key)].type
        window_key = (relation.id, direction, answer_type)
        if window_key not in self._windows:
            in_relation = self.knowledge.entities_in_relation.get((relation.id, direction), set())
            same_type = self.knowledge.entities_by_type[answer_type]
            ordered = [e for e in same_type if e in in_relation]
            partnered = min(len(ordered), CANDIDATE_WINDOW)
            ordered += [e for e in same_type if e not in in_relation]
            tags = self.knowledge.entity_tags
            entries = [
                (
                    self.choice(entity_id),
                    tags.get(entity_id, _NO_TAGS),
                    IN_RELATION_BONUS if entity_id in in_relation else 0,
                )
                for entity_id in ordered[:CANDIDATE_WINDOW]
            ]
            self._windows[window_key] = (entries, partnered)
        entries, partnered = self._windows[window_key]
        size = partnered if partnered_only else len(entries)
        if not size:
            return []
        start = rng.randrange(size)
        looked_at = entries[start : min(start + SCAN_WINDOW, size)]
        return looked_at + entries[: min(start, SCAN_WINDOW - len(looked_at))]

    def literal_candidates(self, fact: Fact, relation: Relation) -> list[Choice]:
        assert isinstance(fact.object, Literal)
        literal = fact.object
        values = self._literal_values.get(relation.id)
        if values is None:
            values = self._literal_values[relation.id] = [
                Choice(self.deck.object_name(other), object_key(other))
                for other in self.knowledge.facts_by_relation[relation.id][:SCAN_LIMIT]
            ]
        choices = {choice.key: choice for choice in values if choice.key != literal.value}
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
        else:
            right_ids = sorted({str(object_key(fact)) for fact in group})
            prompt = capitalise(template.format(subject=self.deck.entities[str(key)].name))
        asked = "subject" if side == "subjects" else "object"
        falsifier = self.knowledge.falsifier(relation.id, asked, key)
        if falsifier is None:
            return None
        candidates = self.entity_candidates(
            relation, asked, self.choice(right_ids[0]), rng, falsifier.partnered_only
        )
        wrong_ids = [
            str(choice.key)
            for choice, _, _ in candidates
            if choice.key != key and falsifier.is_false(choice.key)
        ]
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
        return None  # "more than four hours": a bare changed number would read as nonsense
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
