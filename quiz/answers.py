"""Judging a typed answer: the one rule the app, exports and tests all share.

Case, accents, punctuation and leading articles never matter; every accepted
name counts; a small typo is accepted with a spelling warning; but a name that
belongs to another entity is wrong however close it is to the answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

_ARTICLES = re.compile(r"^(?:the|a|an)\s+")
_NON_WORDS = re.compile(r"\W+")  # punctuation and spaces, folded to one space
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(thousand|million|billion)?")
_SCALE = {None: 1, "thousand": 10**3, "million": 10**6, "billion": 10**9}


class Grade(Enum):
    CORRECT = "correct"
    MISSPELT = "misspelt"  # correct, but check the spelling
    WRONG = "wrong"


@dataclass(frozen=True)
class Verdict:
    grade: Grade
    given: str
    expected: str
    matched: str | None = None  # the accepted name the answer was taken as

    @property
    def correct(self) -> bool:
        return self.grade is not Grade.WRONG


@lru_cache(maxsize=1 << 16)  # the same names are normalised again and again
def normalise_answer(text: str) -> str:
    """Lowercase, accents and punctuation removed, articles dropped, spaces folded."""
    plain = text
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = _NON_WORDS.sub(" ", plain.casefold().replace("'", "")).strip()
    return _ARTICLES.sub("", plain)


def _quantity(text: str) -> float | None:
    """The number a text names ("about 100 million", "$12,000,000"), if exactly one."""
    found = _NUMBER.findall(text.casefold().replace(",", ""))
    if len(found) != 1:
        return None
    digits, scale = found[0]
    return float(digits) * _SCALE[scale or None]


def _typo_allowance(length: int) -> int:
    """Edits forgiven for an answer of this length: none for short names (Iran/Iraq)."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 15:
        return 2
    return 3


def check_answer(given: str, accepted: Sequence[str], rivals: Sequence[str] = ()) -> Verdict:
    """Judge `given` against the accepted names (the first is the expected answer).

    `rivals` are names of other entities that must never be taken for the answer
    (names among them that are accepted are ignored, so a recall item can share one
    list of every name of the answer's type).
    """
    expected = accepted[0]
    answer = normalise_answer(given)
    if not answer:
        return Verdict(Grade.WRONG, given, expected)
    targets = {normalise_answer(name): name for name in accepted}
    if answer in targets:
        return Verdict(Grade.CORRECT, given, expected, targets[answer])
    given_quantity = _quantity(given)
    if given_quantity is not None:
        for name in accepted:
            if _quantity(name) == given_quantity:
                return Verdict(Grade.CORRECT, given, expected, name)
    rival_names = {normalise_answer(name) for name in rivals} - targets.keys()
    if answer in rival_names:
        return Verdict(Grade.WRONG, given, expected)
    best_name, best_distance = None, None
    for target, name in targets.items():
        distance = Levenshtein.distance(answer, target)
        if distance <= _typo_allowance(len(target)) and (
            best_distance is None or distance < best_distance
        ):
            best_name, best_distance = name, distance
    if best_name is None:
        return Verdict(Grade.WRONG, given, expected)
    # A typo closer to (or as close to) another entity's name is not forgiven.
    nearest_rival = process.extractOne(
        answer, rival_names, scorer=Levenshtein.distance, score_cutoff=best_distance
    )
    if nearest_rival is not None:
        return Verdict(Grade.WRONG, given, expected)
    return Verdict(Grade.MISSPELT, given, expected, best_name)
