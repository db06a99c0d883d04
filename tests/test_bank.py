"""The bank's shape, figure by figure, on hand-built items: each test changes one thing."""

from __future__ import annotations

import itertools

from quiz.bank import BankTargets, bank_shape, normalise_stem, render
from quiz.facts import Deck, DeckInfo, Fact
from quiz.items import FALSE, TRUE, Item, Kind


def make_deck(deck_id: str = "mini", facts: tuple[str, ...] = ("a", "b", "c")) -> Deck:
    return Deck(
        info=DeckInfo(id=deck_id, name=deck_id),
        entities={},
        relations={},
        facts=tuple(
            Fact(fact, "s", "r", "o", f"Statement {fact}.", (), 1, "2024", ()) for fact in facts
        ),
    )


_numbers = itertools.count(1)  # unique ids and prompts for every item made


def item(
    kind: Kind,
    *facts: str,
    prompt: str | None = None,
    answer: str = "x",
    deck: str = "mini",
) -> Item:
    number = next(_numbers)
    return Item(
        id=f"{kind}-{number}",
        deck=deck,
        kind=kind,
        direction="object",
        prompt=prompt if prompt is not None else f"Question {number}?",
        answer=answer,
        fact_ids=facts or ("a",),
        difficulty=1,
        sources=(),
    )


def check(shape, target_start: str):
    [found] = [check for check in shape.checks if check.target.startswith(target_start)]
    return found


def test_three_true_false_two_keyed_true_is_66_7_percent_and_not_met():
    items = [item(Kind.TRUE_FALSE, answer=TRUE), item(Kind.TRUE_FALSE, answer=TRUE)]
    items += [item(Kind.TRUE_FALSE, answer=FALSE), item(Kind.MCQ)]
    shape = bank_shape(make_deck(), items)
    assert (shape.true_false, shape.keyed_true) == (3, 2)
    assert round(shape.true_percent, 1) == 66.7
    keyed = check(shape, "true/false 40–60% keyed True")
    assert (keyed.met, keyed.actual) == (False, "66.7%")
    share = check(shape, "true/false ≤ 30%")
    assert (share.met, share.actual) == (False, "75.0%")
    assert "  true/false  3 (75.0% of items), 2 keyed True (66.7%)" in render(shape)


def test_kinds_are_counted_with_their_share_of_all_items():
    items = [item(Kind.MCQ), item(Kind.MCQ), item(Kind.RECALL), item(Kind.CLOZE)]
    shape = bank_shape(make_deck(), items)
    assert shape.kinds[Kind.MCQ] == 2 and shape.kinds[Kind.MATCHING] == 0
    assert shape.to_json()["kinds"]["mcq"] == {"count": 2, "percent": 50.0}
    assert render(shape)[0] == "  kinds       mcq 2 (50.0%), cloze 1 (25.0%), recall 1 (25.0%)"
    assert check(shape, "multiple choice").met  # 50% ≥ 40%


def test_shares_on_the_boundary_meet_their_target():
    """3 of 10 is exactly 30%; 4 of 10 keyed True is exactly 40%, 6 of 10 exactly 60%."""
    three_tf = [item(Kind.TRUE_FALSE, answer=TRUE)] * 2 + [item(Kind.TRUE_FALSE, answer=FALSE)]
    assert check(bank_shape(make_deck(), three_tf + [item(Kind.MCQ)] * 7), "true/false ≤").met
    four_tf = [*three_tf, item(Kind.TRUE_FALSE, answer=FALSE)]
    assert not check(bank_shape(make_deck(), four_tf + [item(Kind.MCQ)] * 6), "true/false ≤").met
    for true in (4, 6):
        keyed = [item(Kind.TRUE_FALSE, answer=TRUE)] * true
        keyed += [item(Kind.TRUE_FALSE, answer=FALSE)] * (10 - true)
        assert check(bank_shape(make_deck(), keyed), "true/false 40–60%").met
    keyed = [item(Kind.TRUE_FALSE, answer=TRUE)] * 7 + [item(Kind.TRUE_FALSE, answer=FALSE)] * 3
    assert not check(bank_shape(make_deck(), keyed), "true/false 40–60%").met


def test_repeated_stems_ignore_case_and_spacing_within_one_deck():
    first = item(Kind.MCQ, "f1", prompt="Who led Russia?")
    again = item(Kind.MCQ, "f2", prompt="  who  led\tRUSSIA? ")
    # The same question with options and typed (one fact, one side) is one question.
    typed = item(Kind.RECALL, "f1", prompt="Who led Russia?")
    assert bank_shape(make_deck(), [first, typed]).repeated_stems == ()
    other = item(Kind.MCQ, prompt="Who led Belarus?")
    elsewhere = item(Kind.MCQ, prompt="Who led Russia?", deck="other")
    shape = bank_shape(make_deck(), [first, again, other, elsewhere])
    [stem] = shape.repeated_stems
    assert (stem.prompt, stem.item_ids) == ("Who led Russia?", (first.id, again.id))
    assert normalise_stem("  who  led\tRUSSIA? ") == "who led russia?"
    repeated = check(shape, "no repeated stems")
    assert (repeated.met, repeated.actual) == (False, "1 repeated")
    assert any("2× Who led Russia?" in line for line in render(shape))


