"""A deck file's shape, judged by the models of `quiz.schema`, every error at its line.

pydantic validates the plain values `quiz.yamldoc` built from the file. The `loc` of
each error is a path into those values once the names pydantic gives a union's
members are left out, so the document places it at its line and column. Its message
is put in the words `quiz check` has always used: the value as the field's title names
it, the mapping as its model's `noun` does, what it must be as its `Said` or the type
it was declared with says.

A deck with errors is still `salvage`d into a DeckFile: each refused value is None and
the rest is validated, so `quiz.checks` judges everything else and every problem in a
file is reported in one run.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from pydantic import TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from quiz.messages import kind_of, quote_hint, suggest
from quiz.problems import Problem
from quiz.schema import DeckFile, Said, declared_type, markers, pattern_rule
from quiz.yamldoc import Document, YamlPath

__all__ = ["Shape", "validate"]

# What a value of the wrong type should have been, by pydantic's error type; an
# optional value may always be left empty, which goes without saying.
_EXPECTED = {
    "string_type": "text",
    "int_type": "a number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "dataclass_type": "a mapping",
    "date_type": "",  # a YAML date, which an editor reads as text
    "none_required": "",
}
_UNKNOWN_KEY = "unexpected_keyword_argument"
_KEY_ERRORS = {"missing", _UNKNOWN_KEY}
# The types whose own message says what is wrong after the value's name.
_OWN_MESSAGE = {"control_character", "empty_text", "unfilled_placeholder", "calendar_date"}
_DECK_FILE = TypeAdapter(DeckFile)


@dataclass(frozen=True)
class Shape:
    """A deck file as its models validated it: `deck` is whole when there are no
    `problems`, else salvaged (None where the file is no mapping at all)."""

    deck: DeckFile | None
    problems: list[Problem]
    refused: frozenset[YamlPath] = frozenset()  # where a value was written but refused
    flawed: frozenset[YamlPath] = frozenset()  # those paths and every path above one

    def sound(self, path: YamlPath) -> bool:
        """Whether nothing at or under `path` was refused (an unknown or missing key
        is the mapping's problem, not its values')."""
        return path not in self.flawed


def validate(doc: Document) -> Shape:
    """The document's values checked against `DeckFile`, every error a Problem."""
    try:
        return Shape(_DECK_FILE.validate_python(doc.data), [])
    except ValidationError as error:
        errors = _errors(error, doc.data)
    refused = frozenset(path for path, detail in errors if detail["type"] not in _KEY_ERRORS)
    tainted = {path[:end] for path, _ in errors for end in range(len(path) + 1)}
    flawed = frozenset(path[:end] for path in refused for end in range(len(path) + 1))
    problems = [_problem(doc, path, detail) for path, detail in errors]
    deck = _Salvage(refused, tainted).value(DeckFile, doc.data, ())
    return Shape(deck, problems, refused, flawed)


# -- where an error is ---------------------------------------------------------------


def _errors(error: ValidationError, data: Any) -> list[tuple[YamlPath, ErrorDetails]]:
    """Each error at its path, one per value: a union's members each report why the
    value is not theirs, and only the member the value was meant for is heard (the
    one whose errors lie deeper), or else one error says what the value could be."""
    located = [(*_located(detail, data), detail) for detail in error.errors(include_url=False)]
    deeper = {union for path, union, _ in located if union is not None and len(path) > len(union)}
    by_path: dict[YamlPath, list[ErrorDetails]] = {}
    for path, union, detail in located:
        if union is None or path != union or union not in deeper:
            by_path.setdefault(path, []).append(detail)
    errors = []
    for path, details in by_path.items():
        own = [detail for detail in details if detail["type"] not in _EXPECTED]
        if own:
            errors += [(path, detail) for detail in own]
            continue
        expected = [_EXPECTED[detail["type"]] for detail in details]
        merged = dict(details[0])
        merged["ctx"] = {"expected": [kind for kind in dict.fromkeys(expected) if kind]}
        errors.append((path, typing.cast(ErrorDetails, merged)))
    return errors


