"""The progress store: every answer, rating and flag, kept in SQLite so none is lost.

Progress is keyed by the stable item ids of `quiz.items` and the deck id, never
by wording, so regenerating items or rewording a fact keeps it. Each write is
committed when it is made (a killed app loses nothing already answered), the
database runs in WAL mode with a busy timeout, and a rating is worked out from
the card as stored inside the transaction that saves it (two app instances can
share it). A file SQLite reports as damaged is moved aside with a notice, never
deleted; a read-only one is read as it is, by the commands that only report.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar

# Where the database lives is quiz.datadir's; its names stay importable from here.
from quiz.datadir import DATA_DIR_ENV
from quiz.datadir import DATABASE_NAME as DATABASE_NAME
from quiz.datadir import data_path as data_path
from quiz.items import Item
from quiz.schedule import (
    NEW_PER_DAY,
    CardState,
    Rating,
    Schedule,
    day_bounds,
    study_day,
)
from quiz.stats import (
    Activity,
    DayActivity,
    DeckSummary,
    daily_activity,
    deck_summary,
    forecast,
    mastery_by_tag,
)

BUSY_TIMEOUT_SECONDS = 10.0  # how long a writer waits for another instance's write
NEW_PER_DAY_SETTING = "new_per_day"

# Each entry brings the schema from version N to N + 1; the database's
# `PRAGMA user_version` says how many have been applied. Append, never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE cards (
            item_id TEXT PRIMARY KEY,
            deck TEXT NOT NULL,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            reps INTEGER NOT NULL,
            lapses INTEGER NOT NULL,
            introduced TEXT,
            review_id INTEGER
        )""",
        "CREATE INDEX cards_by_deck ON cards (deck, due)",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            deck TEXT NOT NULL,
            rating INTEGER NOT NULL,
            at TEXT NOT NULL,
            seconds REAL,
            before TEXT,
            after TEXT NOT NULL
        )""",
        "CREATE INDEX reviews_by_deck ON reviews (deck, at)",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            deck TEXT NOT NULL,
            kind TEXT NOT NULL,
            mode TEXT NOT NULL,
            correct INTEGER NOT NULL,
            typed TEXT,
            seconds REAL,
            tags TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX answers_by_deck ON answers (deck, at)",
        """CREATE TABLE flags (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            deck TEXT NOT NULL,
            reason TEXT NOT NULL,
            prompt TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
        "CREATE INDEX flags_by_deck ON flags (deck, at)",
        "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    # 2: which option the learner chose (a JSON list of option texts), so that
    # `quiz stats --items` can analyse distractors as `quiz grade` does. NULL for
    # answers saved before, for typed answers and for self-rated practice.
    ("ALTER TABLE answers ADD COLUMN chosen TEXT",),
)
SCHEMA_VERSION = len(MIGRATIONS)

# SQLite's primary result codes (https://sqlite.org/rescode.html).
_BUSY, _LOCKED, _READ_ONLY, _CORRUPT, _FULL, _NOT_A_DATABASE = 5, 6, 8, 11, 13, 26

T = TypeVar("T")


class StoreError(Exception):
    """Progress cannot be opened or saved; the message says where and why.
    `disk_full` tells a full disk apart (it has its own exit code)."""

    def __init__(self, message: str, *, disk_full: bool = False) -> None:
        super().__init__(message)
        self.disk_full = disk_full


@dataclass(frozen=True)
class Answer:
    """A scored answer (quiz, recall or cram mode), as given."""

    item_id: str
    deck: str
    kind: str
    mode: str  # "quiz", "recall" or "cram"
    correct: bool
    at: datetime
    typed: str | None = None  # what the learner typed (recall)
    seconds: float | None = None  # time taken to answer
    tags: tuple[str, ...] = ()
    # The options chosen, as their text: one for multiple choice and true/false, the
    # picked ones for select-all (in the item's order), and for matching the option
    # paired with each left-hand row (in the item's order; "" for a row left unpaired).
    # None when not known: typed answers, practice, and answers saved before schema 2.
    chosen: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SavedRating:
    """A rating as saved; hand it back to `Progress.undo` to take it back."""

    review_id: int
    item_id: str
    deck: str
    rating: Rating
    at: datetime
    before: CardState | None  # None: the card was new
    after: CardState


