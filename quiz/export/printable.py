"""Printable classroom quizzes: student sheets, answer keys and a teacher overview.

For each version a student sheet (title, name/class/date lines, questions
numbered in parts by kind, lettered options, lines for written answers, page
numbers) and an answer key (the letter or answer of every question and the
article it comes from), plus one overview of where each item stands in every
version. One description of each page feeds three renderings: PDF through the
bundled Typst compiler (offline, fonts embedded in the package, no dates, so
the same quiz gives the same bytes), HTML with a print stylesheet, and Markdown.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import typst

from quiz.classroom import LETTERS, WRITTEN, Question, Quiz, Version
from quiz.export.bundle import Bundle
from quiz.export.formats import PAPERS
from quiz.items import Kind

_HERE = Path(__file__).parent
_TEMPLATE = _HERE / "classroom.typ"
_STYLESHEET = _HERE / "classroom.css"

SECTIONS = {
    Kind.TRUE_FALSE: ("True or false", "Circle True or False."),
    Kind.MCQ: ("Multiple choice", "Circle the letter of the one right answer."),
    Kind.SELECT_ALL: ("Select all that apply", "Circle the letter of every right answer."),
    Kind.MATCHING: ("Matching", "On each line, write the letter of the matching answer."),
    Kind.CLOZE: ("Fill in the blank", "Write the missing words on the line."),
    Kind.RECALL: ("Short answer", "Write your answer on the line."),
}
KIND_NAMES = {kind: heading for kind, (heading, _) in SECTIONS.items()}

Page = dict[str, Any]


def pdf(quiz: Quiz, paper: str = "a4") -> Bundle:
    return _bundle("pdf", quiz, paper, _typeset)


def html_pages(quiz: Quiz, paper: str = "a4") -> Bundle:
    return _bundle("html", quiz, paper, _html)


def markdown(quiz: Quiz, paper: str = "a4") -> Bundle:
    return _bundle("md", quiz, paper, _markdown)


def pages(quiz: Quiz, paper: str = "a4") -> dict[str, Page]:
    """Every page's content by file stem, in file order."""
    described: dict[str, Page] = {}
    for version in quiz.versions:
        described[f"version-{version.number}"] = student_sheet(quiz, version, paper)
        described[f"version-{version.number}-key"] = answer_key(quiz, version, paper)
    described["overview"] = overview(quiz, paper)
    return described


def _bundle(extension: str, quiz: Quiz, paper: str, render: Callable[[Page], bytes]) -> Bundle:
    files = {f"{stem}.{extension}": render(page) for stem, page in pages(quiz, paper).items()}
    return Bundle(extension, files)


# -- what each page says --------------------------------------------------------


def _version_label(quiz: Quiz, version: Version) -> str:
    return f"Version {version.number}" if len(quiz.versions) > 1 else ""


def _frame(quiz: Quiz, kind: str, subtitle: str, paper: str) -> Page:
    named = f"{quiz.title} · {subtitle}" if subtitle else quiz.title
    return {
        "kind": kind,
        "title": quiz.title,
        "subtitle": subtitle,
        "document_title": named,
        "footer": named,
        "paper": paper,
    }


def student_sheet(quiz: Quiz, version: Version, paper: str) -> Page:
    page = _frame(quiz, "sheet", _version_label(quiz, version), paper)
    sections = version.sections()
    page["sections"] = [
        {
            "heading": (f"Part {part} · " if len(sections) > 1 else "") + SECTIONS[kind][0],
            "instruction": SECTIONS[kind][1],
            "questions": [_question(question) for question in questions],
        }
        for part, (kind, questions) in enumerate(sections, 1)
    ]
    return page


def _question(question: Question) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "number": question.number,
        "kind": question.kind.value,
        "prompt": question.item.prompt,
    }
    if question.kind not in WRITTEN:
        shown["options"] = [
            {"letter": LETTERS[index], "text": text} for index, text in enumerate(question.options)
        ]
    if question.kind is Kind.MATCHING:
        shown["rows"] = list(question.left)
    return shown


