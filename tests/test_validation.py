"""Every kind of bad deck is reported with its file, line and column, all at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import VALID_DECK, position_of

from quiz.decks import load_deck
from quiz.facts import Cardinality, Literal
from quiz.problems import DeckError, Problem


def problems_of(path: Path, seeds) -> list[Problem]:
    with pytest.raises(DeckError) as caught:
        load_deck(path, seeds)
    return caught.value.problems


def only_problem(path: Path, seeds) -> Problem:
    problems = problems_of(path, seeds)
    assert len(problems) == 1, problems
    return problems[0]


def test_valid_deck_loads_into_typed_objects(write_deck, seeds):
    deck = load_deck(write_deck(VALID_DECK), seeds)
    assert deck.id == "mini"
    assert [fact.id for fact in deck.facts] == ["belarus-closest-ally", "iran-cartridges"]
    assert deck.relations["closest_ally_of"].cardinality is Cardinality.MANY_TO_ONE
    cartridges = deck.facts[1]
    assert cartridges.object == Literal(100000000, "about 100 million")
    assert cartridges.attribution == "Sky News"
    assert [source.seed for source in deck.facts[0].sources] == [
        "003_d086366bd84d36cb.txt",
        "002_d28421e8e5b68b5d.txt",
    ]
    assert deck.entities["russia"].names == ("Russia", "Russian Federation")


def test_yaml_syntax_error_has_its_position(write_deck, seeds):
    text = VALID_DECK.replace("tags: [iran, military-aid]", "tags: [iran, military-aid")
    problem = only_problem(write_deck(text), seeds)
    assert "YAML syntax error" in problem.message
    # PyYAML notices the unclosed list at the next key's colon.
    assert (problem.line, problem.column) == position_of(text, ": 3")


def test_top_level_must_be_a_mapping(write_deck, seeds):
    problem = only_problem(write_deck("- just\n- a list\n"), seeds)
    assert (problem.line, problem.column) == (1, 1)
    assert "must be a mapping" in problem.message


def test_unknown_key_is_reported_at_the_key(write_deck, seeds):
    text = VALID_DECK.replace("    difficulty: 3\n", "    difficulty: 3\n    dificulty: 2\n")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "dificulty")
    assert problem.fact_id == "iran-cartridges"
    assert "unknown key 'dificulty'" in problem.message
    assert "did you mean 'difficulty'" in problem.message


def test_missing_key_is_reported_at_its_fact(write_deck, seeds):
    text = VALID_DECK.replace("    statement: Belarus is Russia's closest ally.\n", "")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "id: belarus-closest-ally")
    assert problem.fact_id == "belarus-closest-ally"
    assert "missing required key 'statement'" in problem.message


def test_required_key_without_value(write_deck, seeds):
    text = VALID_DECK.replace("statement: Belarus is Russia's closest ally.", "statement:")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "statement:\n")
    assert "'statement' has no value" in problem.message


def test_wrong_type_is_reported_at_the_value(write_deck, seeds):
    text = VALID_DECK.replace("difficulty: 1", "difficulty: easy")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "easy")
    assert "difficulty must be 1, 2 or 3" in problem.message


def test_duplicate_fact_id(write_deck, seeds):
    text = VALID_DECK.replace("id: iran-cartridges", "id: belarus-closest-ally")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "belarus-closest-ally", 2)
    assert "duplicate fact id" in problem.message


def test_duplicate_entity_id(write_deck, seeds):
    text = VALID_DECK.replace("  - id: iran\n    name: Iran\n", "  - id: belarus\n    name: Iran\n")
    problems = problems_of(write_deck(text), seeds)
    duplicate = [problem for problem in problems if "duplicate entity id" in problem.message]
    assert [(p.line, p.column) for p in duplicate] == [position_of(text, "belarus", 2)]


def test_duplicate_mapping_key(write_deck, seeds):
    text = VALID_DECK.replace("    difficulty: 3\n", "    difficulty: 3\n    difficulty: 2\n")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "difficulty: 2")
    assert "duplicate key 'difficulty'" in problem.message


def test_unknown_entity_and_relation_references(write_deck, seeds):
    text = VALID_DECK.replace("    subject: belarus\n", "    subject: belarrus\n").replace(
        "relation: cartridges_supplied_to_russia\n", "relation: cartridges_supplied\n"
    )
    problems = problems_of(write_deck(text), seeds)
    located = {(p.line, p.column): p.message for p in problems}
    assert (
        "unknown entity 'belarrus' (did you mean 'belarus'?)"
        in located[position_of(text, "belarrus")]
    )
    assert (
        "unknown relation 'cartridges_supplied'"
        in located[position_of(text, "cartridges_supplied\n")]
    )


def test_quote_not_in_seed_shows_closest_passage(write_deck, seeds):
    text = VALID_DECK.replace(
        "Iran has supplied Russia with about 100 million cartridges",
        "Iran has supplied Russia with about 200 million cartridges",
    )
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, '"Iran has supplied')
    assert "quote not found in 001_183e215139b479b5.txt" in problem.message
    assert "about 100 million cartridges" in problem.message


def test_quote_tolerates_only_whitespace_quotes_and_dashes(seeds):
    seed = seeds["000_76016ac37ccd59dc.txt"]
    assert seed.contains('Russia has "more friends"   than "enemies" in the world')
    assert seed.contains("Moscow - With the attack")  # en dash in the article
    assert not seed.contains("Russia has more friends than enemies in the world")


def test_unknown_seed(write_deck, seeds):
    text = VALID_DECK.replace("seed: 001_183e215139b479b5.txt", "seed: 009_nope.txt")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "009_nope.txt")
    assert "no seed article '009_nope.txt'" in problem.message


def test_empty_file(write_deck, seeds):
    problem = only_problem(write_deck("  \n\n"), seeds)
    assert (problem.line, problem.column) == (1, 1)
    assert "empty file" in problem.message


def test_missing_file(tmp_path, seeds):
    problem = only_problem(tmp_path / "absent.yaml", seeds)
    assert problem.message == "file not found"


def test_non_utf8_file_points_at_the_bad_byte(write_deck, seeds):
    raw = VALID_DECK.encode().replace(b"Mini deck", b"Mini d\xe9ck")  # Latin-1 é
    problem = only_problem(write_deck(raw), seeds)
    line, column = position_of(VALID_DECK, "Mini deck")
    assert (problem.line, problem.column) == (line, column + len("Mini d"))
    assert "not valid UTF-8" in problem.message


def test_binary_file(write_deck, seeds):
    problem = only_problem(write_deck(b"deck:\n  id: \x00\x01\x02"), seeds)
    assert (problem.line, problem.column) == (2, 7)
    assert "binary file" in problem.message


def test_unsafe_tag_is_refused_and_never_run(write_deck, seeds, tmp_path):
    marker = tmp_path / "pwned"
    text = VALID_DECK.replace(
        "name: Mini deck",
        f'name: !!python/object/apply:os.system ["touch {marker}"]',
    )
    problems = problems_of(write_deck(text), seeds)
    assert not marker.exists()
    assert (problems[0].line, problems[0].column) == position_of(text, "!!python")
    assert "unsupported YAML tag !!python/object/apply:os.system" in problems[0].message


def test_custom_tag_is_refused(write_deck, seeds):
    text = VALID_DECK.replace("difficulty: 1", "difficulty: !easy 1")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "!easy")


def test_alias_bomb_fails_fast(write_deck, seeds):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    path = write_deck("\n".join(lines) + "\n")
    started = time.perf_counter()
    problems = problems_of(path, seeds)
    assert time.perf_counter() - started < 2
    assert any("alias bomb" in problem.message for problem in problems)


def test_recursive_alias_fails(write_deck, seeds):
    problems = problems_of(write_deck("deck: &loop [*loop]\n"), seeds)
    assert problems


def test_all_problems_in_a_file_are_reported_in_one_run(write_deck, seeds):
    text = (
        VALID_DECK.replace("difficulty: 1", "difficulty: 7")
        .replace("object: russia", "object: moscow")
        .replace('quote: "Belarus, Russia’s closest', 'quote: "Belarus, Russia’s nearest')
        .replace("    attribution: Sky News\n", "    attribution: CNN\n")
    )
    problems = problems_of(write_deck(text), seeds)
    messages = " | ".join(problem.message for problem in problems)
    assert len(problems) == 4, messages
    assert "difficulty must be 1, 2 or 3" in messages
    assert "unknown entity 'moscow'" in messages
    assert "quote not found" in messages
    assert "must carry the attribution ('CNN')" in messages
    assert problems == sorted(problems)


def test_templates_must_not_give_the_answer_away(write_deck, seeds):
    text = VALID_DECK.replace(
        'ask_subject: "Which country is the closest ally of {object}?"',
        'ask_subject: "Is {subject} the closest ally of {object}?"',
    )
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, '"Is {subject}')
    assert "must not contain {subject}" in problem.message


def test_template_with_unknown_placeholder(write_deck, seeds):
    text = VALID_DECK.replace(
        '"{subject} is the closest ally of {object}."', '"{subject} is the closest ally of {obj}."'
    )
    messages = [problem.message for problem in problems_of(write_deck(text), seeds)]
    assert "unknown placeholder '{obj}' in 'statement'" in messages
    assert "template 'statement' must contain {object}" in messages


def test_contested_fact_needs_a_note(write_deck, seeds):
    text = VALID_DECK.replace("    difficulty: 1\n", "    difficulty: 1\n    contested: true\n")
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "true")
    assert "needs a 'note'" in problem.message


def test_functional_relation_cannot_have_two_values(write_deck, seeds):
    second = VALID_DECK.split("facts:\n")[1].split("  - id: iran-cartridges")[0]
    second = second.replace("belarus-closest-ally", "belarus-closest-ally-of-iran").replace(
        "object: russia", "object: iran"
    )
    text = VALID_DECK + second
    problem = only_problem(write_deck(text), seeds)
    assert problem.fact_id == "belarus-closest-ally-of-iran"
    assert "gives 'belarus' a second object" in problem.message
    assert "many-to-one" in problem.message


def test_alias_shared_by_two_entities(write_deck, seeds):
    text = VALID_DECK.replace(
        "aliases: [Russian Federation]", "aliases: [Russian Federation, Iran]"
    )
    problems = problems_of(write_deck(text), seeds)
    assert any("'Iran' is already a name of entity 'russia'" in p.message for p in problems)


def test_unused_entity_is_reported(write_deck, seeds):
    text = VALID_DECK.replace(
        "  - id: iran\n", "  - id: syria\n    name: Syria\n    type: country\n  - id: iran\n"
    )
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "id: syria")
    assert "entity 'syria' is used by no fact" in problem.message


def test_wrong_object_type_for_relation(write_deck, seeds):
    text = VALID_DECK.replace(
        "object: {value: 100000000, display: about 100 million}", "object: russia"
    )
    problem = only_problem(write_deck(text), seeds)
    assert (problem.line, problem.column) == position_of(text, "russia\n    statement: According")
    assert "needs a number" in problem.message


def test_problem_text_names_file_line_column_and_fact(write_deck, seeds):
    text = VALID_DECK.replace("difficulty: 1", "difficulty: 0")
    path = write_deck(text)
    problem = only_problem(path, seeds)
    line, column = position_of(text, "0\n    date")
    assert str(problem) == (
        f"{path}:{line}:{column}: fact belarus-closest-ally: difficulty must be 1, 2 or 3, not 0"
    )
