"""What a deck's shape cannot say: the rules that need more than one value at a time.

Each rule is a function over the deck as `quiz.validation` validated it: references
between entities, relations and facts, template and wording placeholders, quotes
found in their articles, attributions carried in statements, cardinality, and each
article's complete lists. On a deck with errors, values the models refused are None:
a check judges what is left and is silent on what is missing, which has its problem
already. An entity or relation whose definition is broken is not reported again at
every reference to it; a fact with a problem takes no part in the rules across facts.
"""

from __future__ import annotations

import datetime
import math
import re
import string
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from quiz.facts import LITERAL_TYPES, Cardinality, Modality
from quiz.messages import kind_of, quote_hint, suggest
from quiz.problems import Problem
from quiz.schema import (
    DATE_RULE,
    Claimant,
    CompleteList,
    DeckFile,
    DeckHeader,
    Entity,
    Fact,
    LiteralObject,
    ModalTemplates,
    Relation,
    Source,
    Templates,
    Wording,
    placeholders_of,
)
from quiz.seeds import SeedLibrary, normalise_quote, valid_date
from quiz.validation import Shape
from quiz.yamldoc import Document, YamlPath

__all__ = ["MIN_QUOTE_WORDS", "check_deck", "literal", "literal_date"]

# A quote is the evidence that the article says the fact: one or two words ("Iran",
# "close ally") stand in almost any article and prove nothing. The shortest quote
# in the bundled decks has four words.
MIN_QUOTE_WORDS = 3

# Words inside quotation marks: “curly”, "straight"; editorial [insertions] and
# ellipses (... or …) stand for words the quotation leaves out or adds.
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_QUOTE_GAPS = re.compile(r"\[[^\]]*\]|\.\.\.|…")
# The placeholders a relation's templates may take: the ones any of them names.
_TEMPLATE_FIELDS = placeholders_of(ModalTemplates)
_TEMPLATE_PLACEHOLDERS = set().union(
    *(rule.needed | rule.forbidden for rule in _TEMPLATE_FIELDS.values())
)
_T = TypeVar("_T")


@dataclass
class _Context:
    """The deck being checked, and the problems found so far."""

    doc: Document
    shape: Shape
    seeds: SeedLibrary
    problems: list[Problem] = field(default_factory=list)

    def report(
        self, path: YamlPath, message: str, fact_id: str | None = None, *, key: bool = False
    ) -> None:
        position = self.doc.key_at(path) if key else self.doc.value_at(path)
        self.problems.append(
            Problem(self.doc.file, position.line, position.column, message, fact_id)
        )

    def given(self, value: Any, path: YamlPath) -> bool:
        """Whether the file gives the value at `path`, sound (`value`) or refused."""
        return value is not None or path in self.shape.refused


@dataclass
class _Known(Generic[_T]):
    """The entities (or relations) facts may refer to, by id; `broken` ones are
    defined with a problem, and a reference to them is not reported again."""

    items: dict[str, _T] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Header:
    """What facts need of the deck's own part: the wordings given, and the articles
    it says how to cite."""

    wording: frozenset[str]
    cite_as: frozenset[str]


class _Claim(NamedTuple):
    """A fact with no problem, where it is and what its object is."""

    index: int  # in the file's `facts`
    fact: Fact
    object_key: Any  # the entity id, or the literal's value


def check_deck(doc: Document, shape: Shape, seeds: SeedLibrary) -> list[Problem]:
    """Every problem of the validated deck that needs more than one value to see."""
    deck = shape.deck
    if deck is None:
        return []
    context = _Context(doc, shape, seeds)
    header = deck_header(context, deck.deck)
    entities = known_entities(context, deck.entities or [])
    relations = known_relations(context, deck.relations or [], entities)
    claims = sound_facts(context, deck.facts or [], entities, relations, header)
    unused(context, deck, entities, relations, claims)
    cardinality(context, relations, claims)
    complete_lists(context, deck.complete or [], entities, relations, claims, header)
    claimants(context, deck.claimants or [], claims)
    return context.problems


# -- the deck's own part ---------------------------------------------------------------


