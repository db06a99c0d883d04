"""What a student sees: every screen at 80×24 and 120×40, compared with approved snapshots.

Fixed seed, still clock, UTC and a fresh store make each picture the same on
every run. After an intended change, look at the new pictures
(`pytest --snapshot-report`) and approve them with `pytest --snapshot-update`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from app_support import START, answer_keys, bundled_library, make_app
from conftest import VALID_DECK

from quiz import resources
from quiz.answers import Grade, check_answer
from quiz.app.library import load_library
from quiz.app.screens.quiz import QuizScreen
from quiz.app.screens.recall import RecallScreen
from quiz.items import Kind
from quiz.schedule import Rating, Schedule, flashcards
from quiz.session import Session
from quiz.store import Answer

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
DECK = "russia-allies"


def shelf():
    return bundled_library().shelf(DECK)


def first(kind: Kind, skip: int = 0):
    return [item for item in shelf().items if item.kind is kind][skip]


def with_history(app):
    """A week of studying: cards rated, questions answered, for the stats and home screens."""
    schedule = Schedule(fuzz=False)
    cards = flashcards(shelf().items)[:12]
    for day in range(7):
        when = START - timedelta(days=6 - day)
        for index, item in enumerate(cards[: day + 3]):
            state = app.progress.card(item.id)
            rating = Rating.Again if (index + day) % 4 == 0 else Rating.Good
            after = schedule.rate(state or schedule_new(when), rating, when)
            app.progress.save_rating(
                item.id, DECK, after, rating, when, before=state, schedule=schedule
            )
            app.progress.record_answer(
                Answer(item.id, DECK, item.kind.value, "quiz", index % 3 != 0, when, tags=item.tags)
            )
    return app


def schedule_new(when):
    from quiz.schedule import CardState

    return CardState.new(when)


def screen_of(app, screen):
    async def run_before(pilot):
        app.push_screen(screen)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, tmp_path, size):
    assert snap_compare(with_history(make_app(tmp_path)), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_a_broken_deck(snap_compare, tmp_path, size, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems name the file as given: the same on every run
    broken = Path("broken.yaml")
    broken.write_text(VALID_DECK.replace("object: russia", "object: moscow"), encoding="utf-8")
    library = load_library([resources.decks_dir() / "russia-allies.yaml", broken])
    app = make_app(tmp_path, library=library)
    assert snap_compare(app, press=["down"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_quiz_multiple_choice_answered_wrongly(snap_compare, tmp_path, size):
    mcq = first(Kind.MCQ)
    app = make_app(tmp_path)
    session = Session([mcq, first(Kind.TRUE_FALSE)], started_at=START)
    screen = QuizScreen(shelf(), session)
    assert snap_compare(
        app, press=answer_keys(mcq, False), terminal_size=size, run_before=screen_of(app, screen)
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("kind", "right"),
    [(Kind.SELECT_ALL, True), (Kind.MATCHING, False)],
    ids=["select_all_being_ticked", "matching_half_done"],
)
def test_quiz_half_answered(snap_compare, tmp_path, size, kind, right):
    item = first(kind)
    app = make_app(tmp_path)
    screen = QuizScreen(shelf(), Session([item], started_at=START))
    assert snap_compare(
        app,
        press=answer_keys(item, right)[:2],
        terminal_size=size,
        run_before=screen_of(app, screen),
    )


@pytest.mark.parametrize("size", SIZES)
def test_quiz_results(snap_compare, tmp_path, size):
    app = make_app(tmp_path)

    async def run_before(pilot):
        app.begin(DECK, "quiz", count=4)
        await pilot.pause()
        for number, item in enumerate(app.screen.session.items):
            app.clock.advance(seconds=7)
            await pilot.press(*answer_keys(item, number % 2 == 0), "enter")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_recall_near_miss(snap_compare, tmp_path, size):
    recall = next(
        item
        for item in shelf().items
        if item.kind is Kind.RECALL
        and check_answer(item.accepted[0] + "x", item.accepted, item.rivals).grade is Grade.MISSPELT
    )
    app = make_app(tmp_path)
    screen = RecallScreen(shelf(), Session([recall, recall], started_at=START))
    assert snap_compare(
        app,
        press=[*recall.accepted[0], "x", "enter"],
        terminal_size=size,
        run_before=screen_of(app, screen),
    )


@pytest.mark.parametrize("size", SIZES)
def test_flashcard_answer_with_intervals(snap_compare, tmp_path, size):
    app = make_app(tmp_path)
    assert snap_compare(app, press=["enter", "space"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_flashcards_done(snap_compare, tmp_path, size):
    app = make_app(tmp_path)
    app.progress.set_setting("new_per_day", 2)
    assert snap_compare(
        app, press=["enter", "space", "4", "space", "3", "space", "4"], terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES)
def test_stats(snap_compare, tmp_path, size):
    assert snap_compare(with_history(make_app(tmp_path)), press=["s"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, tmp_path, size):
    assert snap_compare(make_app(tmp_path), press=["question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_flag_dialog(snap_compare, tmp_path, size):
    press = ["enter", "f", *"two options are right"]
    assert snap_compare(make_app(tmp_path), press=press, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_practice_picker(snap_compare, tmp_path, size):
    assert snap_compare(make_app(tmp_path), press=["p", "down"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_new_cards_setting(snap_compare, tmp_path, size):
    assert snap_compare(make_app(tmp_path), press=["n"], terminal_size=size)


def test_light_theme(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=["ctrl+t", "q"], terminal_size=(80, 24))
