"""The `quiz` command line: a thin layer that parses flags and prints core results."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import resources
from quiz.classroom import Request, SelectionError, make_quiz
from quiz.export.anki import DEFAULT_KINDS, export_anki
from quiz.export.bundle import Skipped
from quiz.export.files import ExportError, OutputExists, check_target
from quiz.export.make import FORMATS, PAPERS, make
from quiz.facts import Deck, Fact, Literal
from quiz.items import Kind
from quiz.problems import DeckError
from quiz.schedule import Schedule, flashcards
from quiz.store import DATA_DIR_ENV, Progress, StoreError, data_path

# Loading and generating decks is imported where it is used: bare `quiz` opens the
# app first and loads the decks after its first frame.
if TYPE_CHECKING:
    from quiz.app.app import Start
    from quiz.app.library import Library
    from quiz.seeds import SeedLibrary

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
STUDY_MODES = ("cards", "quiz", "recall", "practice")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None and not _in_terminal():
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


class UsageError(Exception):
    """A mistake in how quiz was called, reported without a traceback."""


class _Version(argparse.Action):
    """--version, looking the version up only when asked (the lookup is slow to import)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)  # type: ignore[arg-type]

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        import quiz

        print(f"quiz {quiz.__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quiz",
        description="Quizzes and flashcards from curated, sourced facts.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.set_defaults(command=None, run=_run_home)
    _add_data_dir_option(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate deck files",
        description="Validate decks: structure, references, templates and verbatim quotes. "
        "Exits 0 when clean, 1 with every problem listed as file:line:column.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="deck files or folders of them (default: the bundled decks)",
    )
    _add_seeds_option(check)
    check.set_defaults(command="check", run=_run_check)

    facts = commands.add_parser(
        "facts",
        help="list the facts of the decks",
        description="List the facts of the bundled decks (or of --file decks).",
    )
    facts.add_argument("--deck", metavar="NAME", help="only this deck (its id or name)")
    facts.add_argument("--json", action="store_true", help="print a JSON array")
    facts.add_argument(
        "--file", type=Path, action="append", metavar="PATH", help="read this deck file instead"
    )
    _add_seeds_option(facts)
    facts.set_defaults(command="facts", run=_run_facts)

    generate = commands.add_parser(
        "generate",
        help="generate quiz items from the decks",
        description="Generate multiple-choice, true/false, cloze, recall, matching and "
        "select-all items. The same --seed always gives the same output.",
    )
    generate.add_argument("--deck", metavar="NAME", help="only this deck (its id or name)")
    generate.add_argument(
        "--kinds",
        type=_kinds,
        metavar="K,K",
        help=f"only these kinds ({', '.join(kind.value for kind in Kind)})",
    )
    generate.add_argument("--tags", type=_comma_list, metavar="T,T", help="only these tags")
    generate.add_argument(
        "--difficulty", type=_difficulties, metavar="D,D", help="only these difficulties (1-3)"
    )
    generate.add_argument("--limit", type=_positive, metavar="N", help="at most N items")
    generate.add_argument("--seed", type=int, default=0, metavar="N", help="random seed")
    generate.add_argument("--json", action="store_true", help="print a JSON array")
    _add_seeds_option(generate)
    generate.set_defaults(command="generate", run=_run_generate)

    _add_make_command(commands)

    lint = commands.add_parser(
        "lint",
        help="check every generated item against the deck's knowledge",
        description="Report items with more or fewer than one right option, duplicate "
        "options, answers leaked in the stem, unfilled templates, a conspicuously long "
        "right option, or a false statement the deck does not make false.",
    )
    lint.add_argument("--deck", metavar="NAME", help="only this deck (its id or name)")
    lint.add_argument("--seed", type=int, default=0, metavar="N", help="random seed")
    _add_seeds_option(lint)
    lint.set_defaults(command="lint", run=_run_lint)
    _add_export_parser(commands)

    study = commands.add_parser(
        "study",
        help="open the study app on one deck, in one mode",
        description="Open the study app straight into a mode: flashcards (spaced repetition), "
        "a scored quiz, typed recall, or practice that leaves the schedule alone. "
        "Bare `quiz` opens the app on the home screen.",
    )
    study.add_argument("deck", metavar="DECK", help="the deck's id or name")
    study.add_argument(
        "--mode",
        choices=STUDY_MODES,
        default="cards",
        help="cards (default), quiz, recall, or practice",
    )
    study.add_argument(
        "--count", type=_positive, metavar="N", help="questions in a quiz or recall (default 10)"
    )
    study.add_argument("--tag", metavar="TAG", help="practice: only the cards with this tag")
    _add_data_dir_option(study)
    study.set_defaults(command="study", run=_run_study)

    stats = commands.add_parser(
        "stats",
        help="show study progress per deck",
        description="Per deck: flashcards, studied, due today, new, mastery, answers and "
        "accuracy over the last 7 days, cards due in the next 7 and 30 days, leeches.",
    )
    stats.add_argument("deck", nargs="?", metavar="DECK", help="only this deck (its id or name)")
    stats.add_argument("--json", action="store_true", help="print a JSON array, one per deck")
    _add_data_dir_option(stats)
    stats.set_defaults(command="stats", run=_run_stats)

    flags = commands.add_parser(
        "flags",
        help="list items learners flagged as faulty",
        description="List flagged items, oldest first: when, deck, item id, reason and the "
        "question as it was shown, for the deck's author to fix.",
    )
    flags.add_argument("deck", nargs="?", metavar="DECK", help="only this deck (its id or name)")
    flags.add_argument("--json", action="store_true", help="print a JSON array")
    _add_data_dir_option(flags)
    flags.set_defaults(command="flags", run=_run_flags)
    return parser


def _comma_list(text: str) -> list[str]:
    items = [part.strip() for part in text.split(",") if part.strip()]
    if not items:
        raise argparse.ArgumentTypeError("give at least one value")
    return items


def _kinds(text: str) -> list[Kind]:
    known = {kind.value: kind for kind in Kind}
    unknown = [name for name in _comma_list(text) if name not in known]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(unknown)} (kinds: {', '.join(known)})"
        )
    return [known[name] for name in _comma_list(text)]


