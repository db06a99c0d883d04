"""`quiz make`'s files: printable sheets and keys, Moodle, Canvas, Kahoot, Aiken, CSV, JSON.

Each file is read back the way its consumer reads it: PDF text through pypdf,
GIFT through a port of Moodle's own GIFT reader, XML and QTI through an XML
parser, the Kahoot sheet through openpyxl. The CLI is run as users run it.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from quiz.answers import accepted_forms
from quiz.classroom import LETTERS, Citation, Question, Quiz, Request, Version, make_quiz
from quiz.decks import load_decks
from quiz.export import bundle, kahoot, make, moodle, printable, qti, tabular
from quiz.export.bundle import ZIP_EPOCH
from quiz.export.formats import FORMATS
from quiz.facts import Source
from quiz.items import FALSE, TRUE, Item, Kind

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
SPECIAL = "~ = # { } : \\ \\n -> %50%"  # every character GIFT reserves, and lookalikes


@pytest.fixture(scope="module")
def quiz(seeds) -> Quiz:
    return make_quiz(load_decks(seeds=seeds), seeds, Request(questions=24, versions=2, seed=3))


def sheet_names(versions: int, extension: str) -> set[str]:
    """The printable files of a quiz: each version's sheet and key, and the overview."""
    names = {f"overview.{extension}"}
    for number in range(1, versions + 1):
        names |= {f"version-{number}.{extension}", f"version-{number}-key.{extension}"}
    return names


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    text = words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    return re.sub(r"(\w)- (\w)", r"\1-\2", text)  # a word broken at its hyphen ("re- election")


# -- printable -------------------------------------------------------------------


def test_pdf_sheets_hold_every_question_and_the_key_matches_their_letters(quiz):
    files = printable.pdf(quiz).files
    assert set(files) == sheet_names(2, "pdf")
    for version in quiz.versions:
        sheet = pdf_text(files[f"version-{version.number}.pdf"])
        key = pdf_text(files[f"version-{version.number}-key.pdf"])
        assert f"Version {version.number}" in sheet and "Name Class Date" in sheet
        assert re.search(r"Page 1 of \d", sheet)
        starts = [sheet.index(f"{q.number}. {words(q.item.prompt)}") for q in version.questions]
        assert starts == sorted(starts)
        for question, start, end in zip(
            version.questions, starts, [*starts[1:], None], strict=True
        ):
            segment = sheet[start:end]
            if question.kind is not Kind.TRUE_FALSE:
                for letter, option in zip(LETTERS, question.options, strict=False):
                    assert f"{letter} {words(option)}" in segment
            if question.kind is Kind.MCQ:
                answer = words(str(question.item.answer))
                letter = re.search(rf"\b([A-D]) {re.escape(answer)}", segment).group(1)
                assert f"{question.number} {letter} {answer}" in key
            elif question.kind is Kind.TRUE_FALSE:
                assert f"{question.number} {question.item.answer}" in key
        for citation in {c for q in version.questions for c in quiz.citations[q.item.id]}:
            assert words(str(citation)) in key


def test_pdf_carries_no_date(quiz):
    data = printable.pdf(quiz).files["overview.pdf"]
    assert b"/CreationDate" not in data and b"/ModDate" not in data
    assert b"xmp:CreateDate" not in data


def test_html_and_markdown_hold_the_same_questions(quiz):
    pages = printable.html_pages(quiz, paper="us-letter").files
    notes = printable.markdown(quiz).files
    for version in quiz.versions:
        page = pages[f"version-{version.number}.html"].decode()
        note = notes[f"version-{version.number}.md"].decode()
        assert "@page { size: letter;" in page and "@media print" in page
        for question in version.questions:
            assert html.escape(question.item.prompt) in page
            assert f"**{question.number}.** " in note
        key = notes[f"version-{version.number}-key.md"].decode().replace("\\", "")
        for question in version.questions:
            if question.kind is Kind.MCQ:
                answer = question.right_options[0]
                assert f"| {question.number} | **{question.letters[0]}** {answer} |" in key


# -- hand-made items with every character the formats reserve ---------------------


def _item(kind: Kind, number: int, prompt: str, answer, options=(), **extra) -> Item:
    return Item(
        id=f"{kind.value}-{number:012d}",
        deck="test",
        kind=kind,
        direction="object",
        prompt=prompt,
        answer=answer,
        fact_ids=(f"fact-{number}",),
        difficulty=1,
        sources=(Source("x.txt", "quote"),),
        options=tuple(options),
        explanation=f"Because {SPECIAL}.",
        **extra,
    )


