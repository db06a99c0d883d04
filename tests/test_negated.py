"""'Which of these did NOT ...?': three values of a list, or three claims an article
reports, beside one the deck rules out; and a bank that asks each fact in two kinds
wherever the deck allows, its statements still few and balanced."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quiz.answers import normalise_answer
from quiz.bank import bank_shape
from quiz.generate import DeckGenerator, generate
from quiz.items import FALSE, TRUE, Item, Kind
from quiz.knowledge import Knowledge, Truth
from quiz.lint import Linter

OVERVIEW = "001_183e215139b479b5.txt"


@pytest.fixture(scope="module")
def bank(decks_by_id):
    return DeckGenerator(decks_by_id["russia-allies"], 4).items()


def negated(items: list[Item], direction: str) -> list[Item]:
    return [item for item in items if item.direction == direction]


def test_which_country_did_not_vote_against_is_one_that_abstained(decks_by_id, bank):
    items, _ = bank
    deck = decks_by_id["russia-allies"]
    knowledge = Knowledge(deck)
    [vote] = [
        item
        for item in negated(items, "subjects_except")
        if "did NOT vote against the February 2023" in item.prompt
    ]
    assert vote.kind is Kind.MCQ and len(vote.options) == 4
    against = {"Russia", "Belarus", "North Korea", "Eritrea", "Mali", "Nicaragua", "Syria"}
    others = [option for option in vote.options if option != vote.answer]
    assert set(others) <= against and vote.answer not in against
    # The three are the item's facts; the answer abstained (China, India, South
    # Africa or Iran), which the overview's complete list rules out.
    facts = {fact.id: fact for fact in deck.facts}
    assert {deck.entities[facts[fact_id].subject].name for fact_id in vote.fact_ids} == set(others)
    answer = next(key for key, entity in deck.entities.items() if entity.name == vote.answer)
    resolution = facts[vote.fact_ids[0]].object
    assert knowledge.truth("voted_against_un_resolution", answer, resolution, OVERVIEW) is (
        Truth.FALSE
    )


def test_a_not_question_asks_each_question_once_and_keeps_its_key_whatever_the_seed(decks_by_id):
    deck = decks_by_id["russia-allies"]
    first, _ = DeckGenerator(deck, 1).items()
    second = {item.id: item for item in DeckGenerator(deck, 2).items()[0]}
    questions = [item for item in first if item.direction.endswith("_except")]
    assert len(questions) >= 20
    stems = [normalise_answer(item.prompt.removeprefix("According to ")) for item in questions]
    assert len(stems) == len(set(stems))
    # The study's regions are asked once, not again "according to" its article.
    assert sum("NOT recommend" in item.prompt for item in questions) == 1
    for item in questions:
        assert item.answer == second[item.id].answer, item.prompt
    assert any(item.options != second[item.id].options for item in questions)


def test_a_claim_an_article_reports_is_never_the_false_one(decks_by_id, bank):
    items, _ = bank
    deck = decks_by_id["russia-allies"]
    linter = Linter(deck)
    asked = negated(items, "reports_except")
    assert len(asked) >= 15
    for item in asked:
        assert linter.lint(item) == [], item.prompt
        assert item.prompt.endswith("Which one is false?")
        reported = [option for option in item.options if option != item.answer]
        assert len(reported) == 3 and item.answer in item.options
    # The lint reads them back: a reported claim marked as the false one is caught.
    item = asked[0]
    wrong = next(option for option in item.options if option != item.answer)
    problems = linter.lint(replace(item, answer=wrong))
    assert any("does not rule it out" in problem for problem in problems)


def test_the_false_claim_is_never_another_value_of_a_claim_shown_true(decks_by_id):
    """ "About 1 percent of Belarus's exports go to Russia" beside "about 70 percent"
    would give itself away: the false claim is another subject's, put to this one."""
    deck = decks_by_id["russia-allies"]
    generator = DeckGenerator(deck, 4)
    items, _ = generator.items()
    facts = {fact.id: fact for fact in deck.facts}
    knowledge = Knowledge(deck)
    asked = negated(items, "reports_except")
    for item in asked:
        [subject] = {facts[fact_id].subject for fact_id in item.fact_ids}
        relations = {facts[fact_id].relation for fact_id in item.fact_ids}
        one_valued = {relation for relation in relations if knowledge.closed(relation, "object")}
        for fact, _, credited, plain in generator.own_false_claims(subject):
            if fact.relation in one_valued:
                assert item.answer not in (credited, plain), item.prompt
    # Belarus has such claims (a wrong share of its exports) and is asked about.
    assert any(
        knowledge.closed(fact.relation, "object")
        for fact, *_ in generator.own_false_claims("belarus")
    )
    assert any("about Belarus" in item.prompt for item in asked)


def test_a_wrong_not_answer_is_caught_by_the_lint(decks_by_id, bank):
    items, _ = bank
    linter = Linter(decks_by_id["russia-allies"])
    [vote] = [item for item in negated(items, "subjects_except") if "vote against" in item.prompt]
    listed = next(option for option in vote.options if option != vote.answer)
    assert linter.lint(vote) == []
    problems = linter.lint(replace(vote, answer=listed))
    assert f"the answer {listed!r} is not ruled out by the deck" in problems
    assert any("offered as true but the deck does not say so" in p for p in problems)


