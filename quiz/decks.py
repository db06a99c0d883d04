"""Load deck files into validated `quiz.facts` objects, reporting every problem.

A deck is checked as a whole: shape and types, ids and references, template
placeholders, verbatim quotes, attributions, and the relations' cardinality.
All problems in a file are collected before anything is raised, each with
its file, line, column and (where there is one) fact id.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import string
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from quiz import cache, resources
from quiz.facts import (
    LITERAL_TYPES,
    Cardinality,
    Claimant,
    CompleteList,
    Correction,
    Deck,
    DeckInfo,
    Entity,
    Exhaustive,
    Fact,
    Literal,
    Modality,
    Relation,
    Source,
    Templates,
)
from quiz.problems import DeckError, Problem
from quiz.seeds import SeedLibrary, normalise_quote, valid_date
from quiz.text import control_in, describe_control
from quiz.yamldoc import Document, YamlPath, parse, paused_gc, read_text

# A quote is the evidence that the article says the fact: one or two words ("Iran",
# "close ally") stand in almost any article and prove nothing. The shortest quote
# in the bundled decks has four words.
MIN_QUOTE_WORDS = 3

# Words inside quotation marks: “curly”, "straight"; editorial [insertions] and
# ellipses (... or …) stand for words the quotation leaves out or adds.
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
_QUOTE_GAPS = re.compile(r"\[[^\]]*\]|\.\.\.|…")
_MODALITY_NAMES = {modality.value for modality in Modality}


@functools.cache
def _shape() -> SimpleNamespace:
    """The keys each mapping must and may hold and the id patterns, as the deck format
    declares them. Read on first use: a deck from the cache never needs pydantic."""
    from quiz import schema

    return SimpleNamespace(
        SECTIONS=schema.keys_of(schema.DeckFile),
        DECK_KEYS=schema.keys_of(schema.DeckHeader),
        ENTITY_KEYS=schema.keys_of(schema.Entity),
        RELATION_KEYS=schema.keys_of(schema.Relation),
        FACT_KEYS=schema.keys_of(schema.Fact),
        CORRECTION_KEYS=schema.keys_of(schema.Correction),
        COMPLETE_KEYS=schema.keys_of(schema.CompleteList),
        CLAIMANT_KEYS=schema.keys_of(schema.Claimant),
        SOURCE_KEYS=schema.keys_of(schema.Source),
        LITERAL_KEYS=schema.keys_of(schema.LiteralObject),
        TEMPLATE_KEYS=schema.keys_of(schema.ModalTemplates),
        ENTITY_ID=schema.ENTITY_ID,
        RELATION_ID=schema.RELATION_ID,
        TYPE_NAME=schema.TYPE_NAME,
        SAME_AS=schema.SAME_AS,
        TAG=schema.ENTITY_ID,
    )


# Which placeholders each template must have and must not have.
_TEMPLATE_RULES: dict[str, tuple[set[str], set[str]]] = {
    "statement": ({"subject", "object"}, set()),
    "ask_object": ({"subject"}, {"object"}),
    "ask_subject": ({"object"}, {"subject"}),
    "ask_objects_all": ({"subject"}, {"object"}),
    "ask_subjects_all": ({"object"}, {"subject"}),
    "match": (set(), {"subject", "object"}),
}
_WORDING_RULES: dict[str, set[str]] = {
    "according_to": {"source", "claim"},
    "at_time": {"date", "claim"},  # a temporal relation's items: "In {date}, {claim}"
    "claimant_question": {"claim"},  # "Who, in these articles, says that {claim}?"
    "match_claims": {"source"},  # "Match each one with what {source} says of it."
    "correction": {"says", "actually", "how"},  # after an answer, why it differs from the quote
    "reports_about": {"source", "subject"},  # "Which of these does {source} report about ...?"
    "reports_about_all": {"source", "subject"},  # the same, several right: "Select all ..."
    "match_sources_about": {"subject"},  # "Match each claim about {subject} with its source."
    "match_sources_in": {"source"},  # "Match each claim {source} reports with its source."
    "match_figures": {"source"},  # "Match each figure with what {source} says it counts."
}
_PLACEHOLDERS = sorted({"subject", "object"}.union(*_WORDING_RULES.values()))
_PLACEHOLDER = re.compile("|".join(re.escape("{" + name + "}") for name in _PLACEHOLDERS))


def unfilled_placeholder(text: str) -> str | None:
    """A template placeholder (`{subject}`, `{claim}`…) standing in `text`, if any.

    In an item it is a template left unfilled, which `quiz lint` reports; in a deck's
    own text (a name, a statement) it would read as one, so `quiz check` refuses it
    there: one rule for both. Other braces are plain text, safe in names: templates
    are filled with names as values, and nothing formats the result again.
    """
    found = _PLACEHOLDER.search(text)
    return found[0] if found else None


def load_deck(
    path: Path, seeds: SeedLibrary, shown_as: str | None = None, *, use_cache: bool = True
) -> Deck:
    """Read and validate one deck file; every problem found raises one DeckError.

    An unchanged deck checked before with the same seeds comes from `quiz.cache`
    (unless `use_cache` is false or `QUIZ_NO_CACHE` is set): the same Deck, sooner.
    """
    file = shown_as or str(path)
    text = read_text(path, file)
    entry = cache.Entry(path, text, seeds.fingerprint) if use_cache and cache.enabled() else None
    with paused_gc():
        if entry is not None and (cached := entry.load(path)) is not None:
            return cached
        document = parse(text, file)
        del text  # the checker needs only the parsed values: 69 MB at 100k facts
        checker = _DeckChecker(document, seeds)
        deck = checker.deck(path)
    if checker.problems or deck is None:
        raise DeckError(checker.problems)
    if entry is not None:
        entry.save(deck)
    return deck


def load_decks(
    paths: Iterable[Path] | None = None,
    seeds: SeedLibrary | None = None,
    *,
    use_cache: bool = True,
) -> list[Deck]:
    """Load several decks (default: the bundled ones), reporting problems of all of them."""
    seeds = seeds or SeedLibrary.load(resources.seeds_dir())
    files = list(paths) if paths is not None else resources.bundled_deck_files()
    decks: list[Deck] = []
    problems: list[Problem] = []
    first_file: dict[str, str] = {}
    for path in files:
        try:
            deck = load_deck(path, seeds, use_cache=use_cache)
        except DeckError as error:
            problems.extend(error.problems)
            continue
        if deck.id in first_file:
            problems.append(
                Problem(
                    str(path), 1, 1, f"deck id '{deck.id}' is also used by {first_file[deck.id]}"
                )
            )
            continue
        first_file[deck.id] = str(path)
        decks.append(deck)
    problems += _same_claims(decks)
    if problems:
        raise DeckError(problems)
    return decks


def _fact_line(deck: Deck, fact_id: str) -> int:
    """The line of a fact's id in its deck file, for a problem found across decks."""
    if deck.path is None:
        return 1
    pattern = re.compile(rf"^\s*-\s+id:\s*[\"']?{re.escape(fact_id)}[\"']?\s*$")
    lines = read_text(deck.path, str(deck.path)).splitlines()
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 1)