def special_quiz(*extra_items: Item) -> Quiz:
    items = [
        _item(
            Kind.MCQ,
            1,
            f"Which {SPECIAL}?",
            f"right {SPECIAL}",
            [f"wrong {SPECIAL}", f"right {SPECIAL}", "<b>&amp;</b>", "~x"],
        ),
        _item(Kind.TRUE_FALSE, 2, f"It is {SPECIAL}.", FALSE, [TRUE, FALSE]),
        _item(
            Kind.SELECT_ALL,
            3,
            f"Which {{all}}: {SPECIAL}?",
            ("a = 1", "c # 3"),
            ["a = 1", "b ~ 2", "c # 3", "d {4}"],
        ),
        _item(
            Kind.MATCHING,
            4,
            "Match: {them}",
            (("k: v", "one = 1"), ("x \\ y", "two # 2"), ("{p}", "three ~ 3")),
            ["two # 2", "three ~ 3", "one = 1"],
            left=("k: v", "x \\ y", "{p}"),
        ),
        _item(Kind.RECALL, 5, f"Name {SPECIAL}?", "A {b}: c", accepted=("A {b}: c", "a \\ b = c")),
        _item(Kind.CLOZE, 6, "The _____ said: {x}.", "thing", accepted=("thing", "Thing #2")),
        *extra_items,
    ]
    questions = tuple(
        Question(number, item, tuple(range(len(item.options))), tuple(range(len(item.left))))
        for number, item in enumerate(items, 1)
    )
    return Quiz(
        title="Special: {quiz}",
        request=Request(),
        decks=("test",),
        versions=(Version(1, questions),),
        citations={
            item.id: (Citation("x.txt", "A title: {x}", "2024-01", "quote"),) for item in items
        },
    )


# A port of Moodle's GIFT reader (question/format/gift/format.php) for what quiz writes.
_PLACEHOLDERS = {
    "\\:": "&&058;",
    "\\#": "&&035;",
    "\\=": "&&061;",
    "\\{": "&&123;",
    "\\}": "&&125;",
    "\\~": "&&126;",
    "\\n": "&&010",
}
_CHARACTERS = {
    "&&058;": ":",
    "&&035;": "#",
    "&&061;": "=",
    "&&123;": "{",
    "&&125;": "}",
    "&&126;": "~",
    "&&010": "\n",
}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for placeholder, character in _CHARACTERS.items():
        text = text.replace(placeholder, character)
    return text


def _formatted(text: str) -> str:
    text = text.strip()
    if text.startswith("[html]"):
        return html.unescape(_post(text[len("[html]") :]).strip())
    return _post(text).strip()


def read_gift(text: str) -> list[dict]:
    questions = []
    for block in re.split(r"\n[ \t]*\n", text):
        comments = "\n".join(line for line in block.split("\n") if line.strip().startswith("//"))
        lines = [" " if line.strip().startswith("//") else line for line in block.split("\n")]
        source = _pre("\n".join(lines).strip())
        if not source or source.startswith("$CATEGORY:"):
            continue
        assert source.startswith("::")
        name, source = source[2:].split("::", 1)
        start, finish = source.index("{"), source.index("}")
        answers = source[start + 1 : finish].strip()
        general = ""
        if "####" in answers:
            answers, general = (
                answers[: answers.rindex("####")].strip(),
                answers[answers.rindex("####") + 4 :],
            )
        # Moodle's extract_idnumber_and_tags_from_comment
        idnumber = re.search(r"\[id:((?:\\]|[^]\x00-\x1f])+)]", comments)
        question = {
            "name": _post(name),
            "idnumber": idnumber[1].replace("\\]", "]").strip() if idnumber else "",
            "tags": [
                t.replace("\\]", "]").strip()
                for t in re.findall(r"\[tag:((?:\\]|[^]<>`])+)]", comments)
            ],
            "text": _formatted(source[:start]),
            "feedback": _formatted("[html]" + general),
        }
        if "~" in answers:
            question["type"] = "multichoice"
            question["single"] = "=" in answers
            question["answers"] = []
            for answer in [a.strip() for a in answers.replace("=", "~=").split("~") if a.strip()]:
                if answer.startswith("="):
                    weight, answer = 100.0, answer[1:]
                elif match := _WEIGHT.match(answer):
                    weight, answer = float(answer[1 : answer.index("%", 1)]), answer[match.end() :]
                else:
                    weight = 0.0
                question["answers"].append((html.unescape(_formatted(answer)), weight))
        elif "=" in answers and "->" in answers:
            question["type"] = "match"
            pairs = [a.strip() for a in answers.split("=") if a.strip()]
            question["pairs"] = [
                (
                    html.unescape(_formatted(p[: p.index("->")])),
                    _post(p[p.index("->") + 2 :]).strip(),
                )
                for p in pairs
            ]
        elif answers in ("TRUE", "FALSE", "T", "F"):
            question["type"] = "truefalse"
            question["answer"] = answers in ("TRUE", "T")
        else:
            question["type"] = "shortanswer"
            question["answers"] = [_post(a).strip() for a in answers.split("=") if a.strip()]
        questions.append(question)
    return questions


