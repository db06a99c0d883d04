"""Bubble answer sheets as PDF: one per version, printed where quiz.sheets lays them out.

The students answer on the sheet, not on the question paper, and `quiz grade`
reads the scans. The corner markers are ArUco markers drawn cell by cell (from
OpenCV's own dictionary, so the reader's detector knows them) and the QR code is
drawn from segno's module matrix: vector squares, sharp at any printer's
resolution, and the same bytes for the same quiz.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import typst

from quiz.classroom import Quiz
from quiz.export.bundle import Bundle
from quiz.sheets import BUBBLE_R_MM, DEFAULT_DIGITS, LEFT_MM, MARKER_MM, QR_MM, SheetLayout, layout

__all__ = ["ARUCO_DICTIONARY", "pdf", "sheet_file", "typeset"]

_TEMPLATE = Path(__file__).parent / "sheet.typ"
ARUCO_DICTIONARY = "DICT_4X4_50"  # few bits per marker: big cells, read from far away
INSTRUCTIONS = (
    "Fill each bubble you choose completely with a dark pen or pencil. "
    "To change an answer, erase it completely. "
    "Write your student number in the boxes and fill the digit under each. "
    "Matching: one row per line of the question (a, b, c…). "
    "✓ ½ ✗ bubbles are for the teacher."
)


def sheet_file(version: int) -> str:
    return f"version-{version}-sheet.pdf"


def pdf(quiz: Quiz, paper: str = "a4", digits: int = DEFAULT_DIGITS) -> Bundle:
    key = quiz.key()
    files = {
        sheet_file(version.number): typeset(layout(key, version.number, paper=paper, digits=digits))
        for version in quiz.versions
    }
    return Bundle("sheet", files)


def typeset(sheet: SheetLayout, *, png_ppi: float | None = None) -> Any:
    """The sheet as PDF bytes, or with `png_ppi` as one PNG per page (what a scanner
    would see, for tests and benchmarks)."""
    data = json.dumps(_described(sheet), ensure_ascii=False)
    if png_ppi is None:
        return _compiler().compile(format="pdf", sys_inputs={"data": data})
    pages = _compiler().compile(format="png", ppi=png_ppi, sys_inputs={"data": data})
    return pages if isinstance(pages, list) else [pages]


@cache
def _compiler() -> typst.Compiler:
    # Only the fonts inside the typst package: the same PDF on every machine.
    return typst.Compiler(str(_TEMPLATE), root=str(_TEMPLATE.parent), ignore_system_fonts=True)


def _described(sheet: SheetLayout) -> dict[str, Any]:
    label = f"Version {sheet.version}" if sheet.versions > 1 else ""
    pages = []
    for page in sheet.pages:
        place = f"page {page.number} of {len(sheet.pages)}" if len(sheet.pages) > 1 else ""
        caption = " · ".join(part for part in ("Answer sheet", label, place) if part)
        notes_x = LEFT_MM + max(sheet.digits, 2) * 6.0 + 8.0
        pages.append(
            {
                "caption": caption,
                "markers": [
                    {"x": x, "y": y, "size": MARKER_MM, "cells": _marker(index)}
                    for index, (x, y) in enumerate(page.markers)
                ],
                "qr": {"x": page.qr[0], "y": page.qr[1], "size": QR_MM, "cells": _qr(page.qr_text)},
                "name_box": list(page.name_box),
                "digits": [_row(row) for row in page.digits],
                "rows": [_row(row) for row in page.rows],
                "notes": {"x": notes_x, "width": sheet.width - LEFT_MM - notes_x},
                "footer": f"quiz {sheet.quiz_id} · {page.qr_text}",
            }
        )
    return {
        "document_title": f"{sheet.title} · answer sheet",
        "title": sheet.title,
        "width": sheet.width,
        "height": sheet.height,
        "radius": BUBBLE_R_MM,
        "instructions": INSTRUCTIONS,
        "pages": pages,
    }


def _row(row: Any) -> dict[str, Any]:
    return {
        "label": row.label,
        "bubbles": [{"x": b.x, "y": b.y, "label": b.label} for b in row.bubbles],
    }


@cache
def _marker(marker_id: int) -> list[list[bool]]:
    """ArUco marker `marker_id` with its one-cell black border, as rows of cells."""
    import cv2

    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICTIONARY))
    image = cv2.aruco.generateImageMarker(dictionary, marker_id, 6, borderBits=1)
    return [[bool(pixel < 128) for pixel in line] for line in image]


def _qr(text: str) -> list[list[bool]]:
    import segno

    code = segno.make(text, error="m", micro=False)
    return [[bool(cell) for cell in line] for line in code.matrix]
