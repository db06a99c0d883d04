"""What several commands share: argument types, common flags, and turning flags into decks,
seeds and the progress store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.cli import UsageError
from quiz.datadir import DATA_DIR_ENV, data_path
from quiz.items import Kind

if TYPE_CHECKING:
    from quiz.facts import Deck
    from quiz.seeds import SeedLibrary
    from quiz.store import Progress


def path_argument(text: str) -> Path:
    """A file or folder argument. An empty one is refused: `Path("")` is the current
    folder, which nobody means by `--data-dir ""` (an unset variable, usually)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("empty path: give a file or folder name")
    return Path(text)


def name_argument(text: str) -> str:
    """A deck's id or name; an empty one would silently mean every deck."""
    if not text.strip():
        raise argparse.ArgumentTypeError("empty name: give a deck's id or name")
    return text


def comma_list(text: str) -> list[str]:
    items = [part.strip() for part in text.split(",") if part.strip()]
    if not items:
        raise argparse.ArgumentTypeError("give at least one value")
    return items


def kind_list(text: str) -> list[Kind]:
    known = {kind.value: kind for kind in Kind}
    unknown = [name for name in comma_list(text) if name not in known]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(unknown)} (kinds: {', '.join(known)})"
        )
    return [known[name] for name in comma_list(text)]


def difficulty_list(text: str) -> list[int]:
    values = comma_list(text)
    if any(value not in {"1", "2", "3"} for value in values):
        raise argparse.ArgumentTypeError("difficulties are 1, 2 or 3")
    return [int(value) for value in values]


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def add_item_filters(
    parser: argparse.ArgumentParser,
    *,
    default_kinds: Sequence[Kind] | None = None,
    kinds_only: bool = False,
) -> None:
    """--kinds, --tags and --difficulty: which generated items a command uses.
    Without `default_kinds`, every kind unless --kinds names some."""
    kinds = ", ".join(kind.value for kind in Kind)
    if default_kinds is not None:
        kinds += f"; default {','.join(kind.value for kind in default_kinds)}"
    parser.add_argument(
        "--kinds",
        type=kind_list,
        default=None if default_kinds is None else list(default_kinds),
        metavar="K,K",
        help=f"only these kinds ({kinds})",
    )
    if kinds_only:
        return
    parser.add_argument("--tags", type=comma_list, metavar="T,T", help="only these tags")
    parser.add_argument(
        "--difficulty", type=difficulty_list, metavar="D,D", help="only these difficulties (1-3)"
    )


def add_seeds_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seeds",
        type=path_argument,
        metavar="DIR",
        help="folder of seed articles with its sources.yaml (default: the bundled seeds)",
    )


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=path_argument,
        metavar="DIR",
        # Suppressed when absent, so a subcommand does not reset a value given before it.
        default=argparse.SUPPRESS,
        help=f"folder of the progress database (default: ${DATA_DIR_ENV}, "
        "else the user data folder)",
    )


def open_progress(
    args: argparse.Namespace, *, announce: bool = True, read_only: bool = False
) -> Progress:
    """The progress store that --data-dir, $QUIZ_DATA_DIR or the platform chooses.
    With `announce`, a notice (a damaged database moved aside) goes to stderr.
    `read_only` is for the commands that only report: they create and change nothing."""
    from quiz.store import Progress

    progress = Progress.open(data_path(getattr(args, "data_dir", None)), read_only=read_only)
    if announce and progress.notice:
        print(f"quiz: {progress.notice}", file=sys.stderr)
    return progress


def deck_files(paths: Sequence[Path]) -> list[Path]:
    """The deck files that `paths` name, a folder standing for its *.yaml and *.yml files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not found:
                raise UsageError(f"no deck files (*.yaml) in folder {path}")
            files.extend(found)
        else:
            files.append(path)
    return files


# -- naming a deck: the one way every command takes ------------------------------

DECK_HELP = "a deck: its id or name in the library, or a path to a deck file (or folder)"


def add_deck_arguments(
    parser: argparse.ArgumentParser, *, positional: bool = True, option: bool = True
) -> None:
    """DECK... (and --deck DECK, repeatable) naming decks the one way `resolve_decks`
    reads; --file PATH still works, with a note; --seeds for a deck file's articles."""
    if positional:
        parser.add_argument("decks", nargs="*", type=name_argument, metavar="DECK", help=DECK_HELP)
    if option:
        parser.add_argument(
            "--deck",
            dest="deck_options",
            action="append",
            type=name_argument,
            metavar="DECK",
            help=f"{DECK_HELP} (repeat for more)",
        )
    parser.add_argument(
        "--file",
        type=path_argument,
        action="append",
        metavar="PATH",
        help="deprecated: give the path as DECK",
    )
    if not any(action.dest == "seeds" for action in parser._actions):
        add_seeds_option(parser)


def deck_names(args: argparse.Namespace) -> list[str]:
    """Every deck the flags name, in order; --file is noted as deprecated."""
    names = list(getattr(args, "decks", None) or [])
    names += getattr(args, "deck_options", None) or []
    files = getattr(args, "file", None) or []
    if files:
        print("quiz: note: --file is deprecated; name the deck file as DECK", file=sys.stderr)
        names += [str(path) for path in files]
    return names


def resolve_decks(args: argparse.Namespace) -> list:
    """The deck files the command's flags name (every known deck without a name)."""
    from quiz.library import NotFound, resolve

    seeds = getattr(args, "seeds", None)
    if seeds is not None and not seeds.is_dir():
        raise UsageError(f"seeds folder not found: {seeds}")
    try:
        return resolve(deck_names(args), getattr(args, "data_dir", None), seeds)
    except NotFound as error:
        raise UsageError(str(error)) from None


def load_chosen(args: argparse.Namespace) -> tuple[list[Deck], SeedLibrary]:
    """The decks the flags name, loaded and checked together, and their seeds; a deck with
    problems raises DeckError, which every command reports the same way."""
    from quiz.decks import load_decks
    from quiz.library import seeds_for

    files = resolve_decks(args)
    if not files:
        raise UsageError("no decks found")
    seeds = seeds_for(files, getattr(args, "seeds", None))
    decks = load_decks(
        [file.path for file in files], seeds, use_cache=not getattr(args, "no_cache", False)
    )
    return decks, seeds
