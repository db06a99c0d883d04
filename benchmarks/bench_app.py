"""How quickly the study app answers, measured in a real pseudo-terminal.

1. Time to first frame: from starting `quiz` to its home screen on the
   terminal, against a minimal Textual app (one line of text) started and
   measured the same way in the same run. Target: at most 1.5 times the minimal app.
2. Next question: in a scored quiz, from the key that asks for the next
   question to that question on the terminal. Target: under 50 ms.
3. With a year of daily study in the database (benchmarks/year_of_study.py): the
   home screen's first frame and its deck list with progress, against the minimal
   app (targets: first frame and deck list within 1.3x), and the stats screen, from
   pressing `s` to its charts on the terminal (target: 150 ms).
4. With a 10k-fact synthetic deck added to the library (`quiz add`, then loaded
   once so the cache is warm): the deck list with that deck on it, against the
   minimal app (target: within 1.5x).

Every run uses a fresh cache folder (QUIZ_CACHE_DIR), filled by one start of the
app before the timed ones, and compiles quiz's bytecode first, as pip does on
install (with PYTHONDONTWRITEBYTECODE set, every process would compile it again).

Run: python benchmarks/bench_app.py [--runs N] [--only year|large]
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("minimal app ready")

Minimal().run()
"""
QUIZ = str(Path(sys.executable).parent / "quiz")
SIZE = (24, 80)
TIMEOUT = 20.0
WARM_UP_SECONDS = 5.0  # enough to generate a 10k-fact deck's items after the list
WARM_UP_TIMEOUT = 60.0
LARGE_FACTS = 10_000


