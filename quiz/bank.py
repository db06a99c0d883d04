"""The shape of an item bank, for a deck's author: is it balanced, and does it meet its targets?

`quiz.lint` proves each item right; this module looks at the bank as a whole: how the
items spread over kinds, how true/false answers are keyed, which facts are asked in
one way only or not at all, and which stems repeat. It reads nothing but the deck's
facts and the items' public fields, so it holds for any generator. The targets the
shipped decks aim at are named once, in `BankTargets`.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from quiz.facts import Deck
from quiz.items import TRUE, Item, Kind

__all__ = [
    "BankShape",
    "BankTargets",
    "RepeatedStem",
    "TargetCheck",
    "bank_shape",
    "normalise_stem",
    "render",
]


@dataclass(frozen=True)
class BankTargets:
    """What a balanced bank looks like. Shares are whole percents of the deck's items."""

    max_true_false_percent: int = 30
    # A bank keyed mostly one way teaches guessing: keep the True share in this range.
    true_keyed_percent: tuple[int, int] = (40, 60)
    min_mcq_percent: int = 40
    # (deck id, kind, at least): what one deck needs, such as enough matching items.
    min_kind_counts: tuple[tuple[str, Kind, int], ...] = (
        ("russia-allies", Kind.MATCHING, 10),
        ("russia-allies", Kind.SELECT_ALL, 10),
    )
    unique_stems: bool = True
    # Counted over the facts that have an item, wherever the knowledge allows: not
    # over those the generator can only state (`stated_only`). A fact with no item is
    # listed on its own, since the bank cannot tell whether it could have been asked.
    min_kinds_per_fact: int = 2


@dataclass(frozen=True)
class TargetCheck:
    target: str  # e.g. "true/false ≤ 30% of items"
    met: bool
    actual: str  # what the bank has, e.g. "66.7%"

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "met": self.met, "actual": self.actual}


@dataclass(frozen=True)
class RepeatedStem:
    prompt: str  # as the first of its items words it
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class BankShape:
    """The figures of one deck's bank (or of several decks pooled, ids then `deck/fact`)."""

    deck: str
    items: int
    kinds: dict[Kind, int]  # every kind, in `Kind` order, zero included
    keyed_true: int  # true/false items whose answer is True
    facts: int
    items_per_fact: dict[str, int]  # every fact of the deck, zero included
    kinds_per_fact: dict[str, int]
    repeated_stems: tuple[RepeatedStem, ...]
    # asked in one kind, the only one the deck allows: a statement (see `bank_shape`)
    stated_only: tuple[str, ...] = ()
    checks: tuple[TargetCheck, ...] = field(default=())

    @property
    def true_false(self) -> int:
        return self.kinds[Kind.TRUE_FALSE]

    def percent(self, kind: Kind) -> float:
        return _percent(self.kinds[kind], self.items)

    @property
    def true_percent(self) -> float:
        """The share of true/false items keyed True."""
        return _percent(self.keyed_true, self.true_false)

    @property
    def single_kind_facts(self) -> tuple[str, ...]:
        return tuple(fact for fact, kinds in self.kinds_per_fact.items() if kinds == 1)

    @property
    def few_kinds_facts(self) -> tuple[str, ...]:
        """Facts asked in fewer kinds than the knowledge allows: one kind, and not
        among those the deck can only state."""
        only = set(self.stated_only)
        return tuple(fact for fact in self.single_kind_facts if fact not in only)

    @property
    def unasked_facts(self) -> tuple[str, ...]:
        return tuple(fact for fact, kinds in self.kinds_per_fact.items() if kinds == 0)

    @property
    def per_fact(self) -> tuple[int, float, int]:
        """The fewest, median and most items a fact has (0, 0, 0 for a deck without facts)."""
        counts = list(self.items_per_fact.values()) or [0]
        return min(counts), statistics.median(counts), max(counts)

    @property
    def kind_histogram(self) -> dict[int, int]:
        """How many facts are asked in 0, 1, 2, … distinct kinds (only counts that occur)."""
        return dict(sorted(Counter(self.kinds_per_fact.values()).items()))

    @property
    def targets_met(self) -> bool:
        return all(check.met for check in self.checks)

    def to_json(self) -> dict[str, Any]:
        low, median, high = self.per_fact
        return {
            "deck": self.deck,
            "items": self.items,
            "kinds": {
                kind.value: {"count": count, "percent": round(self.percent(kind), 1)}
                for kind, count in self.kinds.items()
            },
            "true_false": {
                "count": self.true_false,
                "percent": round(self.percent(Kind.TRUE_FALSE), 1),
                "keyed_true": self.keyed_true,
                "keyed_true_percent": round(self.true_percent, 1),
            },
            "facts": self.facts,
            "single_kind_facts": list(self.single_kind_facts),
            "stated_only_facts": list(self.stated_only),
            "unasked_facts": list(self.unasked_facts),
            "items_per_fact": {"min": low, "median": median, "max": high},
            "kinds_per_fact": {str(kinds): facts for kinds, facts in self.kind_histogram.items()},
            "repeated_stems": [
                {"prompt": stem.prompt, "item_ids": list(stem.item_ids)}
                for stem in self.repeated_stems
            ],
            "targets": [check.to_json() for check in self.checks],
            "targets_met": self.targets_met,
        }


