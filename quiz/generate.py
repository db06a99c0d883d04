"""Turn a deck's facts into quiz items whose wrong options are never right.

Three questions, each answered in one place:
- *what to ask*: a side of a fact, framed by whose claim it is (its attribution,
  or the article whose complete account makes the options wrong), when it holds
  (temporal relations) and how firmly (the fact's modality picks the templates);
- *what is certainly wrong*: `quiz.knowledge`, for the deck or for one article,
  and a distractor plays the answer's role (it stands on the same side of the
  relation, or the article discusses it there); qualified quantities ("more
  than") are never falsified by numbers the qualifier allows, and dates of
  other precisions never overlap the answer;
- *how it reads*: the deck's templates and wording (`according_to`, `at_time`,
  `claimant_question`).
Each item draws its randomness from the seed and its own id alone, so the same
seed gives the same items byte for byte, and adding a fact does not reshuffle
the others.
"""

from __future__ import annotations

import gc
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from quiz.answers import normalise_answer
from quiz.facts import Deck, Fact, Literal, Modality, Relation, Templates
from quiz.items import FALSE, TRUE, Item, Kind, item_id
from quiz.knowledge import Falsifier, Knowledge, ObjectKey, Side, Truth, object_key

MCQ_OPTIONS = 4
# At most this share of a deck's items are true/false statements (see `balanced`).
MAX_STATEMENT_SHARE = 0.3
# How far True and False may drift apart, as a share of the statements kept: so far
# as to ask a fact a second way (60 True to 40 False at most), else half as far.
STATEMENT_SLACK, SECOND_WAY_SLACK = 0.1, 0.2
MAX_CLOZE_ANSWER = 40  # longer hidden text makes a recitation, not a cloze
LONGEST_RATIO, LONGEST_MARGIN = 1.5, 8
POOL_SIZE = 6  # distractors are sampled from this many of the most plausible
SCAN_LIMIT = 8  # candidates the deck rules out, weighed per item, so large decks stay linear
SCAN_WINDOW = 24  # candidates looked at per item at most, until SCAN_LIMIT are found
CANDIDATE_WINDOW = 240  # the most plausible entities of a role, from which each item draws
MATCH_MIN, MATCH_MAX = 4, 6
MATCH_CANDIDATES = 40  # facts weighed for one matching item, so large decks stay linear
MATCH_STARTS = 12  # greedy passes, each from another fact, in search of the largest group
REPORT_POOL = 18  # false claims gathered for one report item, most telling first
SELECT_MIN_RIGHT, SELECT_MIN_WRONG, SELECT_MAX_OPTIONS = 2, 2, 6
BLANK = "_____"
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
# A distractor's plausibility: more for being in the relation already than for
# sharing a tag (a topic, a country) with the answer.
IN_RELATION_BONUS, SHARED_TAGS_BONUS = 2, 1
_NO_TAGS: frozenset[str] = frozenset()
MAX_RECALL_WORDS = 4  # a typed answer is a name, number, date or short term
# A quantity's qualifier and what it leaves open. "More than 12" is made false by
# no number shown the same way, so bounded quantities get no wrong values at all;
# an approximate one is made false only by values far from it.
_BOUNDS = re.compile(
    r"\b(more than|over|at least|upwards of|up to|less than|fewer than|under|at most)\b", re.I
)
_APPROXIMATE = re.compile(r"\b(about|around|roughly|nearly|almost|some|approximately)\b", re.I)
APPROXIMATE_STEPS = (2.5, 4, 6)  # far enough apart that "about" cannot cover two
# Words a template may open with that are lowered after "According to X, ": any
# other opening is taken for a name and keeps its capital.
_ORDINARY_OPENINGS = frozenset(
    re.findall(
        r"\w+",
        """
        a an the this that these those on in at after before between during since among for
        by from of with which who whom whose what when where why how is was are were did
        does do has have had can could will would there it its their his her some most much
        many all both one two three several roughly about approximately nearly almost
        around more less over under up until other each every no not only so such as if
        then than also against into while
        """,
    )
)
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


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
            for item in DeckGenerator(deck, seed).items()[0]
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


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> str:
    """The normalised name padded with spaces, for whole-word containment tests; a
    possessive reads as its name ("Russia's closest ally" names Russia). Names recur
    in every item, so each is worked out once."""
    return f" {normalise_answer.__wrapped__(_POSSESSIVE.sub('', text))} "


def _sentence_words(text: str) -> str:
    """As `_words`, for a prompt or statement: each is seen once, so it bypasses the
    cache that keeps recurring names, rather than pushing them out of it."""
    return f" {normalise_answer.__wrapped__(_POSSESSIVE.sub('', text))} "


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
# A fact's wrong values by side ("object", "subject"), and the article ruling them out.
Wrong = dict[str, tuple[list[Choice], str | None]]


@dataclass(frozen=True)
class Swap:
    """A fact's statement made false: the entity it is now about, and its names filled in."""

    about: str  # the entity id the false statement is about (its subject)
    names: dict[str, str]  # the template's {subject} and {object}
    anchor: str | None  # the article whose account rules the swapped value out


@dataclass(frozen=True)
class ListRule:
    """What rules values of one side of a list out: the deck's falsifier, or an
    article's (`anchor`) with the values it discusses in that role (`discussed`)."""

    falsifier: Falsifier
    discussed: tuple[ObjectKey, ...] | None
    anchor: str | None


