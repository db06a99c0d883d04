"""`quiz serve` in Debian's Chromium under Playwright: a quiz, flashcards and recall, driven
by keys, each answer found in the student's own store (skipped without Chromium)."""

from __future__ import annotations

import asyncio
import re
import zipfile

import pytest
import serve_support
from serve_support import FEEDBACK, Tab, browser, serving, sit_quiz, stored_answers

from quiz.store import Progress
from quiz.students import StudentStores

pytestmark = pytest.mark.skipif(
    serve_support.missing() is not None, reason=str(serve_support.missing())
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("served")
    with serving(data_dir) as url:
        yield url, data_dir


def test_a_quiz_in_the_browser_saves_each_answer_and_a_reload_loses_none(server):
    """Answers are saved as given: a reloaded tab is a new app, and the store has them."""
    url, data_dir = server

    async def visit() -> None:
        async with browser() as context:
            tab = await Tab.open(context, url)
            await tab.sign_in("Ana")
            await tab.press("q")
            feedback = [await tab.answer_quiz_question()]
            await tab.press("Enter")
            feedback.append(await tab.answer_quiz_question())
            assert len(stored_answers(data_dir, "Ana")) == 2
            await tab.page.reload()
            await tab.sign_in("ana")  # the same student, however typed
            await tab.press("s")  # her stats count what the lost tab answered
            await tab.wait_for(re.compile(r"2 answers?|answered 2|2 of"))
            assert sum(text.startswith("✓") for text in feedback) == sum(
                answer.correct for answer in stored_answers(data_dir, "ana")
            )

    asyncio.run(visit())
    saved = stored_answers(data_dir, "Ana")
    assert [answer.mode for answer in saved] == ["quiz", "quiz"]


def test_flashcards_in_the_browser_rate_a_card_into_the_schedule(server):
    url, data_dir = server

    async def visit() -> None:
        async with browser() as context:
            tab = await Tab.open(context, url)
            await tab.sign_in("Ben")
            await tab.press("Enter")
            await tab.wait_for("Space to check")
            await tab.press(" ")
            await tab.wait_for("Good")
            await tab.press("3")
            await tab.wait_for(re.compile(r"Done [1-9]|Learning [1-9]"))

    asyncio.run(visit())
    with Progress.open(StudentStores(data_dir).path("Ben"), read_only=True) as progress:
        assert len(progress.cards()) == 1
    assert not (data_dir / "students" / "ana" / "progress.sqlite3").exists() or all(
        answer.mode == "quiz" for answer in stored_answers(data_dir, "ana")
    )


def test_recall_in_the_browser_keeps_what_was_typed(server):
    url, data_dir = server

    async def visit() -> None:
        async with browser() as context:
            tab = await Tab.open(context, url)
            await tab.sign_in("Chen")
            await tab.press("r")
            await tab.wait_for(serve_support.QUESTION)
            await tab.type("Atlantis")
            await tab.press("Enter")
            await tab.wait_for(FEEDBACK)

    asyncio.run(visit())
    [answer] = stored_answers(data_dir, "Chen")
    assert (answer.mode, answer.typed, answer.correct) == ("recall", "Atlantis", False)


def test_three_tabs_at_once_lose_no_answer(server):
    """The load test of benchmarks/bench_serve.py, small: three students side by side."""
    url, data_dir = server
    names = ["lab-1", "lab-2", "lab-3"]

    async def lab() -> None:
        async with browser() as context:
            await asyncio.gather(*(sit_quiz(context, url, name, 3) for name in names))

    asyncio.run(lab())
    assert [len(stored_answers(data_dir, name)) for name in names] == [3, 3, 3]


@pytest.mark.parametrize(
    ("command", "suffix", "inside"),
    [
        ("Download Anki package", ".apkg", "collection.anki2"),
        ("Download classroom quiz", "-quiz.zip", ".pdf"),
    ],
)
def test_a_deck_downloads_from_the_command_palette(server, tmp_path, command, suffix, inside):
    """Textual's deliver_binary becomes the browser's own download."""
    url, _ = server

    async def visit() -> None:
        async with browser() as context:
            tab = await Tab.open(context, url)
            await tab.sign_in("Dana")
            await tab.press("Control+p")
            await tab.wait_for("Search for commands")
            await tab.type(f"{command}: Russia")
            await tab.wait_for(f"{command}: Russia")
            async with tab.page.expect_download(timeout=60_000) as download_info:
                await tab.press("Enter")
            download = await download_info.value
            assert download.suggested_filename.endswith(suffix)
            await download.save_as(tmp_path / download.suggested_filename)

    asyncio.run(visit())
    [saved] = tmp_path.iterdir()
    with zipfile.ZipFile(saved) as archive:
        assert any(inside in name for name in archive.namelist())
