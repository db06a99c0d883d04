"""The classroom quiz's selection and versions: fair, reproducible, mappable back."""

from __future__ import annotations

from collections import Counter

import pytest

from quiz.classroom import LETTERS, Request, SelectionError, make_quiz
from quiz.decks import load_decks
from quiz.items import Kind


@pytest.fixture(scope="module")
def decks(seeds):
    return load_decks(seeds=seeds)


@pytest.fixture(scope="module")
def quiz(decks, seeds):
    return make_quiz(decks, seeds, Request(questions=30, versions=3, seed=5))


def test_versions_hold_the_same_items_in_different_orders(quiz):
    orders = [[q.item.id for q in version.questions] for version in quiz.versions]
    assert all(len(order) == 30 for order in orders)
    assert all(sorted(order) == sorted(orders[0]) for order in orders)
    assert len({tuple(order) for order in orders}) == 3
    for question in quiz.versions[0].questions:
        placed = quiz.positions(question.item.id)
        assert all(p is not None and sorted(p.options) == sorted(question.options) for p in placed)


def test_questions_are_numbered_in_parts_by_kind(quiz):
    for version in quiz.versions:
        assert [q.number for q in version.questions] == list(range(1, 31))
        kinds = [kind for kind, _ in version.sections()]
        assert len(kinds) == len(set(kinds))  # each kind in one run


def test_no_two_questions_from_one_fact_and_kinds_spread(quiz, decks, seeds):
    facts = [fact for q in quiz.versions[0].questions for fact in q.item.fact_ids]
    assert len(facts) == len(set(facts))
    kinds = Counter(q.kind for q in quiz.versions[0].questions)
    assert set(kinds) == set(Kind)
    # Matching and select-all are few in the decks; the other kinds share the rest evenly.
    plenty = [kinds[kind] for kind in (Kind.MCQ, Kind.TRUE_FALSE, Kind.CLOZE, Kind.RECALL)]
    assert max(plenty) - min(plenty) <= 1


def test_requested_tags_are_spread_evenly(decks, seeds):
    tags = ("china", "iran", "north-korea")
    quiz = make_quiz(decks, seeds, Request(questions=12, tags=tags, kinds=(Kind.TRUE_FALSE,)))
    questions = quiz.versions[0].questions
    assert all(set(q.item.tags) & set(tags) for q in questions)
    counts = Counter(tag for q in questions for tag in q.item.tags if tag in tags)
    assert max(counts.values()) - min(counts.values()) <= 2
    answers = Counter(q.item.answer for q in questions)
    assert abs(answers["True"] - answers["False"]) <= 1


def test_right_letters_are_balanced_and_move_between_versions(quiz):
    for version in quiz.versions:
        tally = version.answer_letters()
        counts = [tally[letter] for letter in "ABCD"]
        assert sum(counts) >= 4
        assert max(counts) - min(counts) <= 1
    moved = 0
    mcqs = [q for q in quiz.versions[0].questions if q.kind is Kind.MCQ]
    for question in mcqs:
        letters = [placed.letters for placed in quiz.positions(question.item.id)]
        moved += len(set(letters)) == len(letters)
    assert moved >= len(mcqs) - 1


def test_key_maps_every_version_back_to_the_items(quiz):
    key = quiz.key()
    assert [v["version"] for v in key["versions"]] == [1, 2, 3]
    for version in key["versions"]:
        for entry in version["questions"]:
            item = key["items"][entry["item_id"]]
            assert item["sources"] and all(s["title"] and s["date"] for s in item["sources"])
            if entry["kind"] in ("cloze", "recall"):
                assert entry["answer"] == item["answer"]
                continue
            options = [item["options"][index] for index in entry["option_order"]]
            assert options == entry["options"]
            if entry["kind"] == "mcq":
                assert options[LETTERS.index(entry["answer"])] == item["answer"]
            elif entry["kind"] == "true_false":
                assert options[LETTERS.index(entry["letter"])] == item["answer"] == entry["answer"]
            elif entry["kind"] == "select_all":
                chosen = {options[LETTERS.index(letter)] for letter in entry["answer"]}
                assert chosen == set(item["answer"])
            else:
                rows = [item["left"][index] for index in entry["left_order"]]
                assert rows == entry["left"]
                pairs = {
                    (row, options[LETTERS.index(letter)])
                    for row, letter in zip(rows, entry["answer"], strict=True)
                }
                assert pairs == {tuple(pair) for pair in item["answer"]}


def test_same_request_same_quiz_other_seed_other_quiz(decks, seeds, quiz):
    again = make_quiz(decks, seeds, Request(questions=30, versions=3, seed=5))
    assert again.key() == quiz.key()
    other = make_quiz(decks, seeds, Request(questions=30, versions=3, seed=6))
    assert other.key()["versions"] != quiz.key()["versions"]


def test_a_pool_gives_each_version_its_own_sample(decks, seeds):
    quiz = make_quiz(decks, seeds, Request(questions=10, versions=3, pool=25, seed=1))
    samples = [{q.item.id for q in version.questions} for version in quiz.versions]
    assert all(len(sample) == 10 for sample in samples)
    assert len({frozenset(sample) for sample in samples}) == 3
    used = quiz.distinct_questions()
    assert {q.item.id for q in used} == set().union(*samples)
    facts = [fact for question in used for fact in question.item.fact_ids]
    assert len(facts) == len(set(facts))  # the pool, too, takes one question per fact


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (Request(questions=900), "asked for 900 questions, but the decks hold only"),
        (Request(tags=("atlantis",)), "unknown tag atlantis"),
        (Request(questions=10, pool=5), "the pool (5) must hold at least the 10 questions"),
        (
            Request(kinds=(Kind.MATCHING,), tags=("lithuania",)),
            "no questions match for kinds matching; tags lithuania",
        ),
    ],
)
def test_requests_the_decks_cannot_meet_are_refused(decks, seeds, request_, message):
    with pytest.raises(SelectionError) as raised:
        make_quiz(decks, seeds, request_)
    assert message in str(raised.value)