def _located(detail: ErrorDetails, data: Any) -> tuple[YamlPath, YamlPath | None]:
    """The path into `data` an error's `loc` names, and the path of the union whose
    member's name was left out of it (None if none was)."""
    path: list[str | int] = []
    union: YamlPath | None = None
    node = data
    loc = detail["loc"]
    for index, part in enumerate(loc):
        if _holds(node, part):
            node = node[part]
        elif index == len(loc) - 1 and detail["type"] == "missing":
            node = None  # the key that is missing
        else:  # the name pydantic gives a union's member
            union = union if union is not None else tuple(path)
            continue
        path.append(part)
    return tuple(path), union


def _holds(node: Any, part: str | int) -> bool:
    """Whether `part` is a key of `node` as parsed, or an index into it."""
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and type(part) is int and 0 <= part < len(node)


# -- what it says --------------------------------------------------------------------


@dataclass(frozen=True)
class _Spot:
    """What the deck format declares at one path."""

    label: str  # how messages name the value: "entity id", "aliases item"
    annotation: Any  # its declared type (None for an unknown key)
    field: FieldInfo | None = None  # the field it is the value of (not a list item)
    owner: type | None = None  # the model of the mapping it is in


def _problem(doc: Document, path: YamlPath, detail: ErrorDetails) -> Problem:
    spot = _spot(path)
    position = doc.value_at(path)
    if detail["type"] == "missing":
        position = doc.value_at(path[:-1])
    elif detail["type"] == _UNKNOWN_KEY or _no_value(spot, detail):
        position = doc.key_at(path)
    in_fact = len(path) >= 2 and path[0] == "facts" and type(path[1]) is int
    fact = doc.data["facts"][path[1]] if in_fact else None
    fact_id = fact.get("id") if isinstance(fact, dict) else None  # as written, valid or not
    message = _message(doc, path, detail, spot)
    return Problem(
        doc.file,
        position.line,
        position.column,
        message,
        fact_id if isinstance(fact_id, str) else None,
    )


def _no_value(spot: _Spot, detail: ErrorDetails) -> bool:
    """A required key written with nothing after it."""
    return (
        detail["input"] is None
        and "expected" in detail.get("ctx", {})
        and spot.field is not None
        and spot.field.is_required()
    )


def _message(doc: Document, path: YamlPath, detail: ErrorDetails, spot: _Spot) -> str:
    kind, value, context = detail["type"], detail["input"], detail.get("ctx", {})
    label = spot.label
    if kind == "missing":
        return f"{_noun(spot.owner)} is missing required key '{path[-1]}'"
    if kind == _UNKNOWN_KEY:
        key = str(path[-1])
        misplaced = getattr(spot.owner, "misplaced", {})
        if key in misplaced:
            return misplaced[key]
        return f"unknown key '{key}' in {_noun(spot.owner)}{suggest(key, _keys(spot.owner))}"
    if _no_value(spot, detail):
        return f"'{path[-1]}' has no value"
    said = _said(spot)
    if kind == "too_short" and said.few:
        return said.few
    if said.must:
        return f"{label} must be {said.must}, not {value!r}"
    if kind in _OWN_MESSAGE:
        return f"{label} {detail['msg']}"
    if kind == "too_short":
        return f"give at least one {label}"
    if kind == "string_pattern_mismatch":
        return f"{label} '{value}' is not valid: {pattern_rule(context['pattern'])}"
    if kind in ("enum", "literal_error"):
        return f"{label} must be {_choices(spot.annotation)}, not {value!r}"
    if "expected" in context:
        expected = context["expected"]
        models = [member for member in _members(spot.annotation) if _is_model(member)]
        if expected == ["a mapping"] and models:
            label = models[0].noun
        if expected == ["true or false"]:
            return f"{label} must be true or false, not {value!r}"
        hint = quote_hint(doc, path) if "text" in expected and value is not None else ""
        return f"{label} must be {_either(expected)}, not {kind_of(value)}{hint}"
    return f"{label}: {detail['msg']}"


