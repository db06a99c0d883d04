"""The deck file format, declared once as typed models.

Every key a deck file may hold, whether it is required, its type and its meaning is
written here and nowhere else: `quiz.decks` takes the keys it accepts from these
models, `quiz schema` and `decks/deck.schema.json` are their JSON Schema (what an
editor completes and underlines as an author types), and the descriptions below are
the editor's hover text. The rules that need more than one value at a time (a
reference to an entity, a quote found in its article, cardinality) are not shape;
they stay in `quiz.decks` as named checks.

Run `python -m quiz.schema > decks/deck.schema.json` after changing a model.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from quiz.facts import Cardinality, Exhaustive, Modality

__all__ = [
    "ENTITY_ID",
    "RELATION_ID",
    "SAME_AS",
    "TYPE_NAME",
    "DeckFile",
    "json_schema",
    "keys_of",
]

ENTITY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RELATION_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
TYPE_NAME = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
SAME_AS = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"


def _as_written(value: object) -> object:
    """YAML 1.1 makes `2024-06-01` a date; the author wrote text."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=ENTITY_ID.pattern)]
RelationId = Annotated[str, Field(pattern=RELATION_ID.pattern)]
TypeName = Annotated[str, Field(pattern=TYPE_NAME.pattern)]
# YAML 1.2 (editors) reads `2024` as a number and `2024-06` as text; YAML 1.1 (the
# loader) reads `2024-06-01` as a date: all three are what the author wrote.
DateText = Annotated[
    Annotated[str, Field(pattern=DATE)] | Annotated[int, Field(ge=1, le=9999)],
    BeforeValidator(_as_written),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD"),
]
Types = Annotated[
    TypeName | Annotated[list[TypeName], Field(min_length=1)],
    Field(description="one type, or a list of types"),
]


