"""The teacher's results: a terminal report, scores.csv, items.csv and analysis.json.

The report leads with what needs a person (answers to review, scans that could
not be read), then the scores and their spread, then the items that misbehave,
each with its wording and the article quote it rests on (from key.json), so the
teacher can judge the question, not only its numbers.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from quiz.grade.analysis import ItemStats, TestStats
from quiz.grade.scoring import Scored

__all__ = [
    "analysis_json",
    "items_csv",
    "items_section",
    "question_labels",
    "scores_csv",
    "text_report",
]

_BAR = 30  # the longest bar of the score histogram, in characters


def text_report(
    key: Mapping[str, Any],
    scored: Sequence[Scored],
    test: TestStats,
    items: Sequence[ItemStats],
    failures: Sequence[tuple[str, str]],
) -> str:
    out = [f"{key['title']}: {len(scored)} student{'s' if len(scored) != 1 else ''}"]
    for source, reason in failures:
        out.append(f"  not read: {source}: {reason}")
    reviews = [(s, number, why) for s in scored for number, why in s.review]
    notes = [(s, note) for s in scored for note in s.response.notes]
    if reviews or notes:
        out += ["", f"To review ({len(reviews) + len(notes)}):"]
        out += [f"  {s.response.student}: question {n}: {why}" for s, n, why in reviews]
        out += [f"  {s.response.student}: {note}" for s, note in notes]
    out += ["", "Scores:"]
    for s in sorted(scored, key=lambda s: s.response.student):
        pending = f"  ({len(s.review)} to review)" if s.review else ""
        out.append(
            f"  {s.response.student:<20} v{s.response.version}  {s.total:6.2f} / {s.possible}"
            f"  {s.percent:5.1f}%{pending}"
        )
    out += ["", *_histogram([s.percent for s in scored])]
    out += items_section(key["items"], test, items)
    return "\n".join(out) + "\n"


def items_section(
    entries: Mapping[str, Mapping[str, Any]], test: TestStats, items: Sequence[ItemStats]
) -> list[str]:
    """The test's figures, a line per item, then the flagged items with their wording,
    options, sources and facts; `entries` are the items as key.json writes them."""
    out: list[str] = []
    reliability = f"{test.reliability:.2f}" if test.reliability is not None else "n/a"
    out += [
        "",
        f"Test: n = {test.n}, mean {test.mean:.2f}, sd {test.sd:.2f}, "
        f"{test.reliability_name} {reliability} (on the {test.items} items everyone answered)",
    ]
    if test.warning:
        out.append(f"  warning: {test.warning}")
    out += ["", "Items (p = share right; r = corrected point-biserial; upper/lower 27%):"]
    for stats in items:
        item = entries[stats.item_id]
        r = f"{stats.discrimination:+.2f}" if stats.discrimination is not None else "  n/a"
        mark = "!" if stats.flags else " "
        out.append(
            f" {mark}{stats.item_id:<24} p {stats.difficulty:.2f}  r {r}  "
            f"upper {_share(stats.upper)} lower {_share(stats.lower)}  "
            f"{_short(item['prompt'], 50)}"
        )
    flagged = [stats for stats in items if stats.flags]
    if flagged:
        out += ["", "Items to look at:"]
    for stats in flagged:
        item = entries[stats.item_id]
        out += [
            "",
            f"  {stats.item_id} ({item['kind']}, deck {item['deck']})",
            f"  {item['prompt']}",
        ]
        out += [f"    ! {flag}" for flag in stats.flags]
        for option in stats.options:
            pbis = f"{option.point_biserial:+.2f}" if option.point_biserial is not None else "n/a"
            out.append(
                f"    {'*' if option.right else ' '} {_short(option.text, 40):<40} "
                f"chosen {option.rate:4.0%}  upper {_share(option.upper)} "
                f"lower {_share(option.lower)}  r {pbis}"
            )
        for source in item.get("sources", ()):
            where = source.get("title", source["seed"])
            dated = f" ({source['date']})" if source.get("date") else ""
            out.append(f"    source: {where}{dated}: “{source['quote']}”")
        out.append(f"    facts: {', '.join(item['fact_ids'])}")
    return out


def question_labels(key: Mapping[str, Any]) -> dict[str, str]:
    """Each item as a teacher finds it on the paper: "Q7" (its number in version 1),
    with the other versions' numbers when they differ ("Q7/v2 Q3")."""
    numbers: dict[str, list[tuple[int, int]]] = {}
    for version in key["versions"]:
        for question in version["questions"]:
            numbers.setdefault(question["item_id"], []).append(
                (version["version"], question["number"])
            )
    labels = {}
    for item_id, places in numbers.items():
        (first_version, first), *others = places
        label = f"Q{first}" if first_version == 1 else f"v{first_version} Q{first}"
        label += "".join(f"/v{v} Q{n}" for v, n in others if n != first)
        labels[item_id] = label
    return labels


