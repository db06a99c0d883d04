"""The deck format's models validate every deck (issue 14): their errors land at the
value's line and column in quiz check's words, a deck with errors is still judged
whole, and nothing a deck holds is dropped without a word."""

from __future__ import annotations

from dataclasses import fields
from typing import get_args

import pytest
from conftest import VALID_DECK, position_of
from test_validation import only_problem, problems_of

from quiz import facts, schema
from quiz.decks import load_deck


def test_a_broken_fact_is_still_judged_across_values(write_deck, seeds):
    """The models refuse one value; the checks still judge the rest of the fact."""
    text = VALID_DECK.replace("difficulty: 1", "difficulty: true").replace(
        "subject: belarus", "subject: belarrus"
    )
    messages = {(p.line, p.column): p.message for p in problems_of(write_deck(text), seeds)}
    assert messages == {
        position_of(text, "true"): "difficulty must be 1, 2 or 3, not True",
        position_of(text, "belarrus"): "unknown entity 'belarrus' (did you mean 'belarus'?)",
    }


def test_a_missing_key_is_one_problem(write_deck, seeds):
    text = VALID_DECK.replace("    sources:\n      - seed: 003", "    cited:\n      - seed: 003")
    problems = problems_of(write_deck(text), seeds)
    assert [p.message for p in problems] == [
        "a fact is missing required key 'sources'",
        "unknown key 'cited' in a fact",
    ]


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "tags: [belarus, diplomacy]",
            "tags: [belarus, null]",
            "tags item must be text, not nothing",
        ),
        (
            "aliases: [Russian Federation]",
            "aliases: [Russian Federation, ~]",
            "aliases item must be text, not nothing",
        ),
    ],
)
def test_an_empty_item_in_a_list_is_reported_not_dropped(write_deck, seeds, old, new, message):
    """Before the models, `tags: [belarus, null]` dropped its fact without a word."""
    text = VALID_DECK.replace(old, new)
    problem = only_problem(write_deck(text), seeds)
    assert problem.message == message
    assert (problem.line, problem.column) == position_of(text, new.split(", ")[-1].rstrip("]"))


def test_an_optional_key_left_empty_is_not_given(write_deck, seeds):
    """Before the models, an empty `display:` or `ask_object:` dropped its fact or
    relation (and the facts of that relation) without a word."""
    text = VALID_DECK.replace(", display: about 100 million}", ", display: null}").replace(
        '      ask_object: "Whose closest ally is {subject}?"', "      ask_object:"
    )
    deck = load_deck(write_deck(text), seeds)
    assert [fact.id for fact in deck.facts] == ["belarus-closest-ally", "iran-cartridges"]
    assert deck.facts[1].object == facts.Literal(100000000, "100,000,000")
    assert deck.relations["closest_ally_of"].templates.ask_object is None


def test_a_relation_with_no_question_left_says_so(write_deck, seeds):
    text = VALID_DECK.replace(
        '      ask_object: "How many cartridges did {subject} supply to Russia?"',
        "      ask_object:",
    )
    problem = only_problem(write_deck(text), seeds)
    assert problem.message == "templates need 'ask_object' or 'ask_subject' (or both)"


@pytest.mark.parametrize(
    "written, at, message",
    [
        (
            "Country",
            "Country\n    object_type",
            "subject type 'Country' is not valid: use lowercase words joined by dashes",
        ),
        (
            "[country, Country]",
            "Country]",
            "subject type item 'Country' is not valid: use lowercase words joined by dashes",
        ),
        ("[]", "[]", "give at least one type"),
        ("7", "7\n    object_type", "subject type must be a list, not a number"),
    ],
)
def test_a_type_is_one_name_or_a_list_of_them(write_deck, seeds, written, at, message):
    old = "subject_type: country\n    object_type: quantity"
    text = VALID_DECK.replace(old, old.replace("country", written))
    problem = only_problem(write_deck(text), seeds)
    assert problem.message == message
    assert (problem.line, problem.column) == position_of(text, at)


def test_an_object_that_is_no_value_says_what_it_could_be(write_deck, seeds):
    text = VALID_DECK.replace("object: russia", "object: [russia, iran]")
    problem = only_problem(write_deck(text), seeds)
    assert problem.message == "object must be a number, text or a mapping, not a list"
    assert (problem.line, problem.column) == position_of(text, "[russia, iran]")
    assert problem.fact_id == "belarus-closest-ally"


def test_every_problem_in_a_fact_names_the_fact(write_deck, seeds):
    text = VALID_DECK.replace("    difficulty: 1\n", "    difficulty: 1\n    garbled: sure\n")
    problem = only_problem(write_deck(text), seeds)
    assert problem.message == "garbled must be true or false, not 'sure'"
    assert problem.fact_id == "belarus-closest-ally"


def test_an_unknown_wording_gets_the_name_meant(write_deck, seeds):
    text = VALID_DECK.replace("    according_to:", "    acording_to:")
    messages = [problem.message for problem in problems_of(write_deck(text), seeds)]
    assert "unknown key 'acording_to' in wording (did you mean 'according_to'?)" in messages


def test_every_value_a_message_names_has_a_title():
    """A message names a value by its field's title (`fact id`, `template 'match'`):
    a field without one is a part of the file, named by its key (`'facts' must be a
    list`), or a mapping, named by its model's noun (`a correction must be...`)."""
    models = [getattr(schema, name) for name in schema.__all__]
    for model in [model for model in models if hasattr(model, "__pydantic_fields__")]:
        for name, field in model.__pydantic_fields__.items():
            mapping = any(
                hasattr(t, "noun") for t in (field.annotation, *get_args(field.annotation))
            )
            assert field.title is not None or model is schema.DeckFile or mapping, name


def test_a_relation_is_compiled_with_every_template_the_format_declares():
    assert [field.name for field in fields(facts.Templates)] == list(
        schema.placeholders_of(schema.ModalTemplates)
    )
    assert [field.name for field in fields(schema.Wording)] == list(
        schema.placeholders_of(schema.Wording)
    )


def test_every_modality_but_asserted_has_its_templates_key():
    modal = set(schema.Templates.__pydantic_fields__) - set(
        schema.ModalTemplates.__pydantic_fields__
    )
    assert modal == {modality.value for modality in facts.Modality} - {"asserted"}