def test_gift_escapes_what_moodle_reserves():
    # Moodle's own GIFT writer escapes exactly these (qformat_gift::repchar).
    assert moodle.gift_escape("a\\b#c=d~e{f}g:h\ni") == "a\\\\b\\#c\\=d\\~e\\{f\\}g\\:h\\ni"


def test_gift_round_trips_every_reserved_character():
    quiz = special_quiz()
    bundle = moodle.gift(quiz)
    questions = {q["idnumber"]: q for q in read_gift(bundle.files[moodle.GIFT_FILE].decode())}
    items = {q.item.id: q for q in quiz.versions[0].questions}
    assert set(questions) == set(items)
    for name, read in questions.items():
        question = items[name]
        item = question.item
        assert read["name"] == item.id
        assert read["tags"] == ["test", item.kind.value]
        assert read["text"] == item.prompt
        assert read["feedback"] == f"Because {SPECIAL}. Source: A title: {{x}} (2024-01)."
        if item.kind is Kind.MCQ:
            assert read["single"] and read["answers"] == [
                (o, 100.0 if o == item.answer else 0.0) for o in question.options
            ]
        elif item.kind is Kind.SELECT_ALL:
            assert not read["single"]
            assert [a for a, w in read["answers"] if w > 0] == list(item.answer)
            assert sum(w for _, w in read["answers"] if w > 0) == 100
            assert sum(w for _, w in read["answers"] if w < 0) == -100
        elif item.kind is Kind.MATCHING:
            assert read["type"] == "match" and read["pairs"] == list(item.answer)
        elif item.kind is Kind.TRUE_FALSE:
            assert read["type"] == "truefalse" and read["answer"] is False
        else:
            assert read["type"] == "shortanswer"
            assert read["answers"] == list(accepted_forms(question.accepted))


def test_gift_reports_what_it_would_misread_and_moodle_xml_keeps_it():
    arrow = _item(Kind.RECALL, 7, "Which way?", "left -> right", accepted=("left -> right",))
    graded = _item(Kind.MCQ, 8, "Which grade?", "%50% off", ["%50% off", "a", "b", "c"])
    quiz = special_quiz(arrow, graded)
    gift = moodle.gift(quiz)
    assert [s.item_id for s in gift.skipped] == [arrow.id, graded.id]
    names = [q["idnumber"] for q in read_gift(gift.files[moodle.GIFT_FILE].decode())]
    assert arrow.id not in names and graded.id not in names
    root = ET.fromstring(moodle.moodle_xml(quiz).files[moodle.XML_FILE])
    assert {q.findtext("idnumber") for q in root.iter("question")} >= {arrow.id, graded.id}


