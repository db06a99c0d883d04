"""Bubble answer sheets: where everything on a sheet stands, in millimetres.

One description serves both ends: `quiz.export.sheet` prints a sheet from it and
`quiz.grade.omr` reads a scan by it, so a bubble is looked for exactly where it was
printed. It is computed from key.json alone (the version's questions, their kinds
and option counts), so a teacher who has only the key can still grade. Each page
carries four ArUco corner markers (ids 0-3, clockwise from the top left, so a
sheet scanned upside down is still read the right way up) and a QR code naming
the quiz, version, page, student-number digits and paper: everything the reader
needs to find this layout again. Pure: no drawing, no images.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Bubble",
    "Page",
    "Row",
    "SheetId",
    "SheetLayout",
    "layout",
    "parse_qr",
    "quiz_id",
]

PAPER_MM = {"a4": (210.0, 297.0), "us-letter": (215.9, 279.4)}
DEFAULT_DIGITS = 6
MAX_DIGITS = 12
QR_PREFIX = "quiz-sheet"

MARKER_MM = 14.0  # corner markers: big enough for a phone photo at arm's length
EDGE_MM = 8.0  # from the paper's edge to a marker: inside every printer's margin
QR_MM = 24.0
LEFT_MM = 26.0  # content starts right of the markers
BUBBLE_R_MM = 2.2
BUBBLE_PITCH_MM = 6.0
ROW_PITCH_MM = 6.5
LABEL_MM = 10.0  # a row's question number, left of its bubbles
COLUMNS = 3
GRID_TOP_MM = 44.0  # the student-number grid: a write-in box, then rows 0-9
DIGIT_PITCH_MM = 5.5
QUESTIONS_TOP_MM = 114.0
BOTTOM_MM = 26.0

# The teacher's mark on a written answer, as bubbles: right, half, wrong.
TEACHER_MARKS = (("✓", "1"), ("½", "0.5"), ("✗", "0"))
MATCH_ROWS = "abcdefghijkl"


@dataclass(frozen=True)
class Bubble:
    """One bubble: its centre in mm from the page's top left, its label and what it means."""

    x: float
    y: float
    label: str
    value: str  # a letter (A, B, …), a digit, or a teacher's credit ("1", "0.5", "0")


@dataclass(frozen=True)
class Row:
    """The bubbles of one answer: a question, one row of a matching question, or one
    digit of the student number. At most one bubble is meant to be filled, except for
    select-all questions."""

    label: str
    question: int  # the question's number in its version; 0 for a student-number digit
    part: int | None  # matching: the row's index as printed; digit: its position
    kind: str  # the item's kind, or "digit"
    bubbles: tuple[Bubble, ...]

    @property
    def many(self) -> bool:
        """Whether several filled bubbles are one answer (select-all), not a double mark."""
        return self.kind == "select_all"


@dataclass(frozen=True)
class Page:
    """One printed page: its markers, QR code, name box, student grid and rows."""

    number: int
    qr_text: str
    markers: tuple[tuple[float, float], ...]  # top-left corners of markers 0-3
    qr: tuple[float, float]  # its top-left corner; QR_MM square
    name_box: tuple[float, float, float, float]  # x, y, width, height
    digits: tuple[Row, ...]  # the student-number grid, one row per digit (drawn as columns)
    rows: tuple[Row, ...]

    def all_rows(self) -> tuple[Row, ...]:
        return (*self.digits, *self.rows)


@dataclass(frozen=True)
class SheetLayout:
    """Every page of one version's answer sheet."""

    quiz_id: str
    title: str
    version: int
    versions: int
    paper: str
    width: float
    height: float
    digits: int
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class SheetId:
    """What a sheet's QR code says."""

    quiz_id: str
    version: int
    page: int
    digits: int
    paper: str


def quiz_id(key: Mapping[str, Any]) -> str:
    """A short id of a quiz's versions (their items and orders): a sheet of another quiz,
    or of an earlier run with other questions, is told apart from this one's."""
    basis = json.dumps(key["versions"], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:10]


def qr_text(sheet: SheetId) -> str:
    return f"{QR_PREFIX}:{sheet.quiz_id}:{sheet.version}:{sheet.page}:{sheet.digits}:{sheet.paper}"


def parse_qr(text: str) -> SheetId | None:
    """The sheet a QR code names, or None if it is not one of ours."""
    parts = text.strip().split(":")
    if len(parts) != 6 or parts[0] != QR_PREFIX or parts[5] not in PAPER_MM:
        return None
    try:
        version, page, digits = int(parts[2]), int(parts[3]), int(parts[4])
    except ValueError:
        return None
    return SheetId(parts[1], version, page, digits, parts[5])


