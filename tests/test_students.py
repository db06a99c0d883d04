"""A shared app (`quiz serve`): each student signs in and keeps progress of their own."""

from __future__ import annotations

import asyncio
from datetime import UTC

import pytest
from app_support import Clock, answer_keys, bundled_library

from quiz.app.app import QuizApp
from quiz.app.screens.home import HomeScreen
from quiz.app.screens.quiz import QuizScreen
from quiz.app.screens.student import StudentScreen
from quiz.cli import in_terminal
from quiz.schedule import Schedule
from quiz.students import StudentStores, student_key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Ana", "ana"),
        ("  Ana  MARÍA ", "ana-maría"),
        ("ana_maría", "ana-maría"),
        ("7B-12", "7b-12"),
    ],
)
def test_one_student_however_the_name_is_typed(typed, key):
    assert student_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "Type your name"),
        (" - ", "Type your name"),
        ("../teacher", "not /"),
        ("a" * 41, "At most 40"),
    ],
)
def test_a_name_that_cannot_be_a_folder_is_refused(typed, problem):
    with pytest.raises(ValueError, match=problem):
        student_key(typed)


def shared_app(stores: StudentStores) -> QuizApp:
    return QuizApp(
        students=stores,
        library=bundled_library(),
        clock=Clock(),
        seed=1,
        schedule=Schedule(fuzz=False),
        tz=UTC,
    )


def sign_in_and_answer(tmp_path, name: str, answers: int) -> list[str]:
    """Sign in as `name`, answer `answers` quiz questions; the ids of those already
    stored for this student when the home screen opened, then the ones answered."""
    stores = StudentStores(tmp_path)
    app = shared_app(stores)
    seen: list[str] = []

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StudentScreen)
            await pilot.press("q")  # typed into the name, not a quiz: nobody signed in
            await pilot.press("backspace", *name, "enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.sub_title == name
            seen.extend(answer.item_id for answer in app.progress.answers("russia-allies"))
            await pilot.press("q")
            screen = app.screen
            assert isinstance(screen, QuizScreen)
            for item in screen.session.items[:answers]:
                await pilot.press(*answer_keys(item, True), "enter")

    try:
        asyncio.run(run())
    finally:
        stores.close()
    return seen


def test_each_student_keeps_their_own_progress(tmp_path):
    """What Ana answered is hers: Ben starts afresh, Ana finds hers on her next visit."""
    assert sign_in_and_answer(tmp_path, "Ana", 3) == []
    assert sign_in_and_answer(tmp_path, "Ben", 1) == []
    assert len(sign_in_and_answer(tmp_path, "ana", 0)) == 3
    folders = sorted(path.name for path in (tmp_path / "students").iterdir())
    assert folders == ["ana", "ben"]


def test_a_refused_name_says_why_and_studies_nothing(tmp_path):
    stores = StudentStores(tmp_path)
    app = shared_app(stores)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*"a/b", "enter")
            await pilot.pause()
            assert isinstance(app.screen, StudentScreen)
            assert "not /" in str(app.screen.query_one("#problem").render())
            await pilot.press("ctrl+p")  # the palette cannot start a mode either
            await pilot.press(*"quiz", "enter")
            await pilot.pause()
            assert not isinstance(app.screen, QuizScreen)

    try:
        asyncio.run(run())
    finally:
        stores.close()
    assert not (tmp_path / "students").exists()


def test_a_textual_driver_counts_as_a_screen(monkeypatch):
    """textual-serve runs each tab's app on pipes, with TEXTUAL_DRIVER set."""
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert in_terminal()
