"""Anki export, checked with Anki's own library: what a learner's Anki imports and shows."""

from __future__ import annotations

import dataclasses
import errno
import html
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from conftest import VALID_DECK

from quiz import resources
from quiz.decks import load_deck, load_decks
from quiz.export.anki import (
    AnkiExport,
    article_tag,
    build_package,
    deck_id,
    deck_name,
    export_anki,
    note_guid,
    readable_date,
)
from quiz.export.anki_notetypes import CLOZE_ID, MULTIPLE_CHOICE_ID, RECALL_ID, TYPE_IN_ID
from quiz.export.files import ExportError, OutputExists
from quiz.facts import Deck
from quiz.generate import BLANK, generate
from quiz.items import Item, Kind

# The released note types. Anki stops updating the notes of a note type whose
# fields or templates changed under the same id: change them only with a new id.
FROZEN_NOTE_TYPES = {
    RECALL_ID: (
        "quiz Recall v1",
        ["Question", "Answer", "Accepted", "Explanation", "Source", "Add type-in card"],
        ["Recall", "Type the answer"],
    ),
    MULTIPLE_CHOICE_ID: (
        "quiz Multiple choice v1",
        ["Question", "Options", "Correct", "Answer", "Explanation", "Source"],
        ["Multiple choice"],
    ),
    CLOZE_ID: ("quiz Cloze v1", ["Text", "Explanation", "Source"], ["Cloze"]),
    TYPE_IN_ID: (
        "quiz Type-in v1",
        ["Question", "Answer", "Accepted", "Explanation", "Source"],
        ["Type the answer"],
    ),
}
UNRENDERED = re.compile(r"\{\{|\}\}")


def open_collection(path: Path) -> Collection:
    return Collection(str(path))


def import_package(collection: Collection, package: Path):
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions()
    )
    return collection.import_anki_package(request).log


def visible_text(rendered: str) -> str:
    """What the card shows as text: no stylesheet, no tags, entities decoded."""
    body = re.sub(r"<style>.*?</style>", "", rendered, flags=re.DOTALL)
    body = re.sub(r"</?span[^>]*>", "", body)  # inline: no space in its place
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def squeeze(text: str) -> str:
    return " ".join(text.split())


def note_id(collection: Collection, item: Item) -> int:
    return collection.db.scalar("select id from notes where guid = ?", note_guid(item))


def cards_of(collection: Collection, item: Item) -> list:
    """The item's cards: its note's, then its type-in note's (`--type-in`), if any."""
    cards = collection.get_note(note_id(collection, item)).cards()
    type_in = collection.db.scalar(
        "select id from notes where guid = ?", f"{note_guid(item)}:type-in"
    )
    return cards + (collection.get_note(type_in).cards() if type_in else [])


def is_type_in(card) -> bool:
    return card.note_type()["id"] == TYPE_IN_ID


def answers_of(item: Item) -> tuple[str, ...]:
    return item.answer if isinstance(item.answer, tuple) else (str(item.answer),)


@dataclass
class Imported:
    decks: list[Deck]
    items: list[Item]
    result: AnkiExport
    collection: Collection
    log: Any


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, seeds) -> Iterator[Imported]:
    """Every kind of item of the bundled decks, with type-in cards, imported once."""
    folder = tmp_path_factory.mktemp("anki")
    decks = load_decks(seeds=seeds)
    items = generate(decks, seed=3)
    result = export_anki(decks, items, seeds, folder / "bundled.apkg", type_in=True)
    collection = open_collection(folder / "collection.anki2")
    log = import_package(collection, folder / "bundled.apkg")
    yield Imported(decks, items, result, collection, log)
    collection.close()


def test_import_counts_decks_and_note_types(bundled):
    decks, items, collection = bundled.decks, bundled.items, bundled.collection
    result, log = bundled.result, bundled.log
    recalls = sum(item.kind is Kind.RECALL for item in items)
    assert {item.kind for item in items} == set(Kind)
    assert len(log.new) == len(items) + recalls == result.notes
    assert not log.updated and not log.duplicate and not log.conflicting
    assert collection.note_count() == len(items) + recalls
    assert collection.card_count() == len(items) + recalls == result.cards
    names = {entry.name for entry in collection.decks.all_names_and_ids()} - {"Default"}
    assert names == {deck.name for deck in decks} == set(result.decks)
    for model_id, (name, fields, templates) in FROZEN_NOTE_TYPES.items():
        note_type = collection.models.get(model_id)
        assert note_type is not None, name
        assert note_type["name"] == name
        assert [field["name"] for field in note_type["flds"]] == fields
        assert [template["name"] for template in note_type["tmpls"]] == templates


