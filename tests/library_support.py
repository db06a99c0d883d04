"""What the library tests share: the test article, and an author accepting candidates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

ARTICLE = Path(__file__).parent / "articles" / "harbour_fisheries.txt"
DECK_ID = "lofoten-cod"


def run(command: list[str], *args: str, cwd: Path, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUIZ_DATA_DIR": str(data)}
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def uncomment(text: str, starts: list[str]) -> str:
    """Accept the candidates whose quote starts with one of `starts`, as an author does:
    remove the leading '# ' of each of their lines."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith("## --- candidate "):
            blocks.append(current)
            current = []
        current.append(line)
    blocks.append(current)
    out = blocks[0]
    for block in blocks[1:]:
        body = "\n".join(block)
        if any(f"quote: {start}" in body for start in starts):
            block = [block[0]] + [
                line[2:] if line.startswith("#   ") else line for line in block[1:]
            ]
        out += block
    return "\n".join(out) + "\n"


ENTITIES = [
    {"id": "nordland-fleet", "name": "the Nordland fishing fleet", "type": "fleet"},
    {"id": "lofoten", "name": "Lofoten", "type": "place"},
    {"id": "russia", "name": "Russia", "type": "country"},
    {"id": "norway", "name": "Norway", "type": "country"},
]
RELATIONS = [
    {
        "id": "returned_to",
        "subject_type": "fleet",
        "object_type": "place",
        "cardinality": "many-to-one",
        "templates": {
            "statement": "{subject} returned to {object} harbour.",
            "ask_object": "To which harbour did {subject} return?",
        },
    },
    {
        "id": "shares_cod_stock_with",
        "subject_type": "country",
        "object_type": "country",
        "cardinality": "one-to-one",
        "templates": {
            "statement": "{subject} shares the management of the Barents Sea cod stock with "
            "{object}.",
            "ask_object": "With which country does {subject} share the Barents Sea cod stock?",
            "ask_subject": "Which country shares the Barents Sea cod stock with {object}?",
        },
    },
]
# The quote's first words, and what the author decided for that candidate.
ACCEPTED = {
    "The fishing fleet of Nordland": {
        "subject": "nordland-fleet",
        "relation": "returned_to",
        "object": "lofoten",
        "statement": "The Nordland fishing fleet returned to Lofoten harbour.",
    },
    "Russia and Norway share": {
        "subject": "russia",
        "relation": "shares_cod_stock_with",
        "object": "norway",
        "statement": "Russia shares the management of the Barents Sea cod stock with Norway.",
    },
}


def accept_candidates(deck: Path) -> None:
    """Uncomment two candidates and finish them: subject, relation, object, statement,
    with the entities and relations they need. The quotes stay as `quiz new` wrote them."""
    data = yaml.safe_load(uncomment(deck.read_text("utf-8"), list(ACCEPTED)))
    assert len(data["facts"]) == len(ACCEPTED)
    for fact in data["facts"]:
        quote = fact["sources"][0]["quote"]
        [decided] = [value for start, value in ACCEPTED.items() if quote.startswith(start)]
        fact.update(decided)
        fact["tags"] = ["fisheries"]
    data["entities"] = ENTITIES
    data["relations"] = RELATIONS
    deck.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