class Terminal:
    """A program running in an 80×24 pseudo-terminal, and what it has drawn."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.output = b""

    def wait_for(self, text: str, since: int = 0, timeout: float | None = None) -> float:
        """Seconds from now until `text` is drawn (after output offset `since`)."""
        wanted = text.encode()
        start = time.perf_counter()
        while wanted not in self.output[since:]:
            if time.perf_counter() - start > (timeout or TIMEOUT):
                raise TimeoutError(f"{text!r} never appeared")
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    raise TimeoutError(f"program ended before {text!r} appeared") from None
        return time.perf_counter() - start

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if ready:
                self.output += os.read(self.master, 65536)

    def send(self, keys: str) -> int:
        """Type `keys`; returns the output offset from which their effect shows."""
        self.drain(0)
        offset = len(self.output)
        os.write(self.master, keys.encode())
        return offset

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.master)


def environment(data_dir: str, cache_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "QUIZ_DATA_DIR": data_dir,
        "QUIZ_CACHE_DIR": cache_dir,
    }


def warm_up(env: dict[str, str], marker: str) -> None:
    """Start the app once and let it finish its work after the deck list (reading the
    decks, generating the next start's items), so the timed starts meet a warm cache."""
    terminal = Terminal([QUIZ], env)
    try:
        terminal.wait_for(marker, timeout=WARM_UP_TIMEOUT)  # a deck checked for the first time
        terminal.drain(WARM_UP_SECONDS)
    finally:
        terminal.close()


def first_frame(command: list[str], markers: list[str], env: dict[str, str]) -> list[float]:
    """Seconds from starting `command` until each marker is on the terminal."""
    terminal = Terminal(command, env)
    try:
        times = []
        for marker in markers:
            terminal.wait_for(marker)
            times.append(time.perf_counter() - terminal.started)
        return times
    finally:
        terminal.close()


def next_question_times(env: dict[str, str], questions: int) -> list[float]:
    """Answer each question with whatever key it takes, then time Enter to the next one."""
    terminal = Terminal(
        [QUIZ, "study", "russia-allies", "--mode", "quiz", "--count", str(questions + 1)], env
    )
    times = []
    try:
        terminal.wait_for(f"Q 1/{questions + 1}")
        for number in range(1, questions + 1):
            offset = terminal.send("a")  # an option, a tick, or a partner
            while True:
                try:
                    terminal.wait_for("Enter: next question", offset)
                    break
                except TimeoutError:
                    offset = terminal.send("\r")  # submit the ticks, or pair the next item
            terminal.drain(0.3)  # let the feedback settle before timing the next question
            offset = terminal.send("\r")
            times.append(terminal.wait_for(f"Q {number + 1}/{questions + 1}", offset))
    finally:
        terminal.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="starts of each app (default 5)")
    parser.add_argument("--questions", type=int, default=10, help="questions timed (default 10)")
    parser.add_argument(
        "--only", choices=("year", "large"), help="only the year-of-study or 10k-deck figures"
    )
    args = parser.parse_args()
    import quiz

    compileall.compile_dir(Path(quiz.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as cache_dir:
        if args.only is None:
            time_start_and_questions(args, cache_dir)
        if args.only in (None, "year"):
            time_year_of_study(args, cache_dir)
        if args.only in (None, "large"):
            time_large_deck(args, cache_dir)


def stats_screen(env: dict[str, str]) -> float:
    """Seconds from pressing `s` on the home screen to the stats screen's charts."""
    terminal = Terminal([QUIZ], env)
    try:
        terminal.wait_for("Who said it?")
        terminal.drain(0.5)  # let the home screen settle
        offset = terminal.send("s")
        start = time.perf_counter()
        terminal.wait_for("Cards due, next", offset)
        return time.perf_counter() - start
    finally:
        terminal.close()


def time_year_of_study(args: argparse.Namespace, cache_dir: str) -> None:
    from year_of_study import build  # benchmarks/, on sys.path when run as a script

    with tempfile.TemporaryDirectory() as data_dir:
        build(Path(data_dir))
        env = environment(data_dir, cache_dir)
        warm_up(env, "Who said it?")
        minimal, frames, listed, stats = [], [], [], []
        for _ in range(args.runs):
            minimal += first_frame([sys.executable, "-c", MINIMAL_APP], ["minimal app ready"], env)
            frame, decks = first_frame([QUIZ], ["study sourced facts", "Who said it?"], env)
            frames.append(frame)
            listed.append(decks)
            stats.append(stats_screen(env))
    base = statistics.median(minimal)
    frame, decks, shown = (statistics.median(times) for times in (frames, listed, stats))
    print(f"a year of daily study (benchmarks/year_of_study.py), medians of {args.runs} runs:")
    print(f"  minimal Textual app, first frame   {base * 1000:5.0f} ms  (baseline)")
    print(f"  home screen, first frame           {frame * 1000:5.0f} ms  {frame / base:.2f}x")
    print(f"  deck list with progress            {decks * 1000:5.0f} ms  {decks / base:.2f}x")
    print(f"  stats screen, s to its charts      {shown * 1000:5.0f} ms  (target <= 150 ms)")


def time_large_deck(args: argparse.Namespace, cache_dir: str) -> None:
    """The deck list with a 10k-fact deck in the library, its cache entry warm."""
    from synthetic import make_deck, write_yaml  # benchmarks/, on sys.path as a script

    with tempfile.TemporaryDirectory() as data_dir:
        deck = make_deck(LARGE_FACTS)
        path = Path(data_dir) / f"{deck.id}.yaml"
        write_yaml(deck, path)
        env = environment(data_dir, cache_dir)
        subprocess.run([QUIZ, "add", str(path)], env=env, check=True, capture_output=True)
        marker = deck.name[:12]  # at 80 columns the name is cut to 19 characters and "…"
        warm_up(env, marker)
        minimal, listed = [], []
        for _ in range(args.runs):
            minimal += first_frame([sys.executable, "-c", MINIMAL_APP], ["minimal app ready"], env)
            listed += first_frame([QUIZ], [marker], env)
    base, decks = statistics.median(minimal), statistics.median(listed)
    print(f"a {LARGE_FACTS:,}-fact deck in the library (warm cache), medians of {args.runs} runs:")
    print(f"  minimal Textual app, first frame   {base * 1000:5.0f} ms  (baseline)")
    print(f"  deck list with the large deck      {decks * 1000:5.0f} ms  {decks / base:.2f}x")


def time_start_and_questions(args: argparse.Namespace, cache_dir: str) -> None:
    global TIMEOUT
    with tempfile.TemporaryDirectory() as data_dir:
        env = environment(data_dir, cache_dir)
        warm_up(env, "Who said it?")
        minimal, quiz, decks = [], [], []
        for _ in range(args.runs):  # alternate, so both meet the same machine load
            minimal += first_frame([sys.executable, "-c", MINIMAL_APP], ["minimal app ready"], env)
            # The home screen's title is its first frame; the decks load after it.
            frame, listed = first_frame([QUIZ], ["study sourced facts", "Who said it?"], env)
            quiz.append(frame)
            decks.append(listed)
        TIMEOUT = 2.0  # a question that does not answer to "a" is given Enter instead
        nexts = next_question_times(env, args.questions)
    minimal_median, quiz_median = statistics.median(minimal), statistics.median(quiz)
    print(
        f"first frame, minimal Textual app: median {minimal_median * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in minimal)})"
    )
    print(
        f"first frame, quiz:                median {quiz_median * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t in quiz)})"
    )
    print(f"ratio: {quiz_median / minimal_median:.2f} (target <= 1.5)")
    print(f"decks listed with their progress: median {statistics.median(decks) * 1000:.0f} ms")
    print(
        f"next question: median {statistics.median(nexts) * 1000:.0f} ms, "
        f"max {max(nexts) * 1000:.0f} ms over {len(nexts)} questions (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
