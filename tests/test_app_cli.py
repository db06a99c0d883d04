"""`quiz` and `quiz study` as a student starts them: in a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time

import pytest
from test_cli import run

from quiz.cli import EXIT_PROGRESS
from quiz.store import Progress

TIMEOUT = 30.0


class Terminal:
    """A command running in an 80×24 pseudo-terminal; what it draws is collected."""

    def __init__(self, command: list[str], data_dir) -> None:
        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        env = {**os.environ, "TERM": "xterm-256color", "QUIZ_DATA_DIR": str(data_dir)}
        env.update(COLUMNS="80", LINES="24")
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.output = b""

    def read(self) -> None:
        ready, _, _ = select.select([self.master], [], [], 0.05)
        if ready:
            try:
                self.output += os.read(self.master, 65536)
            except OSError:  # the program ended
                time.sleep(0.05)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while text.encode() not in self.output:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not shown; output ends {self.output[-400:]!r}")
            self.read()

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                self.process.kill()
                raise AssertionError("the app did not quit")
            self.read()
        return self.process.returncode

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


@pytest.fixture
def terminal():
    started: list[Terminal] = []

    def start(command: list[str], data_dir) -> Terminal:
        started.append(Terminal(command, data_dir))
        return started[-1]

    yield start
    for opened in started:
        opened.close()


def test_bare_quiz_in_a_terminal_opens_the_app_on_the_bundled_decks(
    quiz_command, terminal, tmp_path
):
    app = terminal(quiz_command, tmp_path)
    app.wait_for("Russia's allies")
    app.wait_for("Who said it?")
    app.send("q")  # a quiz on the first deck
    app.wait_for("Q 1/10")
    app.send("\x11")  # ctrl+q
    assert app.wait() == 0
    with Progress.open(tmp_path / "progress.sqlite3") as progress:
        assert progress.notice is None


def test_study_opens_a_mode_and_saves_each_answer(quiz_command, terminal, tmp_path):
    command = [*quiz_command, "study", "Who said it?", "--mode", "recall", "--count", "2"]
    app = terminal(command, tmp_path)
    app.wait_for("Q 1/2")
    app.send("Atlantis\r")
    app.wait_for("Wrong")
    app.send("\x11")
    assert app.wait() == 0
    with Progress.open(tmp_path / "progress.sqlite3") as progress:
        answers = progress.answers("who-said-it")
    assert [(answer.typed, answer.correct, answer.mode) for answer in answers] == [
        ("Atlantis", False, "recall")
    ]


def test_an_unusable_data_dir_is_reported_without_the_app(quiz_command, terminal, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app = terminal([*quiz_command, "--data-dir", str(blocker / "progress")], tmp_path)
    assert app.wait() == EXIT_PROGRESS
    assert b"cannot create the progress folder" in app.output
    assert b"Traceback" not in app.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["atlantis"], "no deck named 'atlantis' (decks: russia-allies, who-said-it)"),
        (["russia-allies", "--mode", "exam"], "invalid choice: 'exam'"),
        (["russia-allies", "--count", "0"], "expected a whole number of at least 1"),
        (["russia-allies", "--mode", "practice", "--tag", "atlantis"], "has no tag 'atlantis'"),
        (["russia-allies", "--tag", "china"], "--tag goes with --mode practice"),
        (["russia-allies"], "quiz study needs a terminal"),
    ],
)
def test_study_mistakes_are_usage_errors(quiz_command, tmp_path, args, message):
    result = run(quiz_command, "study", *args, "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
