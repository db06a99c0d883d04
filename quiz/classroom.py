"""Classroom quizzes: a fair selection of items, shuffled into versions, with a key.

A teacher's quiz has to be fair and gradable. Questions are spread across the
chosen tags and kinds; no two share a fact, a question text or a quote, and
none names another's answer with what it asks (one would give the other away,
see `quiz.assembly`); the right answers of multiple choice are spread
evenly over the letters;
and every version records its order and option order, so that any sheet can be
marked and mapped back to its items. Everything here is pure and seeded: the
same request gives the same quiz.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quiz.answers import accepted_forms, normalise_answer
from quiz.assembly import Sitting
from quiz.facts import Deck
from quiz.generate import generate, unknown_tags
from quiz.items import Item, Kind
from quiz.seeds import SeedLibrary

LETTERS = "ABCDEFGHIJKL"
BALANCED_LETTERS = 4  # right answers of multiple choice spread over A-D
# Printed quizzes group questions by kind, quickest first, each part with its instruction.
SECTION_ORDER = (Kind.TRUE_FALSE, Kind.MCQ, Kind.SELECT_ALL, Kind.MATCHING, Kind.CLOZE, Kind.RECALL)
WRITTEN = frozenset({Kind.CLOZE, Kind.RECALL})
KEY_FORMAT = "quiz-classroom-key/1"
_MATCHING_TRIES = 20
_LETTER_TRIES = 50
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_PASSAGE = 25  # an option this long is a passage (a quote), not a name


class SelectionError(ValueError):
    """A request the decks cannot satisfy, said in the teacher's terms."""


@dataclass(frozen=True)
class Request:
    """What the teacher asked for."""

    questions: int = 20
    versions: int = 1
    pool: int | None = None  # draw each version's questions from a balanced pool this large
    seed: int = 0
    kinds: tuple[Kind, ...] = ()
    tags: tuple[str, ...] = ()
    difficulties: tuple[int, ...] = ()
    title: str = "Quiz"


@dataclass(frozen=True)
class Citation:
    """An article an item is quoted from."""

    seed: str
    title: str
    date: str
    quote: str

    def __str__(self) -> str:
        return f"{self.title} ({self.date})" if self.date else self.title


@dataclass(frozen=True)
class Question:
    """One item as it stands on one version's sheet."""

    number: int
    item: Item
    option_order: tuple[int, ...] = ()  # indexes into item.options, in printed order
    left_order: tuple[int, ...] = ()  # matching: indexes into item.left, in printed order

    @property
    def kind(self) -> Kind:
        return self.item.kind

    @property
    def options(self) -> tuple[str, ...]:
        """The choices as printed; for matching, the lettered column."""
        return tuple(self.item.options[index] for index in self.option_order)

    @property
    def left(self) -> tuple[str, ...]:
        """Matching: the rows to match, as printed."""
        return tuple(self.item.left[index] for index in self.left_order)

    @property
    def right_options(self) -> tuple[str, ...]:
        """The printed options that are right (for matching, each row's partner in row order)."""
        answer = self.item.answer
        if self.kind is Kind.MATCHING:
            partner = dict(answer)  # type: ignore[arg-type]
            return tuple(partner[row] for row in self.left)
        right = set(answer) if isinstance(answer, tuple) else {answer}
        return tuple(option for option in self.options if option in right)

    @property
    def letters(self) -> tuple[str, ...]:
        """The letters of the right options, as `right_options`."""
        return tuple(LETTERS[self.options.index(option)] for option in self.right_options)

    @property
    def accepted(self) -> tuple[str, ...]:
        """Written answers: every answer that counts as right, the main one first."""
        if self.kind not in WRITTEN:
            return ()
        return tuple(dict.fromkeys((str(self.item.answer), *self.item.accepted)))

    def key(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "number": self.number,
            "item_id": self.item.id,
            "kind": self.kind.value,
        }
        if self.kind in WRITTEN:
            # Every form the platform files accept (quiz.export.moodle, .qti), not only
            # the deck's names: a grader reads the key as those platforms do.
            entry.update(answer=str(self.item.answer), accepted=list(accepted_forms(self.accepted)))
            return entry
        entry.update(options=list(self.options), option_order=list(self.option_order))
        if self.kind is Kind.MATCHING:
            entry.update(left=list(self.left), left_order=list(self.left_order))
            entry.update(answer=list(self.letters), answer_text=list(self.right_options))
        elif self.kind is Kind.SELECT_ALL:
            entry.update(answer=list(self.letters), answer_text=list(self.right_options))
        elif self.kind is Kind.TRUE_FALSE:
            entry.update(answer=str(self.item.answer), letter=self.letters[0])
        else:
            entry.update(answer=self.letters[0], answer_text=self.right_options[0])
        return entry


