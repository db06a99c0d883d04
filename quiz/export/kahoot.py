"""Kahoot's quiz spreadsheet (.xlsx), laid out as Kahoot's own template.

Kahoot imports questions with two to four answers, one or more of them right.
Multiple choice, true/false and select-all items of at most four options fit;
written answers and matching do not. Kahoot's limits are 120 characters for a
question and 75 for an answer: an item over them is reported and left out,
never cut, since a cut question can change its meaning. Every text is stored
as a text cell, so a question that starts with `=` is never run as a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from quiz.classroom import LETTERS, Question, Quiz
from quiz.export.bundle import Bundle, fixed_zip, skipped
from quiz.export.text import FORMULA_START
from quiz.items import Kind

if TYPE_CHECKING:
    from openpyxl.cell import Cell

KAHOOT_FILE = "kahoot.xlsx"
MAX_QUESTION, MAX_ANSWER, MAX_ANSWERS = 120, 75, 4
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)  # seconds: the only values Kahoot accepts
HEADER_ROW = 8  # the template's table starts here, and Kahoot reads it from here
HEADERS = (  # columns B to H; A numbers the questions
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
FITS = (Kind.MCQ, Kind.TRUE_FALSE, Kind.SELECT_ALL)
_FIXED_DATE = "1980-01-01T00:00:00Z"
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def time_limit(question: Question) -> int:
    """Seconds to read the question and its answers, and decide, at a classroom pace."""
    characters = len(question.item.prompt) + sum(map(len, question.options))
    wanted = 10 + characters / 8 + (10 if question.kind is Kind.SELECT_ALL else 0)
    return next((limit for limit in TIME_LIMITS if limit >= wanted), TIME_LIMITS[-1])


def kahoot(quiz: Quiz) -> Bundle:
    bundle = Bundle("kahoot")
    rows = []
    for question in quiz.distinct_questions():
        problem = _misfit(question)
        if problem:
            bundle.skipped.append(skipped(question, problem, whole_kind=question.kind not in FITS))
            continue
        letters = [LETTERS.index(letter) + 1 for letter in question.letters]
        answers = [*question.options, *[""] * (MAX_ANSWERS - len(question.options))]
        correct = letters[0] if len(letters) == 1 else ",".join(map(str, letters))
        rows.append([question.item.prompt, *answers, time_limit(question), correct])
    if rows:
        bundle.files[KAHOOT_FILE] = _workbook(quiz.title, rows)
    return bundle


def _misfit(question: Question) -> str | None:
    if question.kind not in FITS:
        return "Kahoot holds only questions with two to four answers to choose from"
    problems = []
    if len(question.options) > MAX_ANSWERS:
        problems.append(f"it has {len(question.options)} answers, Kahoot allows {MAX_ANSWERS}")
    if len(question.item.prompt) > MAX_QUESTION:
        problems.append(
            f"the question has {len(question.item.prompt)} characters, Kahoot allows {MAX_QUESTION}"
        )
    for letter, option in zip(LETTERS, question.options, strict=False):
        if len(option) > MAX_ANSWER:
            problems.append(
                f"answer {letter} has {len(option)} characters, Kahoot allows {MAX_ANSWER}"
            )
    return "; ".join(problems) or None


def _workbook(title: str, rows: list[list[object]]) -> bytes:
    # Imported here: openpyxl takes longer to load than the rest of `quiz` put together.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    book.properties.creator = "quiz"
    book.properties.title = title
    _text_cell(sheet["B2"], title).font = Font(bold=True, size=14)
    sheet["B3"] = "Kahoot: Create > Add question > Import spreadsheet, then choose this file."
    for column, header in enumerate(HEADERS, 2):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(rows, 1):
        sheet.cell(HEADER_ROW + offset, 1, offset)
        for column, value in enumerate(row, 2):
            cell = sheet.cell(HEADER_ROW + offset, column)
            if isinstance(value, str):
                _text_cell(cell, value)
            else:
                cell.value = value
    for column, width in zip("ABCDEFGH", (4, 60, 25, 25, 25, 25, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return _without_dates(buffer.getvalue())


def _text_cell(cell: Cell, text: str) -> Cell:
    """Store `text` as text: openpyxl makes a formula of any string that starts with "=",
    and Excel re-reads one that starts with "+", "-" or "@" when it is edited (the quote
    prefix stops that)."""
    cell.value = text
    cell.data_type = "s"
    cell.quotePrefix = text.startswith(FORMULA_START)
    return cell


def _without_dates(xlsx: bytes) -> bytes:
    """The workbook with fixed dates in its properties and its zip entries, so the
    same quiz gives the same bytes (openpyxl stamps the time of saving)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        entries = []
        for name in archive.namelist():
            data = archive.read(name)
            if name == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>" + _FIXED_DATE.encode() + rb"\g<3>", data)
            entries.append((name, data))
    return fixed_zip(entries)
