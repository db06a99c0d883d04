"""Choose what to practise: the whole deck or one tag. Practice never changes the schedule."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quiz.app.library import Shelf
from quiz.schedule import flashcards


class PracticeScreen(ModalScreen[str | None]):
    """Returns "" for the whole deck, a tag, or None when cancelled."""

    CSS_PATH = "practice.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, shelf: Shelf) -> None:
        super().__init__()
        self.shelf = shelf

    def compose(self) -> ComposeResult:
        cards = flashcards(self.shelf.items)
        counts: dict[str, int] = {}
        for item in cards:
            for tag in item.tags:
                counts[tag] = counts.get(tag, 0) + 1
        options = [Option(f"Whole deck ({len(cards)} cards)", id="")]
        options += [
            Option(f"{tag} ({count})", id=tag)
            for tag, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        ]
        with Vertical(id="dialog"):
            yield Static(Content.styled("Practise without touching the schedule", "bold"))
            yield Static(
                Content.styled("Pick the deck or a tag: ↑↓ and Enter · Esc cancels", "dim")
            )
            yield OptionList(*options, id="tags")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)