class _Strict(BaseModel):
    """A mapping of the deck file: an unknown key is a typo, never ignored."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Wording(_Strict):
    """Deck-wide English the generator fills in; each takes exactly its placeholders."""

    according_to: Text | None = Field(
        None, description="an attributed claim: uses exactly {source} and {claim}"
    )
    at_time: Text | None = Field(
        None, description="a temporal relation's items, 'In {date}, {claim}'"
    )
    claimant_question: Text | None = Field(
        None, description="'Who, in these articles, says that {claim}?'"
    )
    match_claims: Text | None = Field(
        None, description="'Match each one with what {source} says of it.'"
    )
    correction: Text | None = Field(
        None, description="after an answer: uses exactly {says}, {actually} and {how}"
    )
    reports_about: Text | None = Field(
        None, description="'Which of these does {source} report about {subject}?'"
    )
    reports_about_all: Text | None = Field(
        None, description="the same with several right options: '… Select all that apply.'"
    )
    match_sources_about: Text | None = Field(
        None, description="'Match each claim about {subject} with the source credited with it.'"
    )
    match_sources_in: Text | None = Field(
        None, description="'Match each claim {source} reports with the source it credits.'"
    )
    match_figures: Text | None = Field(
        None, description="'Match each figure with what {source} says it counts.'"
    )


class DeckHeader(_Strict):
    """What the deck is, and deck-wide wording."""

    id: Slug = Field(description="lowercase letters, digits and dashes; unique among decks")
    name: Text = Field(description="how the deck is displayed")
    description: Text | None = Field(None, description="one line on what the deck covers")
    wording: Wording = Field(default_factory=Wording, description="deck-wide English")
    cite_as: dict[str, Text] = Field(
        default_factory=dict,
        description="how items cite each seed article: `003_….txt: DW (June 2024)`",
    )


class Entity(_Strict):
    """A thing a question can be about or answer with."""

    id: Slug = Field(description="unique in the deck; lowercase, digits, dashes")
    name: Text = Field(description="how the entity is displayed")
    type: TypeName = Field(
        description="country, person, organisation, place, event, weapon, ...: distractors "
        "are drawn from the same type"
    )
    aliases: list[Text] = Field(
        default_factory=list,
        description="other names a learner may type, never offered as a distractor",
    )
    description: Text | None = Field(None, description="a short note for the deck's author")


class ModalTemplates(_Strict):
    """The English wording of a relation; placeholders {subject} and {object}."""

    statement: Text = Field(description="a sentence stating the link, with both placeholders")
    ask_object: Text | None = Field(
        None, description="a question whose answer is the object; uses {subject} only"
    )
    ask_subject: Text | None = Field(
        None, description="a question whose answer is the subject; uses {object} only"
    )
    ask_subjects_all: Text | None = Field(
        None, description="select all the subjects; uses {object} only"
    )
    ask_objects_all: Text | None = Field(
        None, description="select all the objects; uses {subject} only"
    )
    match: Text | None = Field(
        None, description="a matching exercise's instruction, no placeholder"
    )


def _modal(modality: Modality) -> Any:
    return Field(None, description=f"the wording of {modality.value} facts")


class Templates(ModalTemplates):
    """A relation's wording, and nested under a modality's name the wording of facts
    of that modality (which are asked only in the forms given there)."""

    reported: ModalTemplates | None = _modal(Modality.REPORTED)
    alleged: ModalTemplates | None = _modal(Modality.ALLEGED)
    denied: ModalTemplates | None = _modal(Modality.DENIED)
    planned: ModalTemplates | None = _modal(Modality.PLANNED)
    contract: ModalTemplates | None = _modal(Modality.CONTRACT)
    paraphrase: ModalTemplates | None = _modal(Modality.PARAPHRASE)


class Relation(_Strict):
    """How two things can be linked, with the English wording used to ask about it."""

    id: RelationId = Field(description="unique in the deck; lowercase, digits, underscores")
    subject_type: Types = Field(description="the entity type (or types) of a subject")
    object_type: Types = Field(
        description="an entity type (or types), or a literal: quantity, date or text"
    )
    cardinality: Cardinality = Field(
        strict=False,  # YAML gives text; strict mode would want the enum itself
        description="read subject-to-object; many-to-one: each subject has one object",
    )
    exhaustive: Exhaustive = Field(
        Exhaustive.NONE,
        strict=False,
        description="which side the deck lists completely, so an item may offer what "
        "it leaves out as wrong",
    )
    symmetric: bool = Field(False, description="'A rel B' also states 'B rel A'")
    temporal: bool = Field(False, description="facts hold at their date: items say when")
    cited: bool = Field(False, description="an assessment: items say which article makes it")
    description: Text | None = Field(None, description="a short note for the deck's author")
    templates: Templates = Field(
        description="the English wording: `statement` and `ask_object` or `ask_subject`"
    )


class Source(_Strict):
    """Where the article says the fact."""

    seed: Text = Field(description="a file name in seeds/")
    quote: Text = Field(description="a verbatim span of that article, in one paragraph")


class LiteralObject(_Strict):
    """A literal object with how to display it."""

    value: Annotated[
        float | int | Text, BeforeValidator(_as_written), Field(description="the value")
    ]
    display: Text | None = Field(None, description="how it is shown: 'about 100 million'")


class Correction(_Strict):
    """Where the statement departs from its quote, shown after an answer."""

    says: Text = Field(description="what the article says")
    is_: Text = Field(alias="is", description="what is so")
    how: Text = Field(description="how we know")


class Fact(_Strict):
    """One sourced, atomic claim."""

    id: Slug = Field(description="unique and stable: progress and Anki notes are keyed on it")
    subject: Text = Field(description="an entity id")
    relation: Text = Field(description="a relation id")
    object: Annotated[
        float | int | Text | LiteralObject,
        BeforeValidator(_as_written),
        Field(
            description="an entity id, or for a literal relation a number, a date, a text, "
            "or {value, display}"
        ),
    ]
    statement: Text = Field(description="one clean English sentence making exactly this claim")
    tags: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="country and topic tags, lowercase with dashes"
    )
    difficulty: int = Field(ge=1, le=3, description="1, 2 or 3")
    date: DateText = Field(description="when the claim applies or was reported")
    sources: Annotated[list[Source], Field(min_length=1)] = Field(
        description="one or more {seed, quote}, each seed once"
    )
    attribution: Text | None = Field(
        None, description="who makes the claim; the statement must name them"
    )
    contested: bool = Field(False, description="the articles disagree; needs a note")
    note: Text | None = Field(None, description="what the disagreement or caveat is")
    explanation: Text | None = Field(None, description="context shown after answering")
    modality: Modality = Field(
        Modality.ASSERTED, strict=False, description="how firmly the article puts it"
    )
    correction: Correction | None = Field(
        None, description="where the statement departs from the quote"
    )
    garbled: bool = Field(
        False, description="a quotation kept garbled: asked with options only; needs a note"
    )
    same_as: Annotated[str, Field(pattern=SAME_AS.pattern)] | None = Field(
        None, description="deck-id/fact-id: the same claim in another deck, same date"
    )
    false_of: list[Annotated[str, Field(pattern=ENTITY_ID.pattern)]] = Field(
        default_factory=list,
        description="entities of whom the claim is certainly false: wrong answers the "
        "deck's author vouches for",
    )


class CompleteList(_Strict):
    """One article's list declared complete."""

    relation: Text = Field(description="a relation id")
    source: Text | Annotated[list[Text], Field(min_length=1)] = Field(
        description="the seed article (or articles) whose list is complete"
    )
    side: Annotated[str, Field(pattern="^(subjects|objects)$")] = Field(
        description="subjects or objects: the side listed completely"
    )
    candidates: list[Slug] = Field(
        default_factory=list, description="other entities the article discusses in that role"
    )
    open: list[Slug] = Field(
        default_factory=list, description="facts whose claim could be true of others"
    )
    note: Text | None = Field(None, description="a note for the deck's author")


class Claimant(_Strict):
    """Someone the articles cite for a claim."""

    name: Text = Field(description="as facts' `attribution` names them")
    type: TypeName = Field(description="what kind of source: government, outlet, analyst...")
    affiliation: Text | None = Field(
        None, description="voices of one body are never each other's wrong answer"
    )
    offered: bool = Field(True, description="false: never offered as a wrong option")


class DeckFile(_Strict):
    """A quiz deck: entities, relations and sourced facts about one topic."""

    model_config = ConfigDict(title="quiz deck")

    deck: DeckHeader = Field(description="what the deck is")
    entities: list[Entity] = Field(description="the things questions are about")
    relations: list[Relation] = Field(description="how two things can be linked")
    facts: Annotated[list[Fact], Field(min_length=1)] = Field(description="sourced claims")
    complete: list[CompleteList] = Field(
        default_factory=list, description="lists an article gives completely"
    )
    claimants: list[Claimant] = Field(default_factory=list, description="who the articles cite")


def keys_of(model: type[BaseModel]) -> tuple[set[str], set[str]]:
    """The keys a mapping of `model` must hold and may hold, as written in a deck."""
    required, optional = set(), set()
    for name, field in model.model_fields.items():
        (required if field.is_required() else optional).add(field.alias or name)
    return required, optional


def json_schema() -> dict[str, Any]:
    """The deck format as JSON Schema (draft 2020-12), for editors and validators."""
    schema = DeckFile.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The JSON Schema as the shipped file holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