@dataclass(frozen=True)
class Version:
    """One version's sheet: its questions in printed order."""

    number: int
    questions: tuple[Question, ...]

    def sections(self) -> list[tuple[Kind, tuple[Question, ...]]]:
        """Runs of questions of one kind, in printed order."""
        runs: list[tuple[Kind, list[Question]]] = []
        for question in self.questions:
            if not runs or runs[-1][0] is not question.kind:
                runs.append((question.kind, []))
            runs[-1][1].append(question)
        return [(kind, tuple(questions)) for kind, questions in runs]

    def answer_letters(self) -> Counter[str]:
        """How often each letter is the right answer of a multiple-choice question."""
        return Counter(q.letters[0] for q in self.questions if q.kind is Kind.MCQ)


@dataclass(frozen=True)
class Quiz:
    """A classroom quiz: its versions, and the articles each item is quoted from."""

    title: str
    request: Request
    decks: tuple[str, ...]
    versions: tuple[Version, ...]
    citations: Mapping[str, tuple[Citation, ...]]  # by item id

    def distinct_questions(self) -> tuple[Question, ...]:
        """Each item once, as it first appears (version 1 first): what a platform imports."""
        seen: dict[str, Question] = {}
        for version in self.versions:
            for question in version.questions:
                seen.setdefault(question.item.id, question)
        return tuple(seen.values())

    def positions(self, item_id: str) -> tuple[Question | None, ...]:
        """Where an item stands in each version (None where a version lacks it)."""
        return tuple(
            next((q for q in version.questions if q.item.id == item_id), None)
            for version in self.versions
        )

    def key(self) -> dict[str, Any]:
        """The machine-readable key: every version's order and options, mapped to item ids."""
        request = self.request
        items = {}
        for question in self.distinct_questions():
            item = question.item
            data = item.to_json()
            if question.kind in WRITTEN:
                data["accepted"] = list(accepted_forms(question.accepted))
            data["sources"] = [
                {"seed": c.seed, "title": c.title, "date": c.date, "quote": c.quote}
                for c in self.citations[item.id]
            ]
            items[item.id] = data
        return {
            "format": KEY_FORMAT,
            "title": self.title,
            "request": {
                "decks": list(self.decks),
                "questions": request.questions,
                "versions": request.versions,
                "pool": request.pool,
                "seed": request.seed,
                "kinds": [kind.value for kind in request.kinds],
                "tags": list(request.tags),
                "difficulties": list(request.difficulties),
            },
            "versions": [
                {"version": v.number, "questions": [q.key() for q in v.questions]}
                for v in self.versions
            ],
            "items": items,
        }


def make_quiz(decks: Sequence[Deck], seeds: SeedLibrary, request: Request) -> Quiz:
    """The quiz the request describes; SelectionError says why there cannot be one."""
    if request.questions < 1 or request.versions < 1:
        raise SelectionError("a quiz needs at least one question and one version")
    if request.pool is not None and request.pool < request.questions:
        raise SelectionError(
            f"the pool ({request.pool}) must hold at least the {request.questions} questions "
            "each version asks"
        )
    unknown = unknown_tags(decks, request.tags)
    if unknown:
        raise SelectionError(f"unknown tag {', '.join(unknown)}")
    items = generate(
        decks,
        seed=request.seed,
        kinds=request.kinds,
        tags=request.tags,
        difficulties=request.difficulties,
    )
    wanted = request.pool or request.questions
    rng = _rng(request.seed, "selection")
    chosen = _select(items, wanted, rng, request.tags)
    if len(chosen) < wanted:
        raise SelectionError(_shortfall(request, wanted, len(chosen), len(items)))
    versions = []
    uses: Counter[str] = Counter()
    letters_used: dict[str, set[int]] = {}
    for number in range(1, request.versions + 1):
        rng = _rng(request.seed, f"version-{number}")
        sample = chosen
        if request.pool is not None:
            sample = _select(chosen, request.questions, rng, request.tags, uses)
            uses.update(item.id for item in sample)
        versions.append(_version(number, sample, rng, letters_used))
    return Quiz(
        title=request.title,
        request=request,
        decks=tuple(deck.id for deck in decks),
        versions=tuple(versions),
        citations={item.id: _citations(item, seeds) for item in chosen},
    )


