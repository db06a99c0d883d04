"""Where the progress database lives, without opening it.

Kept apart from `quiz.store` so that the command line can name the folder in its
help and resolve `--data-dir` without importing SQLite and the scheduler.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DATABASE_NAME", "DATA_DIR_ENV", "data_path"]

DATA_DIR_ENV = "QUIZ_DATA_DIR"
DATABASE_NAME = "progress.sqlite3"


def data_path(data_dir: str | Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """Where the progress database lives: in `data_dir` (the --data-dir option)
    if given, else in $QUIZ_DATA_DIR, else in the platform's user data folder."""
    env = os.environ if env is None else env
    folder = data_dir or env.get(DATA_DIR_ENV)
    if not folder:
        import platformdirs  # 7 ms to import, and only this case needs it

        folder = platformdirs.user_data_dir("quiz", appauthor=False)
    return Path(folder).expanduser() / DATABASE_NAME
