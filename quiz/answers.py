"""Judging a typed answer: the one rule the app, exports and tests all share.

Case, accents, punctuation and leading articles never matter; every accepted
name counts; numbers and dates count by what they say ("seven" is 7, "Feb 24,
2022" is 24 February 2022, judged at the expected answer's precision); a small
typo is accepted with a spelling warning; but a name that belongs to another
entity (a rival in the deck, a country, a well-known person) is wrong however
close it is to the answer. `accepted_forms` lists the strings an exact-matching
platform needs to grade the common cases the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from quiz.amounts import amount, amount_forms, date_forms, partial_date, same_amount, same_date
from quiz.known_names import entity_names, entity_of

__all__ = [
    "Grade",
    "Verdict",
    "accepted_forms",
    "check_answer",
    "exact_match_gaps",
    "normalise_answer",
]

_ARTICLES = re.compile(r"^(?:the|a|an)\s+")
_NON_WORDS = re.compile(r"\W+")  # punctuation and spaces, folded to one space


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


def _typo_allowance(length: int) -> int:
    """Edits forgiven in a word of this length: none for short words (Iran/Iraq, il/un)."""
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 15:
        return 2
    return 3


def _typo_distance(answer: str, target: str) -> int | None:
    """How many slips turn normalised `target` into `answer`, if all are forgivable.

    Each word is judged against its own length, so a long surname does not pay
    for a changed short one ("Kim Jong-il" is not "Kim Jong-un"). A word's first
    letter is never forgiven, nor any change to a number: people rarely slip
    there, and that is where real names differ (Prussia, Russia). OSA distance
    counts a swapped pair of letters ("Lukashneko") as one slip.
    """
    # Imported here: loading a deck needs `normalise_answer`, not the 12 ms rapidfuzz takes.
    from rapidfuzz.distance import OSA

    words, wanted = answer.split(), target.split()
    if len(words) == len(wanted):
        total = 0
        for word, want in zip(words, wanted, strict=True):
            if word == want:
                continue
            if word[0] != want[0] or _has_digit(word) or _has_digit(want):
                return None
            allowance = _typo_allowance(len(want))
            distance = OSA.distance(word, want, score_cutoff=allowance)
            if distance > allowance:
                return None
            total += distance
        return total
    # A space put in or left out ("Pyong yang"): one slip, and at most one more.
    compact, want = answer.replace(" ", ""), target.replace(" ", "")
    if compact[0] != want[0]:
        return None
    allowance = 0 if _has_digit(compact + want) else min(1, _typo_allowance(len(want)))
    distance = OSA.distance(compact, want, score_cutoff=allowance)
    return None if distance > allowance else distance + 1


def _has_digit(text: str) -> bool:
    return any(char.isdigit() for char in text)


def _by_value(given: str, accepted: Sequence[str]) -> tuple[Grade, str | None] | None:
    """The verdict on a date or number answer, if the answer is one and so is `given`.

    A date is judged at the expected precision and a number by its value, with no
    typo allowance: "May 2024" is not a slip of "March 2024", nor 13 of 11.
    """
    dates = [(name, found) for name in accepted if (found := partial_date(name))]
    if dates:
        given_date = partial_date(given)
        if given_date is None:
            return None
        right = next((name for name, found in dates if same_date(given_date, found)), None)
        return (Grade.CORRECT, right) if right else (Grade.WRONG, None)
    amounts = [(name, found) for name in accepted if (found := amount(name))]
    if not amounts or (given_amount := amount(given)) is None:
        return None
    right = next((name for name, found in amounts if same_amount(given_amount, found)), None)
    return (Grade.CORRECT, right) if right else (Grade.WRONG, None)


def check_answer(given: str, accepted: Sequence[str], rivals: Sequence[str] = ()) -> Verdict:
    """Judge `given` against the accepted names (the first is the expected answer).

    `rivals` are names of other entities that must never be taken for the answer
    (names among them that are accepted are ignored, so a recall item can share one
    list of every name of the answer's type). Country names and the names in
    well_known_names.txt count as rivals too, unless they name the answer itself.
    """
    expected = accepted[0]
    answer = normalise_answer(given)
    if not answer:
        return Verdict(Grade.WRONG, given, expected)
    # Numbers and dates first: normalising drops "$" and "€", which are part of the answer.
    if judged := _by_value(given, accepted):
        return Verdict(judged[0], given, expected, judged[1])
    targets = {normalise_answer(name): name for name in accepted}
    if answer in targets:
        return Verdict(Grade.CORRECT, given, expected, targets[answer])
    rival_names = {normalise_answer(name) for name in rivals} - targets.keys()
    if answer in rival_names:
        return Verdict(Grade.WRONG, given, expected)
    entity = entity_of(answer)
    if entity is not None:
        # Another name of the same country ("Russian Federation" for "Russia") is right;
        # the name of anything else is wrong, however close ("Prussia").
        same = next((name for key, name in targets.items() if entity_of(key) == entity), None)
        return Verdict(Grade.CORRECT if same else Grade.WRONG, given, expected, same)
    best_name, best_distance, best_target = None, None, ""
    for target, name in targets.items():
        distance = _typo_distance(answer, target)
        if distance is not None and (best_distance is None or distance < best_distance):
            best_name, best_distance, best_target = name, distance, target
    if best_name is None:
        return Verdict(Grade.WRONG, given, expected)
    # A typo closer to (or as close to) another entity's name is not forgiven.
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    nearest_rival = process.extractOne(
        answer,
        rival_names,
        scorer=OSA.distance,
        score_cutoff=OSA.distance(answer, best_target),
    )
    if nearest_rival is not None:
        return Verdict(Grade.WRONG, given, expected)
    return Verdict(Grade.MISSPELT, given, expected, best_name)


def accepted_forms(accepted: Sequence[str]) -> tuple[str, ...]:
    """The literal answers an exact-matching platform (Moodle or Canvas short answer,
    Anki type-in) must accept to grade the common cases as `check_answer` does.

    Every alias as given, then without accents, punctuation and articles; a
    number in digits with and without separators and in words, with and without
    its qualifier and unit ("more than $12 million", "12,000,000", "twelve
    million"); a date in its common written forms at its own precision; other
    names of the same country. The expected display text comes first. Case is
    left alone: the platforms that grade by a list ignore it.
    """
    forms = list(accepted)
    for name in accepted:
        plain = normalise_answer(name)
        if plain and plain != name.casefold():
            forms.append(plain)
        if found_date := partial_date(name):
            forms += date_forms(found_date)
        elif found_amount := amount(name):
            forms += amount_forms(found_amount)
        elif (entity := entity_of(plain)) is not None:
            # Not pycountry's index style ("Korea, Republic of"): nobody types that.
            forms += [other for other in entity_names(entity) if ", " not in other]
    # The platforms ignore case, so a form that differs only in case adds nothing.
    unique: dict[str, str] = {}
    for form in forms:
        unique.setdefault(form.casefold(), form)
    return tuple(unique.values())


def exact_match_gaps(accepted: Sequence[str]) -> str | None:
    """What `check_answer` accepts that no list of `accepted_forms` can, in a sentence
    an exporter can show the teacher; None when the list says it all."""
    gaps = []
    dates = [found for name in accepted if (found := partial_date(name))]
    if dates:
        if all(found.day is None for found in dates):
            gaps.append("a fuller date (a day within the month or year)")
        gaps.append("dates written in other ways")
    elif amounts := [found for name in accepted if (found := amount(name))]:
        gaps.append("the number written in other ways")
        if any(found.bound for found in amounts):
            gaps.append('other wordings of the qualifier ("over" for "more than")')
    elif any(
        len(word) > 4 and not _has_digit(word)
        for name in accepted
        for word in normalise_answer(name).split()
    ):
        gaps.append("small typos (with a spelling warning)")
    if not gaps:
        return None
    return f"quiz also accepts {' and '.join(gaps)}, which an exact list cannot hold"
