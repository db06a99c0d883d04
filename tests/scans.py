"""Synthetic scans of answer sheets: a rendered sheet, bubbles filled as students fill
them (pen, pencil, faint, erased), then the page photographed badly (turned, tilted,
blurred, noisy, unevenly lit). Shared by the grading tests and the benchmark."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from quiz.export.sheet import typeset
from quiz.grade.omr import MARKED
from quiz.sheets import BUBBLE_R_MM, Bubble, SheetLayout

PPI = 150
PX_PER_MM = PPI / 25.4


def rendered(sheet: SheetLayout, ppi: float = PPI) -> list[np.ndarray]:
    """Each page of the sheet as a grey image, as a flatbed scanner would see it (a fresh
    copy: the caller may draw on it)."""
    return [page.copy() for page in _rendered(sheet, ppi)]


@cache
def _rendered(sheet: SheetLayout, ppi: float) -> tuple[np.ndarray, ...]:
    # Typesetting is most of a synthetic sheet's cost; a layout is the same every time.
    pages = typeset(sheet, png_ppi=ppi)
    return tuple(cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE) for png in pages)


@dataclass(frozen=True)
class Fill:
    """How a bubble is marked: `expect` is what a reader must make of it."""

    style: str  # pen, pencil, light (a pale but full mark), erased, faint
    expect: str  # "mark", "blank" or "ambiguous"


FILLS = {
    "pen": Fill("pen", "mark"),
    "pencil": Fill("pencil", "mark"),
    "erased": Fill("erased", "blank"),
    "faint": Fill("faint", "ambiguous"),
}


def fill(image: np.ndarray, bubble: Bubble, style: str, rng: random.Random) -> None:
    """Mark one bubble in place, at its printed position."""
    centre = (round(bubble.x * PX_PER_MM), round(bubble.y * PX_PER_MM))
    radius = BUBBLE_R_MM * PX_PER_MM
    if style == "pen":
        cv2.circle(image, centre, round(radius * rng.uniform(0.85, 1.05)), rng.randint(10, 50), -1)
    elif style == "pencil":
        # strokes of graphite: grey, uneven, not quite filling the circle
        mask = np.zeros_like(image)
        for step in range(10):
            dy = (step / 9 - 0.5) * 1.7 * radius + rng.uniform(-1, 1)
            span = (radius**2 - dy**2) ** 0.5 * 0.95
            start = (round(centre[0] - span), round(centre[1] + dy))
            end = (round(centre[0] + span), round(centre[1] + dy + rng.uniform(-2, 2)))
            cv2.line(mask, start, end, 255, max(2, round(radius / 3)))
        shade = np.full_like(image, rng.randint(60, 100))
        image[mask > 0] = np.minimum(image[mask > 0], shade[mask > 0])
    elif style == "erased":
        # what an eraser leaves: a pale smudge
        cv2.circle(image, centre, round(radius * 0.9), rng.randint(225, 238), -1)
    elif style == "faint":
        # a mark half made or half rubbed out: neither blank nor a mark
        cv2.circle(image, centre, round(radius * 0.9), rng.randint(160, 180), -1)
    else:
        raise ValueError(style)


def photographed(image: np.ndarray, rng: random.Random, *, strength: float = 1.0) -> np.ndarray:
    """The page as a phone sees it: turned, tilted in perspective, on a darker desk,
    lit from one side, blurred and noisy."""
    height, width = image.shape
    pad = int(0.08 * max(width, height))
    canvas = np.full((height + 2 * pad, width + 2 * pad), rng.randint(60, 120), np.uint8)
    canvas[pad : pad + height, pad : pad + width] = image
    right, bottom = pad + width, pad + height
    corners = np.float32([[pad, pad], [right, pad], [right, bottom], [pad, bottom]])
    jitter = 0.05 * strength * width
    shifts = [[rng.uniform(-jitter, jitter) for _ in range(2)] for _ in range(4)]
    moved = corners + np.float32(shifts)
    angle = np.deg2rad(rng.uniform(-8, 8) * strength + rng.choice([0, 0, 0, 180]))
    centre = moved.mean(axis=0)
    turn = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    moved = (moved - centre) @ turn.T + centre
    warp = cv2.getPerspectiveTransform(corners, np.float32(moved))
    out = cv2.warpPerspective(canvas, warp, (canvas.shape[1], canvas.shape[0]), borderValue=90)
    gradient = np.linspace(rng.uniform(0.75, 0.95), 1.0, out.shape[1], dtype=np.float32)
    out = out.astype(np.float32) * (gradient if rng.random() < 0.5 else gradient[::-1])
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.4, 1.4) * strength)
    out += np.random.default_rng(rng.randint(0, 2**31)).normal(0, 6 * strength, out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Truth:
    """What a synthetic sheet says: the student, and each row's marks or its doubt."""

    student: str
    marks: dict[str, frozenset[str]]  # by row label: the values of the marked bubbles
    unclear: frozenset[str]  # rows with a faint mark, which a reader must flag


