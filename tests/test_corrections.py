"""No error taught: corrections, verbatim quotations, paraphrases, garbled quotations and
one claim across decks, on the shipped decks and on small decks made for the case."""

from __future__ import annotations

import pytest
from conftest import VALID_DECK

from quiz.answers import check_answer
from quiz.assembly import Sitting
from quiz.decks import load_deck, load_decks
from quiz.generate import generate
from quiz.items import FALSE, TRUE, Kind
from quiz.problems import DeckError


@pytest.fixture(scope="module")
def decks(seeds):
    return load_decks(seeds=seeds)


@pytest.fixture(scope="module")
def items(decks):
    return generate(decks, seed=5)


def shown_text(item) -> str:
    answers = item.answer if isinstance(item.answer, tuple) else (item.answer,)
    flat = [" ".join(map(str, pair)) if isinstance(pair, tuple) else str(pair) for pair in answers]
    return " ".join([item.prompt, *item.options, *flat, *item.accepted])


def test_the_october_2022_vote_is_never_35_african_countries(items):
    vote = [item for item in items if "annexation-vote-35-african-abstentions" in item.fact_ids]
    assert vote
    for item in vote:
        assert "African countries" not in shown_text(item), item.prompt
        # After the answer the student reads why the statement departs from the quote.
        assert "34 other countries abstained with it, 35 in all" in item.explanation


def test_raisi_died_in_a_helicopter_crash_never_a_plane_crash(items):
    crash = [item for item in items if any("raisi" in fact for fact in item.fact_ids)]
    assert crash
    for item in crash:
        assert "plane crash" not in shown_text(item).casefold(), item.prompt
        if item.kind is Kind.RECALL and "crash" in item.prompt:
            assert not check_answer("a plane crash", item.accepted, item.rivals).correct


def test_the_vietnam_defence_agreement_is_only_dws_contested_claim(items):
    vietnam = [item for item in items if "vietnam-strategic-defence-agreement" in item.fact_ids]
    assert vietnam
    for item in vietnam:
        # Never "Vietnam signed a defence agreement" marked right or wrong on its own.
        assert item.kind is Kind.TRUE_FALSE or item.direction == "claimant", item.prompt
        if item.kind is Kind.TRUE_FALSE:
            assert item.prompt.startswith("According to DW") and item.answer == TRUE
        assert "no defence agreement" in item.explanation


def test_the_garbled_saying_is_never_typed_or_filled_in(items):
    saying = [item for item in items if "honorable" in item.prompt or "honourable" in item.prompt]
    assert saying
    assert all(item.kind not in (Kind.RECALL, Kind.CLOZE) for item in saying)


def test_a_cleaned_up_quotation_is_never_shown_in_quotation_marks(items):
    for item in items:
        if item.kind is Kind.TRUE_FALSE and item.answer == FALSE:
            assert "said that I " not in item.prompt and "said that This" not in item.prompt
    assert any("Moscow was doing very well economically" in item.prompt for item in items)
    for item in items:
        assert '"Despite the machinations of the enemies, the city is doing' not in item.prompt


QUOTING = VALID_DECK.replace(
    "statement: Belarus is Russia's closest ally.",
    'statement: Belarus is Russia\'s "most loyal friend".',
)


def test_words_in_quotation_marks_must_be_the_articles(write_deck, seeds):
    with pytest.raises(DeckError) as raised:
        load_deck(write_deck(QUOTING), seeds)
    [problem] = raised.value.problems
    assert "“most loyal friend” is in quotation marks but not in the article's words" in str(
        problem
    )
    assert problem.fact_id == "belarus-closest-ally"
    verbatim = QUOTING.replace('"most loyal friend"', '"closest and most devoted ally"')
    assert load_deck(write_deck(verbatim), seeds)


CORRECTED = VALID_DECK.replace(
    "    statement: Belarus is Russia's closest ally.",
    "    statement: Belarus is Russia's closest ally.\n"
    "    correction: {says: its best friend, is: its closest ally, how: every article}",
)


def test_a_correction_needs_its_wording_and_is_shown_after_an_answer(write_deck, seeds):
    with pytest.raises(DeckError) as raised:
        load_deck(write_deck(CORRECTED), seeds)
    assert any("deck.wording.correction" in p.message for p in raised.value.problems)
    worded = CORRECTED.replace(
        'according_to: "According to {source}, {claim}"',
        'according_to: "According to {source}, {claim}"\n'
        '    correction: "It says {says}; it is {actually} ({how})."',
    )
    deck = load_deck(write_deck(worded), seeds)
    [cloze] = [item for item in generate([deck]) if item.kind is Kind.CLOZE]
    assert cloze.explanation.endswith(
        "It says its best friend; it is its closest ally (every article)."
    )


def test_same_as_names_a_real_fact_dated_alike(tmp_path, seeds, decks):
    bundled = [deck.path for deck in decks]
    other = tmp_path / "other.yaml"
    text = VALID_DECK.replace("id: mini", "id: other")
    other.write_text(
        text.replace(
            "    statement: Belarus is Russia's closest ally.",
            "    statement: Belarus is Russia's closest ally.\n"
            "    same_as: russia-allies/belarus-closest-ally",
        ),
        encoding="utf-8",
    )
    with pytest.raises(DeckError) as raised:
        load_decks([*bundled, other], seeds)
    messages = [p.message for p in raised.value.problems]
    assert any("one claim, one date" in message for message in messages), messages
    missing = tmp_path / "missing.yaml"
    missing.write_text(
        text.replace("id: mini", "id: missing").replace(
            "    statement: Belarus is Russia's closest ally.",
            "    statement: Belarus is Russia's closest ally.\n"
            "    same_as: russia-allies/no-such-fact",
        ),
        encoding="utf-8",
    )
    with pytest.raises(DeckError) as raised:
        load_decks([*bundled, missing], seeds)
    assert any("has no fact 'no-such-fact'" in p.message for p in raised.value.problems)


def test_one_claim_in_two_decks_is_asked_once_in_a_sitting(write_deck, seeds):
    first = load_deck(write_deck(VALID_DECK), seeds)
    second_text = VALID_DECK.replace("id: mini", "id: copy").replace(
        "    statement: Belarus is Russia's closest ally.",
        "    statement: Belarus is Russia's closest ally.\n    same_as: mini/belarus-closest-ally",
    )
    second = load_deck(write_deck(second_text, "copy.yaml"), seeds)
    [one] = [i for i in generate([first]) if i.kind is Kind.CLOZE]
    [two] = [i for i in generate([second]) if i.kind is Kind.CLOZE]
    assert one.id != two.id and one.claim_keys == two.claim_keys
    sitting = Sitting()
    sitting.add(one)
    assert not sitting.fits(two)
