"""Students sharing one machine (a class lab behind `quiz serve`), each with their own progress.

A student is known by the name or code they type when the app opens. Each student
gets a progress database of their own, `STUDENTS_FOLDER/<key>/progress.sqlite3` under
the data folder, so the store keeps every guarantee it gives one learner (WAL, busy
timeouts, ratings built on the stored card): two tabs of one student share a file as
two terminals do, and no student's query ever sees another's rows. A name is not a
password: anyone who types a name studies as that student, which suits a lab where
the teacher hands out names or codes, not a network open to strangers.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from quiz.store import DATABASE_NAME, Progress

__all__ = ["MAX_NAME", "STUDENTS_FOLDER", "StudentStores", "student_key"]

STUDENTS_FOLDER = "students"
MAX_NAME = 40
# Characters that may only separate the parts of a name: "Ana María", "ana_maria", "j.doe".
_SEPARATORS = re.compile(r"[\s._-]+")


def student_key(name: str) -> str:
    """The folder name for the student who typed `name`: "  Ana  MARÍA " and "ana-maría"
    are one student. Letters of any script and digits are kept, spaces, dots, dashes
    and underscores become one dash; raises ValueError, in the student's words, for
    anything else (a slash could leave the students' folder)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    parts = [part for part in _SEPARATORS.split(text) if part]
    if not parts:
        raise ValueError("Type your name or the code your teacher gave you")
    key = "-".join(parts)
    if len(key) > MAX_NAME:
        raise ValueError(f"At most {MAX_NAME} characters, please")
    odd = sorted({char for char in key if not (char.isalnum() or char == "-")})
    if odd:
        raise ValueError(f"Use letters, digits, spaces or dashes (not {' '.join(odd)})")
    return key


class StudentStores:
    """Opens each student's progress under `data_dir` and closes them all at the end."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / STUDENTS_FOLDER
        self._opened: list[Progress] = []

    def path(self, name: str) -> Path:
        """Where the progress of the student called `name` is kept (see `student_key`)."""
        return self.folder / student_key(name) / DATABASE_NAME

    def open(self, name: str) -> Progress:
        """The student's progress, created on first use; raises ValueError for a name
        `student_key` refuses and StoreError when the database cannot be opened."""
        progress = Progress.open(self.path(name))
        self._opened.append(progress)
        return progress

    def close(self) -> None:
        for progress in self._opened:
            progress.close()
        self._opened.clear()
