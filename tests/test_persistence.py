"""Progress survives what happens to real users: a killed app, two app windows at
once, a damaged database file, and an edited deck."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import VALID_DECK

from quiz.decks import load_deck
from quiz.generate import generate
from quiz.schedule import CardState, Rating, Schedule, flashcards
from quiz.store import DATABASE_NAME, Answer, Progress

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

# A study session in another process: for each item an answer and a rating,
# reporting each number once both are saved. It stops after COUNT items (or
# never, with COUNT 0). Given a GO file, it says "ready" and waits for the file
# before writing, so that two sessions write at the same moment; it prints when
# its writing started and ended on the monotonic clock.
SESSION = """
import os, sys, time
from datetime import UTC, datetime, timedelta
from quiz.schedule import CardState, Rating, Schedule
from quiz.store import Answer, Progress

path, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
schedule = Schedule()
start = datetime(2026, 3, 10, 12, tzinfo=UTC)
with Progress.open(path) as progress:
    if go:
        print("ready", flush=True)
        while not os.path.exists(go[0]):
            time.sleep(0.001)
    print("start", time.monotonic(), flush=True)
    number = 0
    while count == 0 or number < count:
        at = start + timedelta(seconds=number)
        item = f"{name}-{number}"
        progress.record_answer(Answer(item, "mini", "mcq", "quiz", number % 3 > 0, at))
        progress.record_answer(Answer("shared", "mini", "mcq", "quiz", True, at))
        after = schedule.rate(CardState.new(at), Rating.Good, at)
        progress.save_rating(item, "mini", after, Rating.Good, at, before=None, schedule=schedule)
        print(number, flush=True)
        number += 1
    print("end", time.monotonic(), flush=True)
