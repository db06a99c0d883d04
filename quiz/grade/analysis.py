"""Item analysis: which questions worked, as Canvas reports it and a little more.

For each item: difficulty (p, the mean credit), discrimination as the corrected
point-biserial (the item against the rest of the test, so an item does not
correlate with itself), the share right in the upper, middle and lower 27% of
students by total (Kelley's groups, as Canvas uses), and for each option its
choice rate, its rate in the upper and lower groups and its point-biserial
against the rest score. For the test: Cronbach's alpha (KR-20 when every item is
right or wrong), with n, and a warning when n is too small to trust. Flags name
what a teacher should look at. Pure numpy: the figures a test can recompute.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["ItemStats", "OptionStats", "TestStats", "analyse", "point_biserial"]

GROUP = 0.27  # Kelley's upper and lower groups
SMALL_N = 30  # fewer students than this and the figures swing from class to class


@dataclass(frozen=True)
class OptionStats:
    """One option of a lettered item."""

    text: str
    right: bool
    rate: float
    upper: float
    lower: float
    point_biserial: float | None  # None when everyone or no one chose it


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    n: int
    difficulty: float
    discrimination: float | None  # corrected point-biserial
    upper: float
    middle: float
    lower: float
    options: tuple[OptionStats, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class TestStats:
    n: int
    items: int  # items every student answered: those the reliability is computed on
    mean: float
    sd: float
    reliability: float | None
    reliability_name: str  # "KR-20" or "Cronbach's alpha"
    warning: str | None


def point_biserial(x: np.ndarray, y: np.ndarray) -> float | None:
    """Pearson's r of x and y (for a 0/1 x, the point-biserial); None if either is constant."""
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def analyse(
    points: Sequence[Mapping[str, float]],
    choices: Sequence[Mapping[str, frozenset[str]]],
    options: Mapping[str, Sequence[str]],
    right: Mapping[str, frozenset[str]],
) -> tuple[TestStats, list[ItemStats]]:
    """The test's and each item's figures from each student's credits (by item id) and
    chosen options; `options` and `right` give each lettered item's options and keys."""
    items = sorted({item for student in points for item in student})
    totals = np.array([sum(student.values()) for student in points], dtype=float)
    n = len(points)
    order = np.argsort(totals, kind="stable")
    size = max(1, round(GROUP * n)) if n else 0
    lower_set, upper_set = set(order[:size].tolist()), set(order[n - size :].tolist())
    stats = []
    for item in items:
        had = [i for i, student in enumerate(points) if item in student]
        x = np.array([points[i][item] for i in had], dtype=float)
        rest = totals[had] - x
        upper = [k for k, i in enumerate(had) if i in upper_set]
        lower = [k for k, i in enumerate(had) if i in lower_set]
        middle = [k for k in range(len(had)) if k not in upper and k not in lower]
        option_stats = []
        for text in options.get(item, ()):
            chose = np.array([text in choices[i].get(item, frozenset()) for i in had], dtype=float)
            option_stats.append(
                OptionStats(
                    text,
                    text in right.get(item, frozenset()),
                    float(chose.mean()) if len(had) else 0.0,
                    _mean(chose, upper),
                    _mean(chose, lower),
                    point_biserial(chose, rest),
                )
            )
        discrimination = point_biserial(x, rest)
        stats.append(
            ItemStats(
                item,
                len(had),
                float(x.mean()) if len(had) else 0.0,
                discrimination,
                _mean(x, upper),
                _mean(x, middle),
                _mean(x, lower),
                tuple(option_stats),
                _flags(discrimination, _mean(x, upper), option_stats),
            )
        )
    return _test(points, totals, items), stats


def _mean(values: np.ndarray, where: Sequence[int]) -> float:
    return float(values[list(where)].mean()) if len(where) else math.nan


def _flags(
    discrimination: float | None, upper: float, options: Sequence[OptionStats]
) -> tuple[str, ...]:
    flags = []
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination: the stronger students did worse on it")
    for option in options:
        if option.right:
            continue
        if option.rate == 0:
            flags.append(f"distractor nobody chose: “{option.text}”")
        elif (option.point_biserial or 0) > 0 and option.upper >= option.lower:
            flags.append(
                f"distractor the strong students chose: “{option.text}” "
                f"({option.upper:.0%} of the upper group)"
            )
    return tuple(flags)


def _test(
    points: Sequence[Mapping[str, float]], totals: np.ndarray, items: Sequence[str]
) -> TestStats:
    n = len(points)
    common = [item for item in items if all(item in student for student in points)]
    reliability = None
    name = "Cronbach's alpha"
    if n >= 2 and len(common) >= 2:
        matrix = np.array([[student[item] for item in common] for student in points])
        variance = matrix.sum(axis=1).var(ddof=1)
        if variance > 0:
            k = len(common)
            reliability = float(k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / variance))
        if np.isin(matrix, (0.0, 1.0)).all():
            name = "KR-20"
    warning = None
    if n < SMALL_N:
        warning = (
            f"only {n} student{'s' if n != 1 else ''}: with fewer than {SMALL_N}, "
            "these figures change a lot from one class to the next"
        )
    return TestStats(
        n,
        len(common),
        float(totals.mean()) if n else 0.0,
        float(totals.std(ddof=1)) if n > 1 else 0.0,
        reliability,
        name,
        warning,
    )