def deck_header(context: _Context, header: DeckHeader | None) -> _Header | None:
    """Wordings take exactly their placeholders; cite_as names real articles."""
    if header is None:
        return None
    given = set()
    for name, rule in placeholders_of(Wording).items():
        wording = getattr(header.wording, name, None) if header.wording else None
        if wording is None:
            continue
        where = ("deck", "wording", name)
        fields = _placeholders(context, where, wording)
        if fields is not None and fields != rule.needed:
            wanted = ", ".join("{" + needed + "}" for needed in sorted(rule.needed))
            context.report(where, f"wording '{name}' must use exactly {wanted}")
        given.add(name)
    cited = set()
    for seed_name, label in (header.cite_as or {}).items():
        if seed_name not in context.seeds:
            where = ("deck", "cite_as", seed_name)
            context.report(where, f"no seed article '{seed_name}'", key=True)
        elif label is not None:
            cited.add(seed_name)
    if header.id is None or header.name is None:
        return None
    return _Header(frozenset(given), frozenset(cited))


def _placeholders(context: _Context, path: YamlPath, template: str) -> set[str] | None:
    """The placeholders `template` names, or None (reported) if one is not plain."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        context.report(path, f"template has a broken placeholder: {error}")
        return None
    fields = set()
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            context.report(path, f"placeholder '{{{name}}}' must be a plain name")
            return None
        fields.add(name)
    return fields


# -- entities --------------------------------------------------------------------------


def known_entities(context: _Context, entities: list[Entity | None]) -> _Known[Entity]:
    """Entities of entity types, each id once, no two of them named alike."""
    # Only a deck being checked needs it; a cached one is read without the grader.
    from quiz.answers import normalise_answer

    known: _Known[Entity] = _Known()
    owner_of_name: dict[str, tuple[str, str]] = {}  # folded name: entity id, name
    for index, entity in enumerate(entities):
        if entity is None:
            continue
        path: YamlPath = ("entities", index)
        entity_type = entity.type
        if entity_type in LITERAL_TYPES:
            context.report(
                (*path, "type"), f"'{entity_type}' is a literal type, not an entity type"
            )
            entity_type = None
        if entity.id is None:
            continue
        if entity.name is None or entity_type is None or entity.aliases is None:
            known.broken.add(entity.id)
            continue
        if entity.id in known.items:
            context.report((*path, "id"), f"duplicate entity id '{entity.id}'")
            continue
        own: set[str] = set()
        for offset, label in enumerate((entity.name, *entity.aliases)):
            where = (*path, "name") if offset == 0 else (*path, "aliases", offset - 1)
            # Another entity's name counts once folded as answers are judged (`Irán`
            # on Syria would make "Iran" right for it); this entity's own may differ
            # by an article or a hyphen, which clozes find in text.
            owner, first = owner_of_name.get(normalise_answer(label), (entity.id, label))
            if _name_key(label) in own:
                context.report(where, f"'{label}' repeats a name of this entity")
            elif owner != entity.id:
                alike = "" if first == label else f" ('{first}', to an answer)"
                context.report(
                    where,
                    f"'{label}' is already a name of entity '{owner}'{alike}: an answer "
                    "could not tell them apart",
                )
            else:
                owner_of_name.setdefault(normalise_answer(label), (entity.id, label))
            own.add(_name_key(label))
        known.items[entity.id] = entity
    return known


def _name_key(name: str) -> str:
    return normalise_quote(name).casefold()


# -- relations -------------------------------------------------------------------------


def literal(relation: Relation) -> bool:
    """Whether the relation's objects are values (a quantity, date or text)."""
    return bool(relation.object_type) and relation.object_type[0] in LITERAL_TYPES


def templates_for(relation: Relation, modality: Modality) -> ModalTemplates | None:
    """The wording of the relation's facts of `modality`, if it has one."""
    if modality is Modality.ASSERTED:
        return relation.templates
    return getattr(relation.templates, modality.value, None)


