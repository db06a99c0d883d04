"""What a classroom export returns, and how its files reach the disk whole or not at all.

Each format turns a quiz into named files plus the items it had to leave out
(a kind the platform cannot hold, text over a platform's limit): those are
reported to the teacher, never cut or bent to fit. Files are byte-identical for
the same quiz, so archives carry fixed dates. All files of one `quiz make` are
written to a temporary folder first and moved into place only when every one of
them is complete.
"""

from __future__ import annotations

import io
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
from quiz.export.files import ExportError
from quiz.items import Item

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


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


def write_files(
    folder: Path, files: Mapping[str, bytes], *, replace: bool, stale: Iterable[str] = ()
) -> None:
    """Write every file into `folder` or none of them.

    Without `replace`, a file already there is an error. With it, those files are
    replaced and the `stale` names (files an earlier run may have left, such as a
    version this run does not have) are removed, so that no old sheet lingers.
    """
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"cannot write to {folder}: it is a file, not a folder")
    if folder.is_dir():
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ExportError(f"cannot write to {folder}: permission denied")
        existing = sorted(name for name in files if (folder / name).exists())
        if existing and not replace:
            shown = ", ".join(existing[:5]) + (", …" if len(existing) > 5 else "")
            raise ExportError(
                f"{folder} already holds {shown}; use --force to replace "
                f"{'them' if len(existing) > 1 else 'it'}"
            )
        staging_parent = folder  # a sibling of the final names: same file system, same rights
    else:
        staging_parent = folder.parent if str(folder.parent) else Path(".")
        if not staging_parent.is_dir():
            raise ExportError(f"cannot write to {folder}: folder {staging_parent} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=".quiz-make-", dir=staging_parent))
    except OSError as error:
        raise ExportError(f"cannot write to {folder}: {error.strerror or error}") from error
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if not folder.exists():
            staging.chmod(0o777 & ~_umask())
            os.rename(staging, folder)
            return
        for name in files:
            os.replace(staging / name, folder / name)
        if replace:
            for name in stale:
                if name not in files:
                    (folder / name).unlink(missing_ok=True)
    except OSError as error:
        raise ExportError(f"cannot write to {folder}: {error.strerror or error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def feedback(quiz: Quiz, item: Item) -> str:
    """What a platform shows after the answer: the fact, and where it comes from."""
    sources = "; ".join(map(str, quiz.citations[item.id]))
    label = "Sources" if len(quiz.citations[item.id]) > 1 else "Source"
    return " ".join(part for part in (item.explanation, f"{label}: {sources}.") if part)
