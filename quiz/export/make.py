"""The formats `quiz make` writes: which module renders each, and writing them together.

The output folder ends up holding this quiz's files, written all at once: with
--force, an earlier run's files that this one does not write (a sheet for a
version this quiz does not have) are removed, never left to be printed by
mistake, and files quiz did not write are never touched (see
`quiz.export.bundle.write_files`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from quiz.classroom import Quiz, SelectionError
from quiz.export import kahoot, moodle, printable, qti, sheet, tabular
from quiz.export.bundle import Bundle, Skipped, write_files
from quiz.export.text import visible_quiz
from quiz.sheets import DEFAULT_DIGITS

PRINTABLE = {
    "pdf": printable.pdf,
    "html": printable.html_pages,
    "md": printable.markdown,
    "sheet": sheet.pdf,
}
PLATFORMS: dict[str, tuple[Callable[[Quiz], Bundle], str]] = {
    "gift": (moodle.gift, moodle.GIFT_FILE),
    "moodle-xml": (moodle.moodle_xml, moodle.XML_FILE),
    "qti": (qti.qti, qti.QTI_FILE),
    "aiken": (tabular.aiken, tabular.AIKEN_FILE),
    "kahoot": (kahoot.kahoot, kahoot.KAHOOT_FILE),
    "csv": (tabular.csv_table, tabular.CSV_FILE),
    "json": (tabular.json_key, tabular.KEY_FILE),
}


@dataclass
class Made:
    """What one `quiz make` wrote, and what each format left out."""

    folder: Path
    files: list[str] = field(default_factory=list)
    skipped: dict[str, list[Skipped]] = field(default_factory=dict)  # by file (or format)
    unwritten: list[str] = field(default_factory=list)  # formats with no question that fits
    stricter: dict[str, list[Skipped]] = field(default_factory=dict)  # by file: exact matching


def render(
    quiz: Quiz, formats: Sequence[str], paper: str = "a4", digits: int = DEFAULT_DIGITS
) -> list[Bundle]:
    """Each format's files, all made from the quiz's text as every format can hold it;
    `digits` is the length of the student number on answer sheets."""
    quiz = visible_quiz(quiz)
    return [_renderer(name, paper, digits)(quiz) for name in formats]


def _renderer(name: str, paper: str, digits: int) -> Callable[[Quiz], Bundle]:
    if name == "sheet":
        return partial(sheet.pdf, paper=paper, digits=digits)
    if name in PRINTABLE:
        return partial(PRINTABLE[name], paper=paper)
    return PLATFORMS[name][0]


def make(
    quiz: Quiz,
    formats: Sequence[str],
    folder: Path,
    *,
    paper: str = "a4",
    digits: int = DEFAULT_DIGITS,
    replace: bool = False,
) -> Made:
    """Render the formats and write their files into `folder`, all or nothing; raises
    SelectionError if no format can hold a question, ExportError if writing fails."""
    made = Made(folder)
    files: dict[str, bytes] = {}
    for name, bundle in zip(formats, render(quiz, formats, paper, digits), strict=True):
        files.update(bundle.files)
        label = PLATFORMS[name][1] if name in PLATFORMS else name
        if bundle.skipped:
            made.skipped[label] = bundle.skipped
        if bundle.stricter:
            made.stricter[label] = bundle.stricter
        if not bundle.files:
            made.unwritten.append(PLATFORMS[name][1] if name in PLATFORMS else name)
    if not files:
        raise SelectionError(
            f"nothing to write: no question of this quiz fits {', '.join(made.unwritten)}"
        )
    write_files(folder, files, replace=replace)
    made.files = list(files)
    return made
