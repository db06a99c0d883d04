"""The `quiz` command when things go wrong around it: hostile deck text, broken
standard streams, odd files in a deck folder, Ctrl+C, a crash. Each ends in a
clear message and a non-zero exit (README.md, "Exit codes"), never a traceback,
a hang, or control characters sent to the terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from conftest import VALID_DECK
from test_cli import run
from textual.app import App

from quiz import resources
from quiz.app.app import QuizApp
from quiz.cli import (
    EXIT_CRASHED,
    EXIT_DISK_FULL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    main,
)
from quiz.cli import decks as deck_commands
from quiz.store import DATABASE_NAME, Progress

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\r\x9b"


def shell(command: list[str], redirect: str, **env: str) -> subprocess.CompletedProcess:
    """Run `command` under sh with a redirection such as `> /dev/full` or `<&-`."""
    quoted = " ".join(f"'{part}'" for part in command)
    return subprocess.run(
        ["sh", "-c", f"{quoted} {redirect}"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


def test_control_characters_in_deck_text_never_reach_the_terminal(
    quiz_command, write_deck, tmp_path
):
    """A statement carrying ESC sequences (retitle, clear screen), CR and a C1 CSI is
    refused by `facts` as by `quiz check`; a flag carrying them is printed with
    visible escapes by `flags`."""
    hostile = VALID_DECK.replace(
        "statement: Belarus is Russia's closest ally.",
        'statement: "Belarus is Russia\'s closest ally.\\e]0;pwned\\a\\e[2J\\r\\x9b"',
    ).replace("name: Mini deck", 'name: "Mini\\e[2J deck"')
    deck = write_deck(hostile)
    facts = run(quiz_command, "facts", "--file", str(deck))
    assert facts.returncode == EXIT_PROBLEMS, facts.stderr
    assert "statement holds the control character U+001B" in facts.stderr
    assert "deck name holds the control character U+001B" in facts.stderr
    with Progress.open(tmp_path / "data" / DATABASE_NAME) as progress:
        progress.flag("item-1", "mini", f"typo {ESCAPES}", f"Who? {ESCAPES}", datetime.now(UTC))
    flags = run(quiz_command, "flags", "--data-dir", str(tmp_path / "data"))
    assert flags.returncode == EXIT_OK, flags.stderr
    for output in (facts.stdout, facts.stderr, flags.stdout):
        assert not any(char in output for char in "\x1b\x07\r\x9b")


def test_output_to_a_full_disk_is_a_message_and_its_own_exit_code(quiz_command):
    result = shell([*quiz_command, "facts"], "> /dev/full")
    assert result.returncode == EXIT_DISK_FULL
    assert result.stderr == "quiz: error: cannot write the output: No space left on device\n"


def test_closed_standard_streams_are_reported_or_harmless(quiz_command):
    closed_out = shell([*quiz_command, "facts"], ">&-")
    assert closed_out.returncode == EXIT_OUTPUT
    assert closed_out.stderr == "quiz: error: standard output is closed\n"
    closed_in = shell([*quiz_command], "<&-")  # bare quiz, no terminal: it says what it does
    assert closed_in.returncode == EXIT_OK and "usage: quiz" in closed_in.stdout
    facts = shell([*quiz_command, "facts"], "<&-")
    assert facts.returncode == EXIT_OK and "Traceback" not in facts.stderr


def test_an_ascii_only_standard_output_gets_escapes_not_a_crash(quiz_command):
    result = shell([*quiz_command, "facts"], "", PYTHONIOENCODING="ascii")
    assert result.returncode == EXIT_OK, result.stderr
    assert "\\u2019" in result.stdout or "\\u2026" in result.stdout  # ’ or …, escaped


def test_a_fifo_or_a_device_as_a_deck_is_refused_without_reading_it(
    quiz_command, tmp_path, write_deck
):
    """A FIFO blocked `quiz check` for ever; /dev/zero ended in MemoryError."""
    write_deck(VALID_DECK)
    os.mkfifo(tmp_path / "pipe.yaml")
    folder = run(quiz_command, "check", str(tmp_path))
    assert folder.returncode == EXIT_PROBLEMS
    assert f"{tmp_path / 'pipe.yaml'}:1:1: not a regular file" in folder.stderr
    device = run(quiz_command, "check", "/dev/zero")
    assert device.returncode == EXIT_PROBLEMS
    assert "/dev/zero:1:1: not a regular file (a pipe or a device)" in device.stderr


def test_ctrl_c_is_a_short_message_and_exit_130(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(deck_commands, "_run_check", interrupted)
    assert main(["check"]) == EXIT_INTERRUPTED == 130
    assert capsys.readouterr().err == "quiz: error: interrupted\n"


def test_the_study_app_crashing_exits_non_zero(monkeypatch, tmp_path):
    def crash(self):
        raise RuntimeError("a bug in a screen")

    monkeypatch.setattr(QuizApp, "on_mount", crash)
    monkeypatch.setattr(QuizApp, "run", lambda self: App.run(self, headless=True))
    monkeypatch.setattr("quiz.cli.in_terminal", lambda: True)
    assert main(["--data-dir", str(tmp_path)]) == EXIT_CRASHED


@pytest.mark.parametrize(
    "args",
    [
        ["check", ""],
        ["facts", "--deck", ""],
        ["facts", "--file", ""],
        ["stats", ""],
        ["stats", "--data-dir", ""],
        ["flags", "--data-dir", " "],
        ["check", "--seeds", ""],
    ],
)
def test_an_empty_argument_is_refused_not_taken_for_the_current_folder(quiz_command, args):
    result = run(quiz_command, *args)
    assert result.returncode == EXIT_USAGE
    assert "empty" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def seeds_copy(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(resources.seeds_dir(), folder)
    return folder


def test_a_seed_file_outside_the_seeds_folder_is_refused_and_never_read(
    quiz_command, seeds_copy, tmp_path
):
    secret = tmp_path / "secret.txt"
    secret.write_text("Belarus is the secret text of another file", encoding="utf-8")
    metadata = seeds_copy / "sources.yaml"
    text = metadata.read_text(encoding="utf-8")
    text = text.replace("file: 000_76016ac37ccd59dc.txt", "file: /etc/passwd", 1)
    text = text.replace("file: 001_183e215139b479b5.txt", "file: ../secret.txt", 1)
    metadata.write_text(text, encoding="utf-8")
    result = run(quiz_command, "check", "--seeds", str(seeds_copy))
    assert result.returncode == EXIT_PROBLEMS
    for name in ("/etc/passwd", "../secret.txt"):
        line = next(n for n, row in enumerate(text.splitlines(), 1) if f"file: {name}" in row)
        assert f"{metadata}:{line}:11: a seed file must be inside the seeds folder" in result.stderr
    assert "secret text" not in result.stderr and "root:" not in result.stderr


def test_seed_values_the_exports_cannot_use_are_problems_at_their_line(quiz_command, seeds_copy):
    """A date with a space, a number as outlet and a list as author passed `quiz
    check` and then crashed `quiz export anki`."""
    metadata = seeds_copy / "sources.yaml"
    text = metadata.read_text(encoding="utf-8")
    text = text.replace("    date: 2024-03\n", '    date: "2024 03"\n', 1)
    text = text.replace("    outlet: null\n", "    outlet: 5\n", 1)
    text = text.replace("    author: null\n", "    author: [Ann, Bob]\n", 1)
    metadata.write_text(text, encoding="utf-8")
    result = run(quiz_command, "check", "--seeds", str(seeds_copy))
    assert result.returncode == EXIT_PROBLEMS
    lines = text.splitlines()
    for needle, message in (
        ('date: "2024 03"', "a seed's date is YYYY, YYYY-MM or YYYY-MM-DD"),
        ("outlet: 5", "a seed's outlet is a name in quotes, or null"),
        ("author: [Ann, Bob]", "a seed's author is a name in quotes, or null"),
    ):
        line = next(n for n, row in enumerate(lines, 1) if needle in row)
        assert f"{metadata}:{line}:" in result.stderr and message in result.stderr
    assert "deck" not in result.stderr.replace("problems found", "")
