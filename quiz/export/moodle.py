"""Moodle question-bank files: GIFT text and Moodle XML.

Each kind becomes Moodle's nearest native type: multiple choice (one right
answer, or several with split grades for select-all), true/false, short answer
(cloze and recall) and matching, with the settings Moodle gives a question of
that type made in its own editor (`MOODLE_DEFAULTS`: a true/false question's
penalty is 1, since a second try on two options proves nothing). A short answer
lists every form `quiz.answers.accepted_forms` gives, so Moodle, which matches
exactly but ignores case (usecase 0), grades the common forms as quiz does;
what it cannot list (typos, fuller dates) is said in a comment beside the
question. A Moodle XML question is named by its text, shortened, as Moodle names
questions itself; in GIFT, the name stays the item id, the one field other GIFT
readers (gift-pegjs) map back to the key. Both carry the item id as idnumber and
the item's tags, so a teacher finds a question in the bank and results map back
to the key. GIFT
text is escaped exactly as Moodle's importer unescapes it; question texts are
HTML, while short answers and matching answers are compared or shown as plain
text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from quiz.answers import accepted_forms, exact_match_gaps
from quiz.classroom import WRITTEN, Question, Quiz
from quiz.export.bundle import Bundle, Skipped, feedback, skipped, xml_comment
from quiz.items import TRUE, Kind

GIFT_FILE = "moodle-gift.txt"
XML_FILE = "moodle.xml"
NAME_LENGTH = 80  # Moodle names an unnamed question after its text's first 80 characters
# What Moodle's question editor gives each type unless the teacher changes it
# (the edit forms' defaults and qtype_multichoice's admin settings, Moodle 5.0).
MOODLE_DEFAULTS: dict[str, dict[str, str]] = {
    "multichoice": {
        "penalty": "0.3333333",
        "shuffleanswers": "true",
        "answernumbering": "abc",
        "showstandardinstruction": "0",
    },
    "truefalse": {"penalty": "1"},
    "shortanswer": {"penalty": "0.3333333", "usecase": "0"},
    "matching": {"penalty": "0.3333333", "shuffleanswers": "true"},
}
# Moodle reads "%50%" at the start of an answer as its grade, and "->" as a matching pair.
_GRADE_LIKE = re.compile(r"^%-*\d{1,2}\.?\d*%")
_GIFT_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
    }
)


def gift_escape(text: str) -> str:
    """Text as GIFT needs it: Moodle's reserved characters behind a backslash."""
    return text.translate(_GIFT_ESCAPES)


def _html(text: str) -> str:
    return html.escape(text, quote=False)


def category(title: str) -> str:
    """The question-bank category the quiz goes into ("/" in a name is written "//")."""
    return "$course$/top/" + title.replace("/", "//")


def question_name(question: Question) -> str:
    """A name a teacher recognises in the question bank: the question text, shortened."""
    prompt = " ".join(question.item.prompt.split())
    if len(prompt) <= NAME_LENGTH:
        return prompt
    cut = prompt[: NAME_LENGTH - 1].rsplit(" ", 1)[0] if " " in prompt else prompt
    return cut[: NAME_LENGTH - 1].rstrip(" ,;:") + "…"


def question_tags(question: Question) -> tuple[str, ...]:
    """The deck, the item's own tags and its kind, as question-bank tags."""
    item = question.item
    return tuple(dict.fromkeys((item.deck, *item.tags, item.kind.value)))


def _percent(share: float) -> str:
    """A grade as Moodle lists them (33.33333, 50, -25)."""
    return f"{share * 100:.5f}".rstrip("0").rstrip(".")


def _fractions(question: Question) -> list[tuple[str, str]]:
    """Select-all: each option with its grade; the right ones share 100%, and the
    wrong ones take it back, so ticking everything scores nothing."""
    right = set(question.right_options)
    wrong_count = len(question.options) - len(right)
    return [
        (option, _percent(1 / len(right) if option in right else -1 / wrong_count))
        for option in question.options
    ]


def _short_answers(question: Question) -> tuple[str, ...]:
    """Every literal answer Moodle must accept; `*` is escaped, as Moodle reads it as a
    wildcard (qtype_shortanswer compare_string_with_wildcard)."""
    return tuple(form.replace("*", "\\*") for form in accepted_forms(question.accepted))


def _gaps(question: Question) -> str | None:
    return exact_match_gaps(question.accepted) if question.kind in WRITTEN else None


def _gift_unfit(question: Question) -> Skipped | None:
    """An item whose text GIFT would read as markup of its own."""
    written = _short_answers(question) if question.kind in WRITTEN else ()
    answers = [*question.options, *written]
    if any(_GRADE_LIKE.match(answer) for answer in answers):
        return skipped(question, "an answer starts like a GIFT grade (%…%); Moodle XML holds it")
    pairs = question.kind is Kind.MATCHING or question.kind in WRITTEN
    if pairs and any("->" in text for text in (*answers, *question.left)):
        return skipped(question, 'a text contains "->", a GIFT matching pair; Moodle XML holds it')
    return None


# -- GIFT -----------------------------------------------------------------------