def test_a_fact_asked_in_one_kind_and_a_fact_with_no_item_are_listed():
    items = [item(Kind.MCQ, "a"), item(Kind.RECALL, "a"), item(Kind.MCQ, "b"), item(Kind.MCQ, "b")]
    shape = bank_shape(make_deck(facts=("a", "b", "c")), items)
    assert shape.single_kind_facts == ("b",)
    assert shape.unasked_facts == ("c",)
    data = shape.to_json()
    assert (data["single_kind_facts"], data["unasked_facts"]) == (["b"], ["c"])
    fewer = check(shape, "facts in ≥ 2 kinds")
    assert (fewer.met, fewer.actual) == (False, "1 fewer, 0 only stated")  # c, no item: not counted
    assert "  facts       3: 1 in one kind only (0 can only be stated), 1 with no item" in render(
        shape
    )
    verbose = render(shape, verbose=True)
    assert "    one kind  b" in verbose and "    no item   c" in verbose
    assert "    one kind  b" not in render(shape)


def test_a_fact_the_deck_can_only_state_is_asked_as_far_as_the_knowledge_allows():
    """One statement is all the generator can honestly make of some facts: asked so,
    they meet the target; a fact asked in one kind that could be asked in more does not."""
    statements = [item(Kind.TRUE_FALSE, "b", answer=TRUE), item(Kind.TRUE_FALSE, "c", answer=TRUE)]
    items = [item(Kind.MCQ, "a"), item(Kind.RECALL, "a"), *statements]
    only_b = bank_shape(make_deck(facts=("a", "b", "c")), items, stated_only={"b"})
    assert only_b.stated_only == ("b",) and only_b.few_kinds_facts == ("c",)
    assert check(only_b, "facts in ≥ 2 kinds").actual == "1 fewer, 1 only stated"
    assert not check(only_b, "facts in ≥ 2 kinds").met
    both = bank_shape(make_deck(facts=("a", "b", "c")), items, stated_only={"b", "c"})
    assert check(both, "facts in ≥ 2 kinds").met
    assert both.to_json()["stated_only_facts"] == ["b", "c"]
    verbose = render(both, verbose=True)
    assert "    only stated b, c" in verbose
    assert not any(line.startswith("    one kind") for line in verbose)
    # a fact the deck could only state but asked two ways is no longer listed
    asked = bank_shape(make_deck(facts=("a",)), items[:2], stated_only={"a"})
    assert asked.stated_only == () and check(asked, "facts in ≥ 2 kinds").met


def test_items_per_fact_and_the_histogram_of_kinds_per_fact():
    """A matching item counts once for each of its facts."""
    items = [item(Kind.MCQ, "a"), item(Kind.RECALL, "a"), item(Kind.CLOZE, "a")]
    items += [item(Kind.MATCHING, "a", "b"), item(Kind.MATCHING, "b", "c")]
    shape = bank_shape(make_deck(facts=("a", "b", "c", "d")), items)
    assert shape.items_per_fact == {"a": 4, "b": 2, "c": 1, "d": 0}
    assert shape.per_fact == (0, 1.5, 4)
    assert shape.kind_histogram == {0: 1, 1: 2, 4: 1}
    lines = render(shape)
    assert "  per fact    items min 0, median 1.5, max 4" in lines
    assert "              0 kinds: 1, 1 kind: 2, 4 kinds: 1" in lines


def test_a_deck_s_own_counts_are_checked_only_in_its_report():
    items = [item(Kind.MATCHING, deck="russia-allies")] * 10
    items += [item(Kind.SELECT_ALL, deck="russia-allies")] * 9
    shape = bank_shape(make_deck("russia-allies"), items)
    assert check(shape, "matching ≥ 10").met
    select_all = check(shape, "select_all ≥ 10")
    assert (select_all.met, select_all.actual) == (False, "9")
    mini = bank_shape(make_deck(), [item(Kind.MCQ)])
    assert not [c for c in mini.checks if c.target.startswith(("matching", "select_all"))]


def test_pooled_decks_name_facts_by_deck_and_skip_deck_counts():
    items = [item(Kind.MCQ, "a", prompt="Same?"), item(Kind.MCQ, "a", prompt="Same?", deck="two")]
    shape = bank_shape([make_deck(), make_deck("russia-allies"), make_deck("two")], items)
    assert shape.deck == "all" and shape.facts == 9
    assert "two/a" in shape.single_kind_facts and "russia-allies/a" in shape.unasked_facts
    assert shape.repeated_stems == ()  # the same wording in two decks is not a repeat
    assert not [c for c in shape.checks if c.target.startswith("matching")]


def test_a_balanced_bank_meets_every_target_and_custom_targets_apply():
    items = [item(Kind.MCQ, fact) for fact in "abca"] + [item(Kind.RECALL, fact) for fact in "abc"]
    items += [item(Kind.TRUE_FALSE, "a", answer=TRUE), item(Kind.TRUE_FALSE, "b", answer=FALSE)]
    shape = bank_shape(make_deck(), items)
    assert shape.targets_met, [c for c in shape.checks if not c.met]
    assert shape.to_json()["targets_met"] is True
    strict = bank_shape(make_deck(), items, BankTargets(max_true_false_percent=20))
    assert not strict.targets_met
    assert any(
        line.endswith("NOT MET  true/false ≤ 20% of items (22.2%)") for line in render(strict)
    )


def test_the_report_fits_80_columns():
    long = "Which of these " + "very " * 30 + "long things?"
    items = [item(Kind.MCQ, fact, prompt=long) for fact in "abc"]
    items += [item(kind) for kind in Kind]
    shape = bank_shape(make_deck(facts=tuple(f"fact-number-{n}" for n in range(40))), items)
    for verbose in (False, True):
        assert max(len(line) for line in render(shape, verbose=verbose)) <= 80
