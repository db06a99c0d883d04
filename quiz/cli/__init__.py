"""The `quiz` command line: a thin layer that parses flags and prints core results.

Each command lives in its own module with a `register` that adds it to the
parser. Heavy modules (deck loading, the generator, the app, the exporters)
are imported inside the functions that run a command: bare `quiz` opens the
app first and loads the decks after its first frame.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quiz.problems import DeckError
from quiz.text import printable

if TYPE_CHECKING:
    from quiz.export.files import ExportError

# The exit status of every command, by kind of failure: one kind, one code, whichever
# command meets it. README.md lists them ("Exit codes"); keep the two in step.
EXIT_OK = 0
EXIT_PROBLEMS = 1  # deck or seed files have problems; lint found violations
EXIT_USAGE = 2  # how quiz was called: an option, a name, a path, a file already there
EXIT_PROGRESS = 3  # the progress database cannot be opened, read or saved
EXIT_OUTPUT = 4  # an output (a file, a folder, standard output) cannot be written
EXIT_DISK_FULL = 5  # no space left on the disk (ENOSPC, SQLITE_FULL)
EXIT_CRASHED = 70  # the study app stopped on an internal error (sysexits' EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl+C (128 + SIGINT, as shells report it)


class UsageError(Exception):
    """A mistake in how quiz was called, reported without a traceback."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status (see the EXIT_ codes): every failure
    is a message on stderr, never a traceback."""
    if sys.stdout is None:  # started with standard output closed (`quiz facts >&-`)
        _error("standard output is closed")
        return EXIT_OUTPUT
    for stream in (sys.stdout, sys.stderr):
        # A terminal or pipe that cannot show every character gets `\xe9` rather than a crash.
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
    try:
        code = _run(argv)
        sys.stdout.flush()  # a full disk or closed pipe shows here, not at exit
        return code
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as other tools do.
        _drop_stdout()
        return EXIT_OK
    except OSError as error:
        # Writing standard output failed (`quiz facts > /dev/full`); other files are
        # reported by the command that writes them.
        _drop_stdout()
        _error(f"cannot write the output: {error.strerror or error}")
        return exit_code_for(error)


def exit_code_for(error: OSError | ExportError) -> int:
    """The exit status for an output that could not be written, judged by the OSError
    (an ExportError's cause, if it has one): a full disk has its own."""
    cause = error if isinstance(error, OSError) else error.__cause__
    disk_full = isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT)
    return EXIT_DISK_FULL if disk_full else EXIT_OUTPUT


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser(argv)
    args = parser.parse_args(argv)
    if args.command is None and not in_terminal():
        # Piped or run by a script: there is no screen for the app, so say what quiz does.
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args)
    except DeckError as error:
        for problem in error.problems:
            print(printable(str(problem)), file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return EXIT_PROBLEMS
    except UsageError as error:
        _error(str(error))
        return EXIT_USAGE
    except Exception as error:
        # The export and store modules are slow to import and most commands never
        # touch them: a class whose module was never imported cannot have been raised.
        if _raised(error, "quiz.export.files", "ExportError"):
            # the disk or the folder, not the request (that is OutputExists)
            _error(str(error))
            return exit_code_for(error)  # type: ignore[arg-type]
        if _raised(error, "quiz.store", "StoreError"):
            _error(str(error))
            return EXIT_DISK_FULL if error.disk_full else EXIT_PROGRESS  # type: ignore[attr-defined]
        raise


def _raised(error: Exception, module: str, name: str) -> bool:
    """Whether `error` is an instance of `module.name`, without importing `module`."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(error, getattr(loaded, name))


def _error(message: str) -> None:
    if sys.stderr is not None:
        print(f"quiz: error: {printable(message)}", file=sys.stderr, flush=True)


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so the flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


# Set by textual-serve (`quiz serve`) for each app it starts: the app draws through
# pipes to a browser tab, so pipes are no sign of a script there.
TEXTUAL_DRIVER_ENV = "TEXTUAL_DRIVER"


def in_terminal() -> bool:
    """Whether the study app has a screen: a terminal, or a driver Textual was given."""
    if os.environ.get(TEXTUAL_DRIVER_ENV):
        return True
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


class _Version(argparse.Action):
    """--version, looking the version up only when asked (the lookup is slow to import)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import quiz

        print(f"quiz {quiz.__version__}")
        parser.exit()


# Which module registers each command, so that `quiz check` builds (and imports) the
# parser of its own module alone. A command missing here still works: an argument
# list naming no command in this table gets every module's parser.
_COMMAND_MODULES = {
    "check": "decks",
    "facts": "decks",
    "generate": "decks",
    "lint": "decks",
    "schema": "decks",
    "make": "make",
    "export": "export",
    "study": "study",
    "serve": "serve",
    "stats": "progress",
    "flags": "progress",
    "grade": "grade",
    "new": "authoring",
    "preview": "authoring",
    "decks": "library",
    "add": "library",
    "remove": "library",
}
_MODULE_ORDER = (
    "decks",
    "authoring",
    "library",
    "make",
    "export",
    "study",
    "serve",
    "progress",
    "grade",
)


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    import importlib

    # The command modules import this one's exit codes and UsageError.
    from quiz.cli import study
    from quiz.cli.options import add_data_dir_option

    parser = argparse.ArgumentParser(
        prog="quiz",
        description="Quizzes and flashcards from curated, sourced facts.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.set_defaults(command=None, run=study.run_home)
    add_data_dir_option(parser)
    study.add_ask_student_option(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in _modules_for(sys.argv[1:] if argv is None else argv):
        importlib.import_module(f"quiz.cli.{name}").register(commands)
    return parser


def _modules_for(argv: Sequence[str]) -> list[str]:
    """The command modules whose parsers `argv` may need: those of every word in it that
    names a command (an option's value may be one too), or all of them if none does,
    so that help and "invalid choice" list every command. Bare `quiz` in a terminal
    opens the app and needs none of them (11 ms before its first frame)."""
    if not argv and in_terminal():
        return []
    named = {_COMMAND_MODULES[word] for word in argv if word in _COMMAND_MODULES}
    return [name for name in _MODULE_ORDER if name in named] or list(_MODULE_ORDER)
