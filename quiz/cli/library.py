"""The user's deck library: `quiz decks` lists every deck, `quiz add` brings one in after
checking it, `quiz remove` takes one out and keeps its progress unless told otherwise."""

from __future__ import annotations

import argparse
import json
import shutil
import sys

from quiz.cli import EXIT_OK, UsageError
from quiz.cli.options import add_seeds_option, name_argument, path_argument, resolve_decks
from quiz.text import printable


def register(commands: argparse._SubParsersAction) -> None:
    decks = commands.add_parser(
        "decks",
        help="list every deck: bundled and your own",
        description="List the bundled decks and those in your library (the user data "
        "folder): id, name, facts, items, where the file is, and any problems.",
    )
    decks.add_argument("--json", action="store_true", help="print a JSON array")
    decks.set_defaults(command="decks", run=_run_decks)

    add = commands.add_parser(
        "add",
        help="add a deck (or a folder of decks and seeds) to your library",
        description="Check a deck file, or every deck in a folder, with its seed articles "
        "(a seeds/ folder or sources.yaml beside it, or --seeds), and copy it into your "
        "library with the articles it quotes. A deck with problems is refused with them.",
    )
    add.add_argument("path", type=path_argument, metavar="PATH", help="a deck file or folder")
    add_seeds_option(add)
    add.set_defaults(command="add", run=_run_add)

    remove = commands.add_parser(
        "remove",
        help="remove a deck from your library (its progress is kept)",
        description="Remove one of your decks from the library. Its study progress stays, "
        "so adding it again carries on where you were; --forget-progress deletes it too.",
    )
    remove.add_argument("deck", type=name_argument, metavar="DECK", help="the deck's id or name")
    remove.add_argument(
        "--forget-progress", action="store_true", help="also delete the deck's study progress"
    )
    remove.set_defaults(command="remove", run=_run_remove)


def _run_decks(args: argparse.Namespace) -> int:
    from quiz.app.library import load_library
    from quiz.library import known_deck_files

    library = load_library(files=known_deck_files(getattr(args, "data_dir", None)))
    rows = [
        {
            "id": shelf.id,
            "name": shelf.name,
            "facts": len(shelf.deck.facts) if shelf.deck else None,
            "items": len(shelf.items),
            "where": shelf.where,
            "path": str(shelf.path),
            "problems": [str(problem) for problem in shelf.problems],
        }
        for shelf in library.shelves
    ]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    width = max((len(row["id"]) for row in rows), default=2)
    for row in rows:
        facts = "-" if row["facts"] is None else row["facts"]
        print(
            printable(
                f"{row['id']:<{width}}  {row['name']}  ({facts} facts, {row['items']} items, "
                f"{row['where']}: {row['path']})"
            )
        )
        for problem in row["problems"]:
            print(printable(f"    {problem}"))
    return EXIT_OK


def _run_add(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks
    from quiz.library import BUNDLED, add_decks, known_deck_files, library_dir, seeds_for

    if not args.path.exists():
        raise UsageError(f"not found: {args.path}")
    args.decks = [str(args.path)]
    files = resolve_decks(args)
    seeds = seeds_for(files, args.seeds)
    decks = load_decks([file.path for file in files], seeds)  # raises with every problem
    bundled = {file.header[0] for file in known_deck_files() if file.where == BUNDLED}
    clashes = [deck.id for deck in decks if deck.id in bundled]
    if clashes:
        raise UsageError(f"deck id '{clashes[0]}' is a bundled deck's: give your deck another id")
    folder = library_dir(getattr(args, "data_dir", None))
    try:
        added = add_decks(files, seeds, folder)
    except OSError as error:
        raise UsageError(f"cannot write the library {folder}: {error}") from None
    for entry in added:
        verb = "replaced" if entry.replaced else "added"
        articles = f", {len(entry.seeds)} article{'s' * (len(entry.seeds) != 1)}"
        print(printable(f"{verb} deck '{entry.deck_id}'{articles}: {entry.path}"))
    return EXIT_OK


def _run_remove(args: argparse.Namespace) -> int:
    from quiz.datadir import data_path
    from quiz.library import LIBRARY, NotFound, forget_progress, library_dir, resolve

    data_dir = getattr(args, "data_dir", None)
    try:
        [found] = resolve([args.deck], data_dir)[:1]
    except NotFound as error:
        raise UsageError(str(error)) from None
    folder = library_dir(data_dir)
    if found.where != LIBRARY or not found.path.resolve().is_relative_to(folder.resolve()):
        raise UsageError(f"'{args.deck}' is not in your library ({found.where}: {found.path})")
    deck_id = found.header[0]
    shutil.rmtree(found.path.parent)
    print(printable(f"removed deck '{deck_id}' from {folder}"))
    if args.forget_progress:
        rows = forget_progress(data_path(data_dir), deck_id)
        print(f"forgot its progress ({rows} records)")
    else:
        print("its progress is kept: `quiz add` it again to carry on")
    return EXIT_OK
