"""`quiz export`: decks written as files for other apps (an Anki package)."""

from __future__ import annotations

import argparse
from pathlib import Path

from quiz.cli import EXIT_OK, UsageError
from quiz.cli.options import (
    add_item_filters,
    add_seeds_option,
    chosen_decks,
    deck_files,
    load_seeds,
    path_argument,
)
from quiz.export.formats import ANKI_DEFAULT_KINDS
from quiz.text import printable


def register(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export",
        help="write decks as files for other apps (Anki)",
        description="Write decks as files for other apps.",
    )
    formats = export.add_subparsers(title="formats", metavar="FORMAT", required=True)
    anki = formats.add_parser(
        "anki",
        help="an Anki package (.apkg)",
        description="Write an Anki package (.apkg): one Anki deck per quiz deck, every note "
        "with its sources, tagged by country, topic, article, kind and difficulty. Import it "
        "with Anki's File > Import; importing a later export updates the same notes in "
        "place, review history kept.",
    )
    anki.add_argument(
        "--deck", action="append", metavar="NAME", help="only this deck (its id or name; repeat)"
    )
    add_item_filters(anki, default_kinds=ANKI_DEFAULT_KINDS, kinds_only=True)
    anki.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="FILE",
        help="the .apkg file, or a folder for it (default: DECK-ID.apkg, or quiz-decks.apkg "
        "for several decks, in the current folder)",
    )
    anki.add_argument("--force", action="store_true", help="replace the file if it exists")
    anki.add_argument(
        "--type-in",
        action="store_true",
        help="give recall notes a second card on which the answer is typed",
    )
    anki.add_argument("--seed", type=int, default=0, metavar="N", help="random seed")
    anki.add_argument(
        "--file", type=Path, action="append", metavar="PATH", help="read this deck file instead"
    )
    add_seeds_option(anki)
    anki.set_defaults(command="export anki", run=_run_anki)


def _run_anki(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks
    from quiz.export.anki import export_anki
    from quiz.export.files import OutputExists, check_target
    from quiz.generate import generate

    seeds = load_seeds(args)
    loaded = load_decks(deck_files(args.file) if args.file else None, seeds)
    decks = {deck.id: deck for name in args.deck or [None] for deck in chosen_decks(loaded, name)}
    default_name = f"{next(iter(decks))}.apkg" if len(decks) == 1 else "quiz-decks.apkg"
    path = args.output or Path(default_name)
    if path.is_dir():
        path = path / default_name
    if path.suffix.lower() != ".apkg":
        raise UsageError(f"{path}: an Anki package's name must end in .apkg")
    try:
        check_target(path, replace=args.force)
        items = generate(decks.values(), seed=args.seed, kinds=args.kinds)
        if not items:
            kinds = ",".join(kind.value for kind in args.kinds)
            raise UsageError(f"nothing to export: no {kinds} items in {', '.join(decks)}")
        result = export_anki(
            list(decks.values()), items, seeds, path, replace=args.force, type_in=args.type_in
        )
    except OutputExists as error:
        raise UsageError(f"{error} (use --force to replace it)") from None
    names = ", ".join(f"'{name}'" for name in result.decks)
    print(
        printable(
            f"{path}: {result.notes} notes, {result.cards} cards in "
            f"{'deck' if len(result.decks) == 1 else 'decks'} {names}"
        )
    )
    print("Import it in Anki with File > Import; importing a later export updates these notes.")
    return EXIT_OK
