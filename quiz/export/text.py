"""Text as every export file can hold it: no control characters, no live formulas.

A control character is refused by XML 1.0 even as a reference, ends a field in
an Anki package (U+001F separates fields), ends a Markdown table row, and makes
openpyxl refuse the whole workbook. So before any file is rendered, every text
of the quiz has its line breaks and tabs turned into spaces and any other
control character into U+FFFD, which shows that something was there. The key
is made from the same text, so it still matches the files.

A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` (or a tab or
carriage return before one) as a formula; deck text and titles are never
formulas, so the CSV writes them behind an apostrophe (OWASP's rule) and the
Kahoot workbook stores them as text cells.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TypeVar

from quiz.classroom import Citation, Quiz
from quiz.items import Item

# C0, DEL and C1: Unicode's category Cc.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SPACES = {"\t": " ", "\n": " ", "\r": " "}
# The item fields that hold text; the others are ids, numbers and the kind.
_ITEM_TEXTS = ("prompt", "answer", "options", "accepted", "rivals", "left", "cloze", "explanation")

T = TypeVar("T")


def visible(text: str) -> str:
    """The text with each control character a space (tab, line breaks) or U+FFFD."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda found: _SPACES.get(found[0], "\ufffd"), text)


def spreadsheet_text(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def visible_quiz(quiz: Quiz) -> Quiz:
    """The quiz with every text `visible`: the one all formats are rendered from."""
    items: dict[str, Item] = {}

    def item(original: Item) -> Item:
        if original.id not in items:
            changes = {name: _cleaned(getattr(original, name)) for name in _ITEM_TEXTS}
            items[original.id] = dataclasses.replace(original, **changes)
        return items[original.id]

    versions = tuple(
        dataclasses.replace(
            version,
            questions=tuple(dataclasses.replace(q, item=item(q.item)) for q in version.questions),
        )
        for version in quiz.versions
    )
    citations = {
        item_id: tuple(
            Citation(c.seed, visible(c.title), visible(c.date), visible(c.quote)) for c in cited
        )
        for item_id, cited in quiz.citations.items()
    }
    return dataclasses.replace(
        quiz, title=visible(quiz.title), versions=versions, citations=citations
    )


def _cleaned(value: T) -> T:
    if isinstance(value, str):
        return visible(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_cleaned(part) for part in value)  # type: ignore[return-value]
    return value
