"""The `quiz` command line: a thin layer that parses flags and prints core results.

Each command lives in its own module with a `register` that adds it to the
parser. Heavy modules (deck loading, the generator, the app, the exporters)
are imported inside the functions that run a command: bare `quiz` opens the
app first and loads the decks after its first frame.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from quiz.problems import DeckError
from quiz.store import StoreError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in how quiz was called, reported without a traceback."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None and not in_terminal():
        # Piped or run by a script: there is no screen for the app, so say what quiz does.
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args)
    except DeckError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return EXIT_PROBLEMS
    except UsageError as error:
        print(f"quiz: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(f"quiz: error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


class _Version(argparse.Action):
    """--version, looking the version up only when asked (the lookup is slow to import)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import quiz

        print(f"quiz {quiz.__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    # The command modules import this one's exit codes and UsageError.
    from quiz.cli import decks, export, make, progress, study
    from quiz.cli.options import add_data_dir_option

    parser = argparse.ArgumentParser(
        prog="quiz",
        description="Quizzes and flashcards from curated, sourced facts.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.set_defaults(command=None, run=study.run_home)
    add_data_dir_option(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (decks, make, export, study, progress):
        module.register(commands)
    return parser
