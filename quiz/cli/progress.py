"""The commands that read the progress store: `quiz stats` and `quiz flags`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from quiz.cli import EXIT_OK
from quiz.cli.options import (
    add_data_dir_option,
    add_deck_arguments,
    deck_names,
    load_chosen,
    open_progress,
)
from quiz.facts import Deck
from quiz.schedule import Schedule, flashcards
from quiz.store import Progress
from quiz.text import printable

if TYPE_CHECKING:
    from quiz.facts import Deck
    from quiz.schedule import Schedule
    from quiz.store import Progress

STATS_DAYS, FORECAST_DAYS = 7, (7, 30)


def register(commands: argparse._SubParsersAction) -> None:
    stats = commands.add_parser(
        "stats",
        help="show study progress per deck",
        description="Per deck: flashcards, studied, due today, new, mastery, answers and "
        "accuracy over the last 7 days, cards due in the next 7 and 30 days, leeches.",
    )
    add_deck_arguments(stats)
    stats.add_argument("--json", action="store_true", help="print a JSON array, one per deck")
    stats.add_argument(
        "--items",
        action="store_true",
        help="item analysis of app study, as `quiz grade` gives for a class: difficulty, "
        "discrimination, options and flags per item (each learner's study day is one "
        "sitting, an item's first answer that day its response; with `quiz serve`, every "
        "student in the data folder counts)",
    )
    add_data_dir_option(stats)
    stats.set_defaults(command="stats", run=_run_stats)

    flags = commands.add_parser(
        "flags",
        help="list items learners flagged as faulty",
        description="List flagged items, oldest first: when, deck, item id, reason and the "
        "question as it was shown, for the deck's author to fix.",
    )
    add_deck_arguments(flags)
    flags.add_argument("--json", action="store_true", help="print a JSON array")
    add_data_dir_option(flags)
    flags.set_defaults(command="flags", run=_run_flags)


def _run_stats(args: argparse.Namespace) -> int:
    decks, _ = load_chosen(args)
    if args.items:
        return _run_item_stats(args, decks)
    now = datetime.now(UTC)
    schedule = Schedule()
    with open_progress(args, read_only=True) as progress:
        rows = [_deck_stats(progress, deck, now, schedule) for deck in decks]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    print(printable(f"Progress in {progress.path}"))
    for row in rows:
        print()
        _print_stats(row)
    return EXIT_OK


def _run_item_stats(args: argparse.Namespace, decks: list[Deck]) -> int:
    """`quiz stats --items`: quiz.grade.study's analysis, per deck, of every learner in
    the data folder (the store, and each `quiz serve` student's)."""
    from quiz.datadir import data_path
    from quiz.generate import generate
    from quiz.grade.report import items_section
    from quiz.grade.study import analyse_study
    from quiz.students import STUDENTS_FOLDER

    main = data_path(getattr(args, "data_dir", None))
    paths = {"you": main}
    for path in sorted((main.parent / STUDENTS_FOLDER).glob(f"*/{main.name}")):
        paths[f"student {path.parent.name}"] = path
    tz = datetime.now().astimezone().tzinfo
    rows = []
    for deck in decks:
        items = {item.id: item for item in generate([deck])}
        learners = {}
        for learner, path in paths.items():
            with Progress.open(path, read_only=True) as progress:
                learners[learner] = progress.answers(deck.id)
        test, stats, used = analyse_study(learners, items, tz)
        rows.append((deck, items, test, stats, used))
    if args.json:
        out = [
            {
                "deck": deck.id,
                "answers": used,
                "test": test.__dict__,
                "items": [_item_json(s) for s in stats],
            }
            for deck, _, test, stats, used in rows
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    learners_seen = ", ".join(paths)
    for deck, items, test, stats, used in rows:
        print(printable(f"{deck.name} ({deck.id}): item analysis of app study ({learners_seen})"))
        if not stats:
            print("  no quiz or recall answers yet")
            print()
            continue
        print(
            f"  {used} answers: each learner's study day is one sitting (n = {test.n}), an "
            "item's first answer that day its response"
        )
        entries = {item_id: item.to_json() for item_id, item in items.items()}
        for line in items_section(entries, test, stats):
            print(printable(line))
        print()
    return EXIT_OK


def _item_json(stats: object) -> dict[str, object]:
    import math

    def clean(value: object) -> object:
        return None if isinstance(value, float) and math.isnan(value) else value

    data = {k: clean(v) for k, v in vars(stats).items() if k != "options"}
    data["options"] = [{k: clean(v) for k, v in vars(o).items()} for o in vars(stats)["options"]]
    return data


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
    print(
        printable(f"{row['name']} ({row['deck']}): {row['facts']} facts, {row['cards']} flashcards")
    )
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
    deck_ids = None
    if deck_names(args):
        deck_ids = [deck.id for deck in load_chosen(args)[0]]
    with open_progress(args, read_only=True) as progress:
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
        print(printable(f"{when}  {flag.deck}  {flag.item_id}: {flag.reason}"))
        print(printable(f"    {flag.prompt}"))
    print(f"{len(flags)} flagged item{'s' if len(flags) != 1 else ''}")
    return EXIT_OK
