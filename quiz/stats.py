"""Progress figures for a deck, computed from stored records without touching them.

The home screen, the stats screen and `quiz stats` show the same numbers: due
today, new, mastery, reviews and accuracy per day, the forecast of cards due.
They are worked out here, from card states and activity the store hands over,
so each figure has one definition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from quiz.items import Item
from quiz.schedule import NEW_PER_DAY, CardState, Schedule, build_queue, day_bounds, study_day


@dataclass(frozen=True)
class Activity:
    """One thing the learner did: a flashcard rated or a question answered."""

    at: datetime
    deck: str
    item_id: str
    mode: str  # "cards" for a flashcard rating; else the answer's mode (quiz, recall, cram)
    correct: bool  # for a rating: anything but Again


@dataclass(frozen=True)
class DeckSummary:
    items: int  # flashcards in the deck now
    studied: int  # of those, rated at least once
    new: int  # never studied
    due_today: int  # studied before and due by the end of the study day (not leeches)
    new_today: int  # new cards the daily limit still allows today
    leeches: int
    mastery: float  # 0–1: the average chance of recalling each card now (new cards count 0)
    last_studied: datetime | None


@dataclass(frozen=True)
class DayActivity:
    day: date
    answers: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


def deck_summary(
    item_ids: Sequence[str],
    states: Mapping[str, CardState],
    now: datetime,
    schedule: Schedule,
    *,
    last_studied: datetime | None = None,
    introduced_today: int = 0,
    new_per_day: int = NEW_PER_DAY,
    tz: tzinfo | None = None,
) -> DeckSummary:
    """The home screen's line for a deck. Only the deck's current items count:
    progress of items that no longer exist is ignored."""
    current = {item_id: states[item_id] for item_id in item_ids if item_id in states}
    queue = build_queue(
        item_ids,
        current,
        now,
        new_per_day=new_per_day,
        introduced_today=introduced_today,
        tz=tz,
    )
    studied = sum(1 for state in current.values() if not state.is_new)
    unique = len(dict.fromkeys(item_ids))
    _, day_end = day_bounds(study_day(now, tz), tz)
    due_today = sum(
        1
        for state in current.values()
        if not state.is_new and not state.is_leech and state.due < day_end
    )
    return DeckSummary(
        items=unique,
        studied=studied,
        new=unique - studied,
        due_today=due_today,
        new_today=len(queue.new),
        leeches=len(queue.leeches),
        mastery=mastery(item_ids, current, now, schedule),
        last_studied=last_studied,
    )


def mastery(
    item_ids: Iterable[str], states: Mapping[str, CardState], now: datetime, schedule: Schedule
) -> float:
    """The average chance (0–1) of recalling each item now; never studied counts 0."""
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        return 0.0
    return sum(schedule.retrievability(states[i], now) for i in ids if i in states) / len(ids)


def mastery_by_tag(
    items: Iterable[Item], states: Mapping[str, CardState], now: datetime, schedule: Schedule
) -> dict[str, float]:
    """Mastery of each tag's items, tags in alphabetical order."""
    by_tag: dict[str, list[str]] = {}
    for item in items:
        for tag in item.tags:
            by_tag.setdefault(tag, []).append(item.id)
    return {tag: mastery(by_tag[tag], states, now, schedule) for tag in sorted(by_tag)}


def daily_activity(
    activity: Iterable[Activity], now: datetime, days: int, tz: tzinfo | None = None
) -> list[DayActivity]:
    """Answers and correct answers on each of the last `days` study days, oldest first."""
    today = study_day(now, tz)
    first = today - timedelta(days=days - 1)
    answers: Counter[date] = Counter()
    correct: Counter[date] = Counter()
    for event in activity:
        day = study_day(event.at, tz)
        if first <= day <= today:
            answers[day] += 1
            correct[day] += event.correct
    return [
        DayActivity(day, answers[day], correct[day])
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]


def forecast(
    states: Iterable[CardState], now: datetime, days: int, tz: tzinfo | None = None
) -> list[tuple[date, int]]:
    """How many studied cards fall due on each of the next `days` study days,
    today first (cards already overdue count for today). Leeches are left out:
    they are not in the normal queue."""
    today = study_day(now, tz)
    counts: Counter[date] = Counter()
    for state in states:
        if state.is_new or state.is_leech:
            continue
        counts[max(study_day(state.due, tz), today)] += 1
    return [
        (day, counts[day]) for day in (today + timedelta(days=offset) for offset in range(days))
    ]
