"""What a student answered, whatever it came from: a scanned sheet, a typed CSV, an LMS.

Every input becomes `Response`s keyed by the question's number in the student's
version, so scoring and item analysis never know where an answer came from. An
answer a reader could not settle carries `review` (why a person must look) and
is never scored as if it had been read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SEVERAL", "Answer", "Response", "from_sheets", "questions_of"]

SEVERAL = "*"  # a matching row with more than one letter marked


@dataclass(frozen=True)
class Answer:
    """One question's answer."""

    letters: tuple[str, ...] = ()  # lettered questions: the letters chosen (true/false: A, B)
    rows: tuple[str | None, ...] = ()  # matching: the letter chosen on each printed row
    text: str | None = None  # a written answer, typed
    credit: float | None = None  # a written answer the teacher marked (✓ 1, ½ 0.5, ✗ 0)
    review: str | None = None  # why a person must decide this answer; it is not scored


@dataclass(frozen=True)
class Response:
    """One student's answers to one version, by question number."""

    student: str
    version: int
    answers: Mapping[int, Answer]
    source: str  # the file (and page or row) it was read from
    notes: tuple[str, ...] = field(default=())  # what the reader could not settle


def questions_of(key: Mapping[str, Any], version: int) -> dict[int, Mapping[str, Any]]:
    """A version's key entries by question number."""
    return {q["number"]: q for q in key["versions"][version - 1]["questions"]}


def from_sheets(reads: Iterable[tuple[str, Any]], key: Mapping[str, Any]) -> list[Response]:
    """Responses from read sheet pages (`quiz.grade.omr.SheetRead`, each with its source):
    the pages of one student's version are joined; a page whose student number cannot
    be read stands alone, named by its file, and says so."""
    from quiz.grade.omr import State

    merged: dict[tuple[str, int], dict[str, Any]] = {}
    for source, read in reads:
        student = read.student or f"? {source}"
        entry = merged.setdefault(
            (student, read.sheet.version), {"answers": {}, "sources": [], "notes": []}
        )
        entry["sources"].append(source)
        if read.student is None:
            entry["notes"].append(f"{source}: student number unclear or blank")
        by_question: dict[int, list] = {}
        for row in read.rows:
            by_question.setdefault(row.row.question, []).append(row)
        for number, rows in by_question.items():
            entry["answers"][number] = _answer(rows, State)
    return [
        Response(
            student, version, entry["answers"], ", ".join(entry["sources"]), tuple(entry["notes"])
        )
        for (student, version), entry in merged.items()
    ]


def _answer(rows: list, state: Any) -> Answer:
    """One question's answer from its rows of bubbles."""
    first = rows[0]
    kind = first.row.kind
    unclear = any(row.state is state.AMBIGUOUS for row in rows)
    if kind == "matching":
        # several letters on a row are a wrong answer to it, as on any single-answer row
        chosen = tuple(
            row.chosen[0] if len(row.chosen) == 1 else SEVERAL if row.chosen else None
            for row in rows
        )
        return Answer(rows=chosen, review="unclear mark" if unclear else None)
    if unclear:
        return Answer(letters=first.chosen, review="unclear mark")
    if kind in ("cloze", "recall"):
        if first.state is state.SINGLE:
            return Answer(credit=float(first.chosen[0]))
        reason = "not marked by the teacher" if first.state is state.BLANK else "several marks"
        return Answer(review=reason)
    return Answer(letters=first.chosen)  # several letters on a one-answer row score as wrong