def _difficulties(text: str) -> list[int]:
    values = _comma_list(text)
    if any(value not in {"1", "2", "3"} for value in values):
        raise argparse.ArgumentTypeError("difficulties are 1, 2 or 3")
    return [int(value) for value in values]


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _add_seeds_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seeds",
        type=Path,
        metavar="DIR",
        help="folder of seed articles with its sources.yaml (default: the bundled seeds)",
    )


def _add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        # Suppressed when absent, so a subcommand does not reset a value given before it.
        default=argparse.SUPPRESS,
        help=f"folder of the progress database (default: ${DATA_DIR_ENV}, "
        "else the user data folder)",
    )


def _progress(args: argparse.Namespace, announce: bool = True) -> Progress:
    """The progress store that --data-dir, $QUIZ_DATA_DIR or the platform chooses.
    With `announce`, a notice (a damaged database moved aside) goes to stderr."""
    progress = Progress.open(data_path(getattr(args, "data_dir", None)))
    if announce and progress.notice:
        print(f"quiz: {progress.notice}", file=sys.stderr)
    return progress


def _seeds(args: argparse.Namespace) -> SeedLibrary:
    from quiz.seeds import SeedLibrary

    folder = args.seeds or resources.seeds_dir()
    if not folder.is_dir():
        raise UsageError(f"seeds folder not found: {folder}")
    return SeedLibrary.load(folder)


def _deck_files(paths: Sequence[Path]) -> list[Path]:
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


