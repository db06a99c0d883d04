"""Each fact on its own: its references and object, its sources' quotes, its
attribution, notes and wording; and the facts with no problem, each id and claim once."""

from __future__ import annotations

import math
import re
from typing import Any

from quiz.checks.context import Claim, Context, Header, Known, reference
from quiz.checks.definitions import literal, templates_for
from quiz.facts import Modality
from quiz.messages import kind_of, quote_hint
from quiz.schema import DATE_RULE, Entity, Fact, LiteralObject, Relation, Source, date_as_written
from quiz.seeds import normalise_quote, valid_date
from quiz.yamldoc import YamlPath

__all__ = ["MIN_QUOTE_WORDS", "sound_facts"]

# A quote is the evidence that the article says the fact: one or two words ("Iran",
# "close ally") stand in almost any article and prove nothing. The shortest quote
# in the bundled decks has four words.
MIN_QUOTE_WORDS = 3

# Words inside quotation marks: “curly”, "straight"; editorial [insertions] and
# ellipses (... or …) stand for words the quotation leaves out or adds.
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_QUOTE_GAPS = re.compile(r"\[[^\]]*\]|\.\.\.|…")


def sound_facts(
    context: Context,
    facts: list[Fact | None],
    entities: Known[Entity],
    relations: Known[Relation],
    header: Header | None,
) -> list[Claim]:
    """The facts with no problem, each id and each claim once."""
    claims: list[Claim] = []
    seen_ids: set[str] = set()
    stated: dict[tuple[Any, ...], str] = {}
    for index, fact in enumerate(facts):
        if fact is None:
            continue
        claim = fact_claim(context, index, fact, entities, relations, header)
        if claim is None:
            continue
        path: YamlPath = ("facts", index)
        if fact.id in seen_ids:
            context.report((*path, "id"), f"duplicate fact id '{fact.id}'", fact.id)
            continue
        seen_ids.add(fact.id)
        key: tuple[Any, ...] = (fact.subject, fact.relation, claim.object_key)
        if relations.items[fact.relation].symmetric:
            key = (*sorted((fact.subject, str(claim.object_key))), fact.relation)
        if key in stated:
            context.report(
                path,
                f"states the same claim as fact '{stated[key]}': merge them and list both sources",
                fact.id,
            )
            continue
        stated[key] = fact.id
        claims.append(claim)
    return claims


def fact_claim(
    context: Context,
    index: int,
    fact: Fact,
    entities: Known[Entity],
    relations: Known[Relation],
    header: Header | None,
) -> Claim | None:
    """One fact's references, object, attribution, notes, wording and quotes; the
    fact as a claim if it has no problem at all."""
    path: YamlPath = ("facts", index)
    fact_id = _written_id(context, fact, path)
    before = len(context.problems)
    relation = reference(
        context, (*path, "relation"), fact.relation, relations, "relation", fact_id
    )
    subject = reference(context, (*path, "subject"), fact.subject, entities, "entity", fact_id)
    if subject is not None and relation is not None:
        subject_types = relation.subject_type
        if subject.type not in subject_types:
            context.report(
                (*path, "subject"),
                f"'{subject.id}' is a {subject.type}, but relation '{relation.id}' takes a "
                f"subject of type {' or '.join(subject_types)}",
                fact_id,
            )
    object_key = None
    if fact.object is not None and relation is not None:
        where = (*path, "object")
        object_key = fact_object(context, where, fact.object, relation, entities, fact_id)
    sources = fact_sources(context, (*path, "sources"), fact.sources, fact_id)
    false_of(context, (*path, "false_of"), fact, subject, relation, entities, fact_id)
    attribution(context, path, fact, header, fact_id)
    notes(context, path, fact, fact_id)
    modality = fact.modality
    if modality and relation and templates_for(relation, modality) is None:
        context.report(
            (*path, "modality"),
            f"relation '{relation.id}' has no templates for {modality.value} claims: give it "
            f"'templates: {{{modality.value}: {{statement: ...}}}}' so items keep the hedge",
            fact_id,
        )
    if fact.correction is not None and header is not None and "correction" not in header.wording:
        context.report(
            (*path, "correction"),
            "corrections need deck.wording.correction, e.g. "
            "'The article says {says}; in fact {actually} ({how}).'",
            fact_id,
        )
    if fact.statement and sources and fact.modality is not Modality.PARAPHRASE:
        quotations(context, path, fact.statement, object_key, relation, sources, fact_id)
    parts = (fact.id, subject, relation, object_key, fact.statement, fact.tags, fact.date, sources)
    if len(context.problems) > before or not context.shape.sound(path) or None in parts:
        return None
    return Claim(index, fact, object_key)