@dataclass(frozen=True)
class Question:
    """One side of a fact asked as a question, its answer not given away in it."""

    direction: str  # the side asked for: "object" or "subject"
    prompt: str
    words: str  # the prompt as `_sentence_words`, for whole-word tests
    answer: Choice
    names: tuple[str, ...]  # every name of the answer
    anchor: str | None = None  # the article whose account makes the wrong options wrong


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
        # The candidates for one side of a relation and type: the entities that play
        # that role (in the relation, or declared by an article's complete list).
        self._windows: dict[tuple[str, str, str], list[Candidate]] = {}
        self._type_names: dict[str, tuple[str, ...]] = {}
        self._literal_values: dict[str, list[Choice]] = {}  # other facts' values, per relation
        self._stems: set[str] = set()  # the questions asked so far, normalised
        self._name_words: dict[str, tuple[str, ...]] = {}  # an entity's names, as `_words`
        # The first fact of each relation and claimant: the one asked "which source says".
        self._first_claim: dict[tuple[str, str | None], Fact] = {}
        self._forms: dict[tuple[str, ObjectKey], set[Modality]] | None = None
        # Facts whose one item is a statement that can only be true: asked, where they
        # can be, among what their article reports (`report_items`).
        self._only_true: set[str] = set()
        self._option_kinds: dict[str, set[Kind]] = {}
        self._facts_by_seed: dict[str, list[Fact]] = {}
        # Each entity's facts the deck can make false, with their wrong values: the
        # subject's own claims with another value, among what an article reports.
        self._false_values: dict[str, list[tuple[Fact, Templates, Wrong]]] = {}
        info = deck.info
        self._reporting = "reports_about" in info.wording and bool(info.cite_as)
        self._seed_sets = {fact.id: frozenset(fact.seeds) for fact in deck.facts}
        self._report_window: dict[str, list[Fact]] = {}  # per article: the facts looked at
        self._claim_words: dict[str, str] = {}  # a fact's claim without its subject
        self._explanations: dict[str, str] = {}  # per fact, as `explanation` words it
        self._false_claims: set[str] = set()  # false statements' claims, unframed
        self._vouched_false: dict[str, list[Fact]] = {}  # facts false of an entity
        self._own_false: dict[str, list[tuple[Fact, str | None, str, str]]] = {}
        for fact in deck.facts:
            for entity_id in fact.false_of:
                self._vouched_false.setdefault(entity_id, []).append(fact)
        for fact in deck.facts:
            for seed in fact.seeds:
                self._facts_by_seed.setdefault(seed, []).append(fact)
        self.latest = max((fact.date for fact in deck.facts), default="9999")
        self._declared: dict[tuple[str, str], set[str]] = {}
        for complete in deck.complete_lists:
            side = "subject" if complete.side == "subjects" else "object"
            self._declared.setdefault((complete.relation, side), set()).update(complete.candidates)
        for fact in deck.facts:  # those a claim is vouched false of play its subject's role
            self._declared.setdefault((fact.relation, "subject"), set()).update(fact.false_of)

    def rng(self, identity: str) -> random.Random:
        return random.Random(f"{self.seed}|{identity}")

    def items(self) -> tuple[list[Item], frozenset[str]]:
        """The deck's bank, and the facts it can only state (true/false): for those
        the deck rules no value out and knows no one answer, and no article's
        account asks them among others, so no other kind of item is honest."""
        items: list[Item] = []
        for fact in self.deck.facts:
            items.extend(self.fact_items(fact))
        for relation in self.deck.relations.values():
            items.extend(self.matching_items(relation))
            items.extend(self.select_all_items(relation))
        items.extend(self.report_items())
        items.extend(self.claims_matching_items())
        items.extend(self.sources_matching_items())
        items.extend(self.figures_matching_items())
        # One item a stem and kind: facts sharing a side ("Which country voted
        # against ...?") would otherwise ask the same question again and again.
        # An item made from the deck's closed world and again from an article's
        # (the same facts, the same id) is kept once.
        stems: set[tuple[Kind, str]] = set()
        ids: set[str] = set()
        kept = []
        for item in items:
            stem = (item.kind, normalise_answer(item.prompt))
            if item.id not in ids and (item.kind is Kind.MATCHING or stem not in stems):
                stems.add(stem)
                ids.add(item.id)
                kept.append(item)
        asked = {
            fact_id
            for item in items
            if item.kind is not Kind.TRUE_FALSE
            for fact_id in item.fact_ids
        }
        stated = {item.fact_ids[0] for item in items if item.kind is Kind.TRUE_FALSE}
        return self.balanced(kept), frozenset(stated - asked)

    @staticmethod
    def balanced(items: list[Item]) -> list[Item]:
        """The items with as many true/false statements as a balanced bank holds: at
        most MAX_STATEMENT_SHARE of it, keyed True about as often as False, one a fact.

        A statement is the weakest kind of item and, where the deck can only confirm
        a claim, always True: a bank made mostly of them teaches guessing. So a fact
        asked in no other way keeps a statement; then the facts asked in fewest other
        kinds get one, while there is room and the keys can still be kept within
        STATEMENT_SLACK of the statements of each other (SECOND_WAY_SLACK for a fact
        asked one other way only): a fact stated only one way is taken only then,
        and those that can be stated both ways get, at the end, the keys that
        balance the rest (a bank that can only confirm gets no statement it need
        not have)."""
        asked: dict[str, set[Kind]] = {}
        statements: dict[str, dict[str, Item]] = {}
        for item in items:
            if item.kind is Kind.TRUE_FALSE:
                statements.setdefault(item.fact_ids[0], {}).setdefault(item.answer, item)
            else:
                for fact_id in item.fact_ids:
                    asked.setdefault(fact_id, set()).add(item.kind)
        others = len(items) - sum(item.kind is Kind.TRUE_FALSE for item in items)
        room = math.floor(others * MAX_STATEMENT_SHARE / (1 - MAX_STATEMENT_SHARE))
        levels: dict[int, list[str]] = {}  # facts by how many other kinds ask them
        for fact_id in sorted(statements):
            levels.setdefault(len(asked.get(fact_id, ())), []).append(fact_id)
        flexible_after: dict[int, int] = {}  # facts of higher levels stated either way
        total = 0
        for level, fact_ids in sorted(levels.items(), reverse=True):
            flexible_after[level] = total
            total += sum(len(statements[fact_id]) > 1 for fact_id in fact_ids)
        fixed: list[Item] = []  # facts stated one way only
        both: list[str] = []  # facts that can be stated either way
        lead = 0  # fixed True minus fixed False
        for level, fact_ids in sorted(levels.items()):
            left = len(fact_ids) if level == 0 else room - len(fixed) - len(both)
            if left <= 0:
                break
            flexible = [fact_id for fact_id in fact_ids if len(statements[fact_id]) > 1]
            both += flexible[:left]
            left -= len(flexible[:left])
            pending = {
                key: [
                    statements[fact_id][key]
                    for fact_id in fact_ids
                    if [key] == list(statements[fact_id])
                ]
                for key in (TRUE, FALSE)
            }
            while left > 0 and (pending[TRUE] or pending[FALSE]):
                key = FALSE if lead > 0 else TRUE  # the key that evens the lead first
                if not pending[key]:
                    key = TRUE if key == FALSE else FALSE
                step = 1 if key == TRUE else -1
                # kept if the facts stated either way, these and those of higher
                # levels that the room still takes, can even the keys out enough
                evening = len(both) + min(flexible_after[level], left - 1)
                kept = len(fixed) + 1 + evening
                share = SECOND_WAY_SLACK if level < 2 else STATEMENT_SLACK
                if level > 0 and abs(lead + step) - evening > share * kept:
                    break
                fixed.append(pending[key].pop(0))
                lead += step
                left -= 1
        # Of the facts stated either way, so many are stated true as evens the keys.
        true_count = min(len(both), max(0, (len(both) - lead) // 2))
        keep = {item.id for item in fixed}
        keep.update(
            statements[fact_id][TRUE if index < true_count else FALSE].id
            for index, fact_id in enumerate(both)
        )
        return [item for item in items if item.kind is not Kind.TRUE_FALSE or item.id in keep]

    def claims_matching_items(self) -> list[Item]:
        """Per article, its claims about several subjects matched with the subjects:
        "… helps Russia by keeping its economy afloat" with China. No subject matches
        another's claim: the deck, or the article's complete account, rules each such
        pair out."""
        template = self.deck.info.wording.get("match_claims")
        if not template:
            return []
        items = []
        for seed, label in sorted(self.deck.info.cite_as.items()):
            facts = sorted(
                (
                    fact
                    for fact in self.deck.facts
                    if seed in fact.seeds
                    and not fact.contested
                    and fact.modality.value == "asserted"
                    and self.knowledge.own_voice(fact, seed)
                    # a date or a number is matched in its own relation's item
                    and self.deck.relations[fact.relation].object_types[0]
                    not in ("date", "quantity")
                    and not self.deck.relations[fact.relation].temporal
                ),
                key=lambda fact: fact.id,
            )
            random.Random(f"claims-matching|{seed}").shuffle(facts)  # ids seed-free
            by_type: dict[str, list[Fact]] = {}
            for fact in facts:
                by_type.setdefault(self.deck.entities[fact.subject].type, []).append(fact)
            for entity_type, candidates in sorted(by_type.items()):
                group = self.largest_matching_group(candidates[:MATCH_CANDIDATES], seed)
                if len(group) < MATCH_MIN:
                    continue
                items.append(
                    self.matching_item(
                        group,
                        f"claims:{seed}",
                        f"claims:{entity_type}",
                        capitalise(template.format(source=label)),
                        lambda fact: (self.deck.entities[fact.subject].name, self.blanked(fact)),
                        anchor=seed,
                    )
                )
        return items

    def report_items(self) -> list[Item]:
        """What one article reports about one subject, among claims the deck makes false
        about that subject: "Which of these does DW (June 2024) report about Iran?".

        This is how a fact the deck can only ever call true (an open claim: no value
        of it is ruled out, none is the only one) is asked with options: it is the
        right option, and the wrong ones are certainly false, so no article reports
        them. Several such facts of one article and subject make a select-all item,
        one makes a multiple-choice item."""
        wording = self.deck.info.wording
        labels = self.deck.info.cite_as
        if "reports_about" not in wording or not labels:
            return []
        # A claim asked with no options yet goes to the first of its articles with room
        # for it (an item holds at most `most` right options); one asked already, to
        # its first article, where it may join a select-all.
        most = SELECT_MAX_OPTIONS - SELECT_MIN_WRONG
        # What an article reports *about* a subject is what it says the subject is or
        # did: of a type some relation's statement opens with. Not a quotation's, whose
        # claims are "The words “…” come from …".
        about = {
            entity_type
            for relation in self.deck.relations.values()
            if relation.templates.statement.startswith("{subject}")
            for entity_type in relation.subject_types
        }
        groups: dict[tuple[str, str], list[Fact]] = {}
        unasked_in: Counter[tuple[str, str]] = Counter()
        for fact in sorted(
            (fact for fact in self.deck.facts if fact.id in self._option_kinds),
            key=lambda fact: (bool(self._option_kinds[fact.id]), fact.id not in self._only_true),
        ):
            seeds = [(fact.subject, seed) for seed in fact.seeds if seed in labels]
            if not seeds or self.deck.entities[fact.subject].type not in about:
                continue
            group = seeds[0]
            if not self._option_kinds[fact.id]:
                group = next((group for group in seeds if unasked_in[group] < most), group)
                unasked_in[group] += 1
            groups.setdefault(group, []).append(fact)
        items = []
        for (subject, seed), facts in sorted(groups.items()):
            # First the claims asked with no options yet: those only ever True, then
            # those only stated; then those asked already, first those never asked
            # among others (in a select-all).
            facts.sort(
                key=lambda fact: (
                    bool(self._option_kinds[fact.id]),
                    fact.id not in self._only_true,
                    Kind.SELECT_ALL in self._option_kinds[fact.id],
                    fact.id,
                )
            )
            # one after the other: the second asks first what the first left out
            self.keep(items, self.report_item(subject, seed, facts, most))
            self.keep(items, self.report_except_item(subject, seed, facts))
        return items

    def report_item(self, subject: str, seed: str, facts: list[Fact], most: int) -> Item | None:
        """One article's claims about one subject among false ones: the claims asked
        with no options yet, or (with none) one asked only among others."""
        wording = self.deck.info.wording
        labels = self.deck.info.cite_as
        unasked = [fact for fact in facts if not self._option_kinds[fact.id]]
        # One open claim stays a multiple-choice question; claims asked already
        # join a select-all of several. With none, a claim only ever asked among
        # others (in a select-all) is asked on its own.
        right = (facts if len(unasked) > 1 else unasked)[:most]
        if not right:
            right = [fact for fact in facts if self._option_kinds[fact.id] == {Kind.SELECT_ALL}][:1]
        if not right:
            return None
        right_texts = {self.reported(fact, seed) for fact in right}
        identity = item_id(
            self.deck.id,
            Kind.SELECT_ALL if len(right) > 1 else Kind.MCQ,
            f"reports:{seed}",
            [fact.id for fact in right],
        )
        rng = self.rng(identity)
        alike = {fact.relation for fact in right}
        # none about what a right one is about: "abstained on" beside "voted against"
        # the same resolution would tell one from the other
        about = {object_key(fact) for fact in right}
        found = [
            (relation, text)
            for relation, text, key in self.false_claims_about(subject, seed, rng, alike)
            if text not in right_texts and key not in about
        ]
        # Wrong options all of one form the right ones lack ("X said: '...'" beside
        # "X said that ...") would single the right ones out: without a wrong claim
        # of the right ones' form, they come from two relations at least; and right
        # ones all of one form ("Among other things, ... help Russia by ...") need a
        # wrong one of it, or they would be the ones alike.
        forms = {relation for relation, _ in found}
        if not forms & alike and (len(forms) < 2 or (len(right) > 1 and len(alike) == 1)):
            return None
        wrong = [text for _, text in _mixed(found, alike)]
        names = {"source": labels[seed], "subject": self.deck.entities[subject].name}
        if len(right) > 1 and "reports_about_all" in wording:
            if len(wrong) < SELECT_MIN_WRONG:
                return None
            chosen = wrong[: SELECT_MAX_OPTIONS - len(right)]
            answer = [self.reported(fact, seed) for fact in right]
            options = [*answer, *chosen]
            rng.shuffle(options)
            return self.group_item(
                right,
                identity,
                Kind.SELECT_ALL,
                "reports",
                capitalise(wording["reports_about_all"].format(**names)),
                answer=tuple(option for option in options if option in answer),
                options=tuple(options),
                anchor=seed,
            )
        if len(right) == 1 and len(wrong) >= MCQ_OPTIONS - 1:
            fact = right[0]
            answer = self.reported(fact, seed)
            chosen = wrong[: MCQ_OPTIONS - 1]
            if conspicuously_longest(answer, chosen):
                chosen = sorted(wrong, key=len, reverse=True)[: MCQ_OPTIONS - 1]
            if conspicuously_longest(answer, chosen):
                return None
            options = [answer, *chosen]
            rng.shuffle(options)
            return Item(
                **{
                    **self.base(fact, Kind.MCQ, "reports"),
                    "id": identity,
                },
                prompt=capitalise(wording["reports_about"].format(**names)),
                answer=answer,
                options=tuple(options),
                anchor=seed,
            )
        return None

    def report_except_item(self, subject: str, seed: str, facts: list[Fact]) -> Item | None:
        """ "DW (June 2024) reports three of these about Iran. Which one is false?": three
        of an article's claims about one subject and one the deck rules out, the
        answer. The three are first those not yet the answer of a multiple-choice
        question, then those asked in fewest kinds with options.

        The false claim is another subject's (a wrong value of this one's would be
        the seed's pick, and could sit beside the right value: "about 1 percent"
        beside "about 70 percent" of exports), and never another value of a true
        one's claim that takes one value, nor about what a true one is about. Its form
        is a true one's; else the three are of three forms: either way its form alone
        does not single it out."""
        template = self.deck.info.wording.get("reports_about_except")
        if not template:
            return None
        texts: dict[str, Fact] = {}  # each claim once, as the option reads
        for fact in sorted(
            facts,
            key=lambda fact: (
                Kind.MCQ in self._option_kinds[fact.id],
                len(self._option_kinds[fact.id]),
                fact.id,
            ),
        ):
            texts.setdefault(normalise_answer(self.reported(fact, seed)), fact)
        ranked = list(texts.values())
        if len(ranked) < MCQ_OPTIONS - 1:
            return None
        pick = random.Random(f"{seed}|{subject}|reports_except")  # whatever the seed
        claims = self.false_claims_about(
            subject, seed, pick, {fact.relation for fact in ranked}, own=False
        )

        def three(form: str | None) -> list[Fact]:
            """The neediest three, one of them of `form`; or (None) of three forms."""
            chosen: list[Fact] = []
            for fact in ranked:
                relations = {other.relation for other in chosen}
                if form is None and fact.relation in relations:
                    continue
                last = len(chosen) == MCQ_OPTIONS - 2
                if form and last and form not in relations and fact.relation != form:
                    continue
                chosen.append(fact)
                if len(chosen) == MCQ_OPTIONS - 1:
                    return chosen
            return []

        # First a key of a true one's form; failing that, three of three forms. Never
        # one about what a true one is about ("abstained on" the resolution a true
        # one "voted against"): the pair would give it away.
        attempts = [(relation, text, key, relation) for relation, text, key in claims]
        attempts += [(relation, text, key, None) for relation, text, key in claims]
        for relation, answer, about, form in attempts:
            right = three(form)
            shown = [self.reported(fact, seed) for fact in right]
            one_valued = {
                fact.relation for fact in right if self.knowledge.closed(fact.relation, "object")
            }
            if (
                right
                and normalise_answer(answer) not in texts
                and relation not in one_valued
                and about not in {object_key(fact) for fact in right}
                and not conspicuously_longest(answer, shown)
            ):
                break
        else:
            return None
        identity = item_id(
            self.deck.id, Kind.MCQ, f"reports_except:{seed}", sorted(fact.id for fact in right)
        )
        options = [*shown, answer]
        self.rng(identity).shuffle(options)
        names = {
            "source": self.deck.info.cite_as[seed],
            "subject": self.deck.entities[subject].name,
        }
        return self.group_item(
            right,
            identity,
            Kind.MCQ,
            "reports_except",
            capitalise(template.format(**names)),
            answer=answer,
            options=tuple(options),
            anchor=seed,
        )

    def false_claims_about(
        self,
        subject: str,
        seed: str,
        rng: random.Random,
        alike: Collection[str] = (),
        own: bool = True,
    ) -> list[tuple[str, str, ObjectKey | None]]:
        """Claims about `subject` that the deck rules out, or article `seed` does (another
        article's account says nothing of what this one reports), one date or
        number of each relation: a fact of the subject's with a wrong value, or another's claim with
        `subject` in its subject's place. Those made from the article's own facts come
        first, then those sharing a tag with the subject, each tier shuffled; at most
        CANDIDATE_WINDOW of each source of wrong claims are looked at. Without `own`,
        only other subjects' claims: none of the subject's own with a wrong value,
        which the seed picks. Each claim comes with its relation and its object (None
        for the subject's own, whose wrong value may be either side)."""
        entity = self.deck.entities[subject]
        tags = self.knowledge.entity_tags.get(subject, _NO_TAGS)
        # Only facts whose claim the deck can rule out for another subject: those
        # vouched false of this one, those of a relation whose subjects the deck
        # closes, and those of one whose subjects this article's account closes.
        window = self._report_window.get(seed)
        if window is None:
            window = self._report_window[seed] = [
                fact
                for fact in self.deck.facts
                if (
                    self.knowledge.closed(fact.relation, "subject")
                    or (
                        seed in self._seed_sets[fact.id]
                        and (fact.relation, "subject", seed) in self.knowledge.complete_lists
                    )
                )
                and self._usable_in_reports(fact)
            ][:CANDIDATE_WINDOW]
        vouched = [
            fact for fact in self._vouched_false.get(subject, ()) if self._usable_in_reports(fact)
        ]
        # The most telling first (of the right options' form, this article's, sharing
        # a tag), looked at until enough are found: an order free of the seed, so
        # which items exist does not depend on it.
        window = sorted(
            dict.fromkeys([*vouched[:CANDIDATE_WINDOW], *window]),
            key=lambda fact: (
                fact.relation not in alike,
                seed not in self._seed_sets[fact.id],
                tags.isdisjoint(fact.tags),
            ),
        )
        truth = self.knowledge.truth
        # the fact, the claim, the claim uncredited, the claim's object (if another's)
        made: list[tuple[Fact, str, str, ObjectKey | None]] = []
        for fact, anchor, claim, plain in self.own_false_claims(subject) if own else ():
            if anchor in (None, seed):
                made.append((fact, claim, plain, None))
        for other in window:
            if len(made) >= REPORT_POOL:
                break
            relation = self.deck.relations[other.relation]
            key = object_key(other)
            if (
                other.subject == subject
                or entity.type not in relation.subject_types
                or str(key) == subject
                or str(key) in self.knowledge.linked.get(subject, ())
            ):
                continue
            obj = self.deck.object_name(other)
            # "Russia is Russia's closest ally", "Russia is on ... Putin's ... allies":
            # a claim naming its own subject, or that subject's counterpart, is absurd.
            words = self._claim_words.get(other.id)
            if words is None:
                words = self._claim_words[other.id] = _sentence_words(
                    relation.templates.statement.format(subject="", object=obj)
                )
            if any(
                self.named_in(self.choice(named), words)
                for named in (subject, *self.knowledge.linked.get(subject, ()))
            ):
                continue
            # A description one article gives another subject may yet fit this one
            # ("ready to supply military help"): then only the deck's own rule counts.
            trusted = seed in self._seed_sets[other.id] and relation.object_types[0] != "text"
            anchors = (None, seed) if trusted else (None,)
            if any(truth(relation.id, subject, key, anchor) is Truth.FALSE for anchor in anchors):
                names = {"subject": entity.name, "object": obj}
                # Not credited to the other fact's source, who said it of someone else.
                claim = self.report_claim(relation.templates.statement, other, False, **names)
                made.append((other, claim, claim, key))
        rng.shuffle(made)
        made.sort(
            key=lambda entry: (
                entry[0].relation not in alike,  # of the right options' form first
                seed not in self._seed_sets[entry[0].id],
                tags.isdisjoint(entry[0].tags),
            )
        )
        # One date or number a relation: three dates of one event beside the one
        # right claim would single it out by its form.
        measured: set[str] = set()
        plain_texts: set[str] = set()
        claims = []
        for fact, claim, plain, key in made:
            relation = self.deck.relations[fact.relation]
            if plain in plain_texts or relation.id in measured:
                continue
            if relation.object_types[0] in ("date", "quantity"):
                measured.add(relation.id)
            plain_texts.add(plain)
            claims.append((relation.id, claim, key))
        return claims

    def own_false_claims(self, subject: str) -> list[tuple[Fact, str | None, str, str]]:
        """The subject's own claims with a wrong value, each with the article ruling the
        value out (None: the deck), credited and not: worded once, for every article."""
        found = self._own_false.get(subject)
        if found is None:
            found = self._own_false[subject] = []
            for fact, templates, wrong in self._false_values.get(subject, ()):
                described = self.deck.relations[fact.relation].object_types[0] == "text"
                for swap in self.false_swaps(fact, templates, wrong, every=True):
                    # A description another subject's in one article's account ("no
                    # questions asked") may yet fit this one: only the deck's own rule.
                    if swap.about != subject or (described and swap.anchor):
                        continue
                    credited = self.report_claim(templates.statement, fact, **swap.names)
                    plain = self.report_claim(templates.statement, fact, False, **swap.names)
                    found.append((fact, swap.anchor, credited, plain))
        return found

    def _usable_in_reports(self, fact: Fact) -> bool:
        """Whether another subject may be put in the fact's claim among report options."""
        relation = self.deck.relations[fact.relation]
        return (
            not fact.contested
            and fact.modality is Modality.ASSERTED
            and not relation.temporal  # its date is the other fact's
            # "Raisi is the mayor of Moscow": another's office reads as absurd, not
            # false (a quotation in someone else's mouth is the classic wrong answer)
            and relation.cardinality.value != "one-to-one"
        )

    def reported(self, fact: Fact, seed: str) -> str:
        """The fact's claim as an option of what article `seed` reports."""
        relation = self.deck.relations[fact.relation]
        templates = relation.templates_for(fact.modality) or relation.templates
        return self.report_claim(
            templates.statement,
            fact,
            subject=self.deck.entities[fact.subject].name,
            object=self.deck.object_name(fact),
        )

    def report_claim(self, template: str, fact: Fact, credited: bool = True, **names: str) -> str:
        """A statement as one option among what an article reports: framed by its time
        and (if `credited`) by whom the article credits with it, never by the article
        (the question names that)."""
        sentence = template.format(**names)
        wording = self.deck.info.wording
        if self.deck.relations[fact.relation].temporal and "at_time" in wording:
            sentence = _framed(wording["at_time"], sentence, template, date=date_text(fact.date))
            template = wording["at_time"]
        own_voice = any(self.knowledge.own_voice(fact, seed) for seed in fact.seeds)
        if credited and fact.attribution and not own_voice:
            sentence = _framed(wording["according_to"], sentence, template, source=fact.attribution)
        return capitalise(sentence)

    def sources_matching_items(self) -> list[Item]:
        """Claims matched with the sources the articles credit them to: per subject
        ("Match each claim about Iran with ...") and per article, among the sources
        it cites. No claim is credited to another source in the group, no two sources
        speak for one body (TASS and Putin), and no claim names a source offered."""
        wording = self.deck.info.wording
        claimants = {claimant.name: claimant for claimant in self.deck.claimants}
        attributed = sorted(
            (fact for fact in self.deck.facts if fact.attribution in claimants),
            key=lambda fact: fact.id,
        )
        credited: dict[tuple[str, str, ObjectKey], set[str]] = {}
        for fact in attributed:
            key = (fact.subject, fact.relation, object_key(fact))
            credited.setdefault(key, set()).add(str(fact.attribution))
        groups: list[tuple[str, str, list[Fact], str]] = []  # template, its name, facts
        if "match_sources_about" in wording:
            # A claim is about the entities it is tagged with ("one tag per country
            # concerned"), its subject among them.
            about: dict[str, list[Fact]] = {}
            for fact in attributed:
                for entity_id in dict.fromkeys((fact.subject, *fact.tags)):
                    if entity_id in self.deck.entities:
                        about.setdefault(entity_id, []).append(fact)
            for entity_id, facts in sorted(about.items()):
                name = self.deck.entities[entity_id].name
                groups.append(("match_sources_about", name, facts, f"about:{entity_id}"))
        if "match_sources_in" in wording:
            for seed, label in sorted(self.deck.info.cite_as.items()):
                facts = [
                    fact
                    for fact in attributed
                    if seed in fact.seeds and not self.knowledge.own_voice(fact, seed)
                ]
                groups.append(("match_sources_in", label, facts, f"in:{seed}"))
        items = []
        for template, name, facts, where in groups:
            facts = list(facts)
            random.Random(f"sources-matching|{where}").shuffle(facts)  # ids seed-free
            group: list[Fact] = []
            bodies: set[str] = set()
            for fact in facts:
                claimant = claimants[str(fact.attribution)]
                body = claimant.affiliation or claimant.name
                names = [claimants[str(other.attribution)].name for other in group]
                claim = self.claim(fact)
                if (
                    len(group) < MATCH_MAX
                    and claimant.offered
                    and body not in bodies
                    # credited to no other source of the group, and naming none
                    and not credited[(fact.subject, fact.relation, object_key(fact))]
                    & {str(other.attribution) for other in group}
                    and not _leaks(claim, [*names, claimant.name])
                    and not any(_leaks(self.claim(other), [claimant.name]) for other in group)
                ):
                    group.append(fact)
                    bodies.add(body)
            if len(group) < MATCH_MIN:
                continue
            items.append(
                self.matching_item(
                    group,
                    f"sources:{where}",
                    f"sources:{where}",
                    capitalise(wording[template].format(subject=name, source=name)),
                    lambda fact: (self.claim(fact), str(fact.attribution)),
                )
            )
        return items

    def figures_matching_items(self) -> list[Item]:
        """Per article, its figures matched with what they count: "The February 2023
        resolution drew _____ abstentions" with 32, not the annexation vote's 35. Each
        claim's relation gives its subject one value, so no other figure fits it."""
        template = self.deck.info.wording.get("match_figures")
        if not template:
            return []
        items = []
        for seed, label in sorted(self.deck.info.cite_as.items()):
            facts = sorted(
                (
                    fact
                    for fact in self._facts_by_seed.get(seed, ())
                    if not fact.contested
                    and self.deck.relations[fact.relation].object_types[0] == "quantity"
                    and self.knowledge.closed(fact.relation, "object")
                ),
                key=lambda fact: fact.id,
            )
            random.Random(f"figures-matching|{seed}").shuffle(facts)  # ids seed-free
            group: list[Fact] = []
            shown: set[str] = set()
            for fact in facts:
                figure = normalise_answer(self.deck.object_name(fact))
                if len(group) < MATCH_MAX and figure not in shown:
                    group.append(fact)
                    shown.add(figure)
            if len(group) < MATCH_MIN:
                continue
            items.append(
                self.matching_item(
                    group,
                    f"figures:{seed}",
                    f"figures:{seed}",
                    capitalise(template.format(source=label)),
                    lambda fact: (self.counted(fact), capitalise(self.deck.object_name(fact))),
                    anchor=seed,
                )
            )
        return items

    def counted(self, fact: Fact) -> str:
        """The fact's claim with its figure left out, credited as the article credits it."""
        relation = self.deck.relations[fact.relation]
        templates = relation.templates_for(fact.modality) or relation.templates
        subject = self.deck.entities[fact.subject].name
        return self.report_claim(templates.statement, fact, subject=subject, object=BLANK)

    def largest_matching_group(self, facts: Sequence[Fact], anchor: str | None) -> list[Fact]:
        """The largest group (up to MATCH_MAX) of facts whose every cross pair is false,
        built greedily from each of the first MATCH_STARTS facts in turn: one greedy
        pass in one order often stalls on an early pick that excludes the rest."""
        best: list[Fact] = []
        apart: dict[tuple[str, str], bool] = {}  # each pair weighed once

        def fits(fact: Fact, other: Fact) -> bool:
            key = (fact.id, other.id)
            if key not in apart:
                relation = self.deck.relations[fact.relation]
                apart[key] = self.cross_false(relation, fact, other, anchor)
            return apart[key]

        for start in range(min(len(facts), MATCH_STARTS)):
            group: list[Fact] = []
            for fact in (*facts[start:], *facts[:start]):
                if len(group) < MATCH_MAX and all(fits(fact, other) for other in group):
                    group.append(fact)
            if len(group) > len(best):
                best = group
            if len(best) == MATCH_MAX:
                break
        return best

    def blanked(self, fact: Fact) -> str:
        """The fact's claim with its subject left out, as a matching option."""
        relation = self.deck.relations[fact.relation]
        return relation.templates.statement.format(
            subject=BLANK, object=self.deck.object_name(fact)
        )

    # -- wording -----------------------------------------------------------

    def name(self, key: ObjectKey, relation: Relation) -> str:
        if relation.literal:
            for fact in self.knowledge.facts_by_relation[relation.id]:
                if object_key(fact) == key:
                    return self.deck.object_name(fact)
            return str(key)
        return self.deck.entities[str(key)].name

    def render(self, template: str, fact: Fact, anchor: str | None = None, **names: str) -> str:
        """A template filled in and framed: by the article `anchor` whose account it
        rests on, else by the fact's attribution; a temporal claim by its date."""
        sentence = template.format(**names)
        wording = self.deck.info.wording
        relation = self.deck.relations[fact.relation]
        if anchor is None and relation.cited and not fact.attribution:
            anchor = self.cited_seed(fact)
        source = self.deck.info.cite_as.get(anchor, "") if anchor else fact.attribution
        if relation.temporal and not anchor and "at_time" in wording:
            sentence = _framed(wording["at_time"], sentence, template, date=date_text(fact.date))
            template = wording["at_time"]
        if source:
            sentence = _framed(wording["according_to"], sentence, template, source=source)
        return capitalise(sentence)

    def cited_seed(self, fact: Fact) -> str | None:
        """The article an assessment is credited to: the first that makes it."""
        return next((seed for seed in fact.seeds if seed in self.deck.info.cite_as), None)

    def claim(self, fact: Fact) -> str:
        """The fact's claim in the deck's words, without whose claim it is."""
        relation = self.deck.relations[fact.relation]
        templates = relation.templates_for(fact.modality) or relation.templates
        return templates.statement.format(
            subject=self.deck.entities[fact.subject].name, object=self.deck.object_name(fact)
        )

    # -- one fact ----------------------------------------------------------

    def fact_items(self, fact: Fact) -> list[Item]:
        """The items of one fact. They share one random stream, seeded by the fact,
        so that adding or removing other facts changes none of them."""
        items: list[Item] = []
        claimant = self.claimant_item(fact)
        if claimant:
            items.append(claimant)
        if fact.contested:
            # A claim the articles dispute is never marked right or wrong; who makes
            # it is a fact, and so is the other side's not making it.
            return items + self.contested_statements(fact)
        relation = self.deck.relations[fact.relation]
        templates = relation.templates_for(fact.modality)
        if templates is None:
            return items
        rng = self.rng(fact.id)
        wrong = {
            direction: self.wrong_options(fact, relation, direction, rng)
            for direction in ("object", "subject")
        }
        questions = [
            question
            for direction in ("object", "subject")
            if len(wrong[direction][0]) >= MCQ_OPTIONS - 1
            or self.the_one_answer(fact, relation, direction)
            if (question := self.question(fact, templates, direction, wrong[direction][1]))
        ]
        cloze = self.cloze_item(fact, relation)
        if cloze:
            items.append(cloze)
        # A question already asked of another fact ("Which country voted against
        # ...?") is not asked again: one stem, one question.
        questions = [question for question in questions if self.new_stem(question.prompt)]
        for question in questions:
            mcq = self.mcq_item(fact, question, wrong[question.direction][0], rng)
            if mcq:
                items.append(mcq)
        # The kinds offering options this fact is asked in; an uncontested fact absent
        # from `_option_kinds` has no templates for its modality.
        self._option_kinds[fact.id] = {
            item.kind for item in items if item.kind in (Kind.MCQ, Kind.SELECT_ALL)
        }
        # Which statement, if any, the bank keeps is `balanced`'s choice.
        if not items and not self.falsifiable(wrong):
            # Only ever true: asked, where it can be, among what its article reports.
            self._only_true.add(fact.id)
        items.extend(self.true_false_items(fact, templates, wrong))
        if self._reporting and not relation.temporal and self.falsifiable(wrong):
            # Kept to be worded only if the subject's reports are asked (`report_items`).
            self._false_values.setdefault(fact.subject, []).append((fact, templates, wrong))
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
            "explanation": self.explanation(fact),
            "tags": fact.tags,
            "claims": (fact.claim_key(self.deck.id),),
        }

    def explanation(self, fact: Fact) -> str:
        """What the reader learns after any item of the fact, worded once a fact."""
        text = self._explanations.get(fact.id)
        if text is None:
            text = self._explanations[fact.id] = _joined(
                self.framed_statement(fact), fact.explanation, self.correction(fact)
            )
        return text

    def framed_statement(self, fact: Fact) -> str:
        """The fact's statement as an explanation: an assessment says whose it is, as
        its items do ("According to DW (June 2024), Syria is Russia's stronghold ...")."""
        relation = self.deck.relations[fact.relation]
        seed = self.cited_seed(fact) if relation.cited and not fact.attribution else None
        if seed is None or "according_to" not in self.deck.info.wording:
            return fact.statement
        wording = self.deck.info.wording["according_to"]
        label = self.deck.info.cite_as[seed]
        return capitalise(_framed(wording, fact.statement, "", source=label))

    def correction(self, fact: Fact) -> str | None:
        """Why the statement departs from its quote, in the deck's words."""
        wording = self.deck.info.wording.get("correction")
        if fact.correction is None or wording is None:
            return None
        found = fact.correction
        return wording.format(says=found.says, actually=found.actually, how=found.how)

    def question(
        self, fact: Fact, templates: Templates, direction: str, anchor: str | None
    ) -> Question | None:
        """The fact asked for one side, if the deck words that question and the
        question does not name its answer."""
        if direction == "object" and templates.ask_object:
            subject = self.deck.entities[fact.subject].name
            prompt = self.render(templates.ask_object, fact, anchor, subject=subject)
        elif direction == "subject" and templates.ask_subject:
            prompt = self.render(
                templates.ask_subject, fact, anchor, object=self.deck.object_name(fact)
            )
        else:
            return None
        relation = self.deck.relations[fact.relation]
        answer = self.answer_choice(fact, direction)
        names = self.answer_names(answer, relation, direction)
        words = _sentence_words(prompt)
        if _leaked_in(words, names):
            return None
        return Question(direction, prompt, words, answer, names, anchor)

    def answer_choice(self, fact: Fact, direction: str) -> Choice:
        if direction == "object":
            return Choice(self.deck.object_name(fact), object_key(fact))
        return self.choice(fact.subject)

    def choice(self, entity_id: str) -> Choice:
        found = self._choices.get(entity_id)
        if found is None:
            found = self._choices[entity_id] = Choice(self.deck.entities[entity_id].name, entity_id)
        return found

    def named_in(self, choice: Choice, words: str) -> bool:
        """Whether a sentence names the option, by any of its names ("a big admirer of
        Putin" names Vladimir Putin)."""
        if choice.words in words:
            return True
        padded = self._name_words.get(str(choice.key))
        if padded is None:
            entity = self.deck.entities.get(str(choice.key))
            names = entity.names if entity is not None else ()
            padded = self._name_words[str(choice.key)] = tuple(
                _words(name) for name in names if len(normalise_answer(name)) > 2
            )
        return any(name in words for name in padded)

    def answer_names(self, choice: Choice, relation: Relation, direction: str) -> tuple[str, ...]:
        if direction == "object" and relation.literal:
            return (choice.text,)
        return self.deck.entities[str(choice.key)].names

    def mcq_item(
        self, fact: Fact, question: Question, wrong: list[Choice], rng: random.Random
    ) -> Item | None:
        pool = [choice for choice in wrong if not self.named_in(choice, question.words)]
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
            anchor=question.anchor,
            **self.base(fact, Kind.MCQ, question.direction),
        )

    def true_false_items(
        self,
        fact: Fact,
        templates: Templates,
        wrong: Wrong,
    ) -> list[Item]:
        """The fact's statements: made false by swapping in the most plausible value
        ruled out (the object if it can, else the subject), and true. The bank keeps
        at most one of them (`balanced`): whichever its True/False balance needs."""
        subject = self.deck.entities[fact.subject].name
        obj = self.deck.object_name(fact)
        items = []
        for swap in self.false_swaps(fact, templates, wrong, every=True):
            # "India gives Russia military aid" once, not again "according to" each
            # source that says it of another country
            claim = normalise_answer(templates.statement.format(**swap.names))
            if claim in self._false_claims:
                continue
            prompt = self.render(templates.statement, fact, swap.anchor, **swap.names)
            if not self.new_stem(prompt):
                continue  # another fact's false statement already: the next one
            self._false_claims.add(claim)
            items.append(
                Item(
                    prompt=prompt,
                    answer=FALSE,
                    options=(TRUE, FALSE),
                    anchor=swap.anchor,
                    **self.base(fact, Kind.TRUE_FALSE, "false"),
                )
            )
            break
        anchor = wrong["object"][1] or wrong["subject"][1]
        items.append(
            Item(
                prompt=self.render(templates.statement, fact, anchor, subject=subject, object=obj),
                answer=TRUE,
                options=(TRUE, FALSE),
                anchor=anchor,
                **self.base(fact, Kind.TRUE_FALSE, "true"),
            )
        )
        return items

    def false_swaps(
        self,
        fact: Fact,
        templates: Templates,
        wrong: Wrong,
        every: bool = False,
    ) -> Iterable[Swap]:
        """The fact's statement made false, most plausible first: each side swapped for
        a value ruled out (the object's first, then the subject's); with `every`, each
        wrong value of each side, else the first of each."""
        subject = self.deck.entities[fact.subject].name
        obj = self.deck.object_name(fact)
        true_words = _sentence_words(
            self.render(templates.statement, fact, None, subject=subject, object=obj)
        )
        for direction in ("object", "subject"):
            choices, anchor = wrong[direction]
            # "Russia is a friend of both Ukraine and Russia" is absurd, not false.
            other_words = _sentence_words(subject if direction == "object" else obj)
            for choice in choices:
                if (
                    self.named_in(choice, true_words)
                    or _leaked_in(choice.words, (subject, obj))
                    or self.named_in(choice, other_words)
                ):
                    continue
                if direction == "object":
                    yield Swap(fact.subject, {"subject": subject, "object": choice.text}, anchor)
                else:
                    yield Swap(str(choice.key), {"subject": choice.text, "object": obj}, anchor)
                if not every:
                    break

    def new_stem(self, prompt: str) -> bool:
        stem = normalise_answer(prompt)
        if stem in self._stems:
            return False
        self._stems.add(stem)
        return True

    @staticmethod
    def falsifiable(wrong: Wrong) -> bool:
        return any(choices for choices, _ in wrong.values())

    def contested_statements(self, fact: Fact) -> list[Item]:
        """A disputed claim with the claimant of the other side, who says the opposite
        (false), and with its claimant (true): the bank keeps one (`balanced`)."""
        relation = self.deck.relations[fact.relation]
        templates = relation.templates_for(fact.modality)
        if templates is None or not fact.attribution:
            return []
        rivals = self.knowledge.dispute_rivals(fact)
        names = {
            "subject": self.deck.entities[fact.subject].name,
            "object": self.deck.object_name(fact),
        }
        items = []
        if rivals:
            wording = self.deck.info.wording["according_to"]
            sentence = _framed(
                wording, templates.statement.format(**names), templates.statement, source=rivals[0]
            )
            items.append(
                Item(
                    prompt=capitalise(sentence),
                    answer=FALSE,
                    options=(TRUE, FALSE),
                    **self.base(fact, Kind.TRUE_FALSE, "false"),
                )
            )
        items.append(
            Item(
                prompt=self.render(templates.statement, fact, None, **names),
                answer=TRUE,
                options=(TRUE, FALSE),
                **self.base(fact, Kind.TRUE_FALSE, "true"),
            )
        )
        return items

    def claimant_item(self, fact: Fact) -> Item | None:
        """ "Who says that ...?" for an attributed claim: the other options are sources
        of the same kind that the articles never cite for it."""
        template = self.deck.info.wording.get("claimant_question")
        claimants = {claimant.name: claimant for claimant in self.deck.claimants}
        if not template or fact.attribution not in claimants:
            return None
        if not claimants[fact.attribution].offered:
            return None  # "some", "the international community": no source to name
        first = self._first_claim.setdefault((fact.relation, fact.attribution), fact)
        if first is not fact and not fact.contested:
            return None  # six "which source says ...?" with one answer teach nothing
        claimant = claimants[fact.attribution]
        same_claim = {
            other.attribution
            for other in self.knowledge.facts_by_relation[fact.relation]
            if other.subject == fact.subject and object_key(other) == object_key(fact)
        }
        claim = _lowered(
            self.claim(fact).rstrip("."), self.deck.relations[fact.relation].templates.statement
        )
        prompt = capitalise(template.format(claim=claim))
        words = set(_sentence_words(prompt).split())
        if set(normalise_answer(fact.attribution).split()) <= words:
            return None  # "... the study by Russian experts ..." names its own source
        pool = [
            other
            for other in self.deck.claimants
            if other.offered
            and other.name not in same_claim
            and not (claimant.affiliation and other.affiliation == claimant.affiliation)
            and not _leaks(prompt, [other.name])  # "Vladimir Putin said: ..." (by TASS)
        ]
        if len(pool) < MCQ_OPTIONS - 1:
            return None
        # Whoever says the opposite is the most telling wrong option, then sources of
        # the same kind (another outlet for an outlet), then any other source.
        rivals = [
            name for name in self.knowledge.dispute_rivals(fact) if name in {o.name for o in pool}
        ]
        rng = self.rng(f"{fact.id}|claimant")
        answer = Choice(fact.attribution, fact.attribution)
        alike = [o.name for o in pool if o.type == claimant.type and o.name not in rivals]
        unlike = [o.name for o in pool if o.type != claimant.type and o.name not in rivals]
        chosen = [*rivals, *rng.sample(alike, len(alike)), *rng.sample(unlike, len(unlike))]
        chosen = chosen[: MCQ_OPTIONS - 1]
        wrong = [Choice(name, name) for name in chosen]
        options = [answer.shown, *(choice.shown for choice in wrong)]
        rng.shuffle(options)
        return Item(
            prompt=prompt,
            answer=answer.shown,
            options=tuple(options),
            **self.base(fact, Kind.MCQ, "claimant"),
        )

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
        # A typed answer is judged fairly only when the deck knows the one right
        # answer, and only a short one: a name, a number, a date, a term.
        if not self.the_one_answer(fact, relation, direction) or fact.garbled:
            return None
        object_type = relation.object_types[0]
        if direction == "object" and object_type == "text":
            return None
        if len(answer.text.split()) > MAX_RECALL_WORDS or "'s " in answer.text:
            return None  # a label ("Putin's Kremlin meeting with ..."), not a name
        bounded = _BOUNDS.search(f"{answer.text} {relation.templates.statement}")
        if direction == "object" and object_type == "quantity" and bounded:
            return None  # "more than $12 million": no one number is the answer
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
            anchor=question.anchor,
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
        if fact.attribution or relation.temporal or fact.garbled:
            return None  # the statement alone would not say whose claim or when
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

    def wrong_options(
        self, fact: Fact, relation: Relation, direction: str, rng: random.Random
    ) -> tuple[list[Choice], str | None]:
        """The wrong values for one side of a fact, most plausible first, and the
        article whose account rules them out (None: the deck's). The deck's own
        rule is tried first; an article's complete account where it offers more."""
        given = object_key(fact) if direction == "subject" else fact.subject
        best: tuple[list[Choice], str | None] = ([], None)
        falsifier = self.knowledge.falsifier(relation.id, direction, given)
        if falsifier is not None:
            best = (self.distractors(fact, relation, direction, rng, falsifier, None), None)
        if len(best[0]) >= MCQ_OPTIONS - 1:
            return best
        for seed in fact.seeds:
            if not self.knowledge.own_voice(fact, seed):
                continue
            found = self.knowledge.source_falsifier(relation.id, direction, given, seed)
            if found is None:
                continue
            pool = self.distractors(fact, relation, direction, rng, found[0], found[1])
            if len(pool) > len(best[0]):
                best = (pool, seed)
        return best

    def distractors(
        self,
        fact: Fact,
        relation: Relation,
        direction: str,
        rng: random.Random,
        falsifier: Falsifier,
        discussed: frozenset[ObjectKey] | None,
    ) -> list[Choice]:
        """Up to POOL_SIZE wrong values for one side of a fact, most plausible first,
        all of which `falsifier` makes false, each playing the answer's role: on the
        same side of the relation, or (`discussed`) where the article discusses it."""
        given = object_key(fact) if direction == "subject" else fact.subject
        is_false = falsifier.is_false
        answer = self.answer_choice(fact, direction)
        literal = direction == "object" and relation.literal
        if discussed is not None:
            answer_type = None if literal else self.deck.entities[str(answer.key)].type
            candidates: list[Candidate] = [
                (
                    Choice(self.name(key, relation), key) if literal else self.choice(str(key)),
                    self.knowledge.entity_tags.get(str(key), _NO_TAGS),
                    IN_RELATION_BONUS,
                )
                for key in sorted(discussed, key=str)
                if literal or self.deck.entities[str(key)].type == answer_type
            ]
            rng.shuffle(candidates)
        elif literal:
            candidates = [
                (choice, _NO_TAGS, 0) for choice in self.literal_candidates(fact, relation, rng)
            ]
        else:
            candidates = self.entity_candidates(relation, direction, answer, rng)
        answer_tags = self.knowledge.entity_tags.get(str(answer.key), _NO_TAGS)
        answer_length = len(answer.text)
        scored: list[tuple[int, int, str, Choice]] = []
        for choice, tags, in_relation_bonus in candidates:
            if choice.key == given or choice.key == answer.key or not is_false(choice.key):
                continue
            if literal and not self.same_form(fact, relation, choice.key):
                continue
            if not literal and self.own_party(fact, direction, str(choice.key)):
                continue
            plausibility = in_relation_bonus + (
                0 if tags.isdisjoint(answer_tags) else SHARED_TAGS_BONUS
            )
            scored.append(
                (-plausibility, abs(len(choice.text) - answer_length), choice.text, choice)
            )
            if len(scored) == SCAN_LIMIT:
                break
        if literal and relation.object_types[0] == "quantity":
            return [entry[-1] for entry in scored][:POOL_SIZE]  # the ladder's own order
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

    def same_form(self, fact: Fact, relation: Relation, key: ObjectKey) -> bool:
        """Whether another fact's value reads in this fact's templates: a direct quote
        never stands in for a paraphrase ("Putin said that I know that ...")."""
        if self._forms is None:
            self._forms = {}
            for other in self.deck.facts:
                self._forms.setdefault((other.relation, object_key(other)), set()).add(
                    other.modality
                )
        return self._forms.get((relation.id, key), {fact.modality}) <= {fact.modality}

    def own_party(self, fact: Fact, direction: str, entity_id: str) -> bool:
        """Whether a would-be distractor is the other side's own (Russia for Putin): "Putin
        visited Russia" is absurd rather than wrong."""
        other = fact.subject if direction == "object" else object_key(fact)
        return str(other) in self.knowledge.linked.get(entity_id, ())

    def entity_candidates(
        self, relation: Relation, direction: str, answer: Choice, rng: random.Random
    ) -> list[Candidate]:
        """A seeded slice of the entities that play the answer's role: those already on
        this side of the relation, and those an article's complete list declares. A
        slice keeps the cost per item the same in a large deck as in a small one, and
        keeps items from all sharing the same distractors."""
        answer_type = self.deck.entities[str(answer.key)].type
        window_key = (relation.id, direction, answer_type)
        if window_key not in self._windows:
            in_relation = self.knowledge.entities_in_relation.get((relation.id, direction), set())
            declared = self._declared.get((relation.id, direction), set())
            tags = self.knowledge.entity_tags
            self._windows[window_key] = [
                (
                    self.choice(entity_id),
                    tags.get(entity_id, _NO_TAGS),
                    IN_RELATION_BONUS if entity_id in in_relation else 0,
                )
                for entity_id in self.knowledge.entities_by_type[answer_type]
                if entity_id in in_relation or entity_id in declared
            ][:CANDIDATE_WINDOW]
        entries = self._windows[window_key]
        if not entries:
            return []
        start = rng.randrange(len(entries))
        looked_at = entries[start : start + SCAN_WINDOW]
        return looked_at + entries[: min(start, SCAN_WINDOW - len(looked_at))]

    def literal_candidates(
        self, fact: Fact, relation: Relation, rng: random.Random
    ) -> list[Choice]:
        assert isinstance(fact.object, Literal)
        literal = fact.object
        kind = relation.object_types[0]
        if kind == "quantity":
            return _quantity_ladder(literal, rng, relation.templates.statement)
        values = self._literal_values.get(relation.id)
        if values is None:
            values = self._literal_values[relation.id] = [
                Choice(self.deck.object_name(other), object_key(other))
                for other in self.knowledge.facts_by_relation[relation.id][:SCAN_LIMIT]
            ]
        choices = {choice.key: choice for choice in values if choice.key != literal.value}
        if kind == "date":
            for shift in (-1, 1, -2, 2, 3, -3):
                changed = _shifted(literal, shift)
                # Never a date after the newest article: it would be a guess about the future.
                if changed and changed.key not in choices and changed.key <= self.latest:
                    choices[changed.key] = changed
            # Options of one precision only: "March 2024" beside "4 March 2024" overlaps.
            precision = len(str(literal.value))
            return [c for c in choices.values() if len(str(c.key)) == precision]
        return list(choices.values())

    # -- several facts -----------------------------------------------------

    def group_facts(self, relation: Relation) -> dict[str | None, list[Fact]]:
        """The facts a matching or select-all item may combine, by the article whose
        account frames them (None: the deck's own closed world)."""
        groups: dict[str | None, list[Fact]] = {}
        for fact in self.knowledge.facts_by_relation[relation.id]:
            # A hedge ("allegedly") would be lost in a pair; a paraphrase is no hedge.
            if fact.contested or fact.modality not in (Modality.ASSERTED, Modality.PARAPHRASE):
                continue
            if not fact.attribution:
                groups.setdefault(None, []).append(fact)
            for seed in fact.seeds:
                if self.knowledge.own_voice(fact, seed) and any(
                    (relation.id, side, seed) in self.knowledge.complete_lists
                    for side in ("subject", "object")
                ):
                    groups.setdefault(seed, []).append(fact)
        return groups

    def matching_items(self, relation: Relation) -> list[Item]:
        """Pairs in which each left has exactly one partner among the right: from the
        deck's one-to-one relations, or one article's complete account. One item per
        article and relation, so no two share their instruction."""
        if not relation.templates.match:
            return []
        items = []
        for anchor, facts in sorted(self.group_facts(relation).items(), key=lambda g: str(g[0])):
            facts = sorted(facts, key=lambda fact: fact.id)
            # Which facts go together depends on the deck alone, so item ids do not
            # change with the seed; the seed orders the pairs.
            random.Random(f"matching|{relation.id}|{anchor}").shuffle(facts)
            group: list[Fact] = []
            for fact in facts:
                if len(group) == MATCH_MAX:
                    break
                if all(self.cross_false(relation, fact, other, anchor) for other in group):
                    group.append(fact)
            if len(group) < MATCH_MIN:
                continue
            prompt = relation.templates.match
            if anchor:
                prompt = capitalise(
                    _framed(
                        self.deck.info.wording["according_to"],
                        prompt,
                        prompt,
                        source=self.deck.info.cite_as[anchor],
                    )
                )
            items.append(
                self.matching_item(
                    group,
                    relation.id,
                    relation.id,
                    prompt,
                    self.sides,
                    anchor=anchor,
                )
            )
        return items

    def sides(self, fact: Fact) -> tuple[str, str]:
        """The fact's subject and object by name: a pair of a relation's matching item."""
        return self.deck.entities[fact.subject].name, self.deck.object_name(fact)

    def matching_item(
        self,
        group: Sequence[Fact],
        basis: str,
        direction: str,
        prompt: str,
        pair: Callable[[Fact], tuple[str, str]],
        anchor: str | None = None,
    ) -> Item:
        """A matching item of `group`, each fact's `pair` a left and its partner; its id
        from `basis` and the facts alone, the seed ordering the pairs and the partners."""
        group = sorted(group, key=lambda fact: fact.id)
        identity = item_id(self.deck.id, Kind.MATCHING, basis, [fact.id for fact in group])
        rng = self.rng(identity)
        pairs = [pair(fact) for fact in group]
        rng.shuffle(pairs)
        right = [partner for _, partner in pairs]
        rng.shuffle(right)
        return self.group_item(
            group,
            identity,
            Kind.MATCHING,
            direction,
            prompt,
            answer=tuple(pairs),
            options=tuple(right),
            left=tuple(left for left, _ in pairs),
            anchor=anchor,
        )

    def group_item(
        self,
        group: Sequence[Fact],
        identity: str,
        kind: Kind,
        direction: str,
        prompt: str,
        **shown: object,
    ) -> Item:
        """An item about several facts: their sources, tags and claims merged, the
        hardest one's difficulty."""
        return Item(
            id=identity,
            deck=self.deck.id,
            kind=kind,
            direction=direction,
            prompt=prompt,
            fact_ids=tuple(fact.id for fact in sorted(group, key=lambda fact: fact.id)),
            difficulty=max(fact.difficulty for fact in group),
            sources=_merged_sources(group),
            # Where a fact's statement departs from its quote, the reader learns why.
            explanation=_joined(*(self.correction(fact) for fact in group)) or None,
            tags=_merged_tags(group),
            claims=tuple(fact.claim_key(self.deck.id) for fact in group),
            **shown,  # type: ignore[arg-type]
        )

    def cross_false(self, relation: Relation, fact: Fact, other: Fact, anchor: str | None) -> bool:
        """Whether two facts can stand in one matching item: distinct sides, and each
        subject certainly not paired with the other's object."""
        if fact.subject == other.subject or object_key(fact) == object_key(other):
            return False
        truth = self.knowledge.truth
        if fact.relation != other.relation:
            # Claims of two relations: each subject ruled out of the other's claim.
            return (
                truth(fact.relation, other.subject, object_key(fact), anchor).value == "false"
                and truth(other.relation, fact.subject, object_key(other), anchor).value == "false"
            )
        return (
            truth(relation.id, fact.subject, object_key(other), anchor).value == "false"
            and truth(relation.id, other.subject, object_key(fact), anchor).value == "false"
        )

    def select_all_items(self, relation: Relation) -> list[Item]:
        """'Which of these ...' from lists the deck, or one article, gives completely:
        select all, and the one that is not ("Which of these did NOT ...?"). In the
        deck's own closed world these are made of any list: the wrong options are
        only what it rules out (a list it gives whole, or values vouched false)."""
        items: list[Item] = []
        templates = relation.templates
        sides = (
            ("subjects", templates.ask_subjects_all, templates.ask_subjects_except),
            ("objects", templates.ask_objects_all, templates.ask_objects_except),
        )
        negated_keys: set[tuple[str, ObjectKey]] = set()  # one "NOT" question each
        for anchor, facts in sorted(self.group_facts(relation).items(), key=lambda g: str(g[0])):
            for side, template, negated in sides:
                asked = side[:-1]
                if not (template or negated):
                    continue
                if anchor is None and side == "objects" and relation.literal:
                    continue
                if anchor is not None and (
                    (relation.id, asked, anchor) not in self.knowledge.complete_lists
                ):
                    continue
                groups: dict[ObjectKey, list[Fact]] = {}
                for fact in facts:
                    key = object_key(fact) if side == "subjects" else fact.subject
                    groups.setdefault(key, []).append(fact)
                for key, group in groups.items():
                    rule = self.list_rule(relation, asked, key, anchor)
                    if rule is None:
                        continue  # nothing ruled out: no wrong option, no "NOT" answer
                    if template:
                        made = self.select_all_item(relation, side, template, key, group, rule)
                        self.keep(items, made)
                    if negated and (side, key) not in negated_keys:
                        made = self.except_item(relation, side, negated, key, group, rule)
                        if self.keep(items, made):
                            negated_keys.add((side, key))
        return items

    def keep(self, items: list[Item], item: Item | None) -> bool:
        """Add an item asked with options (if made), and note its kind for each of
        its facts: later items ask first what it leaves out."""
        if item is None:
            return False
        items.append(item)
        for fact_id in item.fact_ids:
            if fact_id in self._option_kinds:
                self._option_kinds[fact_id].add(item.kind)
        return True

    def list_rule(
        self, relation: Relation, asked: Side, key: ObjectKey, anchor: str | None
    ) -> ListRule | None:
        """What rules values of one side of a list out: the deck's falsifier, or the
        article `anchor`'s with the values it discusses in that role; None: nothing."""
        if anchor is None:
            falsifier = self.knowledge.falsifier(relation.id, asked, key)
            return None if falsifier is None else ListRule(falsifier, None, None)
        found = self.knowledge.source_falsifier(relation.id, asked, key, anchor)
        return None if found is None else ListRule(found[0], tuple(found[1]), anchor)

    def closed_prompt(
        self, relation: Relation, side: str, template: str, key: ObjectKey, anchor: str | None
    ) -> str:
        """A question about one side of a complete list, framed by the article whose
        list it is."""
        if side == "subjects":
            prompt = template.format(object=self.name(key, relation))
        else:
            prompt = template.format(subject=self.deck.entities[str(key)].name)
        if anchor:
            wording = self.deck.info.wording["according_to"]
            prompt = _framed(wording, prompt, template, source=self.deck.info.cite_as[anchor])
        return capitalise(prompt)

    def ruled_out(
        self,
        relation: Relation,
        side: str,
        key: ObjectKey,
        right_ids: Sequence[str],
        rule: ListRule,
        prompt: str,
        rng: random.Random,
    ) -> list[str]:
        """The values of one side of a list that `rule` rules out, of the right
        values' type and not named in `prompt`."""
        literal = side == "objects" and relation.literal
        right_types = set() if literal else {self.deck.entities[r].type for r in right_ids}
        asked = "subject" if side == "subjects" else "object"
        if rule.discussed is None:
            # the entities that play the role, for each right value's type
            firsts: dict[str, str] = {}
            for value in right_ids:
                firsts.setdefault(self.deck.entities[value].type, value)
            candidates = [
                choice
                for value in sorted(firsts.values())
                for choice, _, _ in self.entity_candidates(relation, asked, self.choice(value), rng)
            ]
        else:
            candidates = [
                Choice(self.name(entity, relation), entity) if literal else self.choice(str(entity))
                for entity in sorted(rule.discussed, key=str)
            ]
        return [
            str(choice.key)
            for choice in candidates
            if choice.key != key
            and rule.falsifier.is_false(choice.key)
            and str(key) not in self.knowledge.linked.get(str(choice.key), ())
            and not _leaks(prompt, [choice.text])
            and (literal or self.deck.entities[str(choice.key)].type in right_types)
        ]

    def shown_value(self, relation: Relation, side: str, value: str) -> str:
        """One value of a list as an option."""
        if side == "objects" and relation.literal:
            return capitalise(self.name(value, relation))
        return self.deck.entities[value].name

    @staticmethod
    def value_of(fact: Fact, side: str) -> str:
        return fact.subject if side == "subjects" else str(object_key(fact))

    def select_all_item(
        self,
        relation: Relation,
        side: str,
        template: str,
        key: ObjectKey,
        group: list[Fact],
        rule: ListRule,
    ) -> Item | None:
        if len(group) < SELECT_MIN_RIGHT:
            return None
        fact_ids = tuple(sorted(fact.id for fact in group))
        identity = item_id(self.deck.id, Kind.SELECT_ALL, f"{relation.id}:{side}", fact_ids)
        rng = self.rng(identity)
        right_ids = sorted({self.value_of(fact, side) for fact in group})
        prompt = self.closed_prompt(relation, side, template, key, rule.anchor)
        wrong_ids = self.ruled_out(relation, side, key, right_ids, rule, prompt, rng)
        # A right value the stem names ("Russia" in "What countries support Russia")
        # is left out, whatever the seed: which items exist does not depend on it.
        shown = [
            value
            for value in right_ids
            if not _leaks(prompt, [self.shown_value(relation, side, value)])
        ]
        if len(wrong_ids) < SELECT_MIN_WRONG or len(shown) < SELECT_MIN_RIGHT:
            return None
        right_count = min(len(shown), SELECT_MAX_OPTIONS - SELECT_MIN_WRONG)
        right = rng.sample(shown, right_count)
        wrong_count = min(len(wrong_ids), SELECT_MAX_OPTIONS - right_count)
        wrong = rng.sample(wrong_ids, wrong_count)
        names = [self.shown_value(relation, side, value) for value in right + wrong]
        rng.shuffle(names)
        right_names = {self.shown_value(relation, side, value) for value in right}
        return self.group_item(
            group,
            identity,
            Kind.SELECT_ALL,
            side,
            prompt,
            answer=tuple(name for name in names if name in right_names),
            options=tuple(names),
            anchor=rule.anchor,
        )

    def except_item(
        self,
        relation: Relation,
        side: str,
        template: str,
        key: ObjectKey,
        group: list[Fact],
        rule: ListRule,
    ) -> Item | None:
        """ "Which of these countries did NOT vote against ...?": three values of a
        complete list and one it rules out, the answer. The three are first those
        of facts not yet the answer of a multiple-choice question."""
        prompt = self.closed_prompt(relation, side, template, key, rule.anchor)
        facts: dict[str, Fact] = {}
        for fact in sorted(group, key=lambda fact: fact.id):
            value = self.value_of(fact, side)
            if not _leaks(prompt, [self.shown_value(relation, side, value)]):
                facts.setdefault(value, fact)
        if len(facts) < MCQ_OPTIONS - 1:
            return None
        ranked = sorted(
            facts.items(),
            key=lambda pair: (Kind.MCQ in self._option_kinds.get(pair[1].id, ()), pair[1].id),
        )[: MCQ_OPTIONS - 1]
        right_ids = [value for value, _ in ranked]
        shown_facts = [fact for _, fact in ranked]
        identity = item_id(
            self.deck.id,
            Kind.MCQ,
            f"{relation.id}:{side}_except",
            sorted(fact.id for fact in shown_facts),
        )
        rng = self.rng(identity)
        wrong_ids = self.ruled_out(relation, side, key, sorted(facts), rule, prompt, rng)
        names = [self.shown_value(relation, side, value) for value in right_ids]
        answers = sorted(
            answer
            for answer in (self.shown_value(relation, side, value) for value in wrong_ids)
            if not conspicuously_longest(answer, names)
        )
        if not answers:
            return None
        answer = random.Random(identity).choice(answers)  # the key, whatever the seed
        options = [*names, answer]
        rng.shuffle(options)
        return self.group_item(
            shown_facts,
            identity,
            Kind.MCQ,
            f"{side}_except",
            prompt,
            answer=answer,
            options=tuple(options),
            anchor=rule.anchor,
        )


