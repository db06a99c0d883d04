"""A progress database of a year of daily study of the bundled decks, for the app benchmarks.

    python benchmarks/year_of_study.py FOLDER [--days 365]

Every day at 18:00 UTC the learner rates every flashcard due (Good, Again one time in
eight, so some become leeches), starts up to 20 new ones, and answers a 20-question
quiz, most of it right. The clock is the simulated one and the random seed is fixed,
so the same database comes out of every run.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.decks import load_decks
from quiz.generate import generate
from quiz.schedule import CardState, Rating, Schedule, flashcards
from quiz.store import Answer, Progress, data_path

NEW_PER_DAY, QUIZ_QUESTIONS = 20, 20


def build(folder: Path, days: int = 365, end: datetime | None = None) -> Path:
    """Write the database under `folder` (as --data-dir) and return its path."""
    rng = random.Random(14)
    end = end or datetime.now(UTC).replace(hour=18, minute=0, second=0, microsecond=0)
    start = end - timedelta(days=days)
    schedule = Schedule(fuzz=False)
    decks = load_decks()
    items = generate(decks)
    cards = flashcards(items)
    states: dict[str, CardState] = {}
    path = data_path(folder)
    with Progress.open(path) as progress:
        for day in range(days):
            now = start + timedelta(days=day)
            new = [item for item in cards if item.id not in states][:NEW_PER_DAY]
            due = [item for item in cards if item.id in states and states[item.id].due <= now]
            for item in due + new:
                before = states.get(item.id)
                rating = Rating.Again if rng.random() < 1 / 8 else Rating.Good
                after = schedule.rate(before or CardState.new(now), rating, now)
                saved = progress.save_rating(
                    item.id, item.deck, after, rating, now, 4.0, before=before, schedule=schedule
                )
                states[item.id] = saved.after
                now += timedelta(seconds=5)
            for item in rng.sample(items, QUIZ_QUESTIONS):
                progress.record_answer(
                    Answer(
                        item.id, item.deck, item.kind.value, "quiz", rng.random() < 0.8, now,
                        seconds=6.0, tags=tuple(item.tags),
                    )
                )  # fmt: skip
                now += timedelta(seconds=8)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    path = build(args.folder, args.days)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
