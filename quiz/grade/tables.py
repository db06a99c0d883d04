"""Responses from tables: a typed CSV, Moodle's "Responses" report, Canvas's "Student Analysis".

The typed CSV is the teacher's own: one row per student, columns `student`,
`version` and one per question number (`1`, `2`, …) holding letters (`B`; `AC`
for select-all; one letter per row for matching, `BDA`), `T`/`F`, or the written
answer. Moodle and Canvas give each response as the option's text, so each is
mapped back to the item by its text: Moodle's report has `Response 1`, `Response 2`…
in the quiz's slot order (that of moodle.xml, the key's item order, unless the
report also has `Question N` columns to match by); Canvas heads each question's
column `id: question text` and follows it with a points column. LMS answers are
framed as version 1, whose letters they then use. A response no option matches
is sent to review, never dropped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Any

from quiz.answers import normalise_answer
from quiz.grade.responses import Answer, Response, questions_of

__all__ = ["TableError", "read_table"]

_CANVAS_QUESTION = re.compile(r"^(\d+): (.*)$", re.S)
_MOODLE_RESPONSE = re.compile(r"^Response (\d+)$")
_BLANK = {"", "-"}


class TableError(ValueError):
    """A table that is none of the kinds quiz reads, or lacks what it needs."""


def read_table(text: str, key: Mapping[str, Any], source: str) -> tuple[str, list[Response]]:
    """The table's kind ("typed", "moodle" or "canvas") and its responses."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        raise TableError("the table is empty")
    header = [cell.strip() for cell in rows[0]]
    if any(_MOODLE_RESPONSE.match(cell) for cell in header):
        return "moodle", _moodle(header, rows[1:], key, source)
    if any(_CANVAS_QUESTION.match(cell) for cell in header) and "n correct" in header:
        return "canvas", _canvas(header, rows[1:], key, source)
    if "student" in [cell.casefold() for cell in header]:
        return "typed", _typed(header, rows[1:], key, source)
    raise TableError(
        "not a table quiz reads: expected a `student` column (typed answers), "
        "Moodle's `Response 1`… columns or Canvas's `id: question` columns"
    )


def _typed(
    header: list[str], rows: list[list[str]], key: Mapping[str, Any], source: str
) -> list[Response]:
    names = [cell.casefold() for cell in header]
    student_at = names.index("student")
    version_at = names.index("version") if "version" in names else None
    responses = []
    for line, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(names, (cell.strip() for cell in row), strict=False))
        version = int(row[version_at]) if version_at is not None and row[version_at] else 1
        if not 1 <= version <= len(key["versions"]):
            raise TableError(f"{source}:{line}: no version {row[version_at]} in this quiz")
        answers = {
            number: _typed_answer(question, cells.get(str(number), ""))
            for number, question in questions_of(key, version).items()
        }
        responses.append(Response(row[student_at].strip(), version, answers, f"{source}:{line}"))
    return responses


def _typed_answer(question: Mapping[str, Any], cell: str) -> Answer:
    kind = question["kind"]
    if kind in ("cloze", "recall"):
        return Answer(text=cell or None)
    letters = [char for char in cell.upper() if char.isalpha()]
    if kind == "true_false":
        word = cell.strip().casefold()
        if word in ("t", "true", "a"):
            return Answer(letters=("A",))
        if word in ("f", "false", "b"):
            return Answer(letters=("B",))
        return Answer(review=f"not true or false: {cell!r}") if cell else Answer()
    count = len(question["options"])
    if any(ord(letter) - 65 >= count for letter in letters):
        return Answer(review=f"a letter past the options: {cell!r}")
    if kind == "matching":
        rows = [char.upper() if char.isalpha() else None for char in cell.replace(" ", "")]
        return Answer(rows=tuple(rows))
    if kind == "mcq" and len(letters) > 1:
        return Answer(letters=tuple(sorted(letters)))  # a double mark, scored wrong
    return Answer(letters=tuple(sorted(set(letters))))


def _frame(key: Mapping[str, Any]) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """Version 1's questions by item id: the letters LMS answers are given in."""
    return {q["item_id"]: (q["number"], q) for q in key["versions"][0]["questions"]}


def _by_text(question: Mapping[str, Any], text: str) -> str | None:
    """The letter of the option written `text`, or None."""
    wanted = normalise_answer(text)
    for index, option in enumerate(question["options"]):
        if normalise_answer(option) == wanted:
            return chr(65 + index)
    return None


