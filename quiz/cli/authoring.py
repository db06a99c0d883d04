"""The author's loop: `quiz new` starts a deck from an article, `quiz check` (and
`--watch`) says what is left to do, `quiz preview` shows the items each fact makes."""

from __future__ import annotations

import argparse
import datetime
import hashlib
import shutil
import time
from collections import defaultdict
from pathlib import Path

from quiz.cli import EXIT_OK, EXIT_PROBLEMS, UsageError, in_terminal
from quiz.cli.options import (
    add_deck_arguments,
    path_argument,
    resolve_decks,
)
from quiz.problems import DeckError, Problem
from quiz.text import printable

WATCH_SECONDS = 0.5  # how often `quiz check --watch` looks at the files' times
# What the validator says of a deck without facts; a starter deck has none until the
# author accepts a candidate, and is not broken for that.
_EMPTY = (
    "a deck needs at least one fact",
    "'facts' has no value",
    "'entities' has no value",
    "'relations' has no value",
)


def register(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser(
        "new",
        help="start a deck from an article: its seed, and candidate facts to accept",
        description="Register ARTICLE.txt as a seed (a copy in seeds/, its sha256 and "
        "metadata in seeds/sources.yaml) and write a starter deck of candidate facts: "
        "each a sentence of the article quoted verbatim, with the entities, attribution "
        "cues and fitting relations marked. Candidates are comments until you accept them.",
    )
    new.add_argument("article", type=path_argument, metavar="ARTICLE", help="a .txt article")
    new.add_argument("--title", help="the article's title (default: its first line)")
    new.add_argument("--author", help="who wrote it")
    new.add_argument("--outlet", help="where it was published")
    new.add_argument("--date", help="its date: YYYY, YYYY-MM or YYYY-MM-DD")
    new.add_argument("--id", dest="deck_id", help="the deck's id (default: from the title)")
    new.add_argument(
        "-o",
        "--output",
        type=path_argument,
        metavar="FILE",
        help="the deck file (default: DECK-ID.yaml here; seeds go in seeds/ beside it)",
    )
    new.add_argument("--force", action="store_true", help="replace the deck file if it exists")
    new.set_defaults(command="new", run=_run_new)

    preview = commands.add_parser(
        "preview",
        help="show the items each fact of a deck produces",
        description="Show every item generated from a deck, grouped by the fact it asks, "
        "so an author sees the questions before students do.",
    )
    add_deck_arguments(preview)
    preview.add_argument("--seed", type=int, default=0, metavar="N", help="random seed")
    preview.set_defaults(command="preview", run=_run_preview)


# -- quiz new ------------------------------------------------------------------------


def _run_new(args: argparse.Namespace) -> int:
    from quiz.authoring import candidates, seed_file_name, slug, starter_deck
    from quiz.seeds import METADATA_FILE, valid_date

    article: Path = args.article
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the article {article}: {error}") from None
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    title = args.title or _ask("Title", first_line[:120])
    date = args.date or _ask("Date (YYYY, YYYY-MM or YYYY-MM-DD)", None)
    author = args.author if args.author is not None else _ask("Author (or empty)", "")
    outlet = args.outlet if args.outlet is not None else _ask("Outlet (or empty)", "")
    if not title:
        raise UsageError("give the article's title with --title")
    if not date or not valid_date(date):
        raise UsageError("give the article's date with --date YYYY, YYYY-MM or YYYY-MM-DD")
    deck_id = args.deck_id or slug(title) or "my-deck"
    deck_path: Path = args.output or Path(f"{deck_id}.yaml")
    if deck_path.exists() and not args.force:
        raise UsageError(f"{deck_path} exists (use --force to replace it)")
    seeds = deck_path.parent / "seeds"
    seed_file = seed_file_name(article, text)
    seeds.mkdir(parents=True, exist_ok=True)
    if article.resolve() != (seeds / seed_file).resolve():
        shutil.copyfile(article, seeds / seed_file)
    _register_seed(seeds / METADATA_FILE, seed_file, text, title, author, outlet, date)
    started = time.perf_counter()
    found = candidates(text)
    deck_path.write_text(
        starter_deck(deck_id=deck_id, name=title, seed_file=seed_file, date=date, found=found),
        encoding="utf-8",
    )
    seconds = time.perf_counter() - started
    print(printable(f"seed: {seeds / seed_file} (in {seeds / METADATA_FILE})"))
    print(
        printable(
            f"deck: {deck_path}, {len(found)} candidate facts from "
            f"{len(text.split())} words in {seconds:.2f} s"
        )
    )
    print(printable(f"next: accept candidates in {deck_path}, then `quiz check {deck_path}`"))
    return EXIT_OK


def _ask(question: str, default: str | None) -> str | None:
    """Ask in a terminal; a script gets the default (and the flag's error if none)."""
    if not in_terminal():
        return default
    shown = f" [{default}]" if default else ""
    answer = input(f"{question}{shown}: ").strip()
    return answer or default


def _register_seed(
    metadata: Path,
    file: str,
    text: str,
    title: str,
    author: str | None,
    outlet: str | None,
    date: str,
) -> None:
    """Add the article to sources.yaml (created if missing), replacing an entry of the
    same file; what else the file holds, comments included, stays as written."""
    import yaml

    entry = {
        "file": file,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "title": title,
        "title_given": True,
        "author": author or None,
        "outlet": outlet or None,
        "date": date,
        "date_basis": f"given with `quiz new` on {datetime.date.today().isoformat()}",
    }
    written = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    block = "".join(f"  {line}\n" for line in written.splitlines())
    if not metadata.is_file():
        metadata.write_text("sources:\n" + block, encoding="utf-8")
        return
    current = yaml.safe_load(metadata.read_text("utf-8")) or {}
    if any(str(e.get("file")) == file for e in current.get("sources") or []):
        return  # the same article (the name holds its digest) is registered already
    existing = metadata.read_text("utf-8")
    if not (current.get("sources") or []):
        existing = "sources:\n"
    metadata.write_text(existing.rstrip("\n") + "\n" + block, encoding="utf-8")


# -- quiz check (and --watch) ----------------------------------------------------------


def check(args: argparse.Namespace) -> int:
    """Check the decks the flags name; a starter deck without facts yet is clean, and
    says how many candidates are left. Raises DeckError with every problem."""
    from quiz.authoring import CANDIDATE_MARK, STARTER_MARK
    from quiz.decks import load_decks
    from quiz.library import seeds_for

    files = resolve_decks(args)
    if not files:
        raise UsageError("no decks found")
    seeds = seeds_for(files, getattr(args, "seeds", None))
    starters = {
        str(file.path): _starter_left(file.path, STARTER_MARK, CANDIDATE_MARK) for file in files
    }
    starters = {path: left for path, left in starters.items() if left is not None}
    try:
        decks = load_decks(
            [file.path for file in files], seeds, use_cache=not getattr(args, "no_cache", False)
        )
    except DeckError as error:
        # A starter deck whose only problem is being empty is clean: nothing accepted yet.
        by_file = defaultdict(list)
        for problem in error.problems:
            by_file[problem.file].append(problem)
        empty = {
            file
            for file, found in by_file.items()
            if file in starters and all(_empty(problem) for problem in found)
        }
        rest = [p for p in error.problems if p.file not in empty]
        if rest:
            raise DeckError(rest) from None
        decks = load_decks([f.path for f in files if str(f.path) not in empty], seeds)
        for path in sorted(empty):
            print(
                printable(
                    f"{path}: ok, a starter deck with no facts yet; {starters[path]} "
                    "candidates to accept (uncomment one, finish it, check again)"
                )
            )
    for deck in decks:
        left = starters.get(str(deck.path))
        more = f"; {left} candidates left" if left else ""
        print(printable(f"{deck.path}: ok, deck '{deck.id}' with {len(deck.facts)} facts{more}"))
    return EXIT_OK


def _empty(problem: Problem) -> bool:
    return any(message in problem.message for message in _EMPTY)


def _starter_left(path: Path, mark: str, candidate: str) -> int | None:
    """How many candidates a starter deck still has commented out (None: not a starter)."""
    if not path.is_file():  # a FIFO or a device is never read (the loader refuses it)
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if mark not in text:
        return None
    # A candidate is still open while its block's lines are commented out.
    _, _, rest = text.partition(candidate)
    return sum(1 for line in rest.splitlines() if line.startswith("#   - id:"))


def watch_check(args: argparse.Namespace) -> int:
    """Check, then check again whenever a deck or seeds file is saved, until Ctrl+C."""
    last: tuple | None = None
    while True:
        files = resolve_decks(args)
        stamps = _stamps([file.path for file in files] + _seed_files(files))
        if stamps != last:
            last = stamps
            print(f"--- {datetime.datetime.now():%H:%M:%S} checking", flush=True)
            try:
                check(args)
            except DeckError as error:
                for problem in error.problems:
                    print(printable(str(problem)))
                count = len(error.problems)
                print(f"{count} problem{'s' if count != 1 else ''} found", flush=True)
            print("(watching for changes; Ctrl+C to stop)", flush=True)
            if getattr(args, "watch_once", False):
                return EXIT_OK
        time.sleep(WATCH_SECONDS)


def _seed_files(files: list) -> list[Path]:
    folders = {file.seeds for file in files if file.seeds is not None}
    return [path for folder in folders for path in sorted(folder.glob("*"))]


def _stamps(paths: list[Path]) -> tuple:
    out = []
    for path in paths:
        try:
            out.append((str(path), path.stat().st_mtime_ns))
        except OSError:
            out.append((str(path), None))
    return tuple(out)


# -- quiz preview --------------------------------------------------------------------


def _run_preview(args: argparse.Namespace) -> int:
    from quiz.cli.options import load_chosen
    from quiz.generate import generate
    from quiz.items import Kind

    decks, _ = load_chosen(args)
    for deck in decks:
        items = generate([deck], seed=args.seed)
        by_fact = defaultdict(list)
        for item in items:
            for fact_id in item.fact_ids:
                by_fact[fact_id].append(item)
        print(printable(f"{deck.name} ({deck.id}): {len(deck.facts)} facts, {len(items)} items"))
        for fact in deck.facts:
            asked = by_fact.get(fact.id, [])
            print()
            print(printable(f"{fact.id}: {fact.statement}"))
            if not asked:
                print("  (no item: check its relation's templates)")
            for item in asked:
                print(printable(f"  [{item.kind.value}] {item.prompt}"))
                if item.kind is Kind.MATCHING:
                    for left, right in item.answer:
                        print(printable(f"      {left} - {right}"))
                    continue
                answer = item.answer if isinstance(item.answer, tuple) else (item.answer,)
                for option in item.options:
                    print(printable(f"    {'*' if option in answer else ' '} {option}"))
                if not item.options:
                    print(printable(f"    answer: {item.answer}"))
        print()
    return EXIT_PROBLEMS if not decks else EXIT_OK