def _same_claims(decks: list[Deck]) -> list[Problem]:
    """A fact that is another deck's claim (`same_as`) names a real fact of a loaded
    deck and dates the claim as that fact does."""
    facts = {(deck.id, fact.id): fact for deck in decks for fact in deck.facts}
    loaded = {deck.id for deck in decks}
    problems = []
    for deck in decks:
        for fact in deck.facts:
            if fact.same_as is None:
                continue
            deck_id, fact_id = fact.same_as.split("/")
            if deck_id not in loaded:
                continue  # checked when both decks are loaded together
            target = facts.get((deck_id, fact_id))
            if target is None:
                message = f"same_as '{fact.same_as}': deck '{deck_id}' has no fact '{fact_id}'"
            elif target.date != fact.date:
                message = (
                    f"same_as '{fact.same_as}' dates the claim {target.date}, this fact "
                    f"{fact.date}: one claim, one date"
                )
            else:
                continue
            problems.append(Problem(str(deck.path), _fact_line(deck, fact.id), 5, message, fact.id))
    return problems


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _DeckChecker:
    def __init__(self, document: Document, seeds: SeedLibrary) -> None:
        self.doc = document
        self.seeds = seeds
        self.problems: list[Problem] = []
        # Ids whose definitions are broken: references to them are not reported
        # again as unknown, only the definition is.
        self.broken: set[str] = set()

    # -- reporting ---------------------------------------------------------

    def report(
        self, path: YamlPath, message: str, fact_id: str | None = None, *, key: bool = False
    ) -> None:
        position = self.doc.key_at(path) if key else self.doc.value_at(path)
        self.problems.append(
            Problem(self.doc.file, position.line, position.column, message, fact_id)
        )

    def mapping(
        self,
        path: YamlPath,
        value: Any,
        keys: tuple[set[str], set[str]],
        what: str,
        fact_id: str | None = None,
    ) -> dict[str, Any] | None:
        """`value` if it is a mapping with the required keys; reports missing and unknown keys."""
        required, optional = keys
        if not isinstance(value, dict):
            self.report(path, f"{what} must be a mapping, not {_kind(value)}", fact_id)
            return None
        for key in sorted(required - value.keys()):
            self.report(path, f"{what} is missing required key '{key}'", fact_id)
        for key in sorted(required & value.keys()):
            if value[key] is None:
                self.report((*path, key), f"'{key}' has no value", fact_id, key=True)
        allowed = required | optional
        for key in value.keys() - allowed:
            hint = _suggest(key, allowed)
            self.report((*path, key), f"unknown key '{key}' in {what}{hint}", fact_id, key=True)
        return value

    def text(
        self,
        path: YamlPath,
        value: Any,
        what: str,
        fact_id: str | None = None,
        pattern: re.Pattern[str] | None = None,
        rule: str = "",
        *,
        template: bool = False,
    ) -> str | None:
        """`value` if it is text a learner can read; `template` text may hold placeholders."""
        if value is None:
            return None  # a missing or empty required key is reported by mapping()
        if not isinstance(value, str):
            hint = self.unquoted(path)
            self.report(path, f"{what} must be text, not {_kind(value)}{hint}", fact_id)
            return None
        if (index := control_in(value)) is not None:
            control = describe_control(value[index])
            self.report(path, f"{what} holds the control character {control}: remove it", fact_id)
            return None
        if not any(_visible(char) for char in value):
            self.report(path, f"{what} must not be empty", fact_id)
            return None
        if not template and (placeholder := unfilled_placeholder(value)):
            self.report(
                path,
                f"{what} holds {placeholder}, which reads as an unfilled template: "
                "placeholders belong in templates and wording",
                fact_id,
            )
            return None
        if pattern and not pattern.match(value):
            self.report(path, f"{what} '{value}' is not valid: {rule}", fact_id)
            return None
        return value

    def unquoted(self, path: YamlPath) -> str:
        """A hint for a value YAML 1.1 read as a bool, number or date though text was
        meant (`NO` is false, `1:20` is 80, `2024-06-01` a date): quote it."""
        written = self.doc.unquoted.get(path)
        if written is None:
            return ""
        return f" (unquoted, YAML reads {written} so: write '{written}' in quotes)"

    def text_list(
        self,
        path: YamlPath,
        value: Any,
        what: str,
        fact_id: str | None = None,
        pattern: re.Pattern[str] | None = None,
        rule: str = "",
    ) -> list[str] | None:
        if not isinstance(value, list):
            self.report(path, f"{what} must be a list, not {_kind(value)}", fact_id)
            return None
        items = [
            self.text((*path, i), item, f"{what} item", fact_id, pattern, rule)
            for i, item in enumerate(value)
        ]
        return None if None in items else [item for item in items if item is not None]

    def section(self, name: str) -> list[Any]:
        value = self.doc.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.report((name,), f"'{name}' must be a list, not {_kind(value)}")
            return []
        return value

    # -- the deck ----------------------------------------------------------

    def deck(self, path: Path) -> Deck | None:
        top = self.mapping((), self.doc.data, _shape().SECTIONS, "a deck file")
        if top is None:
            return None
        info = self.deck_info(top.get("deck"))
        entities = self.entities(self.section("entities"))
        relations = self.relations(self.section("relations"), entities)
        facts = self.facts(self.section("facts"), entities, relations, info)
        if info is not None and "facts" in top and not facts and not self.problems:
            self.report(("facts",), "a deck needs at least one fact")
        self.check_usage(entities, relations, facts)
        self.check_cardinality(relations, facts)
        self.check_false_of(facts)
        complete = self.complete_lists(self.section("complete"), entities, relations, facts, info)
        claimants = self.claimants(self.section("claimants"), facts)
        if info is None:
            return None
        return Deck(info, entities, relations, tuple(facts), path, complete, claimants)

    def deck_info(self, value: Any) -> DeckInfo | None:
        data = self.mapping(("deck",), value, _shape().DECK_KEYS, "'deck'")
        if data is None:
            return None
        deck_id = self.text(
            ("deck", "id"),
            data.get("id"),
            "deck id",
            None,
            _shape().ENTITY_ID,
            "use a-z, 0-9 and dashes",
        )
        name = self.text(("deck", "name"), data.get("name"), "deck name")
        description = data.get("description")
        if description is not None:
            self.text(("deck", "description"), description, "deck description")
        wording: dict[str, str] = {}
        raw_wording = data.get("wording", {})
        if not isinstance(raw_wording, dict):
            self.report(("deck", "wording"), f"wording must be a mapping, not {_kind(raw_wording)}")
        else:
            for key, template in raw_wording.items():
                where = ("deck", "wording", key)
                if key not in _WORDING_RULES:
                    self.report(where, f"unknown wording '{key}'", key=True)
                elif self.text(where, template, f"wording '{key}'", template=True) is not None:
                    fields = self.placeholders(where, template)
                    if fields is not None and fields != _WORDING_RULES[key]:
                        wanted = ", ".join("{" + name + "}" for name in sorted(_WORDING_RULES[key]))
                        self.report(where, f"wording '{key}' must use exactly {wanted}")
                    wording[key] = template
        cite_as: dict[str, str] = {}
        raw_cite_as = data.get("cite_as", {})
        if not isinstance(raw_cite_as, dict):
            self.report(("deck", "cite_as"), f"cite_as must be a mapping, not {_kind(raw_cite_as)}")
        else:
            for seed_name, label in raw_cite_as.items():
                where = ("deck", "cite_as", seed_name)
                if seed_name not in self.seeds:
                    self.report(where, f"no seed article '{seed_name}'", key=True)
                elif self.text(where, label, f"cite_as of '{seed_name}'") is not None:
                    cite_as[seed_name] = label
        if deck_id is None or name is None:
            return None
        return DeckInfo(deck_id, name, description, wording, cite_as)

    def placeholders(self, path: YamlPath, template: str) -> set[str] | None:
        try:
            parsed = list(string.Formatter().parse(template))
        except ValueError as error:
            self.report(path, f"template has a broken placeholder: {error}")
            return None
        fields = set()
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if spec or conversion or not name.isidentifier():
                self.report(path, f"placeholder '{{{name}}}' must be a plain name")
                return None
            fields.add(name)
        return fields

    # -- entities ----------------------------------------------------------

    def entities(self, items: list[Any]) -> dict[str, Entity]:
        # Only a deck being checked needs it; a cached one is read without the grader.
        from quiz.answers import normalise_answer

        entities: dict[str, Entity] = {}
        owner_of_name: dict[str, tuple[str, str]] = {}  # folded name: entity id, name
        for index, value in enumerate(items):
            path: YamlPath = ("entities", index)
            data = self.mapping(path, value, _shape().ENTITY_KEYS, "an entity")
            if data is None:
                continue
            entity_id = self.text(
                (*path, "id"), data.get("id"), "entity id", None, _shape().ENTITY_ID,
                "use a-z, 0-9 and dashes",
            )  # fmt: skip
            name = self.text((*path, "name"), data.get("name"), "entity name")
            entity_type = self.text(
                (*path, "type"), data.get("type"), "entity type", None, _shape().TYPE_NAME,
                "use lowercase words joined by dashes",
            )  # fmt: skip
            if entity_type in LITERAL_TYPES:
                self.report(
                    (*path, "type"), f"'{entity_type}' is a literal type, not an entity type"
                )
                entity_type = None
            aliases = self.text_list((*path, "aliases"), data.get("aliases", []), "aliases")
            description = data.get("description")
            if description is not None:
                self.text((*path, "description"), description, "entity description")
            if entity_id is None:
                continue
            if name is None or entity_type is None or aliases is None:
                self.broken.add(entity_id)
                continue
            if entity_id in entities:
                self.report((*path, "id"), f"duplicate entity id '{entity_id}'")
                continue
            own: set[str] = set()
            for offset, label in enumerate((name, *aliases)):
                where = (*path, "name") if offset == 0 else (*path, "aliases", offset - 1)
                # Another entity's name counts once folded as answers are judged (`Irán`
                # on Syria would make "Iran" right for it); this entity's own may differ
                # by an article or a hyphen, which clozes find in text.
                owner, first = owner_of_name.get(normalise_answer(label), (entity_id, label))
                if _name_key(label) in own:
                    self.report(where, f"'{label}' repeats a name of this entity")
                elif owner != entity_id:
                    alike = "" if first == label else f" ('{first}', to an answer)"
                    self.report(
                        where,
                        f"'{label}' is already a name of entity '{owner}'{alike}: an answer "
                        "could not tell them apart",
                    )
                else:
                    owner_of_name.setdefault(normalise_answer(label), (entity_id, label))
                own.add(_name_key(label))
            entities[entity_id] = Entity(entity_id, name, entity_type, tuple(aliases), description)
        return entities

    # -- relations ---------------------------------------------------------

    def relations(self, items: list[Any], entities: dict[str, Entity]) -> dict[str, Relation]:
        relations: dict[str, Relation] = {}
        known_types = {entity.type for entity in entities.values()}
        for index, value in enumerate(items):
            path: YamlPath = ("relations", index)
            data = self.mapping(path, value, _shape().RELATION_KEYS, "a relation")
            if data is None:
                continue
            relation_id = self.text(
                (*path, "id"), data.get("id"), "relation id", None, _shape().RELATION_ID,
                "use a-z, 0-9 and underscores",
            )  # fmt: skip
            subject_types = self.types((*path, "subject_type"), data.get("subject_type"))
            object_types = self.types((*path, "object_type"), data.get("object_type"))
            for where, types, role in (
                ("subject_type", subject_types, "subject"),
                ("object_type", object_types, "object"),
            ):
                for type_name in types or ():
                    literal_ok = role == "object"
                    if type_name in LITERAL_TYPES and not literal_ok:
                        self.report((*path, where), "a subject must be an entity, not a literal")
                    elif type_name in LITERAL_TYPES and len(types or ()) > 1:
                        self.report((*path, where), "a literal object type must stand alone")
                    elif type_name not in LITERAL_TYPES and type_name not in known_types:
                        known = ", ".join(sorted(known_types)) or "none"
                        self.report(
                            (*path, where),
                            f"no entity has type '{type_name}' (entity types: {known})",
                        )
            cardinality = self.choice(
                (*path, "cardinality"), data.get("cardinality"), Cardinality, "cardinality"
            )
            exhaustive = self.choice(
                (*path, "exhaustive"), data.get("exhaustive", "none"), Exhaustive, "exhaustive"
            )
            templates, modal_templates = self.relation_templates(
                (*path, "templates"), data.get("templates")
            )
            temporal, cited = (
                self.flag((*path, name), data.get(name, False), name)
                for name in ("temporal", "cited")
            )
            symmetric = data.get("symmetric", False)
            if not isinstance(symmetric, bool):
                self.report(
                    (*path, "symmetric"), f"symmetric must be true or false, not {symmetric!r}"
                )
                symmetric = None
            elif symmetric and (
                subject_types != object_types
                or cardinality not in (Cardinality.ONE_TO_ONE, Cardinality.MANY_TO_MANY)
            ):
                self.report(
                    (*path, "symmetric"),
                    "a symmetric relation needs the same subject and object types and a "
                    "one-to-one or many-to-many cardinality",
                )
                symmetric = None
            if relation_id is None:
                continue
            parts = (subject_types, object_types, cardinality, exhaustive, templates, symmetric)
            if None in parts:
                self.broken.add(relation_id)
                continue
            if relation_id in relations:
                self.report((*path, "id"), f"duplicate relation id '{relation_id}'")
                continue
            relations[relation_id] = Relation(
                relation_id,
                tuple(subject_types),
                tuple(object_types),
                cardinality,
                templates,
                exhaustive,
                symmetric,
                temporal=temporal,
                cited=cited,
                modal_templates=modal_templates,
            )
        return relations

    def flag(self, path: YamlPath, value: Any, name: str) -> bool:
        if not isinstance(value, bool):
            self.report(path, f"{name} must be true or false, not {value!r}")
            return False
        return value

    def types(self, path: YamlPath, value: Any) -> list[str] | None:
        if isinstance(value, str):
            value = [value]
        names = self.text_list(
            path, value, "type", None, _shape().TYPE_NAME, "use lowercase words joined by dashes"
        )
        if names is not None and not names:
            self.report(path, "give at least one type")
            return None
        return names

    def choice(self, path: YamlPath, value: Any, options: type, what: str) -> Any:
        try:
            return options(value)
        except ValueError:
            allowed = ", ".join(option.value for option in options)
            self.report(path, f"{what} must be one of {allowed}, not {value!r}")
            return None

    def relation_templates(
        self, path: YamlPath, value: Any
    ) -> tuple[Templates | None, dict[Modality, Templates]]:
        """The relation's templates, and those of its other modalities (nested under the
        modality's name: `alleged: {statement: ..., ask_subject: ...}`)."""
        modal: dict[Modality, Templates] = {}
        if not isinstance(value, dict):
            return self.templates(path, value), modal
        plain = {key: item for key, item in value.items() if key not in _MODALITY_NAMES}
        for key, item in value.items():
            if key not in _MODALITY_NAMES:
                continue
            modality = Modality(key)
            if modality is Modality.ASSERTED:
                self.report((*path, key), "asserted is the plain templates", key=True)
                continue
            found = self.templates((*path, key), item, questions_needed=False)
            if found is not None:
                modal[modality] = found
        return self.templates(path, plain), modal

    def templates(
        self, path: YamlPath, value: Any, questions_needed: bool = True
    ) -> Templates | None:
        data = self.mapping(path, value, _shape().TEMPLATE_KEYS, "templates")
        if data is None:
            return None
        ok = True
        for name, template in data.items():
            if name not in _TEMPLATE_RULES:
                continue
            where = (*path, name)
            if self.text(where, template, f"template '{name}'", template=True) is None:
                ok = False
                continue
            fields = self.placeholders(where, template)
            if fields is None:
                ok = False
                continue
            needed, forbidden = _TEMPLATE_RULES[name]
            unknown = fields - {"subject", "object"}
            for field in sorted(unknown):
                self.report(where, f"unknown placeholder '{{{field}}}' in '{name}'")
            for field in sorted(needed - fields):
                self.report(where, f"template '{name}' must contain {{{field}}}")
            for field in sorted(forbidden & fields):
                self.report(
                    where, f"template '{name}' must not contain {{{field}}}: it is the answer"
                )
            ok = ok and not unknown and needed <= fields and not forbidden & fields
        if questions_needed and "ask_object" not in data and "ask_subject" not in data:
            self.report(path, "templates need 'ask_object' or 'ask_subject' (or both)")
            ok = False
        if not ok or "statement" not in data:
            return None
        return Templates(**{name: data[name] for name in data if name in _TEMPLATE_RULES})

    # -- facts -------------------------------------------------------------

    def facts(
        self,
        items: list[Any],
        entities: dict[str, Entity],
        relations: dict[str, Relation],
        info: DeckInfo | None,
    ) -> list[Fact]:
        facts: list[Fact] = []
        seen_ids: set[str] = set()
        claims: dict[tuple[str, str, Any], str] = {}
        for index, value in enumerate(items):
            path: YamlPath = ("facts", index)
            raw_id = value.get("id") if isinstance(value, dict) else None
            fact_id = raw_id if isinstance(raw_id, str) else None
            fact = self.fact(path, value, fact_id, entities, relations, info)
            if fact is None:
                continue
            if fact.id in seen_ids:
                self.report((*path, "id"), f"duplicate fact id '{fact.id}'", fact.id)
                continue
            seen_ids.add(fact.id)
            object_key = fact.object.value if isinstance(fact.object, Literal) else fact.object
            claim = (fact.subject, fact.relation, object_key)
            if relations[fact.relation].symmetric:
                claim = (*sorted((fact.subject, str(object_key))), fact.relation)
            if claim in claims:
                self.report(
                    path,
                    f"states the same claim as fact '{claims[claim]}': merge them and list "
                    "both sources",
                    fact.id,
                )
                continue
            claims[claim] = fact.id
            facts.append(fact)
        return facts

    def fact(
        self,
        path: YamlPath,
        value: Any,
        fact_id: str | None,
        entities: dict[str, Entity],
        relations: dict[str, Relation],
        info: DeckInfo | None,
    ) -> Fact | None:
        data = self.mapping(path, value, _shape().FACT_KEYS, "a fact", fact_id)
        if data is None:
            return None
        before = len(self.problems)
        checked_id = self.text(
            (*path, "id"), data.get("id"), "fact id", fact_id, _shape().ENTITY_ID,
            "use a-z, 0-9 and dashes",
        )  # fmt: skip
        relation = self.reference(
            (*path, "relation"), data.get("relation"), relations, "relation", fact_id
        )
        subject = self.reference(
            (*path, "subject"), data.get("subject"), entities, "entity", fact_id
        )
        if subject is not None and relation is not None:
            entity = entities[subject]
            if entity.type not in relation.subject_types:
                self.report(
                    (*path, "subject"),
                    f"'{subject}' is a {entity.type}, but relation '{relation.id}' takes a "
                    f"subject of type {' or '.join(relation.subject_types)}",
                    fact_id,
                )
        fact_object = None
        if "object" in data and relation is not None:
            fact_object = self.fact_object(
                (*path, "object"), data["object"], relation, entities, fact_id
            )
        statement = self.text((*path, "statement"), data.get("statement"), "statement", fact_id)
        tags = self.text_list(
            (*path, "tags"),
            data.get("tags"),
            "tags",
            fact_id,
            _shape().TAG,
            "use a-z, 0-9 and dashes",
        )
        if tags is not None and not tags:
            self.report((*path, "tags"), "give at least one tag", fact_id)
        difficulty = data.get("difficulty")
        if "difficulty" in data and (not _is_int(difficulty) or not 1 <= difficulty <= 3):
            self.report(
                (*path, "difficulty"), f"difficulty must be 1, 2 or 3, not {difficulty!r}", fact_id
            )
        date = (
            self.date((*path, "date"), data.get("date"), "date", fact_id)
            if "date" in data
            else None
        )
        sources = self.sources((*path, "sources"), data.get("sources"), fact_id)
        attribution = data.get("attribution")
        if attribution is not None:
            attribution = self.text((*path, "attribution"), attribution, "attribution", fact_id)
            if attribution and statement and attribution.casefold() not in statement.casefold():
                self.report(
                    (*path, "statement"),
                    f"the statement must carry the attribution ('{attribution}'): the article "
                    "attributes this claim",
                    fact_id,
                )
            if info is not None and "according_to" not in info.wording:
                self.report(
                    (*path, "attribution"),
                    "attributed facts need deck.wording.according_to, e.g. "
                    "'According to {source}, {claim}'",
                    fact_id,
                )
        contested = data.get("contested", False)
        if not isinstance(contested, bool):
            self.report(
                (*path, "contested"), f"contested must be true or false, not {contested!r}", fact_id
            )
        note = data.get("note")
        if note is not None:
            self.text((*path, "note"), note, "note", fact_id)
        elif contested is True:
            self.report(
                (*path, "contested"),
                "a contested fact needs a 'note' saying who disagrees",
                fact_id,
            )
        explanation = data.get("explanation")
        if explanation is not None:
            self.text((*path, "explanation"), explanation, "explanation", fact_id)
        modality = self.choice(
            (*path, "modality"), data.get("modality", "asserted"), Modality, "modality"
        )
        if (
            modality is not None
            and relation is not None
            and relation.templates_for(modality) is None
        ):
            self.report(
                (*path, "modality"),
                f"relation '{relation.id}' has no templates for {modality.value} claims: give it "
                f"'templates: {{{modality.value}: {{statement: ...}}}}' so items keep the hedge",
                fact_id,
            )
        correction = self.correction((*path, "correction"), data.get("correction"), fact_id, info)
        garbled = self.flag((*path, "garbled"), data.get("garbled", False), "garbled")
        if garbled and note is None:
            self.report((*path, "garbled"), "a garbled quotation needs a 'note' saying so", fact_id)
        same_as = data.get("same_as")
        if same_as is not None:
            same_as = self.text(
                (*path, "same_as"),
                same_as,
                "same_as",
                fact_id,
                _shape().SAME_AS,
                "use deck-id/fact-id",
            )
        false_of = self.false_of((*path, "false_of"), data.get("false_of"), subject, relation,
                                 entities, fact_id)  # fmt: skip
        if statement and sources and modality is not Modality.PARAPHRASE:
            self.check_quotations(path, statement, fact_object, relation, sources, fact_id)
        if len(self.problems) > before or None in (
            checked_id, subject, relation, fact_object, statement, tags, date, sources
        ):  # fmt: skip
            return None
        return Fact(
            id=checked_id,
            subject=subject,
            relation=relation.id,
            object=fact_object,
            statement=statement,
            tags=tuple(tags),
            difficulty=difficulty,
            date=date,
            sources=tuple(sources),
            attribution=attribution,
            contested=contested,
            note=note,
            explanation=explanation,
            modality=modality,
            correction=correction,
            garbled=garbled,
            same_as=same_as,
            false_of=false_of,
        )

    def check_false_of(self, facts: list[Fact]) -> None:
        """A claim vouched false of an entity is stated of it by no other fact."""
        fact_index = {
            item["id"]: index
            for index, item in enumerate(self.section("facts"))
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }

        def key(fact: Fact) -> Any:
            return fact.object.value if isinstance(fact.object, Literal) else fact.object

        stated = {(fact.relation, fact.subject, key(fact)): fact.id for fact in facts}
        for fact in facts:
            for position, entity_id in enumerate(fact.false_of):
                other = stated.get((fact.relation, entity_id, key(fact)))
                if other is not None:
                    self.report(
                        ("facts", fact_index.get(fact.id, 0), "false_of", position),
                        f"false_of '{entity_id}', but fact '{other}' states the claim of it",
                        fact.id,
                    )

    def false_of(
        self,
        path: YamlPath,
        value: Any,
        subject: str | None,
        relation: Relation | None,
        entities: dict[str, Entity],
        fact_id: str | None,
    ) -> tuple[str, ...]:
        """The entities a fact's claim is certainly false of: each a known entity that
        could be the relation's subject, never the fact's own."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report(path, f"false_of must be a list of entity ids, not {value!r}", fact_id)
            return ()
        found = []
        for index, item in enumerate(value):
            entity_id = self.reference((*path, index), item, entities, "entity", fact_id)
            if entity_id is None:
                continue
            if entity_id == subject:
                self.report((*path, index), "a claim is not false of its own subject", fact_id)
            elif relation is not None and entities[entity_id].type not in relation.subject_types:
                self.report(
                    (*path, index),
                    f"'{entity_id}' is a {entities[entity_id].type}, but relation "
                    f"'{relation.id}' takes a subject of type "
                    f"{' or '.join(relation.subject_types)}",
                    fact_id,
                )
            else:
                found.append(entity_id)
        return tuple(dict.fromkeys(found))

    def correction(
        self, path: YamlPath, value: Any, fact_id: str | None, info: DeckInfo | None
    ) -> Correction | None:
        if value is None:
            return None
        data = self.mapping(path, value, _shape().CORRECTION_KEYS, "a correction", fact_id)
        if data is None:
            return None
        parts = [
            self.text((*path, key), data.get(key), key, fact_id) for key in ("says", "is", "how")
        ]
        if info is not None and "correction" not in info.wording:
            self.report(
                path,
                "corrections need deck.wording.correction, e.g. "
                "'The article says {says}; in fact {actually} ({how}).'",
                fact_id,
            )
        if None in parts:
            return None
        says, actually, how = parts
        return Correction(says, actually, how)

    def check_quotations(
        self,
        path: YamlPath,
        statement: str,
        fact_object: str | Literal | None,
        relation: Relation | None,
        sources: list[Source],
        fact_id: str | None,
    ) -> None:
        """Words in quotation marks are the article's, verbatim (up to case, an [insertion]
        or an ellipsis): a cleaned-up quotation is a `paraphrase`."""
        quoted = [(("statement",), match) for match in _QUOTED.finditer(statement)]
        if (
            relation is not None
            and isinstance(fact_object, Literal)
            and '"{object}"' in relation.templates.statement
        ):
            quoted.append((("object",), re.match(r"(.+)()", str(fact_object.value))))
        texts = [self.seeds[source.seed].folded for source in sources if source.seed in self.seeds]
        for where, match in quoted:
            words = match.group(1) or match.group(2)
            pieces = [
                normalise_quote(piece).casefold().strip(" .,;:!?")
                for piece in _QUOTE_GAPS.split(words)
            ]
            missing = [piece for piece in pieces if piece and not any(piece in t for t in texts)]
            if missing:
                self.report(
                    (*path, *where),
                    f"“{missing[0]}” is in quotation marks but not in the article's words: quote "
                    "it verbatim, or mark the fact 'modality: paraphrase'",
                    fact_id,
                )

    def reference(
        self, path: YamlPath, value: Any, known: dict[str, Any], what: str, fact_id: str | None
    ) -> Any:
        name = self.text(path, value, what, fact_id)
        if name is None or name in self.broken:
            return None
        if name not in known:
            self.report(path, f"unknown {what} '{name}'{_suggest(name, known)}", fact_id)
            return None
        return known[name] if what == "relation" else name

    def fact_object(
        self,
        path: YamlPath,
        value: Any,
        relation: Relation,
        entities: dict[str, Entity],
        fact_id: str | None,
    ) -> str | Literal | None:
        if not relation.literal:
            name = self.reference(path, value, entities, "entity", fact_id)
            if name is not None and entities[name].type not in relation.object_types:
                self.report(
                    path,
                    f"'{name}' is a {entities[name].type}, but relation '{relation.id}' takes an "
                    f"object of type {' or '.join(relation.object_types)}",
                    fact_id,
                )
                return None
            return name
        literal_type = relation.object_types[0]
        display = None
        if isinstance(value, dict):
            data = self.mapping(path, value, _shape().LITERAL_KEYS, "a literal object", fact_id)
            if data is None or "value" not in data:
                return None
            if "display" in data:
                display = self.text((*path, "display"), data["display"], "display", fact_id)
                if display is None:
                    return None
            path, value = (*path, "value"), data["value"]
        if literal_type == "quantity":
            if not self.quantity(path, value, relation, fact_id):
                return None
            return Literal(value, display or f"{value:,}")
        if literal_type == "date":
            date = self.date(path, value, "object", fact_id)
            return None if date is None else Literal(date, display or date)
        text = self.text(path, value, "object", fact_id)
        return None if text is None else Literal(text, display or text)

    def quantity(self, path: YamlPath, value: Any, relation: Relation, fact_id: str | None) -> bool:
        """Whether `value` is a finite number, written as the number it is: YAML 1.1
        reads `1e6` as text, `1:20` as 80 (base 60) and `017` as 15 (octal)."""
        written = self.doc.unquoted.get(path, "")
        if isinstance(value, str) and _reads_as_number(value):
            self.report(
                path,
                f"YAML reads {value} as text, not a number: write it with a point and a "
                f"signed exponent (1.0e+6) or in digits",
                fact_id,
            )
        elif not (_is_int(value) or isinstance(value, float)):
            self.report(
                path, f"relation '{relation.id}' needs a number, not {_kind(value)}", fact_id
            )
        elif not math.isfinite(value):
            self.report(path, f"a quantity must be a finite number, not {written}", fact_id)
        elif not _reads_as_number(written, value):
            self.report(
                path,
                f"YAML reads {written} as {value}: write the number in decimal digits, "
                f"or quote the text",
                fact_id,
            )
        else:
            return True
        return False

    def date(self, path: YamlPath, value: Any, what: str, fact_id: str | None) -> str | None:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        if _is_int(value):
            value = str(value)
        if not isinstance(value, str) or not valid_date(value):
            self.report(
                path, f"{what} must be a real YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}", fact_id
            )
            return None
        return value

    def sources(self, path: YamlPath, value: Any, fact_id: str | None) -> list[Source] | None:
        if not isinstance(value, list) or not value:
            self.report(path, "sources must be a non-empty list of {seed, quote}", fact_id)
            return None
        sources: list[Source] = []
        for index, item in enumerate(value):
            where = (*path, index)
            data = self.mapping(where, item, _shape().SOURCE_KEYS, "a source", fact_id)
            if data is None:
                continue
            seed_name = self.text((*where, "seed"), data.get("seed"), "seed", fact_id)
            quote = self.text((*where, "quote"), data.get("quote"), "quote", fact_id)
            if seed_name is None or quote is None:
                continue
            if seed_name not in self.seeds:
                known = ", ".join(seed.file for seed in self.seeds)
                self.report(
                    (*where, "seed"), f"no seed article '{seed_name}' (known: {known})", fact_id
                )
                continue
            seed = self.seeds[seed_name]
            if len(quote.split()) < MIN_QUOTE_WORDS:
                self.report(
                    (*where, "quote"),
                    f"a quote of fewer than {MIN_QUOTE_WORDS} words proves nothing: quote "
                    "the words that say the fact",
                    fact_id,
                )
                continue
            if not seed.contains(quote):
                passage, score = seed.closest_passage(quote)
                self.report(
                    (*where, "quote"),
                    f"quote not found in {seed_name}; closest passage ({score:.0f}% alike): "
                    f'"{passage}"',
                    fact_id,
                )
                continue
            if not seed.in_one_paragraph(quote):
                self.report(
                    (*where, "quote"),
                    f"quote runs across paragraphs (or a heading) of {seed_name}: quote within "
                    "one paragraph (a heading is a paragraph of its own)",
                    fact_id,
                )
                continue
            sources.append(Source(seed_name, quote))
        if len(sources) != len(value):
            return None
        seeds_cited = [source.seed for source in sources]
        if len(set(seeds_cited)) != len(seeds_cited):
            self.report(path, "cite each seed once: join its quotes or pick one", fact_id)
        return sources

    # -- whole-deck checks -------------------------------------------------

    def check_usage(
        self, entities: dict[str, Entity], relations: dict[str, Relation], facts: list[Fact]
    ) -> None:
        if not facts or len(facts) != len(self.section("facts")):
            return  # unused-ness is meaningless while facts are broken
        used_entities = {fact.subject for fact in facts}
        used_entities |= {fact.object for fact in facts if isinstance(fact.object, str)}
        used_relations = {fact.relation for fact in facts}
        for section, label, known, used in (
            ("entities", "entity", entities, used_entities),
            ("relations", "relation", relations, used_relations),
        ):
            for item_id in known:
                if item_id not in used:
                    where = (section, self._index(section, item_id))
                    self.report(where, f"{label} '{item_id}' is used by no fact")

    def complete_lists(
        self,
        items: list[Any],
        entities: dict[str, Entity],
        relations: dict[str, Relation],
        facts: list[Fact],
        info: DeckInfo | None,
    ) -> tuple[CompleteList, ...]:
        """Each article's lists declared complete: real relations and articles, cited by
        the relation's facts, with candidates of the complete side's type."""
        found: list[CompleteList] = []
        for index, value in enumerate(items):
            path: YamlPath = ("complete", index)
            data = self.mapping(path, value, _shape().COMPLETE_KEYS, "a complete list")
            if data is None:
                continue
            relation = self.reference(
                (*path, "relation"), data.get("relation"), relations, "relation", None
            )
            side = data.get("side")
            if side not in ("subjects", "objects"):
                self.report((*path, "side"), f"side must be subjects or objects, not {side!r}")
                continue
            seeds = data.get("source")
            seeds = [seeds] if isinstance(seeds, str) else seeds
            seed_names = self.text_list((*path, "source"), seeds, "source")
            candidates = self.text_list((*path, "candidates"), data.get("candidates", []), "id")
            open_ids = self.text_list((*path, "open"), data.get("open", []), "fact id")
            if relation is None or seed_names is None or candidates is None or open_ids is None:
                continue
            relation_facts = {fact.id for fact in facts if fact.relation == relation.id}
            for position, fact_id in enumerate(open_ids):
                if fact_id not in relation_facts:
                    self.report(
                        (*path, "open", position),
                        f"no fact '{fact_id}' of '{relation.id}'"
                        f"{_suggest(fact_id, relation_facts)}",
                    )
            types = relation.subject_types if side == "subjects" else relation.object_types
            for position, candidate in enumerate(candidates):
                where = (*path, "candidates", position)
                if candidate not in entities:
                    self.report(
                        where, f"unknown entity '{candidate}'{_suggest(candidate, entities)}"
                    )
                elif entities[candidate].type not in types:
                    self.report(
                        where,
                        f"'{candidate}' is a {entities[candidate].type}, not a "
                        f"{' or '.join(types)} as the {side} of '{relation.id}'",
                    )
            for position, seed_name in enumerate(seed_names):
                where = (
                    (*path, "source")
                    if isinstance(data["source"], str)
                    else (*path, "source", position)
                )
                if seed_name not in self.seeds:
                    self.report(where, f"no seed article '{seed_name}'")
                    continue
                if not any(
                    fact.relation == relation.id and seed_name in fact.seeds for fact in facts
                ):
                    self.report(
                        where, f"no fact of '{relation.id}' cites {seed_name}: nothing is listed"
                    )
                    continue
                if info is not None and seed_name not in info.cite_as:
                    self.report(
                        where,
                        f"items framed by {seed_name} need deck.cite_as['{seed_name}'] "
                        "(how to cite it, e.g. 'DW (June 2024)')",
                    )
                    continue
                found.append(
                    CompleteList(relation.id, seed_name, side, tuple(candidates), tuple(open_ids))
                )
        return tuple(found)

    def claimants(self, items: list[Any], facts: list[Fact]) -> tuple[Claimant, ...]:
        """Who the articles cite, by kind; once declared, every attribution is one of them."""
        found: dict[str, Claimant] = {}
        for index, value in enumerate(items):
            path: YamlPath = ("claimants", index)
            data = self.mapping(path, value, _shape().CLAIMANT_KEYS, "a claimant")
            if data is None:
                continue
            name = self.text((*path, "name"), data.get("name"), "claimant name")
            kind = self.text(
                (*path, "type"), data.get("type"), "claimant type", None, _shape().TYPE_NAME,
                "use lowercase words joined by dashes",
            )  # fmt: skip
            affiliation = data.get("affiliation")
            if affiliation is not None:
                affiliation = self.text((*path, "affiliation"), affiliation, "affiliation")
            if name is None or kind is None:
                continue
            if name in found:
                self.report((*path, "name"), f"claimant '{name}' is listed twice")
                continue
            offered = self.flag((*path, "offered"), data.get("offered", True), "offered")
            found[name] = Claimant(name, kind, affiliation, offered)
        if found:
            for fact in facts:
                if fact.attribution and fact.attribution not in found:
                    self.report(
                        ("facts", self._index("facts", fact.id), "attribution"),
                        f"'{fact.attribution}' is not among the deck's claimants"
                        f"{_suggest(fact.attribution, found)}",
                        fact.id,
                    )
        return tuple(found.values())

    def _index(self, section: str, item_id: str) -> int:
        for index, item in enumerate(self.section(section)):
            if isinstance(item, dict) and item.get("id") == item_id:
                return index
        return 0

    def check_cardinality(self, relations: dict[str, Relation], facts: list[Fact]) -> None:
        """A one-valued side with two different values contradicts itself, unless contested."""
        fact_index = {
            item["id"]: index
            for index, item in enumerate(self.section("facts"))
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
        groups: dict[tuple[str, str, Any], list[Fact]] = defaultdict(list)
        for fact in facts:
            if fact.contested:
                continue
            object_key = fact.object.value if isinstance(fact.object, Literal) else fact.object
            groups[("object", fact.relation, fact.subject)].append(fact)
            groups[("subject", fact.relation, object_key)].append(fact)
        for (side, relation_id, key), group in groups.items():
            cardinality = relations[relation_id].cardinality
            one = (
                cardinality.one_object_per_subject
                if side == "object"
                else cardinality.one_subject_per_object
            )
            if not one:
                continue
            for fact in group[1:]:
                self.report(
                    ("facts", fact_index.get(fact.id, 0), "relation"),
                    f"gives '{key}' a second {side}, but relation '{relation_id}' is "
                    f"{cardinality.value} (first in fact '{group[0].id}')",
                    fact.id,
                )


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, datetime.date):
        return "a date"
    return type(value).__name__


def _reads_as_number(text: str, value: float | None = None) -> bool:
    """Whether `text` is a number in plain decimal digits (`1_000`, `2.5`, `1e6`)
    that is `value`, if one is given."""
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        return False
    return value is None or number == value


def _name_key(name: str) -> str:
    return normalise_quote(name).casefold()


def _visible(char: str) -> bool:
    """Whether `char` shows: not a space, a control or format character, nor a lone
    combining mark (a name of U+2060 or U+00AD only would look empty)."""
    return unicodedata.category(char)[0] not in "ZCM"


def _suggest(name: str, known: Iterable[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
