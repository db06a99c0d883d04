"""A deck's progress: reviews and accuracy per day, the cards coming due, mastery by tag.

Every figure comes from `quiz.stats`, the same numbers `quiz stats` prints; the
deck's cards are read from the store once, for the forecast and mastery by tag.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from quiz.app.app import QuizApp
from quiz.app.library import Shelf
from quiz.app.screens.results import bar
from quiz.app.widgets.footer import KeyFooter
from quiz.schedule import flashcards
from quiz.stats import DayActivity, forecast, mastery_by_tag

HISTORY_DAYS = 30
FORECAST_DAYS = 30


def short(day: date) -> str:
    return f"{day.day} {day:%b}"


def whole_ticks(top: int) -> list[int]:
    """Counts are whole: about four whole-numbered ticks from 0 to at least `top`."""
    step = max(1, math.ceil(top / 4))
    return list(range(0, max(top, 1) + step, step))


def cards(count: int) -> str:
    return f"{count} card{'s' * (count != 1)}"


def accuracy_line(days: Sequence[DayActivity], span: int) -> str:
    answers = sum(day.answers for day in days)
    right = sum(day.correct for day in days)
    if not answers:
        return f"last {span} days: no answers"
    return f"last {span} days: {answers} answers, [b]{right / answers:.0%}[/] right"


class StatsScreen(Screen):
    CSS_PATH = "stats.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    app: QuizApp  # type: ignore[assignment]

    def __init__(self, shelf: Shelf) -> None:
        super().__init__()
        self.shelf = shelf
        self.cards = flashcards(shelf.items)

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with VerticalScroll(id="body"):
            yield Static(id="overview")
            with Horizontal(id="plots"):
                yield PlotextPlot(id="history")
                yield PlotextPlot(id="forecast")
            yield Static(id="coming")
            yield Static(id="mastery")
        yield KeyFooter()

    def on_mount(self) -> None:
        app = self.app
        now = app.now()
        progress = app.progress
        ids = [item.id for item in self.cards]
        summary = progress.summary(self.shelf.id, ids, now, app.schedule, app.tz)
        days = progress.daily_activity(self.shelf.id, now, HISTORY_DAYS, app.tz)
        states = progress.cards(ids)
        coming = forecast(states.values(), now, FORECAST_DAYS, app.tz)
        self.query_one("#status", Static).update(
            Content.assemble(("Stats", "bold $accent"), f"  {self.shelf.name}")
        )
        last = (
            f"{summary.last_studied.astimezone(app.tz):%Y-%m-%d}"
            if summary.last_studied
            else "never"
        )
        overview = [
            f"[b]{summary.items}[/] flashcards: [b]{summary.studied}[/] studied, "
            f"{summary.new} new, {summary.leeches} leeches · "
            f"mastery [b]{summary.mastery:.0%}[/] · "
            f"last studied {last}",
            " · ".join(accuracy_line(days[-span:], span) for span in (7, HISTORY_DAYS)),
        ]
        self.query_one("#overview", Static).update(Content.from_markup("\n".join(overview)))

        history = self.query_one("#history", PlotextPlot).plt
        positions = list(range(len(days)))
        history.stacked_bar(
            positions,
            [[day.correct for day in days], [day.answers - day.correct for day in days]],
            labels=["right", "wrong"],
            color=["green", "red"],
            marker="hd",
        )
        history.title(f"Answers per day, last {HISTORY_DAYS}")
        ticks = [0, len(days) // 2, len(days) - 1]
        history.xticks(ticks, [short(days[index].day) for index in ticks])
        history.yticks(whole_ticks(max(day.answers for day in days)))

        due_plot = self.query_one("#forecast", PlotextPlot).plt
        due_plot.bar(list(range(len(coming))), [count for _, count in coming], marker="hd")
        due_plot.title(f"Cards due, next {FORECAST_DAYS} days")
        ticks = [0, len(coming) // 2, len(coming) - 1]
        due_plot.xticks(ticks, [short(coming[index][0]) for index in ticks])
        due_plot.yticks(whole_ticks(max(count for _, count in coming)))

        week = sum(count for _, count in coming[:7])
        month = sum(count for _, count in coming)
        days_ahead = "  ".join(
            f"{'today' if index == 0 else f'{day:%a}'} {count}"
            for index, (day, count) in enumerate(coming[:7])
        )
        self.query_one("#coming", Static).update(
            Content.from_markup(
                f"[b]Coming due[/]: {cards(week)} in 7 days, {cards(month)} in "
                f"{FORECAST_DAYS}\n$days",
                days=days_ahead,
            )
        )
        by_tag = mastery_by_tag(self.cards, states, now, app.schedule)
        self.query_one("#mastery", Static).update(self.mastery(by_tag))

    def mastery(self, by_tag: dict[str, float]) -> Content:
        if not by_tag:
            return Content("")
        width = max(map(len, by_tag))
        lines = [Content.styled("Mastery by tag (weakest first)", "bold")]
        for tag, share in sorted(by_tag.items(), key=lambda pair: (pair[1], pair[0])):
            lines.append(Content(f"{tag:<{width}}  {bar(share)} {share:4.0%}"))
        return Content("\n").join(lines)

    def action_back(self) -> None:
        self.dismiss()
