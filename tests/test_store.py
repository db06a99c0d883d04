"""The progress store in one process: schema, writes, undo, reads, figures, bad locations."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta

import fsrs
import platformdirs
import pytest
from conftest import VALID_DECK
from fsrs import State

from quiz import store as store_module
from quiz.decks import load_deck
from quiz.generate import generate
from quiz.schedule import CardState, Rating, Schedule, build_queue, button_labels, flashcards
from quiz.store import (
    DATABASE_NAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    Answer,
    Progress,
    StoreError,
    data_path,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SCHEDULE = Schedule(fuzz=False)


@pytest.fixture
def progress(tmp_path):
    with Progress.open(tmp_path / "data" / DATABASE_NAME) as store:
        yield store


def rate(progress: Progress, item_id: str, rating: Rating, at: datetime, deck: str = "mini"):
    state = progress.card(item_id) or CardState.new(at)
    after = SCHEDULE.rate(state, rating, at)
    return progress.save_rating(item_id, deck, after, rating, at, before=state, schedule=SCHEDULE)


def plant(progress: Progress, item_id: str, state: CardState) -> None:
    """Store a card in the state a test needs (a rating of a card never rated)."""
    progress.save_rating(item_id, "mini", state, Rating.Good, NOW, before=None, schedule=SCHEDULE)


def answer(item_id: str, correct: bool, at: datetime, deck: str = "mini", **extra) -> Answer:
    return Answer(item_id, deck, "mcq", "quiz", correct, at, **extra)


def test_open_creates_folders_schema_and_wal(tmp_path):
    path = tmp_path / "a" / "b" / DATABASE_NAME
    with Progress.open(path) as store:
        assert store.notice is None
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"cards", "reviews", "answers", "flags", "settings"} <= tables


def test_an_older_schema_is_migrated_and_keeps_its_data(tmp_path, monkeypatch):
    path = tmp_path / DATABASE_NAME
    with Progress.open(path) as store:
        store.flag("card-1", "mini", "typo", "Who?", NOW)
    added_column = ("ALTER TABLE flags ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0",)
    monkeypatch.setattr(store_module, "MIGRATIONS", (*MIGRATIONS, added_column))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Progress.open(path) as store:
        assert [flag.reason for flag in store.flags()] == ["typo"]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert db.execute("SELECT item_id, resolved FROM flags").fetchall() == [("card-1", 0)]


def test_a_database_from_a_newer_quiz_is_refused_not_moved(tmp_path):
    path = tmp_path / DATABASE_NAME
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer version of quiz"):
        Progress.open(path)
    assert path.exists() and list(tmp_path.iterdir()) == [path]


def test_a_rating_is_saved_and_undo_restores_the_card(progress):
    first = rate(progress, "card-1", Rating.Good, NOW)
    assert first.before is None
    after_first = progress.card("card-1")
    assert after_first == first.after
    later = NOW + timedelta(minutes=10)
    second = rate(progress, "card-1", Rating.Easy, later)
    assert second.before == after_first
    assert progress.card("card-1").due > after_first.due

    assert progress.undo(second) == after_first
    assert progress.card("card-1") == after_first
    assert [event.at for event in progress.activity("mini")] == [NOW]
    assert progress.undo(first) is None
    assert progress.card("card-1") is None  # new again
    assert progress.activity("mini") == []
    assert progress.introduced_today("mini", NOW, UTC) == 0


def test_undo_refuses_once_the_card_was_rated_again(progress):
    first = rate(progress, "card-1", Rating.Good, NOW)
    rate(progress, "card-1", Rating.Good, NOW + timedelta(minutes=10))
    with pytest.raises(StoreError, match="rated again since"):
        progress.undo(first)


def test_the_saved_card_is_the_one_previewed_on_the_buttons(progress):
    schedule = Schedule()  # fuzz on
    state = CardState(
        fsrs.Card(
            card_id=0,
            state=State.Review,
            stability=30.0,
            difficulty=5.0,
            due=NOW,
            last_review=NOW - timedelta(days=30),
        ),
        reps=5,
    )
    outcomes = schedule.outcomes(state, NOW)
    labels = button_labels(outcomes, NOW)
    progress.save_rating(
        "card-1", "mini", outcomes[Rating.Good], Rating.Good, NOW, before=None, schedule=schedule
    )
    saved = progress.card("card-1")
    assert saved == outcomes[Rating.Good]
    assert button_labels({Rating.Good: saved}, NOW)[Rating.Good] == labels[Rating.Good]


def test_answers_never_touch_the_schedule(progress):
    rate(progress, "card-1", Rating.Good, NOW)
    cards = progress.cards(deck="mini")
    queue = build_queue(["card-1", "card-2"], cards, NOW)
    for correct in (True, False, True):
        progress.record_answer(
            Answer("card-1", "mini", "recall", "cram", correct, NOW, typed="kyiv", seconds=3.5)
        )
        progress.record_answer(Answer("card-2", "mini", "mcq", "cram", correct, NOW))
    assert progress.cards(deck="mini") == cards
    assert build_queue(["card-1", "card-2"], progress.cards(deck="mini"), NOW) == queue
    answers = progress.answers("mini")
    assert len(answers) == 6
    assert answers[0] == Answer(
        "card-1", "mini", "recall", "cram", True, NOW, typed="kyiv", seconds=3.5
    )


def test_new_cards_started_today_count_against_the_daily_limit(progress):
    progress.set_setting("new_per_day", 3)
    ids = [f"card-{n}" for n in range(6)]
    yesterday = NOW - timedelta(days=1)
    rate(progress, "card-0", Rating.Good, yesterday)
    rate(progress, "card-1", Rating.Good, NOW - timedelta(hours=2))
    rate(progress, "card-2", Rating.Easy, NOW - timedelta(hours=1))
    rate(progress, "card-1", Rating.Good, NOW)  # a second rating is not a second introduction
    introduced = progress.introduced_today("mini", NOW, UTC)
    assert introduced == 2
    queue = build_queue(
        ids,
        progress.cards(ids),
        NOW,
        new_per_day=progress.new_per_day,
        introduced_today=introduced,
        tz=UTC,
    )
    assert queue.new == ("card-3",)
    assert progress.introduced_today("other-deck", NOW, UTC) == 0


def test_a_reset_leech_is_new_again_with_its_history_kept(progress):
    rate(progress, "card-1", Rating.Again, NOW)
    progress.reset_card("card-1")
    assert progress.card("card-1") is None
    assert len(progress.activity("mini")) == 1


def test_flags_are_kept_with_reason_and_prompt(progress):
    progress.flag("card-2", "other", "two right answers", "Who?", NOW + timedelta(minutes=1))
    flag = progress.flag("card-1", "mini", "  the quote\nis wrong ", "Which country…?", NOW)
    assert flag.reason == "the quote is wrong"
    assert progress.flags("mini") == [flag]
    assert [f.item_id for f in progress.flags()] == ["card-1", "card-2"]
    with pytest.raises(ValueError, match="reason"):
        progress.flag("card-1", "mini", "   ", "Which country…?", NOW)


def test_summary_counts_only_items_the_deck_still_has(progress):
    for item_id in ("kept-1", "kept-2", "removed"):
        rate(progress, item_id, Rating.Easy, NOW - timedelta(days=2))
    summary = progress.summary("mini", ["kept-1", "kept-2", "added"], NOW, SCHEDULE, UTC)
    assert (summary.items, summary.studied, summary.new) == (3, 2, 1)
    assert summary.last_studied == NOW - timedelta(days=2)
    assert 0.5 < summary.mastery < 2 / 3  # two recently learned cards of three
    assert summary.due_today == 0 and summary.new_today == 1


def test_daily_activity_counts_answers_and_ratings_per_study_day(progress):
    rate(progress, "card-1", Rating.Again, NOW - timedelta(days=1))
    rate(progress, "card-1", Rating.Good, NOW - timedelta(days=1, minutes=-1))
    rate(progress, "card-2", Rating.Easy, NOW - timedelta(days=1))
    progress.record_answer(answer("card-3", True, NOW))
    progress.record_answer(answer("card-3", False, NOW))
    progress.record_answer(answer("card-3", True, NOW - timedelta(days=9)))  # too old
    progress.record_answer(answer("card-3", True, NOW, deck="other"))  # another deck
    days = progress.daily_activity("mini", NOW, 3, UTC)
    assert [(d.day.day, d.answers, d.correct) for d in days] == [(8, 0, 0), (9, 3, 2), (10, 2, 1)]
    assert days[1].accuracy == pytest.approx(2 / 3) and days[0].accuracy is None


def review_state(due: datetime, lapses: int = 0) -> CardState:
    card = fsrs.Card(
        card_id=0,
        state=State.Review,
        stability=10.0,
        difficulty=5.0,
        due=due,
        last_review=NOW - timedelta(days=5),
    )
    return CardState(card, reps=3, lapses=lapses, introduced=NOW - timedelta(days=9))


def test_forecast_counts_cards_due_per_study_day(progress):
    dues = {
        "overdue": NOW - timedelta(days=2),  # counts for today
        "tonight": NOW + timedelta(hours=5),
        "after-4am": NOW + timedelta(hours=17),  # 05:00 tomorrow
        "in-3-days": NOW + timedelta(days=3),
        "in-40-days": NOW + timedelta(days=40),
    }
    for item_id, due in dues.items():
        plant(progress, item_id, review_state(due))
    leech = review_state(NOW + timedelta(days=1), lapses=8)
    plant(progress, "leech", leech)
    forecast = progress.forecast([*dues, "leech", "never-seen"], NOW, 7, UTC)
    assert [day.day for day, _ in forecast] == list(range(10, 17))
    assert [count for _, count in forecast] == [2, 1, 0, 1, 0, 0, 0]


def test_mastery_by_tag(progress, seeds, write_deck):
    cards = flashcards(generate([load_deck(write_deck(VALID_DECK), seeds)]))
    belarus = [card for card in cards if "belarus" in card.tags]
    for card in belarus:
        rate(progress, card.id, Rating.Easy, NOW)
    mastery = progress.mastery_by_tag(cards, NOW, SCHEDULE)
    assert mastery["belarus"] == pytest.approx(1.0)
    assert mastery["iran"] == 0.0
    assert list(mastery) == sorted(mastery)


def test_data_path_prefers_the_option_then_the_environment(tmp_path):
    env = {"QUIZ_DATA_DIR": str(tmp_path / "env")}
    assert data_path(tmp_path / "opt", env) == tmp_path / "opt" / DATABASE_NAME
    assert data_path(None, env) == tmp_path / "env" / DATABASE_NAME
    default = data_path(None, {})
    assert default.parent == platformdirs.user_data_path("quiz", appauthor=False)


def test_a_file_in_the_way_of_the_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "notafolder"
    blocker.write_text("x")
    with pytest.raises(
        StoreError, match=f"cannot create the progress folder .*{blocker} is a file"
    ):
        Progress.open(blocker / "sub" / DATABASE_NAME)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot write to the progress folder"):
            Progress.open(folder / DATABASE_NAME)
    finally:
        folder.chmod(0o700)


def test_a_write_that_fails_is_a_store_error_and_rolls_back(progress):
    progress.record_answer(answer("card-1", True, NOW))
    progress._db.execute("PRAGMA query_only = ON")  # any write now fails inside SQLite
    with pytest.raises(StoreError, match="could not save progress"):
        progress.record_answer(answer("card-2", True, NOW))
    progress._db.execute("PRAGMA query_only = OFF")
    progress.record_answer(answer("card-3", True, NOW))
    assert [a.item_id for a in progress.answers()] == ["card-1", "card-3"]


def test_naive_times_are_refused(progress):
    with pytest.raises(ValueError, match="timezone-aware"):
        progress.record_answer(answer("card-1", True, datetime(2026, 3, 10)))


def test_due_today_counts_every_card_due_before_the_day_ends(progress):
    learning = SCHEDULE.rate(CardState.new(NOW), Rating.Again, NOW)  # next step in a minute
    plant(progress, "learning", learning)
    plant(progress, "in-an-hour", review_state(NOW + timedelta(hours=1)))
    plant(progress, "tomorrow", review_state(NOW + timedelta(days=1)))
    leech = review_state(NOW - timedelta(days=1), lapses=8)
    plant(progress, "leech", leech)
    ids = ["learning", "in-an-hour", "tomorrow", "leech"]
    summary = progress.summary("mini", ids, NOW, SCHEDULE, UTC)
    assert (summary.due_today, summary.leeches) == (2, 1)


def test_a_schema_1_store_is_read_as_it_is_then_migrated_to_keep_chosen_options(
    tmp_path, monkeypatch
):
    """Schema 2 adds answers' `chosen`; answers saved before read it as unknown, a
    read-only command reads the old file without changing it, and a new answer keeps
    its options."""
    path = tmp_path / DATABASE_NAME
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:1])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 1)
    Progress.open(path).close()
    with sqlite3.connect(path) as db:  # an answer as a schema-1 quiz saved it
        db.execute(
            "INSERT INTO answers (item_id, deck, kind, mode, correct, tags, at)"
            " VALUES ('card-1', 'mini', 'mcq', 'quiz', 0, '[]', ?)",
            (NOW.isoformat(timespec="microseconds"),),
        )
    monkeypatch.undo()
    with Progress.open(path, read_only=True) as reader:
        assert [a.chosen for a in reader.answers()] == [None]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    with Progress.open(path) as store:
        store.record_answer(answer("card-2", True, NOW, chosen=("Kim", "Xi")))
        assert [(a.item_id, a.chosen) for a in store.answers()] == [
            ("card-1", None),
            ("card-2", ("Kim", "Xi")),
        ]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_last_studied_is_the_latest_rating_or_answer_of_the_deck(progress):
    """Each table alone, both, another deck's later study, and none at all."""
    assert progress.last_studied("mini") is None and progress.last_studied() is None
    rate(progress, "card-1", Rating.Good, NOW - timedelta(days=3))
    assert progress.last_studied("mini") == NOW - timedelta(days=3)
    progress.record_answer(answer("card-2", True, NOW - timedelta(days=1)))
    assert progress.last_studied("mini") == NOW - timedelta(days=1)
    rate(progress, "card-3", Rating.Good, NOW - timedelta(hours=1), deck="other")
    progress.record_answer(answer("card-4", False, NOW - timedelta(hours=2), deck="quiet"))
    assert progress.last_studied("mini") == NOW - timedelta(days=1)
    assert progress.last_studied("quiet") == NOW - timedelta(hours=2)
    assert progress.last_studied() == NOW - timedelta(hours=1)
    assert progress.last_studied("never") is None
