"""A QTI 1.2 package (.zip) in the shape Canvas imports and exports.

The package holds `imsmanifest.xml`, the assessment and Canvas's quiz settings
(`assessment_meta.xml`). Each kind maps to Canvas's nearest question type:
multiple_choice_question, true_false_question, multiple_answers_question
(select-all), short_answer_question (cloze and recall) listing every form
`quiz.answers.accepted_forms` gives, so Canvas's exact (case-blind) match
grades the common forms as quiz does (each form one alternative of an `<or>`),
and matching_question. Item ids are the items' idents, so results map back to
the key; package ids are derived from the quiz, so the same quiz gives the same
bytes (and re-importing it updates rather than duplicates).

Canvas reads an answer's id as the first run of digits in its identifier
(`matching-7095b42fe1c7-0` would be 7095, the same for every option, and every
matching answer would then count as right), so every choice and matching row is
identified, as in Canvas's own exports, by a plain number, distinct within the
package.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from quiz.answers import accepted_forms, exact_match_gaps
from quiz.classroom import WRITTEN, Question, Quiz
from quiz.export.bundle import Bundle, feedback, fixed_zip, skipped, xml_comment
from quiz.items import Kind

QTI_FILE = "canvas-qti.zip"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
QUESTION_TYPES = {
    Kind.MCQ: "multiple_choice_question",
    Kind.TRUE_FALSE: "true_false_question",
    Kind.SELECT_ALL: "multiple_answers_question",
    Kind.MATCHING: "matching_question",
    Kind.CLOZE: "short_answer_question",
    Kind.RECALL: "short_answer_question",
}


def qti(quiz: Quiz) -> Bundle:
    questions = quiz.distinct_questions()
    basis = "|".join([quiz.title, str(quiz.request.seed), *(q.item.id for q in questions)])
    ident = "quiz-" + hashlib.sha256(basis.encode()).hexdigest()[:20]
    folder = ident
    entries = [
        ("imsmanifest.xml", _manifest(ident)),
        (f"{folder}/{ident}.xml", _assessment(quiz, ident, questions)),
        (f"{folder}/assessment_meta.xml", _meta(quiz, ident, len(questions))),
    ]
    stricter = [
        skipped(question, gaps)
        for question in questions
        if question.kind in WRITTEN and (gaps := exact_match_gaps(question.accepted))
    ]
    return Bundle("qti", {QTI_FILE: fixed_zip(entries)}, stricter=stricter)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _manifest(ident: str) -> bytes:
    manifest = ET.Element("manifest", identifier=f"{ident}-manifest", xmlns=MANIFEST_NS)
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    assessment = ET.SubElement(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
    ET.SubElement(assessment, "file", href=f"{ident}/{ident}.xml")
    ET.SubElement(assessment, "dependency", identifierref=f"{ident}-meta")
    meta = ET.SubElement(
        resources,
        "resource",
        identifier=f"{ident}-meta",
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{ident}/assessment_meta.xml",
    )
    ET.SubElement(meta, "file", href=f"{ident}/assessment_meta.xml")
    return _xml(manifest)


def _meta(quiz: Quiz, ident: str, count: int) -> bytes:
    meta = ET.Element("quiz", identifier=ident, xmlns=CANVAS_NS)
    for tag, text in (
        ("title", quiz.title),
        ("description", ""),
        ("shuffle_answers", "true"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "assignment"),
        ("points_possible", f"{count:.1f}"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "1"),
        ("available", "false"),
    ):
        ET.SubElement(meta, tag).text = text
    return _xml(meta)


def _assessment(quiz: Quiz, ident: str, questions: tuple[Question, ...]) -> bytes:
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    assessment = ET.SubElement(root, "assessment", ident=f"{ident}-assessment", title=quiz.title)
    _metadata(assessment, cc_maxattempts="1")
    section = ET.SubElement(assessment, "section", ident="root_section")
    answer_ids = itertools.count(1001)  # four digits at least, as Canvas's own
    for number, question in enumerate(questions, 1):
        if question.kind in WRITTEN and (gaps := exact_match_gaps(question.accepted)):
            section.append(xml_comment(f"{gaps}."))  # just before its item
        section.append(_item(quiz, question, number, answer_ids))
    return _xml(root)


def _metadata(parent: ET.Element, **fields: str) -> None:
    container = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(container, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, text: str, texttype: str = "text/html") -> None:
    material = ET.SubElement(parent, "material")
    body = ET.SubElement(material, "mattext", texttype=texttype)
    body.text = html.escape(text, quote=False) if texttype == "text/html" else text


def _choices(
    parent: ET.Element,
    ident: str,
    labels: list[tuple[str, str]],
    cardinality: str,
    stem: str | None = None,
) -> None:
    """Lettered choices; for matching, one such list per row, `stem` being the row."""
    response = ET.SubElement(parent, "response_lid", ident=ident, rcardinality=cardinality)
    if stem is not None:
        _material(response, stem, "text/plain")
    render = ET.SubElement(response, "render_choice")
    for label_ident, text in labels:
        label = ET.SubElement(render, "response_label", ident=label_ident)
        _material(label, text, "text/plain")


def _condition(
    parent: ET.Element, *, score: str, action: str = "Set", stop: bool = True
) -> ET.Element:
    """A scoring rule; returns its (still empty) condition."""
    condition = ET.SubElement(parent, "respcondition", attrib={"continue": "No" if stop else "Yes"})
    variable = ET.SubElement(condition, "conditionvar")
    ET.SubElement(condition, "setvar", action=action, varname="SCORE").text = score
    return variable


def _item(quiz: Quiz, question: Question, number: int, answer_ids: Iterator[int]) -> ET.Element:
    item = question.item
    element = ET.Element("item", ident=item.id, title=f"Question {number}")
    labels = [(str(next(answer_ids)), text) for text in question.options]
    label_of = {text: ident for ident, text in labels}
    # Matching: Canvas's answers are the rows (response_ID), matched to the labels.
    rows = [str(next(answer_ids)) for _ in question.left]
    metadata = ET.SubElement(element, "itemmetadata")
    _metadata(
        metadata,
        question_type=QUESTION_TYPES[item.kind],
        points_possible="1.0",
        original_answer_ids=",".join(rows or [ident for ident, _ in labels]),
    )
    presentation = ET.SubElement(element, "presentation")
    _material(presentation, item.prompt)
    processing = ET.SubElement(element, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(
        outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"
    )
    general = ET.SubElement(processing, "respcondition", attrib={"continue": "Yes"})
    ET.SubElement(ET.SubElement(general, "conditionvar"), "other")
    ET.SubElement(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")

    if item.kind in (Kind.MCQ, Kind.TRUE_FALSE):
        _choices(presentation, "response1", labels, "Single")
        variable = _condition(processing, score="100")
        right = question.right_options[0]
        ET.SubElement(variable, "varequal", respident="response1").text = label_of[right]
    elif item.kind is Kind.SELECT_ALL:
        _choices(presentation, "response1", labels, "Multiple")
        together = ET.SubElement(_condition(processing, score="100"), "and")
        right = set(question.right_options)
        for ident, text in labels:
            parent = together if text in right else ET.SubElement(together, "not")
            ET.SubElement(parent, "varequal", respident="response1").text = ident
    elif item.kind is Kind.MATCHING:
        share = f"{100 / len(question.left):.2f}"
        for row, text, partner in zip(rows, question.left, question.right_options, strict=True):
            _choices(presentation, f"response_{row}", labels, "Single", stem=text)
            variable = _condition(processing, score=share, action="Add", stop=False)
            ET.SubElement(variable, "varequal", respident=f"response_{row}").text = label_of[
                partner
            ]
    else:
        response = ET.SubElement(
            presentation, "response_str", ident="response1", rcardinality="Single"
        )
        render = ET.SubElement(response, "render_fib")
        ET.SubElement(render, "response_label", ident="answer1", rshuffle="No")
        alternatives = ET.SubElement(_condition(processing, score="100"), "or")
        for form in accepted_forms(question.accepted):
            ET.SubElement(alternatives, "varequal", respident="response1").text = form

    general_feedback = ET.SubElement(element, "itemfeedback", ident="general_fb")
    _material(ET.SubElement(general_feedback, "flow_mat"), feedback(quiz, item))
    return element
