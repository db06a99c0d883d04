"""Time `quiz make` for a 50-question, 4-version quiz in every format (target: under 3 s).

    python benchmarks/bench_make.py [--questions 50] [--versions 4] [--repeat 5]

Prints the best of `--repeat` runs of each stage in one process (loading the
bundled decks, selecting and shuffling, rendering each format), then the wall
time of the whole command as a teacher runs it (`quiz make … -o DIR`, a fresh
process each time, Python start-up and writing the files included), and whether
that meets the target.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quiz import resources
from quiz.classroom import Request, make_quiz
from quiz.decks import load_decks
from quiz.export.formats import FORMATS
from quiz.export.make import render
from quiz.seeds import SeedLibrary

TARGET_S = 3.0


def best_time(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--versions", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {args.repeat} runs each")

    seeds = SeedLibrary.load(resources.seeds_dir())
    load_s, decks = best_time(lambda: load_decks(seeds=seeds), args.repeat)
    request = Request(questions=args.questions, versions=args.versions, title="Benchmark")
    quiz_s, quiz = best_time(lambda: make_quiz(decks, seeds, request), args.repeat)
    print(f"{'load decks':<12} {load_s * 1000:7.1f} ms")
    print(f"{'select':<12} {quiz_s * 1000:7.1f} ms")
    total = 0.0
    for name in FORMATS:
        seconds, [bundle] = best_time(lambda name=name: render(quiz, [name]), args.repeat)
        total += seconds
        print(f"{name:<12} {seconds * 1000:7.1f} ms  {len(bundle.files):2d} files")
    print(f"{'all formats':<12} {total * 1000:7.1f} ms")

    quiz_script = Path(sys.executable).parent / "quiz"
    command = [str(quiz_script), "make", "--questions", str(args.questions)]
    command += ["--versions", str(args.versions), "--title", "Benchmark"]
    walls = []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.repeat):
            folder = Path(scratch) / f"run-{run}"
            start = time.perf_counter()
            subprocess.run([*command, "-o", str(folder)], check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
            files = len(list(folder.iterdir()))
            shutil.rmtree(folder)
    wall = min(walls)
    print(f"quiz make end to end: best {wall:.2f} s, worst {max(walls):.2f} s ({files} files)")
    verdict = "met" if wall < TARGET_S else "NOT met"
    size = f"{args.questions} questions × {args.versions} versions"
    print(f"target < {TARGET_S:.0f} s for {size}: {verdict}")


if __name__ == "__main__":
    main()