def test_every_fact_is_asked_in_two_kinds_wherever_the_deck_allows(decks_by_id, bank):
    items, stated_only = bank
    deck = decks_by_id["russia-allies"]
    shape = bank_shape(deck, items, stated_only=stated_only)
    assert shape.few_kinds_facts == ()
    assert set(shape.stated_only) == set(stated_only) and len(stated_only) <= 20
    # Those only stated have no item but statements, even before the bank is trimmed.
    for item in items:
        if item.kind is not Kind.TRUE_FALSE:
            assert not set(item.fact_ids) & stated_only
    assert shape.true_false * 10 <= shape.items * 3
    assert 0.4 <= shape.keyed_true / shape.true_false <= 0.6


def test_a_statement_that_can_only_be_true_needs_false_ones_to_even_it_out():
    """A bank whose statements could only ever be True keeps none it need not have;
    one with facts that can be stated either way uses them to even the keys."""

    def make(id_: str, kind: Kind, fact: str, answer: str = "x") -> Item:
        return Item(id_, "d", kind, "object", id_, answer, (fact,), 1, ())

    others = [make(f"mcq-{n}", Kind.MCQ, f"f{n}") for n in range(14)]
    true_only = [make(f"t-{n}", Kind.TRUE_FALSE, f"f{n}", TRUE) for n in range(6)]
    kept = DeckGenerator.balanced([*others, *true_only])
    assert [item for item in kept if item.kind is Kind.TRUE_FALSE] == []
    either = [
        make(f"{answer}-{n}", Kind.TRUE_FALSE, f"f{n}", answer)
        for n in range(6, 12)
        for answer in (TRUE, FALSE)
    ]
    kept = DeckGenerator.balanced([*others, *true_only, *either])
    statements = [item for item in kept if item.kind is Kind.TRUE_FALSE]
    assert len(statements) == 6  # 30% of 20
    assert len({item.fact_ids for item in statements}) == 6  # one a fact
    answers = [item.answer for item in statements]
    assert answers.count(TRUE) == answers.count(FALSE) == 3


def test_generate_still_returns_the_bank_alone(decks_by_id):
    items = generate([decks_by_id["who-said-it"]], seed=1)
    assert items and all(isinstance(item, Item) for item in items)
    assert {item.answer for item in items if item.kind is Kind.TRUE_FALSE} == {TRUE, FALSE}


def test_no_wrong_option_is_about_what_a_right_one_is_about(decks_by_id, bank):
    """ "North Korea abstained on the February 2023 resolution" beside "North Korea
    voted against" it: the pair would tell the false one from the true."""
    items, _ = bank
    deck = decks_by_id["russia-allies"]
    facts = {fact.id: fact for fact in deck.facts}
    checked = 0
    for item in items:
        if item.direction not in ("reports", "reports_except"):
            continue
        answers = item.answer if isinstance(item.answer, tuple) else (item.answer,)
        right = [option for option in item.options if option not in answers]
        wrong = list(answers)
        if item.direction == "reports":
            right, wrong = list(answers), right
        # what the right ones are about, where it is named at length (a resolution,
        # an event), so that a mention is no accident
        names = (normalise_answer(deck.object_name(facts[f])) for f in item.fact_ids)
        objects = {f" {name} " for name in names if len(name.split()) > 3}
        for option in wrong:
            assert not any(name in f" {normalise_answer(option)} " for name in objects), (
                item.prompt,
                option,
            )
            checked += 1
    assert checked > 50


def test_right_options_all_alike_are_not_told_apart_by_their_form(decks_by_id, bank):
    """Four claims "Among other things, the Kremlin's allies help Russia by ..." beside
    two of other forms: a student ticks the four alike without knowing any."""
    items, _ = bank
    facts = {fact.id: fact for fact in decks_by_id["russia-allies"].facts}
    asked = [item for item in items if item.direction == "reports" and len(item.answer) > 1]
    assert asked
    for item in asked:
        if item.kind is not Kind.SELECT_ALL:
            continue
        relations = {facts[fact_id].relation for fact_id in item.fact_ids}
        if len(relations) > 1:
            continue
        right = [option.split() for option in item.answer]
        common = 0
        while all(len(words) > common and words[common] == right[0][common] for words in right):
            common += 1
        opening = right[0][:common]
        wrong = [option for option in item.options if option not in item.answer]
        assert common < 3 or any(option.split()[:common] == opening for option in wrong), (
            item.prompt
        )


def test_no_article_is_asked_what_it_reports_about_a_quotation(decks_by_id):
    """ "Which of these does the report of March 2025 report about We have a lot of
    friends everywhere …?" named a quotation as if it were someone."""
    deck = decks_by_id["who-said-it"]
    items, _ = DeckGenerator(deck, 1).items()
    facts = {fact.id: fact for fact in deck.facts}
    asked = [item for item in items if item.direction.startswith("reports")]
    assert asked  # China, US officials: what they said
    for item in asked:
        subjects = {deck.entities[facts[fact_id].subject].type for fact_id in item.fact_ids}
        assert "quotation" not in subjects, item.prompt
    # and a paraphrase put to another speaker still reads: no dangling "it"
    for item in items:
        for option in item.options:
            assert " said that it " not in option, option
