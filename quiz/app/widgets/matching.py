"""Matching from the keyboard: the left items are taken in turn, each given a partner.

The item waiting for a partner is marked ▸; a number or letter (or the arrows
and Enter) gives it one of the options on the right, which is then used up.
Backspace takes the last pairing back; when every item has a partner, Enter
checks them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static

from quiz.app.widgets.choices import LETTERS, LetteredList, pick_bindings
from quiz.app.widgets.feedback import RIGHT, WRONG


class PartnerList(LetteredList):
    """The right-hand options; a used option is greyed out and cannot be picked again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *pick_bindings("pair", "Match with"),
        Binding("enter", "pair_highlighted", "Match", show=False),
        Binding("backspace", "unpair", "Take back", show=False),
    ]

    def action_pair(self, index: int) -> None:
        if index < len(self.choices) and not self.disabled:
            self.parent_matcher.pair(index)

    def action_pair_highlighted(self) -> None:
        if self.highlighted is not None:
            self.action_pair(self.highlighted)
        else:
            self.parent_matcher.pair(None)

    def action_unpair(self) -> None:
        self.parent_matcher.unpair()

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pair(event.option_index)

    @property
    def parent_matcher(self) -> Matcher:
        return self.query_ancestor(Matcher)


class Matcher(Vertical):
    """Pairs the left items with the right options, one at a time."""

    class Submitted(Message):
        def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
            self.pairs = pairs
            super().__init__()

    def __init__(self, left: Sequence[str], right: Sequence[str], *, id: str | None = None):
        super().__init__(id=id)
        self.left = tuple(left)
        self.right = tuple(right)
        self.chosen: list[int] = []  # indexes into `right`, one per left item so far
        self.results: dict[str, str] | None = None  # the right pairs, once checked

    def compose(self) -> ComposeResult:
        yield Static(self.pairs_content(), id="pairs")
        yield PartnerList(self.right, id="partners")

    def focus(self, scroll_visible: bool = True) -> Matcher:
        self.query_one(PartnerList).focus(scroll_visible)
        return self

    @property
    def complete(self) -> bool:
        return len(self.chosen) == len(self.left)

    def pairs_content(self) -> Content:
        width = max(map(len, self.left))
        lines = []
        for index, name in enumerate(self.left):
            partner = self.right[self.chosen[index]] if index < len(self.chosen) else None
            letter = LETTERS[self.chosen[index]] if partner is not None else ""
            pointer = "▸" if index == len(self.chosen) and self.results is None else " "
            mark, style = " ", ""
            if self.results is not None:
                right = self.results[name]
                mark, style = (RIGHT, "$success") if partner == right else (WRONG, "$error")
                if partner != right:
                    partner = f"{partner}  (right: {right})"
            line = Content.assemble(
                f"{pointer}{mark} {index + 1}. ",
                Content.styled(name.ljust(width), "bold"),
                "  →  ",
                f"{letter} {partner}" if partner else "…",
            )
            lines.append(line.stylize(style) if style else line)
        if self.results is None:
            hint = (
                "All matched: Enter checks, Backspace changes the last"
                if self.complete
                else f"Match {self.left[len(self.chosen)]} with A–{LETTERS[len(self.right) - 1]}"
                " (or ↑↓ Enter); Backspace takes one back"
            )
            lines.append(Content.styled(hint, "dim"))
        return Content("\n").join(lines)

    def refresh_pairs(self) -> None:
        self.query_one("#pairs", Static).update(self.pairs_content())
        partners = self.query_one(PartnerList)
        for index in range(len(self.right)):
            if index in self.chosen:
                partners.disable_option_at_index(index)
            else:
                partners.enable_option_at_index(index)
        free = [index for index in range(len(self.right)) if index not in self.chosen]
        partners.highlighted = free[0] if free else None

    def pair(self, index: int | None) -> None:
        if self.complete:
            if index is None:
                pairs = tuple(
                    (name, self.right[choice])
                    for name, choice in zip(self.left, self.chosen, strict=True)
                )
                self.post_message(self.Submitted(pairs))
            return
        if index is None or index in self.chosen:
            return
        self.chosen.append(index)
        self.refresh_pairs()

    def unpair(self) -> None:
        if self.chosen and self.results is None:
            self.chosen.pop()
            self.refresh_pairs()

    def show_results(self, answer: Sequence[tuple[str, str]]) -> None:
        self.results = dict(answer)
        self.query_one("#pairs", Static).update(self.pairs_content())
        partners = self.query_one(PartnerList)
        partners.disabled = True
        partners.display = False