def answer_key(quiz: Quiz, version: Version, paper: str) -> Page:
    label = _version_label(quiz, version)
    page = _frame(quiz, "key", f"Answer key · {label}" if label else "Answer key", paper)
    numbers = _source_numbers(quiz)
    cited: set[str] = set()
    page["rows"] = []
    for question in version.questions:
        seeds = [citation.seed for citation in quiz.citations[question.item.id]]
        cited.update(seeds)
        page["rows"].append(
            {
                "number": question.number,
                **_answer(question),
                "prompt": question.item.prompt,
                "source": ", ".join(str(numbers[seed]) for seed in seeds),
            }
        )
    articles = {c.seed: c for citations in quiz.citations.values() for c in citations}
    page["sources"] = [
        {"number": number, "text": str(articles[seed])}
        for seed, number in numbers.items()
        if seed in cited
    ]
    page["note"] = _letter_tally(version)
    return page


def _source_numbers(quiz: Quiz) -> dict[str, int]:
    """The articles the quiz cites, numbered alike in every key."""
    seeds = sorted({c.seed for citations in quiz.citations.values() for c in citations})
    return {seed: number for number, seed in enumerate(seeds, 1)}


def _answer(question: Question) -> dict[str, str]:
    """The answer as a key shows it: `mark` to compare at a glance, `answer` in words."""
    kind = question.kind
    if kind in WRITTEN:
        also = question.accepted[1:]
        return {
            "mark": question.accepted[0],
            "answer": f"(also accepted: {', '.join(also)})" if also else "",
        }
    if kind is Kind.TRUE_FALSE:
        return {"mark": str(question.item.answer), "answer": ""}
    if kind is Kind.MATCHING:
        pairs = zip(question.left, question.letters, question.right_options, strict=True)
        return {
            "mark": " ".join(question.letters),
            "answer": "; ".join(f"{row} → {letter} {text}" for row, letter, text in pairs),
        }
    return {"mark": ", ".join(question.letters), "answer": ", ".join(question.right_options)}


def _letter_tally(version: Version) -> str:
    tally = version.answer_letters()
    if not tally:
        return ""
    counts = " · ".join(f"{letter} {tally[letter]}" for letter in sorted(tally))
    return f"Right answers of the multiple-choice questions: {counts}."


def overview(quiz: Quiz, paper: str) -> Page:
    page = _frame(quiz, "overview", "Teacher overview", paper)
    request = quiz.request
    first = quiz.versions[0]
    per_version = f"{len(first.questions)} per version"
    if request.pool:
        per_version += f", drawn from a pool of {request.pool}"
    facts = [
        ("Questions", per_version),
        ("Versions", str(len(quiz.versions))),
        ("Decks", ", ".join(quiz.decks)),
        ("Kinds", ", ".join(k.value for k in request.kinds) or "all"),
        ("Tags", ", ".join(request.tags) or "all"),
        ("Difficulty", ", ".join(map(str, request.difficulties)) or "all"),
        ("Seed", str(request.seed)),
    ]
    for version in quiz.versions:
        tally = version.answer_letters()
        if tally:
            counts = " · ".join(f"{letter} {tally[letter]}" for letter in sorted(tally))
            facts.append((f"Version {version.number} answers", counts))
    page["facts"] = [list(fact) for fact in facts]
    page["note"] = (
        "Each cell: the question's number in that version, and for lettered questions "
        "the right letter(s). Item ids match key.json."
    )
    page["versions"] = [f"V{version.number}" for version in quiz.versions]
    page["rows"] = [
        {
            "prompt": question.item.prompt,
            "id": question.item.id,
            "kind": KIND_NAMES[question.kind],
            "cells": [_cell(placed) for placed in quiz.positions(question.item.id)],
        }
        for question in quiz.distinct_questions()
    ]
    return page