def known_relations(
    context: _Context, relations: list[Relation | None], entities: _Known[Entity]
) -> _Known[Relation]:
    """Relations between the deck's entity types, each id once, with sound templates."""
    known: _Known[Relation] = _Known()
    entity_types = {entity.type for entity in entities.items.values()}
    for index, relation in enumerate(relations):
        if relation is None:
            continue
        path: YamlPath = ("relations", index)
        subject_types, object_types = relation.subject_type, relation.object_type
        _relation_types(context, path, subject_types, object_types, entity_types)
        templates = relation_templates(context, (*path, "templates"), relation.templates)
        symmetric = relation.symmetric
        if symmetric and (
            subject_types != object_types
            or relation.cardinality not in (Cardinality.ONE_TO_ONE, Cardinality.MANY_TO_MANY)
        ):
            context.report(
                (*path, "symmetric"),
                "a symmetric relation needs the same subject and object types and a "
                "one-to-one or many-to-many cardinality",
            )
            symmetric = None
        if relation.id is None:
            continue
        parts = (subject_types, object_types, relation.cardinality, relation.exhaustive)
        if None in (*parts, templates, symmetric):
            known.broken.add(relation.id)
            continue
        if relation.id in known.items:
            context.report((*path, "id"), f"duplicate relation id '{relation.id}'")
            continue
        known.items[relation.id] = relation
    return known


def _relation_types(
    context: _Context,
    path: YamlPath,
    subject_types: list[str] | None,
    object_types: list[str] | None,
    entity_types: set[str],
) -> None:
    """A subject is an entity; an object is entities or one literal; entities of each
    type named exist."""
    for where, types, role in (
        ("subject_type", subject_types, "subject"),
        ("object_type", object_types, "object"),
    ):
        for type_name in types or ():
            if type_name in LITERAL_TYPES and role == "subject":
                context.report((*path, where), "a subject must be an entity, not a literal")
            elif type_name in LITERAL_TYPES and len(types or ()) > 1:
                context.report((*path, where), "a literal object type must stand alone")
            elif type_name not in LITERAL_TYPES and type_name not in entity_types:
                known = ", ".join(sorted(entity_types)) or "none"
                context.report(
                    (*path, where), f"no entity has type '{type_name}' (entity types: {known})"
                )


def relation_templates(
    context: _Context, path: YamlPath, templates: Templates | None
) -> Templates | None:
    """The relation's templates if its own are sound: each takes its placeholders, and
    one asks for the object or the subject. A modality's templates are checked too,
    but never make the relation's unusable."""
    if templates is None:
        return None
    sound = _template_placeholders(context, path, templates)
    sound = sound and all(context.shape.sound((*path, name)) for name in _TEMPLATE_FIELDS)
    asks = [(templates.ask_object, "ask_object"), (templates.ask_subject, "ask_subject")]
    if not any(context.given(value, (*path, name)) for value, name in asks):
        context.report(path, "templates need 'ask_object' or 'ask_subject' (or both)")
        sound = False
    for modality, modal in templates.modal().items():
        _template_placeholders(context, (*path, modality.value), modal)
    return templates if sound and templates.statement is not None else None


def _template_placeholders(context: _Context, path: YamlPath, templates: ModalTemplates) -> bool:
    """Each template has the placeholders it needs and none that give its answer away."""
    sound = True
    for name, rule in _TEMPLATE_FIELDS.items():
        template = getattr(templates, name)
        if template is None:
            continue
        where = (*path, name)
        fields = _placeholders(context, where, template)
        if fields is None:
            sound = False
            continue
        unknown = fields - _TEMPLATE_PLACEHOLDERS
        for placeholder in sorted(unknown):
            context.report(where, f"unknown placeholder '{{{placeholder}}}' in '{name}'")
        for placeholder in sorted(rule.needed - fields):
            context.report(where, f"template '{name}' must contain {{{placeholder}}}")
        for placeholder in sorted(rule.forbidden & fields):
            context.report(
                where, f"template '{name}' must not contain {{{placeholder}}}: it is the answer"
            )
        sound = sound and not unknown and rule.needed <= fields and not rule.forbidden & fields
    return sound


# -- facts -----------------------------------------------------------------------------


def sound_facts(
    context: _Context,
    facts: list[Fact | None],
    entities: _Known[Entity],
    relations: _Known[Relation],
    header: _Header | None,
) -> list[_Claim]:
    """The facts with no problem, each id and each claim once."""
    claims: list[_Claim] = []
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
    context: _Context,
    index: int,
    fact: Fact,
    entities: _Known[Entity],
    relations: _Known[Relation],
    header: _Header | None,
) -> _Claim | None:
    """One fact's references, object, attribution, notes, wording and quotes; the
    fact as a claim if it has no problem at all."""
    path: YamlPath = ("facts", index)
    fact_id = _written_id(context, fact, path)
    before = len(context.problems)
    relation = _reference(
        context, (*path, "relation"), fact.relation, relations, "relation", fact_id
    )
    subject = _reference(context, (*path, "subject"), fact.subject, entities, "entity", fact_id)
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
    attribution(context, path, fact, header, fact_id)
    notes(context, path, fact, fact_id)
    modality = fact.modality
    if modality is not None and relation is not None and not templates_for(relation, modality):
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
    return _Claim(index, fact, object_key)