@dataclass(frozen=True)
class Flag:
    """An item a learner reported as faulty, for the deck's author."""

    item_id: str
    deck: str
    reason: str
    prompt: str
    at: datetime


class Progress:
    """An open progress database. Use `Progress.open(path)`; close it (or use
    `with`) when done. Safe to share between threads of one app."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, notice: str | None, read_only: bool
    ) -> None:
        self.path = path
        self.notice = notice  # for the user: what was moved aside and why, if anything
        self.read_only = read_only
        self._db = connection
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Progress:
        """Open (creating if need be) the database at `path`, bringing its schema
        up to date. A file SQLite reports as damaged or not a database is renamed
        aside (`progress.sqlite3.corrupt-20261121T101500Z`) and a fresh one started;
        `notice` then says so. Damage found later, when a query meets it, is handled
        the same way (see `_recovering`).

        With `read_only` (for commands that only report), nothing is created or
        changed: the file is opened with SQLite's `mode=ro`, and a missing one reads
        as empty. Raises StoreError when the folder cannot be created or written,
        the file is read-only and `read_only` was not asked for, or the database was
        made by a newer quiz."""
        path = Path(path)
        if not read_only:
            _prepare_folder(path.parent)
        notice = None
        try:
            connection = _connect(path, read_only)
        except _Damaged as problem:
            connection, notice = _start_again(path, read_only, str(problem))
        return cls(path, connection, notice, read_only)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes (each commits at once) --------------------------------------

    def record_answer(self, answer: Answer) -> None:
        """Keep a scored answer. Never changes a card's schedule (so cramming is safe)."""
        self._write(
            lambda db: db.execute(
                "INSERT INTO answers"
                " (item_id, deck, kind, mode, correct, typed, seconds, tags, at, chosen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer.item_id,
                    answer.deck,
                    answer.kind,
                    answer.mode,
                    int(answer.correct),
                    answer.typed,
                    answer.seconds,
                    json.dumps(list(answer.tags)),
                    _stamp(answer.at),
                    None if answer.chosen is None else json.dumps(list(answer.chosen)),
                ),
            )
        )

    def save_rating(
        self,
        item_id: str,
        deck: str,
        after: CardState,
        rating: Rating,
        at: datetime,
        seconds: float | None = None,
        *,
        before: CardState | None,
        schedule: Schedule,
    ) -> SavedRating:
        """Save a flashcard rating and the card it produced; the card as it was is
        kept for undo. `after` is the card the learner was shown for `rating`
        (`Schedule.outcomes(before, ...)[rating]`, `before` None or new for a card
        never rated), saved as it is while the stored card is still `before`. If
        another window rated the card in the meantime, the rating is applied to the
        card as stored now, with `schedule`, so that both windows' ratings count.
        `SavedRating.after` is the card as saved."""

        def save(db: sqlite3.Connection) -> SavedRating:
            row = db.execute(
                "SELECT card, reps, lapses, introduced FROM cards WHERE item_id = ?", (item_id,)
            ).fetchone()
            stored = _state(row) if row else None
            unchanged = stored == before if stored else before is None or before.is_new
            saved = after if unchanged else schedule.rate(stored or CardState.new(at), rating, at)
            review_id = db.execute(
                "INSERT INTO reviews (item_id, deck, rating, at, seconds, before, after)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    item_id,
                    deck,
                    int(rating),
                    _stamp(at),
                    seconds,
                    json.dumps(stored.to_dict()) if stored else None,
                    json.dumps(saved.to_dict()),
                ),
            ).lastrowid
            assert review_id is not None
            self._put_card(db, item_id, deck, saved, review_id)
            return SavedRating(review_id, item_id, deck, Rating(rating), at, stored, saved)

        return self._write(save)

    def undo(self, saved: SavedRating) -> CardState | None:
        """Take back a rating: the card returns to how it was before it (None:
        new again) and the rating leaves the history. Raises StoreError if the
        card has been rated again since (undo that one first)."""

        def take_back(db: sqlite3.Connection) -> None:
            row = db.execute(
                "SELECT review_id FROM cards WHERE item_id = ?", (saved.item_id,)
            ).fetchone()
            if row is None or row[0] != saved.review_id:
                raise StoreError(
                    f"cannot undo: item {saved.item_id} has been rated again since "
                    "(perhaps in another window)"
                )
            db.execute("DELETE FROM reviews WHERE id = ?", (saved.review_id,))
            if saved.before is None:
                db.execute("DELETE FROM cards WHERE item_id = ?", (saved.item_id,))
            else:
                previous = db.execute(
                    "SELECT max(id) FROM reviews WHERE item_id = ?", (saved.item_id,)
                ).fetchone()[0]
                self._put_card(db, saved.item_id, saved.deck, saved.before, previous)

        self._write(take_back)
        return saved.before

    def reset_card(self, item_id: str) -> None:
        """Make an item new again (its history stays): how a learner takes a
        leech back into the normal queue after working on it."""
        self._write(lambda db: db.execute("DELETE FROM cards WHERE item_id = ?", (item_id,)))

    def flag(self, item_id: str, deck: str, reason: str, prompt: str, at: datetime) -> Flag:
        """Report an item as faulty, with a short reason, for the deck's author."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValueError("a flag needs a reason")
        self._write(
            lambda db: db.execute(
                "INSERT INTO flags (item_id, deck, reason, prompt, at) VALUES (?, ?, ?, ?, ?)",
                (item_id, deck, reason, prompt, _stamp(at)),
            )
        )
        return Flag(item_id, deck, reason, prompt, at)

    def set_setting(self, name: str, value: Any) -> None:
        """Remember a setting (any JSON value), e.g. NEW_PER_DAY_SETTING."""
        self._write(
            lambda db: db.execute(
                "INSERT INTO settings (name, value) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, json.dumps(value)),
            )
        )

    # -- reads ---------------------------------------------------------------

    def setting(self, name: str, default: Any = None) -> Any:
        row = self._read("SELECT value FROM settings WHERE name = ?", (name,))
        return json.loads(row[0][0]) if row else default

    @property
    def new_per_day(self) -> int:
        """The daily limit of new flashcards (a setting, default NEW_PER_DAY)."""
        value = self.setting(NEW_PER_DAY_SETTING, NEW_PER_DAY)
        return value if isinstance(value, int) and value >= 0 else NEW_PER_DAY

    def card(self, item_id: str) -> CardState | None:
        """The item's card, or None if it has never been rated."""
        rows = self._read(
            "SELECT card, reps, lapses, introduced FROM cards WHERE item_id = ?", (item_id,)
        )
        return _state(rows[0]) if rows else None

    def cards(
        self, item_ids: Iterable[str] | None = None, *, deck: str | None = None
    ) -> dict[str, CardState]:
        """Cards by item id: of the given items (the ones a deck has now, so
        items that no longer exist are ignored), or of a whole deck."""
        query = "SELECT item_id, card, reps, lapses, introduced FROM cards"
        rows = self._read(query + " WHERE deck = ?", (deck,)) if deck else self._read(query)
        found = {row[0]: _state(row[1:]) for row in rows}
        if item_ids is None:
            return found
        return {item_id: found[item_id] for item_id in item_ids if item_id in found}

    def introduced_between(self, start: datetime, end: datetime, deck: str | None = None) -> int:
        """How many cards (of a deck) were first studied in [start, end)."""
        query = "SELECT count(*) FROM cards WHERE introduced >= ? AND introduced < ?"
        args: tuple[Any, ...] = (_stamp(start), _stamp(end))
        if deck:
            query, args = query + " AND deck = ?", (*args, deck)
        return int(self._read(query, args)[0][0])

    def introduced_today(self, deck: str, now: datetime, tz: tzinfo | None = None) -> int:
        """New cards of the deck started on the current study day (for the daily limit)."""
        return self.introduced_between(*day_bounds(study_day(now, tz), tz), deck=deck)

    def activity(self, deck: str | None = None, since: datetime | None = None) -> list[Activity]:
        """Ratings and answers, oldest first, of a deck (or all) since a time."""
        where, args = _where(deck, since)
        rows = self._read(
            f"SELECT at, deck, item_id, 'cards', rating > {int(Rating.Again)} FROM reviews {where}"
            f" UNION ALL SELECT at, deck, item_id, mode, correct FROM answers {where}"
            " ORDER BY 1",
            args + args,
        )
        return [
            Activity(_time(at), deck_id, item, mode, bool(ok))
            for at, deck_id, item, mode, ok in rows
        ]

    def answers(self, deck: str | None = None, since: datetime | None = None) -> list[Answer]:
        """Scored answers, oldest first, of a deck (or all) since a time."""
        where, args = _where(deck, since)
        column = "chosen" if self._has_chosen() else "NULL"  # schema 1, opened read-only
        rows = self._read(
            f"SELECT item_id, deck, kind, mode, correct, at, typed, seconds, tags, {column}"
            f" FROM answers {where} ORDER BY at, id",
            args,
        )
        return [
            Answer(
                item,
                deck_id,
                kind,
                mode,
                bool(ok),
                _time(at),
                typed,
                secs,
                tuple(json.loads(tags)),
                None if chosen is None else tuple(json.loads(chosen)),
            )
            for item, deck_id, kind, mode, ok, at, typed, secs, tags, chosen in rows
        ]

    def _has_chosen(self) -> bool:
        columns = self._read("SELECT name FROM pragma_table_info('answers')")
        return ("chosen",) in columns

    def last_studied(self, deck: str | None = None) -> datetime | None:
        """When the deck (or any) was last rated or answered."""
        where, args = _where(deck, None)
        # One max per table: each is then a single step down its (deck, at) index,
        # where the max of a UNION ALL read every row of the deck in both tables.
        rows = self._read(
            f"SELECT max(coalesce((SELECT max(at) FROM reviews {where}), ''),"
            f" coalesce((SELECT max(at) FROM answers {where}), ''))",
            args + args,
        )
        return _time(rows[0][0]) if rows and rows[0][0] else None

    def flags(self, deck: str | None = None) -> list[Flag]:
        """Flagged items, oldest first, of a deck (or all)."""
        where, args = _where(deck, None)
        rows = self._read(
            f"SELECT item_id, deck, reason, prompt, at FROM flags {where} ORDER BY at, id", args
        )
        return [
            Flag(item, deck_id, reason, prompt, _time(at))
            for item, deck_id, reason, prompt, at in rows
        ]

    # -- figures (see quiz.stats) ---------------------------------------------

    def summary(
        self,
        deck: str,
        item_ids: Iterable[str],
        now: datetime,
        schedule: Schedule,
        tz: tzinfo | None = None,
    ) -> DeckSummary:
        """The home screen's figures for a deck, given the flashcard ids it has now."""
        ids = list(item_ids)
        return deck_summary(
            ids,
            self.cards(ids, deck=deck),  # an item's id names its deck: read no other deck's
            now,
            schedule,
            last_studied=self.last_studied(deck),
            introduced_today=self.introduced_today(deck, now, tz),
            new_per_day=self.new_per_day,
            tz=tz,
        )

    def daily_activity(
        self, deck: str, now: datetime, days: int, tz: tzinfo | None = None
    ) -> list[DayActivity]:
        """Answers and accuracy on each of the last `days` study days, oldest first."""
        since, _ = day_bounds(study_day(now, tz) - timedelta(days=days - 1), tz)
        return daily_activity(self.activity(deck, since), now, days, tz)

    def forecast(
        self, item_ids: Iterable[str], now: datetime, days: int, tz: tzinfo | None = None
    ) -> list[tuple[date, int]]:
        """Cards due on each of the next `days` study days (today first)."""
        return forecast(self.cards(item_ids).values(), now, days, tz)

    def mastery_by_tag(
        self, items: Iterable[Item], now: datetime, schedule: Schedule
    ) -> dict[str, float]:
        items = list(items)
        return mastery_by_tag(items, self.cards(item.id for item in items), now, schedule)

    # -- plumbing --------------------------------------------------------------

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Do `work` in one IMMEDIATE transaction (what it reads, no other window
        changes before it is written), committed before returning."""
        if self.read_only:
            raise StoreError(f"the progress database {self.path} was opened read-only")

        def transaction() -> T:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = work(self._db)
            except BaseException:
                _roll_back(self._db)
                raise
            self._db.execute("COMMIT")
            return result

        return self._recovering("could not save progress to", transaction)

    def _read(self, query: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._recovering(
            "could not read progress from", lambda: self._db.execute(query, args).fetchall()
        )

    def _recovering(self, failed: str, work: Callable[[], T]) -> T:
        """Run `work`; errors become StoreError. Damage is caught here, when a query
        meets it, rather than by reading the whole file at every start: the file is
        moved aside (see `open`), `notice` says so, and `work` runs once more on
        the new database."""
        with self._lock:
            try:
                return work()
            except sqlite3.Error as error:
                _roll_back(self._db)
                if not _is_damage(error):
                    raise _store_error(f"{failed} {self.path}", error) from error
                self._db.close()
                self._db, self.notice = _start_again(self.path, self.read_only, str(error))
            try:
                return work()
            except sqlite3.Error as error:
                raise _store_error(f"{failed} {self.path}", error) from error

    @staticmethod
    def _put_card(
        db: sqlite3.Connection, item_id: str, deck: str, state: CardState, review_id: int | None
    ) -> None:
        db.execute(
            "INSERT INTO cards (item_id, deck, card, due, reps, lapses, introduced, review_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE SET"
            " deck = excluded.deck, card = excluded.card, due = excluded.due,"
            " reps = excluded.reps, lapses = excluded.lapses,"
            " introduced = excluded.introduced, review_id = excluded.review_id",
            (
                item_id,
                deck,
                state.card.to_json(),
                _stamp(state.due),
                state.reps,
                state.lapses,
                _stamp(state.introduced) if state.introduced else None,
                review_id,
            ),
        )


class _Damaged(Exception):
    """SQLite reports the file as damaged or as not a database."""


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _no_folder(folder, error.strerror or str(error)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"cannot write to the progress folder {folder}: permission denied. "
            f"Choose another with --data-dir or {DATA_DIR_ENV}."
        )


def _no_folder(folder: Path, reason: str) -> StoreError:
    blocked = next((part for part in (folder, *folder.parents) if part.is_file()), None)
    return StoreError(
        f"cannot create the progress folder {folder}: "
        f"{f'{blocked} is a file' if blocked else reason}. "
        f"Choose another with --data-dir or {DATA_DIR_ENV}."
    )


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """Open, configure and migrate; raise _Damaged only for a file SQLite calls damaged."""
    if path.exists() and not path.is_file():
        raise StoreError(f"the progress database {path} is not a file")
    if path.exists() and not os.access(path, os.R_OK):
        raise StoreError(f"cannot read the progress database {path}: permission denied")
    if read_only:
        if not path.exists():
            if not path.parent.is_dir() and any(p.is_file() for p in path.parent.parents):
                raise _no_folder(path.parent, "")  # a mistyped --data-dir, not "no progress yet"
            return _empty()
        target = f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro"
    else:
        if path.exists() and not os.access(path, os.W_OK):
            raise _read_only(path)
        target = str(path)
    try:
        connection = sqlite3.connect(
            target,
            uri=read_only,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as error:
        raise _store_error(f"cannot open the progress database {path}", error) from None
    try:
        version = _while_busy(lambda: _set_up(connection, path, read_only))
    except sqlite3.DatabaseError as error:
        connection.close()
        if _is_damage(error):
            raise _Damaged(str(error)) from None
        raise _store_error(f"cannot open the progress database {path}", error) from None
    except BaseException:
        connection.close()
        raise
    if version == 0:  # read-only, and no quiz ever wrote to it: nothing to show
        connection.close()
        return _empty()
    return connection


def _set_up(connection: sqlite3.Connection, path: Path, read_only: bool) -> int:
    """Configure the connection and bring the schema up to date (read-only: check
    that it is); the schema version found."""
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    if not read_only:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        return _migrate(connection, path)
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    _check_version(version, path)
    # An older schema is read as it is (a reporting command changes nothing): the one
    # column added since schema 1, answers' `chosen`, reads as unknown (see `answers`).
    return version


def _while_busy(work: Callable[[], T]) -> T:
    """Run `work`, again while another instance holds the lock. SQLite's busy
    timeout does not cover every case: setting up WAL on a new file, or recovering
    one, can report "database is locked" at once when many instances start together."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            return work()
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorcode", 0) & 0xFF in (_BUSY, _LOCKED)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


