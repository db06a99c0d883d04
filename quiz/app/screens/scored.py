"""What the quiz and recall screens share: the scored loop around a `Session`.

Ask, judge, save the answer to the store, show the verdict and the evidence,
then the next question; when the last is answered (or the student stops),
the results. Subclasses only say how an item is answered.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from quiz.app.app import QuizApp
from quiz.app.library import Shelf
from quiz.app.widgets.feedback import Feedback
from quiz.app.widgets.footer import KeyFooter
from quiz.app.widgets.scoreboard import Scoreboard
from quiz.items import Item
from quiz.session import QUIZ_KINDS, TYPED_KINDS, Answer, Response, Session, pick_items


def new_session(app: QuizApp, shelf: Shelf, mode: str, count: int) -> Session:
    """A fresh session of `count` items of the mode's kinds, picked with a new seed;
    the items answered in the last RECENT are asked only when the others run out."""
    kinds = QUIZ_KINDS if mode == "quiz" else TYPED_KINDS
    since = app.now() - RECENT
    recent = {answer.item_id for answer in app.progress.answers(shelf.id, since=since)}
    items = pick_items(shelf.items, kinds, count, app.next_seed(), recent)
    return Session(items, started_at=app.now())


RECENT = timedelta(days=1)


NEXT_HINT = "Enter: next question · ↑↓ PgDn: scroll · f: flag this item · Esc: stop"


class ScoredScreen(Screen):
    """One scored sitting; see QuizScreen and RecallScreen."""

    MODE: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown in the hint line once answered: a footer that changes with every
        # answer would be redrawn twice a question.
        Binding("enter,space", "next", "Next question", show=False),
        Binding("f", "flag", "Flag item"),
        Binding("escape", "stop", "Stop"),  # to the results of what was answered
    ]

    app: QuizApp  # type: ignore[assignment]

    def __init__(self, shelf: Shelf, session: Session) -> None:
        super().__init__()
        self.shelf = shelf
        self.session = session
        self.last: Answer | None = None  # the answer on screen, until the next question

    def compose(self) -> ComposeResult:
        yield Scoreboard()
        with VerticalScroll(id="body"):
            yield Static(id="prompt")
            yield Static(id="hint")
            yield Vertical(id="answer")
            yield Feedback(id="feedback")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.query_one(Scoreboard).title = self.TITLE
        self.set_interval(1, self.update_scoreboard)
        await self.show_question()

    # -- what subclasses provide ---------------------------------------------------

    def answer_widget(self, item: Item) -> Widget:
        raise NotImplementedError

    def reuse(self, widget: Widget, item: Item) -> bool:
        """Reset the answer widget on screen for `item`, if it can take it: cheaper than
        mounting a new one, which keeps the next question quick."""
        return False

    def hint(self, item: Item) -> str:
        raise NotImplementedError

    def show_results(self, widget: Widget, answer: Answer) -> None:
        """Mark the answer widget right and wrong once the item is judged."""
        raise NotImplementedError

    # -- the loop -----------------------------------------------------------------

    @property
    def answered(self) -> bool:
        return self.last is not None

    async def show_question(self) -> None:
        item = self.session.ask(self.app.now())
        if item is None:
            return
        self.last = None
        self.query_one("#prompt", Static).update(Content.styled(item.prompt, "bold"))
        hint = self.query_one("#hint", Static)
        hint.update(Content.styled(self.hint(item), "dim"))
        self.query_one(Feedback).display = False
        box = self.query_one("#answer", Vertical)
        widget = box.children[0] if box.children else None
        if widget is None or not self.reuse(widget, item):
            await box.remove_children()
            widget = self.answer_widget(item)
            await box.mount(widget)
        widget.focus()
        self.query_one("#body").scroll_home(animate=False)
        self.update_scoreboard()

    def submit(self, response: Response) -> None:
        if self.answered or self.session.current is None:
            return
        answer = self.session.answer(response, self.app.now())
        self.app.record_answer(self.MODE, answer)
        self.last = answer
        self.show_results(self.query_one("#answer").children[0], answer)
        self.query_one("#hint", Static).update(Content.styled(NEXT_HINT, "dim"))
        feedback = self.query_one(Feedback)
        feedback.show_answer(
            answer.item,
            self.app.find_seed,
            correct=answer.correct,
            points=answer.points,
            verdict=answer.verdict,
        )
        feedback.display = True
        self.query_one("#body").focus()  # so ↑↓ and PgUp/PgDn scroll every quote into view
        self.call_after_refresh(self.reveal_feedback)
        self.update_scoreboard()

    def reveal_feedback(self) -> None:
        """All of the feedback in view if it fits, else its top (the verdict) at the top."""
        body = self.query_one("#body")
        feedback = self.query_one(Feedback)
        tall = feedback.outer_size.height > body.scrollable_content_region.height
        body.scroll_to_widget(feedback, animate=False, top=tall)

    def update_scoreboard(self) -> None:
        board = self.query_one(Scoreboard)
        session = self.session
        board.position = len(session.answers) if self.answered else len(session.answers) + 1
        board.total = len(session.items)
        board.score = session.score
        board.streak = session.streak
        board.answered = len(session.answers)
        board.correct = session.correct_count
        end = session.answers[-1].answered_at if session.finished else self.app.now()
        board.seconds = (end - session.started_at).total_seconds()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered
        return True

    async def action_next(self) -> None:
        if not self.answered:
            return
        if self.session.finished:
            from quiz.app.screens.results import ResultsScreen

            self.app.switch_screen(ResultsScreen(self.shelf, self.session, self.MODE))
        else:
            await self.show_question()

    def action_stop(self) -> None:
        from quiz.app.screens.results import ResultsScreen

        if self.session.answers:
            self.app.switch_screen(ResultsScreen(self.shelf, self.session, self.MODE))
        else:
            self.dismiss()

    def action_flag(self) -> None:
        item = self.last.item if self.last else self.session.current
        if item is not None:
            self.app.ask_flag(item)
