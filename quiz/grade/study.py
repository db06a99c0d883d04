"""The item analysis of `quiz grade`, run on self-study in the app (`quiz stats --items`).

A class sits a quiz once; self-study answers an item again and again, and each
study session draws a different handful of items. The unit of analysis is
therefore a learner's study day (in the time zone given): it stands for one
student, and an item's first answer that day (in quiz or recall mode) is that
student's response to it. Later answers the same day come after the feedback
and would measure memory of the feedback, not the item; self-rated practice is
not a choice at all and is left out. Discrimination compares an item with the
rest of the same day's first answers, as the corrected point-biserial compares
it with the rest of a test (days answer different items, so each day's "rest"
is its own handful: read r as a guide, not as a test's figure).

Lettered items (multiple choice, true/false, select-all) count only the answers
that recorded the options chosen (store schema 2 onward), so every option's rate
is a share of known choices; typed and matching items count every answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, tzinfo
from typing import Any

from quiz.grade.analysis import ItemStats, TestStats, analyse
from quiz.items import Item, Kind
from quiz.schedule import study_day
from quiz.store import Answer

__all__ = ["SCORED_MODES", "analyse_study", "study_days"]

SCORED_MODES = ("quiz", "recall")
_LETTERED = (Kind.MCQ, Kind.TRUE_FALSE, Kind.SELECT_ALL)


def study_days(
    learners: Mapping[str, Sequence[Answer]], items: Mapping[str, Item], tz: tzinfo | None
) -> list[tuple[str, date, dict[str, Answer]]]:
    """Each learner's study days with each item's first usable answer that day, by item
    id, oldest first; only items in `items` (a deck's items now)."""
    days: dict[tuple[str, date], dict[str, Answer]] = {}
    for learner, answers in learners.items():
        for answer in sorted(answers, key=lambda answer: answer.at):
            item = items.get(answer.item_id)
            if item is None or answer.mode not in SCORED_MODES:
                continue
            if item.kind in _LETTERED and answer.chosen is None:
                continue
            days.setdefault((learner, study_day(answer.at, tz)), {}).setdefault(
                answer.item_id, answer
            )
    return [(learner, day, first) for (learner, day), first in sorted(days.items())]


def analyse_study(
    learners: Mapping[str, Sequence[Answer]], items: Mapping[str, Item], tz: tzinfo | None
) -> tuple[TestStats, list[ItemStats], int]:
    """The analysis over study days (see the module's docstring), and how many
    answers it used."""
    days = study_days(learners, items, tz)
    points = [{item: float(a.correct) for item, a in first.items()} for _, _, first in days]
    choices = [
        {item: frozenset(a.chosen) for item, a in first.items() if a.chosen is not None}
        for _, _, first in days
    ]
    options: dict[str, Sequence[str]] = {}
    right: dict[str, frozenset[str]] = {}
    for item_id, item in items.items():
        if item.kind in _LETTERED:
            options[item_id] = item.options
            answer: Any = item.answer
            right[item_id] = frozenset(answer if isinstance(answer, tuple) else (answer,))
    test, stats = analyse(points, choices, options, right)
    return test, stats, sum(len(first) for _, _, first in days)
