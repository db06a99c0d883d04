"""What a student sees once an item is answered or a card turned over.

Right or wrong is said with a symbol as well as a colour, then the right
answer, the explanation, and the evidence: every quote and the article it comes
from, with its title and date, so every answer can be checked. The screens show
it inside their scrolling body, so however many quotes there are, all can be read.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quiz.answers import Grade, Verdict
from quiz.items import FALSE, Item, Kind
from quiz.seeds import Seed
from quiz.session import right_answer

RIGHT = "✓"
WRONG = "✗"


def verdict_line(
    correct: bool, points: int | None = None, verdict: Verdict | None = None
) -> Content:
    if correct:
        misspelt = verdict is not None and verdict.grade is Grade.MISSPELT
        text = f"{RIGHT} Right" + (" — check the spelling" if misspelt else "")
        style = "$warning" if misspelt else "$success"
    else:
        text, style = f"{WRONG} Wrong", "$error"
    parts: list[Content] = [Content.styled(text, f"bold {style}")]
    if points:
        parts.append(Content.styled(f"   +{points} points", style))
    return Content.assemble(*parts)


def typed_lines(verdict: Verdict) -> Content:
    """What was typed against what was expected (recall)."""
    if verdict.grade is Grade.CORRECT:
        return Content("")
    return Content.from_markup(
        "[dim]You typed:[/] $given\n[dim]Expected: [/] [b]$expected[/]",
        given=verdict.given or "(nothing)",
        expected=verdict.matched or verdict.expected,
    )


def explanation(item: Item) -> Content:
    """The item's explanation; after a false statement it is the fact the statement
    was made from, so it says so: it names another leader, country or quote than the
    statement did, and unlabelled it reads like another fact's explanation."""
    if item.kind is Kind.TRUE_FALSE and item.answer == FALSE:
        return Content.from_markup("[b]The true fact behind it:[/] $text", text=item.explanation)
    return Content(item.explanation or "")


def sources(item: Item, seed: Callable[[str], Seed | None]) -> Content:
    """Every quote behind an item, each with its article's title and date."""
    lines: list[Content] = []
    for source in item.sources:
        found = seed(source.seed)
        where = f"{found.title}, {found.date}" if found else source.seed
        lines.append(
            Content.from_markup("[i]“$quote”[/]\n[dim]— $where[/]", quote=source.quote, where=where)
        )
    return Content("\n").join(lines)


class Feedback(Vertical):
    """The verdict and the evidence for one answered item."""

    DEFAULT_CSS = """
    Feedback {
        height: auto;
    }
    Feedback > Static {
        height: auto;
    }
    Feedback #sources {
        padding-left: 2;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="verdict")
        yield Static(id="sources")

    @property
    def text(self) -> str:
        """What it says, as plain text."""
        return "\n".join(str(static.content) for static in self.query(Static))

    def show_answer(
        self,
        item: Item,
        seed: Callable[[str], Seed | None],
        *,
        correct: bool | None,
        points: int | None = None,
        verdict: Verdict | None = None,
    ) -> None:
        """Show the verdict (None: a flashcard, which has none) and the evidence."""
        parts: list[Content] = []
        if correct is not None:
            parts.append(verdict_line(correct, points, verdict))
        if verdict is not None and verdict.grade is not Grade.CORRECT:
            parts.append(typed_lines(verdict))
        elif (correct is False or correct is None) and item.kind is not Kind.MATCHING:
            # (a matching item shows the right partner beside each wrong pair)
            parts.append(Content.from_markup("[b]Answer:[/] $answer", answer=right_answer(item)))
        if item.explanation:
            parts.append(explanation(item))
        parts.append(Content.styled("Why? The sources:", "bold"))
        self.query_one("#verdict", Static).update(Content("\n").join(parts))
        self.query_one("#sources", Static).update(sources(item, seed))
