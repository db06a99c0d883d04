"""A scored study session: which items are asked, how each answer is judged, and the tally.

The quiz and recall modes of the app run on this, and the store records what it
judges. It is pure: no Textual, no database, and the caller passes the clock in,
so a test can assert every point, streak and second.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from quiz.answers import Grade, Verdict, check_answer
from quiz.assembly import Sitting
from quiz.items import TRUE, Item, Kind

QUIZ_KINDS = (Kind.MCQ, Kind.TRUE_FALSE, Kind.SELECT_ALL, Kind.MATCHING)
TYPED_KINDS = (Kind.RECALL, Kind.CLOZE)
# The most of a quiz each kind may take: mostly single-choice questions, with the
# slower select-all and matching items mixed in. A kind with fewer items gets less
# (see `kind_shares`), so its few items do not come back in every quiz.
QUIZ_MIX = {Kind.MCQ: 4, Kind.TRUE_FALSE: 3, Kind.SELECT_ALL: 2, Kind.MATCHING: 1}
POINTS_PER_DIFFICULTY = 10
# Fewer items of a kind than this, and a sitting takes only its share of the pool.
SCARCE_ITEMS = 20

# What a student gives: an option (mcq, true/false), a set of options (select
# all), a pairing of left to right (matching) or typed text (recall, cloze).
Response = str | frozenset[str] | tuple[tuple[str, str], ...]


def kind_shares(counts: Mapping[Kind, int]) -> dict[Kind, float]:
    """The share of a sitting each kind is expected to take, given how many items
    of each the pool holds.

    A kind with few items (under SCARCE_ITEMS) whose share of the pool is below its
    QUIZ_MIX share gets its share of the pool, so its few items do not recur quiz
    after quiz; the kinds with plenty split what is left in QUIZ_MIX proportion, so
    a bank heavy in true/false still gives quizzes mostly of multiple choice.
    """
    total = sum(counts.values())
    if not total:
        return {}
    weights = {kind: QUIZ_MIX.get(kind, 1) for kind in counts}
    weight = sum(weights.values())
    pool = {kind: count / total for kind, count in counts.items()}
    scarce = {
        kind: pool[kind]
        for kind in counts
        if pool[kind] < weights[kind] / weight and counts[kind] < SCARCE_ITEMS
    }
    plenty = [kind for kind in counts if kind not in scarce]
    left = 1 - sum(scarce.values())
    plenty_weight = sum(weights[kind] for kind in plenty)
    return {**scarce, **{kind: left * weights[kind] / plenty_weight for kind in plenty}}


def _quotas(shares: Mapping[Kind, float], count: int, rng: random.Random) -> dict[Kind, int]:
    """Whole numbers of items per kind, each `count * share` on average, summing to
    `count`: the whole parts, then the fractions by systematic sampling (one draw,
    so a kind's chance of an extra item is exactly its fraction)."""
    exact = {kind: count * share for kind, share in shares.items()}
    quotas = {kind: int(value) for kind, value in exact.items()}
    point, edge = rng.random(), 0.0
    for kind, value in exact.items():
        edge += value - quotas[kind]
        while point < edge:
            quotas[kind] += 1
            point += 1
    return quotas


def pick_items(
    items: Iterable[Item],
    kinds: Sequence[Kind],
    count: int,
    seed: int,
    recent: Collection[str] = (),
) -> list[Item]:
    """Up to `count` items of `kinds` for one sitting, sampled by `seed`.

    Each kind gets its share by `kind_shares`; what one kind lacks the others
    fill. No item comes twice, no two share a fact, and none gives another away
    (`quiz.assembly.Sitting`). Items whose ids are in `recent` (asked in recent
    sittings) are taken only when the others have run out.
    """
    rng = random.Random(f"{seed}|session")
    pools: dict[Kind, list[Item]] = {kind: [] for kind in kinds}
    for item in items:
        if item.kind in pools:
            pools[item.kind].append(item)
    for kind, pool in pools.items():
        rng.shuffle(pool)
        if kind is Kind.TRUE_FALSE:
            pool[:] = _alternating(pool, rng)
        pool.sort(key=lambda item: item.id in recent)  # stable: the shuffle stays within each
    quotas = _quotas(kind_shares({kind: len(pools[kind]) for kind in kinds}), count, rng)
    sitting = Sitting()
    # The fewest first: a matching item blocks the questions on its facts, not the reverse.
    order = sorted(kinds, key=lambda kind: (len(pools[kind]), kinds.index(kind)))
    for kind in order:
        _take(sitting, pools[kind], quotas.get(kind, 0))
    for kind in sorted(kinds, key=lambda kind: (-len(pools[kind]), kinds.index(kind))):
        _take(sitting, pools[kind], count - len(sitting.items))  # make up a shortfall
    chosen = sitting.items
    rng.shuffle(chosen)
    return chosen


def _alternating(statements: list[Item], rng: random.Random) -> list[Item]:
    """True and false statements in turn, so a sitting holds about as many of each
    whatever the bank's balance: answering "True" to everything scores half."""
    true = [item for item in statements if item.answer == TRUE]
    false = [item for item in statements if item.answer != TRUE]
    first, second = (true, false) if rng.random() < 0.5 else (false, true)
    mixed = [item for pair in zip(first, second, strict=False) for item in pair]
    return mixed + first[len(second) :] + second[len(first) :]


def _take(sitting: Sitting, pool: list[Item], wanted: int) -> None:
    """Move up to `wanted` items from the front of `pool` into `sitting`, skipping those
    that do not fit (and dropping them: an item that clashes once always will)."""
    taken = 0
    while pool and taken < wanted:
        item = pool.pop(0)
        if sitting.fits(item):
            sitting.add(item)
            taken += 1


def points_for(item: Item) -> int:
    return POINTS_PER_DIFFICULTY * item.difficulty


def judge(item: Item, response: Response) -> tuple[bool, Verdict | None]:
    """Whether `response` answers `item` rightly; typed answers also get the checker's verdict."""
    if item.kind in TYPED_KINDS:
        if not isinstance(response, str):
            raise TypeError(f"a {item.kind.value} item takes typed text")
        verdict = check_answer(response, item.accepted or (str(item.answer),), item.rivals)
        return verdict.correct, verdict
    if item.kind is Kind.SELECT_ALL:
        if not isinstance(response, frozenset):
            raise TypeError("a select-all item takes a set of options")
        return response == frozenset(item.answer), None
    if item.kind is Kind.MATCHING:
        if not isinstance(response, tuple):
            raise TypeError("a matching item takes pairs")
        return dict(response) == dict(item.answer), None  # type: ignore[arg-type]
    return response == item.answer, None


def describe(item: Item, response: Response) -> str:
    """A response as the student would read it back."""
    if isinstance(response, frozenset):
        chosen = [option for option in item.options if option in response]
        return _listed(chosen) or "(nothing)"
    if isinstance(response, tuple):
        return "; ".join(f"{left} → {right}" for left, right in response)
    return response or "(nothing)"


def chosen_options(item: Item, response: Response) -> tuple[str, ...] | None:
    """The options a response chose, as the store keeps them (`quiz.store.Answer.chosen`):
    the one option, the picked ones in the item's order, or for matching each left row's
    partner in the item's order ("" where none); None for typed answers."""
    if item.kind in TYPED_KINDS:
        return None
    if isinstance(response, frozenset):
        return tuple(option for option in item.options if option in response)
    if isinstance(response, tuple):
        partner = dict(response)
        return tuple(partner.get(left, "") for left in item.left)
    return (response,)


def right_answer(item: Item) -> str:
    """The right answer in words, for feedback and the missed-items list."""
    if item.kind is Kind.MATCHING:
        return "; ".join(f"{left} → {right}" for left, right in item.answer)  # type: ignore[misc]
    if item.kind is Kind.SELECT_ALL:
        return _listed(item.answer)  # type: ignore[arg-type]
    return str(item.answer)


def _listed(options: Sequence[str]) -> str:
    """Options in a line: names with commas, whole sentences ("… Iran.") one after
    another, as a reader expects ("… arrest order., Vladimir Putin …" would not do)."""
    if options and all(option.rstrip("”\"'’").endswith((".", "?", "!")) for option in options):
        return " ".join(options)
    return ", ".join(options)


@dataclass(frozen=True)
class Answer:
    """One judged answer."""

    item: Item
    response: Response
    correct: bool
    points: int
    seconds: float
    answered_at: datetime
    verdict: Verdict | None = None  # typed answers only

    @property
    def misspelt(self) -> bool:
        return self.verdict is not None and self.verdict.grade is Grade.MISSPELT


@dataclass(frozen=True)
class TagScore:
    tag: str
    correct: int
    answered: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass
class Session:
    """The items of one sitting, asked in order, and every answer given so far."""

    items: list[Item]
    started_at: datetime
    answers: list[Answer] = field(default_factory=list)
    streak: int = 0
    best_streak: int = 0
    asked_at: datetime | None = None

    @property
    def current(self) -> Item | None:
        index = len(self.answers)
        return self.items[index] if index < len(self.items) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    def ask(self, now: datetime) -> Item | None:
        """The current item, timed from `now` (when the student first sees it)."""
        if self.asked_at is None:
            self.asked_at = now
        return self.current

    def answer(self, response: Response, now: datetime) -> Answer:
        item = self.current
        if item is None:
            raise ValueError("the session is over")
        correct, verdict = judge(item, response)
        asked = self.asked_at or now
        answer = Answer(
            item=item,
            response=response,
            correct=correct,
            points=points_for(item) if correct else 0,
            seconds=max((now - asked).total_seconds(), 0.0),
            answered_at=now,
            verdict=verdict,
        )
        self.answers.append(answer)
        self.asked_at = None
        self.streak = self.streak + 1 if correct else 0
        self.best_streak = max(self.best_streak, self.streak)
        return answer

    @property
    def score(self) -> int:
        return sum(answer.points for answer in self.answers)

    @property
    def possible(self) -> int:
        """The points the whole session is worth."""
        return sum(points_for(item) for item in self.items)

    @property
    def correct_count(self) -> int:
        return sum(answer.correct for answer in self.answers)

    @property
    def accuracy(self) -> float:
        """Right answers as a share of those given so far (0 before the first)."""
        return self.correct_count / len(self.answers) if self.answers else 0.0

    @property
    def seconds(self) -> float:
        """From the start to the last answer."""
        if not self.answers:
            return 0.0
        return (self.answers[-1].answered_at - self.started_at).total_seconds()

    def by_tag(self) -> list[TagScore]:
        """Right and given answers per tag, weakest first."""
        counts: dict[str, list[int]] = {}
        for answer in self.answers:
            for tag in answer.item.tags:
                tally = counts.setdefault(tag, [0, 0])
                tally[0] += answer.correct
                tally[1] += 1
        scores = [TagScore(tag, right, given) for tag, (right, given) in counts.items()]
        return sorted(scores, key=lambda score: (score.accuracy, -score.answered, score.tag))

    def missed(self) -> list[Answer]:
        return [answer for answer in self.answers if not answer.correct]

    def retry_missed(self, now: datetime) -> Session:
        """A new session of the items answered wrongly, in the order they came."""
        return Session(items=[answer.item for answer in self.missed()], started_at=now)


def format_seconds(seconds: float) -> str:
    """A duration as a student reads it: 42s, 3m 05s, 1h 02m."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"
