"""`quiz serve` under a class lab's load, in Debian's Chromium on 127.0.0.1.

1. One tab alone: time from opening the page to the name screen drawn in the
   browser, and to the home screen after signing in; memory of its app process.
2. A lab: TABS tabs (default 30) open at once in one browser, each a student of
   their own who signs in and answers ANSWERS quiz questions. Reported: time to the
   first screen under load, the whole run's time, the app processes' memory at
   their peak, and the check that matters: every answer given is in that
   student's store afterwards ("no lost answers"). Bounded: at most 30 tabs, 20
   answers each, and TIME_LIMIT seconds for the whole lab.

Memory is PSS (a shared page counted once, split between its users) and RSS of the
app processes textual-serve starts, one per tab, read from /proc.

Run: python benchmarks/bench_serve.py [--tabs N] [--answers K]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from serve_support import Tab, browser, missing, serving, sit_quiz, stored_answers

MAX_TABS = 30
MAX_ANSWERS = 20
TIME_LIMIT = 600.0  # seconds for the whole lab


def app_processes(data_dir: Path) -> list[int]:
    """The app processes serving `data_dir`: one per open tab."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--ask-student" in command and str(data_dir).encode() in command:
            found.append(int(entry.name))
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process in KiB; (0, 0) once it has gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    fields = {line.split(":")[0]: int(line.split()[1]) for line in rollup.splitlines()[1:]}
    return fields.get("Pss", 0), fields.get("Rss", 0)


class MemoryWatch:
    """Samples the app processes' memory until stopped; keeps the sample with most tabs."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.peak: list[tuple[int, int]] = []

    async def run(self) -> None:
        while True:
            sample = [memory_kib(pid) for pid in app_processes(self.data_dir)]
            sample = [pair for pair in sample if pair[0]]
            if (len(sample), sum(p for p, _ in sample)) > (
                len(self.peak),
                sum(p for p, _ in self.peak),
            ):
                self.peak = sample
            await asyncio.sleep(0.5)


async def one_tab(url: str, data_dir: Path) -> dict[str, float]:
    async with browser() as context:
        started = time.perf_counter()
        tab = await Tab.open(context, url)
        await tab.wait_for("Who is studying?")
        first = time.perf_counter() - started
        await tab.type("solo")
        signed = time.perf_counter()
        await tab.press("Enter")
        await tab.wait_for("Last studied")
        home = time.perf_counter() - signed
        await asyncio.sleep(1)  # let the decks settle in memory
        [pid] = app_processes(data_dir)
        pss, rss = memory_kib(pid)
        await tab.page.close()
    return {"first": first, "home": home, "pss": pss / 1024, "rss": rss / 1024}


async def lab(url: str, data_dir: Path, tabs: int, answers: int) -> dict[str, object]:
    names = [f"student-{number:02d}" for number in range(1, tabs + 1)]
    watch = MemoryWatch(data_dir)
    watcher = asyncio.create_task(watch.run())
    started = time.perf_counter()
    async with browser() as context:
        firsts = await asyncio.wait_for(
            asyncio.gather(*(sit_quiz(context, url, name, answers) for name in names)),
            TIME_LIMIT,
        )
    elapsed = time.perf_counter() - started
    watcher.cancel()
    saved = {name: len(stored_answers(data_dir, name)) for name in names}
    return {
        "firsts": firsts,
        "elapsed": elapsed,
        "saved": saved,
        "peak": watch.peak,
        "names": names,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=MAX_TABS, choices=range(1, MAX_TABS + 1))
    parser.add_argument("--answers", type=int, default=5, choices=range(1, MAX_ANSWERS + 1))
    args = parser.parse_args()
    if reason := missing():
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run")
    with tempfile.TemporaryDirectory(prefix="quiz-bench-serve-") as folder:
        data_dir = Path(folder)
        with serving(data_dir) as url:
            solo = asyncio.run(one_tab(url, data_dir))
            print(
                f"one tab: first screen {solo['first']:.2f} s, home after the name "
                f"{solo['home']:.2f} s, app process {solo['pss']:.0f} MiB PSS "
                f"({solo['rss']:.0f} MiB RSS)"
            )
            result = asyncio.run(lab(url, data_dir, args.tabs, args.answers))
    firsts = sorted(result["firsts"])  # type: ignore[arg-type]
    peak = result["peak"]  # type: ignore[assignment]
    saved = result["saved"]  # type: ignore[assignment]
    given = args.tabs * args.answers
    found = sum(saved.values())
    pss = [p / 1024 for p, _ in peak]
    rss = [r / 1024 for _, r in peak]
    print(
        f"{args.tabs} tabs at once, {args.answers} answers each: {result['elapsed']:.1f} s "
        f"in all; first screen median {statistics.median(firsts):.2f} s, "
        f"slowest {firsts[-1]:.2f} s ({firsts[-1] / solo['first']:.1f}× one tab alone)"
    )
    if peak:
        print(
            f"app processes at the peak: {len(peak)}, {sum(pss):.0f} MiB PSS in all, "
            f"{statistics.median(pss):.0f} MiB PSS each (median; "
            f"{statistics.median(rss):.0f} MiB RSS)"
        )
    lost = {name: args.answers - count for name, count in saved.items() if count != args.answers}
    print(
        f"answers given {given}, found in the stores {found}: "
        + ("none lost" if not lost else f"MISMATCH {lost}")
    )
    return 0 if not lost else 1


if __name__ == "__main__":
    raise SystemExit(main())
