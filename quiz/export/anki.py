"""Anki packages (.apkg) of quiz items, made with genanki.

Learners who live in Anki get each quiz deck as an Anki deck whose notes keep
their sources, and that update in place when a corrected deck is exported and
imported again. What makes that work, and must stay as it is:

- note GUIDs come from the item ids (`quiz.items.item_id`: deck, kind,
  direction and fact ids, never the wording), so a re-imported note replaces its
  older self and keeps its review history;
- the note types are frozen under fixed ids (`quiz.export.anki_notetypes`);
- one Anki deck per quiz deck, named after it, its id derived from that name
  (Anki's importer matches decks by name); topics, countries, articles, item
  kinds and difficulty are tags, so a fact with two topics is not split
  between subdecks and a learner builds filtered decks from any of them.

Every text is HTML-escaped, and braces and brackets are written as character
references, so no deck text can open an Anki field, cloze or type-in tag;
control characters are replaced (`quiz.export.text.visible`), since U+001F
separates a note's fields and makes Anki refuse the whole package.

New cards come easiest first, and within one difficulty the cards of one fact
are spread evenly through it, never two in a row where that can be helped.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import sqlite3
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import genanki

from quiz.export.anki_notetypes import CLOZE, LETTERS, MULTIPLE_CHOICE, RECALL, TYPE_IN
from quiz.export.files import write_atomically
from quiz.export.text import CONTROL, visible
from quiz.facts import Deck, Source
from quiz.items import Item, Kind
from quiz.seeds import SeedLibrary
from quiz.yamldoc import paused_gc

# Among cards equally far into their facts, the kinds take turns in this order.
_STUDY_RANK = {
    kind: rank
    for rank, kind in enumerate(
        (Kind.CLOZE, Kind.RECALL, Kind.MCQ, Kind.TRUE_FALSE, Kind.MATCHING, Kind.SELECT_ALL)
    )
}
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# A deck's own tag naming an article by number; `article::DATE-title` says it readably.
_NUMBERED_ARTICLE = re.compile(r"article-\d+")
_ARTICLE_SLUG_LENGTH = 48
# HTML's special characters, and those Anki reads as markup inside field text
# ({{c1::…}}, [[type:…]], [sound:…]), as character references.
_REFERENCES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    "{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;",
}  # fmt: skip
_SPECIAL = re.compile("[" + re.escape("".join(_REFERENCES)) + "]")
# Either kind of character `escape` changes: most texts have neither, found in one search.
_UNSAFE = re.compile(f"{CONTROL.pattern}|{_SPECIAL.pattern}")


@dataclass(frozen=True)
class AnkiExport:
    """What a package holds: its Anki deck names and how many notes and cards."""

    decks: tuple[str, ...]
    notes: int
    cards: int


def escape(text: str) -> str:
    """Text as field HTML that Anki shows exactly as written."""
    if _UNSAFE.search(text) is None:
        return text
    return _SPECIAL.sub(lambda found: _REFERENCES[found[0]], visible(text))


def deck_name(deck: Deck) -> str:
    """The Anki deck's name: the quiz deck's, without Anki's subdeck separator
    (any run of colons becomes one, so ":::" cannot leave "::" behind)."""
    return re.sub(":{2,}", ":", visible(deck.name)).strip()


def deck_id(name: str) -> int:
    """A stable Anki deck id from the deck name, in the range genanki recommends."""
    digest = hashlib.sha256(f"quiz deck|{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(item: Item) -> str:
    """The note's GUID: the item id, which survives rewording and regeneration."""
    return f"quiz:{item.id}"


def readable_date(date: str) -> str:
    """'2024-03' as 'March 2024', '2024-03-04' as '4 March 2024'; anything else as given."""
    found = _ISO_DATE.match(date)
    if not found or (found[2] and not 1 <= int(found[2]) <= 12):
        return date
    year, month, day = found.groups()
    if not month:
        return year
    if not day:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


