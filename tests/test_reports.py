"""Open claims asked honestly: what an article reports among claims the deck makes
false, wrong answers the deck's author vouches for (`false_of`), and a bank whose
true/false statements are few and balanced."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from conftest import VALID_DECK, position_of

from quiz.bank import bank_shape
from quiz.decks import load_deck
from quiz.facts import Source
from quiz.generate import MAX_STATEMENT_SHARE, DeckGenerator, generate
from quiz.items import FALSE, TRUE, Item, Kind
from quiz.knowledge import Knowledge, Truth
from quiz.lint import Linter, lint_items
from quiz.problems import DeckError

OVERVIEW = "001_183e215139b479b5.txt"
NEWS7F = "002_d28421e8e5b68b5d.txt"


@pytest.fixture(scope="module")
def items(decks_by_id):
    return generate(decks_by_id.values(), seed=3)


def reports(items, deck_id):
    return [item for item in items if item.deck == deck_id and item.direction == "reports"]


def test_an_open_claim_is_asked_among_what_its_article_reports(decks_by_id, items):
    deck = decks_by_id["russia-allies"]
    [select] = [
        item
        for item in reports(items, deck.id)
        if item.prompt.startswith("Which of these does the overview")
        and "about South Africa?" in item.prompt
    ]
    assert select.kind is Kind.SELECT_ALL and select.anchor == OVERVIEW
    facts = {fact.id: fact for fact in deck.facts}
    # Each right option is one of its facts, which the overview states; nothing else.
    assert all(OVERVIEW in facts[fact_id].seeds for fact_id in select.fact_ids)
    assert len(select.answer) == len(select.fact_ids) >= 2
    linter = Linter(deck)
    for option in set(select.options) - set(select.answer):
        # Every wrong option reads as a fact's claim with South Africa swapped in,
        # which the deck, or the overview's own account, rules out.
        assert any(
            linter.substituted(fact, option, (None, OVERVIEW)) is Truth.FALSE for fact in deck.facts
        ), option
    # "South Africa held military exercises with China" could only ever be called
    # true; here it is one of the right options, never a statement that is always True.
    assert "South Africa held military exercises with China." in select.answer


def test_one_open_claim_makes_a_multiple_choice_question(decks_by_id, items):
    [mcq] = [
        item
        for item in reports(items, "russia-allies")
        if item.prompt == "Which of these does News7F (March 2023) report about North Korea?"
    ]
    assert mcq.kind is Kind.MCQ and mcq.answer == "North Korea gives Russia diplomatic assistance."
    assert len(mcq.options) == 4 and mcq.anchor == NEWS7F
    assert lint_items(decks_by_id["russia-allies"], [mcq]) == []


def test_an_altered_report_option_is_caught(decks_by_id, items):
    deck = decks_by_id["russia-allies"]
    [mcq] = [
        item
        for item in reports(items, deck.id)
        if item.prompt == "Which of these does News7F (March 2023) report about North Korea?"
    ]
    wrong = next(option for option in mcq.options if option != mcq.answer)
    # A wrong option that is in fact another of India's claims, marked wrong.
    altered = Item(
        **{
            **{field: getattr(mcq, field) for field in mcq.__slots__},
            "options": tuple(
                "North Korea supplied Russia with ammunition." if option == wrong else option
                for option in mcq.options
            ),
        }
    )
    problems = [violation.message for violation in lint_items(deck, [altered])]
    assert problems == [
        "'North Korea supplied Russia with ammunition.' is marked wrong but the deck "
        "does not rule it out"
    ]


def test_a_report_never_gives_its_answer_away_by_form(items):
    # "X said that ..." beside three "X said: '...'" would single the answer out.
    for item in reports(items, "who-said-it"):
        answers = item.answer if isinstance(item.answer, tuple) else (item.answer,)
        forms = {"said that" in option for option in item.options if option not in answers}
        assert forms != {"said that" not in answers[0]}, item.prompt


def test_no_claim_names_its_own_subject_twice(items):
    # "Russia is Russia's closest ally" is absurd, not false.
    absurd = re.compile(r"\b([A-Z]\w+) (is|helps) \1['’]s\b")
    texts = [text for item in items for text in (item.prompt, *item.options)]
    assert not [text for text in texts if absurd.search(text)]


FALSE_OF = """
  - id: russia-closest-ally-dummy
    subject: russia
    relation: closest_ally_of
    object: belarus
    statement: Russia is the closest ally of Belarus.
    tags: [russia, diplomacy]
    difficulty: 2
    date: "2024-06"
    sources:
      - seed: 003_d086366bd84d36cb.txt
        quote: "Belarus, Russia’s closest and most devoted ally"
