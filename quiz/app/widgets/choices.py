"""Lettered options a student answers from the keyboard: pick one, or tick several.

A number (1–6), a letter (A–F), or the arrows and Enter: whichever a student
reaches for first works. Once answered, each option shows ✓ or ✗ as well as
a colour, so the result reads the same without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quiz.app.widgets.feedback import RIGHT, WRONG

LETTERS = "ABCDEF"
PICK_ACTIONS = ("pick", "toggle", "pair")


def pick_bindings(action: str, description: str) -> list[Binding]:
    return [
        Binding(
            f"{number},{letter.lower()}",
            f"{action}({index})",
            f"{description} {letter}",
            show=False,
        )
        for index, (number, letter) in enumerate(zip("123456", LETTERS, strict=True))
    ]


class LetteredList(OptionList):
    """Options shown as `A  text`, with a mark column for ticks and results."""

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        self.choices = tuple(options)
        super().__init__(
            *(Option(self.label(index, " "), id=str(index)) for index in range(len(options))),
            id=id,
        )

    def label(self, index: int, mark: str, style: str = "") -> Content:
        letter = Content.styled(f"{LETTERS[index]} ", "bold")
        text = Content.assemble(self.box(index), f"{mark} ", letter, f" {self.choices[index]}")
        return text.stylize(style) if style else text

    def box(self, index: int) -> str:
        """What stands before the mark: nothing, or a tick box."""
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A letter beyond the options is not this list's: it falls through to the
        # screen (so `f` flags an item that has only four options).
        if action in PICK_ACTIONS and parameters and isinstance(parameters[0], int):
            return not self.disabled and parameters[0] < len(self.choices)
        return True

    def ask(self, options: Sequence[str]) -> None:
        """Take a new question's options, ready for an answer."""
        self.choices = tuple(options)
        self.set_options(
            Option(self.label(index, " "), id=str(index)) for index in range(len(options))
        )
        self.disabled = False
        self.highlighted = 0

    def show_results(self, right: set[str], chosen: set[str]) -> None:
        """Mark every option right or wrong and stop taking answers."""
        for index, text in enumerate(self.choices):
            if text in right:
                mark, style = RIGHT, "$success" + (" bold" if text in chosen else "")
            elif text in chosen:
                mark, style = WRONG, "$error bold"
            else:
                mark, style = " ", "dim"
            self.replace_option_prompt_at_index(index, self.label(index, mark, style))
        self.highlighted = None
        self.disabled = True


class ChoiceList(LetteredList):
    """Pick one option (multiple choice, true or false)."""

    BINDINGS: ClassVar[list[BindingType]] = pick_bindings("pick", "Answer")

    class Picked(Message):
        def __init__(self, choice: str) -> None:
            self.choice = choice
            super().__init__()

    def action_pick(self, index: int) -> None:
        if index < len(self.choices) and not self.disabled:
            self.highlighted = index
            self.post_message(self.Picked(self.choices[index]))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option_index)


class SelectAll(LetteredList):
    """Tick every option that applies, then Enter to check."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *pick_bindings("toggle", "Tick"),
        Binding("space", "toggle_highlighted", "Tick", show=False),
        Binding("enter", "submit", "Check", show=False),
    ]

    class Submitted(Message):
        def __init__(self, chosen: frozenset[str]) -> None:
            self.chosen = chosen
            super().__init__()

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        self.ticked: set[int] = set()
        super().__init__(options, id=id)

    def box(self, index: int) -> str:
        return "[x] " if index in self.ticked else "[ ] "

    def action_toggle(self, index: int) -> None:
        if index >= len(self.choices) or self.disabled:
            return
        self.ticked.symmetric_difference_update({index})
        self.highlighted = index
        self.replace_option_prompt_at_index(index, self.label(index, " "))

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.action_toggle(self.highlighted)

    def action_submit(self) -> None:
        if not self.disabled:
            chosen = frozenset(self.choices[index] for index in self.ticked)
            self.post_message(self.Submitted(chosen))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click ticks; Enter (bound above) checks
        self.action_toggle(event.option_index)