def layout(
    key: Mapping[str, Any], version: int, *, paper: str = "a4", digits: int = DEFAULT_DIGITS
) -> SheetLayout:
    """The answer sheet of `version` (numbered from 1) of the quiz `key` describes;
    ValueError if there is no such version or the digits are out of range."""
    if not 0 <= digits <= MAX_DIGITS:
        raise ValueError(f"the student number has 0 to {MAX_DIGITS} digits, not {digits}")
    versions = key["versions"]
    if not 1 <= version <= len(versions):
        raise ValueError(f"the quiz has versions 1 to {len(versions)}, not {version}")
    width, height = PAPER_MM[paper]
    ident = quiz_id(key)
    questions = versions[version - 1]["questions"]
    answer_rows = [row for question in questions for row in _rows(question)]
    per_column = int((height - BOTTOM_MM - QUESTIONS_TOP_MM) // ROW_PITCH_MM)
    per_page = per_column * COLUMNS
    chunks = [answer_rows[at : at + per_page] for at in range(0, len(answer_rows), per_page)]
    pages = []
    for number, chunk in enumerate(chunks or [[]], 1):
        sheet = SheetId(ident, version, number, digits, paper)
        pages.append(
            Page(
                number=number,
                qr_text=qr_text(sheet),
                markers=(
                    (EDGE_MM, EDGE_MM),
                    (width - EDGE_MM - MARKER_MM, EDGE_MM),
                    (width - EDGE_MM - MARKER_MM, height - EDGE_MM - MARKER_MM),
                    (EDGE_MM, height - EDGE_MM - MARKER_MM),
                ),
                qr=(width - LEFT_MM - QR_MM, EDGE_MM),
                name_box=(LEFT_MM, 28.0, width - 2 * LEFT_MM - QR_MM - 6.0, 10.0),
                digits=_digit_rows(digits),
                rows=_placed(chunk, width, per_column),
            )
        )
    return SheetLayout(
        ident, key["title"], version, len(versions), paper, width, height, digits, tuple(pages)
    )


def _rows(question: Mapping[str, Any]) -> list[tuple[str, int, int | None, str, list]]:
    """A question's rows before placing: label, number, part, kind, (label, value) pairs."""
    number, kind = question["number"], question["kind"]
    if kind in ("cloze", "recall"):
        return [(str(number), number, None, kind, list(TEACHER_MARKS))]
    letters = [(chr(65 + i), chr(65 + i)) for i in range(len(question["options"]))]
    if kind == "true_false":
        return [(str(number), number, None, kind, [("T", "A"), ("F", "B")])]
    if kind == "matching":
        return [
            (f"{number}{MATCH_ROWS[part]}", number, part, kind, letters)
            for part in range(len(question["left"]))
        ]
    return [(str(number), number, None, kind, letters)]


def _placed(rows: list, width: float, per_column: int) -> tuple[Row, ...]:
    column_width = (width - 2 * LEFT_MM) / COLUMNS
    placed = []
    for index, (label, number, part, kind, bubbles) in enumerate(rows):
        x0 = LEFT_MM + (index // per_column) * column_width + LABEL_MM + BUBBLE_R_MM
        y = QUESTIONS_TOP_MM + (index % per_column) * ROW_PITCH_MM + ROW_PITCH_MM / 2
        placed.append(
            Row(
                label,
                number,
                part,
                kind,
                tuple(
                    Bubble(round(x0 + i * BUBBLE_PITCH_MM, 3), round(y, 3), text, value)
                    for i, (text, value) in enumerate(bubbles)
                ),
            )
        )
    return tuple(placed)


def _digit_rows(digits: int) -> tuple[Row, ...]:
    """One row per digit of the student number, drawn as a column of 0-9 under a box."""
    top = GRID_TOP_MM + 8.0 + BUBBLE_R_MM
    return tuple(
        Row(
            f"digit {position + 1}",
            0,
            position,
            "digit",
            tuple(
                Bubble(
                    round(LEFT_MM + BUBBLE_R_MM + 0.5 + position * BUBBLE_PITCH_MM, 3),
                    round(top + value * DIGIT_PITCH_MM, 3),
                    str(value),
                    str(value),
                )
                for value in range(10)
            ),
        )
        for position in range(digits)
    )