def _rng(seed: int, purpose: str) -> random.Random:
    return random.Random(f"{seed}|classroom|{purpose}")


def _shortfall(request: Request, wanted: int, found: int, items: int) -> str:
    filters = [
        f"{name} {', '.join(map(str, values))}"
        for name, values in (
            ("kinds", [kind.value for kind in request.kinds]),
            ("tags", request.tags),
            ("difficulty", request.difficulties),
        )
        if values
    ]
    where = f" for {'; '.join(filters)}" if filters else ""
    if not items:
        return f"no questions match{where}"
    return (
        f"asked for {wanted} questions, but the decks hold only {found}{where} "
        "(at most one question per fact, question text and quote)"
    )


def _clash_keys(item: Item) -> frozenset[str]:
    """What two questions of one quiz must not share: a fact (one would give the other
    away), a question text, or a passage (a quote asked about in one question and
    offered as an option in another)."""
    passages = [match.group(1) for match in _QUOTED.finditer(item.prompt)]
    answers = item.answer if isinstance(item.answer, tuple) else (item.answer,)
    passages += [text for text in (*item.options, *map(str, answers)) if len(text) >= _PASSAGE]
    return frozenset(
        [
            *(f"fact:{claim}" for claim in item.claim_keys),
            f"prompt:{normalise_answer(item.prompt)}",
            *(f"passage:{normalise_answer(passage)}" for passage in passages),
        ]
    )


def _balance_keys(item: Item) -> tuple[str, ...]:
    """What a fair quiz spreads its questions across."""
    return (*item.tags, f"deck:{item.deck}", f"difficulty:{item.difficulty}")


def _answer_key(item: Item) -> str | None:
    """True/false: about as many true statements as false ones."""
    return f"answer:{item.answer}" if item.kind is Kind.TRUE_FALSE else None


def _select(
    candidates: Sequence[Item],
    count: int,
    rng: random.Random,
    tags: Sequence[str],
    uses: Mapping[str, int] | None = None,
) -> list[Item]:
    """Up to `count` items that clash in nothing (see `_clash_keys`) and give none
    of the others away (`quiz.assembly.Sitting`), kinds taken in turn. Within a kind
    the next item is the one fewer earlier versions used, then the true/false answer
    given less often, then the one whose tags (the requested ones first) are least
    used so far; ties fall to a seeded shuffle."""
    shuffled = list(candidates)
    rng.shuffle(shuffled)
    by_kind: dict[Kind, list[Item]] = {}
    for item in shuffled:
        by_kind.setdefault(item.kind, []).append(item)
    kinds = list(by_kind)
    requested = set(tags)
    clashes = {item.id: _clash_keys(item) for item in shuffled}
    taken_keys: set[str] = set()
    balance: Counter[str] = Counter()
    taken: Counter[Kind] = Counter()
    chosen: list[Item] = []
    sitting = Sitting()

    def cost(item: Item) -> tuple[float, ...]:
        keys = _balance_keys(item)
        asked = [balance[tag] for tag in item.tags if tag in requested]
        answer = _answer_key(item)
        return (
            uses.get(item.id, 0) if uses else 0,
            balance[answer] if answer else 0,
            sum(asked) / len(asked) if asked else 0,
            sum(balance[key] for key in keys) / len(keys),
        )

    while len(chosen) < count:
        for kind in sorted(kinds, key=lambda kind: (taken[kind], kinds.index(kind))):
            pool = [item for item in by_kind[kind] if taken_keys.isdisjoint(clashes[item.id])]
            by_kind[kind] = pool  # an item that clashes once always will
            best = min(pool, key=cost, default=None)
            while best is not None and not sitting.fits(best):  # a give-away (quiz.assembly)
                pool.remove(best)
                best = min(pool, key=cost, default=None)
            if best is not None:
                pool.remove(best)
                chosen.append(best)
                sitting.add(best)
                taken[kind] += 1
                taken_keys.update(clashes[best.id])
                balance.update(_balance_keys(best))
                if answer := _answer_key(best):
                    balance[answer] += 1
                break
        else:
            break  # no kind has an item left
    return chosen


