"""The names of what quiz exports, kept apart from the code that writes them.

The command line lists these names in its flags; the writers import genanki,
typst and openpyxl, which `quiz` must not load just to build its parser.
"""

from __future__ import annotations

from quiz.items import Kind

# What a learner gets unless they ask for others: the kinds the three note
# types are made for. A true/false card is guessed right half the time, and
# matching and select-all are quiz formats (they export as recall and
# multiple choice when asked for).
ANKI_DEFAULT_KINDS = (Kind.RECALL, Kind.CLOZE, Kind.MCQ)

# What `quiz make` writes (quiz.export.make holds the writer of each): printed
# sheets, the bubble answer sheets `quiz grade` reads, then files for quiz platforms.
FORMATS = (
    *("pdf", "html", "md", "sheet"),
    *("gift", "moodle-xml", "qti", "aiken", "kahoot", "csv", "json"),
)
PAPERS = {"a4": "A4", "us-letter": "letter"}  # Typst's paper names, and CSS @page sizes