def _spot(path: YamlPath) -> _Spot:
    """What the deck format declares at `path`: walks the models along it."""
    spot = _Spot(DeckFile.noun, DeckFile)
    for part in path:
        members = _members(spot.annotation)
        if isinstance(part, int):
            items = [get_args(member)[0] for member in members if get_origin(member) is list]
            spot = _Spot(f"{spot.label} item", items[0] if items else None, owner=spot.owner)
            continue
        model = next((m for m in members if _is_model(m) and part in _keys(m)), None)
        if model is not None:
            field_name = _keys(model)[part]
            field = model.__pydantic_fields__[field_name]
            # a field without a title is a part of the file, named by its key
            label = field.title or f"'{part}'"
            spot = _Spot(label, declared_type(model, field_name), field, model)
            continue
        values = [get_args(member)[1] for member in members if get_origin(member) is dict]
        if values:
            spot = _Spot(f"{spot.label} of '{part}'", values[0], owner=spot.owner)
            continue
        owner = next((member for member in members if _is_model(member)), spot.owner)
        spot = _Spot(part, None, owner=owner)  # a key the mapping does not have
    return spot


def _said(spot: _Spot) -> Said:
    found = (marker for marker in markers(spot.annotation) if isinstance(marker, Said))
    return next(found, Said())


def _choices(annotation: Any) -> str:
    """The values an enum or a Literal allows, as a message says them: "a or b", or
    "one of a, b, c"."""
    [declared] = _members(annotation)
    values = (
        [str(member.value) for member in declared]
        if isinstance(declared, type) and issubclass(declared, enum.Enum)
        else [str(value) for value in get_args(declared)]
    )
    return " or ".join(values) if len(values) == 2 else f"one of {', '.join(values)}"


def _either(options: list[str]) -> str:
    """Options as a message lists them: "a", "a or b", "a, b or c"."""
    return options[0] if len(options) == 1 else f"{', '.join(options[:-1])} or {options[-1]}"


def _noun(model: type | None) -> str:
    return getattr(model, "noun", "a mapping")


# -- the declared types --------------------------------------------------------------


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and hasattr(annotation, "__pydantic_fields__")


@functools.cache
def _keys(model: type) -> dict[str, str]:
    """A model's keys as a deck writes them, each with its field's name."""
    return {field.alias or name: name for name, field in model.__pydantic_fields__.items()}


def _members(annotation: Any) -> list[Any]:
    """The types a value of `annotation` may be, unwrapped: a union's members, or itself."""
    if get_origin(annotation) is Annotated:
        return _members(get_args(annotation)[0])
    if get_origin(annotation) in (typing.Union, types.UnionType):
        return [member for argument in get_args(annotation) for member in _members(argument)]
    return [annotation]


@functools.cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


class _Salvage:
    """A DeckFile made of what validated in a deck with errors: each refused value
    None, a list of text with a refused item None as a whole, a list of mappings
    with each of them salvaged."""

    def __init__(self, refused: frozenset[YamlPath], tainted: set[YamlPath]) -> None:
        self.refused, self.tainted = refused, tainted

    def value(self, annotation: Any, raw: Any, path: YamlPath) -> Any:
        if path not in self.tainted:
            return _adapter(annotation).validate_python(raw)
        if path in self.refused:
            return None
        members = _members(annotation)
        if isinstance(raw, dict):
            model = next((member for member in members if _is_model(member)), None)
            if model is not None:
                return self.mapping(model, raw, path)
            values = [get_args(member)[1] for member in members if get_origin(member) is dict]
            if values:
                return {key: self.value(values[0], item, (*path, key)) for key, item in raw.items()}
        if isinstance(raw, list):
            items = [get_args(member)[0] for member in members if get_origin(member) is list]
            if items and any(_is_model(member) for member in _members(items[0])):
                return [self.value(items[0], item, (*path, i)) for i, item in enumerate(raw)]
        return None

    def mapping(self, model: type, raw: dict[str, Any], path: YamlPath) -> Any:
        salvaged = object.__new__(model)
        for key, name in _keys(model).items():
            field = model.__pydantic_fields__[name]
            if key in raw:
                value = self.value(declared_type(model, name), raw[key], (*path, key))
            elif field.is_required():
                value = None
            else:
                value = field.get_default(call_default_factory=True)
            object.__setattr__(salvaged, name, value)
        return salvaged
