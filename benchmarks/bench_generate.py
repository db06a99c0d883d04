"""Time and memory of item generation on synthetic decks of 1k, 10k and 100k facts.

    python benchmarks/bench_generate.py [--sizes 1000 10000 100000] [--profile 10000]

Prints, per size: items, best wall time of `generate([deck], seed=1)` (best of 3,
two runs from 100k facts up; caches are emptied before each run, as in a fresh
process), facts/s, items/s, the tracemalloc peak of a separate traced run, and the
process's ru_maxrss after the untraced runs (sizes run in ascending order, so it
is the peak of the largest deck so far, deck included). Then the shipped decks'
generation time (best of 5), the scaling ratios, the load time of a 10k-fact YAML
deck, and which targets pass.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import platform
import pstats
import re
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from synthetic import make_deck, write_yaml  # benchmarks/, on sys.path when run as a script

import quiz
import quiz.answers
import quiz.generate
import quiz.knowledge
from quiz import resources
from quiz.decks import load_deck, load_decks
from quiz.generate import generate
from quiz.problems import DeckError
from quiz.seeds import SeedLibrary

MB = 1024 * 1024
TARGET_SHIPPED_MS, TARGET_100K_S, TARGET_100K_MB, TARGET_RATIO = 100, 10, 1024, 12


def cold_caches() -> None:
    """Empty the regex and memo caches, so that every run costs what a fresh process pays."""
    re.purge()
    for module in (quiz.answers, quiz.generate, quiz.knowledge):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def best_time(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best wall time of `repeat` cold runs, and the last run's result."""
    best, _, result = best_times(run, repeat)
    return best, result


def best_times(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """The best wall time and the best CPU time of `repeat` cold runs, and the last
    run's result. CPU time tells the cost when other work shares the machine."""
    best_wall, best_cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        result = None  # free the previous run's items before timing the next
        cold_caches()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return best_wall, best_cpu, result


def traced_peak_mb(run: Callable[[], Any]) -> float:
    cold_caches()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bench_sizes(sizes: list[int]) -> dict[int, float]:
    print(f"{'facts':>8} {'items':>8} {'seconds':>9} {'cpu s':>7} {'facts/s':>9} {'items/s':>9} "
          f"{'peak MB':>8} {'rss MB':>8}")  # fmt: skip
    times: dict[int, float] = {}
    for n in sorted(sizes):
        deck = make_deck(n)
        run = partial(generate, [deck], seed=1)
        seconds, cpu, items = best_times(run, 3 if n < 100_000 else 2)
        count = len(items)
        del items
        rss = rss_mb()  # before tracing: tracemalloc's own bookkeeping inflates the RSS
        peak = traced_peak_mb(run)
        times[n] = seconds
        print(f"{len(deck.facts):>8} {count:>8} {seconds:>9.3f} {cpu:>7.2f} {n / seconds:>9.0f} "
              f"{count / seconds:>9.0f} {peak:>8.1f} {rss:>8.1f}", flush=True)  # fmt: skip
        if n >= 100_000:
            ok = seconds < TARGET_100K_S and max(peak, rss) < TARGET_100K_MB
            print(f"  target {n} facts < {TARGET_100K_S} s and < 1 GB: {verdict(ok)}")
    return times


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def bench_shipped() -> None:
    try:
        decks = load_decks()
    except DeckError as error:
        print(f"shipped decks: cannot load ({len(error.problems)} problems), first: "
              f"{error.problems[0]}")  # fmt: skip
        return
    seconds, items = best_time(lambda: generate(decks, seed=1), 5)
    facts = sum(len(deck.facts) for deck in decks)
    ok = seconds * 1000 < TARGET_SHIPPED_MS
    print(f"shipped decks: {len(decks)} decks, {facts} facts, {len(items)} items, "
          f"{seconds * 1000:.1f} ms (target < {TARGET_SHIPPED_MS} ms: {verdict(ok)})")  # fmt: skip


def bench_ratios(times: dict[int, float]) -> None:
    for small, large in ((1_000, 10_000), (10_000, 100_000)):
        if small in times and large in times:
            ratio = times[large] / times[small]
            print(f"time({large // 1000}k)/time({small // 1000}k) = {ratio:.1f} "
                  f"(target <= {TARGET_RATIO}: {verdict(ratio <= TARGET_RATIO)})")  # fmt: skip


def bench_load(n: int = 10_000) -> None:
    start = time.perf_counter()
    seeds = SeedLibrary.load(resources.seeds_dir())
    seeds_ms = (time.perf_counter() - start) * 1000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"deck-{n}.yaml"
        write_yaml(make_deck(n), path)
        size = path.stat().st_size / MB
        seconds, deck = best_time(lambda: load_deck(path, seeds), 3)
    print(f"load_deck of a {n}-fact YAML ({size:.1f} MB): {seconds:.2f} s "
          f"({len(deck.facts) / seconds:.0f} facts/s; seed library {seeds_ms:.0f} ms)")  # fmt: skip


def profile(n: int, top: int = 20) -> None:
    deck = make_deck(n)
    profiler = cProfile.Profile()
    profiler.runcall(generate, [deck], seed=1)
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def code_version() -> str:
    """Short digests of the generator's sources: they change while others edit them."""
    package = Path(quiz.__file__).parent
    digests = (
        f"{name} {hashlib.sha256((package / name).read_bytes()).hexdigest()[:10]}"
        for name in ("generate.py", "knowledge.py")
    )
    return ", ".join(digests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--profile", type=int, metavar="FACTS", help="only cProfile this size")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"python {platform.python_version()}; {code_version()}; load average {load}")
    times = bench_sizes(args.sizes)
    bench_shipped()
    bench_ratios(times)
    bench_load()


if __name__ == "__main__":
    main()
