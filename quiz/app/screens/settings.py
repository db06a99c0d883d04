"""The one study setting: how many new flashcards a day."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

MAX_NEW_PER_DAY = 9999


class NewLimitScreen(ModalScreen[int | None]):
    CSS_PATH = "settings.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: int) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.styled("New flashcards per day", "bold"))
            yield Static(
                "Cards you have never studied are introduced at most this many a day "
                "(due cards are always shown). 0 pauses new cards."
            )
            yield Input(str(self.current), type="integer", id="limit")
            yield Static(Content.styled("Enter saves · Esc cancels", "dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text.isdigit() or int(text) > MAX_NEW_PER_DAY:
            self.notify(f"Give a whole number from 0 to {MAX_NEW_PER_DAY}", severity="warning")
            return
        self.dismiss(int(text))

    def action_cancel(self) -> None:
        self.dismiss(None)
