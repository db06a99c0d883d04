"""Typed recall: the student types the answer and the core answer checker judges it.

A small typo counts, with a warning and what was typed shown against what was
expected; another entity's name never counts, however close.
"""

from __future__ import annotations

from typing import ClassVar

from textual.widget import Widget
from textual.widgets import Input

from quiz.app.screens.scored import ScoredScreen
from quiz.items import Item, Kind
from quiz.session import Answer


class RecallScreen(ScoredScreen):
    CSS_PATH: ClassVar[list[str]] = ["scored.tcss", "recall.tcss"]
    MODE = "recall"
    TITLE = "Recall"

    def answer_widget(self, item: Item) -> Widget:
        return Input(placeholder="Type the answer and press Enter", id="typed")

    def reuse(self, widget: Widget, item: Item) -> bool:
        assert isinstance(widget, Input)
        widget.value = ""
        widget.remove_class("-right", "-wrong")
        widget.disabled = False
        return True

    def hint(self, item: Item) -> str:
        if item.kind is Kind.CLOZE:
            return "Type the missing words; Enter checks (an empty answer counts as wrong)"
        return "Type the answer; Enter checks (an empty answer counts as wrong)"

    def show_results(self, widget: Widget, answer: Answer) -> None:
        assert isinstance(widget, Input)
        widget.disabled = True
        widget.set_class(answer.correct, "-right")
        widget.set_class(not answer.correct, "-wrong")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)