def gift(quiz: Quiz) -> Bundle:
    bundle = Bundle("gift")
    blocks = [
        f"// {quiz.title}: questions from quiz make (seed {quiz.request.seed}).",
        "// Moodle: Question bank > Import > GIFT format.",
        "",
        f"$CATEGORY: {category(quiz.title)}",
        "",
    ]
    count = 0
    for question in quiz.distinct_questions():
        problem = _gift_unfit(question)
        if problem:
            bundle.skipped.append(problem)
            continue
        count += 1
        gaps = _gaps(question)
        if gaps:
            bundle.stricter.append(skipped(question, gaps))
        tags = " ".join(f"[tag:{_gift_token(tag)}]" for tag in question_tags(question))
        blocks += [
            f"// {count}. [id:{_gift_token(question.item.id)}] {tags}",
            *([f"// {gaps}."] if gaps else []),
            _gift_question(quiz, question),
            "",
        ]
    if count:
        bundle.files[GIFT_FILE] = "\n".join(blocks).encode("utf-8")
    return bundle


def _gift_token(text: str) -> str:
    """Text inside a GIFT comment's [id:…] or [tag:…], where Moodle reads `\\]` as `]`."""
    return text.replace("]", "\\]")


def _gift_question(quiz: Quiz, question: Question) -> str:
    item = question.item
    head = f"::{gift_escape(item.id)}::[html]{gift_escape(_html(item.prompt))}"
    general = f"####{gift_escape(_html(feedback(quiz, item)))}"
    if item.kind is Kind.TRUE_FALSE:
        return f"{head}{{{'TRUE' if item.answer == TRUE else 'FALSE'}{general}}}"
    if item.kind is Kind.MCQ:
        right = question.right_options[0]
        answers = [
            f"{'=' if option == right else '~'}{gift_escape(_html(option))}"
            for option in question.options
        ]
    elif item.kind is Kind.SELECT_ALL:
        answers = [
            f"~%{grade}%{gift_escape(_html(option))}" for option, grade in _fractions(question)
        ]
    elif item.kind is Kind.MATCHING:
        answers = [
            f"={gift_escape(_html(row))} -> {gift_escape(partner)}"
            for row, partner in zip(question.left, question.right_options, strict=True)
        ]
    else:
        answers = [f"={gift_escape(answer)}" for answer in _short_answers(question)]
    lines = "".join(f"\t{answer}\n" for answer in answers)
    return f"{head}{{\n{lines}\t{general}\n}}"


# -- Moodle XML -----------------------------------------------------------------

_XML_TYPES = {
    Kind.MCQ: "multichoice",
    Kind.SELECT_ALL: "multichoice",
    Kind.TRUE_FALSE: "truefalse",
    Kind.MATCHING: "matching",
    Kind.CLOZE: "shortanswer",
    Kind.RECALL: "shortanswer",
}


def moodle_xml(quiz: Quiz) -> Bundle:
    bundle = Bundle("moodle-xml")
    root = ET.Element("quiz")
    root.append(xml_comment(f"{quiz.title}: questions from quiz make (seed {quiz.request.seed})"))
    heading = ET.SubElement(root, "question", type="category")
    _text(ET.SubElement(heading, "category"), category(quiz.title))
    _text(ET.SubElement(heading, "info", format="html"), "")
    for question in quiz.distinct_questions():
        if gaps := _gaps(question):
            root.append(xml_comment(f"{gaps}."))  # just before its question
            bundle.stricter.append(skipped(question, gaps))
        root.append(_xml_question(quiz, question))
    ET.indent(root)
    bundle.files[XML_FILE] = ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
    return bundle


def _text(parent: ET.Element, text: str) -> ET.Element:
    ET.SubElement(parent, "text").text = text
    return parent


def _xml_question(quiz: Quiz, question: Question) -> ET.Element:
    item = question.item
    qtype = _XML_TYPES[item.kind]
    defaults = MOODLE_DEFAULTS[qtype]
    element = ET.Element("question", type=qtype)
    _text(ET.SubElement(element, "name"), question_name(question))
    _text(ET.SubElement(element, "questiontext", format="html"), _html(item.prompt))
    _text(ET.SubElement(element, "generalfeedback", format="html"), _html(feedback(quiz, item)))
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = defaults["penalty"]
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = item.id
    tags = ET.SubElement(element, "tags")
    for tag in question_tags(question):
        _text(ET.SubElement(tags, "tag"), tag)
    for setting, value in defaults.items():
        if setting != "penalty":
            ET.SubElement(element, setting).text = value

    def answer(fraction: str, text: str, text_format: str = "html") -> None:
        node = _text(ET.SubElement(element, "answer", fraction=fraction, format=text_format), text)
        _text(ET.SubElement(node, "feedback", format="html"), "")

    if item.kind is Kind.TRUE_FALSE:
        right = "true" if item.answer == TRUE else "false"
        for value in ("true", "false"):
            answer("100" if value == right else "0", value, "moodle_auto_format")
    elif item.kind in (Kind.MCQ, Kind.SELECT_ALL):
        single = item.kind is Kind.MCQ
        ET.SubElement(element, "single").text = "true" if single else "false"
        if single:
            right = question.right_options[0]
            for option in question.options:
                answer("100" if option == right else "0", _html(option))
        else:
            for option, grade in _fractions(question):
                answer(grade, _html(option))
    elif item.kind is Kind.MATCHING:
        for row, partner in zip(question.left, question.right_options, strict=True):
            sub = _text(ET.SubElement(element, "subquestion", format="html"), _html(row))
            _text(ET.SubElement(sub, "answer"), partner)
    else:  # usecase 0: Moodle then ignores case, as quiz does
        for form in _short_answers(question):
            answer("100", form, "moodle_auto_format")
    return element
