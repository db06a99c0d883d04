"""`quiz make`: a teacher's classroom quiz, from flags to the folder of files."""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.cli import EXIT_OK, UsageError
from quiz.cli.options import (
    add_deck_arguments,
    add_item_filters,
    comma_list,
    load_chosen,
    path_argument,
    positive,
)
from quiz.export.formats import FORMATS, PAPERS
from quiz.sheets import DEFAULT_DIGITS, MAX_DIGITS
from quiz.text import control_in, describe_control, printable

# Upper bounds on the counts, far above any classroom's needs: without them a slip
# (--versions 100000000) runs for hours while memory grows.
MAX_QUESTIONS = 1000
MAX_VERSIONS = 100
MAX_POOL = 10_000

if TYPE_CHECKING:
    from quiz.export.bundle import Skipped


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "make",
        help="make a classroom quiz: printable versions, answer keys, LMS files",
        description="Make a classroom quiz: a balanced selection of questions (spread "
        "across tags and kinds, never two on one fact or quote, right answers spread over "
        "A-D), shuffled "
        "into versions, written as student sheets, answer keys and a teacher overview "
        "(PDF, HTML, Markdown), bubble answer sheets for `quiz grade`, Moodle, Canvas, "
        "Kahoot and Aiken files, a CSV and a "
        "JSON key. The same arguments always give the same files.",
    )
    add_deck_arguments(command)
    command.add_argument(
        "--questions",
        type=_at_most(MAX_QUESTIONS),
        default=20,
        metavar="N",
        help=f"questions per version (20; at most {MAX_QUESTIONS})",
    )
    add_item_filters(command)
    command.add_argument(
        "--versions",
        type=_at_most(MAX_VERSIONS),
        default=1,
        metavar="K",
        help=f"shuffled versions (1; at most {MAX_VERSIONS})",
    )
    command.add_argument(
        "--pool",
        type=_at_most(MAX_POOL),
        metavar="N",
        help="give each version its own sample of --questions from a balanced pool of N "
        f"(at most {MAX_POOL})",
    )
    command.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    command.add_argument(
        "--title", metavar="TEXT", help="the quiz's title (default: the deck's name, or Quiz)"
    )
    command.add_argument(
        "--format",
        type=_formats,
        default=list(FORMATS),
        metavar="F,F",
        help=f"what to write ({','.join(FORMATS)}; default: all)",
    )
    command.add_argument("--paper", choices=tuple(PAPERS), default="a4", help="paper size (a4)")
    command.add_argument(
        "--student-digits",
        type=_digits,
        default=DEFAULT_DIGITS,
        metavar="N",
        help=f"digits of the student number on answer sheets ({DEFAULT_DIGITS}; 0 for none)",
    )
    command.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="DIR",
        help="folder to write (default: a new folder named after the title, in the current folder)",
    )
    command.add_argument("--force", action="store_true", help="replace files already there")
    command.set_defaults(command="make", run=_run)


def _at_most(maximum: int) -> Callable[[str], int]:
    def count(text: str) -> int:
        value = positive(text)
        if value > maximum:
            raise argparse.ArgumentTypeError(f"at most {maximum}, not {value}")
        return value

    return count


def _digits(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_DIGITS:
        raise argparse.ArgumentTypeError(f"expected 0 to {MAX_DIGITS} digits, not {text!r}")
    return value


def _formats(text: str) -> list[str]:
    names = list(dict.fromkeys(comma_list(text)))
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown)} (formats: {', '.join(FORMATS)})"
        )
    return names


def _run(args: argparse.Namespace) -> int:
    from quiz.classroom import Request, SelectionError, make_quiz
    from quiz.export.files import OutputExists
    from quiz.export.make import make

    decks, seeds = load_chosen(args)
    title = " ".join((args.title or (decks[0].name if len(decks) == 1 else "Quiz")).split())
    if not title:
        raise UsageError("the title is empty")
    if (index := control_in(title)) is not None:
        raise UsageError(f"the title holds the control character {describe_control(title[index])}")
    request = Request(
        questions=args.questions,
        versions=args.versions,
        pool=args.pool,
        seed=args.seed,
        kinds=tuple(args.kinds or ()),
        tags=tuple(args.tags or ()),
        difficulties=tuple(args.difficulty or ()),
        title=title,
    )
    folder = args.output or _new_folder(request.title)
    try:
        quiz = make_quiz(decks, seeds, request)
        made = make(
            quiz,
            args.format,
            folder,
            paper=args.paper,
            digits=args.student_digits,
            replace=args.force,
        )
    except (SelectionError, OutputExists) as error:
        raise UsageError(str(error)) from None
    for file, skipped in made.skipped.items():
        for line in _skip_notes(file, skipped):
            print(printable(line), file=sys.stderr)
    for name in made.unwritten:
        print(f"note: {name} not written: no question of this quiz fits it", file=sys.stderr)
    for file, stricter in made.stricter.items():
        # One line a file: the reasons are the same few, and each question's is in the file.
        reasons = sorted({entry.reason for entry in stricter})
        print(
            printable(
                f"note: {file}: {len(stricter)} written answers are matched exactly there; "
                + "; ".join(reasons)
            ),
            file=sys.stderr,
        )
    versions = len(quiz.versions)
    print(
        printable(
            f"{request.title}: {len(quiz.versions[0].questions)} questions, "
            f"{versions} version{'s' if versions != 1 else ''} (seed {request.seed})"
        )
    )
    print(
        printable(f"wrote {len(made.files)} files to {folder.resolve()}: {', '.join(made.files)}")
    )
    return EXIT_OK


def _new_folder(title: str) -> Path:
    """The title's slug in the current folder, or `slug-2`, `slug-3`… if that is taken
    by anything but an earlier `quiz make` (a bare `quiz make` in a source checkout
    must not write into the `quiz` package)."""
    from quiz.export.bundle import MANIFEST

    slug = re.sub(r"\W+", "-", title.casefold()).strip("-_") or "quiz"
    for number in itertools.count(1):
        folder = Path(slug if number == 1 else f"{slug}-{number}")
        if not folder.exists() or (folder / MANIFEST).is_file():
            return folder
    raise AssertionError("unreachable")


def _skip_notes(file: str, skipped: Sequence[Skipped]) -> list[str]:
    """One line per kind a format cannot hold, one per item that does not fit."""
    notes = []
    whole = [entry for entry in skipped if entry.whole_kind]
    if whole:
        kinds = Counter(entry.kind for entry in whole)
        counted = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
        notes.append(f"note: {file}: left out {counted}: {whole[0].reason}")
    for entry in skipped:
        if not entry.whole_kind:
            prompt = entry.prompt if len(entry.prompt) <= 60 else entry.prompt[:59] + "…"
            notes.append(f"note: {file}: left out “{prompt}” ({entry.item_id}): {entry.reason}")
    return notes