def _written_id(context: _Context, fact: Fact, path: YamlPath) -> str | None:
    """A fact's id as written, valid or not: what its problems are told by."""
    if fact.id is not None or context.shape.sound(path):
        return fact.id
    written = context.doc.data["facts"][path[1]].get("id")
    return written if isinstance(written, str) else None


def _reference(
    context: _Context,
    path: YamlPath,
    name: Any,
    known: _Known[_T],
    what: str,
    fact_id: str | None = None,
) -> _T | None:
    """What `name` refers to (`what`: "entity", "relation"); an unknown name is
    reported with the one meant."""
    if name is None or name in known.broken:
        return None
    if not isinstance(name, str):
        hint = quote_hint(context.doc, path)
        context.report(path, f"{what} must be text, not {_kind(name)}{hint}", fact_id)
        return None
    if name not in known.items:
        context.report(path, f"unknown {what} '{name}'{suggest(name, known.items)}", fact_id)
        return None
    return known.items[name]


def _kind(value: Any) -> str:
    return "a mapping" if isinstance(value, LiteralObject) else kind_of(value)


def fact_object(
    context: _Context,
    path: YamlPath,
    value: Any,
    relation: Relation,
    entities: _Known[Entity],
    fact_id: str | None,
) -> Any:
    """The fact's object as its relation takes it: an entity of an object type, or a
    literal of the relation's kind. Its key (entity id or value), or None."""
    if not literal(relation):
        entity = _reference(context, path, value, entities, "entity", fact_id)
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
        date = literal_date(value)
        if not isinstance(date, str) or not valid_date(date):
            context.report(path, f"object must be {DATE_RULE}, not {date!r}", fact_id)
            return None
        return date
    if not isinstance(value, str):
        hint = quote_hint(context.doc, path)
        context.report(path, f"object must be text, not {kind_of(value)}{hint}", fact_id)
        return None
    return value


