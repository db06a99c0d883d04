"""What a classroom export returns, and how its files reach the disk whole or not at all.

Each format turns a quiz into named files plus the items it had to leave out
(a kind the platform cannot hold, text over a platform's limit): those are
reported to the teacher, never cut or bent to fit. Files are byte-identical for
the same quiz, so archives carry fixed dates. All files of one `quiz make` are
written to a staging folder first and moved into place only when every one of
them is complete, with a manifest of them (`.quiz-make.json`): a later run
replaces those files and no others.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quiz.classroom import Question, Quiz
from quiz.export.files import ExportError, OutputExists, reason
from quiz.items import Item

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
# What one `quiz make` wrote into its folder, so the next run with --force replaces
# exactly those files; and the prefix of its staging folders.
MANIFEST = ".quiz-make.json"
MANIFEST_FORMAT = "quiz-make-files/1"
STAGING_PREFIX = ".quiz-make-"


@dataclass(frozen=True)
class Skipped:
    """An item a format leaves out, and why."""

    item_id: str
    kind: str
    prompt: str
    reason: str
    whole_kind: bool = False  # left out for its kind, not for something in this item


def skipped(question: Question, reason: str, *, whole_kind: bool = False) -> Skipped:
    item = question.item
    return Skipped(item.id, item.kind.value, item.prompt, reason, whole_kind)


@dataclass
class Bundle:
    """The files of one format, by name, and the items they leave out."""

    format: str
    files: dict[str, bytes] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    # Questions the platform grades more strictly than quiz (it matches typed answers
    # exactly), each with what it cannot accept: the teacher is told, not surprised.
    stricter: list[Skipped] = field(default_factory=list)


def fixed_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of the entries, in order, dated ZIP_EPOCH: the same bytes every time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def xml_comment(text: str) -> ET.Element:
    """A comment XML allows whatever the text: no "--" inside it, no "-" at its end
    (a title such as "Quiz -- part 2" would otherwise end it early, or let the rest of
    the title be read as markup)."""
    return ET.Comment(f" {re.sub('-(?=-)', '- ', text)} ")


def write_files(folder: Path, files: Mapping[str, bytes], *, replace: bool) -> None:
    """Write every file into `folder` or none of them.

    Without `replace`, a file already there is an error. With it, those files are
    replaced, and the files an earlier run listed in its manifest (MANIFEST) that
    this run does not write, such as a version it does not have, are removed: no
    old sheet lingers, and no file quiz did not write is touched. The files are
    made in a staging folder beside their final names and renamed into place;
    the manifest, written last, marks the staging folder complete, so a run
    killed midway is finished (or, if incomplete, dropped) by the next one.
    """
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"cannot write to {folder}: it is a file, not a folder")
    parent = folder.parent if str(folder.parent) else Path(".")
    try:
        _recover(parent, folder)
    except OSError as error:
        raise ExportError(f"cannot write to {folder}: {reason(error)}") from error
    if folder.is_dir():
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ExportError(f"cannot write to {folder}: permission denied")
        existing = sorted(name for name in files if (folder / name).exists())
        if existing and not replace:
            shown = ", ".join(existing[:5]) + (", …" if len(existing) > 5 else "")
            raise OutputExists(
                f"{folder} already holds {shown}; use --force to replace "
                f"{'them' if len(existing) > 1 else 'it'}"
            )
        earlier = _written(folder)
        staging_parent = folder  # a sibling of the final names: same file system, same rights
    else:
        if not parent.is_dir():
            raise ExportError(f"cannot write to {folder}: folder {parent} does not exist")
        earlier, staging_parent = [], parent
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=staging_parent))
    except OSError as error:
        raise ExportError(f"cannot write to {folder}: {reason(error)}") from error
    swapping = False
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        manifest = {
            "format": MANIFEST_FORMAT,
            "files": sorted(files),
            "replaces": sorted(set(earlier) - set(files)),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if not folder.exists():
            staging.chmod(0o777 & ~_umask())
            os.rename(staging, folder)
            return
        swapping = True
        _swap(staging, folder)
    except OSError as error:
        raise ExportError(f"cannot write to {folder}: {reason(error)}") from error
    finally:
        # Interrupted while moving files into place, the complete staging folder
        # stays: the next run finishes the move rather than leave old and new mixed.
        if not swapping or not staging.joinpath(MANIFEST).exists():
            shutil.rmtree(staging, ignore_errors=True)


def _written(folder: Path) -> list[str]:
    """The files an earlier run wrote into `folder`, by its manifest (none without one)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        names = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    # Only plain names inside the folder: a manifest never sends quiz elsewhere.
    return [name for name in names if isinstance(name, str) and Path(name).name == name]


def _swap(staging: Path, folder: Path) -> None:
    """Move a complete staging folder's files into place, remove what they replace,
    and put the manifest last; then the staging folder goes."""
    manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    for name in manifest["files"]:
        if (staging / name).exists():  # gone only if a killed swap moved it already
            os.replace(staging / name, folder / name)
    for name in manifest["replaces"]:
        (folder / name).unlink(missing_ok=True)
    os.replace(staging / MANIFEST, folder / MANIFEST)
    shutil.rmtree(staging)


def _recover(parent: Path, folder: Path) -> None:
    """Deal with what a killed run left: a staging folder beside a folder that was
    never made goes; one inside `folder` is finished if complete, else it goes."""
    for leftover in parent.glob(STAGING_PREFIX + "*"):
        if leftover.is_dir() and leftover != folder:
            shutil.rmtree(leftover)
    if folder.is_dir():
        for leftover in folder.glob(STAGING_PREFIX + "*"):
            if (leftover / MANIFEST).is_file():
                _swap(leftover, folder)
            elif leftover.is_dir():
                shutil.rmtree(leftover)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def feedback(quiz: Quiz, item: Item) -> str:
    """What a platform shows after the answer: the fact, and where it comes from."""
    sources = "; ".join(map(str, quiz.citations[item.id]))
    label = "Sources" if len(quiz.citations[item.id]) > 1 else "Source"
    return " ".join(part for part in (item.explanation, f"{label}: {sources}.") if part)
