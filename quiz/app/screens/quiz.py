"""The scored quiz: multiple choice, true or false, select all and matching, by keyboard."""

from __future__ import annotations

from typing import ClassVar

from textual.widget import Widget

from quiz.app.screens.scored import ScoredScreen
from quiz.app.widgets.choices import LETTERS, ChoiceList, SelectAll
from quiz.app.widgets.matching import Matcher
from quiz.items import Item, Kind
from quiz.session import Answer


class QuizScreen(ScoredScreen):
    CSS_PATH: ClassVar[list[str]] = ["scored.tcss", "quiz.tcss"]
    MODE = "quiz"
    TITLE = "Quiz"

    def answer_widget(self, item: Item) -> Widget:
        if item.kind is Kind.SELECT_ALL:
            return SelectAll(item.options)
        if item.kind is Kind.MATCHING:
            return Matcher(item.left, item.options)
        return ChoiceList(item.options)

    def reuse(self, widget: Widget, item: Item) -> bool:
        if type(widget) is ChoiceList and item.kind in (Kind.MCQ, Kind.TRUE_FALSE):
            widget.ask(item.options)
            return True
        return False

    def hint(self, item: Item) -> str:
        last = LETTERS[len(item.options) - 1]
        numbers = f"1–{len(item.options)}"
        if item.kind is Kind.SELECT_ALL:
            return f"Tick every right option ({numbers} or A–{last}, or ↑↓ Space), then Enter"
        if item.kind is Kind.MATCHING:
            return "Give each item its partner, in turn"
        return f"Answer with {numbers}, A–{last}, or ↑↓ and Enter"

    def show_results(self, widget: Widget, answer: Answer) -> None:
        item = answer.item
        if isinstance(widget, Matcher):
            widget.show_results(item.answer)  # type: ignore[arg-type]
        elif isinstance(widget, SelectAll):
            widget.show_results(set(item.answer), set(answer.response))  # type: ignore[arg-type]
        elif isinstance(widget, ChoiceList):
            widget.show_results({str(item.answer)}, {str(answer.response)})

    def on_choice_list_picked(self, message: ChoiceList.Picked) -> None:
        self.submit(message.choice)

    def on_select_all_submitted(self, message: SelectAll.Submitted) -> None:
        self.submit(message.chosen)

    def on_matcher_submitted(self, message: Matcher.Submitted) -> None:
        self.submit(message.pairs)