def _cell(question: Question | None) -> str:
    if question is None:
        return "–"
    if question.kind in (Kind.MCQ, Kind.SELECT_ALL):
        return f"{question.number} · {','.join(question.letters)}"
    return str(question.number)


# -- PDF ------------------------------------------------------------------------


@cache
def _compiler() -> typst.Compiler:
    # Only the fonts inside the typst package: the same PDF on every machine.
    return typst.Compiler(str(_TEMPLATE), root=str(_HERE), ignore_system_fonts=True)


def _typeset(page: Page) -> bytes:
    return _compiler().compile(
        format="pdf",
        sys_inputs={"data": json.dumps(page)},
    )


# -- HTML -----------------------------------------------------------------------


def _html(page: Page) -> bytes:
    e = html.escape
    body: list[str] = [
        '<header><h1>{}</h1><p class="subtitle">{}</p></header>'.format(
            e(page["title"]), e(page["subtitle"])
        )
    ]
    if page["kind"] == "sheet":
        body.append(
            '<div class="fields"><span>Name</span><span class="line"></span>'
            '<span>Class</span><span class="line"></span>'
            '<span>Date</span><span class="line"></span></div>'
        )
        for section in page["sections"]:
            body.append(
                f"<section><h2>{e(section['heading'])} "
                f'<span class="instruction">{e(section["instruction"])}</span></h2>'
            )
            body.extend(_html_question(question) for question in section["questions"])
            body.append("</section>")
    elif page["kind"] == "key":
        if page["note"]:
            body.append(f'<p class="muted">{e(page["note"])}</p>')
        body.append(
            '<table class="key"><thead><tr><th>No.</th><th>Answer</th><th>Question</th>'
            "<th>Source</th></tr></thead><tbody>"
        )
        for row in page["rows"]:
            body.append(
                f"<tr><td>{row['number']}</td><td><strong>{e(row['mark'])}</strong> "
                f'{e(row["answer"])}</td><td class="muted">{e(row["prompt"])}</td>'
                f'<td class="muted">{e(row["source"])}</td></tr>'
            )
        body.append("</tbody></table>")
        body.append('<h2>Sources</h2><ol class="sources">')
        body.extend(
            f'<li value="{source["number"]}">{e(source["text"])}</li>' for source in page["sources"]
        )
        body.append("</ol>")
    else:
        body.append('<dl class="facts">')
        for label, value in page["facts"]:
            body.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
        body.append(f'</dl><p class="muted">{e(page["note"])}</p>')
        heads = "".join(f"<th>{e(name)}</th>" for name in page["versions"])
        body.append(
            f'<table class="overview"><thead><tr><th>Question</th>{heads}</tr></thead><tbody>'
        )
        for row in page["rows"]:
            cells = "".join(f"<td>{e(cell)}</td>" for cell in row["cells"])
            body.append(
                f'<tr><td>{e(row["prompt"])}<br><span class="muted">{e(row["kind"])} · '
                f"{e(row['id'])}</span></td>{cells}</tr>"
            )
        body.append("</tbody></table>")
    page_rule = (
        f"@page {{ size: {PAPERS[page['paper']]}; "
        f"@bottom-left {{ content: {_css_string(page['footer'])}; }} }}"
    )
    document = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(page['document_title'])}</title>\n"
        f"<style>\n{_STYLESHEET.read_text(encoding='utf-8')}{page_rule}\n</style>\n"
        f"</head>\n<body>\n{chr(10).join(body)}\n</body>\n</html>\n"
    )
    return document.encode("utf-8")


