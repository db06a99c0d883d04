"""`quiz make` as teachers run it: the files it writes, and refusals that leave nothing behind."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from test_make import sheet_names

from quiz.cli import EXIT_DISK_FULL, EXIT_OUTPUT, EXIT_USAGE


def run(command: list[str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, "make", *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def assert_nothing_left(parent: Path, folder: Path) -> None:
    assert not folder.exists()
    assert not [path for path in parent.iterdir() if path.name.startswith(".quiz-make-")]


def test_same_arguments_give_byte_identical_files(quiz_command, tmp_path):
    args = ("--questions", "12", "--versions", "2", "--seed", "6", "--title", "Monday quiz")
    first = run(quiz_command, *args, "-o", str(tmp_path / "a"))
    assert first.returncode == 0, first.stderr
    assert "Monday quiz: 12 questions, 2 versions (seed 6)" in first.stdout
    second = run(quiz_command, *args, "-o", str(tmp_path / "b"))
    assert second.returncode == 0, second.stderr
    written = contents(tmp_path / "a")
    expected = {
        *sheet_names(2, "pdf"),
        *sheet_names(2, "html"),
        *sheet_names(2, "md"),
        *("version-1-sheet.pdf", "version-2-sheet.pdf"),
        *("moodle-gift.txt", "moodle.xml", "canvas-qti.zip", "aiken.txt", "kahoot.xlsx"),
        *("questions.csv", "key.json", ".quiz-make.json"),
    }
    assert set(written) == expected
    assert written == contents(tmp_path / "b")
    # Items a format cannot hold are reported, not written half-way.
    assert "note: aiken.txt: left out" in first.stderr
    other = run(
        quiz_command, *args[:-2], "--title", "Monday quiz", "--seed", "5", "-o", str(tmp_path / "c")
    )
    assert other.returncode == 0, other.stderr
    assert (tmp_path / "c" / "key.json").read_bytes() != written["key.json"]


def test_default_folder_is_named_after_the_title(quiz_command, tmp_path):
    result = run(
        quiz_command, "--deck", "who-said-it", "--questions", "5", "--format", "json", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    key = json.loads((tmp_path / "who-said-it" / "key.json").read_text(encoding="utf-8"))
    assert key["title"] == "Who said it?"
    assert key["request"]["decks"] == ["who-said-it"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--questions", "999"), "asked for 999 questions, but the decks hold only"),
        (("--tags", "atlantis"), "unknown tag atlantis"),
        (("--deck", "nowhere"), "no deck named 'nowhere'"),
        (("--questions", "5", "--pool", "3"), "the pool (3) must hold at least the 5 questions"),
        (("--kinds", "recall", "--format", "aiken,kahoot"), "nothing to write: no question"),
        (("--format", "pdf,docx"), "unknown format docx"),
        (("--versions", "0"), "expected a whole number of at least 1"),
        (("-o", ""), "empty path: give a file or folder name"),
    ],
)
def test_bad_requests_fail_clearly_and_write_nothing(quiz_command, tmp_path, args, message):
    folder = tmp_path / "out"
    result = run(quiz_command, "-o", str(folder), *args)
    assert result.returncode == EXIT_USAGE
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert_nothing_left(tmp_path, folder)


def test_an_output_that_cannot_be_a_folder_is_refused(quiz_command, tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine", encoding="utf-8")
    for target, message in ((blocker, "it is a file"), (blocker / "out", "does not exist")):
        result = run(quiz_command, "--questions", "3", "--format", "md", "-o", str(target))
        assert result.returncode == EXIT_OUTPUT
        assert message in result.stderr and "Traceback" not in result.stderr
    assert blocker.read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_refused(quiz_command, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run(quiz_command, "--questions", "3", "--format", "md", "-o", str(locked / "out"))
    finally:
        locked.chmod(0o700)
    assert result.returncode == EXIT_OUTPUT
    assert "cannot write to" in result.stderr and "ermission denied" in result.stderr
    assert list(locked.iterdir()) == []


def test_existing_files_are_kept_unless_forced_and_stale_versions_go(quiz_command, tmp_path):
    folder = tmp_path / "out"
    base = ("--questions", "4", "--format", "md,json", "-o", str(folder))
    assert run(quiz_command, *base, "--versions", "3").returncode == 0
    (folder / "my-notes.md").write_text("keep me", encoding="utf-8")
    before = contents(folder)
    refused = run(quiz_command, *base, "--versions", "2", "--seed", "1")
    assert refused.returncode == 2
    assert "already holds" in refused.stderr and "--force" in refused.stderr
    assert contents(folder) == before
    forced = run(quiz_command, *base, "--versions", "2", "--seed", "1", "--force")
    assert forced.returncode == 0, forced.stderr
    after = contents(folder)
    assert set(after) == {*sheet_names(2, "md"), "key.json", "my-notes.md", ".quiz-make.json"}
    assert after["my-notes.md"] == b"keep me"
    assert json.loads(after["key.json"])["request"]["seed"] == 1
    assert not [path for path in folder.iterdir() if path.name.startswith(".quiz-make-")]


def test_force_replaces_only_the_files_quiz_wrote(quiz_command, tmp_path):
    """The teacher's own `version-7.md` looks like a sheet, but quiz did not write it."""
    folder = tmp_path / "out"
    base = ("--questions", "4", "--format", "md,json", "-o", str(folder))
    assert run(quiz_command, *base, "--versions", "3").returncode == 0
    (folder / "version-7.md").write_text("my own sheet", encoding="utf-8")
    (folder / "overview.pdf").write_text("my own overview", encoding="utf-8")
    forced = run(quiz_command, *base, "--versions", "2", "--force")
    assert forced.returncode == 0, forced.stderr
    after = contents(folder)
    assert set(after) == {
        *sheet_names(2, "md"),
        *("key.json", ".quiz-make.json", "version-7.md", "overview.pdf"),
    }
    assert after["version-7.md"] == b"my own sheet" and after["overview.pdf"] == b"my own overview"
    manifest = json.loads(after[".quiz-make.json"])
    assert manifest["files"] == sorted({*sheet_names(2, "md"), "key.json"})


