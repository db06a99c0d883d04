"""`quiz grade KEY.json INPUTS…`: scores and item analysis from scans or LMS exports.

Inputs are scans (PNG, JPEG, PDF pages of the answer sheets `quiz make` writes),
typed-answer CSVs, Moodle "Responses" reports and Canvas "Student Analysis"
CSVs, in any mix. A scan or table that cannot be read is reported and the rest
are graded: one bad page never stops a class's results.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.cli import EXIT_OK, EXIT_PROBLEMS, UsageError

if TYPE_CHECKING:
    from quiz.grade.omr import SheetRead

RULES = ("right-only", "penalty", "partial")


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "grade",
        help="grade a quiz: read scanned answer sheets or LMS results, score, analyse items",
        description="Grade a classroom quiz from its key.json: scanned answer sheets (PNG, "
        "JPEG, PDF; phone photos too), a CSV of typed answers (student, version, 1, 2, …), "
        "Moodle's quiz Responses report or Canvas's Student Analysis CSV. Writes scores.csv, "
        "items.csv, analysis.json and, for marks a person must decide, crops in review/.",
    )
    command.add_argument("key", type=Path, metavar="KEY.json", help="the key `quiz make` wrote")
    command.add_argument("inputs", type=Path, nargs="+", metavar="INPUT", help="scans or CSVs")
    command.add_argument(
        "--rule",
        choices=RULES,
        default="right-only",
        help="right-only (default), penalty (wrong choices cost 1/(options-1)), "
        "partial (credit for part of a select-all or matching answer)",
    )
    command.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="folder for the result files (grades)"
    )
    command.set_defaults(command="grade", run=_run)


def _run(args: argparse.Namespace) -> int:
    from quiz.classroom import KEY_FORMAT
    from quiz.grade.analysis import analyse
    from quiz.grade.report import analysis_json, items_csv, scores_csv, text_report
    from quiz.grade.scoring import Rule, score

    try:
        key = json.loads(args.key.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"cannot read the key {args.key}: {error}") from None
    if not isinstance(key, dict) or key.get("format") != KEY_FORMAT:
        raise UsageError(f"{args.key} is not a key.json written by `quiz make`")
    output = args.output or Path("grades")
    responses, failures = _responses(args.inputs, key, output / "review")
    if not responses:
        for source, reason in failures:
            print(f"quiz: {source}: {reason}", file=sys.stderr)
        print("quiz: error: no responses could be read", file=sys.stderr)
        return EXIT_PROBLEMS
    scored = score(responses, key, Rule(args.rule))
    options, right = _options(key)
    test, items = analyse([s.points for s in scored], [s.choices for s in scored], options, right)
    report = text_report(key, scored, test, items, failures)
    try:
        output.mkdir(parents=True, exist_ok=True)
        (output / "scores.csv").write_text(scores_csv(scored), encoding="utf-8-sig")
        (output / "items.csv").write_text(items_csv(key, items), encoding="utf-8-sig")
        (output / "analysis.json").write_text(analysis_json(scored, test, items), encoding="utf-8")
        (output / "report.txt").write_text(report, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write to {output}: {error.strerror or error}") from None
    print(report, end="")
    print(f"wrote scores.csv, items.csv, analysis.json, report.txt to {output.resolve()}")
    return EXIT_OK


def _responses(inputs: list[Path], key: dict, review: Path) -> tuple[list, list[tuple[str, str]]]:
    """Every input's responses, and what could not be read (by source, with the reason)."""
    from quiz.grade.images import SCAN_SUFFIXES, pages
    from quiz.grade.omr import ScanError, read_sheet
    from quiz.grade.responses import from_sheets
    from quiz.grade.tables import TableError, read_table

    responses = []
    failures: list[tuple[str, str]] = []
    reads = []
    for path in inputs:
        if path.suffix.casefold() in SCAN_SUFFIXES:
            for source, image in pages(path):
                if isinstance(image, Exception):
                    failures.append((source, str(image)))
                    continue
                try:
                    read = read_sheet(image, key)
                except ScanError as error:
                    failures.append((source, str(error)))
                    continue
                reads.append((source, read))
                _save_crops(source, read, review)
            continue
        try:
            _, table = read_table(path.read_text(encoding="utf-8-sig"), key, str(path))
        except (OSError, UnicodeDecodeError, TableError, ValueError) as error:
            failures.append((str(path), str(error)))
            continue
        responses.extend(table)
    return [*from_sheets(reads, key), *responses], failures


def _save_crops(source: str, read: SheetRead, review: Path) -> None:
    """A crop of each row to review, named after its scan and question."""
    import cv2
    import numpy as np

    stem = Path(source.split("#")[0]).stem + (f"-p{source.split('#')[1]}" if "#" in source else "")
    for row in read.review():
        review.mkdir(parents=True, exist_ok=True)
        crop = np.uint8(np.clip(read.crop(row.row) * 255, 0, 255))
        label = row.row.label.replace(" ", "-")
        cv2.imwrite(str(review / f"{stem}-{label}.png"), crop)


def _options(key: dict) -> tuple[dict, dict]:
    """Each lettered item's options and right options, by item id, for the analysis."""
    options, right = {}, {}
    for item_id, item in key["items"].items():
        if item["kind"] in ("mcq", "true_false", "select_all"):
            options[item_id] = item["options"]
            answer = item["answer"]
            right[item_id] = frozenset(answer if isinstance(answer, list) else [answer])
    return options, right
