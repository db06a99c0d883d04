"""Opening the study app: bare `quiz` on the home screen, `quiz study` straight into a mode."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from quiz.cli import EXIT_CRASHED, EXIT_OK, UsageError, in_terminal
from quiz.cli.options import (
    DECK_HELP,
    add_data_dir_option,
    add_seeds_option,
    name_argument,
    open_progress,
    positive,
    resolve_decks,
)
from quiz.datadir import data_path
from quiz.problems import DeckError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from quiz.app.app import Start
    from quiz.app.library import Library
    from quiz.library import DeckFile

STUDY_MODES = ("cards", "quiz", "recall", "practice")


def register(commands: argparse._SubParsersAction) -> None:
    study = commands.add_parser(
        "study",
        help="open the study app on one deck, in one mode",
        description="Open the study app straight into a mode: flashcards (spaced repetition), "
        "a scored quiz, typed recall, or practice that leaves the schedule alone. "
        "Bare `quiz` opens the app on the home screen.",
    )
    study.add_argument("deck", type=name_argument, metavar="DECK", help=DECK_HELP)
    add_seeds_option(study)
    study.add_argument(
        "--mode",
        choices=STUDY_MODES,
        default="cards",
        help="cards (default), quiz, recall, or practice",
    )
    study.add_argument(
        "--count", type=positive, metavar="N", help="questions in a quiz or recall (default 10)"
    )
    study.add_argument("--tag", metavar="TAG", help="practice: only the cards with this tag")
    add_data_dir_option(study)
    add_ask_student_option(study)
    study.set_defaults(command="study", run=_run_study)


def add_ask_student_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ask-student",
        action="store_true",
        default=argparse.SUPPRESS,  # as --data-dir: a subcommand keeps a value given before it
        help="ask who is studying first and keep each student's progress apart, under "
        "students/ in the data folder (what `quiz serve` runs)",
    )


def run_home(args: argparse.Namespace) -> int:
    return _open_app(args)


def _run_study(args: argparse.Namespace) -> int:
    from quiz.app.app import Start
    from quiz.app.library import load_library
    from quiz.library import known_deck_files

    if args.tag and args.mode != "practice":
        raise UsageError("--tag goes with --mode practice")
    args.decks = [args.deck]
    [chosen] = resolve_decks(args)[:1]
    extra = [chosen] if chosen.where == "file" else []
    files = known_deck_files(getattr(args, "data_dir", None))
    if extra:  # the file named stands in for a known deck of the same id
        files = [file for file in files if file.header[0] != chosen.header[0]]
    library = load_library(files=files + extra)
    shelf = next(shelf for shelf in library.shelves if shelf.path == chosen.path)
    if not shelf.ok:
        raise DeckError(list(shelf.problems))
    if args.tag and not any(args.tag in item.tags for item in shelf.items):
        raise UsageError(f"deck '{shelf.id}' has no tag '{args.tag}'")
    if not in_terminal():
        raise UsageError("quiz study needs a terminal (it opens the study app)")
    start = Start(shelf.id, args.mode, args.count, args.tag)
    return _open_app(args, start, library, extra)


def _open_app(
    args: argparse.Namespace,
    start: Start | None = None,
    library: Library | None = None,
    extra: Sequence[DeckFile] = (),
) -> int:
    from quiz.app import pause_collector

    pause_collector()  # until the app's first frame
    from quiz.app.app import QuizApp  # Textual loads only when the app opens
    from quiz.library import library_dir

    where = {"library_folder": library_dir(getattr(args, "data_dir", None)), "extra_decks": extra}

    if getattr(args, "ask_student", False):
        from quiz.students import StudentStores

        students = StudentStores(data_path(getattr(args, "data_dir", None)).parent)
        app = QuizApp(students=students, start=start, library=library, **where)
        try:
            app.run()
        finally:
            students.close()
    else:
        with open_progress(args, announce=False) as progress:  # the app shows any notice
            app = QuizApp(progress, start=start, library=library, **where)
            app.run()
    # Textual shows the traceback of a crash and sets the return code: a script or
    # shell must see the failure too, not a clean exit.
    return EXIT_CRASHED if app.return_code else EXIT_OK