def _mixed(claims: list[tuple[str, str]], alike: Collection[str]) -> list[tuple[str, str]]:
    """The claims in their order, but where none is of a relation in `alike`, the first
    two of two different relations: what is shown first is never all of one form."""
    if not claims or claims[0][0] in alike:
        return claims
    other = next((i for i, (relation, _) in enumerate(claims) if relation != claims[0][0]), None)
    if other is None:
        return claims
    return [claims[0], claims[other], *claims[1:other], *claims[other + 1 :]]


def date_text(date: str) -> str:
    """An ISO date as written: "2024", "March 2024", "4 March 2024"."""
    parts = date.split("-")
    if len(parts) == 1:
        return date
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _lowered(sentence: str, template: str) -> str:
    """A sentence to follow "According to X, ": its first letter lowered only where it
    opens with an ordinary word ("which", "the"), never a name ("Belarusian", "Russia's")."""
    if template.startswith("{"):
        return sentence
    first = re.match(r"[A-Za-z]+", sentence)
    if first is None or first.group(0).lower() not in _ORDINARY_OPENINGS:
        return sentence
    return sentence[:1].lower() + sentence[1:]


def _framed(wording: str, sentence: str, template: str, **fields: str) -> str:
    """`sentence` put into a deck wording with a {claim}: its first letter lowered
    unless it opens with a name, its end punctuation kept at the very end."""
    claim = _lowered(sentence, template)
    if wording.rstrip().endswith("{claim}"):
        return wording.format(claim=claim, **fields)
    end = claim[-1] if claim[-1:] in ".?!" else ""
    return wording.format(claim=claim.removesuffix(end), **fields) + end