def normalise_stem(prompt: str) -> str:
    """A prompt as compared for repeats: case and runs of whitespace do not count."""
    return " ".join(prompt.casefold().split())


def bank_shape(
    decks: Deck | Sequence[Deck],
    items: Iterable[Item],
    targets: BankTargets | None = None,
    stated_only: Collection[str] = (),
) -> BankShape:
    """The shape of the items belonging to `decks` (others are ignored), checked against
    `targets` (the shipped decks' targets by default). `stated_only` names the facts
    the generator can only state (as `DeckGenerator.items` gives them; pooled, as
    `deck/fact`): asked in one kind, they are asked in all the knowledge allows."""
    decks = [decks] if isinstance(decks, Deck) else list(decks)
    pooled = len(decks) != 1
    ids = {deck.id for deck in decks}
    bank = [item for item in items if item.deck in ids]

    def key(deck: str, fact: str) -> str:
        return f"{deck}/{fact}" if pooled else fact

    fact_keys = [key(deck.id, fact.id) for deck in decks for fact in deck.facts]
    items_per_fact = dict.fromkeys(fact_keys, 0)
    kinds_of: dict[str, set[Kind]] = {fact: set() for fact in fact_keys}
    stems: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in bank:
        for fact in dict.fromkeys(item.fact_ids):  # a fact named twice counts once
            name = key(item.deck, fact)
            if name in items_per_fact:
                items_per_fact[name] += 1
                kinds_of[name].add(item.kind)
        stems[item.deck, normalise_stem(item.prompt)].append(item)

    counts = Counter(item.kind for item in bank)
    shape = BankShape(
        deck=decks[0].id if not pooled else "all",
        items=len(bank),
        kinds={kind: counts[kind] for kind in Kind},
        keyed_true=sum(item.kind is Kind.TRUE_FALSE and item.answer == TRUE for item in bank),
        facts=len(fact_keys),
        items_per_fact=items_per_fact,
        kinds_per_fact={fact: len(kinds) for fact, kinds in kinds_of.items()},
        stated_only=tuple(
            fact for fact, kinds in kinds_of.items() if fact in stated_only and len(kinds) == 1
        ),
        # One question offered with options and typed (an mcq and a recall of the same
        # fact and side) shares its stem by design; two questions sharing one do not.
        repeated_stems=tuple(
            RepeatedStem(same[0].prompt, tuple(item.id for item in same))
            for same in stems.values()
            if len({(item.fact_ids, item.direction) for item in same}) > 1
        ),
    )
    targets = targets if targets is not None else BankTargets()
    # A deck's own counts are its needs, not the pool's: checked only in its report.
    own = [] if pooled else [(k, n) for d, k, n in targets.min_kind_counts if d == shape.deck]
    return replace(shape, checks=tuple(_checks(shape, targets, own)))