"""


def start_session(path, name: str, count: int, *go: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SESSION, str(path), name, str(count), *go],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def integrity(path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[0] for row in db.execute("PRAGMA integrity_check")]
    finally:
        db.close()


def test_a_session_killed_with_sigkill_keeps_every_answer_it_reported(tmp_path):
    path = tmp_path / DATABASE_NAME
    session = start_session(path, "item", 0)
    assert session.stdout is not None
    reported = -1
    deadline = time.monotonic() + 30
    for line in session.stdout:
        if line.split()[0].isdigit():
            reported = int(line)
        if reported >= 60 or time.monotonic() > deadline:
            break
    session.send_signal(signal.SIGKILL)  # mid-session: it keeps writing until killed
    session.wait(timeout=10)
    assert session.returncode == -signal.SIGKILL
    assert reported >= 60, session.stderr.read() if session.stderr else ""

    assert integrity(path) == ["ok"]
    with Progress.open(path) as progress:
        assert progress.notice is None
        answered = {answer.item_id for answer in progress.answers()}
        cards = progress.cards()
        reviewed = {event.item_id for event in progress.activity() if event.mode == "cards"}
    for number in range(reported + 1):
        assert f"item-{number}" in answered
        assert cards[f"item-{number}"].reps == 1
    assert set(cards) == reviewed  # a rating and its card are saved together or not at all


def test_two_sessions_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / DATABASE_NAME
    Progress.open(path).close()  # both find the schema made; they race on writes only
    count = 100
    go = tmp_path / "go"
    sessions = [start_session(path, name, count, str(go)) for name in ("left", "right")]
    for session in sessions:
        assert session.stdout is not None
        assert session.stdout.readline() == "ready\n"
    go.touch()
    spans = []
    for session in sessions:
        out, err = session.communicate(timeout=60)
        assert session.returncode == 0, err
        lines = out.split()
        spans.append((float(lines[1]), float(lines[-1])))
        assert lines[-3] == str(count - 1)
    (left_start, left_end), (right_start, right_end) = spans
    assert left_start < right_end and right_start < left_end, "the sessions did not overlap"

    assert integrity(path) == ["ok"]
    with Progress.open(path) as progress:
        answers = progress.answers("mini")
        cards = progress.cards(deck="mini")
    assert len(answers) == 4 * count
    assert sum(answer.item_id == "shared" for answer in answers) == 2 * count
    expected = {f"{name}-{number}" for name in ("left", "right") for number in range(count)}
    assert {answer.item_id for answer in answers} - {"shared"} == expected
    assert set(cards) == expected


def _window_rating_twice(path, barrier, window: str) -> None:
    """One app window: it shows the shared card, then saves a rating, twice. The
    barrier makes both windows show the card before either saves: the worst case."""
    schedule = Schedule(fuzz=False)
    with Progress.open(path) as progress:
        for turn in range(2):
            at = NOW + timedelta(minutes=10 * turn)
            before = progress.card("shared")
            after = schedule.rate(before or CardState.new(at), Rating.Good, at)
            barrier.wait()
            progress.save_rating(
                "shared", "mini", after, Rating.Good, at, before=before, schedule=schedule
            )
            progress.record_answer(Answer(f"{window}-{turn}", "mini", "mcq", "quiz", True, at))
            barrier.wait()


def test_two_windows_rating_one_card_twice_each_both_count(tmp_path):
    """Each rating builds on the card as stored when it is saved, not as the window
    last saw it: four ratings give four reviews, one chain of states, and reps 4."""
    path = tmp_path / DATABASE_NAME
    Progress.open(path).close()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(2)
    windows = [
        context.Process(target=_window_rating_twice, args=(path, barrier, name))
        for name in ("left", "right")
    ]
    for window in windows:
        window.start()
    for window in windows:
        window.join(timeout=60)
        assert window.exitcode == 0

    with Progress.open(path) as progress:
        card = progress.card("shared")
        answers = {answer.item_id for answer in progress.answers()}
    assert card is not None and card.reps == 4
    assert answers == {"left-0", "left-1", "right-0", "right-1"}
    db = sqlite3.connect(path)
    chain = db.execute("SELECT before, after FROM reviews ORDER BY id").fetchall()
    db.close()
    assert len(chain) == 4 and chain[0][0] is None
    assert all(later[0] == earlier[1] for earlier, later in itertools.pairwise(chain))


def _first_open(path, barrier, failures) -> None:
    barrier.wait()
    try:
        Progress.open(path).close()
    except Exception as error:  # reported by the test
        failures.put(repr(error))


def test_forty_instances_opening_a_new_database_at_once_never_fail(tmp_path):
    """Setting up WAL on a new file can report "database is locked" at once, whatever
    the busy timeout; the store retries it. Thirty rounds: before the retry, about
    one round in eight had a failure."""
    context = multiprocessing.get_context("fork")
    for round_number in range(30):
        path = tmp_path / str(round_number) / DATABASE_NAME
        path.parent.mkdir()
        barrier, failures = context.Barrier(40), context.Queue()
        openers = [
            context.Process(target=_first_open, args=(path, barrier, failures)) for _ in range(40)
        ]
        for opener in openers:
            opener.start()
        for opener in openers:
            opener.join(timeout=60)
        assert [opener.exitcode for opener in openers] == [0] * 40
        assert failures.empty(), failures.get()
        assert [p.name for p in path.parent.iterdir() if "corrupt" in p.name] == []


@pytest.mark.parametrize(
    "damage",
    ["garbage", "overwritten-pages", "empty-header"],
)
def test_a_damaged_database_is_moved_aside_reported_and_replaced(tmp_path, damage):
    path = tmp_path / DATABASE_NAME
    if damage == "garbage":
        path.write_bytes(os.urandom(3000))
    else:
        with Progress.open(path) as progress:
            for number in range(300):
                progress.record_answer(
                    Answer(f"item-{number}", "mini", "mcq", "quiz", True, NOW, typed="x" * 200)
                )
        data = bytearray(path.read_bytes())
        assert len(data) > 4 * 4096
        if damage == "overwritten-pages":
            data[4096 : 3 * 4096] = b"\xff" * (2 * 4096)
        else:
            data[:100] = b"\x00" * 100
        path.write_bytes(bytes(data))
    damaged = path.read_bytes()

    with Progress.open(path) as progress:
        # Found on opening, or by the first query to meet it: never by reading it all.
        assert progress.cards() == {} and progress.answers() == []
        assert progress.notice is not None
        assert str(path) in progress.notice and "moved to" in progress.notice
        progress.record_answer(Answer("fresh", "mini", "mcq", "quiz", True, NOW))
    asides = [p for p in tmp_path.iterdir() if p.name.startswith(f"{DATABASE_NAME}.corrupt-")]
    assert len(asides) == 1
    assert str(asides[0]) in progress.notice
    assert asides[0].read_bytes() == damaged  # kept as it was, never deleted
    with Progress.open(path) as progress:
        assert progress.notice is None
        assert [answer.item_id for answer in progress.answers()] == ["fresh"]


def test_editing_a_deck_keeps_the_progress_of_items_that_still_exist(tmp_path, write_deck, seeds):
    deck = load_deck(write_deck(VALID_DECK), seeds)
    items = generate([deck])
    cards = flashcards(items)
    schedule = Schedule(fuzz=False)
    path = tmp_path / "data" / DATABASE_NAME
    with Progress.open(path) as progress:
        for card in cards:
            after = schedule.rate(CardState.new(NOW), Rating.Easy, NOW)
            progress.save_rating(
                card.id, deck.id, after, Rating.Easy, NOW, before=None, schedule=schedule
            )
        for item in items:
            progress.record_answer(Answer(item.id, deck.id, item.kind, "quiz", True, NOW))
        before = progress.cards(card.id for card in cards)

    edited_text = (
        VALID_DECK.replace(
            "statement: Belarus is Russia's closest ally.",
            "statement: Belarus is Russia's closest and most devoted ally.",
        )
        .replace("Whose closest ally is {subject}?", "Which country has {subject} as its ally?")
        .replace("  - id: iran\n    name: Iran\n    type: country\n", "")
        .split("  - id: iran-cartridges")[0]
    )
    relation = edited_text.index("  - id: cartridges_supplied_to_russia")
    edited_text = edited_text[:relation] + edited_text[edited_text.index("facts:") :]
    assert "closest and most devoted" in edited_text and "iran-cartridges" not in edited_text
    edited = load_deck(write_deck(edited_text, "edited.yaml"), seeds)
    new_items = generate([edited])
    new_cards = flashcards(new_items)
    assert {item.id for item in new_items} < {item.id for item in items}
    old_prompts = {item.id: item.prompt for item in items}
    reworded = [item for item in new_items if item.prompt != old_prompts[item.id]]
    assert {item.kind.value for item in reworded} == {"cloze", "recall"}
    assert [card.prompt for card in new_cards] == [
        "Belarus is _____'s closest and most devoted ally."
    ]

    with Progress.open(path) as progress:
        states = progress.cards(card.id for card in new_cards)
        summary = progress.summary(edited.id, [c.id for c in new_cards], NOW, schedule, UTC)
    assert states == {card.id: before[card.id] for card in new_cards}
    assert (summary.items, summary.studied, summary.new) == (len(new_cards), len(new_cards), 0)


def test_reopening_later_finds_cards_due_as_scheduled(tmp_path):
    path = tmp_path / DATABASE_NAME
    schedule = Schedule(fuzz=False)
    with Progress.open(path) as progress:
        after = schedule.rate(CardState.new(NOW), Rating.Easy, NOW)
        progress.save_rating(
            "card-1", "mini", after, Rating.Easy, NOW, before=None, schedule=schedule
        )
    with Progress.open(path) as progress:
        state = progress.card("card-1")
    assert state == after
    assert state.due - NOW >= timedelta(days=1)
