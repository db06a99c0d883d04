"""Flashcards: Anki's review loop, scheduled by FSRS through `quiz.schedule`.

The card's front, Space for the back, then 1–4 for Again, Hard, Good or Easy,
each button showing the interval it would give (the one saved is exactly the
one shown). A card still in its learning steps comes back in the same sitting;
`u` takes the last rating back. Practice (cram) and leech review use the same
loop but never touch the schedule: their answers are recorded, nothing else.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Static

from quiz.app.app import QuizApp
from quiz.app.library import Shelf
from quiz.app.widgets.feedback import Feedback
from quiz.app.widgets.footer import KeyFooter
from quiz.items import Item, Kind
from quiz.schedule import (
    RATINGS,
    CardState,
    Rating,
    build_queue,
    button_labels,
    cram_queue,
    flashcards,
)
from quiz.session import format_seconds
from quiz.store import SavedRating

RATING_NAMES = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}
RATING_VARIANTS = {
    Rating.Again: "error",
    Rating.Hard: "warning",
    Rating.Good: "success",
    Rating.Easy: "primary",
}
TITLES = {"cards": "Flashcards", "practice": "Practice", "leeches": "Leeches"}


@dataclass(frozen=True)
class Step:
    """One rating, with what undoing it must restore."""

    item_id: str
    rating: Rating
    queue_before: tuple[str, ...]
    saved: SavedRating | None  # None in practice: nothing was scheduled


class CardsScreen(Screen):
    CSS_PATH = "cards.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Show answer"),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        Binding("u", "undo", "Undo"),
        Binding("f", "flag", "Flag item"),
        Binding("b", "reschedule", "Back to schedule"),
        Binding("escape", "stop", "Stop"),
    ]

    app: QuizApp  # type: ignore[assignment]
    revealed: reactive[bool] = reactive(False, init=False)

    def __init__(self, shelf: Shelf, mode: str = "cards", tag: str | None = None) -> None:
        super().__init__()
        self.shelf = shelf
        self.mode = mode
        self.tag = tag
        self.items: dict[str, Item] = {item.id: item for item in flashcards(shelf.items)}
        self.queue: list[str] = []
        self.states: dict[str, CardState] = {}
        self.history: list[Step] = []
        self.counts: Counter[Rating] = Counter()
        self.outcomes: dict[Rating, CardState] = {}
        self.shown_from: CardState | None = None  # the card the outcomes were worked out from
        self.shown_at: datetime | None = None
        self.started_at: datetime | None = None
        self.new_left = 0  # new cards held back by the daily limit

    @property
    def scheduling(self) -> bool:
        """Whether ratings change the schedule (flashcards) or are only recorded (practice)."""
        return self.mode == "cards"

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with VerticalScroll(id="body"):
            yield Static(id="front")
            yield Static(id="hint")
            yield Feedback(id="back")
            yield Static(id="summary")
        with Horizontal(id="ratings"):
            for rating in RATINGS:
                button = Button("", id=f"rate-{int(rating)}", variant=RATING_VARIANTS[rating])
                button.can_focus = False  # Space and Enter belong to the card, not a button
                yield button
        yield KeyFooter()

    def on_mount(self) -> None:
        now = self.app.now()
        self.started_at = now
        progress = self.app.progress
        ids = [
            item_id
            for item_id, item in self.items.items()
            if self.tag is None or self.tag in item.tags
        ]
        self.states = progress.cards(ids)
        if self.mode == "cards":
            queue = build_queue(
                ids,
                self.states,
                now,
                new_per_day=progress.new_per_day,
                introduced_today=progress.introduced_today(self.shelf.id, now, self.app.tz),
                tz=self.app.tz,
            )
            self.queue = list(queue.ids)
            self.new_left = queue.new_left
        elif self.mode == "leeches":
            self.queue = list(build_queue(ids, self.states, now, tz=self.app.tz).leeches)
        else:
            self.queue = cram_queue(ids, self.states, now, self.app.schedule, self.app.next_seed())
        self.show_card()

    # -- showing -------------------------------------------------------------------

    @property
    def current(self) -> Item | None:
        return self.items[self.queue[0]] if self.queue else None

    def state_of(self, item_id: str, now: datetime) -> CardState:
        return self.states.get(item_id) or CardState.new(now)

    def show_status(self) -> None:
        title = TITLES[self.mode] + (f" · {self.tag}" if self.tag else "")
        parts = [Content.styled(title, "bold $accent"), Content("  ")]
        if self.scheduling:
            kinds = Counter(self.kind_of(item_id) for item_id in self.queue)
            parts.append(
                Content.from_markup(
                    f"[$primary]New {kinds['new']}[/]  [$error]Learning {kinds['learning']}[/]  "
                    f"[$success]Due {kinds['due']}[/]"
                )
            )
        else:
            parts.append(Content(f"{len(self.queue)} left"))
        parts.append(Content(f"  Done {len(self.history)}  "))
        parts.append(Content.styled(self.shelf.name, "dim"))
        self.query_one("#status", Static).update(Content.assemble(*parts))

    def kind_of(self, item_id: str) -> str:
        state = self.states.get(item_id)
        if state is None or state.is_new:
            return "new"
        return "learning" if state.learning else "due"

    def show_card(self) -> None:
        self.show_status()
        item = self.current
        summary = self.query_one("#summary", Static)
        if item is None:
            self.query_one("#front", Static).display = False
            self.query_one("#hint", Static).display = False
            self.query_one(Feedback).display = False
            self.query_one("#ratings").display = False
            summary.update(self.summary())
            summary.display = True
            self.revealed = False
            self.refresh_bindings()
            return
        summary.display = False
        front = self.query_one("#front", Static)
        front.display = True
        lines = [Content.styled(item.prompt, "bold")]
        if item.kind is Kind.TRUE_FALSE:
            lines.append(Content("True or false?"))
        state = self.states.get(item.id)
        if state is not None and state.is_leech:
            lines.append(Content.styled(f"Leech: forgotten {state.lapses} times", "$warning"))
        front.update(Content("\n").join(lines))
        hint = self.query_one("#hint", Static)
        hint.update(Content.styled("Think of the answer, then press Space to check it", "dim"))
        hint.display = True
        self.query_one(Feedback).display = False
        self.query_one("#ratings").display = False
        self.shown_at = self.app.now()
        self.revealed = False
        self.query_one("#body").scroll_home(animate=False)
        self.refresh_bindings()

    def action_reveal(self) -> None:
        item = self.current
        if item is None or self.revealed:
            return
        now = self.app.now()
        self.query_one("#hint", Static).display = False
        back = self.query_one(Feedback)
        back.show_answer(item, self.app.find_seed, correct=None)
        back.display = True
        if self.scheduling:
            self.shown_from = self.state_of(item.id, now)
            self.outcomes = self.app.schedule.outcomes(self.shown_from, now)
            intervals = button_labels(self.outcomes, now)
        else:
            intervals = {
                Rating.Again: "again",
                Rating.Hard: "done",
                Rating.Good: "done",
                Rating.Easy: "done",
            }
        for rating in RATINGS:
            label = f"{int(rating)} {RATING_NAMES[rating]} · {intervals[rating]}"
            self.query_one(f"#rate-{int(rating)}", Button).label = label
        self.query_one("#ratings").display = True
        self.revealed = True
        self.refresh_bindings()

    # -- rating --------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_rate(int(str(event.button.id).removeprefix("rate-")))

    def action_rate(self, value: int) -> None:
        item = self.current
        if item is None or not self.revealed:
            return
        rating = Rating(value)
        now = self.app.now()
        seconds = (now - self.shown_at).total_seconds() if self.shown_at else 0.0
        queue_before = tuple(self.queue)
        saved = None
        if self.scheduling:
            after = self.outcomes[rating]
            saved = self.app.save_rating(item, self.shown_from, after, rating, seconds)
            if saved is None:
                return  # not saved: the card stays so nothing is lost
            self.states[item.id] = saved.after  # another window's rating may be in it
            again = saved.after.learning
        else:
            self.app.record_practice(item, rating is not Rating.Again, seconds)
            again = rating is Rating.Again
        self.queue.pop(0)
        if again:
            self.queue.append(item.id)  # learning steps (or a miss) come back this sitting
        self.history.append(Step(item.id, rating, queue_before, saved))
        self.counts[rating] += 1
        self.show_card()

    def action_undo(self) -> None:
        if not self.history or not self.scheduling:
            return
        step = self.history[-1]
        if step.saved is not None:
            if not self.app.undo_rating(step.saved):
                return
            if step.saved.before is None:
                self.states.pop(step.item_id, None)
            else:
                self.states[step.item_id] = step.saved.before
        self.history.pop()
        self.counts[step.rating] -= 1
        self.queue = list(step.queue_before)
        self.notify(f"Took back “{RATING_NAMES[step.rating]}”", timeout=3)
        self.show_card()

    def action_reschedule(self) -> None:
        """A leech worked on enough goes back into the normal queue as a new card."""
        item = self.current
        if item is None or self.mode != "leeches":
            return
        self.app.reset_card(item)
        self.states.pop(item.id, None)
        self.queue.pop(0)
        self.notify("Back in the schedule as a new card", timeout=3)
        self.show_card()

    # -- the end ----------------------------------------------------------------------

    def summary(self) -> Content:
        now = self.app.now()
        done = len(self.history)
        if not done:
            if self.mode == "leeches":
                return Content.from_markup(
                    "[b]No leeches.[/] No card has been forgotten too often."
                )
            if self.mode == "cards":
                more = f" {self.new_left} new cards wait for tomorrow." if self.new_left else ""
                return Content.from_markup(
                    "[b]Nothing due now.[/]"
                    + more
                    + self.upcoming(now)
                    + "\n\nEsc goes back; q on the home screen starts a quiz, p practice."
                )
            return Content.from_markup("[b]No cards to practise.[/]")
        elapsed = format_seconds((now - self.started_at).total_seconds()) if self.started_at else ""
        ratings = "  ".join(f"{RATING_NAMES[rating]} {self.counts[rating]}" for rating in RATINGS)
        lines = [
            f"[b]Done: {done} rating{'s' * (done != 1)} in {elapsed}[/]",
            ratings,
        ]
        if self.scheduling:
            lines.append(self.upcoming(now).strip())
            if self.new_left:
                lines.append(f"{self.new_left} new cards wait for tomorrow (daily limit).")
            lines.append("\nEsc goes back · u takes the last rating back")
        else:
            lines.append("Practice leaves the schedule as it was.\n\nEsc goes back")
        return Content.from_markup("\n".join(lines))

    def upcoming(self, now: datetime) -> str:
        forecast = self.app.progress.forecast(list(self.items), now, 7, self.app.tz)
        tomorrow = forecast[1][1] if len(forecast) > 1 else 0
        week = sum(count for _, count in forecast[1:])
        return f"\nTomorrow {tomorrow} cards due; {week} in the next 7 days."

    # -- shared keys ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.current is not None and not self.revealed
        if action == "rate":
            return self.revealed
        if action == "undo":
            return bool(self.history) if self.scheduling else False
        if action == "reschedule":
            return self.mode == "leeches" and self.current is not None
        if action == "flag":
            return self.current is not None
        return True

    def action_flag(self) -> None:
        item = self.current
        if item is not None:
            self.app.ask_flag(item)

    def action_stop(self) -> None:
        self.dismiss()