def article_tag(title: str, date: str) -> str:
    """An Anki tag for an article: `article::` and its date and title, in ASCII words."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower().replace("'", ""))
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > _ARTICLE_SLUG_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word
    return "-".join(part for part in (f"article::{date}", slug) if part)


class PackageBuilder:
    """Turns items into genanki notes in one Anki deck per quiz deck (one package each)."""

    def __init__(self, decks: Sequence[Deck], seeds: SeedLibrary, *, type_in: bool = False):
        self.seeds = seeds
        self.type_in = type_in
        self.decks = {
            deck.id: genanki.Deck(
                deck_id(deck_name(deck)), deck_name(deck), escape(deck.info.description or "")
            )
            for deck in decks
        }
        self._sources: dict[tuple[Source, ...], tuple[str, tuple[str, ...]]] = {}
        # The notes' tags, made once for each set of an item's tags, kind, difficulty
        # and articles: a fact's items share them, and checking each tag is not free.
        self._tags: dict[tuple[object, ...], tuple[str, ...]] = {}

    def package(self, items: Iterable[Item]) -> genanki.Package:
        ordered = study_order(items)
        for position, item in enumerate(ordered):
            self.decks[item.deck].add_note(self.note(item, position))
        if self.type_in:
            # After every other new card: each comes long after its recall card.
            recalls = (item for item in ordered if item.kind is Kind.RECALL)
            for position, item in enumerate(recalls, len(ordered)):
                self.decks[item.deck].add_note(self.type_in_note(item, position))
        return genanki.Package([deck for deck in self.decks.values() if deck.notes])

    def note(self, item: Item, position: int) -> genanki.Note:
        source, article_tags = self.sources(item.sources)
        tags = self.tags(item, article_tags)
        cloze = self.cloze_fields(item, source) if item.kind is Kind.CLOZE else None
        if cloze:
            model, fields = CLOZE, cloze
        elif item.kind in (Kind.RECALL, Kind.MATCHING, Kind.CLOZE):
            model, fields = RECALL, self.recall_fields(item, source)
        else:
            model, fields = MULTIPLE_CHOICE, self.choice_fields(item, source)
        return _EscapedNote(model, fields, guid=note_guid(item), tags=tags, due=position)

    def tags(self, item: Item, article_tags: tuple[str, ...]) -> list[str]:
        """The fact's own tags (not its numbered article tags), the item's kind and
        difficulty, and its articles; a tag with a space is refused, as genanki does."""
        key = (item.tags, item.kind, item.difficulty, article_tags)
        if (known := self._tags.get(key)) is None:
            # The deck's own tags have no "::", so these never repeat one of them.
            own = [tag for tag in item.tags if not _NUMBERED_ARTICLE.fullmatch(tag)]
            made = (*own, f"kind::{item.kind.value}", f"difficulty::{item.difficulty}")
            known = (*made, *article_tags)
            if spaced := [tag for tag in known if " " in tag]:
                raise ValueError(f'Tag "{spaced[0]}" contains a space; this is not allowed!')
            self._tags[key] = known
        return list(known)

    def type_in_note(self, item: Item, position: int) -> genanki.Note:
        """A recall item's type-in note: Question, Answer, Accepted, Explanation, Source."""
        recall = self.note(item, position)
        fields = recall.fields[:-1]  # all but the recall note type's type-in switch
        guid = f"{note_guid(item)}:type-in"
        return _EscapedNote(TYPE_IN, fields, guid=guid, tags=recall.tags, due=position)

    def recall_fields(self, item: Item, source: str) -> list[str]:
        """Question, Answer, Accepted, Explanation, Source, and the type-in switch,
        always empty (see `quiz.export.anki_notetypes.RECALL`)."""
        explanation = escape(item.explanation or "")
        if item.kind is Kind.MATCHING:
            choices = " · ".join(escape(option) for option in item.options)
            question = (
                f"{escape(item.prompt)}{_list('items', item.left)}"
                f'<div class="match-with">{choices}</div>'
            )
            pairs = _list("pairs", (f"{left} → {right}" for left, right in item.answer))
            return [question, pairs, "", explanation, source, ""]
        answer = str(item.answer)
        others = [name for name in item.accepted if name.casefold() != answer.casefold()]
        return [
            escape(item.prompt),
            escape(answer),
            escape(", ".join(others)),
            explanation,
            source,
            "",
        ]

    def choice_fields(self, item: Item, source: str) -> list[str]:
        """Question, Options, Correct (the right options' letters), Answer, Explanation, Source."""
        right = item.answer if isinstance(item.answer, tuple) else (item.answer,)
        options = [escape(option) for option in item.options]
        correct = [index for index, option in enumerate(item.options) if option in right]
        return [
            escape(item.prompt),
            '<ol type="A"><li>' + "</li><li>".join(options) + "</li></ol>",
            " ".join(LETTERS[index] for index in correct),
            "<br>".join(f"{LETTERS[index]}. {options[index]}" for index in correct),
            escape(item.explanation or ""),
            source,
        ]

    def cloze_fields(self, item: Item, source: str) -> list[str] | None:
        """Text (with the cloze markup), Explanation (unless it only repeats the text),
        Source; None if the text hides no name, which would make a note without cards
        (the note is then a recall note)."""
        # Only the generator's markup around a hidden name is a cloze, found by the
        # names it may hide (longest first, as a name may hold "}}" or another
        # name); any other "{{c1::…}}" is the deck's own text.
        pieces = _cloze_pattern(item.accepted, str(item.answer)).split(item.cloze or "")
        if len(pieces) == 1:
            return None
        text, statement = [], []
        for position, piece in enumerate(pieces):
            statement.append(piece)
            if position % 2 == 0:  # text between clozes
                text.append(escape(piece))
            else:  # inside a cloze, "::" would start a hint
                text.append("{{c1::" + escape(piece).replace(":", "&#58;") + "}}")
        explanation = item.explanation if item.explanation != "".join(statement) else None
        return ["".join(text), escape(explanation or ""), source]

    def sources(self, sources: tuple[Source, ...]) -> tuple[str, tuple[str, ...]]:
        """The sources' HTML for the back of a note (each article once, with its
        quotes), and their article tags."""
        if sources not in self._sources:
            quotes: dict[str, list[str]] = {}
            for source in sources:
                quotes.setdefault(source.seed, []).append(source.quote)
            parts, tags = [], []
            for file, texts in quotes.items():
                seed = self.seeds[file]
                title = escape(seed.title) if seed.title_given else f"[{escape(seed.title)}]"
                byline = [escape(part) for part in (seed.outlet, seed.author) if part]
                details = " · ".join([*byline, escape(readable_date(seed.date))])
                blockquotes = "".join(f"<blockquote>{escape(text)}</blockquote>" for text in texts)
                parts.append(
                    f'<div class="source"><div class="source-title">{title}</div>'
                    f'<div class="source-details">{details}</div>{blockquotes}</div>'
                )
                tags.append(article_tag(seed.title, seed.date))
            self._sources[sources] = ("".join(parts), tuple(tags))
        return self._sources[sources]


