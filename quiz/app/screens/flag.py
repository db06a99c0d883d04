"""Report an item as faulty, with a short reason, for the deck's author (`quiz flags`)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from quiz.items import Item

MAX_REASON = 200


class FlagScreen(ModalScreen[str | None]):
    """Asks why the item is wrong; Enter flags it, Escape changes nothing."""

    CSS_PATH = "flag.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, item: Item) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.styled("Flag this item as faulty", "bold"))
            yield Static(Content.styled(self.item.prompt, "italic"), id="flagged-prompt")
            yield Input(
                placeholder="What is wrong? e.g. two options are right, a typo",
                max_length=MAX_REASON,
                id="reason",
            )
            yield Static(
                Content.styled("Enter flags it for the deck's author · Esc cancels", "dim")
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reason = " ".join(event.value.split())
        if not reason:
            self.notify("Say briefly what is wrong, or press Esc", severity="warning")
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
