"""A starter deck from an article: candidate facts for an author to accept, one by one.

Nothing here writes a claim. Each candidate is one sentence of the article, its
quote a verbatim span (pysbd splits the sentences, within a paragraph, as quotes
must be); around it the candidate marks what the author needs to decide: the
entities in it (the bundled decks' names, and simple patterns for names, numbers,
dates and amounts), attribution cues ("according to", "said", "denies") and the
bundled relations whose wording fits. Candidates are YAML comments until accepted,
so the starter deck holds no fact; `STARTER_MARK` lets `quiz check` say so kindly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from quiz import resources

__all__ = [
    "CANDIDATE_MARK",
    "STARTER_MARK",
    "Candidate",
    "Mark",
    "candidates",
    "seed_file_name",
    "starter_deck",
]

STARTER_MARK = "# quiz new: a starter deck"
CANDIDATE_MARK = "## --- candidate"  # opens each candidate's block
MIN_WORDS = 4  # a quote needs three words (quiz.checks.MIN_QUOTE_WORDS); a claim, more

ATTRIBUTION_CUES = re.compile(
    r"\b(according to|said|says|told|reported|reports|reportedly|accused|accuses|"
    r"denies|denied|claimed|claims|alleged|allegedly|announced|stated|warned)\b",
    re.IGNORECASE,
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            rf"\b(?:\d{{1,2}} (?:{_MONTHS})(?: \d{{4}})?|(?:{_MONTHS}) \d{{1,2}}(?:, \d{{4}})?"
            rf"|(?:{_MONTHS}) \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:19|20)\d{{2}}|(?:{_MONTHS}))\b"
        ),
    ),
    (
        "amount",
        re.compile(
            r"(?:[$€£¥]\s?\d[\d,.]*(?:\s(?:million|billion|trillion|thousand))?"
            r"|\b\d[\d,.]*\s?(?:%|per ?cent|percent)"
            r"|\b\d[\d,.]*\s(?:million|billion|trillion)?\s?(?:dollars|euros|pounds|roubles|"
            r"rubles|yuan|tonnes|tons|barrels|troops|soldiers|people|kilometres|km|miles)\b)"
        ),
    ),
    (
        "number",
        re.compile(
            r"\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|"
            r"thousand|million|billion)s?\b",
            re.IGNORECASE,
        ),
    ),
)
# A run of capitalised words (with "of", "al-", "bin"...) is a name an author may want.
_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:(?:of|the|al|bin|de|van|von)\s+)?[A-Z][\w'’-]+)*")
_STOP_NAMES = {
    "The", "A", "An", "In", "On", "At", "It", "He", "She", "They", "We", "This", "That",
    "These", "Those", "But", "And", "Or", "As", "If", "When", "While", "After", "Before",
    "According", "However", "Meanwhile", "Its", "His", "Her", "Their", "There", "Since",
    "I", "You", "For", "With", "By", "From", "Some", "Many", "Most", "One", "Also",
}  # fmt: skip
_WORD = re.compile(r"[a-z]+")
_PLAIN = {
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "with", "for", "by", "from",
    "which", "what", "who", "whom", "whose", "is", "was", "are", "were", "did", "does",
    "subject", "object", "that", "as", "at", "its", "his", "her", "their", "has", "have",
    "had", "be", "been", "this", "these", "country", "countries", "according",
}  # fmt: skip


@dataclass(frozen=True)
class Mark:
    """An entity found in a sentence: the words, its kind, and a known entity's id."""

    text: str
    kind: str
    entity: str | None = None


@dataclass(frozen=True)
class Candidate:
    """One sentence of the article, verbatim, and what was found in it."""

    quote: str
    paragraph: int
    start: int  # offset in the article
    marks: tuple[Mark, ...] = ()
    cues: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()  # "deck-id/relation-id" of bundled relations that fit


@dataclass(frozen=True)
class _Known:
    """What the bundled decks know: entity names, and relations with their wording."""

    entities: dict[str, dict]  # id -> the entity as the deck writes it
    names: list[tuple[str, str]]  # (name or alias, entity id), longest first
    relations: dict[str, tuple[str, dict, set[str]]] = field(default_factory=dict)
    wording: dict[str, str] = field(default_factory=dict)


