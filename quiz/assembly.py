"""What may sit together in one sitting: no item twice, no fact twice, no give-aways.

A quiz is only a test if no question answers another. Two items on one fact do
(a matching item on fact X answers the multiple choice on X), and so can an item
on another fact whose explanation or quote names the answer together with what
is asked. The app's session picker and the classroom selection both ask
`Sitting.fits` before taking an item, so the rule is written once, here.

The give-away rule (`gives_away`) is deliberately narrow: the decks are about a
handful of countries, so naming "China" gives nothing away; naming the answer
together with the words the question turns on does. It is pure: items in,
a yes or no out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import ceil

from quiz.answers import normalise_answer
from quiz.generate import leaked_names
from quiz.items import Item, Kind

__all__ = ["Sitting", "gives_away"]

# Words that say how a question is asked rather than what it is about.
_FRAME = frozenset(
    """
    a about according after all also an and any apply are as at be been by countries country
    did do does for from had has have he her his how in is it its many much of on or said
    says select she than that the their these they this those to was were what when where
    which who whom whose with
    """.split()  # noqa: SIM905 (a word list reads better as words)
)
_POSSESSIVE = re.compile(r"['’]s\b")


def gives_away(shown: Item, asked: Item) -> bool:
    """Whether what `shown` puts on screen gives away the answer to `asked`.

    `shown` shows its prompt with its right answer (the feedback says it), each
    option, its explanation, its source quotes and, for matching, its pairs. One
    of those texts gives `asked` away when:

    - it names `asked`'s answer (for select-all, any right option) as whole
      words, and at least half of the words `asked`'s prompt turns on (its words
      but the answer and the question's framing: "which", "did", "country" …);
    - for a true/false statement: it holds every word the statement turns on;
    - for a matching item: it names both sides of one of its pairs.
    """
    return _Asked.of(asked).given_away_by(_Shown.of(shown))


@dataclass
class Sitting:
    """The items taken so far for one sitting; `fits` says whether another may join."""

    items: list[Item] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)
    _facts: set[str] = field(default_factory=set)
    _shown: list[_Shown] = field(default_factory=list)
    _asked: list[_Asked] = field(default_factory=list)

    def fits(self, item: Item) -> bool:
        """Not taken already, on no fact taken already, and neither giving away
        nor given away by any item taken."""
        if item.id in self._ids or not self._facts.isdisjoint(item.claim_keys):
            return False
        shown, asked = _Shown.of(item), _Asked.of(item)
        return not any(
            asked.given_away_by(other_shown) or other_asked.given_away_by(shown)
            for other_shown, other_asked in zip(self._shown, self._asked, strict=True)
        )

    def add(self, item: Item) -> None:
        self.items.append(item)
        self._ids.add(item.id)
        self._facts.update(item.claim_keys)
        self._shown.append(_Shown.of(item))
        self._asked.append(_Asked.of(item))


def _words(text: str) -> frozenset[str]:
    return frozenset(normalise_answer(_POSSESSIVE.sub("", text)).split())


@dataclass(frozen=True, slots=True)
class _Shown:
    """The texts an item puts on screen, each with its words."""

    texts: tuple[tuple[str, frozenset[str]], ...]

    @classmethod
    def of(cls, item: Item) -> _Shown:
        answer = item.answer
        if item.kind is Kind.SELECT_ALL:
            answer = ", ".join(item.answer)  # type: ignore[arg-type]
        elif item.kind is Kind.MATCHING:
            answer = ""  # its pairs are shown below, one text each
        texts = [f"{item.prompt} {answer}", *item.options, *item.left]
        if item.explanation:
            texts.append(item.explanation)
        texts += [source.quote for source in item.sources]
        if item.kind is Kind.MATCHING:
            texts += [f"{left} — {right}" for left, right in item.answer]  # type: ignore[misc]
        return cls(tuple((text, _words(text)) for text in texts))


@dataclass(frozen=True, slots=True)
class _Asked:
    """What would give an item's answer away: its answer's names and the words its
    prompt turns on (cues), or, for matching, its pairs."""

    kind: Kind
    names: tuple[str, ...]
    cues: frozenset[str]
    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, item: Item) -> _Asked:
        pairs: tuple[tuple[str, str], ...] = ()
        names: tuple[str, ...] = ()
        if item.kind is Kind.MATCHING:
            pairs = item.answer  # type: ignore[assignment]
        elif item.kind is Kind.SELECT_ALL:
            names = item.answer  # type: ignore[assignment]
        elif item.kind is not Kind.TRUE_FALSE:
            names = (str(item.answer), *item.accepted)
        answer_words = frozenset().union(*map(_words, names))
        return cls(item.kind, names, _words(item.prompt) - _FRAME - answer_words, pairs)

    def given_away_by(self, shown: _Shown) -> bool:
        return any(self._by(text, words) for text, words in shown.texts)

    def _by(self, text: str, words: frozenset[str]) -> bool:
        if self.kind is Kind.MATCHING:
            return any(_names(text, (one,)) and _names(text, (other,)) for one, other in self.pairs)
        if not self.cues:
            return False
        if self.kind is Kind.TRUE_FALSE:
            return self.cues <= words
        return len(self.cues & words) >= ceil(len(self.cues) / 2) and _names(text, self.names)


def _names(text: str, names: Iterable[str]) -> bool:
    return bool(leaked_names(text, names))
