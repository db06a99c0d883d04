"""The deck's own part, its entities and its relations: what facts may refer to.

A definition with a problem is `broken`: facts that refer to it are not reported
again for it.
"""

from __future__ import annotations

import string

from quiz.checks.context import Context, Header, Known
from quiz.facts import LITERAL_TYPES, Cardinality, Modality
from quiz.schema import (
    DeckHeader,
    Entity,
    ModalTemplates,
    Relation,
    Templates,
    Wording,
    placeholders_of,
)
from quiz.seeds import normalise_quote
from quiz.yamldoc import YamlPath

__all__ = ["deck_header", "known_entities", "known_relations", "literal", "templates_for"]

# The placeholders a relation's templates may take: the ones any of them names.
_TEMPLATE_FIELDS = placeholders_of(ModalTemplates)
_TEMPLATE_PLACEHOLDERS = set().union(
    *(rule.needed | rule.forbidden for rule in _TEMPLATE_FIELDS.values())
)


def deck_header(context: Context, header: DeckHeader | None) -> Header | None:
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
    return Header(frozenset(given), frozenset(cited))


def _placeholders(context: Context, path: YamlPath, template: str) -> set[str] | None:
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


def known_entities(context: Context, entities: list[Entity | None]) -> Known[Entity]:
    """Entities of entity types, each id once, no two of them named alike."""
    # Only a deck being checked needs it; a cached one is read without the grader.
    from quiz.answers import normalise_answer

    known: Known[Entity] = Known()
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


def literal(relation: Relation) -> bool:
    """Whether the relation's objects are values (a quantity, date or text)."""
    return bool(relation.object_type) and relation.object_type[0] in LITERAL_TYPES


def templates_for(relation: Relation, modality: Modality) -> ModalTemplates | None:
    """The wording of the relation's facts of `modality`, if it has one."""
    if modality is Modality.ASSERTED:
        return relation.templates
    return getattr(relation.templates, modality.value, None)


def known_relations(
    context: Context, relations: list[Relation | None], entities: Known[Entity]
) -> Known[Relation]:
    """Relations between the deck's entity types, each id once, with sound templates."""
    known: Known[Relation] = Known()
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
    context: Context,
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
    context: Context, path: YamlPath, templates: Templates | None
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


def _template_placeholders(context: Context, path: YamlPath, templates: ModalTemplates) -> bool:
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
