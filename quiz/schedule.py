"""Spaced repetition for flashcards: the rules, as a thin pure layer over `fsrs`.

The app, the CLI and the stats all need the same answers — what a rating does
to a card, which interval each button would give, which cards to study today,
when a card has become a leech — and none of them may touch a database or a
screen to get them. FSRS (the `fsrs` package) does the scheduling itself; this
module only decides which items are cards, counts lapses, builds queues and
words intervals. Every time is a timezone-aware datetime passed in by the
caller, so tests control the clock.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import fsrs
from fsrs import Rating, State

from quiz.items import Item, Kind

__all__ = [
    "DAY_STARTS_AT",
    "DESIRED_RETENTION",
    "LEARN_AHEAD",
    "LEECH_LAPSES",
    "NEW_PER_DAY",
    "RATINGS",
    "CardState",
    "Queue",
    "Rating",
    "Schedule",
    "build_queue",
    "button_labels",
    "cram_queue",
    "day_bounds",
    "flashcards",
    "interval_label",
    "study_day",
]

RATINGS: tuple[Rating, ...] = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
LEECH_LAPSES = 8  # Anki's default leech threshold
NEW_PER_DAY = 20  # Anki's default daily limit of new cards
DESIRED_RETENTION = 0.9
DAY_STARTS_AT = 4  # hours after local midnight, so late-night study counts for that day
LEARN_AHEAD = timedelta(minutes=20)  # a card in its learning steps due this soon is due now
# Which kind of item stands for a fact as a flashcard: the first the fact has.
CARD_KINDS = (Kind.CLOZE, Kind.RECALL, Kind.MCQ, Kind.TRUE_FALSE)


@dataclass(frozen=True)
class CardState:
    """What the scheduler knows about one item: the FSRS card plus the counts FSRS
    does not keep (reviews, lapses, when the card was first studied)."""

    card: fsrs.Card
    reps: int = 0
    lapses: int = 0  # times a card that had graduated was forgotten (rated Again)
    introduced: datetime | None = None  # when it was first rated

    @classmethod
    def new(cls, now: datetime) -> CardState:
        """A card never studied, due at once."""
        # An explicit card_id: fsrs otherwise derives one from the clock and sleeps 1 ms.
        return cls(fsrs.Card(card_id=0, due=_utc(now)))

    @property
    def is_new(self) -> bool:
        return self.reps == 0

    @property
    def is_leech(self) -> bool:
        return self.lapses >= LEECH_LAPSES

    @property
    def due(self) -> datetime:
        return self.card.due

    @property
    def learning(self) -> bool:
        """In its first learning steps or relearning after a lapse (minutes apart)."""
        return self.card.state in (State.Learning, State.Relearning)

    def to_dict(self) -> dict[str, object]:
        return {
            "card": self.card.to_dict(),
            "reps": self.reps,
            "lapses": self.lapses,
            "introduced": self.introduced.isoformat() if self.introduced else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> CardState:
        introduced = data.get("introduced")
        return cls(
            card=fsrs.Card.from_dict(data["card"]),  # type: ignore[arg-type]
            reps=int(data.get("reps", 0)),  # type: ignore[call-overload]
            lapses=int(data.get("lapses", 0)),  # type: ignore[call-overload]
            introduced=datetime.fromisoformat(introduced) if isinstance(introduced, str) else None,
        )


class Schedule:
    """FSRS with the app's settings: what each rating would do to a card.

    Call `outcomes` when the answer is revealed: it gives the card after each of
    the four ratings (`button_labels` words them for the buttons) and
    the one the learner picks is the one to save, so the interval shown is exactly
    the interval given, fuzz included.
    """

    def __init__(self, desired_retention: float = DESIRED_RETENTION, fuzz: bool = True) -> None:
        self._fsrs = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)

    def rate(self, state: CardState, rating: Rating, now: datetime) -> CardState:
        """The card after the learner gives `rating` at `now`."""
        now = _utc(now)
        card, _log = self._fsrs.review_card(state.card, rating, review_datetime=now)
        lapsed = rating is Rating.Again and state.card.state is State.Review
        return CardState(
            card=card,
            reps=state.reps + 1,
            lapses=state.lapses + int(lapsed),
            introduced=state.introduced or now,
        )

    def outcomes(self, state: CardState, now: datetime) -> dict[Rating, CardState]:
        """The card after each possible rating, Again to Easy."""
        return {rating: self.rate(state, rating, now) for rating in RATINGS}

    def retrievability(self, state: CardState, now: datetime) -> float:
        """The chance (0–1) the learner recalls the item now; 0 for a card never studied."""
        if state.is_new:
            return 0.0
        return float(self._fsrs.get_card_retrievability(state.card, _utc(now)))


def button_labels(outcomes: Mapping[Rating, CardState], now: datetime) -> dict[Rating, str]:
    """The interval each button gives, worded for the button ("10m", "3d"), from
    the `Schedule.outcomes` that will be saved."""
    return {rating: interval_label(outcome.due - _utc(now)) for rating, outcome in outcomes.items()}


def interval_label(interval: timedelta) -> str:
    """A short, Anki-style wording of an interval: "<1m", "10m", "3h", "4d", "2mo", "1.5y"."""
    seconds = max(interval.total_seconds(), 0)
    minutes = seconds / 60
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def _one_decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def flashcards(items: Iterable[Item]) -> list[Item]:
    """The items studied as flashcards: for each fact, the items of the first of
    cloze, recall, multiple choice and true/false it has (one card where a cloze
    says it all; both directions of a recall). A fact with none of its own is
    studied through a multiple-choice item it shares with others ("Which of these
    did NOT ...?"), so no fact asked with options is left out of study; matching
    and select-all items belong to the scored quiz."""
    items = list(items)
    by_fact: dict[str, list[Item]] = {}
    for item in items:
        if item.kind in CARD_KINDS and len(item.fact_ids) == 1:
            by_fact.setdefault(item.fact_ids[0], []).append(item)
    cards: list[Item] = []
    for fact_items in by_fact.values():
        kinds = {item.kind for item in fact_items}
        best = next(kind for kind in CARD_KINDS if kind in kinds)
        cards.extend(item for item in fact_items if item.kind is best)
    carded = set(by_fact)
    for item in items:
        if item.kind is Kind.MCQ and not carded.issuperset(item.fact_ids):
            cards.append(item)
            carded.update(item.fact_ids)
    return cards


@dataclass(frozen=True)
class Queue:
    """Today's flashcards, in the order to study them."""

    due: tuple[str, ...]  # studied before, due now or today; most overdue first
    new: tuple[str, ...]  # never studied, in deck order, within the daily limit
    leeches: tuple[str, ...]  # failed too often: held out, offered for review on their own
    new_left: int  # new cards not started because of the daily limit

    @property
    def ids(self) -> tuple[str, ...]:
        return self.due + self.new


def build_queue(
    item_ids: Sequence[str],
    states: Mapping[str, CardState],
    now: datetime,
    *,
    new_per_day: int = NEW_PER_DAY,
    introduced_today: int = 0,
    tz: tzinfo | None = None,
) -> Queue:
    """Due cards first, then new cards up to the daily limit less those already
    introduced today. A card in its learning steps is due when its next step is
    less than LEARN_AHEAD away; a reviewed card on the study day it falls due.
    Leeches are left out of `due`/`new` and listed in `leeches`."""
    now = _utc(now)
    _, day_end = day_bounds(study_day(now, tz), tz)
    due: list[tuple[datetime, str]] = []
    new: list[str] = []
    leeches: list[str] = []
    for item_id in dict.fromkeys(item_ids):
        state = states.get(item_id)
        if state is None or state.is_new:
            new.append(item_id)
        elif state.is_leech:
            leeches.append(item_id)
        elif state.due <= (now + LEARN_AHEAD if state.learning else day_end):
            due.append((state.due, item_id))
    due.sort()
    allowed = max(new_per_day - introduced_today, 0)
    return Queue(
        due=tuple(item_id for _, item_id in due),
        new=tuple(new[:allowed]),
        leeches=tuple(leeches),
        new_left=max(len(new) - allowed, 0),
    )


def cram_queue(
    item_ids: Sequence[str],
    states: Mapping[str, CardState],
    now: datetime,
    schedule: Schedule,
    seed: int | str = 0,
) -> list[str]:
    """Every given item for practice, the least likely to be remembered first
    (never studied counts as not known); ties in a seeded random order. Cramming
    never rates a card: the session records answers only, so the schedule is
    untouched."""
    shuffled = list(dict.fromkeys(item_ids))
    random.Random(f"cram|{seed}").shuffle(shuffled)
    unseen = CardState.new(now)
    return sorted(
        shuffled, key=lambda item_id: schedule.retrievability(states.get(item_id, unseen), now)
    )


def study_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The study day a moment belongs to, in `tz` (default: the computer's local
    time zone); a day runs from DAY_STARTS_AT o'clock to the next."""
    local = _utc(moment).astimezone(tz) if tz else _utc(moment).astimezone()
    return (local - timedelta(hours=DAY_STARTS_AT)).date()


def day_bounds(day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The UTC start and end (exclusive) of a study day."""
    start_local = datetime.combine(day, time(DAY_STARTS_AT), tzinfo=tz)
    if tz is None:
        start_local = start_local.astimezone()  # naive -> the local zone at that date
    end_local = datetime.combine(day + timedelta(days=1), time(DAY_STARTS_AT), tzinfo=tz)
    if tz is None:
        end_local = end_local.astimezone()
    return start_local.astimezone(UTC), end_local.astimezone(UTC)


def _utc(moment: datetime) -> datetime:
    """fsrs wants UTC; callers may pass any aware time. Naive times are a bug."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC)
