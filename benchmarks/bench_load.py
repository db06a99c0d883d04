"""Deck loading against its baselines, every figure a ratio measured in the same run.

    python benchmarks/bench_load.py [--facts 10000] [--large 100000] [--repeat 3] [--only check]

Writes synthetic decks (benchmarks/synthetic.py) to a temporary folder, then times,
best of `--repeat`:
- the baseline: `yaml.load(f, Loader=yaml.CSafeLoader)` of the 10k-fact file;
- a cold load and check of it (`load_deck(..., use_cache=False)`), and a warm one
  (from the compiled-deck cache, filled by a first load);
- the 100k-fact deck, cold and warm, each in a fresh process that reports its own
  wall time and peak RSS (VmHWM: on Linux, ru_maxrss counts the memory of the
  benchmark's own process, which forked it, as the child's);
- `quiz check` on the bundled decks (cache warm) against `python -c "import yaml"`,
  both as whole processes, with quiz's bytecode compiled first (as pip does when it
  installs a wheel; with PYTHONDONTWRITEBYTECODE set, a source tree is otherwise
  compiled again by every process, and that alone costs 30 ms).
The cache lives in the temporary folder, never in the user's.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from synthetic import make_deck, write_yaml  # benchmarks/, on sys.path when run as a script

import quiz
from quiz import resources
from quiz.cache import CACHE_DIR_ENV
from quiz.decks import load_deck
from quiz.seeds import SeedLibrary

COLD_RATIO, WARM_RATIO, LARGE_COLD_S, LARGE_MB, LARGE_WARM_S, CHECK_RATIO = (
    0.75,
    0.05,
    15,
    600,
    1.5,
    3,
)
# A fresh process loading one deck and reporting its wall time and peak memory.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
import quiz
from quiz import resources
from quiz.decks import load_deck
from quiz.seeds import SeedLibrary
seeds = SeedLibrary.load(resources.seeds_dir())
start = time.perf_counter()
deck = load_deck(Path(sys.argv[1]), seeds, use_cache=sys.argv[2] == "warm")
seconds = time.perf_counter() - start
try:  # this process's own high-water mark; ru_maxrss keeps the parent's across exec
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "mb": peak, "facts": len(deck.facts)}))
"""


def best(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def yaml_load(path: Path) -> Any:
    with path.open(encoding="utf-8") as file:
        return yaml.load(file, Loader=yaml.CSafeLoader)


def child(path: Path, mode: str) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def process_time(command: list[str], repeat: int) -> float:
    return best(lambda: subprocess.run(command, capture_output=True, check=True), repeat)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("load", "large", "check"), help="one part")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-load-"))
    os.environ[CACHE_DIR_ENV] = str(folder / "cache")
    if args.only in (None, "load"):
        time_small(args, folder)
    if args.only in (None, "large"):
        time_large(args, folder)
    if args.only in (None, "check"):
        time_check(args)


def time_small(args: argparse.Namespace, folder: Path) -> None:
    seeds = SeedLibrary.load(resources.seeds_dir())

    small = folder / f"deck-{args.facts}.yaml"
    write_yaml(make_deck(args.facts), small)
    baseline = best(lambda: yaml_load(small), args.repeat)
    cold = best(lambda: load_deck(small, seeds, use_cache=False), args.repeat)
    load_deck(small, seeds)  # fills the cache
    warm = best(lambda: load_deck(small, seeds), args.repeat)
    print(f"{args.facts} facts, {small.stat().st_size / 1e6:.1f} MB of YAML")
    print(f"  yaml.load(CSafeLoader)   {baseline:7.3f} s   (baseline)")
    print(
        f"  load + validate, cold    {cold:7.3f} s   {cold / baseline:.3f}x  "
        f"(target <= {COLD_RATIO}x: {verdict(cold / baseline <= COLD_RATIO)})"
    )
    print(
        f"  load, warm (cached)      {warm:7.3f} s   {warm / baseline:.3f}x  "
        f"(target <= {WARM_RATIO}x: {verdict(warm / baseline <= WARM_RATIO)})"
    )


def time_large(args: argparse.Namespace, folder: Path) -> None:
    large = folder / f"deck-{args.large}.yaml"
    write_yaml(make_deck(args.large), large)
    large_cold = child(large, "cold")
    child(large, "warm")  # fills the cache
    large_warm = child(large, "warm")
    print(f"{args.large} facts, {large.stat().st_size / 1e6:.1f} MB of YAML, fresh processes")
    print(
        f"  cold  {large_cold['seconds']:7.2f} s  peak {large_cold['mb']:5.0f} MB  "
        f"(target <= {LARGE_COLD_S} s: {verdict(large_cold['seconds'] <= LARGE_COLD_S)}, "
        f"<= {LARGE_MB} MB: {verdict(large_cold['mb'] <= LARGE_MB)})"
    )
    print(
        f"  warm  {large_warm['seconds']:7.2f} s  peak {large_warm['mb']:5.0f} MB  "
        f"(target <= {LARGE_WARM_S} s: {verdict(large_warm['seconds'] <= LARGE_WARM_S)})"
    )


def time_check(args: argparse.Namespace) -> None:
    compileall.compile_dir(Path(quiz.__file__).parent, quiet=1)
    quiz_script = Path(sys.executable).parent / "quiz"
    # Decks that fail `quiz check` are never cached: time the ones that pass (the
    # first run fills the cache), and say which were left out.
    passing = [
        str(deck)
        for deck in resources.bundled_deck_files()
        if subprocess.run([str(quiz_script), "check", str(deck)], capture_output=True).returncode
        == 0
    ]
    left_out = len(resources.bundled_deck_files()) - len(passing)
    check = [str(quiz_script), "check", *passing]
    import_yaml = process_time([sys.executable, "-c", "import yaml"], 2 * args.repeat)
    checked = process_time(check, 2 * args.repeat)
    note = f", {left_out} failing deck(s) left out" if left_out else ""
    print(f"quiz check, {len(passing)} bundled deck(s) (cache warm{note}), whole processes")
    print(f"  python -c 'import yaml'  {import_yaml * 1000:6.0f} ms  (baseline)")
    print(
        f"  quiz check               {checked * 1000:6.0f} ms  {checked / import_yaml:.2f}x  "
        f"(target <= {CHECK_RATIO}x: {verdict(checked / import_yaml <= CHECK_RATIO)})"
    )


if __name__ == "__main__":
    main()
