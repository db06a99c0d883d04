"""The source articles facts are quoted from, and verbatim-quote checking.

Quotes are the evidence behind every fact, so they are compared with the
article text exactly, except for what copying text cannot preserve reliably:
runs of whitespace, curly versus straight quotes, the various dashes, and the
ellipsis character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rapidfuzz import fuzz

from quiz.problems import DeckError, Problem
from quiz.yamldoc import parse, read_text

METADATA_FILE = "sources.yaml"

_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_WHITESPACE = re.compile(r"\s+")


def normalise_quote(text: str) -> str:
    """The form in which quotes and articles are compared."""
    text = unicodedata.normalize("NFC", text).translate(_PUNCTUATION)
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Seed:
    """One source article and what is known about it."""

    file: str
    title: str
    date: str
    text: str
    author: str | None = None
    outlet: str | None = None
    title_given: bool = True

    @cached_property
    def normalised(self) -> str:
        return normalise_quote(self.text)

    def contains(self, quote: str) -> bool:
        """Whether `quote` is a verbatim span of this article."""
        wanted = normalise_quote(quote)
        return bool(wanted) and wanted in self.normalised

    def closest_passage(self, quote: str) -> tuple[str, float]:
        """The passage of the article most like `quote`, and how alike (0-100)."""
        wanted = normalise_quote(quote)
        match = fuzz.partial_ratio_alignment(wanted, self.normalised)
        if match is None:
            return "", 0.0
        return self.normalised[match.dest_start : match.dest_end], match.score


class SeedLibrary:
    """The articles of one seeds folder, keyed by file name."""

    def __init__(self, folder: Path, seeds: dict[str, Seed]) -> None:
        self.folder = folder
        self._seeds = seeds

    def __contains__(self, file: str) -> bool:
        return file in self._seeds

    def __getitem__(self, file: str) -> Seed:
        return self._seeds[file]

    def __iter__(self):
        return iter(self._seeds.values())

    def __len__(self) -> int:
        return len(self._seeds)

    @classmethod
    def load(cls, folder: Path) -> SeedLibrary:
        """Read `sources.yaml` and every article it lists; problems raise DeckError."""
        metadata_path = folder / METADATA_FILE
        shown = str(metadata_path)
        document = parse(read_text(metadata_path), shown)
        problems: list[Problem] = []
        seeds: dict[str, Seed] = {}
        entries = document.data.get("sources") if isinstance(document.data, dict) else None
        if not isinstance(entries, list):
            raise DeckError([Problem(shown, 1, 1, "expected a `sources:` list")])
        for index, entry in enumerate(entries):
            position = document.value_at(("sources", index))
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(key), str | int) for key in ("file", "title", "date")
            ):
                problems.append(
                    Problem(shown, position.line, position.column, "needs file, title and date")
                )
                continue
            file = str(entry["file"])
            try:
                digest = entry.get("sha256")
                text = read_text(folder / file, str(folder / file), str(digest) if digest else None)
            except DeckError as error:
                problems.extend(error.problems)
                continue
            seeds[file] = Seed(
                file=file,
                title=str(entry["title"]),
                date=str(entry["date"]),
                text=text,
                author=entry.get("author"),
                outlet=entry.get("outlet"),
                title_given=bool(entry.get("title_given", True)),
            )
        if problems:
            raise DeckError(problems)
        return cls(folder, seeds)