def literal_date(value: Any) -> Any:
    """A date object as written: YAML 1.1 reads `2024` as a number, `2024-06-01` as a
    date (not `2024-06-01 10:00`, which has a time)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def quantity(
    context: _Context, path: YamlPath, value: Any, relation: Relation, fact_id: str | None
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
    context: _Context, path: YamlPath, sources: list[Source | None] | None, fact_id: str | None
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
    context: _Context, path: YamlPath, fact: Fact, header: _Header | None, fact_id: str | None
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


def notes(context: _Context, path: YamlPath, fact: Fact, fact_id: str | None) -> None:
    """A contested fact says who disagrees, and a garbled quotation says it is."""
    noted = context.given(fact.note, (*path, "note"))
    if fact.contested is True and not noted:
        context.report(
            (*path, "contested"), "a contested fact needs a 'note' saying who disagrees", fact_id
        )
    if fact.garbled and not noted:
        context.report((*path, "garbled"), "a garbled quotation needs a 'note' saying so", fact_id)


def quotations(
    context: _Context,
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


# -- across facts ----------------------------------------------------------------------


def unused(
    context: _Context,
    deck: DeckFile,
    entities: _Known[Entity],
    relations: _Known[Relation],
    claims: list[_Claim],
) -> None:
    """Every entity and relation is used by a fact (judged only while all facts are
    sound: an unused one may be the broken fact's)."""
    if not claims or len(claims) != len(deck.facts or []):
        return
    used_entities = {claim.fact.subject for claim in claims}
    used_entities |= {claim.fact.object for claim in claims if isinstance(claim.fact.object, str)}
    used_relations = {claim.fact.relation for claim in claims}
    for section, label, items, known, used in (
        ("entities", "entity", deck.entities or [], entities, used_entities),
        ("relations", "relation", deck.relations or [], relations, used_relations),
    ):
        for item_id in known.items:
            if item_id not in used:
                index = next(i for i, item in enumerate(items) if item and item.id == item_id)
                context.report((section, index), f"{label} '{item_id}' is used by no fact")


def cardinality(context: _Context, relations: _Known[Relation], claims: list[_Claim]) -> None:
    """A one-valued side with two different values contradicts itself, unless contested."""
    groups: dict[tuple[str, str, Any], list[_Claim]] = defaultdict(list)
    for claim in claims:
        if claim.fact.contested:
            continue
        fact = claim.fact
        groups[("object", fact.relation, fact.subject)].append(claim)
        groups[("subject", fact.relation, claim.object_key)].append(claim)
    for (side, relation_id, key), group in groups.items():
        rule = relations.items[relation_id].cardinality
        one = rule.one_object_per_subject if side == "object" else rule.one_subject_per_object
        if not one:
            continue
        for claim in group[1:]:
            context.report(
                ("facts", claim.index, "relation"),
                f"gives '{key}' a second {side}, but relation '{relation_id}' is "
                f"{rule.value} (first in fact '{group[0].fact.id}')",
                claim.fact.id,
            )


def complete_lists(
    context: _Context,
    lists: list[CompleteList | None],
    entities: _Known[Entity],
    relations: _Known[Relation],
    claims: list[_Claim],
    header: _Header | None,
) -> None:
    """Each article's lists declared complete: real relations and articles, cited by
    the relation's facts, with candidates of the complete side's type."""
    for index, complete in enumerate(lists):
        if complete is None or complete.side is None:
            continue
        path: YamlPath = ("complete", index)
        relation = _reference(
            context, (*path, "relation"), complete.relation, relations, "relation"
        )
        seed_names = complete.source
        if relation is None or None in (seed_names, complete.candidates, complete.open):
            continue
        relation_facts = {c.fact.id for c in claims if c.fact.relation == relation.id}
        for position, fact_id in enumerate(complete.open):
            if fact_id not in relation_facts:
                context.report(
                    (*path, "open", position),
                    f"no fact '{fact_id}' of '{relation.id}'{suggest(fact_id, relation_facts)}",
                )
        side_types = relation.subject_type if complete.side == "subjects" else relation.object_type
        for position, candidate in enumerate(complete.candidates):
            where = (*path, "candidates", position)
            if candidate not in entities.items:
                context.report(
                    where, f"unknown entity '{candidate}'{suggest(candidate, entities.items)}"
                )
            elif entities.items[candidate].type not in (side_types or ()):
                context.report(
                    where,
                    f"'{candidate}' is a {entities.items[candidate].type}, not a "
                    f"{' or '.join(side_types or ())} as the {complete.side} of '{relation.id}'",
                )
        for position, seed_name in enumerate(seed_names):
            where = (*path, "source", position)  # written alone, at `source` itself
            if seed_name not in context.seeds:
                context.report(where, f"no seed article '{seed_name}'")
            elif not any(
                c.fact.relation == relation.id and seed_name in _seeds(c.fact) for c in claims
            ):
                context.report(
                    where, f"no fact of '{relation.id}' cites {seed_name}: nothing is listed"
                )
            elif header is not None and seed_name not in header.cite_as:
                context.report(
                    where,
                    f"items framed by {seed_name} need deck.cite_as['{seed_name}'] "
                    "(how to cite it, e.g. 'DW (June 2024)')",
                )


def _seeds(fact: Fact) -> Iterable[str]:
    return (source.seed for source in fact.sources)


def claimants(context: _Context, listed: list[Claimant | None], claims: list[_Claim]) -> None:
    """Who the articles cite, each once; once declared, every attribution is one of them."""
    names: set[str] = set()
    for index, claimant in enumerate(listed):
        if claimant is None or claimant.name is None or claimant.type is None:
            continue
        if claimant.name in names:
            context.report(
                ("claimants", index, "name"), f"claimant '{claimant.name}' is listed twice"
            )
            continue
        names.add(claimant.name)
    if not names:
        return
    for claim in claims:
        said_by = claim.fact.attribution
        if said_by and said_by not in names:
            context.report(
                ("facts", claim.index, "attribution"),
                f"'{said_by}' is not among the deck's claimants{suggest(said_by, names)}",
                claim.fact.id,
            )
