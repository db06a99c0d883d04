"""What every check reads and writes: the deck being checked, the problems found so
far, what facts may refer to, and the facts with no problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from quiz.messages import kind_of, quote_hint, suggest
from quiz.problems import Problem
from quiz.schema import Fact, LiteralObject
from quiz.seeds import SeedLibrary
from quiz.validation import Shape
from quiz.yamldoc import Document, YamlPath

__all__ = ["Claim", "Context", "Header", "Known", "reference"]

_T = TypeVar("_T")


@dataclass
class Context:
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
class Known(Generic[_T]):
    """The entities (or relations) facts may refer to, by id; `broken` ones are
    defined with a problem, and a reference to them is not reported again."""

    items: dict[str, _T] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Header:
    """What facts need of the deck's own part: the wordings given, and the articles
    it says how to cite."""

    wording: frozenset[str]
    cite_as: frozenset[str]


class Claim(NamedTuple):
    """A fact with no problem, where it is and what its object is."""

    index: int  # in the file's `facts`
    fact: Fact
    object_key: Any  # the entity id, or the literal's value


def reference(
    context: Context,
    path: YamlPath,
    name: Any,
    known: Known[_T],
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
