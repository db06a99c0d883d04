"""Sheets to hand back: each student's answer sheet with the right answers and the score.

A scanned student gets their own sheet back, as the scan was flattened for reading
(so their marks are the marks they made), with every right answer ringed in green,
every wrong mark struck in red, a verdict beside each row (✓, ✗, partial credit, or
? for an answer the teacher still has to decide) and a box with the score. A student
whose answers came from a table (typed, Moodle, Canvas) gets the printed sheet of
their version with their answers filled in, marked the same way. Typeset with Typst
like the sheets themselves; the images go into a temporary folder Typst reads from.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import typst

from quiz.grade.responses import SEVERAL, Answer, questions_of
from quiz.grade.scoring import Scored
from quiz.sheets import BUBBLE_R_MM, DEFAULT_DIGITS, LEFT_MM, PAPER_MM, Row, layout

__all__ = ["SheetPage", "annotated_pdf", "file_name", "pages_from_answers", "pages_from_reads"]

_TEMPLATE = Path(__file__).parent / "annotated.typ"
BLANK_PPI = 150  # the printed sheet behind a table's answers: sharp enough to read


@dataclass(frozen=True)
class SheetPage:
    """One page to annotate: its picture, its rows and the values marked on each."""

    paper: str
    image: bytes  # PNG or JPEG of the whole page, edge to edge
    suffix: str  # ".png" or ".jpg"
    digits: int
    rows: tuple[Row, ...]
    chosen: Mapping[str, tuple[str, ...]]  # by row label: the bubble values marked
    filled: bool  # whether to draw the chosen bubbles (a printed sheet, not a scan)


def pages_from_reads(reads: Sequence[Any]) -> list[SheetPage]:
    """The pages of a student's scans (`quiz.grade.omr.SheetRead`), page order kept."""
    import cv2

    pages = []
    for read in sorted(reads, key=lambda read: read.sheet.page):
        ok, jpeg = cv2.imencode(".jpg", read.flat, [cv2.IMWRITE_JPEG_QUALITY, 80])
        if not ok:  # pragma: no cover - OpenCV encodes any grey image
            continue
        pages.append(
            SheetPage(
                read.sheet.paper,
                jpeg.tobytes(),
                ".jpg",
                read.sheet.digits,
                tuple(row.row for row in read.rows),
                {row.row.label: row.chosen for row in read.rows},
                filled=False,
            )
        )
    return pages


def pages_from_answers(key: Mapping[str, Any], scored: Scored) -> list[SheetPage]:
    """The printed sheet of the student's version, with their answers filled in."""
    version = scored.response.version
    sheet = layout(key, version)
    questions = questions_of(key, version)
    pages = []
    for page, image in zip(sheet.pages, _blank(json.dumps(key), version), strict=True):
        chosen = {
            row.label: _values(questions[row.question], row, scored.response.answers)
            for row in page.rows
        }
        pages.append(SheetPage(sheet.paper, image, ".png", DEFAULT_DIGITS, page.rows, chosen, True))
    return pages


@cache
def _blank(key_json: str, version: int) -> tuple[bytes, ...]:
    from quiz.export.sheet import typeset

    return tuple(typeset(layout(json.loads(key_json), version), png_ppi=BLANK_PPI))


def _values(question: Mapping[str, Any], row: Row, answers: Mapping[int, Answer]) -> tuple:
    answer = answers.get(row.question)
    if answer is None:
        return ()
    if row.kind == "matching":
        letter = (
            answer.rows[row.part] if row.part is not None and row.part < len(answer.rows) else None
        )
        return () if letter in (None, SEVERAL) else (letter,)
    if row.kind in ("cloze", "recall"):
        return (f"{answer.credit:g}",) if answer.credit is not None else ()
    return tuple(answer.letters)


def annotated_pdf(
    key: Mapping[str, Any], scored: Scored, pages: Sequence[SheetPage], rule: str
) -> bytes:
    """The student's pages as one PDF, marked and scored."""
    questions = questions_of(key, scored.response.version)
    review = dict(scored.review)
    with tempfile.TemporaryDirectory(prefix="quiz-annotate-") as folder:
        described = []
        for number, page in enumerate(pages, 1):
            name = f"page-{number}{page.suffix}"
            (Path(folder) / name).write_bytes(page.image)
            described.append(_page(page, f"/{name}", questions, scored, review))
        data = {
            "title": key["title"],
            "radius": BUBBLE_R_MM,
            "score": _score_box(key, scored, rule, pages[0] if pages else None),
            "pages": described,
        }
        result = typst.compile(
            _TEMPLATE.read_bytes(),
            root=folder,
            format="pdf",
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        )
    assert isinstance(result, bytes)
    return result


