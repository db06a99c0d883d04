"""The teacher's path, through the `quiz` entry point: an article to a starter deck, the
deck checked, accepted, studied, made into a quiz, exported, listed and removed."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

from app_support import Clock
from library_support import ARTICLE, DECK_ID, accept_candidates, run

from quiz.app.app import QuizApp
from quiz.app.library import load_library
from quiz.authoring import candidates, sentences
from quiz.library import known_deck_files, library_dir
from quiz.schedule import Schedule
from quiz.store import Progress


def new_deck(quiz_command: list[str], folder: Path, data: Path) -> Path:
    made = run(
        quiz_command,
        "new",
        str(ARTICLE),
        "--date",
        "2024-03-12",
        "--outlet",
        "Harbour Gazette",
        "--author",
        "",
        "--id",
        DECK_ID,
        cwd=folder,
        data=data,
    )
    assert made.returncode == 0, made.stderr
    return folder / f"{DECK_ID}.yaml"


def test_an_article_becomes_a_deck_studied_made_exported_listed_and_removed(quiz_command, tmp_path):
    """The issue's "done when", step by step, in an empty folder with its own data folder."""
    folder, data = tmp_path / "work", tmp_path / "data"
    folder.mkdir()
    deck = new_deck(quiz_command, folder, data)
    assert (folder / "seeds" / "sources.yaml").is_file()

    starter = run(quiz_command, "check", str(deck), cwd=folder, data=data)
    assert starter.returncode == 0, starter.stderr
    assert "a starter deck with no facts yet; 10 candidates" in starter.stdout

    accept_candidates(deck)
    checked = run(quiz_command, "check", deck.name, cwd=folder, data=data)
    assert checked.returncode == 0, checked.stderr
    assert f"ok, deck '{DECK_ID}' with 2 facts" in checked.stdout

    added = run(quiz_command, "add", deck.name, cwd=folder, data=data)
    assert added.returncode == 0, added.stderr
    assert (library_dir(data) / DECK_ID / "seeds" / "sources.yaml").is_file()

    listed = run(quiz_command, "decks", cwd=folder, data=data)
    assert listed.returncode == 0, listed.stderr
    [row] = [line for line in listed.stdout.splitlines() if line.startswith(DECK_ID)]
    assert "2 facts, 5 items, library:" in row

    # Named by its id now, from any folder: a classroom quiz and an Anki package.
    made = run(quiz_command, "make", DECK_ID, "--questions", "2", "-o", "q", cwd=folder, data=data)
    assert made.returncode == 0, made.stderr
    assert (folder / "q").is_dir()
    exported = run(
        quiz_command, "export", "anki", "--deck", DECK_ID, "-o", "d.apkg", cwd=folder, data=data
    )
    assert exported.returncode == 0, exported.stderr
    assert (folder / "d.apkg").is_file()

    study_in_the_app(data)
    database = data / "progress.sqlite3"
    before = answers_of(database)
    assert before

    removed = run(quiz_command, "remove", DECK_ID, cwd=folder, data=data)
    assert removed.returncode == 0, removed.stderr
    assert "progress is kept" in removed.stdout
    assert not (library_dir(data) / DECK_ID).exists()
    assert answers_of(database) == before
    listed = run(quiz_command, "decks", cwd=folder, data=data)
    assert DECK_ID not in listed.stdout


def study_in_the_app(data: Path) -> None:
    """A Pilot session on the library's deck: one quiz answer, saved in the store."""
    import asyncio

    library = load_library(files=known_deck_files(data), seed=0)
    assert library.shelf(DECK_ID) is not None and library.shelf(DECK_ID).ok
    app = QuizApp(
        Progress.open(data / "progress.sqlite3"),
        library=library,
        library_folder=library_dir(data),
        clock=Clock(),
        seed=1,
        schedule=Schedule(fuzz=False),
    )

    async def script() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.begin(DECK_ID, "recall", count=2)
            await pilot.pause()
            item = app.screen.session.current
            await pilot.press(*str(item.answer), "enter")
            await pilot.pause()

    try:
        asyncio.run(script())
    finally:
        app.progress.close()


def answers_of(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT item_id, correct FROM answers WHERE deck = ?", (DECK_ID,)
        ).fetchall()


def test_add_refuses_a_broken_deck_with_its_problems(quiz_command, tmp_path):
    folder, data = tmp_path / "work", tmp_path / "data"
    folder.mkdir()
    deck = new_deck(quiz_command, folder, data)
    accept_candidates(deck)
    deck.write_text(deck.read_text("utf-8").replace("relation: returned_to", "relation: x_y"))
    refused = run(quiz_command, "add", deck.name, cwd=folder, data=data)
    assert refused.returncode == 1
    assert "unknown relation 'x_y'" in refused.stderr
    assert not library_dir(data).exists() or not any(library_dir(data).iterdir())


