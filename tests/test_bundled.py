"""The shipped decks and articles: they load, every quote is verbatim, every seed is used."""

from __future__ import annotations

import hashlib

import pytest

from quiz import resources
from quiz.decks import load_decks
from quiz.problems import DeckError
from quiz.seeds import SeedLibrary
from quiz.yamldoc import parse, read_text


@pytest.fixture(scope="module")
def decks(seeds):
    return {deck.id: deck for deck in load_decks(seeds=seeds)}


def test_bundled_decks_load(decks):
    assert {"russia-allies", "who-said-it"} <= decks.keys()


def test_main_deck_has_at_least_40_facts_from_all_five_articles(decks, seeds):
    deck = decks["russia-allies"]
    assert len(deck.facts) >= 40
    cited = {source.seed for fact in deck.facts for source in fact.sources}
    assert cited == {seed.file for seed in seeds}
    assert len(seeds) == 5


def test_every_quote_is_a_verbatim_span_of_its_seed(decks, seeds):
    for deck in decks.values():
        for fact in deck.facts:
            for source in fact.sources:
                assert seeds[source.seed].contains(source.quote), (fact.id, source.quote)


def test_attributed_facts_say_who_claims_them(decks):
    attributed = [fact for deck in decks.values() for fact in deck.facts if fact.attribution]
    assert attributed
    for fact in attributed:
        assert fact.attribution.casefold() in fact.statement.casefold(), fact.id


def test_contested_facts_explain_the_disagreement(decks):
    contested = [fact for fact in decks["russia-allies"].facts if fact.contested]
    assert len(contested) >= 2
    assert all(fact.note for fact in contested)


def test_seed_metadata_names_every_article(seeds):
    metadata = parse(read_text(resources.seeds_dir() / "sources.yaml"), "sources.yaml").data
    listed = {entry["file"] for entry in metadata["sources"]}
    on_disk = {path.name for path in resources.seeds_dir().glob("*.txt")}
    assert listed == on_disk
    for seed in seeds:
        assert seed.title and seed.date[:4] in {"2023", "2024", "2025"}


def test_seeds_are_unchanged_since_collection():
    metadata = parse(read_text(resources.seeds_dir() / "sources.yaml"), "sources.yaml").data
    for entry in metadata["sources"]:
        raw = (resources.seeds_dir() / entry["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"], entry["file"]


def test_a_changed_seed_is_refused(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in resources.seeds_dir().iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    article = folder / "004_784c8384e681ffd9.txt"
    article.write_bytes(article.read_bytes().replace(b"friends", b"fiends", 1))
    with pytest.raises(DeckError) as caught:
        SeedLibrary.load(folder)
    [problem] = caught.value.problems
    assert problem.file == str(article)
    assert "has changed since it was collected" in problem.message


def test_main_deck_covers_every_article_in_depth(decks, seeds):
    deck = decks["russia-allies"]
    assert len(deck.facts) >= 150
    per_seed = {seed.file: 0 for seed in seeds}
    for fact in deck.facts:
        for source in fact.sources:
            per_seed[source.seed] += 1
    assert min(per_seed.values()) >= 15, per_seed


def test_no_two_facts_share_a_statement(decks):
    for deck in decks.values():
        statements = [" ".join(fact.statement.casefold().split()) for fact in deck.facts]
        assert len(statements) == len(set(statements))


def test_every_fact_has_the_tags_the_deck_promises(decks):
    for deck in decks.values():
        for fact in deck.facts:
            article_tags = {tag for tag in fact.tags if tag.startswith("article-")}
            cited = {f"article-{source.seed[:3]}" for source in fact.sources}
            assert article_tags == cited, fact.id
