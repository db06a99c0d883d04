"""`quiz stats` and `quiz flags` as users run them, on progress written through the store."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
from fsrs import State

from quiz.cli import EXIT_PROGRESS
from quiz.decks import load_decks
from quiz.generate import generate
from quiz.schedule import CardState, Rating, Schedule, flashcards
from quiz.store import DATABASE_NAME, Answer, Progress, StoreError


def run(command: list[str], *args: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def who_said_it_cards(seeds):
    (deck,) = [deck for deck in load_decks(seeds=seeds) if deck.id == "who-said-it"]
    return flashcards(generate([deck]))


def review_state(now: datetime, due: datetime, lapses: int = 0) -> CardState:
    card = fsrs.Card(
        card_id=0,
        state=State.Review,
        stability=15.0,
        difficulty=5.0,
        due=due,
        last_review=now - timedelta(days=8),
    )
    return CardState(card, reps=5, lapses=lapses, introduced=now - timedelta(days=30))


@pytest.fixture
def studied(tmp_path, who_said_it_cards):
    """A data folder where four who-said-it cards were studied (one is a leech)
    and three questions were answered today (two right)."""
    now = datetime.now(UTC)
    ids = [card.id for card in who_said_it_cards[:4]]
    dues = [now - timedelta(hours=1), now + timedelta(days=3), now + timedelta(days=20)]
    states = {item_id: review_state(now, due) for item_id, due in zip(ids, dues, strict=False)}
    states[ids[3]] = review_state(now, now - timedelta(hours=1), lapses=8)
    folder = tmp_path / "progress"
    with Progress.open(folder / DATABASE_NAME) as progress:
        for item_id, state in states.items():
            when = now - timedelta(days=8)
            progress.save_rating(
                item_id, "who-said-it", state, Rating.Good, when, before=None, schedule=Schedule()
            )
        for correct in (True, False, True):
            answer = Answer(ids[0], "who-said-it", "mcq", "quiz", correct, now)
            progress.record_answer(answer)
        old = Answer(ids[0], "who-said-it", "mcq", "quiz", True, now - timedelta(days=10))
        progress.record_answer(old)
    return folder, ids, states


def test_stats_json_for_a_deck(quiz_command, studied, who_said_it_cards):
    folder, ids, states = studied
    result = run(quiz_command, "stats", "who-said-it", "--json", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    week = row.pop("last_7_days")
    mastery = row.pop("mastery")
    last_studied = datetime.fromisoformat(row.pop("last_studied"))
    assert row == {
        "deck": "who-said-it",
        "name": "Who said it?",
        "facts": 30,
        "cards": len(who_said_it_cards),
        "studied": 4,
        "due_today": 1,
        "new": len(who_said_it_cards) - 4,
        "new_today": 20,
        "due_next_7_days": 2,
        "due_next_30_days": 3,
        "leeches": [ids[3]],
    }
    assert (week["answers"], week["correct"], week["accuracy"]) == (3, 2, 66.7)
    assert len(week["by_day"]) == 7 and week["by_day"][-1]["answers"] == 3
    now = datetime.now(UTC)
    expected = sum(Schedule().retrievability(state, now) for state in states.values())
    assert mastery == pytest.approx(expected / len(who_said_it_cards) * 100, abs=0.2)
    assert now - last_studied < timedelta(minutes=5)


def test_stats_text_reads_the_data_dir_from_the_environment(quiz_command, studied, tmp_path):
    folder, ids, _ = studied
    result = run(quiz_command, "stats", "Who said it?", env={"QUIZ_DATA_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Progress in {folder / DATABASE_NAME}"
    text = "\n".join(lines)
    assert "Who said it? (who-said-it): 30 facts" in text
    assert "  studied      4 (mastery " in text
    assert "  due today    1, plus 20 new (of " in text
    assert "  last 7 days  3 answers, 66.7% correct" in text
    assert "  coming up    2 due in the next 7 days, 3 in the next 30" in text
    assert f"  leeches      1: {ids[3]}" in text
    assert "russia-allies" not in text

    elsewhere = tmp_path / "elsewhere"  # --data-dir wins over the environment
    override = run(
        quiz_command,
        "stats",
        "--json",
        "--data-dir",
        str(elsewhere),
        env={"QUIZ_DATA_DIR": str(folder)},
    )
    assert override.returncode == 0, override.stderr
    assert all(row["studied"] == 0 for row in json.loads(override.stdout))
    assert not elsewhere.exists()  # a command that only reads creates nothing
    before_command = run(quiz_command, "--data-dir", str(folder), "stats", "--json", "who-said-it")
    assert json.loads(before_command.stdout)[0]["studied"] == 4


def test_flags_lists_what_learners_reported_per_deck(quiz_command, tmp_path):
    folder = tmp_path / "progress"
    when = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    with Progress.open(folder / DATABASE_NAME) as progress:
        progress.flag("mcq-aaa", "who-said-it", "two answers are right", "Who said …?", when)
        progress.flag(
            "tf-bbb", "russia-allies", "quote says 2023", "Iran sent drones.", when + timedelta(1)
        )

    everything = run(quiz_command, "flags", "--data-dir", str(folder))
    assert everything.returncode == 0, everything.stderr
    lines = everything.stdout.splitlines()
    local = when.astimezone().strftime("%Y-%m-%d %H:%M")
    assert lines[0] == f"{local}  who-said-it  mcq-aaa: two answers are right"
    assert lines[1] == "    Who said …?"
    assert lines[2].endswith("russia-allies  tf-bbb: quote says 2023")
    assert lines[-1] == "2 flagged items"

    one_deck = run(quiz_command, "flags", "russia-allies", "--json", "--data-dir", str(folder))
    assert json.loads(one_deck.stdout) == [
        {
            "item_id": "tf-bbb",
            "deck": "russia-allies",
            "at": (when + timedelta(1)).isoformat(),
            "reason": "quote says 2023",
            "prompt": "Iran sent drones.",
        }
    ]
    none = run(quiz_command, "flags", "--data-dir", str(tmp_path / "empty"))
    assert (none.returncode, none.stdout) == (0, "No flagged items.\n")


def test_unknown_deck_and_unusable_data_dir_are_clear_errors(quiz_command, tmp_path):
    unknown = run(quiz_command, "stats", "nope", "--data-dir", str(tmp_path))
    assert unknown.returncode == 2
    assert "no deck named 'nope' (decks: russia-allies, who-said-it)" in unknown.stderr
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for command in ("stats", "flags"):
        result = run(quiz_command, command, "--data-dir", str(blocker / "quiz"))
        assert result.returncode == EXIT_PROGRESS
        assert result.stderr == (
            f"quiz: error: cannot create the progress folder {blocker / 'quiz'}: {blocker} "
            "is a file. Choose another with --data-dir or QUIZ_DATA_DIR.\n"
        )


def test_a_corrupt_database_is_reported_moved_aside_and_replaced(quiz_command, tmp_path):
    database = tmp_path / DATABASE_NAME
    database.write_bytes(b"these bytes are not a database" * 100)
    result = run(quiz_command, "flags", "--data-dir", str(tmp_path))
    assert result.returncode == 0
    (aside,) = tmp_path.glob(f"{DATABASE_NAME}.corrupt-*")
    assert result.stderr.startswith(f"quiz: Your progress database {database} could not be read")
    assert f"It was moved to {aside} and a new, empty one will be started" in result.stderr
    assert "Traceback" not in result.stderr
    assert aside.read_bytes() == b"these bytes are not a database" * 100
    again = run(quiz_command, "flags", "--data-dir", str(tmp_path))
    assert (again.returncode, again.stderr) == (0, "")


@pytest.fixture
def make_read_only():
    """Make a file read-only for quiz, even when the tests run as root (who writes
    through permissions: the immutable flag stops root too)."""
    frozen = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o444)
            return
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("running as root on a file system without chattr +i")
        frozen.append(path)

    yield make
    for path in frozen:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_database_is_read_by_stats_and_flags_and_refused_for_study(
    quiz_command, tmp_path, make_read_only
):
    """Read-only is not damaged: nothing is moved aside; the reports read it with
    SQLite's mode=ro; studying, which saves every answer, says why it cannot."""
    database = tmp_path / DATABASE_NAME
    with Progress.open(database) as progress:
        progress.flag("item-1", "who-said-it", "typo", "Who said it?", datetime.now(UTC))
    make_read_only(database)
    flags = run(quiz_command, "flags", "--data-dir", str(tmp_path))
    assert flags.returncode == 0, flags.stderr
    assert "item-1: typo" in flags.stdout and flags.stderr == ""
    stats = run(quiz_command, "stats", "--json", "--data-dir", str(tmp_path))
    assert stats.returncode == 0, stats.stderr
    assert not list(tmp_path.glob("*.corrupt-*"))
    with pytest.raises(StoreError, match="is read-only, and studying saves every answer"):
        Progress.open(database)
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_stats_items_analyses_app_study_as_grade_analyses_a_class(quiz_command, seeds, tmp_path):
    """Four `quiz serve` students and the store's own learner, five days each: every
    study day is a sitting, an item's first answer that day its response (a second
    answer the same day is not counted). An item the stronger days get wrong is
    flagged, and each option's rate is the share of days that chose it."""
    from quiz.items import Kind
    from quiz.students import STUDENTS_FOLDER

    (deck,) = [deck for deck in load_decks(seeds=seeds) if deck.id == "russia-allies"]
    mcqs = [item for item in generate([deck]) if item.kind is Kind.MCQ][:4]
    reversed_item, *good = mcqs
    stores = [tmp_path / DATABASE_NAME]
    stores += [tmp_path / STUDENTS_FOLDER / name / DATABASE_NAME for name in "abcd"]
    start = datetime(2025, 3, 3, 12, tzinfo=UTC)
    wrong_of = {}
    for learner, path in enumerate(stores):
        with Progress.open(path) as progress:
            for day in range(5):
                strong = (learner + day) % 2 == 0
                at = start + timedelta(days=day)
                for number, item in enumerate(mcqs):
                    right = strong != (item is reversed_item)
                    if item is good[2]:
                        right = strong and day != 0  # not everyone alike
                    wrong = next(option for option in item.options if option != item.answer)
                    wrong_of[item.id] = wrong
                    chosen = item.answer if right else wrong
                    progress.record_answer(
                        Answer(
                            item.id,
                            deck.id,
                            "mcq",
                            "quiz",
                            right,
                            at + timedelta(minutes=number),
                            chosen=(chosen,),
                        )
                    )
                # the same item again after its feedback: not a new response
                progress.record_answer(
                    Answer(
                        good[0].id,
                        deck.id,
                        "mcq",
                        "quiz",
                        True,
                        at + timedelta(hours=1),
                        chosen=(good[0].answer,),
                    )
                )
    result = run(
        quiz_command, "stats", "--items", "--deck", deck.id, "--json", "--data-dir", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["test"]["n"] == 25
    assert row["answers"] == 25 * 4
    stats = {item["item_id"]: item for item in row["items"]}
    strong_days = sum((learner + day) % 2 == 0 for learner in range(5) for day in range(5))
    assert stats[good[0].id]["difficulty"] == pytest.approx(strong_days / 25)
    assert stats[reversed_item.id]["discrimination"] < 0
    assert any("negative discrimination" in flag for flag in stats[reversed_item.id]["flags"])
    rates = {o["text"]: o["rate"] for o in stats[reversed_item.id]["options"]}
    assert rates[wrong_of[reversed_item.id]] == pytest.approx(strong_days / 25)
    text = run(quiz_command, "stats", "--items", deck.id, "--data-dir", str(tmp_path))
    assert text.returncode == 0, text.stderr
    assert "student d" in text.stdout and "negative discrimination" in text.stdout
    assert reversed_item.prompt in text.stdout
