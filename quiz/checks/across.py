"""The rules across facts: every definition used, cardinality kept, each article's
complete lists sound, every attribution a declared claimant. They judge only the facts
with no problem."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from quiz.checks.context import Claim, Context, Header, Known, reference
from quiz.checks.definitions import literal
from quiz.messages import suggest
from quiz.schema import Claimant, CompleteList, DeckFile, Entity, Fact, Relation
from quiz.yamldoc import YamlPath

__all__ = ["cardinality", "claimants", "complete_lists", "false_of", "unused"]


def unused(
    context: Context,
    deck: DeckFile,
    entities: Known[Entity],
    relations: Known[Relation],
    claims: list[Claim],
) -> None:
    """Every entity and relation is used by a fact (judged only while all facts are
    sound: an unused one may be the broken fact's)."""
    if not claims or len(claims) != len(deck.facts or []):
        return
    used_entities = {claim.fact.subject for claim in claims}
    used_entities |= {
        claim.object_key for claim in claims if not literal(relations.items[claim.fact.relation])
    }
    used_relations = {claim.fact.relation for claim in claims}
    for section, label, items, known, used in (
        ("entities", "entity", deck.entities or [], entities, used_entities),
        ("relations", "relation", deck.relations or [], relations, used_relations),
    ):
        for item_id in known.items:
            if item_id not in used:
                index = next(i for i, item in enumerate(items) if item and item.id == item_id)
                context.report((section, index), f"{label} '{item_id}' is used by no fact")


def cardinality(context: Context, relations: Known[Relation], claims: list[Claim]) -> None:
    """A one-valued side with two different values contradicts itself, unless contested."""
    groups: dict[tuple[str, str, Any], list[Claim]] = defaultdict(list)
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


def false_of(context: Context, claims: list[Claim]) -> None:
    """A claim vouched false of an entity is stated of it by no other fact."""
    stated = {
        (claim.fact.relation, claim.fact.subject, claim.object_key): claim.fact.id
        for claim in claims
    }
    for claim in claims:
        fact = claim.fact
        for position, entity_id in enumerate(fact.false_of or ()):
            other = stated.get((fact.relation, entity_id, claim.object_key))
            if other is not None:
                context.report(
                    ("facts", claim.index, "false_of", position),
                    f"false_of '{entity_id}', but fact '{other}' states the claim of it",
                    fact.id,
                )


def complete_lists(
    context: Context,
    lists: list[CompleteList | None],
    entities: Known[Entity],
    relations: Known[Relation],
    claims: list[Claim],
    header: Header | None,
) -> None:
    """Each article's lists declared complete: real relations and articles, cited by
    the relation's facts, with candidates of the complete side's type."""
    for index, complete in enumerate(lists):
        if complete is None or complete.side is None:
            continue
        path: YamlPath = ("complete", index)
        relation = reference(context, (*path, "relation"), complete.relation, relations, "relation")
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


def claimants(context: Context, listed: list[Claimant | None], claims: list[Claim]) -> None:
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