def _migrate(connection: sqlite3.Connection, path: Path) -> int:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    _check_version(version, path)
    if version == SCHEMA_VERSION:
        return version  # up to date: opening writes nothing
    connection.execute("BEGIN IMMEDIATE")  # one instance migrates; others wait, then see it done
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        _check_version(version, path)
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        _roll_back(connection)
        raise
    return SCHEMA_VERSION


def _check_version(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the progress database {path} was written by a newer version of quiz "
            f"(schema {version}, this one knows {SCHEMA_VERSION}); please upgrade quiz"
        )


def _empty() -> sqlite3.Connection:
    """An empty store in memory: what a read-only command sees where no file is."""
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _migrate(connection, Path(":memory:"))
    return connection


def _start_again(path: Path, read_only: bool, problem: str) -> tuple[sqlite3.Connection, str]:
    """Move the damaged file aside and connect to a new one (read-only: to an empty
    store in memory, the new file being made by the next command that saves)."""
    aside = _move_aside(path)
    fresh = (
        "a new, empty one will be started when you next study"
        if read_only
        else ("a new, empty one was started")
    )
    notice = (
        f"Your progress database {path} could not be read ({problem}). "
        f"It was moved to {aside} and {fresh}."
    )
    try:
        return _connect(path, read_only), notice
    except _Damaged as again:
        raise StoreError(f"cannot create a progress database at {path}: {again}") from None


