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


# Positions are kept packed while a document is held, a large deck having millions:
# a line and a column in 48 bits, and a mapping entry's key and value in one int
# (`key << 48 | value`, 0 for "not known"), a third of the memory of two tuples in
# two dicts.
_COLUMN_BITS = 24
_KEY_SHIFT = 2 * _COLUMN_BITS
_VALUE_MASK = (1 << _KEY_SHIFT) - 1


def _packed(mark: Any) -> int:
    return (mark.line + 1) << _COLUMN_BITS | min(mark.column + 1, (1 << _COLUMN_BITS) - 1)


def _unpacked(packed: int) -> Position:
    return Position(packed >> _COLUMN_BITS, packed & ((1 << _COLUMN_BITS) - 1))


@dataclass
class Document:
    """A parsed YAML file: its plain data and the position of every value and key
    (packed in `places`: read them with `value_at` and `key_at`)."""

    file: str
    data: Any
    places: dict[YamlPath, int] = field(default_factory=dict)
    # What was written, unquoted, where YAML 1.1 made a scalar a number, a bool or a date
    # (`NO`, `1:20`, `2024-06-01`): a message can then say to quote it.
    unquoted: dict[YamlPath, str] = field(default_factory=dict)

    def value_at(self, path: YamlPath) -> Position:
        """The position of the value at `path`, or of its nearest recorded parent."""
        while not self.places.get(path, 0) & _VALUE_MASK and path:
            path = path[:-1]
        packed = self.places.get(path, 0) & _VALUE_MASK
        return _unpacked(packed) if packed else Position(1, 1)

    def key_at(self, path: YamlPath) -> Position:
        """The position of the key naming `path` (falls back to the value's)."""
        key = self.places.get(path, 0) >> _KEY_SHIFT
        return _unpacked(key) if key else self.value_at(path)


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


class _Slices:
    """The text handed to the parser a slice at a time: given the whole string,
    libyaml first makes a UTF-8 copy of all of it (35 MB at 100k facts)."""

    name = "<unicode string>"

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def read(self, size: int = -1) -> str:
        end = len(self.text) if size < 0 else self.at + size
        piece, self.at = self.text[self.at : end], end
        return piece


def _parse(text: str, file: str) -> Document:
    loader = _Loader(_Slices(text))
    try:
        builder = _Builder(file, loader)
        data = builder.document()
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
    finally:
        loader.dispose()
    if builder.problems:
        raise DeckError(builder.problems)
    return Document(file, data, builder.places, builder.unquoted)


