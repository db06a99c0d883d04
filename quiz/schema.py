"""The deck file format, declared once as typed models.

Every key a deck file may hold, whether it is required, its type, its meaning and
how a message names it is written here and nowhere else: `quiz.validation` checks a
deck file's shape with these models (pydantic, every error at its line and column),
`quiz.checks` judges what needs more than one value at a time over what they
validated, `quiz.decks` turns a clean deck into `quiz.facts` objects, and `quiz
schema` and `decks/deck.schema.json` are their JSON Schema (what an editor completes
and underlines as an author types; the descriptions are its hover text).

The models are pydantic dataclasses with slots: a 100k-fact deck is validated into
them without holding more memory than its plain YAML values did.

Run `quiz schema -o decks/deck.schema.json` after changing a model.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass as plain_dataclass
from typing import Annotated, Any, ClassVar, Literal, TypeVar, dataclass_transform

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
)
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from quiz.facts import Cardinality, Exhaustive, Modality
from quiz.seeds import DATE, valid_date
from quiz.text import control_in, describe_control

__all__ = [
    "DATE_RULE",
    "PLACEHOLDERS",
    "Claimant",
    "CompleteList",
    "Correction",
    "DeckFile",
    "DeckHeader",
    "Entity",
    "Fact",
    "LiteralObject",
    "ModalTemplates",
    "Placeholders",
    "Relation",
    "Said",
    "Source",
    "Templates",
    "Wording",
    "date_as_written",
    "declared_type",
    "json_schema",
    "markers",
    "pattern_rule",
    "placeholders_of",
    "schema_text",
    "unfilled_placeholder",
]


@plain_dataclass(frozen=True)
class Said:
    """How a message says what a field's value must be, where naming its type would
    not do: `must` ("1, 2 or 3") for any wrong value, `few` for a list left empty."""

    must: str | None = None
    few: str | None = None


@plain_dataclass(frozen=True)
class Placeholders:
    """The placeholders a template or a wording takes: every one of `needed`, none of
    `forbidden` (in a question, the answer's own placeholder would give it away)."""

    needed: frozenset[str]
    forbidden: frozenset[str] = frozenset()


def _uses(*needed: str, forbidden: tuple[str, ...] = ()) -> Placeholders:
    return Placeholders(frozenset(needed), frozenset(forbidden))


# -- text ------------------------------------------------------------------------------

# Each id pattern with what an author is told to do when a value does not match it.
_PATTERN_RULES: dict[str, str] = {}


def _pattern(pattern: str, rule: str) -> re.Pattern[str]:
    _PATTERN_RULES[pattern] = rule
    return re.compile(pattern)


ENTITY_ID = _pattern(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "use a-z, 0-9 and dashes")
RELATION_ID = _pattern(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$", "use a-z, 0-9 and underscores")
TYPE_NAME = _pattern(r"^[a-z]+(?:-[a-z]+)*$", "use lowercase words joined by dashes")
SAME_AS = _pattern(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$", "use deck-id/fact-id")
DATE_RULE = "a real YYYY, YYYY-MM or YYYY-MM-DD"


def pattern_rule(pattern: str) -> str:
    """What to do about a value that does not match one of the patterns above."""
    return _PATTERN_RULES[pattern]


def _visible(char: str) -> bool:
    """Whether `char` shows: not a space, a control or format character, nor a lone
    combining mark (a name of U+2060 or U+00AD only would look empty)."""
    return unicodedata.category(char)[0] not in "ZCM"


def _readable(value: object) -> object:
    """Text a learner can read: no control or invisible character (`quiz.text`), and
    something that shows."""
    if isinstance(value, str):
        if (index := control_in(value)) is not None:
            raise PydanticCustomError(
                "control_character",
                "holds the control character {control}: remove it",
                {"control": describe_control(value[index])},
            )
        # most text shows from its first character: the rest is read only when it does not
        if not (value and _visible(value[0])) and not any(map(_visible, value)):
            raise PydanticCustomError("empty_text", "must not be empty")
    return value


def _plain(value: object) -> object:
    """Readable text that is not a template: a placeholder in it would read as one
    left unfilled."""
    value = _readable(value)
    if isinstance(value, str) and "{" in value and (placeholder := unfilled_placeholder(value)):
        raise PydanticCustomError(
            "unfilled_placeholder",
            "holds {placeholder}, which reads as an unfilled template: placeholders "
            "belong in templates and wording",
            {"placeholder": placeholder},
        )
    return value


def date_as_written(value: object) -> object:
    """A date as the author wrote it: YAML 1.1 reads `2024` as a number and
    `2024-06-01` as a date (not `2024-06-01 10:00`, which has a time)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def _listed(value: object) -> object:
    """One name written alone is a list of one."""
    return [value] if isinstance(value, str) else value


def _on_the_calendar(value: str) -> str:
    if not valid_date(value):  # the pattern alone lets 2024-06-31 through
        raise PydanticCustomError("calendar_date", "must be on the calendar")
    return value


Text = Annotated[StrictStr, Field(min_length=1), BeforeValidator(_plain)]
TemplateText = Annotated[StrictStr, Field(min_length=1), BeforeValidator(_readable)]
Slug = Annotated[StrictStr, Field(pattern=ENTITY_ID.pattern), BeforeValidator(_plain)]
RelationId = Annotated[StrictStr, Field(pattern=RELATION_ID.pattern), BeforeValidator(_plain)]
TypeName = Annotated[StrictStr, Field(pattern=TYPE_NAME.pattern), BeforeValidator(_plain)]
SameAs = Annotated[StrictStr, Field(pattern=SAME_AS.pattern), BeforeValidator(_plain)]
# YAML 1.2 (editors) reads `2024` as a number and `2024-06-01` as text; YAML 1.1 (the
# loader) reads `2024` as a number and `2024-06-01` as a date: all are what was written.
_WrittenDate = (
    Annotated[StrictStr, Field(pattern=DATE.pattern)] | Annotated[StrictInt, Field(ge=1, le=9999)]
)
DateText = Annotated[
    StrictStr,
    Field(pattern=DATE.pattern),
    AfterValidator(_on_the_calendar),
    BeforeValidator(date_as_written, json_schema_input_type=_WrittenDate),
    Said(must=DATE_RULE),
]
Number = StrictFloat | StrictInt
# A literal object: a number, text, or (for a date relation) a date YAML 1.1 read as one.
Value = Number | Text | Annotated[datetime.date, Strict()]


def _one_or_more(item: Any) -> Any:
    """A list of `item`s, where one may be written alone, for a list of one."""
    written = item | Annotated[list[item], Field(min_length=1)]
    return Annotated[
        list[item], Field(min_length=1), BeforeValidator(_listed, json_schema_input_type=written)
    ]


Articles = _one_or_more(Text)
Types = Annotated[
    _one_or_more(TypeName),
    Field(description="one type, or a list of types"),
    Said(few="give at least one type"),
]


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field,))
def _declared(title: str | None = None) -> Callable[[type[_T]], type[_T]]:
    """A mapping of the deck file. An unknown key is a typo, never ignored; `noun`
    names the mapping in messages ("an entity is missing required key 'name'")."""
    config = ConfigDict(extra="forbid", title=title) if title else ConfigDict(extra="forbid")
    return dataclass(config=config, frozen=True, slots=True, kw_only=True)


_T = TypeVar("_T")
_mapping = _declared()


# -- the deck's own part ---------------------------------------------------------------


@_mapping
class Wording:
    """Deck-wide English the generator fills in; each takes exactly its placeholders."""

    noun: ClassVar[str] = "wording"

    according_to: Annotated[TemplateText, _uses("source", "claim")] | None = Field(
        None,
        title="wording 'according_to'",
        description="an attributed claim: uses exactly {source} and {claim}",
    )
    at_time: Annotated[TemplateText, _uses("date", "claim")] | None = Field(
        None,
        title="wording 'at_time'",
        description="a temporal relation's items, 'In {date}, {claim}'",
    )
    claimant_question: Annotated[TemplateText, _uses("claim")] | None = Field(
        None,
        title="wording 'claimant_question'",
        description="'Who, in these articles, says that {claim}?'",
    )
    match_claims: Annotated[TemplateText, _uses("source")] | None = Field(
        None,
        title="wording 'match_claims'",
        description="'Match each one with what {source} says of it.'",
    )
    correction: Annotated[TemplateText, _uses("says", "actually", "how")] | None = Field(
        None,
        title="wording 'correction'",
        description="after an answer: uses exactly {says}, {actually} and {how}",
    )
    reports_about: Annotated[TemplateText, _uses("source", "subject")] | None = Field(
        None,
        title="wording 'reports_about'",
        description="'Which of these does {source} report about {subject}?'",
    )
    reports_about_all: Annotated[TemplateText, _uses("source", "subject")] | None = Field(
        None,
        title="wording 'reports_about_all'",
        description="the same with several right options: '… Select all that apply.'",
    )
    reports_about_except: Annotated[TemplateText, _uses("source", "subject")] | None = Field(
        None,
        title="wording 'reports_about_except'",
        description="three claims an article reports and one that is false: "
        "'{source} reports three of these about {subject}. Which one is false?'",
    )
    match_sources_about: Annotated[TemplateText, _uses("subject")] | None = Field(
        None,
        title="wording 'match_sources_about'",
        description="'Match each claim about {subject} with the source credited with it.'",
    )
    match_sources_in: Annotated[TemplateText, _uses("source")] | None = Field(
        None,
        title="wording 'match_sources_in'",
        description="'Match each claim {source} reports with the source it credits.'",
    )
    match_figures: Annotated[TemplateText, _uses("source")] | None = Field(
        None,
        title="wording 'match_figures'",
        description="'Match each figure with what {source} says it counts.'",
    )


@_mapping
class DeckHeader:
    """What the deck is, and deck-wide wording."""

    noun: ClassVar[str] = "'deck'"

    id: Slug = Field(
        title="deck id", description="lowercase letters, digits and dashes; unique among decks"
    )
    name: Text = Field(title="deck name", description="how the deck is displayed")
    description: Text | None = Field(
        None, title="deck description", description="one line on what the deck covers"
    )
    wording: Wording = Field(default_factory=Wording, description="deck-wide English")
    cite_as: dict[str, Text] = Field(
        default_factory=dict,
        title="cite_as",
        description="how items cite each seed article: `003_….txt: DW (June 2024)`",
    )


@_mapping
class Entity:
    """A thing a question can be about or answer with."""

    noun: ClassVar[str] = "an entity"

    id: Slug = Field(title="entity id", description="unique in the deck; lowercase, digits, dashes")
    name: Text = Field(title="entity name", description="how the entity is displayed")
    type: TypeName = Field(
        title="entity type",
        description="country, person, organisation, place, event, weapon, ...: distractors "
        "are drawn from the same type",
    )
    aliases: list[Text] = Field(
        default_factory=list,
        title="aliases",
        description="other names a learner may type, never offered as a distractor",
    )
    description: Text | None = Field(
        None, title="entity description", description="a short note for the deck's author"
    )


# -- relations -------------------------------------------------------------------------


@_mapping
class ModalTemplates:
    """The English wording of a relation; placeholders {subject} and {object}."""

    noun: ClassVar[str] = "templates"

    statement: Annotated[TemplateText, _uses("subject", "object")] = Field(
        title="template 'statement'",
        description="a sentence stating the link, with both placeholders",
    )
    ask_object: Annotated[TemplateText, _uses("subject", forbidden=("object",))] | None = Field(
        None,
        title="template 'ask_object'",
        description="a question whose answer is the object; uses {subject} only",
    )
    ask_subject: Annotated[TemplateText, _uses("object", forbidden=("subject",))] | None = Field(
        None,
        title="template 'ask_subject'",
        description="a question whose answer is the subject; uses {object} only",
    )
    ask_subjects_all: Annotated[TemplateText, _uses("object", forbidden=("subject",))] | None = (
        Field(
            None,
            title="template 'ask_subjects_all'",
            description="select all the subjects; uses {object} only",
        )
    )
    ask_objects_all: Annotated[TemplateText, _uses("subject", forbidden=("object",))] | None = (
        Field(
            None,
            title="template 'ask_objects_all'",
            description="select all the objects; uses {subject} only",
        )
    )
    ask_subjects_except: Annotated[TemplateText, _uses("object", forbidden=("subject",))] | None = (
        Field(
            None,
            title="template 'ask_subjects_except'",
            description="the one that is not a subject, among three that are: "
            "'Which of these countries did NOT vote against {object}?'",
        )
    )
    ask_objects_except: Annotated[TemplateText, _uses("subject", forbidden=("object",))] | None = (
        Field(
            None,
            title="template 'ask_objects_except'",
            description="the one that is not an object, among three that are; uses {subject} only",
        )
    )
    match: Annotated[TemplateText, _uses(forbidden=("subject", "object"))] | None = Field(
        None,
        title="template 'match'",
        description="a matching exercise's instruction, no placeholder",
    )


def _modal(modality: Modality) -> Any:
    return Field(None, description=f"the wording of {modality.value} facts")


@_mapping
class Templates(ModalTemplates):
    """A relation's wording, and nested under a modality's name the wording of facts
    of that modality (which are asked only in the forms given there)."""

    # Not a modality of its own: the plain templates are the asserted facts' wording.
    misplaced: ClassVar[dict[str, str]] = {
        Modality.ASSERTED.value: "asserted is the plain templates"
    }

    reported: ModalTemplates | None = _modal(Modality.REPORTED)
    alleged: ModalTemplates | None = _modal(Modality.ALLEGED)
    denied: ModalTemplates | None = _modal(Modality.DENIED)
    planned: ModalTemplates | None = _modal(Modality.PLANNED)
    contract: ModalTemplates | None = _modal(Modality.CONTRACT)
    paraphrase: ModalTemplates | None = _modal(Modality.PARAPHRASE)

    def modal(self) -> dict[Modality, ModalTemplates]:
        """The wording of each modality this relation has its own wording for."""
        found = {modality: getattr(self, modality.value, None) for modality in Modality}
        return {modality: given for modality, given in found.items() if given is not None}


@_mapping
class Relation:
    """How two things can be linked, with the English wording used to ask about it."""

    noun: ClassVar[str] = "a relation"

    id: RelationId = Field(
        title="relation id", description="unique in the deck; lowercase, digits, underscores"
    )
    subject_type: Types = Field(
        title="subject type", description="the entity type (or types) of a subject"
    )
    object_type: Types = Field(
        title="object type",
        description="an entity type (or types), or a literal: quantity, date or text",
    )
    cardinality: Cardinality = Field(
        title="cardinality",
        description="read subject-to-object; many-to-one: each subject has one object",
    )
    exhaustive: Exhaustive = Field(
        Exhaustive.NONE,
        title="exhaustive",
        description="which side the deck lists completely, so an item may offer what "
        "it leaves out as wrong",
    )
    symmetric: StrictBool = Field(
        False, title="symmetric", description="'A rel B' also states 'B rel A'"
    )
    temporal: StrictBool = Field(
        False, title="temporal", description="facts hold at their date: items say when"
    )
    cited: StrictBool = Field(
        False, title="cited", description="an assessment: items say which article makes it"
    )
    description: Text | None = Field(
        None, title="relation description", description="a short note for the deck's author"
    )
    templates: Templates = Field(
        description="the English wording: `statement` and `ask_object` or `ask_subject`"
    )


# -- facts -----------------------------------------------------------------------------


@_mapping
class Source:
    """Where the article says the fact."""

    noun: ClassVar[str] = "a source"

    seed: Text = Field(title="seed", description="a file name in seeds/")
    quote: Text = Field(
        title="quote", description="a verbatim span of that article, in one paragraph"
    )


@_mapping
class LiteralObject:
    """A literal object with how to display it."""

    noun: ClassVar[str] = "a literal object"

    value: Value = Field(title="object", description="the value")
    display: Text | None = Field(
        None, title="display", description="how it is shown: 'about 100 million'"
    )


@_mapping
class Correction:
    """Where the statement departs from its quote, shown after an answer."""

    noun: ClassVar[str] = "a correction"

    says: Text = Field(title="says", description="what the article says")
    is_: Text = Field(alias="is", title="is", description="what is so")
    how: Text = Field(title="how", description="how we know")


@_mapping
class Fact:
    """One sourced, atomic claim."""

    noun: ClassVar[str] = "a fact"

    id: Slug = Field(
        title="fact id",
        description="unique and stable: progress and Anki notes are keyed on it",
    )
    subject: Text = Field(title="entity", description="an entity id")
    relation: Text = Field(title="relation", description="a relation id")
    object: Value | LiteralObject = Field(
        title="object",
        description="an entity id, or for a literal relation a number, a date, a text, "
        "or {value, display}",
    )
    statement: Text = Field(
        title="statement", description="one clean English sentence making exactly this claim"
    )
    tags: Annotated[list[Slug], Field(min_length=1), Said(few="give at least one tag")] = Field(
        title="tags", description="country and topic tags, lowercase with dashes"
    )
    difficulty: Annotated[StrictInt, Field(ge=1, le=3), Said(must="1, 2 or 3")] = Field(
        title="difficulty", description="1, 2 or 3"
    )
    date: DateText = Field(
        title="date",
        description="YYYY, YYYY-MM or YYYY-MM-DD: when the claim applies or was reported",
    )
    sources: Annotated[
        list[Source], Field(min_length=1), Said(must="a non-empty list of {seed, quote}")
    ] = Field(title="sources", description="one or more {seed, quote}, each seed once")
    attribution: Text | None = Field(
        None, title="attribution", description="who makes the claim; the statement must name them"
    )
    contested: StrictBool = Field(
        False, title="contested", description="the articles disagree; needs a note"
    )
    note: Text | None = Field(None, title="note", description="what the disagreement or caveat is")
    explanation: Text | None = Field(
        None, title="explanation", description="context shown after answering"
    )
    modality: Modality = Field(
        Modality.ASSERTED, title="modality", description="how firmly the article puts it"
    )
    correction: Correction | None = Field(
        None, description="where the statement departs from the quote"
    )
    garbled: StrictBool = Field(
        False,
        title="garbled",
        description="a quotation kept garbled: asked with options only; needs a note",
    )
    same_as: SameAs | None = Field(
        None,
        title="same_as",
        description="deck-id/fact-id: the same claim in another deck, same date",
    )
    false_of: Annotated[list[Text], Said(must="a list of entity ids")] = Field(
        default_factory=list,
        title="false_of",
        description="entities of whom the claim is certainly false: wrong answers the "
        "deck's author vouches for",
    )


# -- what the articles say of themselves -----------------------------------------------


@_mapping
class CompleteList:
    """One article's list declared complete."""

    noun: ClassVar[str] = "a complete list"

    relation: Text = Field(title="relation", description="a relation id")
    source: Articles = Field(
        title="source",
        description="the seed article (or articles) whose list is complete",
    )
    side: Literal["subjects", "objects"] = Field(
        title="side", description="subjects or objects: the side listed completely"
    )
    candidates: list[Text] = Field(
        default_factory=list,
        title="candidates",
        description="other entities the article discusses in that role",
    )
    open: list[Text] = Field(
        default_factory=list,
        title="open",
        description="facts whose claim could be true of others",
    )
    note: Text | None = Field(None, title="note", description="a note for the deck's author")


@_mapping
class Claimant:
    """Someone the articles cite for a claim."""

    noun: ClassVar[str] = "a claimant"

    name: Text = Field(title="claimant name", description="as facts' `attribution` names them")
    type: TypeName = Field(
        title="claimant type",
        description="what kind of source: government, outlet, analyst...",
    )
    affiliation: Text | None = Field(
        None,
        title="affiliation",
        description="voices of one body are never each other's wrong answer",
    )
    offered: StrictBool = Field(
        True, title="offered", description="false: never offered as a wrong option"
    )


@_declared(title="quiz deck")
class DeckFile:
    """A quiz deck: entities, relations and sourced facts about one topic."""

    noun: ClassVar[str] = "a deck file"

    deck: DeckHeader = Field(description="what the deck is")
    entities: list[Entity] = Field(description="the things questions are about")
    relations: list[Relation] = Field(description="how two things can be linked")
    facts: Annotated[
        list[Fact], Field(min_length=1), Said(few="a deck needs at least one fact")
    ] = Field(description="sourced claims")
    complete: list[CompleteList] | None = Field(
        None, description="lists an article gives completely"
    )
    claimants: list[Claimant] | None = Field(None, description="who the articles cite")


# -- placeholders ----------------------------------------------------------------------


@functools.cache
def declared_type(model: type, name: str) -> Any:
    """A field's type with all its declaration adds to it (constraints, validators,
    `Said`, `Placeholders`), as one annotation pydantic can validate a value with."""
    field = model.__pydantic_fields__[name]
    return Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation


def markers(annotation: Any) -> list[Any]:
    """What a declared type says of its values beyond their type (`Said`,
    `Placeholders`...), whether on it or on a type it is made of."""
    found = list(getattr(annotation, "__metadata__", ()))
    for argument in getattr(annotation, "__args__", ()):
        found += markers(argument)
    return found


def placeholders_of(model: type) -> dict[str, Placeholders]:
    """The placeholders each template or wording of `model` takes, by field name."""
    found = {}
    for name in model.__pydantic_fields__:
        for marker in markers(declared_type(model, name)):
            if isinstance(marker, Placeholders):
                found[name] = marker
    return found


PLACEHOLDERS = sorted(
    set().union(
        *(
            rule.needed | rule.forbidden
            for model in (Wording, ModalTemplates)
            for rule in placeholders_of(model).values()
        )
    )
)
_PLACEHOLDER = re.compile("|".join(re.escape("{" + name + "}") for name in PLACEHOLDERS))


def unfilled_placeholder(text: str) -> str | None:
    """A template placeholder (`{subject}`, `{claim}`…) standing in `text`, if any.

    In an item it is a template left unfilled, which `quiz lint` reports; in a deck's
    own text (a name, a statement) it would read as one, so `quiz check` refuses it
    there: one rule for both. Other braces are plain text, safe in names: templates
    are filled with names as values, and nothing formats the result again.
    """
    found = _PLACEHOLDER.search(text)
    return found[0] if found else None


# -- JSON Schema -----------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The deck format as JSON Schema (draft 2020-12), for editors and validators."""
    schema = TypeAdapter(DeckFile).json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The JSON Schema as the shipped file holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
