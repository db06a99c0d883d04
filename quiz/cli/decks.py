"""The commands for a deck's author: check the decks, list their facts, and see and lint
the items generated from them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.cache import NO_CACHE_ENV
from quiz.cli import EXIT_OK, EXIT_PROBLEMS, UsageError
from quiz.cli.options import add_deck_arguments, add_item_filters, load_chosen, positive
from quiz.facts import Deck, Fact, Literal
from quiz.items import Kind
from quiz.text import printable

if TYPE_CHECKING:
    from quiz.facts import Deck, Fact
    from quiz.seeds import SeedLibrary


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check",
        help="validate deck files",
        description="Validate decks: structure, references, templates and verbatim quotes. "
        "Exits 0 when clean, 1 with every problem listed as file:line:column.",
    )
    add_deck_arguments(check, option=False)
    check.add_argument("--watch", action="store_true", help="check again on every save")
    _add_no_cache(check)
    check.set_defaults(command="check", run=_run_check)

    facts = commands.add_parser(
        "facts",
        help="list the facts of the decks",
        description="List the facts of the bundled decks (or of --file decks).",
    )
    add_deck_arguments(facts)
    facts.add_argument("--json", action="store_true", help="print a JSON array")
    _add_no_cache(facts)
    facts.set_defaults(command="facts", run=_run_facts)

    generate = commands.add_parser(
        "generate",
        help="generate quiz items from the decks",
        description="Generate multiple-choice, true/false, cloze, recall, matching and "
        "select-all items. The same --seed always gives the same output.",
    )
    add_deck_arguments(generate)
    add_item_filters(generate)
    generate.add_argument("--limit", type=positive, metavar="N", help="at most N items")
    generate.add_argument("--seed", type=int, default=0, metavar="N", help="random seed")
    generate.add_argument("--json", action="store_true", help="print a JSON array")
    _add_no_cache(generate)
    generate.set_defaults(command="generate", run=_run_generate)

    lint = commands.add_parser(
        "lint",
        help="check every generated item against the deck's knowledge",
        description="Report items with more or fewer than one right option, duplicate "
        "options, answers leaked in the stem, unfilled templates, a conspicuously long "
        "right option, or a false statement the deck does not make false. After each "
        "deck's summary comes the bank's shape: items by kind, true/false keying, facts "
        "asked in one kind or none, repeated stems, items per fact, and the targets met "
        "or not. Exits 1 on a violation; an unmet target fails only with --strict.",
    )
    add_deck_arguments(lint)
    lint.add_argument("--seed", type=int, default=0, metavar="N", help="random seed")
    lint.add_argument(
        "--strict", action="store_true", help="also exit 1 when a bank target is not met"
    )
    lint.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list every repeated stem and the ids of facts asked in one kind or none",
    )
    lint.add_argument(
        "--json",
        action="store_true",
        help="print a JSON object: each deck's violations and shape, and the decks combined",
    )
    _add_no_cache(lint)
    lint.set_defaults(command="lint", run=_run_lint)

    schema = commands.add_parser(
        "schema",
        help="write the deck format's JSON Schema",
        description="Write the JSON Schema of deck files (the one shipped as "
        "decks/deck.schema.json), for editors and validators. Point a deck at it with a "
        "first line '# yaml-language-server: $schema=PATH'.",
    )
    schema.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="write to this file (default: stdout)"
    )
    schema.set_defaults(command="schema", run=_run_schema)


def _add_no_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"parse and check every deck again, neither reading nor filling the compiled-deck "
        f"cache (also: ${NO_CACHE_ENV}=1)",
    )


def _run_schema(args: argparse.Namespace) -> int:
    from quiz.export.files import ExportError, reason
    from quiz.schema import schema_text

    text = schema_text()
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:  # exits 4, or 5 on a full disk, as every output does
        raise ExportError(f"cannot write {args.output}: {reason(error)}") from error
    print(f"wrote {args.output}")
    return EXIT_OK


def _run_check(args: argparse.Namespace) -> int:
    from quiz.cli.authoring import check, watch_check

    return watch_check(args) if args.watch else check(args)


def _run_facts(args: argparse.Namespace) -> int:
    import json

    decks, seeds = load_chosen(args)
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
        "modality": fact.modality.value,
        "correction": (
            None
            if fact.correction is None
            else {
                "says": fact.correction.says,
                "is": fact.correction.actually,
                "how": fact.correction.how,
            }
        ),
        "garbled": fact.garbled,
        "same_as": fact.same_as,
    }


def _print_table(decks: Sequence[Deck]) -> None:
    import shutil

    width = shutil.get_terminal_size((100, 24)).columns
    for deck in decks:
        print(printable(f"{deck.name} ({deck.id}): {len(deck.facts)} facts"))
        id_width = min(max((len(fact.id) for fact in deck.facts), default=0), 40)
        room = max(width - id_width - 12, 20)
        for fact in deck.facts:
            marks = ("C" if fact.contested else " ") + ("A" if fact.attribution else " ")
            statement = printable(fact.statement)
            if len(statement) > room:
                statement = statement[: room - 1] + "…"
            seeds = ",".join(source.seed[:3] for source in fact.sources)
            print(printable(f"  {fact.id:<{id_width}} {marks} {statement}  [{seeds}]"))
        print()
    print("A = attributed claim, C = contested; [000,…] = the seed articles quoted")


def _run_generate(args: argparse.Namespace) -> int:
    import json

    from quiz.generate import generate, unknown_tags

    decks, _ = load_chosen(args)
    tags = set(args.tags or ())
    unknown = unknown_tags(decks, tags)
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
        print(
            printable(f"{number}. [{item.kind.value}, difficulty {item.difficulty}] {item.prompt}")
        )
        if item.kind is Kind.MATCHING:
            for left, right in item.answer:
                print(printable(f"     {left} - {right}"))
        else:
            for letter, option in zip("ABCDEF", item.options, strict=False):
                answer = item.answer if isinstance(item.answer, tuple) else (item.answer,)
                mark = "*" if option in answer else " "
                print(printable(f"   {mark} {letter}) {option}"))
            if not item.options:
                print(printable(f"   answer: {item.answer}"))
        print(f"   id {item.id}")
    print(f"{len(items)} items")
    return EXIT_OK


def _run_lint(args: argparse.Namespace) -> int:
    import json

    from quiz.bank import bank_shape, render
    from quiz.generate import DeckGenerator
    from quiz.lint import lint_items

    decks, _ = load_chosen(args)
    found, unmet, every_item, reports = 0, False, [], []
    stated: set[str] = set()  # as the pooled shape names them: deck/fact
    for deck in decks:
        items, stated_only = DeckGenerator(deck, args.seed).items()
        every_item += items
        stated.update(f"{deck.id}/{fact_id}" for fact_id in stated_only)
        violations = lint_items(deck, items)
        shape = bank_shape(deck, items, stated_only=stated_only)
        found += len(violations)
        unmet = unmet or not shape.targets_met
        if args.json:
            reports.append(
                {
                    "deck": deck.id,
                    "violations": [
                        {"item_id": violation.item_id, "message": violation.message}
                        for violation in violations
                    ],
                    "shape": shape.to_json(),
                }
            )
            continue
        for violation in violations:
            print(printable(f"{deck.id}: {violation}"))
        print(f"{deck.id}: {len(items)} items, {len(violations)} violations")
        print(*map(printable, render(shape, verbose=args.verbose)), sep="\n")
    if args.json:
        combined = bank_shape(decks, every_item, stated_only=stated).to_json()
        json.dump(
            {"decks": reports, "combined": combined}, sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
    return EXIT_PROBLEMS if found or (args.strict and unmet) else EXIT_OK
