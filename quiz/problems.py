"""What goes wrong in a deck, and where: every check reports through these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str
    fact_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        if self.fact_id:
            return f"{where}: fact {self.fact_id}: {self.message}"
        return f"{where}: {self.message}"


class DeckError(Exception):
    """Raised with every problem found in one or more deck files."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