def false_of(
    context: Context,
    path: YamlPath,
    fact: Fact,
    subject: Entity | None,
    relation: Relation | None,
    entities: Known[Entity],
    fact_id: str | None,
) -> None:
    """The entities a claim is vouched false of: each a known entity that could be the
    relation's subject, never the fact's own."""
    for index, name in enumerate(fact.false_of or ()):
        where = (*path, index)
        entity = reference(context, where, name, entities, "entity", fact_id)
        if entity is None:
            continue
        if subject is not None and entity.id == subject.id:
            context.report(where, "a claim is not false of its own subject", fact_id)
        elif relation is not None and entity.type not in relation.subject_type:
            context.report(
                where,
                f"'{entity.id}' is a {entity.type}, but relation '{relation.id}' takes a "
                f"subject of type {' or '.join(relation.subject_type)}",
                fact_id,
            )


def _written_id(context: Context, fact: Fact, path: YamlPath) -> str | None:
    """A fact's id as written, valid or not: what its problems are told by."""
    if fact.id is not None or context.shape.sound(path):
        return fact.id
    written = context.doc.data["facts"][path[1]].get("id")
    return written if isinstance(written, str) else None


def fact_object(
    context: Context,
    path: YamlPath,
    value: Any,
    relation: Relation,
    entities: Known[Entity],
    fact_id: str | None,
) -> Any:
    """The fact's object as its relation takes it: an entity of an object type, or a
    literal of the relation's kind. Its key (entity id or value), or None."""
    if not literal(relation):
        entity = reference(context, path, value, entities, "entity", fact_id)
        if entity is None:
            return None
        object_types = relation.object_type
        if entity.type not in object_types:
            context.report(
                path,
                f"'{entity.id}' is a {entity.type}, but relation '{relation.id}' takes an "
                f"object of type {' or '.join(object_types)}",
                fact_id,
            )
            return None
        return entity.id
    if isinstance(value, LiteralObject):
        if (*path, "display") in context.shape.refused:
            return None
        path, value = (*path, "value"), value.value
        if value is None:
            return None
    literal_type = relation.object_type[0]
    if literal_type == "quantity":
        return value if quantity(context, path, value, relation, fact_id) else None
    if literal_type == "date":
        date = date_as_written(value)
        if not isinstance(date, str) or not valid_date(date):
            context.report(path, f"object must be {DATE_RULE}, not {date!r}", fact_id)
            return None
        return date
    if not isinstance(value, str):
        hint = quote_hint(context.doc, path)
        context.report(path, f"object must be text, not {kind_of(value)}{hint}", fact_id)
        return None
    return value


def quantity(
    context: Context, path: YamlPath, value: Any, relation: Relation, fact_id: str | None
) -> bool:
    """Whether `value` is a finite number, written as the number it is: YAML 1.1
    reads `1e6` as text, `1:20` as 80 (base 60) and `017` as 15 (octal)."""
    written = context.doc.unquoted.get(path, "")
    if isinstance(value, str) and _reads_as_number(value):
        context.report(
            path,
            f"YAML reads {value} as text, not a number: write it with a point and a "
            f"signed exponent (1.0e+6) or in digits",
            fact_id,
        )
    elif not isinstance(value, int | float):
        context.report(
            path, f"relation '{relation.id}' needs a number, not {kind_of(value)}", fact_id
        )
    elif not math.isfinite(value):
        context.report(path, f"a quantity must be a finite number, not {written}", fact_id)
    elif not _reads_as_number(written, value):
        context.report(
            path,
            f"YAML reads {written} as {value}: write the number in decimal digits, "
            f"or quote the text",
            fact_id,
        )
    else:
        return True
    return False


def _reads_as_number(text: str, value: float | None = None) -> bool:
    """Whether `text` is a number in plain decimal digits (`1_000`, `2.5`, `1e6`)
    that is `value`, if one is given."""
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        return False
    return value is None or number == value


