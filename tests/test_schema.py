"""The deck format's JSON Schema: shipped, equal to the models the loader uses, and
what a third-party validator (jsonschema) accepts and refuses as an editor would."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import VALID_DECK
from test_cli import run

from quiz import resources
from quiz.decks import load_deck
from quiz.problems import DeckError
from quiz.schema import json_schema, schema_text

SCHEMA_FILE = resources.decks_dir() / "deck.schema.json"
MODELINE = "# yaml-language-server: $schema=deck.schema.json"


def as_an_editor_reads(path_or_text: Path | str) -> Any:
    """A deck's data as YAML 1.2 reads it (editors do): `2024-06-01` stays text."""
    text = path_or_text if isinstance(path_or_text, str) else path_or_text.read_text("utf-8")

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value.isoformat() if isinstance(value, datetime.date) else value

    return plain(yaml.safe_load(text))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_shipped_schema_is_the_one_the_loader_uses():
    """Editors check decks against this file; it must say what the models say."""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema(), (
        "regenerate it: quiz schema -o decks/deck.schema.json"
    )


def test_quiz_schema_writes_the_shipped_schema(quiz_command, tmp_path):
    result = run(quiz_command, "schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()
    target = tmp_path / "deck.schema.json"
    assert run(quiz_command, "schema", "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("deck", resources.bundled_deck_files(), ids=lambda path: path.name)
def test_bundled_decks_name_the_schema_and_pass_it(validator, deck):
    """The modeline's relative path resolves beside the deck, in a checkout or a wheel."""
    assert deck.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert (deck.parent / "deck.schema.json").is_file()
    errors = validator.iter_errors(as_an_editor_reads(deck))
    assert [f"{list(error.absolute_path)}: {error.message}" for error in errors] == []


def test_the_test_deck_passes_the_schema(validator):
    assert list(validator.iter_errors(as_an_editor_reads(VALID_DECK))) == []


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("    difficulty: 3\n", "    difficulty: 3\n    dificulty: 2\n", ["facts", 1]),
        ("    statement: Belarus is Russia's closest ally.\n", "", ["facts", 0]),
        ("    difficulty: 3\n", "    difficulty: 5\n", ["facts", 1, "difficulty"]),
        ("cardinality: many-to-one", "cardinality: many-to-few", ["relations", 0, "cardinality"]),
        ("  id: mini", "  id: Mini Deck", ["deck", "id"]),
        ("  - id: iran\n", "  - id: iran\n    colour: green\n", ["entities", 2]),
        ("tags: [iran, military-aid]", "tags: []", ["facts", 1, "tags"]),
        # The cartridges fact's sources emptied, its one source left under `cited:`.
        (
            "    sources:\n      - seed: 001",
            "    sources: []\n    cited:\n      - seed: 001",
            ["facts", 1, "sources"],
        ),
    ],
)
def test_broken_decks_fail_the_schema_where_the_loader_does(
    validator, write_deck, seeds, old, new, where
):
    text = VALID_DECK.replace(old, new, 1)
    assert text != VALID_DECK
    errors = list(validator.iter_errors(as_an_editor_reads(text)))
    assert errors, "the schema accepted a broken deck"
    assert where in [list(error.absolute_path) for error in errors]
    with pytest.raises(DeckError):
        load_deck(write_deck(text), seeds)


def test_a_deck_without_facts_fails_the_schema(validator):
    data = as_an_editor_reads(VALID_DECK)
    data["facts"] = []
    assert list(validator.iter_errors(data))
