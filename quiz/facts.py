"""The deck's domain: entities, relations between them, and sourced facts.

These are the typed, validated objects every consumer reads (generator, app,
exports). A deck file's are built only by `quiz.compiled`, once the models of
`quiz.schema` validated it and `quiz.checks` found no problem in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

LITERAL_TYPES = frozenset({"quantity", "date", "text"})


class Modality(StrEnum):
    """How firmly the article puts a claim. Anything but `asserted` must reach every
    item made from the fact, so a relation needs templates of its own for it."""

    ASSERTED = "asserted"
    REPORTED = "reported"  # "is reported to", "reportedly"
    ALLEGED = "alleged"  # an accusation or "allegedly"
    DENIED = "denied"  # a claim its subject denies
    PLANNED = "planned"  # "is to be sent", "will"
    CONTRACT = "contract"  # agreed to buy or sell, not yet delivered
    # Someone's words cleaned up from a garbled translation: never shown inside
    # quotation marks as if verbatim.
    PARAPHRASE = "paraphrase"


class Cardinality(StrEnum):
    """How many objects a subject has and how many subjects an object has."""

    ONE_TO_ONE = "one-to-one"
    ONE_TO_MANY = "one-to-many"
    MANY_TO_ONE = "many-to-one"
    MANY_TO_MANY = "many-to-many"

    @property
    def one_object_per_subject(self) -> bool:
        return self in (Cardinality.ONE_TO_ONE, Cardinality.MANY_TO_ONE)

    @property
    def one_subject_per_object(self) -> bool:
        return self in (Cardinality.ONE_TO_ONE, Cardinality.ONE_TO_MANY)


class Exhaustive(StrEnum):
    """Which of the deck's lists for a relation are complete."""

    NONE = "none"
    SUBJECTS = "subjects"  # every object's subjects are all listed
    OBJECTS = "objects"  # every subject's objects are all listed
    BOTH = "both"

    @property
    def subjects(self) -> bool:
        return self in (Exhaustive.SUBJECTS, Exhaustive.BOTH)

    @property
    def objects(self) -> bool:
        return self in (Exhaustive.OBJECTS, Exhaustive.BOTH)


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The display name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Templates:
    """The English wording for one relation; placeholders {subject} and {object}."""

    statement: str
    ask_object: str | None = None
    ask_subject: str | None = None
    ask_subjects_all: str | None = None
    ask_objects_all: str | None = None
    ask_subjects_except: str | None = None
    ask_objects_except: str | None = None
    match: str | None = None


@dataclass(frozen=True)
class Relation:
    id: str
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...]
    cardinality: Cardinality
    templates: Templates
    exhaustive: Exhaustive = Exhaustive.NONE
    symmetric: bool = False  # "A borders B" also states "B borders A"
    # Facts hold at their date (an office held, a title): items say when.
    temporal: bool = False
    # Assessments ("far from neutral", "Russia's closest ally"): items always say
    # which article makes them.
    cited: bool = False
    # The wording for facts of another modality than `asserted`; a modality without
    # its own template for a question is never asked that way.
    modal_templates: dict[Modality, Templates] = field(default_factory=dict)

    def templates_for(self, modality: Modality) -> Templates | None:
        if modality is Modality.ASSERTED:
            return self.templates
        return self.modal_templates.get(modality)

    @property
    def literal(self) -> bool:
        """Whether objects are values (a quantity, date or text) rather than entities."""
        return self.object_types[0] in LITERAL_TYPES


@dataclass(frozen=True)
class Literal:
    """A value object: a quantity, date or text, with how to display it."""

    value: int | float | str
    display: str


@dataclass(frozen=True)
class Source:
    seed: str
    quote: str


@dataclass(frozen=True)
class Fact:
    id: str
    subject: str
    relation: str
    object: str | Literal  # an entity id, or a literal value
    statement: str
    tags: tuple[str, ...]
    difficulty: int
    date: str
    sources: tuple[Source, ...]
    attribution: str | None = None
    contested: bool = False
    note: str | None = None
    explanation: str | None = None
    modality: Modality = Modality.ASSERTED
    correction: Correction | None = None
    # A quotation kept as the article renders it, garbled: asked only with options,
    # never typed or filled in, where a student would have to reproduce the garble.
    garbled: bool = False
    same_as: str | None = None  # "deck-id/fact-id": the same claim in another deck
    # Entities of whom the claim is certainly false, as the deck's author vouches:
    # what makes an open claim ("helps Russia by ...") askable with wrong options.
    false_of: tuple[str, ...] = ()

    @property
    def seeds(self) -> tuple[str, ...]:
        return tuple(source.seed for source in self.sources)

    def claim_key(self, deck_id: str) -> str:
        """One key for one claim across decks: what a sitting may ask only once."""
        return self.same_as or f"{deck_id}/{self.id}"


@dataclass(frozen=True)
class Correction:
    """Where the statement departs from its quote: what the article says, what is so,
    and how we know. The quote stays verbatim as evidence; no item teaches the error."""

    says: str
    actually: str
    how: str


@dataclass(frozen=True)
class CompleteList:
    """One article's account of a relation declared complete: for every value of the
    other side, the facts citing `seed` list all the values of `side` that it gives.
    An item framed by that article may then offer as wrong the `candidates` (and the
    values it gives elsewhere in the relation) that it does not list."""

    relation: str
    seed: str
    side: str  # "subjects" or "objects": the side that is complete
    candidates: tuple[str, ...] = ()  # entity ids the article discusses in that role
    # Facts whose claim could as well be true of others ("a potential mediator"): they
    # are in the list, but never rule another value out nor lend theirs as wrong.
    open_facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claimant:
    """Someone the articles cite for a claim, and what kind of source they are, so a
    "who said this?" question offers sources of one kind."""

    name: str
    type: str
    # Voices of one body (PISM and its analyst; the US government and its officials)
    # are never each other's wrong answer.
    affiliation: str | None = None
    offered: bool = True  # False: never a wrong option ("some", "most Belarusians")


@dataclass(frozen=True)
class DeckInfo:
    id: str
    name: str
    description: str | None = None
    wording: dict[str, str] = field(default_factory=dict)
    # How an item cites each article: "DW (June 2024)".
    cite_as: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Deck:
    info: DeckInfo
    entities: dict[str, Entity]
    relations: dict[str, Relation]
    facts: tuple[Fact, ...]
    path: Path | None = None
    complete_lists: tuple[CompleteList, ...] = ()
    claimants: tuple[Claimant, ...] = ()

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def name(self) -> str:
        return self.info.name

    def object_name(self, fact: Fact) -> str:
        """How the fact's object is displayed: the entity's name or the literal's display."""
        if isinstance(fact.object, Literal):
            return fact.object.display
        return self.entities[fact.object].name
