"""Every key, screen by screen, read from the bindings themselves so the list stays true."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "backspace": "Backspace",
    "up": "↑",
    "down": "↓",
    "f1": "F1",
}


PICK_KEYS = re.compile(r"^\d,[a-z]$")  # "1,a": one of a numbered, lettered set


def key_names(keys: str) -> str:
    names = []
    for key in keys.split(","):
        key = key.strip()
        if key.startswith("ctrl+"):
            names.append("Ctrl+" + key.removeprefix("ctrl+").upper())
        else:
            names.append(KEY_NAMES.get(key, key))
    return " ".join(names)


def rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding; numbered picks become one row."""
    found: list[tuple[str, str]] = []
    picks: dict[str, list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding):
            binding = Binding(*binding)
        if PICK_KEYS.match(binding.key):
            name = binding.action.split("(")[0]
            if name not in picks:
                picks[name] = []
                description = binding.description.rsplit(" ", 1)[0]
                found.append((name, description))
            picks[name].append(binding.key)
            continue
        found.append((key_names(binding.key), binding.description))
    result = []
    for keys, description in found:
        if keys in picks:
            numbers = [key.split(",")[0] for key in picks[keys]]
            letters = [key.split(",")[1].upper() for key in picks[keys]]
            keys = f"{numbers[0]}–{numbers[-1]} A–{letters[-1]}"
        result.append((keys, description))
    return result


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    from quiz.app.app import QuizApp
    from quiz.app.screens.cards import CardsScreen
    from quiz.app.screens.home import HomeScreen
    from quiz.app.screens.results import ResultsScreen
    from quiz.app.screens.scored import ScoredScreen
    from quiz.app.screens.stats import StatsScreen
    from quiz.app.widgets.choices import ChoiceList, SelectAll
    from quiz.app.widgets.matching import PartnerList

    return [
        ("Everywhere", [*rows(QuizApp.BINDINGS), ("Ctrl+P", "Commands (start any mode, theme)")]),
        ("Home", [("↑ ↓", "Choose a deck"), *rows(HomeScreen.BINDINGS)]),
        ("Quiz and recall", rows(ScoredScreen.BINDINGS)),
        ("Multiple choice, true/false", [*rows(ChoiceList.BINDINGS), ("↑ ↓ Enter", "Answer")]),
        ("Select all", rows(SelectAll.BINDINGS)),
        ("Matching", rows(PartnerList.BINDINGS)),
        ("Recall", [("type, Enter", "Check the typed answer")]),
        ("Flashcards and practice", rows(CardsScreen.BINDINGS)),
        ("Results", rows(ResultsScreen.BINDINGS)),
        ("Stats", rows(StatsScreen.BINDINGS)),
    ]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(Content.styled("Keys  (Esc closes, ↑↓ scroll)", "bold"), id="title")
            for title, keys in sections():
                width = max(len(key) for key, _ in keys)
                lines = [Content.styled(title, "bold $accent")]
                lines += [
                    Content.assemble(Content.styled(f"  {key:<{width}}", "bold"), f"  {what}")
                    for key, what in keys
                ]
                yield Static(Content("\n").join(lines), classes="section")

    def action_close(self) -> None:
        self.dismiss()
