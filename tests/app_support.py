"""What the app tests share: a controlled clock, a fresh store, and the keys that answer an item."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from textual.pilot import Pilot

from quiz.app.app import QuizApp
from quiz.app.library import Library, load_library
from quiz.items import Item, Kind
from quiz.schedule import Schedule
from quiz.store import Progress

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LETTERS = "abcdef"


class Clock:
    """The app's clock in a test: still until the test moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **interval: float) -> None:
        self.now += timedelta(**interval)


@cache
def bundled_library() -> Library:
    return load_library(seed=0)


def make_app(
    data_dir: Path,
    *,
    clock: Clock | None = None,
    library: Library | None = None,
    seed: int = 1,
) -> QuizApp:
    """The app on the bundled decks, with a fresh store, a still clock, UTC and no fuzz."""
    return QuizApp(
        Progress.open(data_dir / "progress.sqlite3"),
        library=library or bundled_library(),
        clock=clock or Clock(),
        seed=seed,
        schedule=Schedule(fuzz=False),
        tz=UTC,
    )


def drive(app: QuizApp, script: Callable[[Pilot], Awaitable[None]], size=(80, 24)) -> None:
    """Run the app headless, let `script` press keys and assert, then close the store."""

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    try:
        asyncio.run(run())
    finally:
        app.progress.close()


def answer_keys(item: Item, right: bool) -> list[str]:
    """The keys a student presses to answer a quiz item rightly or wrongly."""
    if item.kind is Kind.SELECT_ALL:
        chosen = [item.options.index(option) for option in item.answer]
        if not right:
            chosen = chosen[:1]  # one right option missing
        return [LETTERS[index] for index in chosen] + ["enter"]
    if item.kind is Kind.MATCHING:
        partners = dict(item.answer)
        chosen = [item.options.index(partners[left]) for left in item.left]
        if not right:
            chosen[0], chosen[1] = chosen[1], chosen[0]
        return [LETTERS[index] for index in chosen] + ["enter"]
    index = item.options.index(str(item.answer))
    if not right:
        index = (index + 1) % len(item.options)
    return [str(index + 1)]
