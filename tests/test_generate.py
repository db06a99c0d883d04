"""The generator on the shipped decks and on hand-made cases, and `quiz generate`/`quiz lint`."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace

import pytest
from conftest import VALID_DECK

from quiz.answers import Grade, check_answer, normalise_answer
from quiz.decks import load_deck, load_decks
from quiz.generate import generate, whole_word_spans
from quiz.items import FALSE, Kind
from quiz.knowledge import Knowledge, Truth
from quiz.lint import lint_items
from quiz.problems import DeckError


@pytest.fixture(scope="module")
def decks(seeds):
    return load_decks(seeds=seeds)


@pytest.fixture(scope="module")
def items(decks):
    return generate(decks, seed=1)


def test_all_six_kinds_are_generated(items):
    assert {item.kind for item in items} == set(Kind)


def test_shipped_decks_lint_clean(decks, items):
    for deck in decks:
        assert lint_items(deck, items) == []


def test_item_ids_are_unique_and_independent_of_the_seed(decks, items):
    ids = [item.id for item in items]
    assert len(ids) == len(set(ids))
    assert ids == [item.id for item in generate(decks, seed=2)]


def test_a_different_seed_changes_option_order(decks, items):
    other = {item.id: item for item in generate(decks, seed=2)}
    mcqs = [item for item in items if item.kind is Kind.MCQ]
    assert any(item.options != other[item.id].options for item in mcqs)
    for item in mcqs:
        assert item.answer == other[item.id].answer


def test_editing_a_statement_keeps_item_ids(decks):
    deck = decks[0]
    edited = replace(
        deck,
        facts=tuple(replace(fact, statement=fact.statement + " (edited)") for fact in deck.facts),
    )
    assert [item.id for item in generate([deck])] == [item.id for item in generate([edited])]


def test_mcq_has_four_distinct_options_with_the_answer_among_them(items):
    for item in items:
        if item.kind is Kind.MCQ:
            assert len(set(item.options)) == 4
            assert item.answer in item.options


def test_false_statements_are_false_by_the_deck(write_deck, seeds):
    deck = load_deck(write_deck(VALID_DECK), seeds)
    knowledge = Knowledge(deck)
    assert knowledge.truth("closest_ally_of", "belarus", "iran") is Truth.FALSE  # many-to-one
    assert knowledge.truth("closest_ally_of", "iran", "russia") is Truth.UNKNOWN
    statements = [item for item in generate([deck]) if item.kind is Kind.TRUE_FALSE]
    # One statement a fact, true or false, never both.
    facts = [item.fact_ids for item in statements]
    assert len(facts) == len(set(facts))
    prompts = [item.prompt for item in statements if item.answer == FALSE]
    # Nothing merely unknown is used: Iran's closest ally is not ruled out.
    assert not any(p.startswith("Iran is the closest ally") for p in prompts)
    assert lint_items(deck, statements) == []


def test_no_mcq_without_three_valid_distractors(write_deck, seeds):
    deck = load_deck(write_deck(VALID_DECK), seeds)
    # Three countries only: "Which country is the closest ally of Russia?" has just
    # one possible distractor besides the stem's own country.
    mcqs = [item for item in generate([deck]) if item.kind is Kind.MCQ]
    assert all(item.direction != "subject" or "closest ally" not in item.prompt for item in mcqs)


def test_attributed_facts_are_asked_with_their_attribution(write_deck, seeds):
    deck = load_deck(write_deck(VALID_DECK), seeds)
    for item in generate([deck]):
        if "iran-cartridges" in item.fact_ids and item.kind is not Kind.CLOZE:
            assert item.prompt.startswith("According to Sky News, "), item.prompt


def test_recall_accepts_aliases_and_knows_rivals(decks, items):
    recalls = [item for item in items if item.kind is Kind.RECALL]
    assert recalls
    lukashenko = [item for item in recalls if item.answer == "Alexander Lukashenko"]
    assert lukashenko
    assert any("Lukashenka" in name or "Lukashenko" in name for name in lukashenko[0].accepted[1:])
    for item in recalls:
        for name in item.accepted:
            assert check_answer(name, item.accepted, item.rivals).grade is Grade.CORRECT
        accepted = {normalise_answer(name) for name in item.accepted}
        for name in item.rivals:
            if normalise_answer(name) not in accepted:
                assert check_answer(name, item.accepted, item.rivals).grade is Grade.WRONG, name


def test_cloze_hides_the_key_term(items):
    for item in items:
        if item.kind is Kind.CLOZE:
            assert "_____" in item.prompt
            assert "{{c1::" in item.cloze
            assert item.answer.casefold() not in item.prompt.casefold()


def test_select_all_has_several_right_and_wrong_options(items):
    for item in items:
        if item.kind is Kind.SELECT_ALL:
            assert 2 <= len(item.answer) <= len(item.options) - 2
            assert len(item.options) <= 6


def test_lint_catches_a_wrong_option_that_is_right(decks, items):
    deck = next(deck for deck in decks if deck.id == "russia-allies")
    mcq = next(
        item
        for item in items
        if item.kind is Kind.MCQ and item.deck == deck.id and "voted against" in item.prompt
    )
    knowledge = Knowledge(deck)
    fact = next(f for f in deck.facts if f.id == mcq.fact_ids[0])
    other_voter = next(
        deck.entities[s].name
        for s in knowledge.stated(fact.relation, "subject", fact.object)
        if deck.entities[s].name != mcq.answer
    )
    wrong = next(option for option in mcq.options if option != mcq.answer)
    broken = replace(mcq, options=tuple(other_voter if o == wrong else o for o in mcq.options))
    messages = [violation.message for violation in lint_items(deck, [broken])]
    assert any("options right by the deck" in message for message in messages)


def test_lint_catches_a_leaked_answer_and_unfilled_template(decks, items):
    deck = decks[0]
    mcq = next(item for item in items if item.kind is Kind.MCQ and item.deck == deck.id)
    leaked = replace(mcq, prompt=f"{mcq.prompt} (hint: {mcq.answer}) {{object}}")
    messages = " | ".join(violation.message for violation in lint_items(deck, [leaked]))
    assert "stands in the stem" in messages
    assert "unfilled template text" in messages


def test_generate_json_is_byte_identical_for_a_seed(quiz_command):
    def run(*args: str) -> str:
        result = subprocess.run(
            [*quiz_command, "generate", "--json", *args], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = run("--seed", "1")
    assert first == run("--seed", "1")
    assert first != run("--seed", "2")
    data = json.loads(first)
    required = {"id", "deck", "kind", "prompt", "options", "answer", "accepted", "fact_ids"}
    required |= {"difficulty", "explanation", "sources"}
    assert all(required <= item.keys() for item in data)
    kinds = {item["kind"] for item in data}
    assert kinds == {kind.value for kind in Kind}
    tf = next(item for item in data if item["kind"] == "true_false")
    assert tf["options"] == ["True", "False"]
    select = next(item for item in data if item["kind"] == "select_all")
    assert isinstance(select["answer"], list)
    matching = next(item for item in data if item["kind"] == "matching")
    assert all(len(pair) == 2 for pair in matching["answer"])


def test_generate_filters_and_limit(quiz_command):
    result = subprocess.run(
        [
            *quiz_command,
            *("generate", "--json", "--kinds", "mcq,recall", "--difficulty", "1"),
            *("--deck", "russia-allies", "--limit", "5", "--seed", "3"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data) == 5
    assert {item["kind"] for item in data} <= {"mcq", "recall"}
    assert {item["difficulty"] for item in data} == {1}
    assert {item["deck"] for item in data} == {"russia-allies"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kinds", "essay"], "unknown kind essay"),
        (["--difficulty", "5"], "difficulties are 1, 2 or 3"),
        (["--limit", "0"], "expected a whole number of at least 1"),
        (["--tags", "atlantis"], "unknown tag atlantis"),
    ],
)
def test_generate_rejects_bad_flags(quiz_command, args, message):
    result = subprocess.run([*quiz_command, "generate", *args], capture_output=True, text=True)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_lint_command_reports_zero_violations(quiz_command):
    result = subprocess.run([*quiz_command, "lint"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "russia-allies:" in result.stdout
    assert "0 violations" in result.stdout


def test_symmetric_relation_states_both_directions(write_deck, seeds):
    text = (
        VALID_DECK.replace(
            "  - id: cartridges_supplied_to_russia\n",
            """  - id: held_exercises_with
    subject_type: country
    object_type: country
    cardinality: many-to-many
    symmetric: true
    templates:
      statement: "{subject} held military exercises with {object}."
      ask_subject: "Which country held military exercises with {object}?"
  - id: cartridges_supplied_to_russia