def _share(value: float) -> str:
    return " n/a" if math.isnan(value) else f"{value:4.0%}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _histogram(percents: Sequence[float]) -> list[str]:
    """The score distribution in tens of percent, as bars."""
    if not percents:
        return []
    bins = [0] * 10
    for value in percents:
        bins[min(9, max(0, int(value // 10)))] += 1
    top = max(bins)
    lines = ["Score distribution:"]
    for index, count in enumerate(bins):
        bar = "█" * math.ceil(_BAR * count / top) if count else ""
        lines.append(f"  {index * 10:3d}-{index * 10 + 9 if index < 9 else 100:<3d}% {bar} {count}")
    return lines


def scores_csv(scored: Sequence[Scored]) -> str:
    tags = sorted({tag for s in scored for tag in s.tags})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["student", "version", "points", "possible", "percent", "to_review", "source", *tags]
    )
    for s in scored:
        by_tag = [f"{s.tags[t][0]:g}/{s.tags[t][1]}" if t in s.tags else "" for t in tags]
        writer.writerow(
            [
                s.response.student,
                s.response.version,
                f"{s.total:g}",
                s.possible,
                f"{s.percent:.1f}",
                "; ".join(f"{n}: {why}" for n, why in s.review),
                s.response.source,
                *by_tag,
            ]
        )
    return buffer.getvalue()


def items_csv(key: Mapping[str, Any], items: Sequence[ItemStats]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            *("item_id", "kind", "prompt", "n", "p", "discrimination"),
            *("upper", "middle", "lower", "options", "flags", "quote"),
        ]
    )
    for stats in items:
        item = key["items"][stats.item_id]
        options = "; ".join(
            f"{'*' if o.right else ''}{o.text} {o.rate:.2f}"
            + (f" r={o.point_biserial:+.2f}" if o.point_biserial is not None else "")
            for o in stats.options
        )
        writer.writerow(
            [
                stats.item_id,
                item["kind"],
                item["prompt"],
                stats.n,
                f"{stats.difficulty:.3f}",
                "" if stats.discrimination is None else f"{stats.discrimination:.3f}",
                *(
                    ("" if math.isnan(v) else f"{v:.3f}")
                    for v in (stats.upper, stats.middle, stats.lower)
                ),
                options,
                "; ".join(stats.flags),
                " | ".join(source["quote"] for source in item.get("sources", ())),
            ]
        )
    return buffer.getvalue()


def analysis_json(scored: Sequence[Scored], test: TestStats, items: Sequence[ItemStats]) -> str:
    def clean(value: Any) -> Any:
        return None if isinstance(value, float) and math.isnan(value) else value

    data = {
        "format": "quiz-grade/1",
        "test": test.__dict__,
        "students": [
            {
                "student": s.response.student,
                "version": s.response.version,
                "source": s.response.source,
                "points": s.total,
                "possible": s.possible,
                "percent": round(s.percent, 2),
                "items": dict(s.points),
                "review": [{"question": n, "reason": why} for n, why in s.review],
                "tags": {tag: {"points": p, "possible": c} for tag, (p, c) in s.tags.items()},
            }
            for s in scored
        ],
        "items": [
            {
                **{k: clean(v) for k, v in stats.__dict__.items() if k != "options"},
                "options": [{k: clean(v) for k, v in o.__dict__.items()} for o in stats.options],
            }
            for stats in items
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
