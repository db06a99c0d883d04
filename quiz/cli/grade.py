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
from quiz.cli.options import add_data_dir_option, open_progress

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
        "items.csv, analysis.json, report.txt, two plots (scores.svg, items.svg), a marked "
        "sheet per student to hand back (sheets/) and, for marks a person must decide, "
        "crops in review/.",
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
    command.add_argument(
        "--no-sheets",
        dest="sheets",
        action="store_false",
        help="do not write the marked sheets to hand back (sheets/*.pdf)",
    )
    command.add_argument(
        "--flag",
        action="store_true",
        help="send each item the analysis flags to `quiz flags`, with the reason, for the "
        "deck's author (once: a flag already there is not repeated)",
    )
    add_data_dir_option(command)
    command.set_defaults(command="grade", run=_run)


def _run(args: argparse.Namespace) -> int:
    from quiz.classroom import KEY_FORMAT
    from quiz.grade.analysis import analyse
    from quiz.grade.plots import difficulty_svg, distribution_svg
    from quiz.grade.report import (
        analysis_json,
        items_csv,
        question_labels,
        scores_csv,
        text_report,
    )
    from quiz.grade.scoring import Rule, score

    try:
        key = json.loads(args.key.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"cannot read the key {args.key}: {error}") from None
    if not isinstance(key, dict) or key.get("format") != KEY_FORMAT:
        raise UsageError(f"{args.key} is not a key.json written by `quiz make`")
    output = args.output or Path("grades")
    responses, reads, failures = _responses(args.inputs, key, output / "review")
    if not responses:
        for source, reason in failures:
            print(f"quiz: {source}: {reason}", file=sys.stderr)
        print("quiz: error: no responses could be read", file=sys.stderr)
        return EXIT_PROBLEMS
    scored = score(responses, key, Rule(args.rule))
    options, right = _options(key)
    test, items = analyse([s.points for s in scored], [s.choices for s in scored], options, right)
    report = text_report(key, scored, test, items, failures)
    labels = question_labels(key)
    written = ["scores.csv", "items.csv", "analysis.json", "report.txt", "scores.svg", "items.svg"]
    try:
        output.mkdir(parents=True, exist_ok=True)
        (output / "scores.csv").write_text(scores_csv(scored), encoding="utf-8-sig")
        (output / "items.csv").write_text(items_csv(key, items), encoding="utf-8-sig")
        (output / "analysis.json").write_text(analysis_json(scored, test, items), encoding="utf-8")
        (output / "report.txt").write_text(report, encoding="utf-8")
        percents = [s.percent for s in scored]
        (output / "scores.svg").write_text(
            distribution_svg(percents, key["title"]), encoding="utf-8"
        )
        (output / "items.svg").write_text(
            difficulty_svg(items, labels, key["title"]), encoding="utf-8"
        )
        if args.sheets:
            sheets = _write_sheets(key, scored, reads, output / "sheets", args.rule)
            written.append(f"sheets/ ({sheets} marked sheet{'s' if sheets != 1 else ''})")
    except OSError as error:
        raise UsageError(f"cannot write to {output}: {error.strerror or error}") from None
    print(report, end="")
    print(f"wrote {', '.join(written)} to {output.resolve()}")
    if args.flag:
        _send_flags(args, key, test, items, labels)
    return EXIT_OK


def _write_sheets(key: dict, scored: list, reads: list, folder: Path, rule: str) -> int:
    """A marked PDF per student: their scans if they were scanned, else the printed sheet
    of their version with their answers filled in."""
    from quiz.grade.annotate import annotated_pdf, file_name, pages_from_answers, pages_from_reads

    by_student: dict[tuple[str, int], list] = {}
    for source, read in reads:
        student = read.student or f"? {source}"
        by_student.setdefault((student, read.sheet.version), []).append(read)
    folder.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for s in scored:
        scans = by_student.get((s.response.student, s.response.version))
        pages = pages_from_reads(scans) if scans else pages_from_answers(key, s)
        name = file_name(s.response.student, names)
        names.append(name)
        (folder / name).write_bytes(annotated_pdf(key, s, pages, rule))
    return len(names)


def _send_flags(args: argparse.Namespace, key: dict, test, items: list, labels: dict) -> None:
    """Each flagged item into the progress store's flags, as a learner's flag is, with
    where it came from; a flag with the same item and reason is not added twice."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    sent = 0
    with open_progress(args) as progress:
        there = {(flag.item_id, flag.reason) for flag in progress.flags()}
        for stats in items:
            item = key["items"][stats.item_id]
            for flag in stats.flags:
                reason = (
                    f"quiz grade: {flag} ({key['title']}, {labels.get(stats.item_id, '')}, "
                    f"n = {test.n}, p {stats.difficulty:.2f}"
                    + (
                        f", r {stats.discrimination:+.2f})"
                        if stats.discrimination is not None
                        else ")"
                    )
                )
                reason = " ".join(reason.split())
                if (stats.item_id, reason) in there:
                    continue
                progress.flag(stats.item_id, item["deck"], reason, item["prompt"], now)
                there.add((stats.item_id, reason))
                sent += 1
        where = progress.path
    print(f"sent {sent} flag{'s' if sent != 1 else ''} to `quiz flags` ({where})")


def _responses(
    inputs: list[Path], key: dict, review: Path
) -> tuple[list, list, list[tuple[str, str]]]:
    """Every input's responses, the sheets read (by source) and what could not be read
    (by source, with the reason)."""
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
    return [*from_sheets(reads, key), *responses], reads, failures


def _save_crops(source: str, read: SheetRead, review: Path) -> None:
    """A crop of each row to review, named after its scan and question."""
    import cv2

    stem = Path(source.split("#")[0]).stem + (f"-p{source.split('#')[1]}" if "#" in source else "")
    for row in read.review():
        review.mkdir(parents=True, exist_ok=True)
        label = row.row.label.replace(" ", "-")
        cv2.imwrite(str(review / f"{stem}-{label}.png"), read.crop(row.row))


def _options(key: dict) -> tuple[dict, dict]:
    """Each lettered item's options and right options, by item id, for the analysis."""
    options, right = {}, {}
    for item_id, item in key["items"].items():
        if item["kind"] in ("mcq", "true_false", "select_all"):
            options[item_id] = item["options"]
            answer = item["answer"]
            right[item_id] = frozenset(answer if isinstance(answer, list) else [answer])
    return options, right