def fact_sources(
    context: Context, path: YamlPath, sources: list[Source | None] | None, fact_id: str | None
) -> list[Source] | None:
    """Each source quotes its article verbatim, in one paragraph, and says something;
    each article is cited once. The sources, if all of them are sound."""
    if sources is None:
        return None
    found: list[Source] = []
    for index, source in enumerate(sources):
        if source is None or source.seed is None or source.quote is None:
            continue
        where = (*path, index)
        if source.seed not in context.seeds:
            known = ", ".join(seed.file for seed in context.seeds)
            context.report(
                (*where, "seed"), f"no seed article '{source.seed}' (known: {known})", fact_id
            )
            continue
        seed = context.seeds[source.seed]
        if len(source.quote.split()) < MIN_QUOTE_WORDS:
            context.report(
                (*where, "quote"),
                f"a quote of fewer than {MIN_QUOTE_WORDS} words proves nothing: quote "
                "the words that say the fact",
                fact_id,
            )
            continue
        if not seed.contains(source.quote):
            passage, score = seed.closest_passage(source.quote)
            context.report(
                (*where, "quote"),
                f"quote not found in {source.seed}; closest passage ({score:.0f}% alike): "
                f'"{passage}"',
                fact_id,
            )
            continue
        if not seed.in_one_paragraph(source.quote):
            context.report(
                (*where, "quote"),
                f"quote runs across paragraphs (or a heading) of {source.seed}: quote within "
                "one paragraph (a heading is a paragraph of its own)",
                fact_id,
            )
            continue
        found.append(source)
    if len(found) != len(sources):
        return None
    seeds_cited = [source.seed for source in found]
    if len(set(seeds_cited)) != len(seeds_cited):
        context.report(path, "cite each seed once: join its quotes or pick one", fact_id)
    return found


def attribution(
    context: Context, path: YamlPath, fact: Fact, header: Header | None, fact_id: str | None
) -> None:
    """An attributed claim names who makes it in its statement, and the deck says how
    an item attributes it."""
    if fact.attribution is None:
        return
    statement = fact.statement
    if statement and fact.attribution.casefold() not in statement.casefold():
        context.report(
            (*path, "statement"),
            f"the statement must carry the attribution ('{fact.attribution}'): the article "
            "attributes this claim",
            fact_id,
        )
    if header is not None and "according_to" not in header.wording:
        context.report(
            (*path, "attribution"),
            "attributed facts need deck.wording.according_to, e.g. "
            "'According to {source}, {claim}'",
            fact_id,
        )


def notes(context: Context, path: YamlPath, fact: Fact, fact_id: str | None) -> None:
    """A contested fact says who disagrees, and a garbled quotation says it is."""
    noted = context.given(fact.note, (*path, "note"))
    if fact.contested is True and not noted:
        context.report(
            (*path, "contested"), "a contested fact needs a 'note' saying who disagrees", fact_id
        )
    if fact.garbled and not noted:
        context.report((*path, "garbled"), "a garbled quotation needs a 'note' saying so", fact_id)


def quotations(
    context: Context,
    path: YamlPath,
    statement: str,
    object_key: Any,
    relation: Relation | None,
    sources: list[Source],
    fact_id: str | None,
) -> None:
    """Words in quotation marks are the article's, verbatim (up to case, an [insertion]
    or an ellipsis): a cleaned-up quotation is a `paraphrase`."""
    quoted = [(("statement",), match) for match in _QUOTED.finditer(statement)]
    if (
        relation is not None
        and literal(relation)
        and object_key is not None
        and relation.templates is not None
        and '"{object}"' in (relation.templates.statement or "")
    ):
        quoted.append((("object",), re.match(r"(.+)()", str(object_key))))
    texts = [context.seeds[source.seed].folded for source in sources]
    for where, match in quoted:
        if match is None:
            continue
        words = match.group(1) or match.group(2)
        pieces = [
            normalise_quote(piece).casefold().strip(" .,;:!?") for piece in _QUOTE_GAPS.split(words)
        ]
        missing = [piece for piece in pieces if piece and not any(piece in t for t in texts)]
        if missing:
            context.report(
                (*path, *where),
                f"“{missing[0]}” is in quotation marks but not in the article's words: quote "
                "it verbatim, or mark the fact 'modality: paraphrase'",
                fact_id,
            )