def _version(
    number: int, items: Sequence[Item], rng: random.Random, letters_used: dict[str, set[int]]
) -> Version:
    ordered: list[Item] = []
    for kind in SECTION_ORDER:
        group = [item for item in items if item.kind is kind]
        rng.shuffle(group)
        ordered.extend(group)
    mcq_letters = _balanced_letters([i for i in ordered if i.kind is Kind.MCQ], rng, letters_used)
    questions = []
    for position, item in enumerate(ordered, 1):
        option_order: tuple[int, ...] = ()
        left_order: tuple[int, ...] = ()
        if item.kind is Kind.MCQ:
            option_order = _placed(item, mcq_letters[item.id], rng)
        elif item.kind is Kind.TRUE_FALSE:
            option_order = tuple(range(len(item.options)))  # always True, then False
        elif item.kind is Kind.SELECT_ALL:
            option_order = _shuffled(len(item.options), rng)
        elif item.kind is Kind.MATCHING:
            left_order, option_order = _matching_orders(item, rng)
        questions.append(Question(position, item, option_order, left_order))
    return Version(number, tuple(questions))


def _balanced_letters(
    items: Sequence[Item], rng: random.Random, letters_used: dict[str, set[int]]
) -> dict[str, int]:
    """The letter (as an index) of each multiple-choice item's right answer: every
    letter about equally often within the version, and where it can be, a letter the
    item has not had in an earlier version, so neighbours' sheets differ."""
    letters = BALANCED_LETTERS
    quota = Counter({letter: len(items) // letters for letter in range(letters)})
    for letter in rng.sample(range(letters), len(items) % letters):
        quota[letter] += 1
    best: dict[str, int] = {}
    best_repeats = len(items) + 1
    for _ in range(_LETTER_TRIES):  # a greedy pass can corner itself; a few reshuffles do not
        left = quota.copy()
        order = list(items)
        rng.shuffle(order)
        placed: dict[str, int] = {}
        repeats = 0
        for item in order:
            used = letters_used.get(item.id, set())
            fits = [n for n in range(min(letters, len(item.options))) if left[n] > 0]
            fits = fits or list(range(len(item.options)))  # fewer options than letters left
            fresh = [n for n in fits if n not in used] or fits
            most = max(left[n] for n in fresh)
            letter = rng.choice([n for n in fresh if left[n] == most])
            repeats += letter in used
            left[letter] -= 1
            placed[item.id] = letter
        if repeats < best_repeats:
            best, best_repeats = placed, repeats
        if not repeats:
            break
    for item_id, letter in best.items():
        letters_used.setdefault(item_id, set()).add(letter)
    return best


def _placed(item: Item, letter: int, rng: random.Random) -> tuple[int, ...]:
    right = item.options.index(str(item.answer))
    others = [index for index in range(len(item.options)) if index != right]
    rng.shuffle(others)
    return (*others[:letter], right, *others[letter:])


def _shuffled(count: int, rng: random.Random) -> tuple[int, ...]:
    order = list(range(count))
    rng.shuffle(order)
    return tuple(order)


def _matching_orders(item: Item, rng: random.Random) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Rows and lettered column shuffled, never so that the key reads A, B, C, …"""
    partner = dict(item.answer)  # type: ignore[arg-type]
    for _ in range(_MATCHING_TRIES):
        left_order = _shuffled(len(item.left), rng)
        option_order = _shuffled(len(item.options), rng)
        column = [item.options[index] for index in option_order]
        key = [column.index(partner[item.left[row]]) for row in left_order]
        if key != sorted(key):
            break
    return left_order, option_order


def _citations(item: Item, seeds: SeedLibrary) -> tuple[Citation, ...]:
    found: dict[str, Citation] = {}
    for source in item.sources:
        if source.seed in found:
            continue
        if source.seed in seeds:
            seed = seeds[source.seed]
            found[source.seed] = Citation(source.seed, seed.title, seed.date, source.quote)
        else:
            found[source.seed] = Citation(source.seed, source.seed, "", source.quote)
    return tuple(found.values())