class _Builder:
    """Plain values and their positions, built from libyaml's event stream.

    Each event is dropped once used, so a large deck is never held as a node tree
    as well (at 100k facts that tree alone was over 1 GB). Only a subtree with an
    anchor is kept as nodes, since an alias may use it again; `build` turns nodes
    into values, counting what aliases expand to. The result is what composing the
    whole document and building from its nodes gave: the same values, positions,
    problems and YAML errors.
    """

    def __init__(self, file: str, loader: Any) -> None:
        self.file = file
        self.loader = loader
        self.next_event = loader.get_event
        self.anchors: dict[str, yaml.Node] = {}
        self.problems: list[Problem] = []
        self.places: dict[YamlPath, int] = {}
        self.names: dict[str, str] = {}  # one string per distinct key: `id` is written 100k times
        self.unquoted: dict[YamlPath, str] = {}
        self.alias_budget = MAX_ALIAS_EXPANSION
        self.constructor = SafeConstructor()
        self.seen: set[int] = set()

    def document(self) -> Any:
        """The single document's value; an empty stream or a second document raises."""
        self.next_event()  # stream start
        if self.loader.check_event(yaml.StreamEndEvent):
            raise DeckError([Problem(self.file, 1, 1, "empty document")])
        self.next_event()  # document start
        first = self.loader.peek_event()
        data = self.value(self.next_event(), ())
        self.next_event()  # document end
        if not self.loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                first.start_mark,
                "but found another document",
                self.next_event().start_mark,
            )
        return data

    def tag(self, event: Any, kind: type[yaml.Node]) -> str:
        """The event's tag, resolved as the composer does when none is written."""
        if event.tag is None or event.tag == "!":
            value = event.value if kind is yaml.ScalarNode else None
            return self.loader.resolve(kind, value, event.implicit)
        return event.tag

    def value(self, event: Any, path: YamlPath, depth: int = 0) -> Any:
        """The value that starts with `event`, its events read to its end."""
        if depth > MAX_DEPTH:
            raise DeckError([Problem(self.file, 1, 1, "YAML nested too deeply")])
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            return self.build(self.compose(event), path, depth)
        mark = event.start_mark
        self.place(path, mark)
        if isinstance(event, yaml.ScalarEvent):
            tag = self.tag(event, yaml.ScalarNode)
            if tag == _STR_TAG:  # most of a deck: no node, no constructor
                return event.value
            if tag not in _SCALAR_TAGS:
                self.report_at(mark, f"unsupported YAML tag {_short(tag)}: decks hold plain text")
                return None
            node = yaml.ScalarNode(tag, event.value, mark, event.end_mark, style=event.style)
            return self.scalar(node, path)
        if isinstance(event, yaml.SequenceStartEvent):
            if self.tag(event, yaml.SequenceNode) != _SEQ_TAG:
                self.skip(event)
                self.report_at(mark, f"unsupported YAML tag {_short(event.tag)}: use a plain list")
                return None
            items = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                items.append(self.value(self.next_event(), (*path, len(items)), depth + 1))
            self.next_event()
            return items
        if self.tag(event, yaml.MappingNode) != _MAP_TAG:
            self.skip(event)
            self.report_at(mark, f"unsupported YAML tag {_short(event.tag)}: use a plain mapping")
            return None
        result: dict[str, Any] = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            key_event = self.next_event()
            key: str | None = None
            if isinstance(key_event, yaml.ScalarEvent) and key_event.anchor is None:
                if self.tag(key_event, yaml.ScalarNode) in _SCALAR_TAGS:
                    key = self.names.setdefault(key_event.value, key_event.value)
                key_mark = key_event.start_mark
            else:  # an anchored or aliased key, or a list or mapping as a key
                key_node = self.compose(key_event)
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _SCALAR_TAGS:
                    key = str(key_node.value)
                key_mark = key_node.start_mark
            if key is None:
                self.report_at(key_mark, "mapping keys must be plain text")
                self.skip(self.next_event())
                continue
            if key in result:
                self.report_at(key_mark, f"duplicate key '{key}'")
                self.skip(self.next_event())
                continue
            where = (*path, key)
            self.places[where] = _packed(key_mark) << _KEY_SHIFT
            result[key] = self.value(self.next_event(), where, depth + 1)
        self.next_event()
        return result

    def skip(self, event: Any) -> None:
        """Read past a value that is not built; its anchors are kept for later aliases."""
        self.compose(event)

    def compose(self, event: Any) -> yaml.Node:
        """The node tree of the value that starts with `event`, as PyYAML's composer
        makes it: used only for anchored values, aliases and values left unbuilt."""
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                # libyaml's words, as its composer gave them (it names no anchor)
                raise yaml.composer.ComposerError(
                    None, None, "found undefined alias", event.start_mark
                )
            return self.anchors[event.anchor]
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                self.anchors[anchor].start_mark,
                "second occurrence",
                event.start_mark,
            )
        node: yaml.Node
        if isinstance(event, yaml.ScalarEvent):
            tag = self.tag(event, yaml.ScalarNode)
            node = yaml.ScalarNode(
                tag, event.value, event.start_mark, event.end_mark, style=event.style
            )
            if anchor is not None:
                self.anchors[anchor] = node
            return node
        if isinstance(event, yaml.SequenceStartEvent):
            node = yaml.SequenceNode(self.tag(event, yaml.SequenceNode), [], event.start_mark, None)
            if anchor is not None:
                self.anchors[anchor] = node
            while not self.loader.check_event(yaml.SequenceEndEvent):
                node.value.append(self.compose(self.next_event()))
        else:
            node = yaml.MappingNode(self.tag(event, yaml.MappingNode), [], event.start_mark, None)
            if anchor is not None:
                self.anchors[anchor] = node
            while not self.loader.check_event(yaml.MappingEndEvent):
                key = self.compose(self.next_event())
                node.value.append((key, self.compose(self.next_event())))
        node.end_mark = self.next_event().end_mark
        return node

    def place(self, path: YamlPath, mark: Any) -> None:
        """Record where the value at `path` starts, unless that is known already."""
        known = self.places.get(path, 0)
        if not known & _VALUE_MASK:
            self.places[path] = known | _packed(mark)

    def report_at(self, mark: Any, message: str) -> None:
        self.problems.append(Problem(self.file, mark.line + 1, mark.column + 1, message))

    def scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        """A scalar other than a string: YAML 1.1's numbers, bools, nulls and dates."""
        if not node.style:  # plain: None, or "" from libyaml
            self.unquoted[path] = node.value
        try:
            return self.constructor.yaml_constructors[node.tag](self.constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError) as error:
            self.report(node, f"invalid value: {error}")
            return None

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
        self.place(path, node.start_mark)

        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self.report(node, f"unsupported YAML tag {_short(node.tag)}: decks hold plain text")
                return None
            if node.tag == _STR_TAG:  # no constructor needed
                return node.value
            return self.scalar(node, path)
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
            self.places[(*path, key)] = _packed(key_node.start_mark) << _KEY_SHIFT
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
