"""The flashcard rules: what a rating does, button intervals, today's queue, leeches, cram."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import fsrs
import pytest
from fsrs import State

from quiz.decks import load_decks
from quiz.generate import generate
from quiz.items import Kind
from quiz.schedule import (
    LEECH_LAPSES,
    RATINGS,
    CardState,
    Rating,
    Schedule,
    build_queue,
    button_labels,
    cram_queue,
    day_bounds,
    flashcards,
    interval_label,
    study_day,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def review_card(due: datetime, lapses: int = 0) -> CardState:
    """A card that graduated from its learning steps, last seen a week before NOW."""
    card = fsrs.Card(
        card_id=0,
        state=State.Review,
        stability=12.0,
        difficulty=5.0,
        due=due,
        last_review=NOW - timedelta(days=7),
    )
    return CardState(card, reps=4, lapses=lapses, introduced=NOW - timedelta(days=30))


@pytest.mark.parametrize("fuzz", [False, True])
@pytest.mark.parametrize(
    "state",
    [CardState.new(NOW), review_card(NOW)],
    ids=["new card", "review card"],
)
def test_again_hard_good_easy_give_ever_later_due_dates(state, fuzz):
    outcomes = Schedule(fuzz=fuzz).outcomes(state, NOW)
    dues = [outcomes[rating].due for rating in RATINGS]
    assert NOW < dues[0] < dues[1] < dues[2] < dues[3]


def test_a_new_card_walks_through_its_learning_steps():
    schedule = Schedule(fuzz=False)
    outcomes = schedule.outcomes(CardState.new(NOW), NOW)
    assert button_labels(outcomes, NOW) == {
        Rating.Again: "1m",
        Rating.Hard: "6m",
        Rating.Good: "10m",
        Rating.Easy: interval_label(outcomes[Rating.Easy].due - NOW),
    }
    assert outcomes[Rating.Easy].card.state is State.Review
    after_good = schedule.rate(CardState.new(NOW), Rating.Good, NOW)
    assert after_good.due == NOW + timedelta(minutes=10)
    assert (after_good.reps, after_good.lapses, after_good.introduced) == (1, 0, NOW)
    later = NOW + timedelta(minutes=10)
    graduated = schedule.rate(after_good, Rating.Good, later)
    assert graduated.card.state is State.Review
    assert graduated.due - later >= timedelta(days=1)
    assert graduated.introduced == NOW  # first study time is kept


def test_a_forgotten_review_card_goes_back_to_ten_minute_relearning():
    labels = button_labels(Schedule().outcomes(review_card(NOW), NOW), NOW)
    assert labels[Rating.Again] == "10m"
    assert labels[Rating.Easy].endswith(("d", "mo"))


def test_only_forgetting_a_graduated_card_is_a_lapse():
    schedule = Schedule(fuzz=False)
    learning = schedule.rate(CardState.new(NOW), Rating.Again, NOW)
    assert learning.lapses == 0
    lapsed = schedule.rate(review_card(NOW), Rating.Again, NOW)
    assert lapsed.lapses == 1
    assert lapsed.card.state is State.Relearning
    assert schedule.rate(review_card(NOW), Rating.Hard, NOW).lapses == 0


def test_a_card_forgotten_eight_times_becomes_a_leech_and_leaves_the_queue():
    schedule = Schedule(fuzz=False)
    state = review_card(NOW)
    moment = NOW
    for _ in range(LEECH_LAPSES):
        assert not state.is_leech
        state = schedule.rate(state, Rating.Again, moment)  # lapse -> relearning
        moment = state.due
        state = schedule.rate(state, Rating.Good, moment)  # back to review
        moment = state.due
    assert state.lapses == LEECH_LAPSES and state.is_leech
    queue = build_queue(["leech", "fine"], {"leech": state, "fine": review_card(moment)}, moment)
    assert queue.leeches == ("leech",)
    assert queue.due == ("fine",)
    assert "leech" not in queue.ids


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (20, "<1m"),
        (60, "1m"),
        (600, "10m"),
        (3 * 3600, "3h"),
        (86400, "1d"),
        (4 * 86400, "4d"),
        (45 * 86400, "1.5mo"),
        (60 * 86400, "2mo"),
        (800 * 86400, "2.2y"),
    ],
)
def test_interval_labels(seconds, label):
    assert interval_label(timedelta(seconds=seconds)) == label


def test_queue_has_due_cards_most_overdue_first_then_new_cards():
    states = {
        "due-yesterday": review_card(NOW - timedelta(days=1)),
        "due-last-week": review_card(NOW - timedelta(days=7)),
        "due-tonight": review_card(NOW + timedelta(hours=8)),  # before the 04:00 day change
        "due-tomorrow": review_card(NOW + timedelta(days=1)),
        "learning-soon": Schedule(fuzz=False).rate(CardState.new(NOW), Rating.Good, NOW),
        "learning-later": CardState(
            fsrs.Card(card_id=0, state=State.Learning, step=1, due=NOW + timedelta(hours=1)),
            reps=1,
            introduced=NOW,
        ),
    }
    ids = ["new-1", *states, "new-2"]
    queue = build_queue(ids, states, NOW, tz=UTC)
    assert queue.due == ("due-last-week", "due-yesterday", "learning-soon", "due-tonight")
    assert queue.new == ("new-1", "new-2")
    assert queue.ids == queue.due + queue.new


def test_daily_new_limit_counts_new_cards_already_started_today():
    ids = [f"new-{n}" for n in range(10)]
    assert build_queue(ids, {}, NOW, new_per_day=4).new == tuple(ids[:4])
    queue = build_queue(ids, {}, NOW, new_per_day=4, introduced_today=3)
    assert queue.new == ("new-0",)
    assert queue.new_left == 9
    assert build_queue(ids, {}, NOW, new_per_day=4, introduced_today=6).new == ()


def test_cram_offers_every_card_weakest_first_and_changes_nothing():
    schedule = Schedule(fuzz=False)
    strong = review_card(NOW + timedelta(days=20))
    weak = CardState(
        fsrs.Card(
            card_id=0,
            state=State.Review,
            stability=1.0,
            difficulty=8.0,
            due=NOW,
            last_review=NOW - timedelta(days=6),
        ),
        reps=2,
    )
    states = {"strong": strong, "weak": weak}
    before = {key: state.to_dict() for key, state in states.items()}
    order = cram_queue(["strong", "weak", "unseen"], states, NOW, schedule, seed=3)
    assert order == ["unseen", "weak", "strong"]
    assert {key: state.to_dict() for key, state in states.items()} == before
    # cards not due at all are still crammed
    assert build_queue(["strong"], states, NOW).due == ()


def test_cram_order_of_equals_depends_on_the_seed_only():
    schedule = Schedule()
    ids = [f"item-{n}" for n in range(12)]
    first = cram_queue(ids, {}, NOW, schedule, seed=1)
    assert sorted(first) == sorted(ids)
    assert first == cram_queue(ids, {}, NOW, schedule, seed=1)
    assert first != cram_queue(ids, {}, NOW, schedule, seed=2)


def test_study_days_start_at_four_in_the_morning():
    assert study_day(datetime(2026, 3, 10, 3, 59, tzinfo=UTC), UTC) == date(2026, 3, 9)
    assert study_day(datetime(2026, 3, 10, 4, 0, tzinfo=UTC), UTC) == date(2026, 3, 10)
    plus_two = timezone(timedelta(hours=2))
    assert study_day(datetime(2026, 3, 10, 3, 0, tzinfo=UTC), plus_two) == date(2026, 3, 10)
    start, end = day_bounds(date(2026, 3, 10), plus_two)
    assert (start, end) == (
        datetime(2026, 3, 10, 2, 0, tzinfo=UTC),
        datetime(2026, 3, 11, 2, 0, tzinfo=UTC),
    )


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        Schedule().rate(CardState.new(NOW), Rating.Good, datetime(2026, 3, 10, 12))


def test_card_state_round_trips_through_a_dict():
    state = Schedule(fuzz=False).rate(review_card(NOW), Rating.Again, NOW)
    assert CardState.from_dict(state.to_dict()) == state


def test_flashcards_are_one_kind_per_fact(seeds):
    items = generate(load_decks(seeds=seeds))
    cards = flashcards(items)
    by_fact: dict[str, set[Kind]] = {}
    for card in (card for card in cards if len(card.fact_ids) == 1):
        by_fact.setdefault(card.fact_ids[0], set()).add(card.kind)
    assert all(len(kinds) == 1 for kinds in by_fact.values())
    with_cloze = {item.fact_ids[0] for item in items if item.kind is Kind.CLOZE}
    assert with_cloze and all(by_fact[fact] == {Kind.CLOZE} for fact in with_cloze)
    only_true_false = {
        item.fact_ids[0]
        for item in items
        if len(item.fact_ids) == 1
        and {i.kind for i in items if i.fact_ids == item.fact_ids} == {Kind.TRUE_FALSE}
    }
    assert only_true_false and all(by_fact[f] == {Kind.TRUE_FALSE} for f in only_true_false)
    assert {Kind.MATCHING, Kind.SELECT_ALL}.isdisjoint(card.kind for card in cards)


def test_every_fact_asked_with_options_has_a_flashcard(seeds):
    """A fact asked only among others ("Which of these did NOT vote against ...?") is
    studied through that multiple-choice item, once, not left out of study."""
    items = generate(load_decks(seeds=seeds))
    cards = flashcards(items)
    assert len({card.id for card in cards}) == len(cards)
    carded = {fact for card in cards for fact in card.fact_ids}
    with_options = {fact for item in items if item.kind is Kind.MCQ for fact in item.fact_ids}
    assert with_options <= carded
    shared = [card for card in cards if len(card.fact_ids) > 1]
    assert shared and all(card.kind is Kind.MCQ for card in shared)
    # each shared card brings in a fact no card of its own studies
    own = {card.fact_ids[0] for card in cards if len(card.fact_ids) == 1}
    assert all(set(card.fact_ids) - own for card in shared)
