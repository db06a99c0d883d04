"""`quiz grade`: answer sheets read back from synthetic scans, LMS tables mapped to
items, and item statistics checked against an independent computation."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from scans import bubbles_right, fill, rendered, synthetic

from quiz import resources
from quiz.classroom import Request, make_quiz
from quiz.decks import load_decks
from quiz.export.sheet import typeset
from quiz.grade.analysis import analyse
from quiz.grade.omr import ScanError, State, read_sheet
from quiz.grade.responses import Answer
from quiz.grade.scoring import Rule, credit, score
from quiz.grade.tables import read_table
from quiz.sheets import layout, parse_qr


@pytest.fixture(scope="module")
def key(seeds) -> dict:
    decks = load_decks([resources.decks_dir() / "russia-allies.yaml"], seeds=seeds)
    quiz = make_quiz(decks, seeds, Request(questions=24, versions=2, seed=3, title="Tuesday"))
    return quiz.key()


def test_the_qr_code_names_the_sheet_it_is_printed_on(key):
    sheet = layout(key, 2, digits=4)
    read = parse_qr(sheet.pages[0].qr_text)
    assert (read.version, read.page, read.digits, read.paper) == (2, 1, 4, "a4")
    assert parse_qr("https://example.com") is None


def test_every_bubble_is_read_on_flat_and_photographed_sheets(key):
    """Pen, pencil, blanks, double marks and erasures are read as made; a faint mark
    is flagged, never guessed; phone-like photos are read as well as flat scans."""
    rng = random.Random(16)
    right = total = 0
    problems = []
    for index in range(16):
        sheet = layout(key, 1 + index % 2)
        image, truth = synthetic(sheet, rng, photo=index % 2 == 1, doubt=0.08)
        read = read_sheet(image, key)
        assert read.student == truth.student
        ok, count, wrong = bubbles_right(read, truth)
        right, total = right + ok, total + count
        problems += [f"sheet {index}: {label}" for label in wrong]
    assert not problems
    assert right == total


def test_a_scan_of_another_quiz_or_without_corners_is_refused(key, seeds):
    blank = np.full((800, 600), 255, np.uint8)
    with pytest.raises(ScanError, match="corner markers"):
        read_sheet(blank, key)
    other = dict(key, versions=key["versions"][:1])
    image = rendered(layout(other, 1))[0]
    with pytest.raises(ScanError, match="another quiz"):
        read_sheet(image, key)


def test_erased_and_light_marks_are_not_marks(key):
    sheet = layout(key, 1)
    image = rendered(sheet)[0]
    rng = random.Random(1)
    row = sheet.pages[0].rows[6]  # a multiple-choice row
    fill(image, row.bubbles[0], "erased", rng)
    fill(image, row.bubbles[2], "pencil", rng)
    read = read_sheet(image, key)
    [row_read] = [r for r in read.rows if r.row.label == row.label]
    assert (row_read.state, row_read.chosen) == (State.SINGLE, ("C",))


def _write_scans(key: dict, folder: Path) -> dict[str, str]:
    """Three students' sheets (PNG, JPEG photo, PDF) and a file that is no scan."""
    rng = random.Random(7)
    truths = {}
    for index, suffix in enumerate((".png", ".jpg", ".png")):
        image, truth = synthetic(layout(key, 1 + index % 2), rng, photo=suffix == ".jpg", doubt=0)
        cv2.imwrite(str(folder / f"student-{index}{suffix}"), image)
        truths[truth.student] = f"student-{index}"
    (folder / "coffee.png").write_bytes(b"not an image")
    (folder / "blank.pdf").write_bytes(typeset(layout(key, 1)))
    return truths


