"""`quiz serve` in a real browser: the server, Debian's Chromium under Playwright, and a tab
driven by keys whose terminal text is read back.

textual-serve draws each app with xterm.js and keeps the terminal object to itself;
`Tab` serves the page a copy of textual-serve's script that also names it
`window.quizTerminal`, so a test reads the very cells the student sees. Nothing here
downloads a browser: without /usr/bin/chromium the callers skip.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.store import Answer, Progress

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1000, "height": 640}  # about 100×32 cells in textual-serve's font
ROOT = Path(__file__).resolve().parent.parent
TERMINAL = "this.terminal=new "  # in textual-serve's textual.js, where the terminal is made
READ_SCREEN = """() => {
    const terminal = window.quizTerminal;
    if (!terminal) return "";
    const buffer = terminal.buffer.active, lines = [];
    for (let y = 0; y < terminal.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        lines.push(line ? line.translateToString(true) : "");
    }
    return lines.join("\\n");
}"""
FEEDBACK = re.compile(r"[✓✗] (Right|Wrong|Almost)")
QUESTION = re.compile(r"Q \d+/\d+")  # the scoreboard of a quiz or recall


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(data_dir: Path, port: int | None = None) -> Iterator[str]:
    """Run `quiz serve` on 127.0.0.1 with progress under `data_dir`; yields its URL.
    The server and the apps it started (its own process group) stop at the end."""
    port = port or free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "quiz", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"quiz serve did not start (exit {server.poll()})") from None
                time.sleep(0.1)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGINT)  # textual-serve asks each app to quit
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@asynccontextmanager
async def browser() -> AsyncIterator[BrowserContext]:
    """Debian's Chromium, headless, with a fresh profile; its pages expose the terminal."""
    from playwright.async_api import async_playwright

    profile = tempfile.mkdtemp(prefix="quiz-chromium-")
    try:
        async with async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
                viewport=VIEWPORT,  # type: ignore[arg-type]
            )
            await context.route("**/static/js/textual.js", _expose_terminal)
            try:
                yield context
            finally:
                await context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


async def _expose_terminal(route: Route) -> None:
    response = await route.fetch()
    script = await response.text()
    if TERMINAL not in script:
        raise RuntimeError("textual-serve's script changed: update TERMINAL in serve_support.py")
    patched = script.replace(TERMINAL, "this.terminal=window.quizTerminal=new ", 1)
    await route.fulfill(response=response, body=patched)


class Tab:
    """One browser tab on `quiz serve`: keys go in, the terminal's text comes out."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @classmethod
    async def open(cls, context: BrowserContext, url: str) -> Tab:
        tab = cls(await context.new_page())
        await tab.page.goto(url)
        return tab

    async def text(self) -> str:
        return str(await self.page.evaluate(READ_SCREEN))

    async def wait_for(self, pattern: str | re.Pattern[str], timeout: float = 30) -> str:
        """The screen's text once it shows `pattern` (text or a regex)."""
        deadline = time.monotonic() + timeout
        while True:
            text = await self.text()
            found = pattern.search(text) if isinstance(pattern, re.Pattern) else pattern in text
            if found:
                return text
            if time.monotonic() > deadline:
                raise TimeoutError(f"{pattern!r} never appeared; the screen shows:\n{text}")
            await asyncio.sleep(0.05)

    async def press(self, *keys: str) -> None:
        """Press keys (Playwright's names: "q", "Enter", "Escape", "Backspace")."""
        await self.page.focus("textarea.xterm-helper-textarea")
        for key in keys:
            await self.page.keyboard.press(key)

    async def type(self, text: str) -> None:
        await self.page.focus("textarea.xterm-helper-textarea")
        await self.page.keyboard.type(text)

    async def sign_in(self, name: str) -> None:
        await self.wait_for("Who is studying?")
        await self.type(name)
        await self.press("Enter")
        await self.wait_for("Last studied")  # the home screen's table of decks

    async def answer_quiz_question(self) -> str:
        """Answer the question on screen with its first options, whatever its kind;
        returns the feedback line ("✓ Right" or "✗ Wrong"). Each key waits for its
        effect to be drawn, so a slow tab never has a key land on the next question."""
        await self.wait_for(QUESTION)
        text = await self._settled()
        while FEEDBACK.search(text):  # the last answer's, before Enter was drawn
            text = await self._settled()
        if "Tick every right option" in text:  # select all: tick the first option, check
            keys = ["a", "Enter"]
        elif "Give each item its partner" in text:  # matching: partners in turn, then check
            keys = [*"abcdefgh", "Enter"]
        else:  # multiple choice, true or false
            keys = ["a"]
        for key in keys:
            if FEEDBACK.search(text):
                break
            if key != "Enter" and "All matched" in text:
                # A letter past the last pair is no partner ("f" flags the item).
                key = "Enter"
            text = await self._press_and_draw(key, text)
            if key == "Enter":
                break
        match = FEEDBACK.search(await self.wait_for(FEEDBACK))
        assert match is not None
        return match.group(0)

    async def _press_and_draw(self, key: str, before: str, timeout: float = 3) -> str:
        """Press `key` and return the screen once it changed (a key that changes nothing,
        as a pairing after the last one, gives up after `timeout`)."""
        await self.press(key)
        deadline = time.monotonic() + timeout
        while await self.text() == before and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return await self._settled()

    async def _settled(self) -> str:
        """The screen once a key has been drawn (two equal reads 50 ms apart)."""
        before = await self.text()
        while True:
            await asyncio.sleep(0.05)
            now = await self.text()
            if now == before:
                return now
            before = now


def stored_answers(data_dir: Path, name: str) -> list[Answer]:
    """What the store holds for the student called `name`, read as a teacher would."""
    from quiz.students import StudentStores

    with Progress.open(StudentStores(data_dir).path(name), read_only=True) as progress:
        return progress.answers()


async def sit_quiz(context: BrowserContext, url: str, name: str, answers: int) -> float:
    """A student's visit: open a tab, sign in, answer `answers` quiz questions. Returns
    the seconds from opening the page to the name screen drawn in it."""
    started = time.perf_counter()
    tab = await Tab.open(context, url)
    await tab.wait_for("Who is studying?")
    first_screen = time.perf_counter() - started
    await tab.sign_in(name)
    await tab.press("q")
    for _ in range(answers):
        await tab.answer_quiz_question()
        await tab.press("Enter")
    await tab.page.close()
    return first_screen