def test_a_bare_make_writes_a_new_folder_and_says_where(quiz_command, tmp_path):
    """In a source checkout, the title "Quiz" names the package's own folder."""
    package = tmp_path / "quiz"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    result = run(quiz_command, "--questions", "3", "--format", "md,json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [path.name for path in package.iterdir()] == ["__init__.py"]
    assert (tmp_path / "quiz-2" / "key.json").is_file()
    assert f"to {tmp_path / 'quiz-2'}:" in result.stdout
    again = run(quiz_command, "--questions", "3", "--format", "md,json", "--force", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["quiz", "quiz-2"]


@pytest.mark.parametrize(
    ("option", "maximum"), [("--versions", 100), ("--questions", 1000), ("--pool", 10_000)]
)
def test_counts_have_an_upper_bound(quiz_command, tmp_path, option, maximum):
    result = run(quiz_command, option, "100000000", "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"at most {maximum}, not 100000000" in result.stderr
    assert_nothing_left(tmp_path, tmp_path / "out")


def test_leftovers_of_a_killed_make_are_removed_by_the_next(quiz_command, tmp_path):
    (tmp_path / ".quiz-make-dead1").mkdir()  # beside a folder that was never made
    (tmp_path / ".quiz-make-dead1" / "version-1.md").write_text("half", encoding="utf-8")
    folder = tmp_path / "out"
    base = ("--questions", "3", "--format", "md", "-o", str(folder))
    assert run(quiz_command, *base).returncode == 0
    (folder / ".quiz-make-dead2").mkdir()  # incomplete: no manifest inside
    assert run(quiz_command, *base, "--force").returncode == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out"]
    assert not [path for path in folder.iterdir() if path.name.startswith(".quiz-make-")]


def test_a_full_disk_gives_the_same_message_and_code_in_make_and_export(
    tmp_path, monkeypatch, capsys
):
    from quiz.cli import main

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(Path, "write_bytes", disk_full)
        made = main(["make", "--questions", "3", "--format", "md", "-o", str(tmp_path / "out")])
    with monkeypatch.context() as patched:
        patched.setattr(zipfile.ZipFile, "write", disk_full)
        exported = main(["export", "anki", "-o", str(tmp_path / "decks.apkg")])
    assert made == exported == EXIT_DISK_FULL
    errors = capsys.readouterr().err.splitlines()
    assert [line.rsplit(": ", 1)[-1] for line in errors] == ["disk full", "disk full"]
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_make_and_export_print_their_paths_with_visible_escapes(quiz_command, tmp_path):
    """A folder or file name is the user's text, printed beside deck text: an ESC in it
    must not clear the screen."""
    from test_anki_cli import ANKI
    from test_anki_cli import run as run_quiz

    made = run(quiz_command, "--questions", "3", "--format", "md", "-o", "out\x1b[2J", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "out^[[2J: " in made.stdout
    exported = run_quiz(quiz_command, *ANKI, "-o", "deck\x1b[2J.apkg", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("deck^[[2J.apkg: ")
    assert "\x1b" not in made.stdout + made.stderr + exported.stdout + exported.stderr
