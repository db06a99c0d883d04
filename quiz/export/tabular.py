"""Plain files: the JSON key for grading, a CSV of every version, and Aiken.

The JSON key is the core's key model as written: each version's item order,
option order, right answer and item ids. The CSV has one row per question per
version (Excel opens it as UTF-8 thanks to its byte-order mark); a text cell
that a spreadsheet would run as a formula is written behind an apostrophe.
Aiken is
Moodle's simplest import and holds single-answer multiple choice only; every
other kind is reported and left out.
"""

from __future__ import annotations

import csv
import io
import json
import re

from quiz.classroom import LETTERS, WRITTEN, Quiz
from quiz.export.bundle import Bundle, skipped
from quiz.export.text import spreadsheet_text
from quiz.items import Kind

KEY_FILE = "key.json"
CSV_FILE = "questions.csv"
AIKEN_FILE = "aiken.txt"
CSV_OPTIONS = 6  # the most options an item has (select-all)
# A line Aiken would read as an option or as the answer line.
_AIKEN_MARKUP = re.compile(r"^([A-Z][.)]\s|ANSWER:)")


def json_key(quiz: Quiz) -> Bundle:
    text = json.dumps(quiz.key(), ensure_ascii=False, indent=2) + "\n"
    return Bundle("json", {KEY_FILE: text.encode("utf-8")})


def csv_table(quiz: Quiz) -> Bundle:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    letters = list(LETTERS[:CSV_OPTIONS])
    writer.writerow(
        [
            "version",
            "number",
            "item_id",
            "kind",
            "question",
            *letters,
            "match_rows",
            "answer",
            "answer_text",
            "accepted",
            "difficulty",
            "tags",
            "sources",
        ]
    )
    for version in quiz.versions:
        for question in version.questions:
            item = question.item
            options = [*question.options, *[""] * (CSV_OPTIONS - len(question.options))]
            if question.kind in WRITTEN:
                answer, answer_text = question.accepted[0], ""
            elif question.kind is Kind.TRUE_FALSE:
                answer, answer_text = str(item.answer), ""
            else:
                answer = ",".join(question.letters)
                answer_text = "; ".join(question.right_options)
            row = [
                version.number,
                question.number,
                item.id,
                item.kind.value,
                item.prompt,
                *options,
                "; ".join(question.left),
                answer,
                answer_text,
                "; ".join(question.accepted[1:]),
                item.difficulty,
                ", ".join(item.tags),
                "; ".join(map(str, quiz.citations[item.id])),
            ]
            writer.writerow([spreadsheet_text(c) if isinstance(c, str) else c for c in row])
    return Bundle("csv", {CSV_FILE: buffer.getvalue().encode("utf-8-sig")})


def aiken(quiz: Quiz) -> Bundle:
    bundle = Bundle("aiken")
    blocks = []
    for question in quiz.distinct_questions():
        if question.kind is not Kind.MCQ:
            bundle.skipped.append(
                skipped(
                    question,
                    "Aiken holds only single-answer multiple choice (GIFT and Moodle XML hold it)",
                    whole_kind=True,
                )
            )
            continue
        texts = [question.item.prompt, *question.options]
        if any("\n" in text for text in texts) or _AIKEN_MARKUP.match(question.item.prompt):
            bundle.skipped.append(skipped(question, "its text would break Aiken's line format"))
            continue
        lines = [question.item.prompt]
        lines += [f"{LETTERS[i]}. {option}" for i, option in enumerate(question.options)]
        lines.append(f"ANSWER: {question.letters[0]}")
        blocks.append("\n".join(lines))
    if blocks:
        bundle.files[AIKEN_FILE] = ("\n\n".join(blocks) + "\n").encode("utf-8")
    return bundle
