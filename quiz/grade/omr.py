"""Reading a scanned answer sheet: corners, QR code, then every bubble.

The four ArUco corner markers give a homography from the photo to the printed
page, so a phone photo taken at an angle is read as a flat scan; the QR code
says which quiz, version and page this is, and `quiz.sheets` says where each
bubble was printed. A bubble's darkness is measured against this sheet's own
blank bubbles and its own clear marks, not against fixed numbers, so a grey
scan, a pale pencil or uneven light shifts both ends alike. Between "blank" and
"marked" lies a band that is neither: a bubble there (a half-erased or faint
mark) makes its row ambiguous, and an ambiguous row is never guessed: it is
returned for review with its crop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

import cv2
import numpy as np

from quiz.export.sheet import ARUCO_DICTIONARY
from quiz.sheets import (
    BUBBLE_R_MM,
    EDGE_MM,
    LEFT_MM,
    MARKER_MM,
    PAPER_MM,
    QR_MM,
    Page,
    Row,
    SheetId,
    layout,
    parse_qr,
    quiz_id,
)

__all__ = ["RowRead", "ScanError", "SheetRead", "State", "read_sheet"]

SCALE = 6.0  # pixels per mm of the flattened sheet: a bubble is ~26 px across
# A bubble's fill, 0 for the sheet's typical blank and 1 for its typical clear mark.
MARKED = 0.6  # at or above: a mark
BLANK = 0.25  # below: no mark (an erasure's ghost, a speck)
CLEAR_MARK = 0.25  # darker than the blank level by this much: surely a mark (ink level)
DEFAULT_INK = 0.55  # the ink level above blank when a sheet has too few clear marks
_SAMPLE = 0.62  # the part of the radius measured: inside the printed outline


class ScanError(Exception):
    """A scan that cannot be read as one of this quiz's sheets, and why."""


class State(StrEnum):
    BLANK = "blank"
    SINGLE = "single"
    SEVERAL = "several"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class RowRead:
    """What one row of bubbles says."""

    row: Row
    chosen: tuple[str, ...]  # the values of the marked bubbles
    state: State
    fills: tuple[float, ...]  # each bubble's fill (see MARKED, BLANK)


@dataclass(frozen=True)
class SheetRead:
    """One scanned page, read: which sheet it is, the student and every answer row."""

    sheet: SheetId
    student: str | None  # None when the grid is blank or unclear (see `digits`)
    digits: tuple[RowRead, ...]
    rows: tuple[RowRead, ...]
    flat: np.ndarray  # the flattened page in 8-bit grey, SCALE pixels per mm: crops, hand-backs

    def review(self) -> tuple[RowRead, ...]:
        """The rows a person must look at: a bubble neither blank nor marked, or a
        student-number digit that is not one clear mark."""
        unclear = tuple(read for read in self.rows if read.state is State.AMBIGUOUS)
        return (*(read for read in self.digits if read.state is not State.SINGLE), *unclear)

    def crop(self, row: Row) -> np.ndarray:
        """The flattened image around a row, label included, for a reviewer."""
        xs = [bubble.x for bubble in row.bubbles]
        ys = [bubble.y for bubble in row.bubbles]
        pad = BUBBLE_R_MM * 2
        left = int(max(0, (min(xs) - pad - (10 if row.kind != "digit" else 0)) * SCALE))
        right = int((max(xs) + pad) * SCALE)
        top = int(max(0, (min(ys) - pad) * SCALE))
        bottom = int((max(ys) + pad) * SCALE)
        return self.flat[top:bottom, left:right]


def read_sheet(image: np.ndarray, key: Mapping[str, Any]) -> SheetRead:
    """Read one page (a grey or colour image of any size and angle); ScanError if its
    corners or QR code cannot be found, or it belongs to another quiz."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    corners = _markers(gray)
    flat = _flatten(gray, corners, "a4")
    sheet = _sheet_id(flat, gray)
    if sheet.quiz_id != quiz_id(key):
        raise ScanError(f"a sheet of another quiz ({sheet.quiz_id}), not of this key's")
    if sheet.paper != "a4":
        flat = _flatten(gray, corners, sheet.paper)
    try:
        pages = layout(key, sheet.version, paper=sheet.paper, digits=sheet.digits).pages
    except ValueError as error:
        raise ScanError(str(error)) from None
    if not 1 <= sheet.page <= len(pages):
        raise ScanError(f"version {sheet.version} has no page {sheet.page}")
    page = pages[sheet.page - 1]
    return _read_page(flat, sheet, page)


def _markers(gray: np.ndarray) -> dict[int, np.ndarray]:
    """The corners of markers 0-3 in the image, by id; at least three must show."""
    found: dict[int, np.ndarray] = {}
    for attempt in (gray, cv2.equalizeHist(gray)):
        corners, ids, _ = _detector().detectMarkers(attempt)
        if ids is not None:
            for marker, quad in zip(ids.ravel(), corners, strict=True):
                if 0 <= marker <= 3:
                    found.setdefault(int(marker), quad.reshape(4, 2))
        if len(found) == 4:
            break
    if len(found) < 3:
        raise ScanError(f"found {len(found)} of the 4 corner markers (at least 3 are needed)")
    return found


@cache
def _detector() -> cv2.aruco.ArucoDetector:
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICTIONARY))
    parameters = cv2.aruco.DetectorParameters()
    parameters.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    return cv2.aruco.ArucoDetector(dictionary, parameters)


def _flatten(gray: np.ndarray, corners: Mapping[int, np.ndarray], paper: str) -> np.ndarray:
    """The page as printed, SCALE pixels per mm, evenly lit: each pixel divided by the
    paper's local brightness, so shadows and grey scans read as white paper."""
    width, height = PAPER_MM[paper]
    origins = _marker_origins(width, height)
    source, target = [], []
    for marker, quad in corners.items():
        x, y = origins[marker]
        square = [(x, y), (x + MARKER_MM, y), (x + MARKER_MM, y + MARKER_MM), (x, y + MARKER_MM)]
        source.extend(quad)
        target.extend((px * SCALE, py * SCALE) for px, py in square)
    homography, _ = cv2.findHomography(np.float32(source), np.float32(target))
    if homography is None:
        raise ScanError("the corner markers do not frame a page")
    size = (round(width * SCALE), round(height * SCALE))
    flat = cv2.warpPerspective(gray, homography, size, flags=cv2.INTER_AREA, borderValue=255)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (int(BUBBLE_R_MM * SCALE * 4),) * 2)
    paper_light = cv2.morphologyEx(flat, cv2.MORPH_CLOSE, kernel)
    paper_light = cv2.GaussianBlur(paper_light, (0, 0), BUBBLE_R_MM * SCALE)
    return np.clip(flat.astype(np.float32) / np.maximum(paper_light, 1), 0, 1)


