"""The end of a scored session: score, accuracy, time, what was missed, and how each tag went."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.app.app import QuizApp
from quiz.app.library import Shelf
from quiz.app.widgets.feedback import WRONG
from quiz.app.widgets.footer import KeyFooter
from quiz.session import Session, describe, format_seconds, right_answer

BAR_WIDTH = 10


def bar(share: float, width: int = BAR_WIDTH) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


class ResultsScreen(Screen):
    CSS_PATH = "results.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry missed"),
        Binding("n", "again", "New set"),
        Binding("escape", "home", "Home"),
    ]

    app: QuizApp  # type: ignore[assignment]

    def __init__(self, shelf: Shelf, session: Session, mode: str) -> None:
        super().__init__()
        self.shelf = shelf
        self.session = session
        self.mode = mode

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="body"):
            yield Static(self.headline(), id="headline")
            yield Static(self.figures(), id="figures")
            yield Static(self.missed(), id="missed")
            yield Static(self.tags(), id="tags")
        yield KeyFooter()

    def headline(self) -> Content:
        session = self.session
        what = "Quiz" if self.mode == "quiz" else "Recall"
        done = len(session.answers)
        ending = "finished" if session.finished else f"stopped after {done} of {len(session.items)}"
        return Content.from_markup(f"[b]{what} {ending}[/] — $deck", deck=self.shelf.name)

    def figures(self) -> Content:
        session = self.session
        return Content.from_markup(
            f"Score     [b]{session.score}[/] of {session.possible} points\n"
            f"Accuracy  [b]{session.accuracy:.0%}[/] ({session.correct_count} of "
            f"{len(session.answers)} right)\n"
            f"Streak    best [b]{session.best_streak}[/] in a row\n"
            f"Time      [b]{format_seconds(session.seconds)}[/]"
        )

    def missed(self) -> Content:
        missed = self.session.missed()
        if not missed:
            return Content.styled("Nothing missed. Well done!", "bold $success")
        lines = [Content.styled(f"Missed ({len(missed)}) — r to retry them", "bold")]
        for answer in missed:
            lines.append(
                Content.from_markup(
                    "[$error]$mark[/] $prompt\n"
                    "   [dim]you:[/] $given   [dim]right:[/] [b]$right[/]",
                    mark=WRONG,
                    prompt=answer.item.prompt,
                    given=describe(answer.item, answer.response),
                    right=right_answer(answer.item),
                )
            )
        return Content("\n").join(lines)

    def tags(self) -> Content:
        scores = self.session.by_tag()
        if not scores:
            return Content("")
        width = max(len(score.tag) for score in scores)
        lines = [Content.styled("By tag (weakest first)", "bold")]
        for score in scores:
            style = (
                "$success" if score.accuracy >= 0.8 else "$error" if score.accuracy < 0.5 else ""
            )
            lines.append(
                Content.assemble(
                    f"{score.tag:<{width}}  ",
                    Content.styled(bar(score.accuracy), style),
                    f" {score.correct}/{score.answered}",
                )
            )
        return Content("\n").join(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.session.missed())
        return True

    def action_retry(self) -> None:
        if not self.session.missed():
            return
        retry = self.session.retry_missed(self.app.now())
        self.app.switch_screen(self.scored_screen(retry))

    def action_again(self) -> None:
        from quiz.app.screens.scored import new_session

        count = len(self.session.items)
        self.app.switch_screen(
            self.scored_screen(new_session(self.app, self.shelf, self.mode, count))
        )

    def scored_screen(self, session: Session) -> Screen:
        from quiz.app.screens.quiz import QuizScreen
        from quiz.app.screens.recall import RecallScreen

        screen = QuizScreen if self.mode == "quiz" else RecallScreen
        return screen(self.shelf, session)

    def action_home(self) -> None:
        self.dismiss()