def synthetic(
    sheet: SheetLayout, rng: random.Random, *, photo: bool, doubt: float = 0.04
) -> tuple[np.ndarray, Truth]:
    """A filled-in first page: pen or pencil marks, some double marks and blanks,
    erasures beside some marks and, with probability `doubt` a row, a faint mark."""
    image = rendered(sheet)[0]
    page = sheet.pages[0]
    student = "".join(str(rng.randrange(10)) for _ in page.digits)
    for row, digit in zip(page.digits, student, strict=True):
        fill(image, row.bubbles[int(digit)], rng.choice(["pen", "pencil"]), rng)
    marks, unclear = {}, set()
    for row in page.rows:
        count = len(row.bubbles)
        roll = rng.random()
        if row.many:
            chosen = rng.sample(range(count), rng.randint(1, 3))
        elif roll < 0.06:
            chosen = []  # left blank
        elif roll < 0.12:
            chosen = rng.sample(range(count), 2)  # a double mark
        else:
            chosen = [rng.randrange(count)]
        for index in chosen:
            fill(image, row.bubbles[index], rng.choice(["pen", "pencil"]), rng)
        free = [index for index in range(count) if index not in chosen]
        if free and rng.random() < 0.15:
            fill(image, row.bubbles[free.pop(rng.randrange(len(free)))], "erased", rng)
        if free and rng.random() < doubt:
            fill(image, row.bubbles[rng.choice(free)], "faint", rng)
            unclear.add(row.label)
        marks[row.label] = frozenset(row.bubbles[index].value for index in chosen)
    if photo:
        image = photographed(image, rng)
    return image, Truth(student, marks, frozenset(unclear))


def bubbles_right(read, truth: Truth) -> tuple[int, int, list[str]]:
    """How many bubbles the read got right of how many, and the rows it got wrong.
    A row with a faint mark is right only if the read flags it (never guessed)."""
    right = total = 0
    wrong = []
    for row_read in read.rows:
        label = row_read.row.label
        expected = truth.marks[label]
        flagged = row_read.state.value == "ambiguous"
        for bubble, fill_level in zip(row_read.row.bubbles, row_read.fills, strict=True):
            total += 1
            if label in truth.unclear:
                ok = flagged  # its marks are for a person to decide
            else:
                ok = not flagged and (fill_level >= MARKED) == (bubble.value in expected)
            right += ok
        if (label in truth.unclear) != flagged or (
            label not in truth.unclear and frozenset(row_read.chosen) != expected
        ):
            wrong.append(label)
    return right, total, wrong


@dataclass(frozen=True)
class Tally:
    """How a batch of synthetic sheets was read."""

    sheets: int
    not_read: int
    bubbles: int
    right: int
    students: int  # student numbers read right
    unclear: int  # rows with a faint mark
    flagged: int  # of those, flagged for review

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            *(a + b for a, b in zip(vars(self).values(), vars(other).values(), strict=True))
        )


def read_batch(key: dict, indices: range, seed: int = 2026) -> Tally:
    """Make and read the sheets `indices` (odd ones photographed), each from its own
    seed, so a batch may be split across processes and still be the same sheets."""
    from quiz.grade.omr import ScanError, read_sheet
    from quiz.sheets import layout

    tally = Tally(0, 0, 0, 0, 0, 0, 0)
    for index in indices:
        rng = random.Random(f"{seed}-{index}")
        image, truth = synthetic(layout(key, 1 + index % 2), rng, photo=index % 2 == 1)
        try:
            read = read_sheet(image, key)
        except ScanError:
            tally += Tally(1, 1, 0, 0, 0, len(truth.unclear), 0)
            continue
        ok, count, _ = bubbles_right(read, truth)
        flagged = sum(row.row.label in truth.unclear for row in read.review())
        tally += Tally(1, 0, count, ok, read.student == truth.student, len(truth.unclear), flagged)
    return tally
