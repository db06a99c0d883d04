"""A clean deck file as the domain objects every consumer reads (`quiz.facts`).

Only a deck with no problem is compiled: every value here was validated by the
models of `quiz.schema` and judged by `quiz.checks`. What a deck file leaves
implicit becomes explicit: a literal's display, each complete list per article.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from quiz import facts, schema

__all__ = ["compiled"]

_TEMPLATE_NAMES = [field.name for field in fields(facts.Templates)]


def compiled(file: schema.DeckFile, path: Path) -> facts.Deck:
    """The deck `file` declares, read from `path`."""
    header = file.deck
    wording = {field.name: getattr(header.wording, field.name) for field in fields(header.wording)}
    info = facts.DeckInfo(
        header.id,
        header.name,
        header.description,
        {name: text for name, text in wording.items() if text is not None},
        dict(header.cite_as),
    )
    entities = {
        entity.id: facts.Entity(
            entity.id, entity.name, entity.type, tuple(entity.aliases), entity.description
        )
        for entity in file.entities
    }
    relations = {relation.id: _relation(relation) for relation in file.relations}
    return facts.Deck(
        info,
        entities,
        relations,
        tuple(_fact(fact, relations[fact.relation]) for fact in file.facts),
        path,
        tuple(
            facts.CompleteList(
                relations[listed.relation].id,
                seed,
                listed.side,
                tuple(listed.candidates),
                tuple(listed.open),
            )
            for listed in file.complete or ()
            for seed in listed.source
        ),
        tuple(
            facts.Claimant(claimant.name, claimant.type, claimant.affiliation, claimant.offered)
            for claimant in file.claimants or ()
        ),
    )


def _templates(templates: schema.ModalTemplates) -> facts.Templates:
    return facts.Templates(**{name: getattr(templates, name) for name in _TEMPLATE_NAMES})


def _relation(relation: schema.Relation) -> facts.Relation:
    return facts.Relation(
        relation.id,
        tuple(relation.subject_type),
        tuple(relation.object_type),
        relation.cardinality,
        _templates(relation.templates),
        relation.exhaustive,
        relation.symmetric,
        temporal=relation.temporal,
        cited=relation.cited,
        modal_templates={
            modality: _templates(given) for modality, given in relation.templates.modal().items()
        },
    )


def _fact(fact: schema.Fact, relation: facts.Relation) -> facts.Fact:
    correction = fact.correction
    return facts.Fact(
        id=fact.id,
        subject=fact.subject,
        relation=relation.id,  # one string for all its facts, as a deck file has one
        object=_object(fact.object, relation),
        statement=fact.statement,
        tags=tuple(fact.tags),
        difficulty=fact.difficulty,
        date=fact.date,
        sources=tuple(facts.Source(source.seed, source.quote) for source in fact.sources),
        attribution=fact.attribution,
        contested=fact.contested,
        note=fact.note,
        explanation=fact.explanation,
        modality=fact.modality,
        correction=facts.Correction(correction.says, correction.is_, correction.how)
        if correction is not None
        else None,
        garbled=fact.garbled,
        same_as=fact.same_as,
        false_of=tuple(dict.fromkeys(fact.false_of)),
    )


def _object(value: Any, relation: facts.Relation) -> str | facts.Literal:
    """An entity id, or a literal with how it is displayed."""
    display = None
    if isinstance(value, schema.LiteralObject):
        value, display = value.value, value.display
    if not relation.literal:
        return str(value)
    if relation.object_types[0] == "quantity":
        return facts.Literal(value, display or f"{value:,}")
    if relation.object_types[0] == "date":
        value = schema.date_as_written(value)
    return facts.Literal(value, display or value)
