"""The commands that read the progress store: `quiz stats` and `quiz flags`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from quiz.cli import EXIT_OK
from quiz.cli.options import add_data_dir_option, chosen_decks, name_argument, open_progress
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
    stats.add_argument(
        "deck",
        nargs="?",
        type=name_argument,
        metavar="DECK",
        help="only this deck (its id or name)",
    )
    stats.add_argument("--json", action="store_true", help="print a JSON array, one per deck")
    add_data_dir_option(stats)
    stats.set_defaults(command="stats", run=_run_stats)

    flags = commands.add_parser(
        "flags",
        help="list items learners flagged as faulty",
        description="List flagged items, oldest first: when, deck, item id, reason and the "
        "question as it was shown, for the deck's author to fix.",
    )
    flags.add_argument(
        "deck",
        nargs="?",
        type=name_argument,
        metavar="DECK",
        help="only this deck (its id or name)",
    )
    flags.add_argument("--json", action="store_true", help="print a JSON array")
    add_data_dir_option(flags)
    flags.set_defaults(command="flags", run=_run_flags)


def _run_stats(args: argparse.Namespace) -> int:
    from quiz.decks import load_decks
    from quiz.schedule import Schedule

    decks = chosen_decks(load_decks(), args.deck)
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


def _deck_stats(
    progress: Progress, deck: Deck, now: datetime, schedule: Schedule
) -> dict[str, object]:
    from quiz.generate import generate
    from quiz.schedule import flashcards

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
    from quiz.decks import load_decks

    deck_ids = None
    if args.deck:
        deck_ids = [deck.id for deck in chosen_decks(load_decks(), args.deck)]
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
