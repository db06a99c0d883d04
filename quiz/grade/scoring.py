"""Scores: each answer's credit under the teacher's rule, and each student's totals.

Credit is given per item (key.json's item ids), so versions that shuffle
questions and options are scored and analysed alike. Three rules: right-only
(one point for a fully right answer), penalty (a wrong single-answer choice
costs 1/(options - 1), so blind guessing gains nothing on average) and partial
(select-all earns right choices less wrong ones, matching earns each right
row). An answer under review is left out of the score and said to be so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from quiz.answers import normalise_answer
from quiz.grade.responses import Answer, Response, questions_of

__all__ = ["Rule", "Scored", "credit", "score"]


class Rule(StrEnum):
    RIGHT_ONLY = "right-only"
    PENALTY = "penalty"
    PARTIAL = "partial"


@dataclass(frozen=True)
class Scored:
    """One student's result."""

    response: Response
    points: Mapping[str, float]  # by item id; items under review are absent
    choices: Mapping[str, frozenset[str]]  # by item id: the option texts chosen
    review: tuple[tuple[int, str], ...]  # question numbers a person must decide, and why
    possible: int
    tags: Mapping[str, tuple[float, int]]  # by tag and deck: points and possible

    @property
    def total(self) -> float:
        return sum(self.points.values())

    @property
    def percent(self) -> float:
        return 100 * self.total / self.possible if self.possible else 0.0


def credit(question: Mapping[str, Any], answer: Answer | None, rule: Rule) -> float:
    """The credit for one answer (never for one under review: check `review` first)."""
    if answer is None:
        return 0.0
    kind = question["kind"]
    if kind in ("cloze", "recall"):
        if answer.credit is not None:
            return answer.credit
        if answer.text is None:
            return 0.0
        accepted = {normalise_answer(text) for text in question["accepted"]}
        return 1.0 if normalise_answer(answer.text) in accepted else 0.0
    if kind == "matching":
        right = sum(a == b for a, b in zip(answer.rows, question["answer"], strict=False))
        rows = len(question["answer"])
        if rule is Rule.PARTIAL:
            return right / rows
        return 1.0 if right == rows else 0.0
    chosen = set(answer.letters)
    if kind == "select_all":
        key = set(question["answer"])
        if rule is Rule.PARTIAL:
            return max(0.0, (len(chosen & key) - len(chosen - key)) / len(key))
        return 1.0 if chosen == key else 0.0
    right = question["letter"] if kind == "true_false" else question["answer"]
    if chosen == {right}:
        return 1.0
    if chosen and rule is Rule.PENALTY:
        return -1.0 / (len(question["options"]) - 1)
    return 0.0


def score(responses: Sequence[Response], key: Mapping[str, Any], rule: Rule) -> list[Scored]:
    """Every response scored under `rule`."""
    results = []
    for response in responses:
        points: dict[str, float] = {}
        choices: dict[str, frozenset[str]] = {}
        review = []
        tags: dict[str, list[float]] = {}
        questions = questions_of(key, response.version)
        for number, question in questions.items():
            item = key["items"][question["item_id"]]
            answer = response.answers.get(number)
            for tag in (*item.get("tags", ()), f"deck:{item['deck']}"):
                tags.setdefault(tag, [0.0, 0])[1] += 1
            if answer is not None and answer.review:
                review.append((number, answer.review))
                continue
            value = credit(question, answer, rule)
            points[question["item_id"]] = value
            for tag in (*item.get("tags", ()), f"deck:{item['deck']}"):
                tags[tag][0] += value
            if answer is not None and "options" in question and question["kind"] != "matching":
                choices[question["item_id"]] = frozenset(
                    question["options"][ord(letter) - 65] for letter in answer.letters
                )
            elif "options" in question and question["kind"] != "matching":
                choices[question["item_id"]] = frozenset()
        results.append(
            Scored(
                response,
                points,
                choices,
                tuple(review),
                len(questions),
                {tag: (value, count) for tag, (value, count) in tags.items()},
            )
        )
    return results
