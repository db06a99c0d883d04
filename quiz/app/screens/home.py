"""The home screen: every deck with its progress, and the keys that start studying.

A deck that fails validation is listed too, with its problems, so a student
sees why it is missing from their studies; it cannot be started.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from quiz.app.app import ProgressChanged, QuizApp
from quiz.app.widgets.footer import KeyFooter
from quiz.schedule import study_day
from quiz.stats import DeckSummary

if TYPE_CHECKING:
    from quiz.app.library import Library, Shelf

MAX_PROBLEMS = 6  # problems listed under a broken deck; `quiz check` lists them all
FIGURES = ("Facts", "Items", "Due", "New", "Mastery", "Last studied")
FIGURES_WIDTH = 56  # the figures' columns with their padding
NAME_MAX = 50
HINT = (
    "[b]Enter[/] flashcards  [b]q[/] quiz  [b]r[/] recall  [b]p[/] practice  "
    "[b]l[/] leeches  [b]s[/] stats  [b]?[/] help"
)


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,c", "start('cards')", "Flashcards"),
        Binding("q", "start('quiz')", "Quiz"),
        Binding("r", "start('recall')", "Recall (typed)", show=False),
        Binding("p", "practice", "Practice (no schedule)", show=False),
        Binding("l", "start('leeches')", "Leeches", show=False),
        Binding("s", "start('stats')", "Stats"),
        Binding("n", "app.new_limit", "New cards per day", show=False),
    ]

    app: QuizApp  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[Text] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="details")
        yield Static(Content.from_markup(HINT), id="hint")
        yield KeyFooter()

    def __init__(self) -> None:
        super().__init__()
        # What the table shows (the library, at the name column's width), and the figures
        # of its decks: a resize of the height or the first resume draws nothing again,
        # and the details of a highlighted deck reuse its row's figures.
        self._shown: tuple[Library, int] | None = None
        self._summaries: dict[str, DeckSummary] = {}

    def on_mount(self) -> None:
        if self.app.library is None:
            # Plain text, not a loading animation: the decks take a moment, and an
            # animation would slow the first frame down more than it reassures.
            self.query_one("#details", Static).update("Loading the decks…")
        self.watch(self.app, "library", self.show_library)

    def on_screen_suspend(self) -> None:
        self._shown = None  # another screen studies: the figures will change

    def on_screen_resume(self) -> None:
        self.show_library(self.app.library)

    def on_resize(self) -> None:
        self.show_library(self.app.library)

    def on_progress_changed(self, _: ProgressChanged) -> None:
        self._shown = None
        self.show_library(self.app.library)

    def show_library(self, library: Library | None) -> None:
        if library is None:
            return
        # The name gets what the figures leave of the screen's width.
        name_width = max(12, min(self.size.width - 4 - FIGURES_WIDTH, NAME_MAX))
        if self._shown == (library, name_width):
            return
        self._shown = (library, name_width)
        self._summaries = {}
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # Text, not str, everywhere in the table: a str is read as markup, which costs
        # Rich's emoji table on the first frame and drops `[v2]` from a deck's name.
        table.add_column(Text("Deck"), key="deck", width=name_width)
        for label in FIGURES:
            table.add_column(Text(label), key=label)
        now = self.app.now()
        for shelf in library.shelves:
            table.add_row(*self.row(shelf, now, name_width), key=shelf.id)
        if not library.shelves:
            self.query_one("#details", Static).update("No decks found.")
        table.move_cursor(row=min(row, max(len(library.shelves) - 1, 0)))
        table.focus()
        self.show_details()

    def summary(self, shelf: Shelf, now: datetime) -> DeckSummary:
        """From the deck's listing (its items may not have been read yet), once a drawing."""
        if (known := self._summaries.get(shelf.id)) is not None:
            return known
        ids = shelf.listing.cards if shelf.listing else ()
        summary = self.app.progress.summary(shelf.id, ids, now, self.app.schedule, self.app.tz)
        self._summaries[shelf.id] = summary
        return summary

    def row(self, shelf: Shelf, now: datetime, width: int) -> list[Text]:
        name = shelf.name if len(shelf.name) <= width else shelf.name[: width - 1] + "…"
        if shelf.listing is None:
            problems = f"{len(shelf.problems)} problem{'s' * (len(shelf.problems) != 1)}"
            name = name[: width - 2]
            dashes = [Text("–") for _ in range(5)]
            return [Text.assemble(("⚠ ", "bold red"), name), *dashes, Text(problems, "red")]
        summary = self.summary(shelf, now)
        figures = (
            str(shelf.listing.facts),
            str(shelf.listing.items),
            str(summary.due_today),
            str(summary.new_today),
            f"{summary.mastery:.0%}",
            self.when(summary.last_studied, now),
        )
        return [Text(name), *(Text(figure) for figure in figures)]

    def when(self, moment: datetime | None, now: datetime) -> str:
        if moment is None:
            return "never"
        days = (study_day(now, self.app.tz) - study_day(moment, self.app.tz)).days
        if days <= 0:
            return "today"
        if days == 1:
            return "yesterday"
        return f"{days} days ago"

    @property
    def highlighted(self) -> Shelf | None:
        library = self.app.library
        if library is None or not library.shelves:
            return None
        table = self.query_one(DataTable)
        return library.shelves[min(table.cursor_row, len(library.shelves) - 1)]

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self.show_details()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_start("cards")

    def show_details(self) -> None:
        self.refresh_bindings()
        shelf = self.highlighted
        details = self.query_one("#details", Static)
        if shelf is None:
            return
        if shelf.listing is None:
            shown = shelf.problems[:MAX_PROBLEMS]
            lines = [
                Content.styled(f"{shelf.path.name} cannot be studied until it is fixed:", "bold"),
                *(Content.styled(str(problem), "$error") for problem in shown),
            ]
            if len(shelf.problems) > len(shown):
                more = len(shelf.problems) - len(shown)
                lines.append(Content(f"… and {more} more (run `quiz check {shelf.path}`)"))
            details.update(Content("\n").join(lines))
            return
        summary = self.summary(shelf, self.app.now())
        parts = [
            Content.styled(shelf.name, "bold"),
            Content(
                f"{summary.items} flashcards: {summary.studied} studied, {summary.new} new "
                f"(up to {self.app.progress.new_per_day} a day, n to change)"
            ),
        ]
        if summary.leeches:
            parts.append(
                Content.styled(f"{summary.leeches} leeches held back: l to review them", "$warning")
            )
        if shelf.listing.description:
            parts.append(Content.styled(shelf.listing.description, "dim"))
        details.update(Content("\n").join(parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("start", "practice"):
            shelf = self.highlighted
            return None if shelf is None or not shelf.ok else True
        return True

    def action_start(self, mode: str) -> None:
        shelf = self.highlighted
        if shelf is not None:
            self.app.begin(shelf.id, mode)

    def action_practice(self) -> None:
        from quiz.app.screens.practice import PracticeScreen

        shelf = self.highlighted
        if shelf is None or not shelf.ok:
            return

        def chosen(tag: str | None) -> None:
            if tag is not None:
                self.app.begin(shelf.id, "practice", tag=tag or None)

        self.app.push_screen(PracticeScreen(shelf), chosen)
