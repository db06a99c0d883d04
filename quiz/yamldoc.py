"""Safe YAML reading that remembers where every value came from.

Decks are written by hand, so every problem must point at a line and column.
PyYAML's composer yields nodes with positions; this module turns them into
plain Python values and records the position of each one by its path. It
refuses what a deck never needs and an attacker might use: tags other than
YAML's plain scalars, maps and lists (so no Python object is ever built),
duplicate keys, and alias expansion past a fixed budget (alias bombs fail
at once instead of exhausting memory).
"""

from __future__ import annotations

import gc
import hashlib
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor

from quiz.problems import DeckError, Problem

# libyaml's composer is about ten times faster than PyYAML's and keeps every node's
# line and column; the pure-Python one stands in where PyYAML was built without it.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

YamlPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_STR_TAG = _TAG + "str"
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"

# A legitimate deck reuses an anchor a handful of times; a "billion laughs"
# document needs millions of expansions. Counting only nodes reached through
# aliases keeps large honest decks unaffected.
MAX_ALIAS_EXPANSION = 100_000
MAX_DEPTH = 100


class Position(NamedTuple):
    """A 1-based line and column. A tuple: a large deck records hundreds of thousands."""

    line: int
    column: int


@contextmanager
def paused_gc() -> Iterator[None]:
    """No garbage collection while a document is built: the objects made are all kept,
    so the collector would only walk them again and again (most of a large deck's
    loading time, growing faster than the deck)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Document:
    """A parsed YAML file: its plain data and the position of every value and key."""

    file: str
    data: Any
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)
    # What was written, unquoted, where YAML 1.1 made a scalar a number, a bool or a date
    # (`NO`, `1:20`, `2024-06-01`): a message can then say to quote it.
    unquoted: dict[YamlPath, str] = field(default_factory=dict)

    def value_at(self, path: YamlPath) -> Position:
        """The position of the value at `path`, or of its nearest recorded parent."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Position(1, 1))

    def key_at(self, path: YamlPath) -> Position:
        """The position of the key naming `path` (falls back to the value's)."""
        return self.keys.get(path) or self.value_at(path)


# What each kind of file read here is, for messages: a seed file is never called a deck.
_NEEDS = {
    "deck": "a deck needs `deck`, `entities`, `relations` and `facts`",
    "seed article": "a seed article needs the article's text",
    "seeds metadata": "the seeds metadata needs a `sources:` list",
}
# Far above any honest deck or article (the largest bundled one is under 100 kB), and
# small enough that reading it whole never exhausts memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_text(
    path: Path, shown_as: str | None = None, sha256: str | None = None, *, kind: str = "deck"
) -> str:
    """The file's UTF-8 text; a missing, binary, non-UTF-8 or empty file raises DeckError,
    as does anything but a regular file (a FIFO would block, /dev/zero never ends) and
    a file over MAX_FILE_BYTES. `kind` ("deck", "seed article", "seeds metadata")
    names the file in messages.

    With `sha256`, a file whose bytes no longer have that digest raises DeckError too.
    """
    name = shown_as or str(path)

    def fail(message: str, line: int = 1, column: int = 1) -> DeckError:
        return DeckError([Problem(name, line, column, message)])

    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise fail(f"is a directory, not a {kind} file")
        if not stat.S_ISREG(mode):
            raise fail(f"not a regular file (a pipe or a device), not a {kind} file")
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise fail("file not found") from None
    except IsADirectoryError:
        raise fail(f"is a directory, not a {kind} file") from None
    except OSError as error:
        raise fail(f"cannot read file: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail(f"file too large (over {MAX_FILE_BYTES // 1024 // 1024} MB) for a {kind}")
    if sha256 is not None and hashlib.sha256(raw).hexdigest() != sha256.lower():
        raise fail("file has changed since it was collected (its sha256 differs)")
    if b"\x00" in raw:
        line, column = _line_column(raw, raw.index(b"\x00"))
        raise fail(f"binary file (contains a NUL byte), not a {kind} file", line, column)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise fail(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            line,
            column,
        ) from None
    if not text.strip():
        raise fail(f"empty file: {_NEEDS[kind]}")
    return text


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def parse(text: str, file: str) -> Document:
    """Parse one YAML document into a Document; any problem raises DeckError."""
    with paused_gc():
        return _parse(text, file)


def _parse(text: str, file: str) -> Document:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as error:  # a raw control character: say where it is
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - before.rfind("\n")
        message = f"YAML refuses the control character U+{error.character:04X}: remove it"
        raise DeckError([Problem(file, line, column, message)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise DeckError([Problem(file, line, column, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as error:
        raise DeckError([Problem(file, 1, 1, f"YAML error: {error}")]) from None
    except RecursionError:
        raise DeckError([Problem(file, 1, 1, "YAML nested too deeply")]) from None
    if root is None:
        raise DeckError([Problem(file, 1, 1, "empty document")])
    builder = _Builder(file)
    data = builder.build(root, ())
    if builder.problems:
        raise DeckError(builder.problems)
    return Document(file, data, builder.values, builder.keys, builder.unquoted)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.values: dict[YamlPath, Position] = {}
        self.keys: dict[YamlPath, Position] = {}
        self.unquoted: dict[YamlPath, str] = {}
        self.alias_budget = MAX_ALIAS_EXPANSION
        self.constructor = SafeConstructor()
        self.seen: set[int] = set()

    def report(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message))

    def build(self, node: yaml.Node, path: YamlPath, depth: int = 0) -> Any:
        # A node met a second time was reached through an alias.
        if id(node) in self.seen:
            self.alias_budget -= 1
            if self.alias_budget < 0:
                raise DeckError(
                    [
                        Problem(
                            self.file,
                            node.start_mark.line + 1,
                            node.start_mark.column + 1,
                            "YAML aliases expand to too many values (an alias bomb?); "
                            "decks need no more than a few aliases",
                        )
                    ]
                )
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise DeckError([Problem(self.file, 1, 1, "YAML nested too deeply")])
        mark = node.start_mark
        self.values.setdefault(path, Position(mark.line + 1, mark.column + 1))

        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self.report(node, f"unsupported YAML tag {_short(node.tag)}: decks hold plain text")
                return None
            if node.tag == _STR_TAG:  # most of a deck: no constructor needed
                return node.value
            if not node.style:  # plain: None, or "" from libyaml
                self.unquoted[path] = node.value
            try:
                return self.constructor.yaml_constructors[node.tag](self.constructor, node)
            except (yaml.YAMLError, ValueError, OverflowError) as error:
                self.report(node, f"invalid value: {error}")
                return None
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self.report(node, f"unsupported YAML tag {_short(node.tag)}: use a plain list")
                return None
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag != _MAP_TAG:
            self.report(node, f"unsupported YAML tag {_short(node.tag)}: use a plain mapping")
            return None
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.report(key_node, "mapping keys must be plain text")
                continue
            key = str(key_node.value)
            if key in result:
                self.report(key_node, f"duplicate key '{key}'")
                continue
            key_mark = key_node.start_mark
            self.keys[(*path, key)] = Position(key_mark.line + 1, key_mark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
