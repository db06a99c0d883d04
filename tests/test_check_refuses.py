"""`quiz check` refuses text that would mislead a learner or a terminal, each problem
at its line and column: control and invisible characters, quotes that prove nothing,
numbers and dates that are not what they look like, and names an answer cannot tell
apart (issue 13, items 5, 16 and 17)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import VALID_DECK, position_of
from test_cli import run
from test_validation import only_problem, problems_of

from quiz.cli import EXIT_PROBLEMS
from quiz.decks import load_deck
from quiz.generate import generate
from quiz.items import Kind
from quiz.lint import lint_items
from quiz.text import control_in, printable

CARTRIDGES_QUOTE = '"Iran has supplied Russia with about 100 million cartridges"'


@pytest.mark.parametrize(
    "escape", ["\\e[2J", "\\x9b", "\\x7f", "\\a", "\\u200b", "\\u202e", "\\u2066", "\\u200f"]
)
@pytest.mark.parametrize(
    "old, new",
    [
        ("name: Belarus", 'name: "Bela{}rus"'),
        ("aliases: [Russian Federation]", 'aliases: ["Russian{} Federation"]'),
        (
            "statement: Belarus is Russia's closest ally.",
            'statement: "Belarus is Russia\'s closest ally.{}"',
        ),
        (CARTRIDGES_QUOTE, '"Iran has supplied Russia{} with about 100 million cartridges"'),
        ('statement: "{subject} is the closest', 'statement: "{{subject}}{} is the closest'),
        ("name: Mini deck", 'name: "Mini{} deck"'),
    ],
)
def test_control_and_invisible_characters_are_refused_where_they_stand(
    write_deck, seeds, escape, old, new
):
    text = VALID_DECK.replace(old, new.format(escape), 1)
    problem = only_problem(write_deck(text), seeds)
    assert "holds the control character U+" in problem.message
    written = new.format(escape)
    assert (problem.line, problem.column) == position_of(text, written[written.index('"') :])


def test_a_raw_control_character_is_refused_at_its_column(write_deck, seeds):
    text = VALID_DECK.replace("name: Belarus", "name: Bela\x1b[2Jrus")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "\x1b")
    assert "control character U+001B" in problem.message


def test_one_rule_says_what_check_refuses_and_printable_escapes():
    for char in ("\x1b", "\x85", "\x7f", "\u200b", "\u202e", "\u2069"):
        assert control_in(f"a{char}b") == 1
        assert char not in printable(f"a{char}b")
    assert control_in("tab\tand\nnewline, Tô Lâm") is None
    assert printable("\u202eevil") == "\\u202eevil"


def test_seed_metadata_with_control_characters_is_refused_at_its_line(quiz_command, seeds_copy):
    metadata = seeds_copy / "sources.yaml"
    text = metadata.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("    title: "))
    hostile = '    title: "\\e]0;pwned\\a Title"'
    text = text.replace(title, hostile, 1).replace(
        "    outlet: null\n", '    outlet: "D\\u200bW"\n', 1
    )
    metadata.write_text(text, encoding="utf-8")
    result = run(quiz_command, "check", "--seeds", str(seeds_copy))
    assert result.returncode == EXIT_PROBLEMS
    for needle, key in ((hostile.strip(), "title"), ('outlet: "D', "outlet")):
        line, _ = position_of(text, needle)
        column = position_of(text, needle)[1] + len(key) + 2
        assert (
            f"{metadata}:{line}:{column}: a seed's {key} holds the control character U+"
            in result.stderr
        ), result.stderr
    assert "\x1b" not in result.stderr


@pytest.fixture
def seeds_copy(tmp_path):
    import shutil

    from quiz import resources

    folder = tmp_path / "seeds"
    shutil.copytree(resources.seeds_dir(), folder)
    return folder


@pytest.mark.parametrize(
    "quote, message",
    [
        ('"British television reported. Moreover, according to CNN"', "runs across paragraphs"),
        ('"Reuters Archive At the end of January Iran"', "runs across paragraphs"),
        ('"Iran"', "fewer than 3 words"),
        ('"Sky News"', "fewer than 3 words"),
    ],
)
def test_a_quote_lies_in_one_paragraph_and_says_something(write_deck, seeds, quote, message):
    text = VALID_DECK.replace(CARTRIDGES_QUOTE, quote)
    problem = only_problem(write_deck(text), seeds)
    assert message in problem.message
    assert (problem.line, problem.column) == position_of(text, quote)


@pytest.mark.parametrize("name", ['"\\u2060"', '"\\u00ad"', '" \\u0301 "'])
def test_an_invisible_name_is_empty(write_deck, seeds, name):
    text = VALID_DECK.replace("name: Belarus", f"name: {name}")
    problem = only_problem(write_deck(text), seeds)
    assert problem.message == "entity name must not be empty"
    assert (problem.line, problem.column) == position_of(text, name)


@pytest.mark.parametrize(
    "value, message",
    [
        (".nan", "finite number, not .nan"),
        (".inf", "finite number, not .inf"),
        ("-.inf", "finite number, not -.inf"),
        ("1e6", "YAML reads 1e6 as text, not a number"),
        ("1:20", "YAML reads 1:20 as 80"),
        ("017", "YAML reads 017 as 15"),
    ],
)
def test_a_quantity_is_the_number_it_looks_like(write_deck, seeds, value, message):
    text = VALID_DECK.replace("value: 100000000,", f"value: {value},")
    problem = only_problem(write_deck(text), seeds)
    assert message in problem.message
    assert (problem.line, problem.column) == position_of(text, f"{value},")


def test_plain_numbers_are_still_quantities(write_deck, seeds):
    for value in ("100_000_000", "1.0e+8", "100000000.0"):
        deck = load_deck(write_deck(VALID_DECK.replace("100000000,", f"{value},")), seeds)
        assert deck.facts[1].object.value == 100000000


@pytest.mark.parametrize("date", ['"2024-06-31"', '"2023-02-29"', '"2024-04-31"'])
def test_a_date_must_be_on_the_calendar(write_deck, seeds, date):
    text = VALID_DECK.replace('date: "2024-06"', f"date: {date}")
    problem = only_problem(write_deck(text), seeds)
    assert "must be a real YYYY, YYYY-MM or YYYY-MM-DD" in problem.message
    assert (problem.line, problem.column) == position_of(text, date)


def test_a_leap_day_is_a_date(write_deck, seeds):
    deck = load_deck(write_deck(VALID_DECK.replace('date: "2024-06"', 'date: "2024-02-29"')), seeds)
    assert deck.facts[0].date == "2024-02-29"


def test_an_impossible_seed_date_is_refused(quiz_command, seeds_copy):
    metadata = seeds_copy / "sources.yaml"
    text = metadata.read_text(encoding="utf-8").replace(
        "    date: 2024-03\n", '    date: "2023-02-29"\n', 1
    )
    metadata.write_text(text, encoding="utf-8")
    result = run(quiz_command, "check", "--seeds", str(seeds_copy))
    assert result.returncode == EXIT_PROBLEMS
    line, column = position_of(text, '"2023-02-29"')
    assert f"{metadata}:{line}:{column}: a seed's date is YYYY" in result.stderr


@pytest.mark.parametrize(
    "old, new, written",
    [
        ("aliases: [Russian Federation]", "aliases: [Russian Federation, NO]", "NO"),
        ("name: Belarus", "name: yes", "yes"),
        ("tags: [belarus, diplomacy]", "tags: [belarus, on]", "on"),
        ("statement: Belarus is Russia's closest ally.", "statement: 1:20", "1:20"),
        ("name: Mini deck", "name: 2024-06-01", "2024-06-01"),
        ("name: Mini deck", "name: 1e6", None),  # YAML 1.1 reads 1e6 as text: nothing to say
    ],
)
def test_yaml_1_1_surprises_get_a_hint_to_quote_the_value(write_deck, seeds, old, new, written):
    text = VALID_DECK.replace(old, new)
    if written is None:
        assert load_deck(write_deck(text), seeds).name == "1e6"
        return
    problem = only_problem(write_deck(text), seeds)
    assert f"(unquoted, YAML reads {written} so: write '{written}' in quotes)" in problem.message
    line, column = position_of(text, new)
    assert (problem.line, problem.column) == (line, column + new.rindex(written))


@pytest.mark.parametrize("alias", ["Belárus", "BELARUS", "Belarus!", "the Belarus"])
def test_an_alias_is_refused_when_an_answer_could_not_tell_it_from_another_name(
    write_deck, seeds, alias
):
    """`Irán` on Syria would make "Iran" a right answer for Syria."""
    text = VALID_DECK.replace("    name: Iran\n", f"    name: Iran\n    aliases: [{alias}]\n")
    problem = only_problem(write_deck(text), seeds)
    assert problem.message == (
        f"'{alias}' is already a name of entity 'belarus' ('Belarus', to an answer): "
        "an answer could not tell them apart"
    )
    assert (problem.line, problem.column) == position_of(text, alias)


def test_an_entitys_own_names_may_differ_by_an_article_or_a_hyphen(write_deck, seeds):
    text = VALID_DECK.replace(
        "aliases: [Russian Federation]", "aliases: [Russian Federation, the Russian Federation]"
    )
    assert load_deck(write_deck(text), seeds).entities["russia"].aliases[1] == (
        "the Russian Federation"
    )


def test_braces_follow_one_rule_in_check_and_lint(write_deck, seeds):
    """A brace in a name is plain text: templates take names as values, so check accepts
    it and lint does not call it unfilled. A placeholder in deck text reads as a template
    left unfilled: check refuses it, as lint reports it in an item."""
    deck = load_deck(write_deck(VALID_DECK.replace("name: Belarus", 'name: "Bela{r}us"')), seeds)
    items = generate([deck], seed=0)
    assert any("Bela{r}us" in item.prompt or "Bela{r}us" in item.options for item in items)
    assert not [v for v in lint_items(deck, items) if "unfilled" in v.message]
    mcq = next(item for item in items if item.kind is Kind.MCQ)
    unfilled = replace(mcq, prompt=mcq.prompt + " {claim}")
    assert [v.message for v in lint_items(deck, [unfilled]) if "unfilled" in v.message] == [
        f"unfilled template text {{claim}} in {unfilled.prompt!r}"
    ]
    text = VALID_DECK.replace("name: Belarus", 'name: "Belarus {object}"')
    problem = only_problem(write_deck(text), seeds)
    assert "holds {object}, which reads as an unfilled template" in problem.message
    assert (problem.line, problem.column) == position_of(text, '"Belarus {object}"')
    assert problems_of(write_deck(text), seeds) == [problem]
