"""How well and how fast `quiz grade` reads answer sheets: N synthetic sheets (half of
them distorted like phone photos), every bubble checked against what was filled.

    PYTHONPATH=. python benchmarks/grade_scans.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from scans import bubbles_right, synthetic

from quiz import resources
from quiz.classroom import Request, make_quiz
from quiz.decks import load_decks
from quiz.grade.omr import ScanError, read_sheet
from quiz.seeds import SeedLibrary
from quiz.sheets import layout


def main(count: int) -> None:
    seeds = SeedLibrary.load(resources.seeds_dir())
    decks = load_decks([resources.decks_dir() / "russia-allies.yaml"], seeds=seeds)
    key = make_quiz(decks, seeds, Request(questions=24, versions=2, seed=3)).key()
    rng = random.Random(2026)
    right = total = students = flagged_rows = unclear_rows = failed = 0
    seconds = 0.0
    for index in range(count):
        image, truth = synthetic(layout(key, 1 + index % 2), rng, photo=index % 2 == 1)
        start = time.perf_counter()
        try:
            read = read_sheet(image, key)
        except ScanError as error:
            print(f"sheet {index}: not read: {error}")
            failed += 1
            continue
        finally:
            seconds += time.perf_counter() - start
        ok, bubbles, _ = bubbles_right(read, truth)
        right, total = right + ok, total + bubbles
        students += read.student == truth.student
        unclear_rows += len(truth.unclear)
        flagged_rows += sum(r.row.label in truth.unclear for r in read.review())
    print(f"{count} sheets ({failed} not read), {total} bubbles: {right / total:.2%} read right")
    print(
        f"student numbers right: {students}/{count}; "
        f"faint marks flagged: {flagged_rows}/{unclear_rows}"
    )
    print(f"{count / seconds:.1f} sheets per second ({seconds / count * 1000:.0f} ms a sheet)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
