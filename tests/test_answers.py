"""Typed-answer checking: forgiving about form, strict about meaning."""

from __future__ import annotations

import pytest

from quiz.answers import Grade, accepted_forms, check_answer, exact_match_gaps, normalise_answer

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


# -- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected"), [("seven", "7"), ("7", "seven"), ("one", "1")])
def test_numbers_in_words_or_digits_are_equal(given, expected):
    assert check_answer(given, [expected]).grade is Grade.CORRECT


@pytest.mark.parametrize("given", ["100 million", "one hundred million", "100000000"])
def test_a_bare_number_is_right_for_an_approximate_one(given):
    assert check_answer(given, ["about 100 million"]).grade is Grade.CORRECT


@pytest.mark.parametrize(
    ("given", "grade"),
    [
        ("12 million", Grade.CORRECT),
        ("$12 million", Grade.CORRECT),
        ("more than 12 million", Grade.CORRECT),
        ("over twelve million", Grade.CORRECT),
        ("at least $12,000,000", Grade.CORRECT),
        ("less than 12 million", Grade.WRONG),  # contradicts the qualifier
        ("nearly 12 million", Grade.WRONG),
        ("more than 13 million", Grade.WRONG),
        ("more than €12 million", Grade.WRONG),  # another currency
    ],
)
def test_a_qualifier_may_be_left_out_but_not_contradicted(given, grade):
    assert check_answer(given, ["more than $12 million"]).grade is grade


def test_a_number_in_a_name_forgives_no_typo():
    assert check_answer("Apollo 13", ["Apollo 11"]).grade is Grade.WRONG


# -- dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given", ["24 February 2022", "Feb 24, 2022", "2022-02-24", "24/02/2022", "on 24 Feb 2022"]
)
def test_a_day_in_any_common_form_is_right(given):
    assert check_answer(given, ["24 February 2022"]).grade is Grade.CORRECT


@pytest.mark.parametrize(
    ("given", "expected", "grade"),
    [
        ("February 2022", "24 February 2022", Grade.WRONG),  # too vague for a day
        ("25 February 2022", "24 February 2022", Grade.WRONG),
        ("June 2022", "December 2022", Grade.WRONG),  # the year alone is not enough
        ("May 2024", "March 2024", Grade.WRONG),
        ("2024", "March 2024", Grade.WRONG),
        ("4 March 2024", "March 2024", Grade.CORRECT),  # a fuller date, still right
        ("2024-03", "in March 2024", Grade.CORRECT),
        ("24 February 2022", "2022", Grade.CORRECT),
    ],
)
def test_dates_are_judged_at_the_expected_precision(given, expected, grade):
    assert check_answer(given, [expected]).grade is grade


def test_an_ambiguous_numeric_date_is_not_read_as_a_date():
    # 02/03/2022 is 2 March in Britain and 3 February in the United States.
    assert check_answer("02/03/2022", ["2 March 2022"]).grade is Grade.WRONG
    assert check_answer("02/03/2022", ["3 February 2022"]).grade is Grade.WRONG


# -- names that belong to someone else ------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Prussia", "Russia"),  # a real state, and the first letter differs
        ("Kim Jong-il", "Kim Jong-un"),  # his father: two edits in a two-letter word
        ("Kim Jongil", "Kim Jong-un"),
        ("South Korea", "North Korea"),
        ("Niger", "Nigeria"),
    ],
)
def test_a_real_name_is_never_a_typo_of_another(given, expected):
    assert check_answer(given, [expected]).grade is Grade.WRONG


@pytest.mark.parametrize(
    ("given", "expected"),
    [("Pyongyan", "Pyongyang"), ("Lukashneko", "Lukashenko"), ("Pyong yang", "Pyongyang")],
)
def test_slips_in_a_name_are_still_forgiven(given, expected):
    verdict = check_answer(given, [expected])
    assert verdict.grade is Grade.MISSPELT
    assert verdict.matched == expected


def test_another_name_of_the_same_country_is_right():
    assert check_answer("Russian Federation", ["Russia"]).grade is Grade.CORRECT


# -- forms for exact-matching platforms -------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "forms"),
    [
        (["7"], ("7", "seven")),
        (["March 2024"], ("March 2024", "Mar 2024", "2024-03")),
        (["2022"], ("2022",)),
        (["Kim Jong-un", "Kim Jong Un"], ("Kim Jong-un", "Kim Jong Un")),
        (["Tô Lâm"], ("Tô Lâm", "to lam")),
    ],
)
def test_accepted_forms_lists_exactly_these(accepted, forms):
    assert accepted_forms(accepted) == forms


def test_accepted_forms_of_an_amount_with_and_without_its_qualifier():
    forms = accepted_forms(["more than $12 million", "more than 12 million dollars"])
    assert forms[0] == "more than $12 million"
    for form in ["12 million", "$12,000,000", "12000000", "twelve million", "more than 12,000,000"]:
        assert form in forms
    assert "$twelve million" not in forms
    assert all(check_answer(form, ["more than $12 million"]).correct for form in forms)


def test_accepted_forms_of_a_day_are_all_accepted():
    forms = accepted_forms(["24 February 2022"])
    assert {"February 24, 2022", "2022-02-24", "24 Feb 2022", "24/02/2022"} <= set(forms)
    assert all(check_answer(form, ["24 February 2022"]).grade is Grade.CORRECT for form in forms)


def test_exact_match_gaps_say_what_a_list_cannot_hold():
    assert "typos" in exact_match_gaps(["Lukashenko"])
    assert "fuller date" in exact_match_gaps(["March 2024"])
    assert exact_match_gaps(["Iran"]) is None  # no typo allowance, every form listed