def test_moodle_xml_is_well_formed_with_native_types_and_right_grades(quiz):
    bundle = moodle.moodle_xml(quiz)
    assert not bundle.skipped
    root = ET.fromstring(bundle.files[moodle.XML_FILE])
    category, *questions = root.findall("question")
    assert category.get("type") == "category"
    assert category.findtext("category/text") == f"$course$/top/{quiz.title}"
    distinct = {q.item.id: q for q in quiz.distinct_questions()}
    assert len(questions) == len(distinct) == 24
    types = {
        "mcq": "multichoice",
        "select_all": "multichoice",
        "true_false": "truefalse",
        "matching": "matching",
        "cloze": "shortanswer",
        "recall": "shortanswer",
    }
    for element in questions:
        question = distinct[element.findtext("idnumber")]
        item = question.item
        assert element.findtext("name/text") == moodle.question_name(question)
        assert element.get("type") == types[item.kind]
        assert html.unescape(element.findtext("questiontext/text")) == item.prompt
        answers = [
            (a.findtext("text"), float(a.get("fraction"))) for a in element.findall("answer")
        ]
        if item.kind is Kind.MCQ:
            assert element.findtext("single") == "true"
            assert [html.unescape(t) for t, f in answers if f == 100] == [item.answer]
            assert len(answers) == 4
        elif item.kind is Kind.SELECT_ALL:
            assert element.findtext("single") == "false"
            assert {html.unescape(t) for t, f in answers if f > 0} == set(item.answer)
            assert sum(f for _, f in answers if f > 0) == pytest.approx(100, abs=0.001)
        elif item.kind is Kind.TRUE_FALSE:
            assert [t for t, f in answers if f == 100] == [item.answer.lower()]
        elif item.kind is Kind.MATCHING:
            pairs = [
                (html.unescape(s.findtext("text")), s.findtext("answer/text"))
                for s in element.findall("subquestion")
            ]
            assert sorted(pairs) == sorted(item.answer)
        else:
            assert [t for t, f in answers if f == 100] == list(accepted_forms(question.accepted))


def test_qti_package_is_well_formed_and_marks_the_right_answers(quiz):
    archive = zipfile.ZipFile(io.BytesIO(qti.qti(quiz).files[qti.QTI_FILE]))
    assert all(info.date_time == ZIP_EPOCH for info in archive.infolist())
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    hrefs = [
        f.get("href")
        for f in manifest.iter("{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}file")
    ]
    assert set(hrefs) == set(archive.namelist()) - {"imsmanifest.xml"}
    [assessment_file] = [h for h in hrefs if not h.endswith("assessment_meta.xml")]
    root = ET.fromstring(archive.read(assessment_file))
    items = root.findall(f".//{QTI}item")
    distinct = {q.item.id: q for q in quiz.distinct_questions()}
    assert len(items) == len(distinct)
    for element in items:
        question = distinct[element.get("ident")]
        item = question.item
        fields = {
            f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
            for f in element.iter(f"{QTI}qtimetadatafield")
        }
        assert fields["question_type"] == qti.QUESTION_TYPES[item.kind]
        labels = {
            label.get("ident"): label.findtext(f".//{QTI}mattext")
            for label in element.iter(f"{QTI}response_label")
        }
        scoring = [
            c for c in element.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None
        ]
        if item.kind in (Kind.MCQ, Kind.TRUE_FALSE):
            [rule] = scoring
            assert labels[rule.findtext(f".//{QTI}varequal")] == item.answer
            assert rule.findtext(f"{QTI}setvar") == "100"
        elif item.kind is Kind.SELECT_ALL:
            [rule] = scoring
            together = rule.find(f"{QTI}conditionvar/{QTI}and")
            right = {labels[v.text] for v in together.findall(f"{QTI}varequal")}
            wrong = {labels[v.text] for v in together.findall(f"{QTI}not/{QTI}varequal")}
            assert right == set(item.answer) and wrong == set(item.options) - set(item.answer)
        elif item.kind is Kind.MATCHING:
            rows = {
                r.get("ident"): r.findtext(f"{QTI}material/{QTI}mattext")
                for r in element.iter(f"{QTI}response_lid")
            }
            pairs = {
                (rows[v.get("respident")], labels[v.text])
                for c in scoring
                for v in c.iter(f"{QTI}varequal")
            }
            assert pairs == set(item.answer)
            assert sum(float(c.findtext(f"{QTI}setvar")) for c in scoring) == pytest.approx(
                100, abs=0.05
            )
        else:
            [rule] = scoring
            forms = [v.text for v in rule.iter(f"{QTI}varequal")]
            assert forms == list(accepted_forms(question.accepted))