def _run_check(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks

    files = _deck_files(args.paths) if args.paths else resources.bundled_deck_files()
    if not files:
        raise UsageError(f"no deck files found in {resources.decks_dir()}")
    decks = load_decks(files, _seeds(args))
    for deck in decks:
        print(f"{deck.path}: ok, deck '{deck.id}' with {len(deck.facts)} facts")
    return EXIT_OK


def _chosen_decks(decks: list[Deck], name: str | None) -> list[Deck]:
    if not name:
        return decks
    wanted = name.casefold()
    chosen = [deck for deck in decks if wanted in (deck.id, deck.name.casefold())]
    if not chosen:
        known = ", ".join(deck.id for deck in decks)
        raise UsageError(f"no deck named '{name}' (decks: {known})")
    return chosen


def _run_facts(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks

    seeds = _seeds(args)
    decks = load_decks(_deck_files(args.file) if args.file else None, seeds)
    decks = _chosen_decks(decks, args.deck)
    if args.json:
        rows = [_fact_json(deck, fact, seeds) for deck in decks for fact in deck.facts]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_table(decks)
    return EXIT_OK


def _fact_json(deck: Deck, fact: Fact, seeds: SeedLibrary) -> dict[str, object]:
    subject = deck.entities[fact.subject]
    literal = isinstance(fact.object, Literal)
    return {
        "id": fact.id,
        "deck": deck.id,
        "statement": fact.statement,
        "subject": fact.subject,
        "subject_name": subject.name,
        "relation": fact.relation,
        "object": fact.object.value if literal else fact.object,
        "object_name": deck.object_name(fact),
        "tags": list(fact.tags),
        "difficulty": fact.difficulty,
        "date": fact.date,
        "sources": [
            {"seed": source.seed, "quote": source.quote, "title": seeds[source.seed].title}
            for source in fact.sources
        ],
        "attribution": fact.attribution,
        "contested": fact.contested,
        "note": fact.note,
        "explanation": fact.explanation,
    }


def _print_table(decks: Sequence[Deck]) -> None:
    width = shutil.get_terminal_size((100, 24)).columns
    for deck in decks:
        print(f"{deck.name} ({deck.id}): {len(deck.facts)} facts")
        id_width = min(max((len(fact.id) for fact in deck.facts), default=0), 40)
        room = max(width - id_width - 12, 20)
        for fact in deck.facts:
            marks = ("C" if fact.contested else " ") + ("A" if fact.attribution else " ")
            statement = fact.statement
            if len(statement) > room:
                statement = statement[: room - 1] + "…"
            seeds = ",".join(source.seed[:3] for source in fact.sources)
            print(f"  {fact.id:<{id_width}} {marks} {statement}  [{seeds}]")
        print()
    print("A = attributed claim, C = contested; [000,…] = the seed articles quoted")


def _run_generate(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks
    from quiz.generate import generate

    decks = _chosen_decks(load_decks(seeds=_seeds(args)), args.deck)
    tags = set(args.tags or ())
    if tags:
        known = {tag for deck in decks for fact in deck.facts for tag in fact.tags}
        unknown = sorted(tags - known)
        if unknown:
            raise UsageError(f"unknown tag {', '.join(unknown)}")
    items = generate(
        decks,
        seed=args.seed,
        kinds=args.kinds,
        tags=tags,
        difficulties=args.difficulty,
        limit=args.limit,
    )
    if args.json:
        json.dump([item.to_json() for item in items], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    for number, item in enumerate(items, 1):
        print(f"{number}. [{item.kind.value}, difficulty {item.difficulty}] {item.prompt}")
        if item.kind is Kind.MATCHING:
            for left, right in item.answer:
                print(f"     {left} - {right}")
        else:
            for letter, option in zip("ABCDEF", item.options, strict=False):
                answer = item.answer if isinstance(item.answer, tuple) else (item.answer,)
                mark = "*" if option in answer else " "
                print(f"   {mark} {letter}) {option}")
            if not item.options:
                print(f"   answer: {item.answer}")
        print(f"   id {item.id}")
    print(f"{len(items)} items")
    return EXIT_OK


def _add_make_command(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "make",
        help="make a classroom quiz: printable versions, answer keys, LMS files",
        description="Make a classroom quiz: a balanced selection of questions (spread "
        "across tags and kinds, never two on one fact or quote, right answers spread over "
        "A-D), shuffled "
        "into versions, written as student sheets, answer keys and a teacher overview "
        "(PDF, HTML, Markdown), Moodle, Canvas, Kahoot and Aiken files, a CSV and a "
        "JSON key. The same arguments always give the same files.",
    )
    command.add_argument(
        "--deck", action="append", metavar="NAME", help="only this deck (repeat for more)"
    )
    command.add_argument(
        "--questions", type=_positive, default=20, metavar="N", help="questions per version (20)"
    )
    command.add_argument(
        "--kinds",
        type=_kinds,
        metavar="K,K",
        help=f"only these kinds ({', '.join(kind.value for kind in Kind)})",
    )
    command.add_argument("--tags", type=_comma_list, metavar="T,T", help="only these tags")
    command.add_argument(
        "--difficulty", type=_difficulties, metavar="D,D", help="only these difficulties (1-3)"
    )
    command.add_argument(
        "--versions", type=_positive, default=1, metavar="K", help="shuffled versions (1)"
    )
    command.add_argument(
        "--pool",
        type=_positive,
        metavar="N",
        help="give each version its own sample of --questions from a balanced pool of N",
    )
    command.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    command.add_argument(
        "--title", metavar="TEXT", help="the quiz's title (default: the deck's name, or Quiz)"
    )
    command.add_argument(
        "--format",
        type=_make_formats,
        default=list(FORMATS),
        metavar="F,F",
        help=f"what to write ({','.join(FORMATS)}; default: all)",
    )
    command.add_argument("--paper", choices=PAPERS, default="a4", help="paper size (a4)")
    command.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="folder to write (default: the title)"
    )
    command.add_argument("--force", action="store_true", help="replace files already there")
    _add_seeds_option(command)
    command.set_defaults(command="make", run=_run_make)


def _make_formats(text: str) -> list[str]:
    names = list(dict.fromkeys(_comma_list(text)))
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown)} (formats: {', '.join(FORMATS)})"
        )
    return names


