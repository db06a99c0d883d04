"""The running tally at the top of a scored session: question, score, streak, accuracy, time."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from quiz.session import format_seconds


class Scoreboard(Widget):
    """One line that keeps the score in view the whole time."""

    DEFAULT_CSS = """
    Scoreboard {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    title: reactive[str] = reactive("")
    position: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    score: reactive[int] = reactive(0)
    streak: reactive[int] = reactive(0)
    answered: reactive[int] = reactive(0)
    correct: reactive[int] = reactive(0)
    seconds: reactive[float] = reactive(0.0)

    def render(self) -> Content:
        accuracy = f"{self.correct / self.answered:.0%}" if self.answered else "–"
        streak_style = "bold $warning" if self.streak >= 3 else "bold"
        return Content.assemble(
            Content.styled(self.title, "bold $accent"),
            f"  Q {self.position}/{self.total}  ",
            "Score ",
            Content.styled(str(self.score), "bold"),
            "  Streak ",
            Content.styled(str(self.streak), streak_style),
            f"  Accuracy {accuracy}  ",
            Content.styled(format_seconds(self.seconds), "dim"),
        )
