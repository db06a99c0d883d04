"""What several commands share: argument types, common flags, and turning flags into decks,
seeds and the progress store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import resources
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


def load_seeds(args: argparse.Namespace) -> SeedLibrary:
    from quiz.seeds import SeedLibrary

    folder = args.seeds or resources.seeds_dir()
    if not folder.is_dir():
        raise UsageError(f"seeds folder not found: {folder}")
    return SeedLibrary.load(folder)


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


def chosen_decks(decks: list[Deck], name: str | None) -> list[Deck]:
    """The deck whose id or name is `name` (any case), or every deck without one."""
    if not name:
        return decks
    wanted = name.casefold()
    chosen = [deck for deck in decks if wanted in (deck.id, deck.name.casefold())]
    if not chosen:
        known = ", ".join(deck.id for deck in decks)
        raise UsageError(f"no deck named '{name}' (decks: {known})")
    return chosen