"""


def test_false_of_rules_a_claim_out_for_the_entities_named(write_deck, seeds):
    text = VALID_DECK.replace(
        "    relation: closest_ally_of\n    object: russia\n",
        "    relation: closest_ally_of\n    object: russia\n    false_of: [iran]\n",
    )
    deck = load_deck(write_deck(text), seeds)
    [fact] = [fact for fact in deck.facts if fact.id == "belarus-closest-ally"]
    assert fact.false_of == ("iran",)
    knowledge = Knowledge(load_deck(write_deck(VALID_DECK, "plain.yaml"), seeds))
    assert knowledge.truth("closest_ally_of", "iran", "russia") is Truth.UNKNOWN
    assert Knowledge(deck).truth("closest_ally_of", "iran", "russia") is Truth.FALSE
    # Now a statement can be made false with it, and nothing it makes is unlintable.
    items, _ = DeckGenerator(deck, 0).items()
    assert lint_items(deck, items) == []


@pytest.mark.parametrize(
    ("false_of", "message"),
    [
        ("[atlantis]", "unknown entity 'atlantis'"),
        ("[belarus]", "a claim is not false of its own subject"),
        ("iran", "false_of must be a list of entity ids"),
    ],
)
def test_false_of_names_real_other_entities(write_deck, seeds, false_of, message):
    text = VALID_DECK.replace(
        "    relation: closest_ally_of\n    object: russia\n",
        f"    relation: closest_ally_of\n    object: russia\n    false_of: {false_of}\n",
    )
    with pytest.raises(DeckError) as raised:
        load_deck(write_deck(text), seeds)
    [problem] = raised.value.problems
    assert message in problem.message
    assert (problem.line, problem.column) >= position_of(text, "false_of:")


def test_false_of_never_contradicts_a_stated_fact(write_deck, seeds):
    text = VALID_DECK.replace(
        "    relation: closest_ally_of\n    object: russia\n",
        "    relation: closest_ally_of\n    object: russia\n    false_of: [iran]\n",
    ) + FALSE_OF.replace("russia-closest-ally-dummy", "iran-ally").replace(
        "subject: russia", "subject: iran"
    ).replace("object: belarus", "object: russia").replace(
        "Russia is the closest ally of Belarus.", "Iran is the closest ally of Russia."
    )
    with pytest.raises(DeckError) as raised:
        load_deck(write_deck(text), seeds)
    [problem] = raised.value.problems
    assert problem.message == "false_of 'iran', but fact 'iran-ally' states the claim of it"
    assert (problem.line, problem.column) == position_of(text, "iran]")


def test_the_shipped_banks_keep_statements_few_and_balanced(decks_by_id, items):
    for deck in decks_by_id.values():
        shape = bank_shape(deck, items)
        statements = shape.kinds[Kind.TRUE_FALSE]
        assert statements <= shape.items * MAX_STATEMENT_SHARE + 1, deck.id
        assert 0.4 <= shape.keyed_true / statements <= 0.6, deck.id
        assert not [fact for fact, count in shape.items_per_fact.items() if count == 0]


def item(id_: str, kind: Kind, fact: str, answer: str = "x") -> Item:
    source = Source(seed=OVERVIEW, quote="q")
    return Item(id_, "d", kind, "object", id_, answer, (fact,), 1, (source,))


def test_statements_beyond_their_share_even_the_keys_out():
    others = [item(f"mcq-{n}", Kind.MCQ, f"f{n}") for n in range(7)]
    statements = [
        *(item(f"t-{n}", Kind.TRUE_FALSE, f"f{n}", TRUE) for n in range(4)),
        *(item(f"f-{n}", Kind.TRUE_FALSE, f"f{n + 3}", FALSE) for n in range(4)),
    ]
    alone = item("t-alone", Kind.TRUE_FALSE, "g", TRUE)  # its fact has nothing else
    kept = DeckGenerator.balanced([*others, *statements, alone])
    kept_statements = [entry for entry in kept if entry.kind is Kind.TRUE_FALSE]
    # 7 other items leave room for 3 statements (30%): the lone fact's (True), then
    # two more that even the keys out, at most one a fact.
    assert len(kept_statements) == 3 and alone in kept_statements
    answers = [entry.answer for entry in kept_statements]
    assert abs(answers.count(TRUE) - answers.count(FALSE)) == 1
    assert len({entry.fact_ids for entry in kept_statements}) == 3
    assert [entry for entry in kept if entry.kind is Kind.MCQ] == others


def test_a_fact_asked_in_no_other_way_keeps_its_statement_past_the_share():
    statements = [item(f"t-{n}", Kind.TRUE_FALSE, f"f{n}", TRUE) for n in range(5)]
    assert DeckGenerator.balanced(statements) == statements


def test_a_templates_about_keeps_wrong_shares_far_apart(items):
    # "About {object} of Belarus's exports": "about 55 percent" was offered as wrong
    # beside "about 70 percent".
    [mcq] = [item for item in items if "what share of Belarus's exports" in item.prompt]
    values = sorted(int(option.split()[0]) for option in mcq.options)
    assert all(high / low >= 2.5 for low, high in pairwise(values))


def swapped(item: Item) -> Item:
    """The matching item with its first two pairs' right sides exchanged."""
    (left_a, right_a), (left_b, right_b), *rest = item.answer
    fields = {field: getattr(item, field) for field in item.__slots__}
    return Item(**{**fields, "answer": ((left_a, right_b), (left_b, right_a), *rest)})