def _marker_origins(width: float, height: float) -> dict[int, tuple[float, float]]:
    far_x, far_y = width - EDGE_MM - MARKER_MM, height - EDGE_MM - MARKER_MM
    return {0: (EDGE_MM, EDGE_MM), 1: (far_x, EDGE_MM), 2: (far_x, far_y), 3: (EDGE_MM, far_y)}


def _sheet_id(flat: np.ndarray, gray: np.ndarray) -> SheetId:
    """The QR code's sheet: looked for where it is printed, then anywhere in the photo."""
    width = flat.shape[1] / SCALE
    x, y, margin = width - LEFT_MM - QR_MM, EDGE_MM, 3.0
    # Just the code and its quiet zone: a piece of the corner marker beside it in the
    # crop is enough to make a blurred photo's code unreadable.
    tight = flat[
        int((y - margin) * SCALE) : int((y + QR_MM + margin) * SCALE),
        int((x - margin) * SCALE) : int((x + QR_MM + margin) * SCALE),
    ]
    left = int((width - LEFT_MM - QR_MM - 6) * SCALE)
    region = flat[0 : int((EDGE_MM + QR_MM + 6) * SCALE), max(0, left) : int((width - 16) * SCALE)]
    detector = cv2.QRCodeDetector()
    code = np.uint8(np.clip(tight, 0, 1) * 255)
    crisp = np.uint8(region * 255)
    _, binary = cv2.threshold(crisp, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    larger = cv2.resize(binary, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)
    smooth = cv2.resize(code, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    # a blurred photo's code often reads once its greys are made black or white
    for candidate in (code, smooth, crisp, binary, larger, gray):
        text, _, _ = detector.detectAndDecode(candidate)
        if text:
            sheet = parse_qr(text)
            if sheet is None:
                raise ScanError(f"the QR code is not a quiz sheet's ({text[:40]!r})")
            return sheet
    raise ScanError("the QR code cannot be read")


@cache
def _disk(radius: int) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[-radius : radius + 1, -radius : radius + 1]
    inside = xs**2 + ys**2 <= radius**2
    return ys[inside], xs[inside]


def _read_page(flat: np.ndarray, sheet: SheetId, page: Page) -> SheetRead:
    rows = page.all_rows()
    dy, dx = _disk(round(BUBBLE_R_MM * _SAMPLE * SCALE))
    darkness = []
    for row in rows:
        for bubble in row.bubbles:
            cx, cy = round(bubble.x * SCALE), round(bubble.y * SCALE)
            darkness.append(1.0 - float(flat[cy + dy, cx + dx].mean()))
    levels = np.array(darkness)
    blank = float(np.percentile(levels, 25))
    clear = levels[levels > blank + CLEAR_MARK]
    ink = float(np.median(clear)) if len(clear) >= 3 else blank + DEFAULT_INK
    span = max(ink - blank, CLEAR_MARK)
    fills = iter((levels - blank) / span)
    reads = [_row_read(row, [float(next(fills)) for _ in row.bubbles]) for row in rows]
    digits = tuple(reads[: len(page.digits)])
    student = None
    if digits and all(read.state is State.SINGLE for read in digits):
        student = "".join(read.chosen[0] for read in digits)
    grey = np.uint8(np.clip(flat * 255, 0, 255))  # a quarter of the float page, kept per sheet
    return SheetRead(sheet, student, digits, tuple(reads[len(page.digits) :]), grey)


def _row_read(row: Row, fills: list[float]) -> RowRead:
    chosen = tuple(b.value for b, fill in zip(row.bubbles, fills, strict=True) if fill >= MARKED)
    unsure = any(BLANK <= fill < MARKED for fill in fills)
    if unsure:
        state = State.AMBIGUOUS
    elif not chosen:
        state = State.BLANK
    else:
        state = State.SINGLE if len(chosen) == 1 else State.SEVERAL
    return RowRead(row, chosen, state, tuple(round(fill, 3) for fill in fills))