def _roll_back(connection: sqlite3.Connection) -> None:
    with suppress(sqlite3.Error):  # already failing: the first error is the one to report
        if connection.in_transaction:
            connection.execute("ROLLBACK")


def _is_damage(error: sqlite3.Error) -> bool:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF in (_CORRUPT, _NOT_A_DATABASE)


def _store_error(doing: str, error: sqlite3.Error) -> StoreError:
    """`error` in words a learner can act on; a full disk is said so, not "disk I/O error"."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == _FULL:
        return StoreError(f"{doing}: the disk is full", disk_full=True)
    if code == _READ_ONLY:
        return StoreError(f"{doing}: the file is read-only")
    return StoreError(f"{doing}: {error}")


def _read_only(path: Path) -> StoreError:
    return StoreError(
        f"the progress database {path} is read-only, and studying saves every answer: "
        f"make it writable, or choose another folder with --data-dir or {DATA_DIR_ENV} "
        "(`quiz stats` and `quiz flags` can read it as it is)"
    )


def _move_aside(path: Path) -> Path:
    """Rename the database (and its WAL files) out of the way, never deleting."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        path.rename(aside)
        for suffix in ("-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                sidecar.rename(aside.with_name(aside.name + suffix))
    except OSError as error:
        raise StoreError(
            f"the progress database {path} cannot be read and could not be moved aside: "
            f"{error.strerror or error}"
        ) from None
    return aside


def _state(row: tuple[Any, ...]) -> CardState:
    card, reps, lapses, introduced = row
    return CardState.from_dict(
        {"card": json.loads(card), "reps": reps, "lapses": lapses, "introduced": introduced}
    )


def _where(deck: str | None, since: datetime | None) -> tuple[str, tuple[Any, ...]]:
    clauses, args = [], []
    if deck:
        clauses.append("deck = ?")
        args.append(deck)
    if since:
        clauses.append("at >= ?")
        args.append(_stamp(since))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", tuple(args)


def _stamp(moment: datetime) -> str:
    """A UTC time as sortable text (every stored time has this exact form)."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)