@cache
def _known() -> _Known:
    entities: dict[str, dict] = {}
    relations: dict[str, tuple[str, dict, set[str]]] = {}
    wording: dict[str, str] = {}
    for path in resources.bundled_deck_files():
        data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", None))
        deck_id = data["deck"]["id"]
        for key, value in (data["deck"].get("wording") or {}).items():
            wording.setdefault(key, value)
        for entity in data.get("entities") or []:
            entities.setdefault(entity["id"], entity)
        for relation in data.get("relations") or []:
            words = set()
            for template in _templates(relation.get("templates") or {}):
                words |= set(_WORD.findall(template.lower())) - _PLAIN
            relations.setdefault(relation["id"], (deck_id, relation, words))
    names = [
        (name, entity_id)
        for entity_id, entity in entities.items()
        for name in [entity["name"], *(entity.get("aliases") or [])]
        if len(str(name)) > 2
    ]
    names.sort(key=lambda pair: -len(pair[0]))
    return _Known(entities, names, relations, wording)


def _templates(templates: dict) -> Iterable[str]:
    for value in templates.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from _templates(value)


@cache
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(paragraph, offset, sentence) for every sentence, each a verbatim span of `text`
    inside one paragraph (blank lines separate paragraphs, as in the seed articles)."""
    found = []
    for number, match in enumerate(re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text), 1):
        paragraph, base, at = match[0], match.start(), 0
        for piece in _segmenter().segment(paragraph):
            piece = piece.strip()
            if not piece:
                continue
            where = paragraph.find(piece, at)
            if where < 0:  # pysbd kept the text as it was; never use what is not there
                continue
            at = where + len(piece)
            found.append((number, base + where, piece))
    return found


def mark_entities(sentence: str) -> list[Mark]:
    """The known entities, names, dates, amounts and numbers in a sentence, left to right."""
    known = _known()
    taken: list[tuple[int, int]] = []
    marks: list[tuple[int, Mark]] = []

    def free(start: int, stop: int) -> bool:
        return all(stop <= a or start >= b for a, b in taken)

    for name, entity_id in known.names:
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence):
            if free(*match.span()):
                taken.append(match.span())
                kind = str(known.entities[entity_id]["type"])
                marks.append((match.start(), Mark(match[0], kind, entity_id)))
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if free(*match.span()):
                taken.append(match.span())
                marks.append((match.start(), Mark(match[0].strip(), kind)))
    for match in _NAME.finditer(sentence):
        text = match[0]
        words = text.split()
        while words and words[0] in _STOP_NAMES:
            words.pop(0)
        if not words:
            continue
        text = " ".join(words)
        start = match.end() - len(text) if match[0].endswith(text) else match.start()
        if len(words) == 1 and not sentence[:start].strip():
            continue  # one capitalised word opening a sentence is no sign of a name
        if free(start, start + len(text)):
            taken.append((start, start + len(text)))
            marks.append((start, Mark(text, "name")))
    return [mark for _, mark in sorted(marks, key=lambda pair: pair[0])]


def _fitting_relations(sentence: str, marks: Sequence[Mark], limit: int = 2) -> tuple[str, ...]:
    """The bundled relations whose wording shares the most words with the sentence, and
    whose subject type is among the entities marked in it."""
    words = set(_WORD.findall(sentence.lower()))
    types = {mark.kind for mark in marks if mark.entity}
    scored = []
    for relation_id, (deck_id, relation, relation_words) in _known().relations.items():
        subject_types = relation["subject_type"]
        subject_types = {subject_types} if isinstance(subject_types, str) else set(subject_types)
        shared = len(words & relation_words)
        if shared and subject_types & types:
            scored.append((-shared, relation_id, f"{deck_id}/{relation_id}"))
    return tuple(name for _, _, name in sorted(scored)[:limit])


def candidates(text: str) -> list[Candidate]:
    """Every sentence of the article long enough to make a claim, marked."""
    found = []
    for paragraph, start, sentence in sentences(text):
        if len(sentence.split()) < MIN_WORDS:
            continue  # a heading, a byline
        marks = tuple(mark_entities(sentence))
        cues = tuple(dict.fromkeys(cue.lower() for cue in ATTRIBUTION_CUES.findall(sentence)))
        found.append(
            Candidate(sentence, paragraph, start, marks, cues, _fitting_relations(sentence, marks))
        )
    return found


def seed_file_name(article: Path, text: str) -> str:
    """The seed's name: the article's name as a slug, and the start of its digest."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{slug(article.stem) or 'article'}_{digest[:16]}.txt"


def slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    out = "-".join(words)[:limit].strip("-")
    return out


def starter_deck(
    *,
    deck_id: str,
    name: str,
    seed_file: str,
    date: str,
    found: Sequence[Candidate],
) -> str:
    """The starter deck's YAML: the known entities and fitting relations live, and each
    candidate fact a commented block that becomes a fact once uncommented and finished."""
    known = _known()
    entity_ids = list(dict.fromkeys(m.entity for c in found for m in c.marks if m.entity))
    relation_ids = list(dict.fromkeys(name.split("/", 1)[1] for c in found for name in c.relations))
    head = {"deck": {"id": deck_id, "name": name, "wording": dict(known.wording)}}
    lines = [
        f"{STARTER_MARK} from {seed_file}.",
        "# Each candidate below is one sentence of the article, quoted verbatim. To accept",
        "# one, uncomment its lines (remove the leading '# '; the '##' notes stay comments),",
        "# choose its subject, relation and object, write its statement in clean English,",
        "# uncomment the entities and relations it uses (or add your own), and run",
        "# `quiz check`: it says what is still missing, fact by fact. Leave the quote as it",
        "# is: it is evidence. Marked: [kind] for the names, dates and amounts found;",
        "# 'cues' are attribution cues (set `attribution` or `modality`); 'fits' are the",
        "# bundled relations whose wording is near. A deck keeps only entities its facts use.",
        "",
        _dump(head),
        "entities:",
    ]
    lines += [f"# {line}" for line in _indent_list([known.entities[i] for i in entity_ids])]
    new_names = list(dict.fromkeys(m.text for c in found for m in c.marks if m.kind == "name"))
    if new_names:
        lines.append("## Other names found (add those you need, with an id and a type):")
        lines += [f"##   {text}" for text in new_names[:60]]
    lines.append("")
    lines.append("relations:")
    lines += [f"# {line}" for line in _indent_list([known.relations[i][1] for i in relation_ids])]
    lines += ["", "facts:"]
    for number, candidate in enumerate(found, 1):
        lines += _candidate_block(number, candidate, seed_file, date, deck_id)
    return "\n".join(lines) + "\n"


def _candidate_block(
    number: int, candidate: Candidate, seed_file: str, date: str, deck_id: str
) -> list[str]:
    known_marks = [mark for mark in candidate.marks if mark.entity]
    relation = candidate.relations[0].split("/", 1)[1] if candidate.relations else "TODO"
    subject = known_marks[0].entity if known_marks else "TODO"
    other = [mark for mark in candidate.marks if mark.entity != subject]
    obj = other[0].entity or other[0].text if other else "TODO"
    marks = ", ".join(f"{mark.text} [{mark.kind}]" for mark in candidate.marks) or "none"
    notes = [f"{CANDIDATE_MARK} {number} (paragraph {candidate.paragraph}): {marks}"]
    if candidate.cues:
        notes.append(f"##     cues: {', '.join(candidate.cues)}")
    if candidate.relations:
        notes.append(f"##     fits: {', '.join(candidate.relations)}")
    fact = {
        "id": f"fact-{number}-{slug(candidate.quote, 30)}",
        "subject": subject,
        "relation": relation,
        "object": obj,
        "statement": "TODO: one clean sentence making this claim",
        "tags": [deck_id],
        "difficulty": 2,
        "date": date,
        "sources": [{"seed": seed_file, "quote": candidate.quote}],
    }
    body = _indent_list([fact])
    return ["", *notes, *(f"# {line}" for line in body)]


def _dump(data: object) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000
    ).rstrip("\n")


class _Dumper(yaml.SafeDumper):
    """Block style with lists indented under their key, as the bundled decks are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _indent_list(entries: Sequence[dict]) -> list[str]:
    if not entries:
        return []
    return ["  " + line for line in _dump(list(entries)).splitlines()]