def study_order(items: Iterable[Item]) -> list[Item]:
    """The items in the order their new cards are studied: easiest first; within a
    difficulty each fact's items spread evenly over it, and no two neighbours in one
    Anki deck on one fact where another item can come between."""
    # Decks in the order of their first item by kind and id; each deck's items are put
    # in order by `_deck_order` alone, so they are not sorted all together first.
    by_deck: dict[str, list[Item]] = {}
    first: dict[str, tuple[int, str]] = {}
    for item in items:
        by_deck.setdefault(item.deck, []).append(item)
        key = (_STUDY_RANK[item.kind], item.id)
        if item.deck not in first or key < first[item.deck]:
            first[item.deck] = key
    decks = sorted(by_deck, key=first.__getitem__)
    return [item for deck in decks for item in _deck_order(by_deck[deck])]


def _by_kind(item: Item) -> tuple[int, str]:
    return _STUDY_RANK[item.kind], item.id


def _deck_order(items: list[Item]) -> list[Item]:
    by_difficulty: dict[int, list[Item]] = {}
    for item in items:
        by_difficulty.setdefault(item.difficulty, []).append(item)
    ordered: list[Item] = []
    for difficulty in sorted(by_difficulty):
        by_fact: dict[str, list[Item]] = {}
        for item in by_difficulty[difficulty]:
            by_fact.setdefault(item.fact_ids[0], []).append(item)
        # The k-th of a fact's n items (by kind, then id) goes at (k + 1/2) / n of the way
        # through. Next first, at the end of the list: taking it then shifts nothing.
        places = []
        for group in by_fact.values():
            if len(group) > 1:
                group.sort(key=_by_kind)
            for index, item in enumerate(group):
                place = ((index + 0.5) / len(group), _STUDY_RANK[item.kind], item.id)
                places.append((place, item))
        places.sort(key=itemgetter(0), reverse=True)  # places are unique: ids are
        pending = [item for _, item in places]
        start = len(ordered)  # this difficulty's first place
        while pending:
            last = set(ordered[-1].fact_ids if ordered else ())
            if last.isdisjoint(pending[-1].fact_ids):  # most often the next one is apart
                ordered.append(pending.pop())
                continue
            apart = next(
                (
                    i
                    for i in range(len(pending) - 2, -1, -1)
                    if last.isdisjoint(pending[i].fact_ids)
                ),
                None,
            )
            if apart is not None:
                ordered.append(pending.pop(apart))
                continue
            # Every item left shares a fact with the last card: put one back where both
            # its neighbours (of its own difficulty) are on other facts.
            chosen = pending.pop()
            ordered.insert(_gap_for(chosen, ordered, start), chosen)
    return ordered


