"""The study app: decks on the home screen, a screen per mode, progress saved as it is made.

The app is a thin adapter. Items come from the core (`quiz.generate`), the
scoring from `quiz.session`, scheduling from `quiz.schedule`, and every answer
and rating goes straight to the store (`quiz.store`) when it is given. The
clock, random seed and time zone are passed in, so tests and snapshots see
the same app every run.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from quiz.app.commands import DeckCommands
from quiz.schedule import CardState, Rating, Schedule
from quiz.store import Answer, Progress, SavedRating, StoreError

if TYPE_CHECKING:  # loading decks is imported when they load, after the first frame
    from quiz.app.library import Library, Shelf
    from quiz.app.screens.student import StudentScreen
    from quiz.facts import Deck
    from quiz.items import Item
    from quiz.library import DeckFile
    from quiz.seeds import Seed, SeedLibrary
    from quiz.session import Answer as SessionAnswer
    from quiz.students import StudentStores

DEFAULT_COUNT = 10  # questions in a quiz or recall session
LIBRARY_POLL_SECONDS = 2.0  # how often the deck files' times are looked at
THEME_SETTING = "theme"
THEMES = ("textual-dark", "textual-light")


@dataclass(frozen=True)
class Start:
    """Open straight into a mode (`quiz study DECK --mode ...`)."""

    deck: str
    mode: str = "cards"
    count: int | None = None
    tag: str | None = None


class ProgressChanged(Message):
    """Saved progress changed outside the screen showing it: refresh the figures."""


class QuizApp(App[None]):
    """Scored quizzes, spaced-repetition flashcards, typed recall and stats."""

    TITLE = "quiz"
    SUB_TITLE = "study sourced facts"
    # Textual reads a screen's CSS_PATH when the screen is pushed, never for the default
    # screen, so the name screen (the first of a shared app) has its rules read here.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/student.tcss"]
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {DeckCommands}  # a mode on a deck, its name shown as text
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    library: reactive[Library | None] = reactive(None, init=False)

    def __init__(
        self,
        progress: Progress | None = None,
        *,
        students: StudentStores | None = None,
        library: Library | None = None,
        deck_files: Sequence[Path] | None = None,
        library_folder: Path | None = None,
        extra_decks: Sequence[DeckFile] = (),
        start: Start | None = None,
        clock: Callable[[], datetime] | None = None,
        seed: int | None = None,
        schedule: Schedule | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__()
        if (progress is None) == (students is None):
            raise TypeError("give the app one progress store, or the students' stores")
        self._progress = progress
        self.students = students  # a shared app: each student signs in (StudentScreen)
        self.deck_files = deck_files
        # The user's own decks, and decks named by path (`quiz study my-deck.yaml`): the
        # home screen lists them too and notices a changed file (see `check_for_changes`).
        self.library_folder = library_folder
        self.extra_decks = tuple(extra_decks)
        self._file_times: tuple | None = None
        self.start = start
        self.clock = clock or (lambda: datetime.now(UTC))
        # Without a seed, each start shows other items: those the last start generated
        # and kept in the cache, while it generates the next start's (`restock`).
        self.fresh_items = seed is None
        self.seed = random.randrange(1 << 30) if seed is None else seed
        self.schedule = schedule or Schedule()
        self.tz = tz
        self.sessions_started = 0
        self._preloaded = library

    @property
    def progress(self) -> Progress:
        """The store of whoever is studying; a shared app has none until a student
        signs in, and no screen that studies opens before then."""
        if self._progress is None:
            raise RuntimeError("no student has signed in yet")
        return self._progress

    # -- start-up ------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        from quiz.app.screens.home import HomeScreen

        if self._progress is None:
            from quiz.app.screens.student import StudentScreen

            return StudentScreen()
        return HomeScreen()

    def on_mount(self) -> None:
        from quiz.app import collect_again

        self.call_after_refresh(collect_again)  # paused by `quiz` for the first frame
        if self._progress is not None:
            self.progress_opened()
        if self._preloaded is not None:
            self.library_loaded(self._preloaded)
        elif (listed := self.listed_decks()) is not None:
            self.library_loaded(listed)  # on the first frame
            self.call_after_refresh(self.read_decks, listed)
        else:
            # After the first frame: loading competes with drawing for the interpreter.
            self.call_after_refresh(self.load_decks)
        if self.library_folder is not None or self.extra_decks:
            self.set_interval(LIBRARY_POLL_SECONDS, self.check_for_changes)

    def on_student_screen_chosen(self, message: StudentScreen.Chosen) -> None:
        """Open the student's own progress and show them the decks."""
        from quiz.app.screens.home import HomeScreen

        assert self.students is not None  # only a shared app shows the StudentScreen
        try:
            self._progress = self.students.open(message.name)
        except (ValueError, StoreError) as error:
            self.notify(
                str(error), title="Cannot open your progress", severity="error", markup=False
            )
            return
        self.sub_title = message.name  # who is signed in, on every screen's header
        self.push_screen(HomeScreen())  # over the name screen, which never shows again
        self.progress_opened()
        self.open_start()

    def progress_opened(self) -> None:
        """What the saved progress sets: the theme, and a notice of damage moved aside."""
        saved_theme = self.progress.setting(THEME_SETTING)
        if saved_theme in THEMES:
            self.theme = saved_theme
        if self.progress.notice:
            self.notify(
                self.progress.notice,
                title="Progress moved aside",
                severity="warning",
                timeout=30,
                markup=False,
            )

    def listed_decks(self) -> Library | None:
        """The decks as the cache lists them, if it has them all: a few file reads, quick
        enough for the first frame, which then shows the deck list."""
        from quiz.app.library import listed_library

        return listed_library(self.deck_sources(), None if self.fresh_items else self.seed)

    @work(thread=True, exclusive=True, group="library")
    def read_decks(self, library: Library) -> None:
        """Off the UI thread, after the first frame: the decks and items the listing
        stands for, then the next start's items."""
        library.read()
        self.restock(library)
        prepare_screens()

    @work(thread=True, exclusive=True, group="library")
    def load_decks(self) -> None:
        # Off the UI thread: the home screen is on screen while quotes are checked.
        from quiz.app.library import load_library

        library = load_library(files=self.deck_sources(), seed=self.seed)
        self.call_from_thread(self.library_loaded, library)
        self.restock(library)
        prepare_screens()

    def restock(self, library: Library) -> None:
        """Keep other items for the next start (on the loading thread, after the list)."""
        from quiz.app.library import restock

        if self.fresh_items:
            restock(library, random.randrange(1 << 30))

    def deck_sources(self) -> list[DeckFile]:
        """The deck files to offer: bundled (or `deck_files`), the library's, the extras."""
        from quiz.library import DeckFile, own_deck_files
        from quiz.resources import bundled_deck_files

        bundled = self.deck_files if self.deck_files is not None else bundled_deck_files()
        files = [DeckFile(path, "bundled") for path in bundled]
        if self.library_folder is not None:
            files += own_deck_files(self.library_folder)
        if not self.extra_decks:
            return files
        # A deck named by path stands in for a known deck of the same id. Reading a
        # header parses the whole file, so only a deck named by path makes it needed.
        replaced = {file.header[0] for file in self.extra_decks}
        files = [file for file in files if file.header[0] not in replaced]
        return files + list(self.extra_decks)

    def _current_times(self) -> tuple:
        from quiz.app.library import file_times

        files = [file.path for file in self.deck_sources()]
        folders = [self.library_folder] if self.library_folder is not None else []
        return file_times(files, folders)

    def check_for_changes(self) -> None:
        """Reload the decks when a deck file was saved, added or removed: a stat per file
        every few seconds, cheap beside drawing."""
        if self._file_times is None:
            return
        now = self._current_times()
        if now != self._file_times:
            self._file_times = now
            self.load_decks()

    def library_loaded(self, library: Library) -> None:
        if self.library_folder is not None or self.extra_decks:
            self._file_times = self._current_times()
        self.library = library
        self.open_start()

    def open_start(self) -> None:
        """Open the mode `quiz study` asked for, once the decks and the progress are both
        there (a shared app signs its student in first)."""
        if self.start is not None and self.library is not None and self._progress is not None:
            start, self.start = self.start, None
            self.begin(start.deck, start.mode, count=start.count, tag=start.tag)

    # -- what every screen needs ----------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def next_seed(self) -> int:
        """A fresh seed for each session, reproducible from the app's seed."""
        self.sessions_started += 1
        return self.seed * 1000 + self.sessions_started

    def find_seed(self, file: str) -> Seed | None:
        return self.library.seed(file) if self.library else None

    def begin(
        self, deck_id: str, mode: str, *, count: int | None = None, tag: str | None = None
    ) -> None:
        """Open a mode on a deck; a broken or unknown deck is refused with a message."""
        if self._progress is None:  # the command palette, before a student signed in
            self.notify("Type your name first", severity="warning")
            return
        shelf = self.library.shelf(deck_id) if self.library else None
        if shelf is None:
            self.notify(f"No deck '{deck_id}'", severity="error", markup=False)
            return
        if not shelf.ok or shelf.deck is None:
            self.notify(
                f"{shelf.name} has problems and cannot be studied until they are fixed",
                severity="error",
                markup=False,
            )
            return
        self.push_screen(self.screen_for(shelf, mode, count or DEFAULT_COUNT, tag))

    def screen_for(self, shelf: Shelf, mode: str, count: int, tag: str | None) -> Screen:
        from quiz.app.screens.cards import CardsScreen
        from quiz.app.screens.quiz import QuizScreen
        from quiz.app.screens.recall import RecallScreen
        from quiz.app.screens.scored import new_session
        from quiz.app.screens.stats import StatsScreen

        if mode == "quiz":
            return QuizScreen(shelf, new_session(self, shelf, "quiz", count))
        if mode == "recall":
            return RecallScreen(shelf, new_session(self, shelf, "recall", count))
        if mode == "stats":
            return StatsScreen(shelf)
        if mode in ("cards", "practice", "leeches"):
            return CardsScreen(shelf, mode, tag=tag)
        raise ValueError(f"unknown mode {mode!r}")

    # -- saving (every answer and rating, as given) ----------------------------

    def _saving(self, write: Callable[[], Any]) -> Any:
        notice = self.progress.notice
        try:
            return write()
        except StoreError as error:
            self.notify(
                str(error), title="Progress not saved", severity="error", timeout=30, markup=False
            )
            return None
        finally:
            if self.progress.notice != notice:  # damage met by this write: moved aside
                self.notify(
                    str(self.progress.notice),
                    title="Progress moved aside",
                    severity="warning",
                    timeout=30,
                    markup=False,
                )

    def record_answer(self, mode: str, answer: SessionAnswer) -> None:
        from quiz.session import chosen_options

        item = answer.item
        typed = answer.response if isinstance(answer.response, str) else None
        self._saving(
            lambda: self.progress.record_answer(
                Answer(
                    item_id=item.id,
                    deck=item.deck,
                    kind=item.kind.value,
                    mode=mode,
                    correct=answer.correct,
                    at=answer.answered_at,
                    typed=typed,
                    seconds=answer.seconds,
                    tags=item.tags,
                    chosen=chosen_options(item, answer.response),
                )
            )
        )

    def record_practice(self, item: Item, correct: bool, seconds: float) -> None:
        """A practised card: kept as an answer, never touching the schedule."""
        now = self.now()
        self._saving(
            lambda: self.progress.record_answer(
                Answer(
                    item.id,
                    item.deck,
                    item.kind.value,
                    "cram",
                    correct,
                    now,
                    seconds=seconds,
                    tags=item.tags,
                )
            )
        )

    def save_rating(
        self, item: Item, before: CardState, after: CardState, rating: Rating, seconds: float
    ) -> SavedRating | None:
        """Save a rating whose card `after` was worked out from `before` (see
        `Progress.save_rating`: another window's rating in between is built on)."""
        now = self.now()
        return self._saving(
            lambda: self.progress.save_rating(
                item.id,
                item.deck,
                after,
                rating,
                now,
                seconds,
                before=before,
                schedule=self.schedule,
            )
        )

    def undo_rating(self, saved: SavedRating) -> bool:
        return self._saving(lambda: self.progress.undo(saved) or True) is not None

    def reset_card(self, item: Item) -> None:
        self._saving(lambda: self.progress.reset_card(item.id))

    def ask_flag(self, item: Item) -> None:
        """Ask the learner what is wrong with `item`, and flag it unless they cancel."""
        from quiz.app.screens.flag import FlagScreen

        def flagged(reason: str | None) -> None:
            if reason:
                self.flag_item(item, reason)

        self.push_screen(FlagScreen(item), flagged)

    def flag_item(self, item: Item, reason: str) -> None:
        flagged = self._saving(
            lambda: self.progress.flag(item.id, item.deck, reason, item.prompt, self.now())
        )
        if flagged:
            self.notify(
                "Flagged for the deck's author (see `quiz flags`)", title="Thank you", markup=False
            )

    # -- downloads ---------------------------------------------------------------

    def download(self, deck_id: str, what: str) -> None:
        """Hand the student a deck's file: "anki" (their Anki package) or "quiz" (a
        classroom quiz, for a teacher). Made off the UI thread: the PDFs take a moment."""
        shelf = self.library.shelf(deck_id) if self.library else None
        if shelf is None or shelf.deck is None or self.library.seeds is None:  # type: ignore[union-attr]
            self.notify(f"No deck '{deck_id}' to download", severity="error", markup=False)
            return
        self.notify("Preparing the file…", markup=False)
        self._make_download(shelf.deck, self.library.seeds, what)  # type: ignore[union-attr]

    @work(thread=True, group="download")
    def _make_download(self, deck: Deck, seeds: SeedLibrary, what: str) -> None:
        from quiz.app.downloads import APKG_TYPE, ZIP_TYPE, anki_package, classroom_quiz
        from quiz.classroom import SelectionError
        from quiz.export.files import ExportError

        make, mime_type = (
            (anki_package, APKG_TYPE) if what == "anki" else (classroom_quiz, ZIP_TYPE)
        )
        try:
            name, data = make(deck, seeds)
        except (SelectionError, ExportError) as error:
            self.call_from_thread(
                self.notify, str(error), title="No file", severity="error", markup=False
            )
            return
        self.call_from_thread(self._deliver, name, data, mime_type)

    def _deliver(self, name: str, data: bytes, mime_type: str) -> None:
        self.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=mime_type)
        self.notify(f"{name} is on its way to your downloads", markup=False)

    # -- actions and commands ----------------------------------------------------

    def action_help(self) -> None:
        from quiz.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]

    def watch_theme(self, theme: str) -> None:
        if theme in THEMES and self._progress is not None:
            self._saving(lambda: self.progress.set_setting(THEME_SETTING, theme))

    def action_new_limit(self) -> None:
        from quiz.app.screens.settings import NewLimitScreen

        if self._progress is None:
            self.notify("Type your name first", severity="warning")
            return

        def chosen(limit: int | None) -> None:
            if limit is not None:
                self._saving(lambda: self.progress.set_setting("new_per_day", limit))
                self.notify(f"Up to {limit} new cards a day", markup=False)
                self.screen.post_message(ProgressChanged())

        self.push_screen(NewLimitScreen(self.progress.new_per_day), chosen)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys", "Every key binding", self.action_help)
        yield SystemCommand(
            "Light or dark theme",
            "Switch between the light and dark theme (ctrl+t)",
            self.action_toggle_theme,
        )
        yield SystemCommand(
            "New cards per day", "Set the daily limit of new flashcards", self.action_new_limit
        )


def prepare_screens() -> None:
    """Import, on the loading thread, what the stats screen draws with (plotext, some
    45 ms), so that `s` opens it without the wait."""
    import quiz.app.screens.stats  # noqa: F401
