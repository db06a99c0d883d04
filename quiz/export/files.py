"""Write an export file whole or not at all.

The file is written under a hidden temporary name in the target folder and only
then renamed into place, so a full disk, an error or Ctrl-C never leaves half a
file under the user's name, and an existing file is replaced only on request.
A temporary file that a killed run left is removed by the next write of the
same file.
"""

from __future__ import annotations

import errno
import glob
import os
import secrets
from collections.abc import Callable
from pathlib import Path


class ExportError(Exception):
    """An export file that cannot be written, in words the user can act on."""


class OutputExists(ExportError):
    """The target file is there already and replacing it was not asked for."""


def reason(error: OSError) -> str:
    """Why a write failed, in the user's words ("disk full", not "No space left on device")."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full"
    return error.strerror or str(error)


def check_target(path: Path, *, replace: bool) -> None:
    """Refuse a target that cannot be written, before any slow work is done for it."""
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    if path.exists() and not replace:
        raise OutputExists(f"{path} already exists")


def write_atomically(path: Path, write: Callable[[Path], None], *, replace: bool) -> None:
    """Let `write` fill a temporary file beside `path`, then move it to `path`."""
    check_target(path, replace=replace)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(4)}.part"
    try:
        for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
            leftover.unlink(missing_ok=True)
        # Created like any new file (the umask applies), never over an existing one.
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        write(temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            _move_without_replacing(temporary, path)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {reason(error)}") from error
    finally:
        temporary.unlink(missing_ok=True)


def _move_without_replacing(source: Path, target: Path) -> None:
    """Rename, failing if `target` appeared meanwhile (a hard link is atomic about that)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise OutputExists(f"{target} already exists") from None
    except OSError:
        # Some file systems have no hard links: fall back to a checked rename.
        if target.exists():
            raise OutputExists(f"{target} already exists") from None
        os.replace(source, target)
    else:
        source.unlink()
