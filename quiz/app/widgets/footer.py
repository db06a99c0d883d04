"""The footer of key bindings, redrawn only when the keys it shows change.

Textual's footer rebuilds itself whenever focus moves or bindings are
refreshed, which happens with every question; rebuilding costs more than
drawing the question itself, so this one first checks whether anything
it shows has changed.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