def test_short_answer_exports_list_every_form_quiz_accepts_and_say_what_they_cannot():
    """Moodle and Canvas match short answers exactly (ignoring case): a learner who
    types "12,000,000" or "Feb 24, 2022" must score there as in quiz."""
    amount = _item(Kind.RECALL, 9, "How much?", "more than $12 million", accepted=("x*",))
    day = _item(Kind.RECALL, 10, "When?", "24 February 2022", accepted=("24 February 2022",))
    quiz = special_quiz(amount, day)
    wanted = {
        amount.id: ["more than $12 million", "12,000,000", "twelve million", "x\\*"],
        day.id: ["24 February 2022", "Feb 24, 2022", "2022-02-24"],
    }

    gift_text = moodle.gift(quiz).files[moodle.GIFT_FILE].decode()
    gift = {q["idnumber"]: q.get("answers", []) for q in read_gift(gift_text)}
    xml_bytes = moodle.moodle_xml(quiz).files[moodle.XML_FILE]
    xml = {
        q.findtext("idnumber"): [a.findtext("text") for a in q.findall("answer")]
        for q in ET.fromstring(xml_bytes).iter("question")
    }
    archive = zipfile.ZipFile(io.BytesIO(qti.qti(quiz).files[qti.QTI_FILE]))
    [assessment] = [n for n in archive.namelist() if n.endswith(".xml") and "/quiz-" in n]
    qti_bytes = archive.read(assessment)
    canvas = {
        i.get("ident"): [v.text for v in i.iter(f"{QTI}varequal")]
        for i in ET.fromstring(qti_bytes).iter(f"{QTI}item")
    }
    for item_id, forms in wanted.items():
        assert set(forms) <= set(gift[item_id]) and set(forms) <= set(xml[item_id])
        canvas_forms = [form.replace("\\*", "*") for form in forms]  # no wildcards there
        assert set(canvas_forms) <= set(canvas[item_id])
    note = "quiz also accepts dates written in other ways"
    assert note in gift_text and note.encode() in xml_bytes and note.encode() in qti_bytes
    # ... and the teacher is told, not just the file: each bundle lists the questions
    # the platform grades more strictly, which `quiz make` prints as a note.
    for made in (moodle.gift(quiz), moodle.moodle_xml(quiz), qti.qti(quiz)):
        stricter = {entry.item_id: entry.reason for entry in made.stricter}
        assert note in stricter[day.id], made.format


def test_kahoot_sheet_has_the_template_columns_and_keeps_its_limits():
    long_question = _item(Kind.MCQ, 9, "Q" * 121, "a", ["a", "b", "c", "d"])
    long_answer = _item(Kind.MCQ, 10, "Which?", "a" * 76, ["a" * 76, "b", "c", "d"])
    bundle = kahoot.kahoot(special_quiz(long_question, long_answer))
    reasons = {s.item_id: s.reason for s in bundle.skipped}
    assert "121 characters, Kahoot allows 120" in reasons[long_question.id]
    assert "answer A has 76 characters, Kahoot allows 75" in reasons[long_answer.id]
    assert {s.kind for s in bundle.skipped if s.whole_kind} == {"matching", "recall", "cloze"}
    sheet = load_workbook(io.BytesIO(bundle.files[kahoot.KAHOOT_FILE])).active
    rows = list(sheet.iter_rows(min_row=kahoot.HEADER_ROW, values_only=True))
    assert rows[0] == (None, *kahoot.HEADERS)
    questions, *_ = zip(*[row[1:] for row in rows[1:]], strict=True)
    assert list(questions) == [
        f"Which {SPECIAL}?",
        f"It is {SPECIAL}.",
        f"Which {{all}}: {SPECIAL}?",
    ]
    for number, (index, question, *answers, limit, _) in enumerate(rows[1:], 1):
        assert index == number and len(question) <= 120
        assert all(answer is None or len(answer) <= 75 for answer in answers)
        assert limit in kahoot.TIME_LIMITS
    assert rows[1][-1] == 2  # "right …" is the second option
    assert rows[2][2:4] == ("True", "False") and rows[2][-1] == 2
    assert rows[3][-1] == "1,3"


def test_aiken_holds_single_answer_multiple_choice_only(quiz):
    bundle = tabular.aiken(quiz)
    blocks = bundle.files[tabular.AIKEN_FILE].decode().strip().split("\n\n")
    mcqs = [q for q in quiz.distinct_questions() if q.kind is Kind.MCQ]
    assert len(blocks) == len(mcqs)
    assert len(bundle.skipped) == len(quiz.distinct_questions()) - len(mcqs)
    for block, question in zip(blocks, mcqs, strict=True):
        prompt, *options, answer = block.split("\n")
        assert prompt == question.item.prompt
        assert options == [
            f"{letter}. {o}" for letter, o in zip(LETTERS, question.options, strict=False)
        ]
        assert answer == f"ANSWER: {question.letters[0]}"


