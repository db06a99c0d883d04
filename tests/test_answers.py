"""Typed-answer checking: forgiving about form, strict about meaning."""

from __future__ import annotations

import pytest

from quiz.answers import Grade, check_answer, normalise_answer

LUKASHENKO = ["Alexander Lukashenko", "Lukashenko", "Aleksandr Lukashenko", "Lukashenka"]


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("  The United States! ", "united states"),
        ("Tô Lâm", "to lam"),
        ("Kim Jong-un", "kim jong un"),
        ("an Iranian drone", "iranian drone"),
        ("Russia's", "russias"),
    ],
)
def test_normalise(given, normalised):
    assert normalise_answer(given) == normalised


@pytest.mark.parametrize("given", ["lukashenko", "ALEXANDER LUKASHENKO", "Lukashenka"])
def test_every_alias_in_any_case_is_correct(given):
    verdict = check_answer(given, LUKASHENKO)
    assert verdict.grade is Grade.CORRECT
    assert verdict.expected == "Alexander Lukashenko"


def test_accents_and_articles_do_not_matter():
    assert check_answer("to lam", ["Tô Lâm"]).grade is Grade.CORRECT
    assert check_answer("the Wagner Group", ["Wagner Group"]).grade is Grade.CORRECT


def test_near_miss_is_correct_with_a_spelling_warning():
    verdict = check_answer("Lukashenco", LUKASHENKO)
    assert verdict.grade is Grade.MISSPELT
    assert verdict.correct
    assert verdict.matched == "Lukashenko"


def test_short_names_forgive_no_typo():
    assert check_answer("Iraq", ["Iran"]).grade is Grade.WRONG


def test_another_entity_name_is_wrong_however_close():
    # "Austria" is within the typo allowance of "Australia" but is another entity.
    assert check_answer("Austria", ["Australia"], rivals=["Austria"]).grade is Grade.WRONG
    verdict = check_answer("Syria", ["Serbia"], rivals=["Syria"])
    assert verdict.grade is Grade.WRONG
    assert verdict.expected == "Serbia"


def test_typo_closer_to_a_rival_is_not_forgiven():
    accepted = ["Nicaragua"]
    assert check_answer("Nicaragu", accepted).grade is Grade.MISSPELT
    assert check_answer("Nicaragu", accepted, rivals=["Nicaragus"]).grade is Grade.WRONG


def test_quantities_match_by_value():
    accepted = ["about 100 million"]
    assert check_answer("100 million", accepted).grade is Grade.CORRECT
    assert check_answer("100,000,000", accepted).grade is Grade.CORRECT
    assert check_answer("200 million", accepted).grade is Grade.WRONG


def test_empty_answer_is_wrong():
    assert check_answer("   ", ["Belarus"]).grade is Grade.WRONG
