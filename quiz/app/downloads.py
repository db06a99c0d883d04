"""Files the app hands to whoever is studying: their Anki package, a teacher's classroom quiz.

Each is the file the command line writes with its defaults (`quiz export anki --deck D`,
`quiz make --deck D` zipped), made in memory so the app can deliver it with Textual's
`deliver_binary`: a download in a browser tab (`quiz serve`), the downloads folder in a
terminal.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from quiz.facts import Deck
from quiz.seeds import SeedLibrary

__all__ = ["APKG_TYPE", "ZIP_TYPE", "anki_package", "classroom_quiz"]

APKG_TYPE = "application/apkg"
ZIP_TYPE = "application/zip"


def anki_package(deck: Deck, seeds: SeedLibrary) -> tuple[str, bytes]:
    """The deck's Anki package as `quiz export anki` makes it: its name and bytes.
    Raises ExportError if the scratch file cannot be written."""
    from quiz.export.anki import build_package, write_package
    from quiz.export.formats import ANKI_DEFAULT_KINDS
    from quiz.generate import generate

    items = generate([deck], seed=0, kinds=ANKI_DEFAULT_KINDS)
    package = build_package([deck], items, seeds)
    name = f"{deck.id}.apkg"
    with tempfile.TemporaryDirectory(prefix="quiz-download-") as folder:
        path = Path(folder) / name
        write_package(package, path)
        return name, path.read_bytes()


def classroom_quiz(deck: Deck, seeds: SeedLibrary) -> tuple[str, bytes]:
    """`quiz make --deck DECK` (20 questions, every format) as one zip: its name and
    bytes. Raises SelectionError when the deck cannot fill the quiz."""
    from quiz.classroom import Request, make_quiz
    from quiz.export.bundle import fixed_zip
    from quiz.export.formats import FORMATS
    from quiz.export.make import render

    quiz = make_quiz([deck], seeds, Request(title=deck.name))
    files: dict[str, bytes] = {}
    for bundle in render(quiz, FORMATS):
        files.update(bundle.files)
    return f"{deck.id}-quiz.zip", fixed_zip(sorted(files.items()))