def _joined(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


def _quantity_ladder(literal: Literal, rng: random.Random, template: str = "") -> list[Choice]:
    """Wrong values of a quantity, the answer at a random rank among them, none a
    plain multiple of it. Approximate ones ("about 300,000", or a template's "About
    {object}") are spaced so far apart that "about" covers only one; bounded ones
    ("more than") get none."""
    value = literal.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return []
    qualified = f"{literal.display} {template}"
    if _BOUNDS.search(qualified):
        return []
    match = _NUMBER.search(literal.display)
    if not match:
        return []  # "four hours": a changed number would read as nonsense
    shown = float(match.group(0).replace(",", ""))
    percentage = "percent" in literal.display.casefold() or "%" in literal.display
    approximate = bool(_APPROXIMATE.search(qualified))
    wanted = MCQ_OPTIONS - 1
    if approximate or (not percentage and shown >= 20):
        step = rng.choice(APPROXIMATE_STEPS) if approximate else rng.choice((1.5, 1.8, 2.2))
        # A reporter's round figure: one significant figure for "about", two else.
        figures = 1 if approximate else 2
        lower = [_round_figures(shown / step**n, figures, up=False) for n in range(1, 4)]
        upper = [_round_figures(shown * step**n, figures, up=True) for n in range(1, 4)]
    else:
        step = max(1, round(shown * 0.3)) if not percentage else 15
        lower = [shown - step * n - rng.randrange(2) for n in range(1, 4)]
        upper = [shown + step * n + rng.randrange(2) for n in range(1, 4)]
    # A whole figure's wrong values are whole too: never "about 0.3 percent" for 70,
    # nor "6.6" abstentions for 32.
    if "." not in match.group(0):
        lower = list(dict.fromkeys(math.floor(number) for number in lower))
        upper = list(dict.fromkeys(math.ceil(number) for number in upper))
    floor = 1 if shown >= 1 else 0
    lower = [number for number in lower if number >= floor and number > 0 and number != shown]
    upper = [number for number in upper if number != shown and not (percentage and number >= 100)]
    # The answer at a random rank: so many wrong values below it, the rest above, as
    # far as each side has room (a percentage stays under 100, a count above 0).
    below = min(rng.randrange(MCQ_OPTIONS), len(lower))
    below = max(below, wanted - len(upper))
    numbers = lower[:below] + upper[: wanted - below]
    choices = []
    for number in numbers:
        if number == int(number):
            number = int(number)
        formatted = f"{number:,}" if "," in match.group(0) else f"{number:g}"
        display = literal.display[: match.start()] + formatted + literal.display[match.end() :]
        if number >= 1000 and "million" in display:  # "about 2000 million" reads oddly
            thousands = number / 1000
            shown_billions = (
                f"{int(thousands)}" if thousands == int(thousands) else f"{thousands:g}"
            )
            display = display.replace(f"{formatted} million", f"{shown_billions} billion")
        ratio = number / shown
        choices.append(Choice(display, value * ratio))
    return choices


def _round_figures(number: float, figures: int, up: bool) -> float:
    """To so many significant figures, away from the answer (`up` for a value above
    it), so rounding never brings a wrong value closer than its step."""
    if number == 0:
        return 0
    scale = 10 ** (math.floor(math.log10(abs(number))) - figures + 1)
    rounded = (math.ceil if up else math.floor)(number / scale) * scale
    return float(rounded) if scale < 1 else float(int(rounded))


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
