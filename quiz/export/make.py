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
from quiz.export import kahoot, moodle, printable, qti, tabular
from quiz.export.bundle import Bundle, Skipped, write_files
from quiz.export.text import visible_quiz

PRINTABLE = {"pdf": printable.pdf, "html": printable.html_pages, "md": printable.markdown}
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


def render(quiz: Quiz, formats: Sequence[str], paper: str = "a4") -> list[Bundle]:
    """Each format's files, all made from the quiz's text as every format can hold it."""
    quiz = visible_quiz(quiz)
    renderers: list[Callable[[Quiz], Bundle]] = [
        partial(PRINTABLE[name], paper=paper) if name in PRINTABLE else PLATFORMS[name][0]
        for name in formats
    ]
    return [render_format(quiz) for render_format in renderers]


def make(
    quiz: Quiz, formats: Sequence[str], folder: Path, *, paper: str = "a4", replace: bool = False
) -> Made:
    """Render the formats and write their files into `folder`, all or nothing; raises
    SelectionError if no format can hold a question, ExportError if writing fails."""
    made = Made(folder)
    files: dict[str, bytes] = {}
    for name, bundle in zip(formats, render(quiz, formats, paper), strict=True):
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