def _gap_for(item: Item, ordered: list[Item], start: int) -> int:
    facts = set(item.fact_ids)
    for place in range(len(ordered), start - 1, -1):
        before = ordered[place - 1].fact_ids if place > start else ()
        after = ordered[place].fact_ids if place < len(ordered) else ()
        if facts.isdisjoint(before) and facts.isdisjoint(after):
            return place
    return len(ordered)


class _EscapedNote(genanki.Note):
    """A note whose fields are HTML built from escaped text, and whose tags were checked.

    genanki scans every field of every note for unescaped markup, only to warn;
    these fields have none by construction, and the scan is a fifth of the
    writing time of a large deck. Its constructor checks each tag of each note
    through a list that checks on every change; `PackageBuilder.tags` checked
    them once for all the notes that share them.
    """

    def __init__(
        self,
        model: genanki.Model,
        fields: list[str],
        *,
        guid: str,
        tags: list[str],
        due: int,
    ) -> None:
        self.model = model
        self.fields = fields
        self._sort_field = None
        self._tags = tags
        self.due = due
        self._guid = guid
        self._cards: list[genanki.Card] | None = None

    def _check_invalid_html_tags_in_fields(self) -> None:
        pass

    @property
    def cards(self) -> list[genanki.Card]:
        """genanki's cards of the note, made once, without the check its own cached
        property makes at every access of whether the function is a coroutine."""
        if self._cards is None:
            cloze = self.model.model_type == self.model.CLOZE
            self._cards = self._cloze_cards() if cloze else self._front_back_cards()
        return self._cards

    def write_to_db(  # type: ignore[override]
        self, cursor: _BatchingCursor, timestamp: float, deck_id: int, id_gen: Iterator[int]
    ) -> None:
        """genanki's rows for the note and its cards, kept for one insert of them all."""
        self._check_number_model_fields_matches_num_fields()
        note_id, modified = next(id_gen), int(timestamp)
        cursor.notes.append(
            (
                note_id,
                self.guid,
                self.model.model_id,
                modified,
                -1,  # usn
                self._format_tags(),
                self._format_fields(),
                self.sort_field,
                0,  # csum, which Anki works out again
                0,  # flags
                "",  # data
            )
        )
        for card in self.cards:
            queue = -1 if card.suspend else 0
            # id, nid, did, ord, mod, usn, type, queue, due; ivl, factor, reps, lapses,
            # left, odue, odid, flags 0 for a new card; data.
            card_id = next(id_gen)
            row = (card_id, note_id, deck_id, card.ord, modified, -1, 0, queue, self.due)
            cursor.cards.append((*row, 0, 0, 0, 0, 0, 0, 0, 0, ""))


