"""Items a teacher would sign: each rule of the generator shown on an item that used
to be wrong, on the shipped decks and on small decks made for the case."""

from __future__ import annotations

import pytest
from conftest import VALID_DECK

from quiz.decks import load_deck, load_decks
from quiz.generate import generate
from quiz.items import FALSE, TRUE, Kind
from quiz.knowledge import Knowledge, Truth
from quiz.lint import lint_items
from quiz.problems import DeckError

DW = "003_d086366bd84d36cb.txt"


@pytest.fixture(scope="module")
def deck(seeds):
    [found] = [deck for deck in load_decks(seeds=seeds) if deck.id == "russia-allies"]
    return found


@pytest.fixture(scope="module")
def items(deck):
    return generate([deck], seed=3)


def find(items, kind, text):
    found = [item for item in items if item.kind is kind and text in item.prompt]
    assert found, f"no {kind} item with {text!r}"
    return found


def test_offices_are_asked_with_the_office_and_the_time(items):
    # "Who led Iran?" had three defensible answers (Raisi, Khamenei, Pezeshkian).
    [mcq] = find(items, Kind.MCQ, "who was the president of Iran?")
    assert mcq.prompt == "In April 2024, who was the president of Iran?"  # he died in May
    assert mcq.answer == "Ebrahim Raisi"
    assert not [item for item in items if item.prompt.startswith("Who led")]


def test_an_articles_complete_list_frames_its_question(items, deck):
    [select] = find(items, Kind.SELECT_ALL, "on DW's list of Putin's remaining autocratic allies")
    assert select.prompt.startswith("According to DW (June 2024), ")
    assert select.anchor == DW
    knowledge = Knowledge(deck)
    names = {entity.name: entity.id for entity in deck.entities.values()}
    for option in select.options:
        truth = knowledge.truth("on_list", names[option], "dw-list-of-putins-allies", DW)
        assert truth is (Truth.TRUE if option in select.answer else Truth.FALSE), option
    # The role is the one the deck's author declared: never Russia on Russia's allies.
    assert set(select.options) - set(select.answer) <= {"Uzbekistan", "the United States"}


def test_a_contested_claim_is_asked_with_who_makes_it(items):
    [who] = find(items, Kind.MCQ, "which source says that China is far from neutral")
    assert who.answer == "DW"
    assert "Luke Rogalla" in who.options  # who says the opposite is the telling wrong option
    statements = [
        item
        for item in items
        if item.kind is Kind.TRUE_FALSE and "neutral on Russia's war" in item.prompt
    ]
    for item in statements:
        # Never "China is neutral" marked right or wrong on its own: always whose claim.
        assert item.prompt.startswith("According to ")
        if item.answer == FALSE:
            assert item.prompt.startswith("According to Luke Rogalla, China is far from")


def test_a_bounded_quantity_is_never_falsified_by_a_value_it_allows(items):
    drones = [item for item in items if "china-drones-and-parts-value" in item.fact_ids]
    assert drones
    for item in drones:
        # "more than $6 million" is also true; "more than $24 million" is not ruled out.
        assert item.direction == "claimant" or (
            item.kind is not Kind.MCQ and item.answer != FALSE
        ), item.prompt


def test_date_options_have_one_precision_and_never_overlap(items):
    for item in items:
        if item.kind is Kind.MCQ and item.prompt.startswith("When "):
            lengths = {len(option.split()) for option in item.options}
            assert len(lengths) == 1, item.options  # "March 2024" beside "4 March 2024"
    [march] = find(items, Kind.MCQ, "Which of these took place in March 2024?")
    # The 4 March 2024 meeting also took place in March 2024: it is never a wrong option.
    assert not any("Sobyanin" in option for option in march.options)


def test_distractors_play_the_answers_role(items, deck):
    for item in items:
        if item.kind is Kind.TRUE_FALSE:
            assert "Vladimir Putin visited Russia" not in item.prompt
            assert "mayor of Paris" not in item.prompt
        if item.kind is Kind.MCQ and "president of" in item.prompt:
            # Only presidents of the articles, never an analyst such as Patryk Kugiel.
            presidents = {
                deck.entities[fact.subject].name
                for fact in deck.facts
                if fact.relation == "president_of"
            }
            countries = {
                deck.entities[str(fact.object)].name
                for fact in deck.facts
                if fact.relation == "president_of"
            }
            assert set(item.options) <= presidents | {c[:1].upper() + c[1:] for c in countries}


def test_hedges_reach_every_item_of_the_fact(items):
    def text(item):  # what an article reports is in its options, a matched claim on the left
        if item.direction == "reports" or item.kind is Kind.MATCHING:
            return " ".join((item.prompt, *item.options, *item.left))
        return item.prompt

    su35 = [item for item in items if "iran-buys-su-35" in item.fact_ids]
    assert su35
    for item in su35:
        assert "contract" in text(item) or item.direction == "claimant", item.prompt
    shells = [item for item in items if "north-korea-accused-shells" in item.fact_ids]
    assert shells
    for item in shells:
        if item.kind is not Kind.MCQ:
            assert "which it denies" in text(item), item.prompt


def test_typed_recall_is_asked_only_for_short_answers(items):
    for item in items:
        if item.kind is Kind.RECALL:
            assert len(str(item.answer).split()) <= 4 and "'s " not in str(item.answer)
    assert not any(
        item.kind is Kind.RECALL and "Kremlin meeting" in str(item.answer) for item in items
    )


def test_the_explanation_after_a_false_statement_says_what_is_true(items, deck):
    facts = {fact.id: fact for fact in deck.facts}
    false = [item for item in items if item.kind is Kind.TRUE_FALSE and item.answer == FALSE]
    assert false
    for item in false:
        fact = facts[item.fact_ids[0]]
        # The true statement first (an assessment with whose it is).
        assert fact.statement[1:].rstrip(".") in item.explanation, item.id


def test_the_bank_is_balanced_one_statement_a_fact(items):
    statements = [item for item in items if item.kind is Kind.TRUE_FALSE]
    facts = [item.fact_ids for item in statements]
    assert len(facts) == len(set(facts))
    assert any(item.answer == TRUE for item in statements)
    assert any(item.answer == FALSE for item in statements)
    prompts = [(item.kind, item.prompt) for item in items]
    assert len(prompts) == len(set(prompts))


def test_the_shipped_items_lint_clean(deck, items):
    assert lint_items(deck, items) == []


COMPLETE_LIST = """
complete:
  - relation: closest_ally_of
    source: 001_183e215139b479b5.txt
    side: subjects
    candidates: [atlantis]
"""


def test_a_complete_list_must_name_real_sources_and_entities(write_deck, seeds):
    with pytest.raises(DeckError) as raised:
        load_deck(write_deck(VALID_DECK + COMPLETE_LIST), seeds)
    messages = [problem.message for problem in raised.value.problems]
    assert any("unknown entity 'atlantis'" in message for message in messages)
    assert any("deck.cite_as" in message or "cites" in message for message in messages)


def test_a_hedged_fact_needs_templates_that_keep_the_hedge(write_deck, seeds):
    text = VALID_DECK.replace(
        "    statement: Belarus is Russia's closest ally.",
        "    statement: Belarus is Russia's closest ally.\n    modality: alleged",
    )
    with pytest.raises(DeckError) as raised:
        load_deck(write_deck(text), seeds)
    assert any("no templates for alleged" in p.message for p in raised.value.problems)