def test_every_note_is_tagged_and_in_its_deck(bundled, seeds):
    decks, items, collection = bundled.decks, bundled.items, bundled.collection
    names = {deck.id: deck.name for deck in decks}
    for item in items:
        note = collection.get_note(note_id(collection, item))
        own = {tag for tag in item.tags if not re.fullmatch(r"article-\d+", tag)}
        expected = {*own, f"kind::{item.kind.value}", f"difficulty::{item.difficulty}"}
        expected |= {
            article_tag(seeds[source.seed].title, seeds[source.seed].date)
            for source in item.sources
        }
        assert set(note.tags) == expected, item.id
        assert all(" " not in tag for tag in note.tags)
        for card in cards_of(collection, item):
            assert collection.decks.name(card.did) == names[item.deck]


def test_every_card_renders_its_item_and_sources(bundled, seeds):
    items, collection = bundled.items, bundled.collection
    for item in items:
        cards = cards_of(collection, item)
        assert len(cards) == (2 if item.kind is Kind.RECALL else 1), item.id
        for card in cards:
            note = card.note()
            question, answer = card.question(), card.answer()
            assert not UNRENDERED.search(question) and not UNRENDERED.search(answer), item.id
            front, back = visible_text(question), visible_text(answer)
            if item.kind is Kind.CLOZE:
                assert squeeze(item.prompt.replace(BLANK, "[...]")) in front
                assert squeeze(item.prompt.replace(BLANK, str(item.answer))) in back
            else:
                assert squeeze(item.prompt) in front and squeeze(item.prompt) in back
            if is_type_in(card):  # Anki's reviewer fills in the box
                assert "[[type:Answer]]" in question and "[[type:Answer]]" in answer
                verdict = collection.compare_answer(note["Answer"], str(item.answer))
                assert "typeGood" in verdict and "typeBad" not in verdict, item.id
            if item.kind in (Kind.MCQ, Kind.TRUE_FALSE, Kind.SELECT_ALL):
                for option in item.options:
                    assert squeeze(option) in front
                marked = re.search(r'data-correct="([A-H ]+)"', answer)
                assert marked, item.id
                chosen = {item.options["ABCDEFGH".index(letter)] for letter in marked[1].split()}
                assert chosen == set(answers_of(item))
            elif item.kind is Kind.MATCHING:
                for left, right in item.answer:
                    assert squeeze(f"{left} → {right}") in back
            elif not is_type_in(card):
                assert str(item.answer) in back
            if item.kind is Kind.RECALL:
                for alias in item.accepted:
                    assert alias.casefold() == str(item.answer).casefold() or alias in back
            if item.explanation and item.kind is not Kind.CLOZE:
                assert squeeze(item.explanation) in back
            for source in item.sources:
                assert squeeze(source.quote) in back
                assert squeeze(seeds[source.seed].title) in back
                assert readable_date(seeds[source.seed].date) in back
            assert "<blockquote>" not in question, "the source belongs on the back"


def test_reworded_fact_updates_its_notes_in_place(tmp_path, seeds):
    data = yaml.safe_load((resources.decks_dir() / "russia-allies.yaml").read_text("utf-8"))
    copy = tmp_path / "russia-allies.yaml"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    deck = load_deck(copy, seeds)
    items = generate([deck], kinds=[Kind.CLOZE, Kind.RECALL, Kind.MCQ])
    cloze = next(item for item in items if item.kind is Kind.CLOZE)
    fact = next(fact for fact in data["facts"] if fact["id"] == cloze.fact_ids[0])
    old_statement = fact["statement"]
    first = tmp_path / "first.apkg"
    export_anki([deck], items, seeds, first, timestamp=1_700_000_000)
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, first)
        collection.decks.select(collection.decks.id_for_name(deck.name))
        studied = collection.sched.getCard()
        collection.sched.answerCard(studied, 3)
        cards_before = sorted(collection.find_cards(""))
        fact["statement"] = old_statement.rstrip(".") + ", as the articles report."
        copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        reworded = load_deck(copy, seeds)
        new_items = generate([reworded], kinds=[Kind.CLOZE, Kind.RECALL, Kind.MCQ])
        assert {item.id for item in new_items} == {item.id for item in items}
        second = tmp_path / "second.apkg"
        export_anki([reworded], new_items, seeds, second, timestamp=1_700_000_060)
        log = import_package(collection, second)
        assert not log.new and not log.conflicting
        assert len(log.updated) == len(items)
        assert collection.note_count() == len(items)
        assert sorted(collection.find_cards("")) == cards_before
        text = collection.get_note(note_id(collection, cloze))["Text"]
        assert "as the articles report." in text and old_statement not in html.unescape(text)
        studied.load()
        assert studied.reps == 1, "review history survives the update"
    finally:
        collection.close()


