"""Deck text made safe to print on a terminal, and the rule for what deck text may hold.

Deck and seed files are written by people we do not control, and a control
character printed raw is an instruction to the terminal, not text: ESC starts
sequences that retitle the window, clear the screen or move the cursor, CR
overwrites the line already shown. The invisible format controls do the same
to a reader: a zero-width space makes two names that look alike differ, and a
right-to-left override shows text in another order than it is stored.

`control_in` is the one rule for which characters those are: `quiz check`
refuses deck and seed text that holds one. Every command prints deck text
through `printable`, which shows each of them as a visible escape instead
(`^[` for ESC, as `cat -v` does; `\\x9b` for the C1 range, `\\u202e` for the
invisible ones), keeping only the newline and the tab, which print as
themselves.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["control_in", "describe_control", "printable"]

_KEPT = {"\n", "\t"}
# Zero-width space, joiners and direction marks (U+200B-U+200F), the bidirectional
# embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
_INVISIBLE = (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_VISIBLE = {
    **{code: f"^{chr(code + 64)}" for code in range(0x20) if chr(code) not in _KEPT},
    0x7F: "^?",
    **{code: f"\\x{code:02x}" for code in range(0x80, 0xA0)},
    **{code: f"\\u{code:04x}" for code in _INVISIBLE},
}

# One scan in C instead of a Python loop over every character of every deck text.
_REFUSED = re.compile("[" + "".join(re.escape(chr(code)) for code in _VISIBLE) + "]")


def printable(text: str) -> str:
    """`text` with every control character but newline and tab shown as a visible escape."""
    return text.translate(_VISIBLE)


def control_in(text: str) -> int | None:
    """The index of the first character of `text` that no deck or seed text may hold
    (a control character but newline and tab, or an invisible format control), if any."""
    found = _REFUSED.search(text)
    return found.start() if found else None


def describe_control(char: str) -> str:
    """A control character for a message: its code point and, where Unicode has one, name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name.lower()})" if name else f"U+{ord(char):04X}"