def _run_make(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks

    seeds = _seeds(args)
    decks = load_decks(seeds=seeds)
    if args.deck:
        chosen = [deck for name in args.deck for deck in _chosen_decks(decks, name)]
        decks = list({deck.id: deck for deck in chosen}.values())
    title = " ".join((args.title or (decks[0].name if len(decks) == 1 else "Quiz")).split())
    if not title:
        raise UsageError("the title is empty")
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
    folder = args.output or Path(_slug(request.title))
    try:
        quiz = make_quiz(decks, seeds, request)
        made = make(quiz, args.format, folder, paper=args.paper, replace=args.force)
    except (SelectionError, ExportError) as error:
        raise UsageError(str(error)) from None
    for file, skipped in made.skipped.items():
        for line in _skip_notes(file, skipped):
            print(line, file=sys.stderr)
    for name in made.unwritten:
        print(f"note: {name} not written: no question of this quiz fits it", file=sys.stderr)
    versions = len(quiz.versions)
    print(
        f"{request.title}: {len(quiz.versions[0].questions)} questions, "
        f"{versions} version{'s' if versions != 1 else ''} (seed {request.seed})"
    )
    print(f"wrote {len(made.files)} files to {folder}: {', '.join(made.files)}")
    return EXIT_OK


def _slug(title: str) -> str:
    return re.sub(r"\W+", "-", title.casefold()).strip("-_") or "quiz"


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


def _run_lint(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks
    from quiz.generate import generate
    from quiz.lint import lint_items

    decks = _chosen_decks(load_decks(seeds=_seeds(args)), args.deck)
    found = 0
    for deck in decks:
        items = generate([deck], seed=args.seed)
        violations = lint_items(deck, items)
        found += len(violations)
        for violation in violations:
            print(f"{deck.id}: {violation}")
        print(f"{deck.id}: {len(items)} items, {len(violations)} violations")
    return EXIT_PROBLEMS if found else EXIT_OK


# -- export ----------------------------------------------------------------


def _add_export_parser(commands: argparse._SubParsersAction) -> None:
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
    anki.add_argument(
        "--kinds",
        type=_kinds,
        default=list(DEFAULT_KINDS),
        metavar="K,K",
        help=f"item kinds ({', '.join(kind.value for kind in Kind)}; "
        f"default {','.join(kind.value for kind in DEFAULT_KINDS)})",
    )
    anki.add_argument(
        "-o",
        "--output",
        type=Path,
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
    _add_seeds_option(anki)
    anki.set_defaults(command="export anki", run=_run_export_anki)


def _run_export_anki(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks
    from quiz.generate import generate

    seeds = _seeds(args)
    loaded = load_decks(_deck_files(args.file) if args.file else None, seeds)
    decks = {deck.id: deck for name in args.deck or [None] for deck in _chosen_decks(loaded, name)}
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
            raise ExportError(f"nothing to export: no {kinds} items in {', '.join(decks)}")
        result = export_anki(
            list(decks.values()), items, seeds, path, replace=args.force, type_in=args.type_in
        )
    except OutputExists as error:
        print(f"quiz: error: {error} (use --force to replace it)", file=sys.stderr)
        return EXIT_PROBLEMS
    except ExportError as error:
        print(f"quiz: error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    names = ", ".join(f"'{name}'" for name in result.decks)
    print(
        f"{path}: {result.notes} notes, {result.cards} cards in "
        f"{'deck' if len(result.decks) == 1 else 'decks'} {names}"
    )
    print("Import it in Anki with File > Import; importing a later export updates these notes.")


STATS_DAYS, FORECAST_DAYS = 7, (7, 30)


def _run_stats(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks

    decks = _chosen_decks(load_decks(), args.deck)
    now = datetime.now(UTC)
    schedule = Schedule()
    with _progress(args) as progress:
        rows = [_deck_stats(progress, deck, now, schedule) for deck in decks]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    print(f"Progress in {progress.path}")
    for row in rows:
        print()
        _print_stats(row)
    return EXIT_OK


def _deck_stats(
    progress: Progress, deck: Deck, now: datetime, schedule: Schedule
) -> dict[str, object]:
    from quiz.generate import generate

    cards = flashcards(generate([deck]))
    ids = [item.id for item in cards]
    summary = progress.summary(deck.id, ids, now, schedule)
    days = progress.daily_activity(deck.id, now, STATS_DAYS)
    answers = sum(day.answers for day in days)
    correct = sum(day.correct for day in days)
    due = progress.forecast(ids, now, max(FORECAST_DAYS))
    states = progress.cards(ids)
    return {
        "deck": deck.id,
        "name": deck.name,
        "facts": len(deck.facts),
        "cards": summary.items,
        "studied": summary.studied,
        "due_today": summary.due_today,
        "new": summary.new,
        "new_today": summary.new_today,
        "mastery": round(summary.mastery * 100, 1),
        "last_studied": summary.last_studied.isoformat() if summary.last_studied else None,
        "last_7_days": {
            "answers": answers,
            "correct": correct,
            "accuracy": round(correct / answers * 100, 1) if answers else None,
            "by_day": [
                {"day": day.day.isoformat(), "answers": day.answers, "correct": day.correct}
                for day in days
            ],
        },
        **{f"due_next_{n}_days": sum(count for _, count in due[:n]) for n in FORECAST_DAYS},
        "leeches": [item.id for item in cards if item.id in states and states[item.id].is_leech],
    }


def _print_stats(row: dict[str, object]) -> None:
    week = row["last_7_days"]
    assert isinstance(week, dict)
    accuracy = "" if week["accuracy"] is None else f", {week['accuracy']:g}% correct"
    last = row["last_studied"]
    when = (
        datetime.fromisoformat(str(last)).astimezone().strftime("%Y-%m-%d %H:%M")
        if last
        else "never"
    )
    leeches = row["leeches"]
    assert isinstance(leeches, list)
    print(f"{row['name']} ({row['deck']}): {row['facts']} facts, {row['cards']} flashcards")
    print(f"  studied      {row['studied']} (mastery {row['mastery']:g}%), last {when}")
    print(
        f"  due today    {row['due_today']}, plus {row['new_today']} new (of {row['new']} unseen)"
    )
    print(f"  last 7 days  {week['answers']} answers{accuracy}")
    print(
        f"  coming up    {row['due_next_7_days']} due in the next 7 days, "
        f"{row['due_next_30_days']} in the next 30"
    )
    print(f"  leeches      {len(leeches)}" + (f": {', '.join(leeches)}" if leeches else ""))


def _run_flags(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks

    deck_ids = None
    if args.deck:
        deck_ids = [deck.id for deck in _chosen_decks(load_decks(), args.deck)]
    with _progress(args) as progress:
        flags = [flag for flag in progress.flags() if deck_ids is None or flag.deck in deck_ids]
    if args.json:
        rows = [
            {
                "item_id": flag.item_id,
                "deck": flag.deck,
                "at": flag.at.isoformat(),
                "reason": flag.reason,
                "prompt": flag.prompt,
            }
            for flag in flags
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not flags:
        print("No flagged items.")
        return EXIT_OK
    for flag in flags:
        when = flag.at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{when}  {flag.deck}  {flag.item_id}: {flag.reason}")
        print(f"    {flag.prompt}")
    print(f"{len(flags)} flagged item{'s' if len(flags) != 1 else ''}")
    return EXIT_OK


def _in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _run_home(args: argparse.Namespace) -> int:
    return _open_app(args)


def _run_study(args: argparse.Namespace) -> int:
    from quiz.app.app import Start
    from quiz.app.library import load_library

    if args.tag and args.mode != "practice":
        raise UsageError("--tag goes with --mode practice")
    library = load_library()
    wanted = args.deck.casefold()
    shelf = next(
        (shelf for shelf in library.shelves if wanted in (shelf.id, shelf.name.casefold())), None
    )
    if shelf is None:
        known = ", ".join(shelf.id for shelf in library.shelves)
        raise UsageError(f"no deck named '{args.deck}' (decks: {known})")
    if not shelf.ok:
        raise DeckError(list(shelf.problems))
    if args.tag and not any(args.tag in item.tags for item in shelf.items):
        raise UsageError(f"deck '{shelf.id}' has no tag '{args.tag}'")
    if not _in_terminal():
        raise UsageError("quiz study needs a terminal (it opens the study app)")
    start = Start(shelf.id, args.mode, args.count, args.tag)
    return _open_app(args, start, library)


def _open_app(
    args: argparse.Namespace, start: Start | None = None, library: Library | None = None
) -> int:
    from quiz.app.app import QuizApp  # Textual loads only when the app opens

    with _progress(args, announce=False) as progress:  # the app shows any notice itself
        QuizApp(progress, start=start, library=library).run()
    return EXIT_OK
