"""The scored session: judging, points, streak, accuracy, time, tags, missed and retry."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from quiz.answers import Grade
from quiz.assembly import gives_away
from quiz.decks import load_decks
from quiz.facts import Source
from quiz.generate import generate
from quiz.items import FALSE, TRUE, Item, Kind
from quiz.session import (
    QUIZ_KINDS,
    Session,
    describe,
    format_seconds,
    judge,
    pick_items,
    right_answer,
)

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SOURCE = (Source("001_183e215139b479b5.txt", "a quote"),)


def make(kind: Kind, answer, difficulty: int = 1, tags=("belarus",), **extra) -> Item:
    return Item(
        id=f"{kind.value}-{answer!s:.20}-{difficulty}",
        deck="mini",
        kind=kind,
        direction="object",
        prompt="?",
        answer=answer,
        fact_ids=("f",),
        difficulty=difficulty,
        sources=SOURCE,
        tags=tags,
        **extra,
    )


MCQ = make(Kind.MCQ, "Belarus", 2, options=("Iran", "Belarus", "Syria", "Mali"))
TF = make(Kind.TRUE_FALSE, TRUE, 1, tags=("iran",), options=(TRUE, FALSE))
SELECT = make(
    Kind.SELECT_ALL, ("China", "Vietnam"), 3, options=("China", "Mali", "Vietnam", "Iran")
)
MATCH = make(
    Kind.MATCHING,
    (("Kim", "North Korea"), ("Putin", "Russia")),
    1,
    options=("Russia", "North Korea"),
    left=("Kim", "Putin"),
)
RECALL = make(Kind.RECALL, "Belarus", 2, accepted=("Belarus", "Byelorussia"), rivals=("Belgium",))


def test_each_kind_is_judged_by_its_rule():
    assert judge(MCQ, "Belarus") == (True, None)
    assert judge(MCQ, "Iran") == (False, None)
    assert judge(TF, FALSE)[0] is False
    assert judge(SELECT, frozenset({"Vietnam", "China"}))[0] is True
    assert judge(SELECT, frozenset({"China"}))[0] is False  # one missing
    assert judge(SELECT, frozenset({"China", "Vietnam", "Mali"}))[0] is False  # one extra
    assert judge(MATCH, (("Putin", "Russia"), ("Kim", "North Korea")))[0] is True
    assert judge(MATCH, (("Putin", "North Korea"), ("Kim", "Russia")))[0] is False


def test_typed_answers_use_the_core_checker():
    right, verdict = judge(RECALL, "byelorussia")
    assert right and verdict.grade is Grade.CORRECT
    right, verdict = judge(RECALL, "Belaruss")
    assert right and verdict.grade is Grade.MISSPELT
    right, verdict = judge(RECALL, "Belgium")
    assert not right and verdict.grade is Grade.WRONG
    with pytest.raises(TypeError):
        judge(RECALL, frozenset())


def test_points_streak_accuracy_and_time():
    session = Session([MCQ, TF, SELECT, MATCH, RECALL], started_at=START)
    clock = START
    expected = [
        # response, right, points, streak, accuracy
        ("Belarus", True, 20, 1, 1.0),
        (TRUE, True, 10, 2, 1.0),
        (frozenset({"China"}), False, 0, 0, 2 / 3),
        ((("Kim", "North Korea"), ("Putin", "Russia")), True, 10, 1, 3 / 4),
        ("belaruss", True, 20, 2, 4 / 5),
    ]
    score = 0
    for seconds, (response, right, points, streak, accuracy) in enumerate(expected, start=3):
        session.ask(clock)
        clock += timedelta(seconds=seconds)
        answer = session.answer(response, clock)
        score += points
        assert (answer.correct, answer.points, answer.seconds) == (right, points, seconds)
        assert (session.streak, session.score) == (streak, score)
        assert session.accuracy == pytest.approx(accuracy)
    assert session.finished and session.current is None
    assert session.score == 60 and session.possible == 90
    assert session.best_streak == 2
    assert session.seconds == 3 + 4 + 5 + 6 + 7
    assert session.answers[-1].misspelt
    with pytest.raises(ValueError):
        session.answer("x", clock)


def test_breakdown_by_tag_weakest_first_and_retry_missed():
    session = Session([MCQ, TF, SELECT, RECALL], started_at=START)
    for response in ("Iran", TRUE, frozenset({"China", "Vietnam"}), "Belgium"):
        session.answer(response, START)
    scores = {score.tag: (score.correct, score.answered) for score in session.by_tag()}
    assert scores == {"belarus": (1, 3), "iran": (1, 1)}
    assert [score.tag for score in session.by_tag()] == ["belarus", "iran"]
    assert [answer.item for answer in session.missed()] == [MCQ, RECALL]
    retry = session.retry_missed(START + timedelta(minutes=5))
    assert retry.items == [MCQ, RECALL] and retry.answers == [] and retry.score == 0
    assert retry.started_at == START + timedelta(minutes=5)


def test_picked_quiz_mixes_kinds_and_is_seeded():
    items = generate(load_decks(), seed=0)
    picked = pick_items(items, QUIZ_KINDS, 20, seed=7)
    assert len(picked) == 20 and len({item.id for item in picked}) == 20
    kinds = Counter(item.kind for item in picked)
    assert {Kind.MCQ, Kind.TRUE_FALSE} <= set(kinds)  # the few select-all and matching: rarely
    assert pick_items(items, QUIZ_KINDS, 20, seed=7) == picked
    assert pick_items(items, QUIZ_KINDS, 20, seed=8) != picked
    # Fewer items than asked for: all of them that can sit together (the quotations'
    # occasions would give away who said one of them).
    matching = [item for item in items if item.kind is Kind.MATCHING]
    picked = pick_items(items, [Kind.MATCHING], 50, seed=1)

    def clash(first: Item, second: Item) -> bool:
        shared = set(first.claim_keys) & set(second.claim_keys)
        return bool(shared) or gives_away(first, second) or gives_away(second, first)

    assert not [(a, b) for a in picked for b in picked if a is not b and clash(a, b)]
    left_out = [item for item in matching if item not in picked]
    assert all(any(clash(item, other) for other in picked) for item in left_out)
    assert len(picked) > len(matching) / 2


def test_durations_read_naturally():
    assert [format_seconds(s) for s in (0, 42.4, 65, 3725)] == ["0s", "42s", "1m 05s", "1h 02m"]


def test_a_select_all_of_sentences_reads_as_sentences():
    source = Source(seed="001_183e215139b479b5.txt", quote="q")
    names = Item("s1", "d", Kind.SELECT_ALL, "subjects", "p", ("Iran", "Syria"), ("f",), 1,
                 (source,), options=("Iran", "Syria", "Mali"))  # fmt: skip
    sentences = Item("s2", "d", Kind.SELECT_ALL, "reports", "p", ("Iran gave drones.",
                     "Syria voted no."), ("f",), 1, (source,),
                     options=("Iran gave drones.", "Syria voted no.", "Mali did."))  # fmt: skip
    assert right_answer(names) == "Iran, Syria"
    assert right_answer(sentences) == "Iran gave drones. Syria voted no."
    assert describe(sentences, frozenset({"Mali did.", "Syria voted no."})) == (
        "Syria voted no. Mali did."
    )