def test_markup_in_a_deck_shows_as_text(tmp_path, seeds):
    statement = (
        "Belarus is Russia's closest ally <script>alert(1)</script> {{c2::really}} {{c1::x}} "
        "[[type:Answer]] [sound:x.mp3]."
    )
    explanation = "Not a field: {{Source}} & <img src=x onerror=alert(1)>"
    text = VALID_DECK.replace(
        "statement: Belarus is Russia's closest ally.",
        f"statement: {json.dumps(statement)}\n    explanation: {json.dumps(explanation)}",
    ).replace("aliases: [Russian Federation]", "aliases: [Russian Federation, <b>Rossiya</b>]")
    path = tmp_path / "markup.yaml"
    path.write_text(text, encoding="utf-8")
    deck = load_deck(path, seeds)
    items = [item for item in generate([deck]) if item.fact_ids == ("belarus-closest-ally",)]
    # Belarus's one closest ally has no rival in the deck's role, so no wrong option:
    # the fact is a cloze and a recall (test_every_card_renders_its_item_and_sources
    # renders every note type).
    assert {Kind.CLOZE, Kind.RECALL} <= {item.kind for item in items}
    export_anki([deck], items, seeds, tmp_path / "markup.apkg", type_in=True)
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        import_package(collection, tmp_path / "markup.apkg")
        for item in items:
            cards = cards_of(collection, item)
            assert len(cards) == (2 if item.kind is Kind.RECALL else 1), item.kind
            for card in cards:
                rendered = card.question() + card.answer()
                for markup in ("<script", "<img", "<b>", "[anki:play"):
                    assert markup not in rendered, (item.kind, markup)
                assert not UNRENDERED.search(rendered)
                assert rendered.count("[[type:") == (2 if is_type_in(card) else 0)
                shown = visible_text(card.answer())
                assert explanation in shown
                if item.kind is Kind.CLOZE:
                    assert statement in shown
                if item.kind is Kind.RECALL and item.direction == "object":
                    assert "<b>Rossiya</b>" in shown
    finally:
        collection.close()


def test_ids_are_stable_and_derived(seeds):
    decks = load_decks(seeds=seeds)
    items = generate(decks, seed=1)
    reseeded = {item.id: item for item in generate(decks, seed=2)}
    assert all(note_guid(item) == note_guid(reseeded[item.id]) for item in items)
    assert len({note_guid(item) for item in items}) == len(items)
    ids = [deck_id(deck_name(deck)) for deck in decks]
    assert ids == [deck_id(deck_name(deck)) for deck in load_decks(seeds=seeds)]
    assert len(set(ids)) == len(ids) and all(1 << 30 <= id_ < 1 << 31 for id_ in ids)
    assert article_tag("Who Are Russia’s Friends Amid the War in Ukraine?", "2023-03") == (
        "article::2023-03-who-are-russias-friends-amid-the-war-in-ukraine"
    )
    assert [readable_date(d) for d in ("2024", "2024-03", "2024-06-05", "spring")] == [
        "2024",
        "March 2024",
        "5 June 2024",
        "spring",
    ]


@pytest.fixture
def mini(tmp_path, seeds):
    path = tmp_path / "mini.yaml"
    path.write_text(VALID_DECK, encoding="utf-8")
    deck = load_deck(path, seeds)
    return deck, generate([deck])


def test_existing_file_is_kept_unless_replacing(tmp_path, seeds, mini):
    deck, items = mini
    target = tmp_path / "mini.apkg"
    target.write_bytes(b"earlier export")
    with pytest.raises(OutputExists):
        export_anki([deck], items, seeds, target)
    assert target.read_bytes() == b"earlier export"
    result = export_anki([deck], items, seeds, target, replace=True)
    assert result.notes == len(items)
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        assert archive.read("media") == b"{}"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mini.apkg", "mini.yaml"]