class _BatchingCursor:
    """The cursor genanki writes a package through, which keeps quiz's notes and cards
    as rows to insert with one statement each: a statement for every note and every
    card was a fifth of the export of a large deck."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self.cursor = cursor
        self.notes: list[tuple[object, ...]] = []
        self.cards: list[tuple[object, ...]] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.cursor, name)  # the collection's schema, decks and models

    def flush(self) -> None:
        self.cursor.executemany(f"INSERT INTO notes VALUES({_marks(11)})", self.notes)
        self.cursor.executemany(f"INSERT INTO cards VALUES({_marks(18)})", self.cards)
        self.notes, self.cards = [], []


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _list(kind: str, texts: Iterable[str]) -> str:
    return f'<ul class="{kind}">{"".join(f"<li>{escape(text)}</li>" for text in texts)}</ul>'


def build_package(
    decks: Sequence[Deck], items: Iterable[Item], seeds: SeedLibrary, *, type_in: bool = False
) -> genanki.Package:
    """A package with one Anki deck for each of `decks` that has items."""
    return PackageBuilder(decks, seeds, type_in=type_in).package(items)


def summary(package: genanki.Package) -> AnkiExport:
    return AnkiExport(
        decks=tuple(deck.name for deck in package.decks),
        notes=sum(len(deck.notes) for deck in package.decks),
        cards=sum(len(note.cards) for deck in package.decks for note in deck.notes),
    )


def write_package(
    package: genanki.Package, path: Path, *, replace: bool = False, timestamp: float | None = None
) -> None:
    """Write the package to `path` whole or not at all (see `quiz.export.files`).

    `timestamp` is the notes' modification time (default: now). Anki updates a
    note on import only when the package's copy is newer than its own.
    """
    when = time.time() if timestamp is None else timestamp

    def write(target: Path) -> None:
        # genanki's own write_to_file leaves its temporary database behind; this
        # one is removed, and the archive is compressed.
        with tempfile.TemporaryDirectory(prefix="quiz-anki-") as folder:
            database = Path(folder) / "collection.anki2"
            connection = sqlite3.connect(database)
            # A scratch database: the archive made from it is what is synced to disk.
            connection.execute("PRAGMA synchronous = OFF")
            try:
                cursor = _BatchingCursor(connection.cursor())
                package.write_to_db(cursor, when, itertools.count(int(when * 1000)))
                cursor.flush()
                connection.commit()
            finally:
                connection.close()
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(database, "collection.anki2", compresslevel=1)
                archive.writestr("media", "{}")

    write_atomically(path, write, replace=replace)


@functools.lru_cache(maxsize=1 << 14)
def _cloze_pattern(accepted: tuple[str, ...], answer: str) -> re.Pattern[str]:
    """The generator's cloze markup around one of the names (the longest first). Kept:
    an entity's names come back with each of its facts, and compiling the pattern
    for every note took a third of the export (re's own cache holds 512)."""
    names = sorted({*accepted, answer}, key=len, reverse=True)
    markup = "|".join(re.escape(name) for name in names if name)
    return re.compile(rf"\{{\{{c1::({markup})\}}\}}", flags=re.IGNORECASE)


def export_anki(
    decks: Sequence[Deck],
    items: Iterable[Item],
    seeds: SeedLibrary,
    path: Path,
    *,
    replace: bool = False,
    type_in: bool = False,
    timestamp: float | None = None,
) -> AnkiExport:
    """Write the items of `decks` as an Anki package; raises ExportError if it cannot."""
    # Every note built is kept until the package is written: the collector would only
    # walk them again and again. They go before it is back, or its first pass would
    # walk them all once more (half a second at 100k facts).
    with paused_gc():
        package = build_package(decks, items, seeds, type_in=type_in)
        write_package(package, path, replace=replace, timestamp=timestamp)
        written = summary(package)
        del package
    return written