def test_claims_are_matched_with_the_sources_the_articles_credit(decks_by_id, items):
    deck = decks_by_id["russia-allies"]
    [iran] = [item for item in items if item.prompt.startswith("Match each claim about Iran ")]
    facts = {fact.id: fact for fact in deck.facts}
    credited = {facts[fact_id].attribution for fact_id in iran.fact_ids}
    assert set(iran.options) == credited and len(credited) >= 4
    assert ("Iran finalised a contract to buy Su-35 fighter jets from Russia.", "IRNA") in (
        iran.answer
    )
    assert lint_items(deck, [iran]) == []
    assert any(
        "is not credited by the deck" in v.message for v in lint_items(deck, [swapped(iran)])
    )
    # Two voices of one body (TASS reporting Putin) never stand in one item.
    for item in items:
        if item.direction.startswith("sources:"):
            assert not {"TASS", "Vladimir Putin"} <= set(item.options)


def test_an_articles_figures_are_matched_with_what_they_count(decks_by_id, items):
    deck = decks_by_id["russia-allies"]
    [figures] = [item for item in items if item.direction == f"figures:{OVERVIEW}"]
    assert figures.prompt.startswith("Match each figure with what the overview")
    pairs = dict(figures.answer)
    # The two abstention counts, each with its own vote.
    assert pairs["The February 2023 UN General Assembly resolution calling for peace in "
                 "Ukraine drew _____ abstentions."] == "32"  # fmt: skip
    assert lint_items(deck, [figures]) == []
    assert lint_items(deck, [swapped(figures)])
