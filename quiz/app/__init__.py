"""The Textual study app: an adapter over the pure quiz core and the progress store."""

from __future__ import annotations

import gc

__all__ = ["collect_again", "pause_collector"]

_paused = False


def pause_collector() -> None:
    """No garbage collection from here to the app's first frame (`collect_again`).

    Importing Textual and drawing the first screen make hundreds of thousands of
    objects, nearly all kept for as long as the app runs; the collector's passes
    over them are a tenth of the time to the first frame, and find almost nothing.
    """
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def collect_again() -> None:
    """After the first frame: what the start made is frozen (never walked by a later
    pass, which then sees only what studying makes) and the collector is back."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
