"""Time of the Anki export against genanki writing the same notes directly.

    python benchmarks/bench_anki.py [--facts 100000] [--repeat 2]

Generation is timed first, on its own: it costs several times the export (see
bench_generate.py), so the comparison starts from the generated items:

- quiz: `export_anki(decks, items, ...)`, what `quiz export anki` runs after
  generating: every note's fields built from its item (escaping, sources,
  tags, GUID), then the package written, compressed, under a temporary name
  and renamed into place;
- genanki: the very same notes (fields, tags, GUIDs, decks, note types),
  prepared beforehand, handed to `genanki.Note` and written by genanki's own
  `Package.write_to_file`.

Both run in the same process, alternately, best of --repeat (wall and CPU
time; the CPU time is steadier on a shared machine); the two packages are then
checked to hold the same notes and cards. Target (issue 14): quiz <= 1.0 x genanki (wall).
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki
from synthetic import make_deck  # benchmarks/, on sys.path when run as a script

from quiz import resources
from quiz.export.anki import PackageBuilder, export_anki
from quiz.export.formats import ANKI_DEFAULT_KINDS
from quiz.generate import generate
from quiz.seeds import SeedLibrary

TARGET_RATIO = 1.0
MB = 1024 * 1024


def direct_writer(package: genanki.Package) -> Callable[[Path], None]:
    """genanki writing the package's notes, given as plain data as a caller would have them."""
    decks = [
        (
            deck.deck_id,
            deck.name,
            deck.description,
            [(n.model, list(n.fields), n.guid, list(n.tags), n.due) for n in deck.notes],
        )
        for deck in package.decks
    ]

    def write(path: Path) -> None:
        built = []
        for deck_id, name, description, notes in decks:
            deck = genanki.Deck(deck_id, name, description)
            for model, fields, guid, tags, due in notes:
                deck.add_note(genanki.Note(model, fields, guid=guid, tags=tags, due=due))
            built.append(deck)
        genanki.Package(built).write_to_file(path)

    return write


def notes_in(package: Path) -> list[tuple[object, ...]]:
    """Every note's GUID, fields and tags, and each of its cards' deck, template, place
    in the new queue and state: what both writers must agree on (ids are timestamps)."""
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(package) as archive:
            database = archive.extract("collection.anki2", folder)
        connection = sqlite3.connect(database)
        try:
            notes = connection.execute("select guid, flds, tags from notes order by guid")
            cards = connection.execute(
                "select guid, did, ord, due, type, queue, ivl, reps from cards"
                " join notes on notes.id = cards.nid order by guid, ord"
            )
            return [*notes.fetchall(), *cards.fetchall()]
        finally:
            connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, genanki {genanki.__version__}")

    seeds = SeedLibrary.load(resources.seeds_dir())
    deck = make_deck(args.facts)
    start = time.perf_counter()
    items = generate([deck], seed=1, kinds=ANKI_DEFAULT_KINDS)
    generation = time.perf_counter() - start
    kinds = ",".join(kind.value for kind in ANKI_DEFAULT_KINDS)
    print(f"{len(deck.facts)} facts -> {len(items)} {kinds} items: generation {generation:.1f} s")

    package = PackageBuilder([deck], seeds).package(items)
    write_direct = direct_writer(package)
    del package
    wall = {"quiz": float("inf"), "genanki": float("inf")}
    cpu = dict(wall)
    with tempfile.TemporaryDirectory() as folder:
        # genanki leaves its temporary database in the temp folder: keep it in ours.
        tempfile.tempdir = folder
        paths = {"quiz": Path(folder) / "quiz.apkg", "genanki": Path(folder) / "genanki.apkg"}
        runs = {
            "quiz": lambda: export_anki([deck], items, seeds, paths["quiz"], replace=True),
            "genanki": lambda: write_direct(paths["genanki"]),
        }
        for round_ in range(args.repeat):
            for name in ("quiz", "genanki") if round_ % 2 == 0 else ("genanki", "quiz"):
                start, start_cpu = time.perf_counter(), time.process_time()
                runs[name]()
                wall[name] = min(wall[name], time.perf_counter() - start)
                cpu[name] = min(cpu[name], time.process_time() - start_cpu)
        sizes = {name: path.stat().st_size / MB for name, path in paths.items()}
        same = notes_in(paths["quiz"]) == notes_in(paths["genanki"])
        tempfile.tempdir = None
    notes = len(items)
    for name in ("genanki", "quiz"):
        print(
            f"{name:>8}: {wall[name]:6.2f} s wall, {cpu[name]:6.2f} s CPU, "
            f"{notes / wall[name]:7.0f} notes/s, {sizes[name]:6.1f} MB .apkg"
        )
    ratio = wall["quiz"] / wall["genanki"]
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(
        f"quiz / genanki = {ratio:.2f} wall, {cpu['quiz'] / cpu['genanki']:.2f} CPU "
        f"(target <= {TARGET_RATIO}: {verdict}); same notes and cards: {same}"
    )


if __name__ == "__main__":
    main()