def _html_question(question: dict[str, Any]) -> str:
    e = html.escape
    kind = question["kind"]
    number = f'<span class="number">{question["number"]}.</span>'
    if kind == "true_false":
        body = (
            f'<div class="true-false"><span>{e(question["prompt"])}</span>'
            '<span class="choices">True <span class="gap"></span> False</span></div>'
        )
    else:
        body = f"<p>{e(question['prompt'])}</p>"
        if kind == "matching":
            rows = question["rows"]
            options = question["options"]
            lines = []
            for index in range(max(len(rows), len(options))):
                row = rows[index] if index < len(rows) else ""
                option = options[index] if index < len(options) else None
                lines.append(
                    '<tr><td class="blank">{}</td><td>{}</td><td class="letter">{}</td>'
                    "<td>{}</td></tr>".format(
                        '<span class="line"></span>' if row else "",
                        e(row),
                        e(option["letter"]) if option else "",
                        e(option["text"]) if option else "",
                    )
                )
            body += f'<table class="matching">{"".join(lines)}</table>'
        elif "options" in question:
            items = "".join(
                f'<li><span class="letter">{e(o["letter"])}</span> {e(o["text"])}</li>'
                for o in question["options"]
            )
            body += f'<ol class="options">{items}</ol>'
        else:
            body += '<div class="answer-line"></div>'
    return f'<div class="question">{number}<div>{body}</div></div>'


def _css_string(text: str) -> str:
    """A CSS string literal: safe inside a <style> element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


# -- Markdown -------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~!])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown(page: Page) -> bytes:
    title = page["title"] + (f" — {page['subtitle']}" if page["subtitle"] else "")
    out = [f"# {_md(title)}", ""]
    if page["kind"] == "sheet":
        out += [
            r"Name: \_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_ "
            r"Class: \_\_\_\_\_\_\_\_ Date: \_\_\_\_\_\_\_\_",
            "",
        ]
        for section in page["sections"]:
            out += [f"## {_md(section['heading'])}", "", f"*{_md(section['instruction'])}*", ""]
            for question in section["questions"]:
                out += _markdown_question(question)
    elif page["kind"] == "key":
        if page["note"]:
            out += [_md(page["note"]), ""]
        out += ["| No. | Answer | Question | Source |", "|---:|---|---|---|"]
        for row in page["rows"]:
            answer = f"**{_md(row['mark'])}** {_md(row['answer'])}".strip()
            out.append(
                f"| {row['number']} | {answer} | {_md(row['prompt'])} | {_md(row['source'])} |"
            )
        out += ["", "## Sources", ""]
        out += [f"- **{source['number']}** {_md(source['text'])}" for source in page["sources"]]
        out.append("")
    else:
        out += [f"- **{_md(label)}:** {_md(value)}" for label, value in page["facts"]]
        out += ["", _md(page["note"]), ""]
        out.append("| Question | Kind | Item id | " + " | ".join(page["versions"]) + " |")
        out.append("|---|---|---|" + "---:|" * len(page["versions"]))
        for row in page["rows"]:
            cells = " | ".join(_md(cell) for cell in row["cells"])
            out.append(f"| {_md(row['prompt'])} | {_md(row['kind'])} | `{row['id']}` | {cells} |")
        out.append("")
    return "\n".join(out).encode("utf-8")


def _markdown_question(question: dict[str, Any]) -> list[str]:
    lines = [f"**{question['number']}.** {_md(question['prompt'])}", ""]
    kind = question["kind"]
    if kind == "true_false":
        lines += ["True / False", ""]
    elif kind == "matching":
        lines += ["| | | | |", "|---|---|---|---|"]
        rows, options = question["rows"], question["options"]
        for index in range(max(len(rows), len(options))):
            row = _md(rows[index]) if index < len(rows) else ""
            option = options[index] if index < len(options) else None
            lines.append(
                "| {} | {} | **{}** | {} |".format(
                    r"\_\_\_\_" if row else "",
                    row,
                    option["letter"] if option else "",
                    _md(option["text"]) if option else "",
                )
            )
        lines.append("")
    elif "options" in question:
        lines += [f"- **{o['letter']}** {_md(o['text'])}" for o in question["options"]]
        lines.append("")
    else:
        lines += [r"Answer: \_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_\_", ""]
    return lines
