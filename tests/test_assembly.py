"""One sitting's assembly: no item or fact twice, no give-aways, few-of-a-kind items rotated."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from quiz.assembly import Sitting, gives_away
from quiz.facts import Source
from quiz.items import FALSE, TRUE, Item, Kind
from quiz.session import QUIZ_KINDS, kind_shares, pick_items


def item(
    kind: Kind,
    prompt: str,
    answer,
    facts: tuple[str, ...],
    *,
    explanation: str | None = None,
    quotes: tuple[str, ...] = (),
    **extra,
) -> Item:
    return Item(
        id=f"{kind.value}-{'-'.join(facts)}-{prompt[:12]}",
        deck="mini",
        kind=kind,
        direction="object",
        prompt=prompt,
        answer=answer,
        fact_ids=facts,
        difficulty=1,
        sources=tuple(Source("seed.txt", quote) for quote in quotes),
        explanation=explanation,
        **extra,
    )


RAISI_MCQ = item(
    Kind.MCQ,
    "Which country did Ebrahim Raisi lead?",
    "Iran",
    ("raisi-iran",),
    options=("Iran", "Iraq", "Syria", "Mali"),
)
LEADERS = item(
    Kind.MATCHING,
    "Match each leader with the country he led.",
    (("Ebrahim Raisi", "Iran"), ("Xi Jinping", "China")),
    ("raisi-iran", "xi-china"),
    left=("Ebrahim Raisi", "Xi Jinping"),
    options=("China", "Iran"),
)
CRASH = item(
    Kind.MCQ,
    "In what event did Ebrahim Raisi die?",
    "A plane crash",
    ("raisi-crash",),
    options=("A plane crash", "A coup", "An illness", "A duel"),
    explanation="Iranian President Ebrahim Raisi, who led Iran, died in a plane crash in May 2024.",
)
CHINA_TRADE = item(
    Kind.TRUE_FALSE,
    "China is Russia's main trading partner.",
    TRUE,
    ("china-trade",),
    options=(TRUE, FALSE),
    quotes=("China is by far Russia's largest trading partner",),
)


def test_the_same_item_or_fact_is_never_taken_twice():
    sitting = Sitting()
    sitting.add(LEADERS)
    assert not sitting.fits(LEADERS)
    assert not sitting.fits(RAISI_MCQ)  # the matching item covers raisi-iran
    assert sitting.fits(CHINA_TRADE)


def test_an_explanation_naming_the_answer_with_what_is_asked_gives_it_away():
    assert gives_away(CRASH, RAISI_MCQ)  # "Raisi … led Iran": the answer and what is asked
    assert not gives_away(RAISI_MCQ, CRASH)  # the crash is named nowhere in the other
    sitting = Sitting()
    sitting.add(RAISI_MCQ)
    assert not sitting.fits(CRASH)  # refused either way round
    sitting = Sitting()
    sitting.add(CRASH)
    assert not sitting.fits(RAISI_MCQ)


def test_naming_a_country_alone_gives_nothing_away():
    iran_quote = item(
        Kind.TRUE_FALSE,
        "Iran supplied Russia with drones.",
        TRUE,
        ("iran-drones",),
        options=(TRUE, FALSE),
        quotes=("Iran sent Shahed drones to Russia",),
    )
    assert not gives_away(iran_quote, RAISI_MCQ)  # Iran, but not Raisi
    assert not gives_away(CHINA_TRADE, LEADERS)  # China, but not Xi Jinping
    assert not gives_away(LEADERS, CHINA_TRADE)


def test_a_matching_items_pairs_give_away_a_question_on_the_same_pair():
    who_led_china = item(
        Kind.MCQ,
        "Who led China?",
        "Xi Jinping",
        ("xi-china-2",),  # another fact, worded alike: only the pairs can tell
        options=("Xi Jinping", "To Lam", "Kim Jong-un", "Donald Trump"),
    )
    assert gives_away(LEADERS, who_led_china)
    assert not gives_away(who_led_china, RAISI_MCQ)


def test_a_statement_restated_elsewhere_is_given_away():
    restated = item(
        Kind.MCQ,
        "Who is Russia's main trading partner?",
        "China",
        ("china-trade-2",),
        options=("China", "India", "Iran", "Mali"),
    )
    assert gives_away(restated, CHINA_TRADE)  # its prompt and answer say the statement
    assert gives_away(CHINA_TRADE, restated)  # and the statement names the answer


def pool(kind: Kind, count: int) -> list[Item]:
    return [
        item(kind, f"Question {n} on {kind.value}?", f"answer {n}", (f"{kind.value}-{n}",))
        for n in range(count)
    ]


def test_a_kind_with_few_items_takes_its_share_of_the_pool_and_rotates():
    items = pool(Kind.MCQ, 60) + pool(Kind.TRUE_FALSE, 60) + pool(Kind.SELECT_ALL, 3)
    share = 3 / len(items)
    assert kind_shares(Counter(i.kind for i in items))[Kind.SELECT_ALL] == share
    quizzes = [pick_items(items, QUIZ_KINDS, 10, seed) for seed in range(20)]
    assert all(len(quiz) == 10 for quiz in quizzes)
    appearances = Counter(i.id for quiz in quizzes for i in quiz if i.kind is Kind.SELECT_ALL)
    assert all(times < len(quizzes) for times in appearances.values())
    asked = sum(appearances.values())
    assert abs(asked - 10 * len(quizzes) * share) <= 2  # of 200 questions, about 5
    # Plenty of a kind: the QUIZ_MIX proportion, 4 multiple choice to 3 true/false.
    mix = Counter(i.kind for quiz in quizzes for i in quiz)
    assert mix[Kind.MCQ] > mix[Kind.TRUE_FALSE]


def test_recently_asked_items_are_taken_last():
    items = pool(Kind.MCQ, 12)
    recent = {i.id for i in items[:8]}
    picked = pick_items(items, [Kind.MCQ], 6, seed=3, recent=recent)
    assert sum(i.id in recent for i in picked) == 2  # only 4 are not recent
    assert len(pick_items(items, [Kind.MCQ], 12, seed=3, recent=recent)) == 12


def test_the_session_picker_never_takes_two_items_on_one_fact():
    items = [LEADERS, RAISI_MCQ, CRASH, CHINA_TRADE]
    for seed in range(10):
        picked = pick_items(items, QUIZ_KINDS, 4, seed)
        facts = [fact for i in picked for fact in i.fact_ids]
        assert len(facts) == len(set(facts))
        assert not (RAISI_MCQ in picked and (CRASH in picked or LEADERS in picked))


def test_a_sitting_balances_true_and_false_whatever_the_bank():
    """A bank of statements four-fifths true still gives quizzes about half false, so
    answering "True" to everything scores about half."""
    statements = pool(Kind.TRUE_FALSE, 40)
    statements = [replace(s, answer=TRUE) for s in statements[:32]] + [
        replace(s, answer=FALSE) for s in statements[32:]
    ]
    for seed in range(10):
        picked = pick_items(statements, [Kind.TRUE_FALSE], 10, seed)
        keyed_true = sum(item.answer == TRUE for item in picked)
        assert 4 <= keyed_true <= 6, keyed_true


def test_plenty_of_multiple_choice_leads_a_bank_heavy_in_true_false():
    items = pool(Kind.MCQ, 100) + pool(Kind.TRUE_FALSE, 200)
    shares = kind_shares(Counter(i.kind for i in items))
    assert shares[Kind.MCQ] > shares[Kind.TRUE_FALSE]