def test_csv_and_json_key_agree_row_by_row(quiz):
    key = json.loads(tabular.json_key(quiz).files[tabular.KEY_FILE])
    text = tabular.csv_table(quiz).files[tabular.CSV_FILE].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    entries = [entry for version in key["versions"] for entry in version["questions"]]
    assert len(rows) == len(entries) == 48
    for row, entry in zip(rows, entries, strict=True):
        assert row["item_id"] == entry["item_id"] and int(row["number"]) == entry["number"]
        expected = entry["answer"]
        assert row["answer"] == (",".join(expected) if isinstance(expected, list) else expected)


def test_every_format_the_command_line_offers_has_one_writer():
    # The names live apart from the writers so that `quiz` starts without loading them.
    assert [*make.PRINTABLE, *make.PLATFORMS] == list(FORMATS)


# -- files every importer reads as written (issue 13) -----------------------------

CONTROLS = "\x01\x0b\x1f\x7f"


def _rendered(quiz: Quiz, *formats: str) -> dict[str, bytes]:
    return {
        name: data for bundle in make.render(quiz, formats) for name, data in bundle.files.items()
    }


def test_formula_like_text_is_stored_as_text_in_kahoot_and_csv():
    """A question or title starting with =, +, -, @ must never run as a formula."""
    formula = _item(Kind.MCQ, 11, '=HYPERLINK("http://x","y")', "+1", ["+1", "-2", "@3", "=4"])
    quiz = dataclasses.replace(special_quiz(formula), title="=1+1")
    files = _rendered(quiz, "kahoot", "csv")
    sheet = load_workbook(io.BytesIO(files[kahoot.KAHOOT_FILE])).active
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert {cell.value for cell in cells} >= {"=1+1", formula.prompt, "+1", "-2", "@3", "=4"}
    assert all(cell.data_type == "s" for cell in cells)
    assert all(cell.quotePrefix for cell in cells if cell.value.startswith(("=", "+", "-", "@")))
    rows = list(csv.reader(io.StringIO(files[tabular.CSV_FILE].decode("utf-8-sig"))))
    texts = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in texts)
    assert "'" + formula.prompt in texts and "'-2" in texts


def test_dashes_and_control_characters_never_make_an_invalid_file():
    """A title with "--" or "-->" would end an XML comment (and could inject questions);
    control characters are not XML at all, split Markdown rows and crash openpyxl."""
    odd = _item(Kind.MCQ, 12, f"Odd{CONTROLS} one\nout?", "b", ["a\x1f", "b", "c", "d"])
    quiz = dataclasses.replace(
        special_quiz(odd),
        title=f'Quiz -- part 2 --><question type="truefalse"/><!-- {CONTROLS}',
    )
    files = _rendered(quiz, "moodle-xml", "qti", "md", "kahoot", "gift", "csv", "json")
    root = ET.fromstring(files[moodle.XML_FILE])
    assert len(root.findall("question")) == 1 + len(quiz.versions[0].questions)
    archive = zipfile.ZipFile(io.BytesIO(files[qti.QTI_FILE]))
    for name in archive.namelist():
        ET.fromstring(archive.read(name))
    for name, data in files.items():
        if not name.endswith((".xlsx", ".zip")):
            text = data.decode("utf-8").replace("\r\n", "\n")  # the CSV's line ends
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", text), name
    table = [line for line in files["version-1-key.md"].decode().splitlines() if "|" in line]
    assert table and all(line.startswith("|") and line.endswith("|") for line in table)
    sheet = load_workbook(io.BytesIO(files[kahoot.KAHOOT_FILE])).active
    assert sheet["B2"].value.startswith("Quiz -- part 2")
    assert (
        json.loads(files[tabular.KEY_FILE])["items"][odd.id]["prompt"]
        == "Odd\ufffd\ufffd\ufffd\ufffd one out?"
    )