""",
        )
        + """  - id: exercises
    subject: belarus
    relation: held_exercises_with
    object: russia
    statement: Belarus held military exercises with Russia.
    tags: [belarus]
    difficulty: 1
    date: "2024"
    sources:
      - seed: 003_d086366bd84d36cb.txt
        quote: "Belarus, Russia’s closest and most devoted ally"
"""
    )
    deck = load_deck(write_deck(text), seeds)
    knowledge = Knowledge(deck)
    assert knowledge.truth("held_exercises_with", "russia", "belarus") is Truth.TRUE
    # The same claim written the other way round is a duplicate.
    reversed_fact = text.split("  - id: exercises\n")[1].replace("subject: belarus", "subject: x")
    reversed_fact = reversed_fact.replace("object: russia", "object: belarus").replace(
        "subject: x", "subject: russia"
    )
    with pytest.raises(DeckError) as caught:
        load_deck(write_deck(text + "  - id: exercises-again\n" + reversed_fact), seeds)
    assert "states the same claim as fact 'exercises'" in str(caught.value)


def test_symmetric_needs_matching_types(write_deck, seeds):
    text = VALID_DECK.replace(
        "    cardinality: one-to-one\n", "    cardinality: one-to-one\n    symmetric: true\n"
    )
    with pytest.raises(DeckError) as caught:
        load_deck(write_deck(text), seeds)
    assert "a symmetric relation needs the same subject and object types" in str(caught.value)


def _belarus_cloze(seeds, write_deck, statement: str):
    text = VALID_DECK.replace(
        "statement: Belarus is Russia's closest ally.", f"statement: {statement}"
    )
    deck = load_deck(write_deck(text), seeds)
    [cloze] = [
        item
        for item in generate([deck])
        if item.kind is Kind.CLOZE and item.fact_ids == ("belarus-closest-ally",)
    ]
    return cloze


def test_cloze_hides_whole_words_only(seeds, write_deck):
    statement = "Belarusian troops aside, Belarus is Russia's closest ally."
    cloze = _belarus_cloze(seeds, write_deck, statement)
    # Russia is Belarus's one closest ally (many-to-one), so the object is hidden;
    # "Russian" inside another word would stay.
    assert cloze.prompt == "Belarusian troops aside, Belarus is _____'s closest ally."


def test_cloze_hides_every_mention(seeds, write_deck):
    statement = "Belarus is Russia's closest ally, and russia knows it."
    cloze = _belarus_cloze(seeds, write_deck, statement)
    assert cloze.prompt == "Belarus is _____'s closest ally, and _____ knows it."
    assert cloze.cloze == "Belarus is {{c1::Russia}}'s closest ally, and {{c1::russia}} knows it."
    assert cloze.answer == "Russia"


def test_percentages_stay_between_0_and_100(decks, items):
    percentages = [
        item for item in items if item.kind is Kind.MCQ and item.answer.endswith("0 percent")
    ]
    assert percentages
    for item in percentages:
        for option in item.options:
            assert 0 < int(option.removesuffix(" percent")) < 100


@pytest.mark.parametrize(
    ("text", "names", "spans"),
    [
        ("Russia backs Russian troops.", ["Russia"], [(0, 6)]),
        ("the DPRK, or dprk, sent shells", ["DPRK"], [(4, 8), (13, 17)]),
        ("North Korea and Korea", ["North Korea", "Korea"], [(0, 11), (16, 21)]),
        ("Straße in Straße", ["STRASSE", "Straße"], [(0, 6), (10, 16)]),
        ("nothing here", ["Iran"], []),
    ],
)
def test_whole_word_spans(text, names, spans):
    assert whole_word_spans(text, names) == spans


def test_a_count_is_offered_only_whole_counts():
    """ "How many abstentions did the February 2023 resolution draw?" offered 6.6."""
    import random

    from quiz.facts import Literal
    from quiz.generate import _quantity_ladder

    for seed in range(40):
        for count in (32, 7, 35, 143):
            ladder = _quantity_ladder(Literal(count, str(count)), random.Random(seed))
            assert len(ladder) == 3, (count, seed)
            assert all(choice.text.isdigit() for choice in ladder), (count, seed, ladder)
            assert len({choice.text for choice in ladder} | {str(count)}) == 4


def test_a_changed_quantity_keeps_its_words(items):
    import random

    from quiz.facts import Literal
    from quiz.generate import _quantity_ladder

    ranks = set()
    for seed in range(30):
        ladder = _quantity_ladder(Literal(300_000, "about 300,000"), random.Random(seed))
        assert len(ladder) == 3
        assert all(choice.text.startswith("about ") for choice in ladder)
        numbers = [float(choice.text.removeprefix("about ").replace(",", "")) for choice in ladder]
        # "About" covers one value only: every wrong one is at least 2.5 times away.
        assert all(max(n, 300_000) / min(n, 300_000) >= 2.4 for n in numbers)
        # The key is not always the smallest, nor a divisor of every other option.
        ranks.add(sum(n < 300_000 for n in numbers))
    assert ranks == {0, 1, 2, 3}
    # "More than $12 million": "more than $6 million" is also true, "more than $24
    # million" not ruled out, so a bounded quantity gets no wrong values at all.
    assert _quantity_ladder(Literal(12_000_000, "more than $12 million"), random.Random(1)) == []
    # A number spelled out cannot be changed in place; a bare "12" would read as nonsense.
    assert _quantity_ladder(Literal(4, "more than four hours"), random.Random(1)) == []
    for item in items:
        if "china-drones-and-parts-value" in item.fact_ids or "more than $12 million" in str(
            item.answer
        ):
            assert item.direction == "claimant" or (
                item.kind is not Kind.MCQ and item.answer != FALSE
            ), item.prompt