def test_remove_forgets_progress_only_when_asked(quiz_command, tmp_path):
    folder, data = tmp_path / "work", tmp_path / "data"
    folder.mkdir()
    deck = new_deck(quiz_command, folder, data)
    accept_candidates(deck)
    assert run(quiz_command, "add", deck.name, cwd=folder, data=data).returncode == 0
    study_in_the_app(data)
    assert answers_of(data / "progress.sqlite3")
    bundled = run(quiz_command, "remove", "russia-allies", cwd=folder, data=data)
    assert bundled.returncode == 2 and "not in your library" in bundled.stderr
    gone = run(quiz_command, "remove", DECK_ID, "--forget-progress", cwd=folder, data=data)
    assert gone.returncode == 0, gone.stderr
    assert answers_of(data / "progress.sqlite3") == []


def test_every_command_names_a_deck_by_path_and_the_old_file_flag_still_works(
    quiz_command, tmp_path
):
    folder, data = tmp_path / "work", tmp_path / "data"
    folder.mkdir()
    deck = new_deck(quiz_command, folder, data)
    accept_candidates(deck)
    for args in (
        ["facts", deck.name],
        ["generate", deck.name],
        ["generate", "--deck", deck.name],
        ["lint", deck.name],
        ["preview", deck.name],
        ["stats", deck.name],
        ["flags", deck.name],
    ):
        result = run(quiz_command, *args, cwd=folder, data=data)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert "no deck named" not in result.stderr, args
    old = run(quiz_command, "facts", "--file", deck.name, cwd=folder, data=data)
    assert old.returncode == 0
    assert "--file is deprecated" in old.stderr
    assert "fact-9-russia" in old.stdout
    preview = run(quiz_command, "preview", deck.name, cwd=folder, data=data)
    assert "[recall] With which country does Russia share" in preview.stdout
    missing = run(quiz_command, "generate", "nothing-such", cwd=folder, data=data)
    assert missing.returncode == 2 and "no deck named 'nothing-such'" in missing.stderr


def test_candidates_quote_the_article_verbatim_and_mark_what_they_find():
    text = ARTICLE.read_text("utf-8")
    found = candidates(text)
    assert all(candidate.quote in text for candidate in found)
    assert all(text[c.start : c.start + len(c.quote)] == c.quote for c in found)
    by_start = {candidate.quote.split()[0]: candidate for candidate in found}
    according = by_start["According"]
    assert "according to" in according.cues
    kinds = {mark.text: mark.kind for mark in according.marks}
    assert kinds["42,000 tonnes"] == "amount"
    assert kinds["Norwegian Fisheries Directorate"] == "name"
    russia = by_start["Russia"]
    assert ("Russia", "country", "russia") in {(m.text, m.kind, m.entity) for m in russia.marks}
    assert any(mark.kind == "date" and mark.text == "1975" for mark in russia.marks)
    assert "denies" in by_start["The"].cues or any("denies" in c.cues for c in found)


def test_a_3000_word_article_gives_its_starter_deck_in_under_two_seconds(tmp_path):
    """The README's figure: sentences, marks and relations for a 3,000-word article."""
    text = "\n\n".join([ARTICLE.read_text("utf-8")] * 19)
    assert len(text.split()) >= 3000
    candidates("warm up the caches.")
    started = time.perf_counter()
    found = candidates(text)
    seconds = time.perf_counter() - started
    assert len(found) > 150
    assert seconds < 2.0, seconds
    assert len(sentences(text)) >= len(found)


def test_the_home_screen_notices_a_deck_added_to_the_library(quiz_command, tmp_path):
    """No restart: the app polls the deck files' times and reloads the library."""
    import asyncio

    folder, data = tmp_path / "work", tmp_path / "data"
    folder.mkdir()
    deck = new_deck(quiz_command, folder, data)
    accept_candidates(deck)
    library_dir(data).mkdir(parents=True)
    app = QuizApp(
        Progress.open(data / "progress.sqlite3"),
        library_folder=library_dir(data),
        clock=Clock(),
        seed=1,
        schedule=Schedule(fuzz=False),
    )

    async def script() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):
                await pilot.pause(0.05)
                if app.library is not None:
                    break
            assert app.library.shelf(DECK_ID) is None
            assert run(quiz_command, "add", deck.name, cwd=folder, data=data).returncode == 0
            app.check_for_changes()
            for _ in range(100):
                await pilot.pause(0.05)
                if app.library.shelf(DECK_ID) is not None:
                    break
            assert app.library.shelf(DECK_ID).ok

    try:
        asyncio.run(script())
    finally:
        app.progress.close()


def test_check_watch_checks_again_on_every_save(quiz_command, tmp_path):
    folder, data = tmp_path / "work", tmp_path / "data"
    folder.mkdir()
    deck = new_deck(quiz_command, folder, data)
    import os

    env = {**os.environ, "QUIZ_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    watcher = subprocess.Popen(
        [*quiz_command, "check", "--watch", deck.name],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        assert watcher.stdout is not None
        while "(watching" not in "".join(lines):
            lines.append(watcher.stdout.readline())
        assert "starter deck" in "".join(lines)
        time.sleep(0.1)
        accept_candidates(deck)
        text = deck.read_text("utf-8").replace("relation: returned_to", "relation: x_y")
        deck.write_text(text, "utf-8")
        lines = []
        while "(watching" not in "".join(lines):
            lines.append(watcher.stdout.readline())
        assert "unknown relation 'x_y'" in "".join(lines)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
