"""Deck text made safe to print on a terminal.

Deck and seed files are written by people we do not control, and a control
character printed raw is an instruction to the terminal, not text: ESC starts
sequences that retitle the window, clear the screen or move the cursor, CR
overwrites the line already shown. Every command prints deck text through
`printable`, which shows each control character as a visible escape instead
(`^[` for ESC, as `cat -v` does; `\\x9b` for the C1 range), keeping only the
newline and the tab, which print as themselves.
"""

from __future__ import annotations

__all__ = ["printable"]

_KEPT = {"\n", "\t"}
_VISIBLE = {
    **{code: f"^{chr(code + 64)}" for code in range(0x20) if chr(code) not in _KEPT},
    0x7F: "^?",
    **{code: f"\\x{code:02x}" for code in range(0x80, 0xA0)},
}


def printable(text: str) -> str:
    """`text` with every control character but newline and tab shown as a visible escape."""
    return text.translate(_VISIBLE)