def test_a_failed_write_leaves_nothing_half_written(tmp_path, seeds, mini, monkeypatch):
    deck, items = mini
    target = tmp_path / "mini.apkg"
    target.write_bytes(b"earlier export")

    def disk_full(self, *args, **kwargs):
        self.fp.write(b"PK partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", disk_full)
    with pytest.raises(ExportError, match="disk full"):
        export_anki([deck], items, seeds, target, replace=True)
    assert target.read_bytes() == b"earlier export"
    with pytest.raises(ExportError):
        export_anki([deck], items, seeds, tmp_path / "new.apkg")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mini.apkg", "mini.yaml"]


# -- packages Anki takes whole, in a good order (issue 13) --------------------------


def front_is_blank(card) -> bool:
    return "front-of-card-is-blank" in card.question() or not visible_text(card.question())


def test_control_characters_colons_and_braces_still_give_cards(tmp_path, seeds, mini):
    """U+001F separates an Anki note's fields: one in any text made Anki refuse the
    package. ":::" in a deck name left "::" (a subdeck); a cloze answer holding
    "{{c1::…}}" gave a note with no cards."""
    deck, items = mini
    info = dataclasses.replace(deck.info, name="Allies ::: part\x1f 2")
    deck = dataclasses.replace(deck, info=info)
    odd = [
        dataclasses.replace(item, prompt=item.prompt + " \x1f\x01", explanation="why\x1f")
        for item in items
    ]
    cloze = next(item for item in items if item.kind is Kind.CLOZE)
    answer = str(cloze.answer)
    braced = dataclasses.replace(
        cloze,
        id="cloze-braced",
        answer="{{c1::" + answer + "}}",
        accepted=("{{c1::" + answer + "}}",),
        cloze=cloze.cloze.replace("{{c1::" + answer + "}}", "{{c1::{{c1::" + answer + "}}}}"),
    )
    result = export_anki([deck], [*odd, braced], seeds, tmp_path / "odd.apkg", type_in=True)
    assert result.decks == ("Allies : part\ufffd 2",)
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        log = import_package(collection, tmp_path / "odd.apkg")
        assert len(log.new) == result.notes and not log.conflicting
        assert {e.name for e in collection.decks.all_names_and_ids()} - {"Default"} == {
            "Allies : part\ufffd 2"
        }
        for item in [*odd, braced]:
            cards = cards_of(collection, item)
            assert cards, item.id
            assert not any(front_is_blank(card) for card in cards), item.id
        back = visible_text(cards_of(collection, braced)[0].answer())
        assert "{{c1::" + answer + "}}" in back
    finally:
        collection.close()


def test_a_later_export_without_type_in_leaves_no_card_blank(tmp_path, seeds, mini):
    deck, items = mini
    collection = open_collection(tmp_path / "collection.anki2")
    try:
        export_anki([deck], items, seeds, tmp_path / "a.apkg", type_in=True, timestamp=1.7e9)
        import_package(collection, tmp_path / "a.apkg")
        export_anki([deck], items, seeds, tmp_path / "b.apkg", timestamp=1.7e9 + 60)
        import_package(collection, tmp_path / "b.apkg")
        cards = [collection.get_card(card) for card in collection.find_cards("")]
        assert any(is_type_in(card) for card in cards)
        assert not [card.id for card in cards if front_is_blank(card)]
    finally:
        collection.close()


def test_new_cards_of_one_fact_never_follow_each_other(seeds):
    decks = load_decks(seeds=seeds)
    items = generate(decks, seed=0, kinds=list(Kind))
    by_guid = {note_guid(item): item for item in items}
    for deck in build_package(decks, items, seeds).decks:
        ordered = [by_guid[note.guid] for note in sorted(deck.notes, key=lambda note: note.due)]
        assert [item.difficulty for item in ordered] == sorted(i.difficulty for i in ordered)
        shared = [
            (a.id, b.id)
            for a, b in itertools.pairwise(ordered)
            if set(a.fact_ids) & set(b.fact_ids)
        ]
        assert not shared, deck.name


def test_a_killed_exports_temporary_file_goes_with_the_next_export(tmp_path, seeds, mini):
    deck, items = mini
    leftover = tmp_path / ".mini.apkg.0badf00d.part"
    leftover.write_bytes(b"PK half")
    export_anki([deck], items, seeds, tmp_path / "mini.apkg")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mini.apkg", "mini.yaml"]
