"""The event-stream reader gives what composing the whole node tree gave.

`quiz.yamldoc` builds values from libyaml's events so that a large deck is never
held as a node tree too; these documents, each with something unusual in it, are
read both ways and must come out the same: values, every position, what was
unquoted, and every problem with its place.
"""

from __future__ import annotations

import pytest
import yaml

from quiz import yamldoc
from quiz.problems import DeckError

DOCUMENTS = {
    "plain": "deck:\n  id: x\n  name: 'X'\nfacts:\n  - id: a\n    difficulty: 1\n",
    "unquoted scalars": "a: NO\nb: 1:20\nc: 2024-06-01\nd: ~\ne: 3.5\nf: ''\n",
    "anchored scalar": "a: &n Moscow\nb: *n\nc: [*n, *n]\n",
    "anchored mapping": "base: &b {x: 1, y: [p, q]}\nsame: *b\nlist: [*b]\n",
    "nested anchors": "a: &o {i: &i [1, 2], j: *i}\nb: *o\nc: *i\n",
    "alias as a key": "a: &k name\n*k : value\n",
    "anchored key": "&k key: 1\nother: *k\n",
    "list as a key": "? [a, b]\n: value\nafter: 1\n",
    "mapping as a key, anchors in the skipped value": "? {a: 1}\n: &s [x]\nb: *s\n",
    "duplicate key": "a: 1\nb: 2\na: &d 3\nc: *d\n",
    "custom tags": "a: !easy 1\nb: !!python/object:os.system x\nc: !seq [1]\nd: !m {x: 1}\n",
    "invalid value": "a: !!int nope\nb: !!float x\n",
    "flow and block": "a: {b: [1, {c: d}], e: f}\ng:\n- - h\n  - i\n",
    "undefined alias": "a: *nowhere\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "empty": "# only a comment\n",
    "scalar root": "just text\n",
    "deep": "a: " + "[" * 120 + "]" * 120 + "\n",
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n" for n in range(5)
    ),
}


def outcome(read) -> object:
    try:
        document = read()
    except DeckError as error:
        return [(p.line, p.column, p.message) for p in error.problems]
    positions = {path: (document.value_at(path), document.key_at(path)) for path in document.places}
    return document.data, positions, document.unquoted


def composed(text: str) -> yamldoc.Document:
    """The reader as it was: yaml.compose, then values from the node tree."""
    try:
        root = yaml.compose(text, Loader=yamldoc._Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise DeckError(
            [
                yamldoc.Problem(
                    "f.yaml", mark.line + 1, mark.column + 1, f"YAML syntax error: {what}"
                )
            ]
        ) from None
    except RecursionError:
        raise DeckError([yamldoc.Problem("f.yaml", 1, 1, "YAML nested too deeply")]) from None
    if root is None:
        raise DeckError([yamldoc.Problem("f.yaml", 1, 1, "empty document")])
    builder = yamldoc._Builder("f.yaml", yamldoc._Loader(""))
    data = builder.build(root, ())
    if builder.problems:
        raise DeckError(builder.problems)
    return yamldoc.Document("f.yaml", data, builder.places, builder.unquoted)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_events_give_what_the_node_tree_gave(name):
    text = DOCUMENTS[name]
    assert outcome(lambda: yamldoc.parse(text, "f.yaml")) == outcome(lambda: composed(text))


def test_positions_of_keys_and_values():
    document = yamldoc.parse("deck:\n  id:   x\nfacts:\n  - id: a\n", "f.yaml")
    assert document.key_at(("deck", "id")) == (2, 3)
    assert document.value_at(("deck", "id")) == (2, 9)
    assert document.value_at(("facts", 0, "id")) == (4, 9)
    assert document.value_at(("facts", 0, "missing")) == (4, 5)  # its parent mapping
    assert document.key_at(("facts", 0)) == (4, 5)  # a list item has no key: its value