def test_canvas_reads_every_answer_id_as_distinct_and_short_answers_as_alternatives(quiz):
    """Canvas takes an answer id's first run of digits: `matching-7095b42fe1c7-0` would
    make every option 7095 and every matching answer right."""
    archive = zipfile.ZipFile(io.BytesIO(qti.qti(quiz).files[qti.QTI_FILE]))
    [assessment] = [n for n in archive.namelist() if n.endswith(".xml") and "/quiz-" in n]
    root = ET.fromstring(archive.read(assessment))
    labels = [label.get("ident") for label in root.iter(f"{QTI}response_label")]
    rows = [
        r.get("ident") for r in root.iter(f"{QTI}response_lid") if r.get("ident") != "response1"
    ]
    choices = [ident for ident in labels if ident != "answer1"]
    assert choices and all(ident.isdigit() and int(ident) > 0 for ident in choices)
    assert all(re.fullmatch(r"response_[1-9]\d*", ident) for ident in rows)
    numbers = choices + [ident.removeprefix("response_") for ident in rows]
    assert len(set(numbers)) == len(set(choices)) + len(rows)  # a label is one per item
    for element in root.iter(f"{QTI}item"):
        fields = {
            f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
            for f in element.iter(f"{QTI}qtimetadatafield")
        }
        if fields["question_type"] == "short_answer_question":
            [rule] = [
                c for c in element.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None
            ]
            alternatives = rule.find(f"{QTI}conditionvar/{QTI}or")
            assert alternatives is not None and len(alternatives) >= 1
            assert rule.find(f"{QTI}conditionvar/{QTI}varequal") is None


def test_moodle_xml_uses_moodles_own_defaults_for_each_type(quiz):
    """A true/false question's penalty is 1 in Moodle: a second try on two options
    must not earn 67%."""
    root = ET.fromstring(moodle.moodle_xml(quiz).files[moodle.XML_FILE])
    questions = root.findall("question")[1:]
    assert {q.get("type") for q in questions} == set(moodle.MOODLE_DEFAULTS)
    for element in questions:
        for setting, value in moodle.MOODLE_DEFAULTS[element.get("type")].items():
            assert element.findtext(setting) == value, (element.get("type"), setting)
    penalties = {q.get("type"): q.findtext("penalty") for q in questions}
    assert penalties == {
        "truefalse": "1",
        "multichoice": "0.3333333",
        "shortanswer": "0.3333333",
        "matching": "0.3333333",
    }
    assert {q.findtext("answernumbering") for q in questions if q.get("type") == "multichoice"} == {
        "abc"
    }


def test_moodle_questions_have_readable_names_tags_and_the_item_id(quiz):
    root = ET.fromstring(moodle.moodle_xml(quiz).files[moodle.XML_FILE])
    distinct = {q.item.id: q for q in quiz.distinct_questions()}
    for element in root.findall("question")[1:]:
        question = distinct[element.findtext("idnumber")]
        name = element.findtext("name/text")
        assert name != question.item.id and len(name) <= moodle.NAME_LENGTH
        assert question.item.prompt.startswith(name.removesuffix("…"))
        tags = [tag.findtext("text") for tag in element.findall("tags/tag")]
        assert set(question.item.tags) | {question.item.deck, question.item.kind.value} == set(tags)
    gift = read_gift(moodle.gift(quiz).files[moodle.GIFT_FILE].decode())
    assert {entry["idnumber"] for entry in gift} == set(distinct)
    assert all(set(distinct[entry["idnumber"]].item.tags) <= set(entry["tags"]) for entry in gift)


def test_a_make_killed_while_swapping_is_finished_by_the_next_run(tmp_path, monkeypatch):
    """Killed between two renames, old and new files would be mixed: the complete
    staging folder stays, and the next run moves the rest into place first."""
    folder = tmp_path / "out"
    bundle.write_files(
        folder, {"a.md": b"old a", "b.md": b"old b", "c.md": b"old c"}, replace=False
    )
    (folder / "mine.md").write_bytes(b"mine")

    class Killed(BaseException):
        pass

    renames = []

    def replace_once(source, target):
        if renames:
            raise Killed
        renames.append(target)
        os.rename(source, target)

    monkeypatch.setattr(bundle.os, "replace", replace_once)
    with pytest.raises(Killed):
        bundle.write_files(folder, {"a.md": b"new a", "b.md": b"new b"}, replace=True)
    monkeypatch.undo()
    [staging] = [path for path in folder.iterdir() if path.name.startswith(".quiz-make-")]
    assert (staging / bundle.MANIFEST).is_file()
    bundle.write_files(folder, {"a.md": b"newer a", "b.md": b"newer b"}, replace=True)
    written = {path.name: path.read_bytes() for path in folder.iterdir()}
    manifest = json.loads(written.pop(bundle.MANIFEST))
    assert written == {"a.md": b"newer a", "b.md": b"newer b", "mine.md": b"mine"}
    assert manifest["files"] == ["a.md", "b.md"]