def test_grade_command_reads_a_batch_and_reports_what_it_could_not(key, tmp_path, quiz_command):
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(key), encoding="utf-8")
    scans = tmp_path / "scans"
    scans.mkdir()
    truths = _write_scans(key, scans)
    out = tmp_path / "grades"
    result = subprocess.run(
        [*quiz_command, "grade", str(key_file), *sorted(map(str, scans.iterdir())), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "not read: " in result.stdout and "coffee.png" in result.stdout
    assert "KR-20" in result.stdout or "Cronbach" in result.stdout
    scores = (out / "scores.csv").read_text(encoding="utf-8-sig")
    for student in truths:
        assert student in scores
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["test"]["n"] == 4  # the blank PDF page is read too: a student unknown
    assert any(s["student"].startswith("? ") for s in analysis["students"])
    assert list((out / "review").glob("blank-p1-*.png"))  # its empty student number, cropped


def _v1(key: dict) -> dict[str, dict]:
    return {q["kind"]: q for q in reversed(key["versions"][0]["questions"])}


def test_typed_moodle_and_canvas_tables_score_alike(key):
    questions = _v1(key)
    mcq, tf, many = questions["mcq"], questions["true_false"], questions["select_all"]
    wrong = next(letter for letter in "ABCD" if letter != mcq["answer"])
    typed = (
        f"student,version,{mcq['number']},{tf['number']},{many['number']}\n"
        f"ana,1,{mcq['answer']},{tf['answer'][0]},{''.join(many['answer'])}\n"
        f"ben,1,{wrong},,\n"
    )
    kind, typed_responses = read_table(typed, key, "typed.csv")
    assert kind == "typed"
    right_text = mcq["options"][ord(mcq["answer"]) - 65]
    many_text = [many["options"][ord(letter) - 65] for letter in many["answer"]]
    slots = list(key["items"])
    slot = {item: slots.index(item) + 1 for item in slots}
    header = ["Surname", "First name", "Email address", "State", "Grade/10.00"]
    cells = {slot[mcq["item_id"]]: right_text, slot[tf["item_id"]]: tf["answer"]}
    cells[slot[many["item_id"]]] = "; ".join(many_text)
    top = max(slot.values())
    header += [f"Response {n}" for n in range(1, top + 1)]
    moodle_rows = [
        header,
        ["Ana", "A", "ana", "Finished", "3", *[cells.get(n, "-") for n in range(1, top + 1)]],
        ["Overall average", "", "", "", "1.5", *["" for _ in range(top)]],
    ]
    kind, moodle_responses = read_table(_csv(moodle_rows), key, "moodle.csv")
    assert kind == "moodle" and len(moodle_responses) == 1
    canvas_header = ["name", "id", "sis_id", "section", "section_id", "submitted", "attempt"]
    canvas_row = ["Ana A", "17", "ana", "S1", "1", "2024-01-01", "1"]
    for q, answer in ((mcq, right_text), (tf, tf["answer"]), (many, ",".join(many_text))):
        prompt = key["items"][q["item_id"]]["prompt"]
        canvas_header += [f"{900 + q['number']}: {prompt}", "1.0"]
        canvas_row += [answer, "1"]
    canvas_header += ["n correct", "n incorrect", "score"]
    canvas_row += ["3", "0", "3"]
    kind, canvas_responses = read_table(_csv([canvas_header, canvas_row]), key, "canvas.csv")
    assert kind == "canvas"
    for responses in (typed_responses[:1], moodle_responses, canvas_responses):
        [ana] = score(responses, key, Rule.RIGHT_ONLY)
        assert ana.total == 3, responses
        assert ana.response.student == "ana"
    ben = score(typed_responses[1:], key, Rule.PENALTY)[0]
    assert ben.total == pytest.approx(-1 / (len(mcq["options"]) - 1))


def _csv(rows: list[list[str]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_partial_credit_for_select_all_and_matching(key):
    questions = _v1(key)
    many, matching = questions["select_all"], questions["matching"]
    key_letters = many["answer"]
    extra = next(chr(65 + i) for i in range(len(many["options"])) if chr(65 + i) not in key_letters)
    answer = Answer(letters=(*key_letters[:1], extra))
    assert credit(many, answer, Rule.RIGHT_ONLY) == 0
    expected = max(0.0, (1 - 1) / len(key_letters))
    assert credit(many, answer, Rule.PARTIAL) == pytest.approx(expected)
    rows = list(matching["answer"])
    rows[0] = None
    assert credit(matching, Answer(rows=tuple(rows)), Rule.PARTIAL) == pytest.approx(
        (len(rows) - 1) / len(rows)
    )
    assert credit(matching, Answer(rows=tuple(matching["answer"])), Rule.RIGHT_ONLY) == 1


def test_item_statistics_match_an_independent_computation():
    """A response set with a good item, a reversed one, and a distractor the strong
    students pick: p, corrected point-biserials, 27% groups and KR-20 as textbooks
    compute them (population sd, r = (M1 - M0) / s * sqrt(pq))."""
    rng = np.random.default_rng(5)
    n, k = 60, 8
    ability = rng.normal(size=n)
    difficulty = np.linspace(-1, 1, k)
    right = (ability[:, None] + rng.normal(scale=0.8, size=(n, k)) > difficulty).astype(float)
    right[:, 1] = (ability + rng.normal(scale=0.5, size=n) < 0).astype(float)  # reversed
    items = [f"i{j}" for j in range(k)]
    points = [{items[j]: right[s, j] for j in range(k)} for s in range(n)]
    # item 4: key "K"; wrong students in the top half choose "D1", the others "D2";
    # nobody "D3"
    totals = right.sum(axis=1)
    choices = []
    for s in range(n):
        chosen = "K" if right[s, 4] else ("D1" if totals[s] > np.median(totals) else "D2")
        choices.append({"i4": frozenset({chosen})})
    options = {"i4": ["K", "D1", "D2", "D3"]}
    test, stats = analyse(points, choices, options, {"i4": frozenset({"K"})})
    by_id = {s.item_id: s for s in stats}
    for j, item in enumerate(items):
        x, rest = right[:, j], totals - right[:, j]
        p = x.mean()
        textbook = (rest[x == 1].mean() - rest[x == 0].mean()) / rest.std() * np.sqrt(p * (1 - p))
        assert by_id[item].difficulty == pytest.approx(p)
        assert by_id[item].discrimination == pytest.approx(textbook)
    order = np.argsort(totals, kind="stable")
    size = round(0.27 * n)
    assert by_id["i2"].upper == pytest.approx(right[order[-size:], 2].mean())
    assert by_id["i2"].lower == pytest.approx(right[order[:size], 2].mean())
    pq = right.mean(axis=0) * (1 - right.mean(axis=0))
    kr20 = k / (k - 1) * (1 - pq.sum() / totals.var())
    assert test.reliability_name == "KR-20"
    # the sample variances' n/(n-1) cancels in the ratio
    assert test.reliability == pytest.approx(kr20)
    assert test.warning is None
    assert any("negative discrimination" in flag for flag in by_id["i1"].flags)
    flags = " ".join(by_id["i4"].flags)
    assert "nobody chose: “D3”" in flags and "strong students chose: “D1”" in flags
    assert "“D2”" not in flags


def test_two_hundred_sheets_are_read_and_every_faint_mark_flagged(key):
    """The issue's bar, in the suite: 200 synthetic sheets, half photographed (turned,
    tilted, blurred, noisy, unevenly lit), pen, pencil, double marks, blanks, erasures
    and faint marks; at least 99.5% of bubbles read right and every faint mark flagged.
    Two processes, one a core, keep it near 30 s here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from scans import read_batch

    spawn = multiprocessing.get_context("spawn")  # typst's threads do not survive a fork
    with ProcessPoolExecutor(2, mp_context=spawn) as pool:
        parts = list(pool.map(read_batch, [key, key], [range(0, 100), range(100, 200)]))
    tally = parts[0] + parts[1]
    assert tally.sheets == 200
    assert tally.not_read == 0
    assert tally.right / tally.bubbles >= 0.995, tally
    assert tally.students == 200
    assert tally.unclear > 100 and tally.flagged == tally.unclear


def _grade(quiz_command, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*quiz_command, "grade", *args], capture_output=True, text=True, timeout=180, check=False
    )


def test_grade_writes_marked_sheets_plots_and_sends_flags_once(key, tmp_path, quiz_command):
    """Each student gets a PDF with their score (scanned: their own page; typed: the
    printed sheet filled in); the two plots hold a bar per score band and a point per
    item with a figure; --flag puts every flagged item in `quiz flags`, and a second
    run adds none."""
    import xml.etree.ElementTree as ET

    import pypdfium2

    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(key), encoding="utf-8")
    scans = tmp_path / "scans"
    scans.mkdir()
    _write_scans(key, scans)
    question = _v1(key)["mcq"]
    typed = tmp_path / "typed.csv"
    typed.write_text(f"student,version,{question['number']}\nAna María,1,{question['answer']}\n")
    out, data = tmp_path / "grades", tmp_path / "data"
    inputs = [*sorted(map(str, scans.glob("student-*"))), str(typed)]
    result = _grade(
        quiz_command, str(key_file), *inputs, "-o", str(out), "--flag", "--data-dir", str(data)
    )
    assert result.returncode == 0, result.stderr
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    sheets = sorted(out.glob("sheets/*.pdf"))
    assert len(sheets) == len(analysis["students"]) == 4
    assert "Ana-María.pdf" in {path.name for path in sheets}
    for student in analysis["students"]:
        name = student["student"].replace(" ", "-")
        document = pypdfium2.PdfDocument(str(out / "sheets" / f"{name}.pdf"))
        text = document[0].get_textpage().get_text_range()
        assert f"{student['points']:g} / {student['possible']}" in text
        assert len(document) == 1

    svg = "{http://www.w3.org/2000/svg}"
    bars = ET.parse(out / "scores.svg").getroot().findall(f"{svg}rect/{svg}title")
    assert sum(int(bar.text.split(": ")[1]) for bar in bars) == 4
    points = ET.parse(out / "items.svg").getroot().findall(f"{svg}circle")
    told = [item for item in analysis["items"] if item["discrimination"] is not None]
    assert len(points) == len(told)

    flagged = {(item["item_id"], flag) for item in analysis["items"] for flag in item["flags"]}
    assert flagged, "a class of four flags some item"
    assert f"sent {len(flagged)} flags" in result.stdout
    listed = subprocess.run(
        [*quiz_command, "flags", "--json", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    flags = json.loads(listed.stdout)
    assert len(flags) == len(flagged)
    assert all(flag["reason"].startswith("quiz grade: ") for flag in flags)
    assert {flag["item_id"] for flag in flags} == {item for item, _ in flagged}
    again = _grade(
        quiz_command,
        str(key_file),
        *inputs,
        "-o",
        str(out),
        "--flag",
        "--no-sheets",
        "--data-dir",
        str(data),
    )
    assert again.returncode == 0 and "sent 0 flags" in again.stdout


def test_a_canvas_answer_whose_option_holds_a_comma_is_read_whole():
    """Canvas joins the options ticked with commas; an option with a comma in it
    ("On Russia's war in Ukraine, India ...") is read off the options, escaped or not."""
    options = [
        "On Russia's war in Ukraine, India has not condemned the invasion.",
        "India obtains oil from Russia.",
        "India gives Russia military aid.",
        "India, with Russia, founded BRICS.",
    ]
    question = {"item_id": "s1", "number": 1, "kind": "select_all", "options": options}
    key = {
        "versions": [{"questions": [question]}],
        "items": {"s1": {"prompt": "Which of these does News7F report about India?"}},
    }
    header = "name,id,sis_id,section,section_id,submitted,attempt"
    header += ',"1: Which of these does News7F report about India?",1.0,n correct,n incorrect,score'
    cells = {
        "plain": f"{options[0]},{options[1]}",
        "escaped": f"{options[0].replace(',', chr(92) + ',')},{options[1]}",
        "two with commas": f"{options[3]},{options[0]}",
    }
    for label, cell in cells.items():
        row = f'Ana A,17,ana,S1,1,2024-01-01,1,"{cell}",1,1,0,1'
        kind, [response] = read_table(f"{header}\n{row}\n", key, "canvas.csv")
        assert kind == "canvas"
        expected = ("A", "D") if label == "two with commas" else ("A", "B")
        assert response.answers[1].letters == expected, label
    row = 'Ana A,17,ana,S1,1,2024-01-01,1,"India obtains gas from Russia.",1,0,1,0'
    [response] = read_table(f"{header}\n{row}\n", key, "canvas.csv")[1]
    assert response.answers[1].letters == () and "none of the options" in response.answers[1].review