def _lms_answer(question: Mapping[str, Any], text: str, separator: str, arrow: str) -> Answer:
    text = text.strip()
    kind = question["kind"]
    if text in _BLANK:
        return Answer()
    if kind in ("cloze", "recall"):
        return Answer(text=text)
    if kind == "matching":
        pairs = {}
        for part in _split(text, separator):
            left, _, right = part.partition(arrow)
            pairs[normalise_answer(left.replace("\\" + arrow, arrow))] = right.strip()
        rows = []
        for row in question["left"]:
            partner = pairs.get(normalise_answer(row))
            rows.append(_by_text(question, partner) if partner else None)
        return Answer(rows=tuple(rows))
    parts = _split(text, separator) if kind == "select_all" else [text]
    letters = [_by_text(question, part) for part in parts]
    if None in letters and kind == "select_all":
        # An option with the separator in it ("On Russia's war in Ukraine, India ..."),
        # left unescaped: read the options off the text instead.
        found = _options_in(question, text, separator)
        letters = [_by_text(question, part) if part else None for part in found]
    if None in letters or not letters:
        return Answer(review=f"an answer that is none of the options: {text[:60]!r}")
    return Answer(letters=tuple(sorted(letter for letter in letters if letter)))


def _options_in(question: Mapping[str, Any], text: str, separator: str) -> list[str | None]:
    """The options that, joined by `separator`, make up `text`, longest first where
    two could start at one place; [None] when the text is not made of options."""
    options = sorted(question["options"], key=len, reverse=True)
    sep = separator.strip()
    found: list[str | None] = []
    rest = text.strip()
    while rest:
        for option in options:
            after = rest[len(option) :].lstrip()
            if rest.startswith(option) and (not after or after.startswith(sep)):
                found.append(option)
                rest = after[len(sep) :].lstrip() if after else ""
                break
        else:
            return [None]
    return found


def _split(text: str, separator: str) -> list[str]:
    """Split on the separator, except where a backslash escapes it (Canvas's `\\,`)."""
    parts = re.split(rf"(?<!\\){re.escape(separator.strip())}", text)
    return [part.replace("\\" + separator.strip(), separator.strip()).strip() for part in parts]


def _moodle(
    header: list[str], rows: list[list[str]], key: Mapping[str, Any], source: str
) -> list[Response]:
    frame = _frame(key)
    items = list(key["items"])
    prompts = {normalise_answer(key["items"][item]["prompt"]): item for item in items}
    columns: dict[int, int] = {}  # the column of each slot's response, by slot
    for at, cell in enumerate(header):
        if match := _MOODLE_RESPONSE.match(cell):
            columns[int(match[1])] = at
    first = [header.index(name) for name in ("First name", "Surname") if name in header]
    email = header.index("Email address") if "Email address" in header else None
    state = header.index("State") if "State" in header else None
    responses = []
    for line, row in enumerate(rows, 2):
        if state is not None and (len(row) <= state or row[state].strip() != "Finished"):
            continue  # the report's average rows, and attempts in progress
        student = (row[email] if email is not None else "") or " ".join(row[i] for i in first)
        answers = {}
        for slot, at in columns.items():
            item = items[slot - 1] if slot <= len(items) else ""
            if f"Question {slot}" in header:  # a random quiz: the slot says which question
                asked = row[header.index(f"Question {slot}")]
                item = prompts.get(normalise_answer(asked), item)
            if item in frame and at < len(row):
                number, question = frame[item]
                answers[number] = _lms_answer(question, row[at], "; ", "->")
        responses.append(Response(student.strip(), 1, answers, f"{source}:{line}"))
    return responses


def _canvas(
    header: list[str], rows: list[list[str]], key: Mapping[str, Any], source: str
) -> list[Response]:
    frame = _frame(key)
    items = list(key["items"])
    prompts = {normalise_answer(key["items"][item]["prompt"]): item for item in items}
    columns: dict[int, str] = {}
    for at, cell in enumerate(header):
        match = _CANVAS_QUESTION.match(cell)
        if match:
            item = prompts.get(normalise_answer(match[2]))
            columns[at] = item or (items[len(columns)] if len(columns) < len(items) else "")
    name_at = header.index("name") if "name" in header else None
    id_at = header.index("sis_id") if "sis_id" in header else header.index("id")
    responses = []
    for line, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        student = row[id_at].strip() or (row[name_at] if name_at is not None else "")
        answers = {}
        for at, item in columns.items():
            if item in frame:
                number, question = frame[item]
                answers[number] = _lms_answer(question, row[at], ",", "=>")
        responses.append(Response(student, 1, answers, f"{source}:{line}"))
    return responses
