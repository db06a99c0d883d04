"""The command palette's deck commands: a mode on a deck, found by the deck's name.

Textual reads a system command's title as markup, so a deck named `Allies [v2]`
would lose `[v2]`, one with `[/]` would crash the palette, and `[@click=app.quit]`
would be a live action. This provider shows each title as plain `Content` and does
its own fuzzy highlighting over that text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

MODES = (
    ("cards", "Flashcards: the cards due today, then new ones"),
    ("quiz", "Scored quiz"),
    ("recall", "Typed recall"),
    ("practice", "Practice every card without touching the schedule"),
    ("leeches", "Review the cards failed too often"),
    ("stats", "Progress, forecast and mastery by tag"),
)

DOWNLOADS = (
    ("anki", "Download Anki package", "This deck for Anki (.apkg), as `quiz export anki` makes it"),
    (
        "quiz",
        "Download classroom quiz",
        "For a teacher: `quiz make` for this deck, every format, zipped",
    ),
)

__all__ = ["DeckCommands"]


class DeckCommands(Provider):
    """Every mode of every deck that can be studied, titled `Mode: deck name`, and the
    deck's downloads (its Anki package, a classroom quiz)."""

    def commands(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        library = getattr(self.app, "library", None)
        for shelf in library.shelves if library else ():
            if not shelf.ok:
                continue
            for mode, what in MODES:
                yield (
                    f"{mode.capitalize()}: {shelf.name}",
                    what,
                    lambda deck=shelf.id, mode=mode: self.app.begin(deck, mode),  # type: ignore[attr-defined]
                )
            for what, title, help_text in DOWNLOADS:
                yield (
                    f"{title}: {shelf.name}",
                    help_text,
                    lambda deck=shelf.id, what=what: self.app.download(deck, what),  # type: ignore[attr-defined]
                )

    async def discover(self) -> Hits:
        for title, what, run in self.commands():
            yield DiscoveryHit(Content(title), run, text=title, help=what)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, what, run in self.commands():
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score > 0:
                shown = Content(title)
                for offset in offsets:
                    shown = shown.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, shown, run, text=title, help=what)