def _checks(
    shape: BankShape, targets: BankTargets, kind_counts: list[tuple[Kind, int]]
) -> list[TargetCheck]:
    low, high = targets.true_keyed_percent
    tf, total = shape.true_false, shape.items
    checks = [
        # Compared in whole numbers so that 30 of 100 is exactly 30%.
        TargetCheck(
            f"true/false ≤ {targets.max_true_false_percent}% of items",
            tf * 100 <= targets.max_true_false_percent * total,
            f"{shape.percent(Kind.TRUE_FALSE):.1f}%",
        ),
        TargetCheck(
            f"true/false {low}–{high}% keyed True",
            low * tf <= shape.keyed_true * 100 <= high * tf,  # no true/false item: met
            f"{shape.true_percent:.1f}%" if tf else "no true/false items",
        ),
        TargetCheck(
            f"multiple choice ≥ {targets.min_mcq_percent}% of items",
            shape.kinds[Kind.MCQ] * 100 >= targets.min_mcq_percent * total,
            f"{shape.percent(Kind.MCQ):.1f}%",
        ),
    ]
    checks += [
        TargetCheck(
            f"{kind.value} ≥ {least} items", shape.kinds[kind] >= least, str(shape.kinds[kind])
        )
        for kind, least in kind_counts
    ]
    if targets.unique_stems:
        repeated = len(shape.repeated_stems)
        checks.append(TargetCheck("no repeated stems", not repeated, f"{repeated} repeated"))
    if targets.min_kinds_per_fact > 1:
        only = set(shape.stated_only)
        few = [
            fact
            for fact, n in shape.kinds_per_fact.items()
            if 0 < n < targets.min_kinds_per_fact and fact not in only
        ]
        checks.append(
            TargetCheck(
                f"facts in ≥ {targets.min_kinds_per_fact} kinds as allowed",
                not few,
                f"{len(few)} fewer, {len(only)} only stated",
            )
        )
    return checks


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def render(shape: BankShape, verbose: bool = False) -> list[str]:
    """The report as lines of at most 80 columns, indented to sit under the deck's lint
    summary; `verbose` lists every repeated stem (else the most repeated) and the ids of
    facts asked in one kind or none."""
    kinds = [
        f"{kind.value} {count} ({shape.percent(kind):.1f}%)"
        for kind, count in sorted(shape.kinds.items(), key=lambda pair: -pair[1])
        if count
    ]
    low, median, high = shape.per_fact
    histogram = ", ".join(
        f"{number} kind{'s' if number != 1 else ''}: {facts}"
        for number, facts in shape.kind_histogram.items()
    )
    lines = _wrap("  kinds       ", ", ".join(kinds) or "no items")
    lines.append(
        f"  true/false  {shape.true_false} ({shape.percent(Kind.TRUE_FALSE):.1f}% of items), "
        f"{shape.keyed_true} keyed True ({shape.true_percent:.1f}%)"
    )
    single, unasked = shape.single_kind_facts, shape.unasked_facts
    lines.append(
        f"  facts       {shape.facts}: {len(single)} in one kind only "
        f"({len(shape.stated_only)} can only be stated), {len(unasked)} with no item"
    )
    if verbose:
        few = shape.few_kinds_facts
        lines += _wrap("    one kind  ", ", ".join(few)) if few else []
        stated = shape.stated_only
        lines += _wrap("    only stated ", ", ".join(stated)) if stated else []
        lines += _wrap("    no item   ", ", ".join(unasked)) if unasked else []
    lines.append(f"  per fact    items min {low}, median {median:g}, max {high}")
    lines += _wrap("              ", histogram) if histogram else []
    stems = sorted(shape.repeated_stems, key=lambda stem: -len(stem.item_ids))
    if verbose or not stems:
        lines.append(f"  stems       {len(stems)} repeated" + (":" if stems else ""))
        lines += [_clip(f"    {len(stem.item_ids)}× {stem.prompt}") for stem in stems]
    else:
        first = stems[0]
        lines.append(
            _clip(
                f"  stems       {len(stems)} repeated, e.g. {len(first.item_ids)}× {first.prompt}"
            )
        )
    for number, check in enumerate(shape.checks):
        head = "  targets     " if number == 0 else " " * 14
        status = "met" if check.met else "NOT MET"
        lines.append(f"{head}{status:<9}{check.target} ({check.actual})")
    return lines


def _wrap(head: str, text: str, width: int = 80) -> list[str]:
    """`text` after `head`, broken at ", " so no line passes `width`."""
    lines, line = [], head
    for part in text.split(", "):
        piece = part if line == head else f", {part}"
        if len(line) + len(piece) > width - 1 and line != head:
            lines.append(line + ",")
            line = " " * len(head) + part
        else:
            line += piece
    return [*lines, line]


def _clip(line: str, width: int = 80) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"
