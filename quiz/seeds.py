"""The source articles facts are quoted from, and verbatim-quote checking.

Quotes are the evidence behind every fact, so they are compared with the
article text exactly, except for what copying text cannot preserve reliably:
runs of whitespace, curly versus straight quotes, the various dashes, and the
ellipsis character.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from quiz.problems import DeckError, Problem
from quiz.text import control_in, describe_control

METADATA_FILE = "sources.yaml"
# A date as decks and seeds write it; the month and day may be left out.
DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
# Seed articles separate paragraphs, and headings from paragraphs, by blank lines.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

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


def valid_date(text: str) -> bool:
    """Whether `text` is a `DATE` that is on the calendar: the pattern alone lets
    2024-06-31 and 2023-02-29 through."""
    if not DATE.match(text):
        return False
    try:
        return len(text) < 10 or bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


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

    @cached_property
    def folded(self) -> str:
        """The normalised text casefolded, computed once: every quotation is looked up in it."""
        return self.normalised.casefold()

    @cached_property
    def paragraphs(self) -> tuple[str, ...]:
        """The article's paragraphs and headings, each normalised."""
        return tuple(normalise_quote(part) for part in _PARAGRAPH_BREAK.split(self.text))

    def contains(self, quote: str) -> bool:
        """Whether `quote` is a verbatim span of this article."""
        wanted = normalise_quote(quote)
        return bool(wanted) and wanted in self.normalised

    def in_one_paragraph(self, quote: str) -> bool:
        """Whether `quote` is a verbatim span of one paragraph: a quote that runs on
        from a heading into the text, or across paragraphs, is no sentence the
        article wrote."""
        wanted = normalise_quote(quote)
        return bool(wanted) and any(wanted in paragraph for paragraph in self.paragraphs)

    def closest_passage(self, quote: str) -> tuple[str, float]:
        """The passage of the article most like `quote`, and how alike (0-100)."""
        from rapidfuzz import fuzz  # only a misquote needs it; loading a deck does not

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

    @cached_property
    def fingerprint(self) -> bytes:
        """A digest of every article's name and text: what a deck's quotes are checked
        against, so a compiled deck is reused only with the same one."""
        digest = hashlib.sha256()
        for name in sorted(self._seeds):
            digest.update(f"{len(name)}:{name}{len(self._seeds[name].text)}:".encode())
            digest.update(self._seeds[name].text.encode("utf-8", "surrogatepass"))
        return digest.digest()

    @classmethod
    def load(cls, folder: Path) -> SeedLibrary:
        """Read `sources.yaml` and every article it lists; problems raise DeckError,
        each at its line in sources.yaml. An article must be a file inside `folder`:
        sources.yaml naming `/etc/shadow` or `../x` is refused, and never read."""
        # Here, not at the top: the app names the seeds folder (METADATA_FILE) before the
        # first frame, and reads the seeds themselves only after it.
        from quiz.yamldoc import parse, read_text

        metadata_path = folder / METADATA_FILE
        shown = str(metadata_path)
        document = parse(read_text(metadata_path, kind="seeds metadata"), shown)
        problems: list[Problem] = []
        seeds: dict[str, Seed] = {}
        entries = document.data.get("sources") if isinstance(document.data, dict) else None
        if not isinstance(entries, list):
            raise DeckError([Problem(shown, 1, 1, "expected a `sources:` list")])
        inside = folder.resolve()

        def problem(path: tuple[str | int, ...], message: str) -> None:
            position = document.value_at(path)
            problems.append(Problem(shown, position.line, position.column, message))

        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(key), str | int) for key in ("file", "title", "date")
            ):
                problem(("sources", index), "a seed needs file, title and date")
                continue
            wrong = _wrong_values(entry)
            for key, message in wrong:
                problem(("sources", index, key), message)
            file = str(entry["file"])
            article = folder / file
            if Path(file).is_absolute() or not article.resolve().is_relative_to(inside):
                problem(
                    ("sources", index, "file"),
                    f"a seed file must be inside the seeds folder {folder}; "
                    f"'{file}' is not (name the file by its name in that folder)",
                )
                continue
            try:
                digest = entry.get("sha256")
                text = read_text(
                    article, str(article), str(digest) if digest else None, kind="seed article"
                )
            except DeckError as error:
                problems.extend(error.problems)
                continue
            if wrong:
                continue
            seeds[file] = Seed(
                file=file,
                title=str(entry["title"]),
                date=str(entry["date"]),
                text=text,
                author=entry.get("author"),
                outlet=entry.get("outlet"),
                title_given=entry.get("title_given", True),
            )
        if problems:
            raise DeckError(problems)
        return cls(folder, seeds)


def _wrong_values(entry: dict[str, object]) -> list[tuple[str, str]]:
    """The keys of one sources.yaml entry whose values the exports cannot use, and why."""
    wrong = []
    if not str(entry["title"]).strip():
        wrong.append(("title", "a seed's title must not be empty"))
    if not valid_date(str(entry["date"])):
        wrong.append(("date", "a seed's date is YYYY, YYYY-MM or YYYY-MM-DD, quoted, and real"))
    for key in ("author", "outlet"):
        if not isinstance(entry.get(key), str | None):
            wrong.append((key, f"a seed's {key} is a name in quotes, or null"))
    if not isinstance(entry.get("title_given", True), bool):
        wrong.append(("title_given", "title_given is true or false"))
    for key, value in entry.items():
        index = control_in(value) if isinstance(value, str) else None
        if index is not None:
            control = describe_control(value[index])
            wrong.append((key, f"a seed's {key} holds the control character {control}: remove it"))
    return wrong