def _page(
    page: SheetPage,
    image: str,
    questions: Mapping[int, Mapping[str, Any]],
    scored: Scored,
    review: Mapping[int, str],
) -> dict[str, Any]:
    width, height = PAPER_MM[page.paper]
    marks = []
    for row in page.rows:
        question = questions[row.question]
        right = _right(question, row)
        chosen = set(page.chosen.get(row.label, ()))
        bubbles = []
        for bubble in row.bubbles:
            bubbles.append(
                {
                    "x": bubble.x,
                    "y": bubble.y,
                    "right": bubble.value in right,
                    "chosen": bubble.value in chosen,
                    "wrong": bubble.value in chosen and bool(right) and bubble.value not in right,
                }
            )
        last = row.bubbles[-1]
        verdict, tone = _verdict(question, row, right, chosen, scored, review)
        marks.append({"bubbles": bubbles, "x": last.x + BUBBLE_R_MM + 1.2, "y": last.y})
        marks[-1].update(verdict=verdict, tone=tone)
    return {"width": width, "height": height, "image": image, "filled": page.filled, "rows": marks}


def _right(question: Mapping[str, Any], row: Row) -> frozenset[str]:
    kind = question["kind"]
    if kind in ("cloze", "recall"):
        return frozenset()
    if kind == "true_false":
        return frozenset({question["letter"]})
    if kind == "matching":
        return frozenset({question["answer"][row.part]}) if row.part is not None else frozenset()
    answer = question["answer"]
    return frozenset(answer if isinstance(answer, list) else [answer])


def _verdict(
    question: Mapping[str, Any],
    row: Row,
    right: frozenset[str],
    chosen: set[str],
    scored: Scored,
    review: Mapping[int, str],
) -> tuple[str, str]:
    """What to write beside the row, and in which tone (good, bad, part, ask)."""
    if row.question in review:
        return "?", "ask"
    credit = scored.points.get(question["item_id"])
    if row.kind == "matching":
        return ("✓", "good") if chosen == right else ("✗", "bad")
    if credit is None:
        return "", "part"
    if credit >= 1:
        return "✓", "good"
    if credit <= 0:
        return ("✗" if credit == 0 else f"{credit:.2g}".replace("-", "−")), "bad"
    return ("½" if credit == 0.5 else f"{credit:.2g}"), "part"


def _score_box(
    key: Mapping[str, Any], scored: Scored, rule: str, first: SheetPage | None
) -> dict[str, Any]:
    width = PAPER_MM[first.paper][0] if first else 210.0
    digits = first.digits if first else DEFAULT_DIGITS
    x = LEFT_MM + max(digits, 2) * 6.0 + 8.0
    response = scored.response
    versions = len(key["versions"])
    lines = [
        response.student + (f" · version {response.version}" if versions > 1 else ""),
    ]
    pending = len(scored.review)
    note = (
        f"{pending} answer{'s' if pending != 1 else ''} marked ? for your teacher to decide, "
        "not yet counted"
        if pending
        else ""
    )
    return {
        "x": x,
        "y": 76.0,
        "width": width - LEFT_MM - x,
        "lines": lines,
        "score": f"{scored.total:g} / {scored.possible}",
        "percent": f"{scored.percent:.0f}%",
        "rule": f"scored {rule}: green rings are the right answers, red strokes your wrong marks",
        "note": note,
    }


def file_name(student: str, taken: Iterable[str]) -> str:
    """A file name for a student's sheet: safe on every system, unique in the folder."""
    stem = re.sub(r"[^\w.-]+", "-", student.replace("?", "unknown")).strip("-.") or "student"
    stem = stem[:80]
    used = set(taken)
    name, number = f"{stem}.pdf", 1
    while name in used:
        number += 1
        name = f"{stem}-{number}.pdf"
    return name
